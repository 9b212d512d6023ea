import { describe, expect, it } from "vitest";
import type { CaseOrder, CaseShipment } from "./case";
import type { Intent, Requested } from "./taxonomy";
import { before, daysBefore, item } from "./testing";
import { decideFor, reasonOf, summary } from "./testing/helpers";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const UNFULFILLED: Partial<CaseOrder> = {
  fulfilledAt: null,
  deliveredAt: null,
  fulfillmentStatus: "UNFULFILLED",
  shipment: null,
};

describe("information intents (tier 1)", () => {
  it.each<Intent>([
    "order_status",
    "product_question",
    "sizing",
    "account",
    "payment_invoice",
    "subscription",
    "complaint",
    "other",
    "order_change",
  ])("%s → reply, approval none", (intent) => {
    const decision = decideFor({ ticket: { intent } });
    expect(summary(decision)).toEqual({ action: "reply", tier: 1, approval: "none", amount: null });
    expect(reasonOf(decision, "information").outcome).toBe("applied");
  });

  it("answers an information intent with no order", () => {
    const decision = decideFor({ ticket: { intent: "product_question" }, order: null });
    expect(decision.action).toBe("reply");
    expect(decision.currency).toBeNull();
  });
});

describe("missing order", () => {
  it.each<Intent>([
    "return",
    "refund",
    "exchange",
    "cancel",
    "address_change",
    "damaged_wrong_item",
    "delivery_problem",
  ])("%s with no order → reply asking for the order number", (intent) => {
    const decision = decideFor({ ticket: { intent }, order: null });
    expect(summary(decision)).toEqual({ action: "reply", tier: 1, approval: "none", amount: null });
    expect(reasonOf(decision, "order-required").detail).toContain("order number");
  });
});

describe("agent-error dispute", () => {
  it.each<[string, Partial<CaseOrder> | null]>([
    ["with an order", {}],
    ["without an order", null],
  ])("escalates to a lead, tier 3, %s", (_name, order) => {
    const decision = decideFor({ ticket: { flags: ["agent_error_dispute"] }, order });
    expect(summary(decision)).toEqual({
      action: "escalate",
      tier: 3,
      approval: "lead",
      amount: null,
    });
  });
});

describe("already refunded or cancelled", () => {
  it.each<[Intent, Partial<CaseOrder>, string]>([
    ["return", { financialStatus: "REFUNDED", refundedTotal: 90 }, "already refunded"],
    ["refund", { financialStatus: "REFUNDED", refundedTotal: 90 }, "already refunded"],
    ["exchange", { financialStatus: "REFUNDED", refundedTotal: 90 }, "already refunded"],
    ["cancel", { financialStatus: "REFUNDED", ...UNFULFILLED }, "already refunded"],
    ["damaged_wrong_item", { financialStatus: "REFUNDED" }, "already refunded"],
    ["delivery_problem", { financialStatus: "REFUNDED" }, "already refunded"],
    ["return", { cancelledAt: daysBefore(2) }, "was cancelled"],
    ["cancel", { cancelledAt: daysBefore(2), ...UNFULFILLED }, "was cancelled"],
    ["damaged_wrong_item", { cancelledAt: daysBefore(2) }, "was cancelled"],
  ])("%s on %j → decline", (intent, order, detail) => {
    const decision = decideFor({ ticket: { intent }, order });
    expect(summary(decision)).toEqual({
      action: "decline",
      tier: 3,
      approval: "agent",
      amount: null,
    });
    expect(reasonOf(decision, "already-refunded-or-cancelled").detail).toContain(detail);
  });
});

describe("address change", () => {
  it("updates the address when nothing is fulfilled (tier 1)", () => {
    const decision = decideFor({
      ticket: {
        intent: "address_change",
        newAddress: { address1: "1 Main St", city: "Dublin", zip: "D01", countryCode: "IE" },
      },
      order: UNFULFILLED,
    });
    expect(summary(decision)).toEqual({
      action: "update_address",
      tier: 1,
      approval: "none",
      amount: null,
    });
    expect(reasonOf(decision, "address-change").detail).toContain("Dublin, IE");
  });

  it("updates the address even when the new one is not given yet", () => {
    const decision = decideFor({ ticket: { intent: "address_change" }, order: UNFULFILLED });
    expect(decision.action).toBe("update_address");
  });

  it("escalates to a lead when any item is fulfilled", () => {
    const decision = decideFor({ ticket: { intent: "address_change" } });
    expect(summary(decision)).toEqual({
      action: "escalate",
      tier: 3,
      approval: "lead",
      amount: null,
    });
  });
});

describe("cancel", () => {
  it.each<[string, number, boolean]>([
    ["1 hour", HOUR, true],
    ["exactly 24 hours", 24 * HOUR, true],
    ["24 hours and 1 second", 24 * HOUR + 1000, false],
    ["3 days", 3 * DAY, false],
  ])("placed %s ago, nothing fulfilled → cancel: %s", (_name, ago, cancels) => {
    const decision = decideFor({
      ticket: { intent: "cancel" },
      order: { ...UNFULFILLED, createdAt: before(ago) },
    });
    if (cancels) {
      expect(summary(decision)).toEqual({
        action: "cancel",
        tier: 2,
        approval: "agent",
        amount: 90,
      });
      expect(decision.lineItems).toEqual([
        { id: "li_1", quantity: 2 },
        { id: "li_2", quantity: 1 },
      ]);
    } else {
      expect(summary(decision)).toEqual({
        action: "decline",
        tier: 3,
        approval: "agent",
        amount: null,
      });
      expect(reasonOf(decision, "cancel-window").detail).toContain("return within 30 days");
    }
  });

  it("declines a fulfilled order and points to the return route", () => {
    const decision = decideFor({
      ticket: { intent: "cancel" },
      order: { createdAt: before(HOUR) },
    });
    expect(summary(decision)).toEqual({
      action: "decline",
      tier: 3,
      approval: "agent",
      amount: null,
    });
    expect(reasonOf(decision, "cancel-window").detail).toMatch(/fulfilled.*return/);
  });

  it.each<[number, number, string, number]>([
    [50, 0, "none", 2],
    [50.01, 0, "agent", 2],
    [200, 0, "agent", 2],
    [200.01, 0, "lead", 3],
    [250, 50, "agent", 2],
  ])("total %d, refunded %d → approval %s", (total, refundedTotal, approval, tier) => {
    const decision = decideFor({
      ticket: { intent: "cancel" },
      order: { ...UNFULFILLED, createdAt: before(HOUR), total, refundedTotal },
    });
    expect(summary(decision)).toEqual({
      action: "cancel",
      tier,
      approval,
      amount: Math.round((total - refundedTotal) * 100) / 100,
    });
  });

  it("reads cancelWindowHours", () => {
    const order = { ...UNFULFILLED, createdAt: before(30 * HOUR) };
    expect(decideFor({ ticket: { intent: "cancel" }, order }).action).toBe("decline");
    expect(
      decideFor({ ticket: { intent: "cancel" }, order }, { cancelWindowHours: 48 }).action,
    ).toBe("cancel");
  });
});

describe("damaged, wrong or missing items", () => {
  const outside = {
    deliveredAt: daysBefore(90),
    fulfilledAt: daysBefore(91),
    createdAt: daysBefore(92),
  };

  it.each<[Requested | null, object, string, number | null]>([
    [null, {}, "replace", null],
    [null, { damagedResolution: "refund" }, "refund", 90],
    ["refund", {}, "refund", 90],
    ["replacement", { damagedResolution: "refund" }, "replace", null],
    ["store_credit", {}, "replace", null],
    ["exchange", { damagedResolution: "refund" }, "refund", 90],
  ])("requested %s with %j → %s", (requested, policy, action, amount) => {
    const decision = decideFor({ ticket: { intent: "damaged_wrong_item", requested } }, policy);
    expect(decision.action).toBe(action);
    expect(decision.amount).toBe(amount);
    expect(decision.tier).toBe(3);
    expect(decision.approval).toBe("agent");
    if (action === "replace") {
      expect(decision.valueAtStake).toBe(90);
    }
  });

  it("ignores the return window and final-sale tags", () => {
    const decision = decideFor(
      { ticket: { intent: "damaged_wrong_item", lineItemIds: ["li_2"] }, order: outside },
      { damagedResolution: "refund" },
    );
    expect(summary(decision)).toEqual({ action: "refund", tier: 3, approval: "agent", amount: 60 });
    expect(reasonOf(decision, "return-window").outcome).toBe("skip");
    expect(reasonOf(decision, "final-sale").outcome).toBe("skip");
    expect(decision.lineItems).toEqual([{ id: "li_2", quantity: 1 }]);
  });

  it.each<[string, number, string, number]>([
    ["replace", 5000, "agent", 3],
    ["replace", 20000, "agent", 3],
    ["replace", 20001, "lead", 3],
    ["refund", 1000, "agent", 3],
    ["refund", 20000, "agent", 3],
    ["refund", 20001, "lead", 3],
  ])("%s worth %i cents → approval %s", (resolution, cents, approval, tier) => {
    const decision = decideFor(
      {
        ticket: { intent: "damaged_wrong_item" },
        order: { lineItems: [item("a", cents)], total: cents / 100 },
      },
      { damagedResolution: resolution as "replace" | "refund" },
    );
    expect(decision.approval).toBe(approval);
    expect(decision.tier).toBe(tier);
  });

  it("declines when the items asked about have nothing refundable", () => {
    const decision = decideFor({
      ticket: { intent: "damaged_wrong_item" },
      order: { lineItems: [item("a", 1000, { refundableQuantity: 0 })], total: 10 },
    });
    expect(decision.action).toBe("decline");
  });
});

describe("delivery problem", () => {
  function shipped(shipment: Partial<CaseShipment> | null): Partial<CaseOrder> {
    return {
      deliveredAt: null,
      shipment: shipment === null ? null : { trackingUrl: "https://t.example", ...shipment },
    };
  }

  it.each<[string, Partial<CaseShipment> | null, string]>([
    ["exception", { status: "exception" }, "replace"],
    ["returned to sender", { status: "returned" }, "replace"],
    ["delivered but missing", { status: "delivered" }, "replace"],
    [
      "in transit 7 days late",
      { status: "in_transit", estimatedDeliveryAt: before(7 * DAY) },
      "replace",
    ],
    [
      "in transit 6 days late",
      { status: "in_transit", estimatedDeliveryAt: before(6 * DAY) },
      "reply",
    ],
    [
      "in transit 6 days 23 h late",
      { status: "in_transit", estimatedDeliveryAt: before(7 * DAY - HOUR) },
      "reply",
    ],
    [
      "in transit, not yet due",
      { status: "in_transit", estimatedDeliveryAt: before(-2 * DAY) },
      "reply",
    ],
    ["in transit, no estimate", { status: "in_transit", estimatedDeliveryAt: null }, "reply"],
    ["out for delivery", { status: "out_for_delivery" }, "reply"],
    ["pending", { status: "pending" }, "reply"],
    ["unknown", { status: "unknown" }, "reply"],
    ["no status", { status: null }, "reply"],
    ["no shipment", null, "reply"],
  ])("%s → %s", (_name, shipment, action) => {
    const decision = decideFor({
      ticket: { intent: "delivery_problem" },
      order: shipped(shipment),
    });
    if (action === "replace") {
      expect(summary(decision)).toEqual({
        action: "replace",
        tier: 3,
        approval: "agent",
        amount: null,
      });
      expect(decision.valueAtStake).toBe(90);
      expect(decision.lineItems).toEqual([
        { id: "li_1", quantity: 2 },
        { id: "li_2", quantity: 1 },
      ]);
    } else {
      expect(summary(decision)).toEqual({
        action: "reply",
        tier: 1,
        approval: "none",
        amount: null,
      });
    }
    expect(reasonOf(decision, "lost-parcel").outcome).toBe("applied");
  });

  it("reads lostParcelAfterDays", () => {
    const order = shipped({ status: "in_transit", estimatedDeliveryAt: before(3 * DAY) });
    const ticket = { intent: "delivery_problem" as const };
    expect(decideFor({ ticket, order }).action).toBe("reply");
    expect(decideFor({ ticket, order }, { lostParcelAfterDays: 3 }).action).toBe("replace");
  });

  it("needs a lead to reship goods above the agent limit", () => {
    const decision = decideFor({
      ticket: { intent: "delivery_problem" },
      order: { ...shipped({ status: "exception" }), lineItems: [item("a", 30000)], total: 300 },
    });
    expect(summary(decision)).toEqual({
      action: "replace",
      tier: 3,
      approval: "lead",
      amount: null,
    });
  });

  it("declines when nothing is left to reship", () => {
    const decision = decideFor({
      ticket: { intent: "delivery_problem" },
      order: {
        ...shipped({ status: "exception" }),
        lineItems: [item("a", 1000, { refundableQuantity: 0 })],
        total: 10,
      },
    });
    expect(decision.action).toBe("decline");
  });
});

describe("names in reasons", () => {
  it("names an order with no name by its id, and items by title, SKU or id", () => {
    const decision = decideFor({
      ticket: { lineItemIds: ["a", "b", "c"] },
      order: {
        name: "",
        lineItems: [
          item("a", 1000, { title: "Mug" }),
          item("b", 1000, { title: "", sku: "SKU-B" }),
          item("c", 1000, { title: "", sku: null }),
        ],
        total: 30,
      },
    });
    expect(reasonOf(decision, "order-required").detail).toBe("Order ord_1");
    expect(reasonOf(decision, "already-refunded-or-cancelled").detail).toContain("Order ord_1");
    expect(reasonOf(decision, "in-policy").detail).toBe("Qualifying: Mug, SKU-B, c");
  });
});
