import type { Action, Decision } from "@countersign/policy";
import type { BrandVoice, DraftInput, OrderFacts } from "../../src/draft-types";

export const VOICE: BrandVoice = {
  tone: "warm, concise, plain words",
  greeting: "Hi",
  signOff: "Warmly,\nThe Lumen team",
  wordsToUse: ["glad", "sorted"],
  wordsToAvoid: ["unfortunately", "policy"],
  exampleReplies: [
    "Hi Sam,\n\nAll sorted: your new candle is on its way.\n\nWarmly,\nThe Lumen team",
  ],
};

export const ORDER: OrderFacts = {
  name: "#1042",
  currency: "USD",
  total: 120,
  items: [
    { id: "li_1", title: "Night Cream 50ml", quantity: 2, unitPrice: 30 },
    { id: "li_2", title: "Gift Set", quantity: 1, unitPrice: 60 },
  ],
  tracking: {
    number: "1Z999AA10123456784",
    url: "https://track.example/1Z999AA10123456784",
    carrier: "UPS",
    estimatedDeliveryAt: "2026-11-28T18:00:00Z",
    status: "in_transit",
  },
  shippingAddress: {
    name: "Priya Shah",
    address1: "14 Elm Road",
    city: "Leeds",
    zip: "LS1 4AB",
    countryCode: "GB",
    phone: "+44 7700 900123",
  },
  payment: { gateway: "shopify_payments", cardBrand: "visa", cardLast4: "4242" },
  customerEmail: "priya@example.com",
};

const AMOUNTS: Partial<Record<Action, number>> = {
  refund: 60,
  return: 60,
  cancel: 120,
  store_credit: 60,
};

export function decision(action: Action, overrides: Partial<Decision> = {}): Decision {
  const escalated = action === "escalate";
  return {
    action,
    tier: escalated ? 4 : action === "decline" ? 3 : action === "reply" ? 1 : 2,
    approval: escalated ? "human" : action === "reply" ? "none" : "agent",
    amount: AMOUNTS[action] ?? null,
    currency: "USD",
    lineItems: action === "reply" || escalated ? [] : [{ id: "li_1", quantity: 2 }],
    reasons:
      action === "decline"
        ? [
            {
              rule: "return-window",
              outcome: "fail",
              detail: "41 days since delivery; window is 30",
            },
          ]
        : [
            {
              rule: "return-window",
              outcome: "pass",
              detail: "12 days since delivery; window is 30",
            },
          ],
    ...overrides,
  };
}

export function draftInput(action: Action, overrides: Partial<DraftInput> = {}): DraftInput {
  const intentByAction: Partial<Record<Action, DraftInput["classification"]["intent"]>> = {
    refund: "refund",
    return: "return",
    replace: "damaged_wrong_item",
    exchange: "exchange",
    store_credit: "return",
    update_address: "address_change",
    cancel: "cancel",
    decline: "return",
    escalate: "refund",
    reply: "order_status",
  };
  return {
    decision: decision(action),
    order: ORDER,
    customerFirstName: "Priya",
    classification: {
      intent: intentByAction[action] ?? "other",
      flags: [],
      sentiment: "neutral",
      urgency: "normal",
    },
    voice: VOICE,
    customerMessage: "Hi, about order #1042. My card is 4242 4242 4242 4242 if you need it.",
    ...overrides,
  };
}
