import { describe, expect, it } from "vitest";
import type { CaseOrder } from "./case";
import type { Requested } from "./taxonomy";
import { before, daysBefore, item } from "./testing";
import { decideFor, reasonOf, summary } from "./testing/helpers";

const DAY = 24 * 3_600_000;

/** An order of one item priced `cents` (total equal to it). */
function oneItem(cents: number, extra: Partial<CaseOrder> = {}): Partial<CaseOrder> {
  return { lineItems: [item("a", cents)], total: cents / 100, ...extra };
}

describe("return window", () => {
  it.each<[string, number, boolean]>([
    ["day 0", 0, true],
    ["day 29", 29 * DAY, true],
    ["day 30", 30 * DAY, true],
    ["day 30 and 23 h 59 min", 31 * DAY - 60_000, true],
    ["day 31", 31 * DAY, false],
    ["day 45", 45 * DAY, false],
  ])("%s since delivery → inside: %s", (_name, ago, inside) => {
    const decision = decideFor({
      order: {
        deliveredAt: before(ago),
        fulfilledAt: before(ago + DAY),
        createdAt: before(ago + 2 * DAY),
      },
    });
    expect(decision.action).toBe(inside ? "return" : "decline");
    expect(reasonOf(decision, "return-window").outcome).toBe(inside ? "pass" : "fail");
    if (!inside) {
      expect(summary(decision)).toEqual({
        action: "decline",
        tier: 3,
        approval: "agent",
        amount: null,
      });
      expect(reasonOf(decision, "in-policy").detail).toContain("outside its 30-day window");
    }
  });

  it("writes the days and the window in the reason", () => {
    const decision = decideFor({ order: { deliveredAt: daysBefore(27) } });
    expect(reasonOf(decision, "return-window").detail).toBe("27 days since delivery; window is 30");
  });

  it.each<[string, Partial<CaseOrder>, object, string, boolean]>([
    [
      "delivery missing → fulfillment",
      { deliveredAt: null, fulfilledAt: daysBefore(31), createdAt: daysBefore(33) },
      {},
      "31 days since fulfillment (no delivery date)",
      false,
    ],
    [
      "delivery missing → fulfillment (inside)",
      { deliveredAt: null, fulfilledAt: daysBefore(20), createdAt: daysBefore(40) },
      {},
      "20 days since fulfillment (no delivery date)",
      true,
    ],
    [
      "delivery and fulfillment missing → order",
      { deliveredAt: null, fulfilledAt: null, createdAt: daysBefore(31) },
      {},
      "31 days since the order (no delivery date)",
      false,
    ],
    [
      "nothing fulfilled: counts from the order date",
      { deliveredAt: null, fulfilledAt: null, createdAt: daysBefore(3) },
      {},
      "3 days since the order",
      true,
    ],
    [
      "starts at fulfillment even when delivered",
      { deliveredAt: daysBefore(5), fulfilledAt: daysBefore(31), createdAt: daysBefore(32) },
      { returnWindowStartsAt: "fulfillment" },
      "31 days since fulfillment",
      false,
    ],
    [
      "starts at fulfillment, none → order",
      { deliveredAt: null, fulfilledAt: null, createdAt: daysBefore(12) },
      { returnWindowStartsAt: "fulfillment" },
      "12 days since the order (no fulfillment date)",
      true,
    ],
    [
      "starts at the order",
      { deliveredAt: daysBefore(5), fulfilledAt: daysBefore(6), createdAt: daysBefore(31) },
      { returnWindowStartsAt: "order" },
      "31 days since the order",
      false,
    ],
  ])("%s", (_name, order, policy, detail, inside) => {
    const decision = decideFor({ order }, policy);
    expect(reasonOf(decision, "return-window").detail).toContain(detail);
    expect(decision.action).toBe(inside ? "return" : "decline");
  });

  it("reads returnWindowDays", () => {
    const order = { deliveredAt: daysBefore(40) };
    expect(decideFor({ order }).action).toBe("decline");
    expect(decideFor({ order }, { returnWindowDays: 45 }).action).toBe("return");
  });
});

describe("final sale and refundable quantity", () => {
  it("leaves final-sale items out and names them", () => {
    const decision = decideFor();
    expect(decision.amount).toBe(30);
    expect(decision.lineItems).toEqual([{ id: "li_1", quantity: 2 }]);
    const reason = reasonOf(decision, "final-sale");
    expect(reason.outcome).toBe("fail");
    expect(reason.detail).toContain("Gift Set");
  });

  it("matches final-sale tags case-insensitively", () => {
    const order = oneItem(2000, { lineItems: [item("a", 2000, { productTags: ["FINAL-SALE"] })] });
    expect(decideFor({ order }).action).toBe("decline");
  });

  it("declines when only final-sale items are asked about", () => {
    const decision = decideFor({ ticket: { lineItemIds: ["li_2"] } });
    expect(summary(decision)).toEqual({
      action: "decline",
      tier: 3,
      approval: "agent",
      amount: null,
    });
    expect(reasonOf(decision, "in-policy").detail).toContain("Gift Set is final sale");
  });

  it("uses the team's final-sale tags (the list replaces the default)", () => {
    const decision = decideFor({}, { finalSaleTags: ["clearance"] });
    expect(decision.amount).toBe(90);
    expect(reasonOf(decision, "final-sale").outcome).toBe("pass");
  });

  it("counts only refundable units", () => {
    const order = {
      lineItems: [item("a", 1000, { quantity: 3, refundableQuantity: 1 })],
      total: 30,
      refundedTotal: 20,
    };
    const decision = decideFor({ order });
    expect(decision.amount).toBe(10);
    expect(decision.lineItems).toEqual([{ id: "a", quantity: 1 }]);
  });

  it("declines when nothing is left to refund", () => {
    const order = {
      lineItems: [item("a", 1000, { quantity: 1, refundableQuantity: 0 })],
      total: 10,
      refundedTotal: 10,
      financialStatus: "PARTIALLY_REFUNDED",
    };
    const decision = decideFor({ order });
    expect(decision.action).toBe("decline");
    expect(reasonOf(decision, "refundable-quantity").outcome).toBe("fail");
    expect(reasonOf(decision, "in-policy").detail).toContain("nothing left to refund");
  });

  it("declines an order with no line items", () => {
    const decision = decideFor({ order: { lineItems: [], total: 0 } });
    expect(decision.action).toBe("decline");
    expect(reasonOf(decision, "in-policy").detail).toContain("no items on the order");
  });

  it("only counts the items asked about", () => {
    const order = { lineItems: [item("a", 1000), item("b", 2000), item("c", 4000)], total: 70 };
    const decision = decideFor({ order, ticket: { lineItemIds: ["b", "c"] } });
    expect(decision.amount).toBe(60);
    expect(decision.lineItems.map((line) => line.id)).toEqual(["b", "c"]);
  });

  it("treats an empty lineItemIds list as every item", () => {
    const decision = decideFor({ ticket: { lineItemIds: [] } });
    expect(decision.amount).toBe(30);
  });
});

describe("money limits", () => {
  it.each<[number, string, number]>([
    [0, "none", 2],
    [5000, "none", 2],
    [5001, "agent", 2],
    [20000, "agent", 2],
    [20001, "lead", 3],
    [99999, "lead", 3],
  ])("a return of %i cents → approval %s, tier %i", (cents, approval, tier) => {
    const decision = decideFor({ order: oneItem(cents) });
    expect(summary(decision)).toEqual({ action: "return", tier, approval, amount: cents / 100 });
  });

  it.each<[number, string]>([
    [5000, "none"],
    [5001, "agent"],
    [20000, "agent"],
    [20001, "lead"],
  ])("a refund of %i cents → approval %s", (cents, approval) => {
    const decision = decideFor({ ticket: { intent: "refund" }, order: oneItem(cents) });
    expect(decision.action).toBe("refund");
    expect(decision.approval).toBe(approval);
  });

  it("reads autoRefundLimit and agentRefundLimit", () => {
    const order = oneItem(8000);
    const policy = { autoRefundLimit: 100, agentRefundLimit: 150 };
    expect(decideFor({ order }, policy).approval).toBe("none");
    expect(decideFor({ order: oneItem(15001) }, policy).approval).toBe("lead");
  });

  it("rounds each line to cents and compares exactly (3 × 16.67 = 50.01)", () => {
    const order = {
      lineItems: [item("a", 1667, { quantity: 3, refundableQuantity: 3 })],
      total: 50.01,
    };
    const decision = decideFor({ order });
    expect(decision.amount).toBe(50.01);
    expect(decision.approval).toBe("agent");
  });

  it("sums float prices exactly (0.1 + 0.2 style)", () => {
    const order = {
      lineItems: [item("a", 10, { quantity: 1 }), item("b", 20, { quantity: 1 })],
      total: 0.3,
    };
    expect(decideFor({ order }).amount).toBe(0.3);
  });

  it("caps the amount at total − refundedTotal and sets the approval from the cap", () => {
    const order = { lineItems: [item("a", 25000)], total: 250, refundedTotal: 210 };
    const decision = decideFor({ order });
    expect(decision.amount).toBe(40);
    expect(decision.approval).toBe("none");
    expect(reasonOf(decision, "refundable-balance")).toMatchObject({ outcome: "applied" });
    expect(reasonOf(decision, "refundable-balance").detail).toContain("40.00 USD");
  });

  it("allows items priced 0 (amount 0, approval none)", () => {
    const decision = decideFor({ order: { lineItems: [item("a", 0)], total: 0 } });
    expect(summary(decision)).toEqual({ action: "return", tier: 2, approval: "none", amount: 0 });
  });

  it("carries the order's currency", () => {
    expect(decideFor({ order: { currency: "EUR" } }).currency).toBe("EUR");
  });
});

describe("the customer's ask", () => {
  it.each<["return" | "refund" | "exchange", Requested | null, string, number | null]>([
    ["return", null, "return", 30],
    ["return", "refund", "return", 30],
    ["return", "replacement", "return", 30],
    ["return", "exchange", "exchange", null],
    ["return", "store_credit", "store_credit", 30],
    ["refund", null, "refund", 30],
    ["refund", "refund", "refund", 30],
    ["refund", "exchange", "exchange", null],
    ["refund", "store_credit", "store_credit", 30],
    ["exchange", null, "exchange", null],
    ["exchange", "refund", "exchange", null],
    ["exchange", "store_credit", "store_credit", 30],
  ])("intent %s, requested %s → %s (amount %s)", (intent, requested, action, amount) => {
    const decision = decideFor({ ticket: { intent, requested } });
    expect(decision.action).toBe(action);
    expect(decision.amount).toBe(amount);
    expect(decision.tier).toBe(2);
  });

  it.each<[number, string, number]>([
    [5000, "none", 2],
    [5001, "agent", 2],
    [20000, "agent", 2],
    [20001, "lead", 3],
  ])("an exchange worth %i cents → approval %s by value at stake", (cents, approval, tier) => {
    const decision = decideFor({ ticket: { intent: "exchange" }, order: oneItem(cents) });
    expect(summary(decision)).toEqual({ action: "exchange", tier, approval, amount: null });
    expect(decision.valueAtStake).toBe(cents / 100);
  });

  it("declines an exchange outside the window", () => {
    const decision = decideFor({
      ticket: { intent: "exchange" },
      order: { deliveredAt: daysBefore(31) },
    });
    expect(summary(decision)).toEqual({
      action: "decline",
      tier: 3,
      approval: "agent",
      amount: null,
    });
  });
});
