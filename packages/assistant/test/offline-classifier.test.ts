import { describe, expect, it } from "vitest";
import { extractEntities } from "../src/extract";
import { classifyOffline, createOfflineClassifier } from "../src/offline-classifier";

describe("createOfflineClassifier", () => {
  it("classifies through the Classifier interface", async () => {
    const classifier = createOfflineClassifier();
    const result = await classifier.classify({
      subject: "Where is my order?",
      body: "Order #1042",
    });
    expect(result).toMatchObject({ intent: "order_status", source: "offline", flags: [] });
    expect(result.entities.orderNumbers).toEqual(["#1042"]);
  });
});

describe("confidence", () => {
  it.each([
    "hello",
    "Can you help me with something?",
    "asdf qwerty",
    "what's the weather like in Paris tomorrow",
    "I have a question",
  ])("is below the policy's 0.7 for vague or unrelated text: %j", (body) => {
    expect(classifyOffline({ body }).confidence).toBeLessThan(0.7);
  });

  it.each([
    ["Where is my order #1042? The tracking hasn't updated.", "order_status"],
    ["Please cancel my order 5531, I ordered by mistake.", "cancel"],
    ["How do I return the jeans? I'd like a return label.", "return"],
    ["I was charged twice for my order, please send an invoice", "payment_invoice"],
    ["I wanted to ask whether my order 5512 has been shipped yet, thanks", "order_status"],
  ] as const)("is at least 0.8 for a clear ask: %j", (body, intent) => {
    const result = classifyOffline({ body });
    expect(result.intent).toBe(intent);
    expect(result.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it("drops when two asks compete", () => {
    const clear = classifyOffline({ body: "I want a refund for order #1" }).confidence;
    const mixed = classifyOffline({
      body: "I want a refund for order #1, or maybe swap it for a different size, or cancel it",
    }).confidence;
    expect(mixed).toBeLessThan(clear);
  });
});

describe("intent details", () => {
  it("honours negation", () => {
    const result = classifyOffline({
      body: "I don't want to cancel, I just need to change my delivery address for order #77",
    });
    expect(result.intent).toBe("address_change");
  });

  it("corrects common typos", () => {
    expect(classifyOffline({ body: "i want a refnud for my ordr" }).intent).toBe("refund");
    expect(classifyOffline({ body: "how do I cancle my order" }).intent).toBe("cancel");
  });

  it("ignores quoted earlier messages", () => {
    const body =
      "Thanks, that's sorted then!\n\nOn Mon, 3 Nov 2026, Support wrote:\n> Your refund of $40 is on its way";
    expect(classifyOffline({ body }).intent).toBe("other");
  });

  it("reads the subject when the body is thin", () => {
    expect(classifyOffline({ subject: "Return request", body: "see above" }).intent).toBe("return");
  });
});

describe("sentiment and urgency", () => {
  it("is negative for an angry message and positive for praise", () => {
    expect(classifyOffline({ body: "This is ridiculous, the box arrived broken" }).sentiment).toBe(
      "negative",
    );
    expect(
      classifyOffline({ body: "Love the candles, they are amazing, thank you!" }).sentiment,
    ).toBe("positive");
    expect(classifyOffline({ body: "Where is my order? Thanks" }).sentiment).toBe("neutral");
  });

  it("is high for time-critical asks and legal threats, low for pre-sale questions", () => {
    expect(
      classifyOffline({ body: "I need the dress for a wedding on Saturday, where is it?" }).urgency,
    ).toBe("high");
    expect(classifyOffline({ body: "Please cancel order #4 before it ships" }).urgency).toBe(
      "high",
    );
    expect(classifyOffline({ body: "Where is my order? My solicitor is asking" }).urgency).toBe(
      "high",
    );
    expect(
      classifyOffline({ body: "Has order #5512 left yet? Need it for next week." }).urgency,
    ).toBe("high");
    expect(classifyOffline({ body: "Is the serum vegan? No rush" }).urgency).toBe("low");
    expect(classifyOffline({ body: "Where is my order #12?" }).urgency).toBe("normal");
  });
});

describe("extractEntities", () => {
  it.each([
    ["Order #1042 please", ["#1042"]],
    ["my order 1042 and order no. 2050", ["#1042", "#2050"]],
    ["order number: 88123", ["#88123"]],
    ["It's #A1001", ["#A1001"]],
    ["mi pedido 4455 no ha llegado", ["#4455"]],
    ["I paid $45.00 on 3/11", []],
  ])("finds order numbers in %j", (text, orders) => {
    expect(extractEntities(text).orderNumbers).toEqual(orders);
  });

  it("finds tracking numbers and emails, and keeps them apart from order numbers", () => {
    const found = extractEntities(
      "Tracking 1Z999AA10123456784, also RR123456789GB; tracking number: JD014600006281234567. Email me at Jo.Smith@Example.com",
    );
    expect(found.trackingNumbers).toEqual([
      "1Z999AA10123456784",
      "RR123456789GB",
      "JD014600006281234567",
    ]);
    expect(found.emails).toEqual(["jo.smith@example.com"]);
    expect(extractEntities("write to a.b-c@mail.example.co.uk.").emails).toEqual([
      "a.b-c@mail.example.co.uk",
    ]);
    expect(found.orderNumbers).toEqual([]);
  });
});

describe("detectRequested", () => {
  it.each([
    ["The mug broke. I'd like a refund rather than a replacement.", "refund"],
    ["No refund needed, just send me a new one please", "replacement"],
    ["Can I swap it for a medium?", "exchange"],
    ["Store credit is fine for me", "store_credit"],
    ["Where is my order?", null],
    ["I don't want a refund, I want a replacement", "replacement"],
  ] as const)("reads %j as %s", (body, requested) => {
    expect(classifyOffline({ body }).requested).toBe(requested);
  });
});
