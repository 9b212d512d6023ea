import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Action, Action as ActionEnum, evaluate, parseCase } from "@countersign/policy";
import { describe, expect, it } from "vitest";
import { buildDraftModelInput } from "../src/draft-input";
import { summariseEscalation } from "../src/escalation-summary";
import { checkFacts } from "../src/fact-check";
import { createTemplateDrafter } from "../src/template-drafter";
import { decision, draftInput, ORDER } from "./support/draft-fixtures";

const drafter = createTemplateDrafter();

describe("createTemplateDrafter", () => {
  it.each(ActionEnum.options)("drafts a fact-checked reply for %s", async (action: Action) => {
    const draft = await drafter.draft(draftInput(action));
    expect(draft.source).toBe("offline");
    expect(draft.factCheck).toEqual({ ok: true, problems: [] });
    expect(draft.text.startsWith("Hi Priya,")).toBe(true);
    expect(draft.text.endsWith("Warmly,\nThe Lumen team")).toBe(true);
  });

  it("words the decision's own amount and order", async () => {
    const refund = await drafter.draft(draftInput("refund"));
    expect(refund.text).toContain("$60.00");
    expect(refund.text).toContain("#1042");
    const decline = await drafter.draft(draftInput("decline"));
    expect(decline.text).toContain("41 days since delivery; window is 30");
    expect(decline.text).not.toMatch(/\$\d/);
    expect(decline.text).toContain("we can't accept a return for order #1042");
    const refusedRefund = await drafter.draft(
      draftInput("decline", {
        classification: { intent: "refund", flags: [], sentiment: "neutral", urgency: "normal" },
      }),
    );
    expect(refusedRefund.text).toContain("we can't refund order #1042");
    expect(refusedRefund.factCheck.ok).toBe(true);
  });

  it("gives tracking, link and ETA for an order-status reply", async () => {
    const draft = await drafter.draft(draftInput("reply"));
    expect(draft.text).toContain("1Z999AA10123456784");
    expect(draft.text).toContain("https://track.example/1Z999AA10123456784");
    expect(draft.text).toContain("Saturday 28 November");
    expect(draft.factCheck.ok).toBe(true);
  });

  it("asks for the order number when there is no order", async () => {
    const draft = await drafter.draft(draftInput("reply", { order: null }));
    expect(draft.text).toContain("order number");
  });

  it("drafts from a real policy decision", async () => {
    const example = JSON.parse(
      readFileSync(
        join(import.meta.dirname, "../../policy/__fixtures__/example-case.json"),
        "utf8",
      ),
    );
    const parsed = parseCase(example);
    if (!parsed.ok) {
      throw parsed.error;
    }
    const realDecision = evaluate(parsed.value);
    const draft = await drafter.draft(draftInput("return", { decision: realDecision }));
    expect(draft.factCheck.problems).toEqual([]);
  });
});

describe("checkFacts", () => {
  const input = draftInput("return");

  it.each([
    ["We will refund $500.00 today.", "$500.00", "amount not in the order"],
    [
      "It is about order #9999, on its way.",
      "order #9999",
      "order number is not this ticket's order",
    ],
    ["Tracking number 1Z000BB99999999999.", "1Z000BB99999999999", "tracking number"],
    ["It will arrive on 3 December.", "3 December", "date not in the order facts"],
    ["It arrives Monday.", "Monday", "day not in the order facts"],
    ["You'll have it within 3 business days.", "within 3 business days", "time frame"],
    ["Here is 20% off for the trouble.", "20% off", "discount"],
    ["See https://evil.example/pay for details.", "https://evil.example/pay", "links somewhere"],
  ])("flags %j", (text, found, reason) => {
    const check = checkFacts(text, input);
    expect(check.ok).toBe(false);
    expect(check.problems).toContainEqual({ text: found, reason: expect.stringContaining(reason) });
  });

  it.each([
    ["refund", "decline"],
    ["replacement", "return"],
    ["store credit", "refund"],
    ["cancelled", "reply"],
  ] as const)("flags a %s promise the %s decision does not make", (word, action) => {
    const text = {
      refund: "Good news: we will refund you in full.",
      replacement: "We're sending a replacement today.",
      "store credit": "We've added store credit to your account.",
      cancelled: "We've cancelled your order.",
    }[word];
    const check = checkFacts(text, draftInput(action));
    expect(check.problems.map((problem) => problem.reason).join(" ")).toContain(
      `(decision: ${action})`,
    );
  });

  it("accepts facts from the order and the decision, and promises the decision makes", () => {
    const text =
      "Once order #1042 is back, we will refund $60.00 (you paid $30.00 each). " +
      "Tracking 1Z999AA10123456784, due Saturday 28 November: https://track.example/1Z999AA10123456784";
    expect(checkFacts(text, input)).toEqual({ ok: true, problems: [] });
  });

  it("does not read a refusal as a promise", () => {
    const check = checkFacts("I'm sorry, we can't refund this order.", draftInput("decline"));
    expect(check.ok).toBe(true);
  });
});

describe("checkFacts: the brand's words to avoid", () => {
  it("flags a word or phrase the brand avoids, whole and in any case", () => {
    const input = draftInput("refund");
    const voice = { ...input.voice, wordsToAvoid: ["unfortunately", "as per", "  "] };
    const check = checkFacts(
      "Unfortunately the parcel is late. As  per our notes, we will refund $60.00.",
      { ...input, voice },
    );
    expect(check.problems).toEqual([
      { text: "Unfortunately", reason: "the brand voice avoids this word" },
      { text: "As  per", reason: "the brand voice avoids this word" },
    ]);
  });

  it("does not flag the word inside another word", () => {
    const input = draftInput("reply");
    const voice = { ...input.voice, wordsToAvoid: ["policy", "c++"] };
    expect(checkFacts("Our policymakers agree. We ship c++ books.", { ...input, voice })).toEqual({
      ok: false,
      problems: [{ text: "c++", reason: "the brand voice avoids this word" }],
    });
    expect(checkFacts("Our policymakers agree.", { ...input, voice }).ok).toBe(true);
  });
});

describe("buildDraftModelInput (data minimisation)", () => {
  it("never carries payment details, the customer's email or a pasted card number", () => {
    const sent = JSON.stringify(buildDraftModelInput(draftInput("refund")));
    expect(sent).not.toContain("4242");
    expect(sent).not.toContain("visa");
    expect(sent).not.toContain("shopify_payments");
    expect(sent).not.toContain("priya@example.com");
    expect(sent).toContain("[card number removed]");
  });

  it("leaves the address out unless the customer asked to change it", () => {
    const refund = JSON.stringify(buildDraftModelInput(draftInput("refund")));
    expect(refund).not.toContain("Elm Road");
    expect(refund).not.toContain("LS1 4AB");
    const moving = buildDraftModelInput(draftInput("update_address"));
    expect(moving.order?.shippingAddress).toEqual({
      address1: "14 Elm Road",
      address2: null,
      city: "Leeds",
      province: null,
      zip: "LS1 4AB",
      countryCode: "GB",
    });
    expect(JSON.stringify(moving)).not.toContain("+44 7700 900123");
  });

  it("keeps what the reply needs: decision, items, tracking, first name", () => {
    const sent = buildDraftModelInput(draftInput("refund"));
    expect(sent.customerFirstName).toBe("Priya");
    expect(sent.decision).toMatchObject({
      action: "refund",
      amount: 60,
      items: [{ title: "Night Cream 50ml", quantity: 2 }],
    });
    expect(sent.order?.tracking?.number).toBe(ORDER.tracking?.number);
  });
});

describe("summariseEscalation", () => {
  it("writes three lines: wants, checked, recommended", () => {
    const summary = summariseEscalation(
      draftInput("escalate", {
        decision: decision("escalate", {
          reasons: [
            {
              rule: "legal-threat",
              outcome: "applied",
              detail: "Legal or payment-dispute language",
            },
          ],
        }),
        classification: {
          intent: "refund",
          flags: ["legal_threat"],
          sentiment: "negative",
          urgency: "high",
        },
      }),
    );
    const lines = summary.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      "Wants: a refund (order #1042); legal threat; sentiment negative, urgency high.",
    );
    expect(lines[1]).toBe("Checked: legal-threat applied: Legal or payment-dispute language.");
    expect(lines[2]).toBe("Recommended: a person handles it; tier 4, approval human.");
  });

  it("names the money for a tier-3 refund", () => {
    const summary = summariseEscalation(
      draftInput("refund", {
        decision: decision("refund", { amount: 240, tier: 3, approval: "lead" }),
      }),
    );
    expect(summary.split("\n")[2]).toBe("Recommended: refund $240.00; tier 3, approval lead.");
  });
});
