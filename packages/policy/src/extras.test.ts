import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "./policy";
import { daysBefore, item } from "./testing";
import { decideFor, reasonOf, summary } from "./testing/helpers";

describe("extra rules are off by default", () => {
  it("the defaults carry no tag windows, keep-item, serial-returner limit or bonus", () => {
    expect(DEFAULT_POLICY).toMatchObject({
      tagWindows: [],
      keepItemBelow: null,
      serialReturnerLimit: null,
      storeCreditBonusPercent: 0,
    });
    const decision = decideFor({
      ticket: { requested: "store_credit" },
      customer: { returnsLast365Days: 50 },
    });
    const rules = decision.reasons.map((reason) => reason.rule);
    expect(rules).not.toContain("serial-returner");
    expect(rules).not.toContain("keep-item");
    expect(rules).not.toContain("store-credit-bonus");
    expect(decision).not.toHaveProperty("creditBonus");
  });
});

describe("per-product-tag windows", () => {
  const order = {
    deliveredAt: daysBefore(20),
    lineItems: [
      item("tee", 2000, { title: "Sale Tee", productTags: ["Sale"] }),
      item("mug", 1000, { title: "Mug" }),
      item("coat", 9000, { title: "New Coat", productTags: ["new"] }),
    ],
    total: 120,
  };
  const policy = {
    tagWindows: [
      { tag: "sale", days: 14 },
      { tag: "new", days: 60 },
    ],
  };

  it("leaves out items outside their tag's window and names them", () => {
    const decision = decideFor({ order }, policy);
    expect(decision.lineItems.map((line) => line.id)).toEqual(["mug", "coat"]);
    expect(decision.amount).toBe(100);
    const reason = reasonOf(decision, "return-window");
    expect(reason.outcome).toBe("fail");
    expect(reason.detail).toContain('Sale Tee has a 14-day window (tag "sale")');
    expect(reason.detail).toContain("outside: Sale Tee");
  });

  it("lets a longer tag window keep an item in after the default window", () => {
    const decision = decideFor({ order: { ...order, deliveredAt: daysBefore(45) } }, policy);
    expect(decision.lineItems.map((line) => line.id)).toEqual(["coat"]);
    expect(decision.amount).toBe(90);
  });

  it("uses the first matching entry", () => {
    const both = {
      ...order,
      lineItems: [item("x", 1000, { productTags: ["new", "sale"] })],
      total: 10,
    };
    expect(decideFor({ order: both }, policy).action).toBe("decline");
  });
});

describe("keep-item threshold", () => {
  it.each<[number, string, string]>([
    [1999, "refund", "applied"],
    [2000, "return", "pass"],
    [2500, "return", "pass"],
  ])("a return of %i cents with threshold 20.00 → %s", (cents, action, outcome) => {
    const decision = decideFor(
      { order: { lineItems: [item("a", cents)], total: cents / 100 } },
      { keepItemBelow: 20 },
    );
    expect(decision.action).toBe(action);
    expect(decision.amount).toBe(cents / 100);
    expect(reasonOf(decision, "keep-item").outcome).toBe(outcome);
  });

  it("does not touch a refund, exchange or store credit", () => {
    for (const [intent, requested, action] of [
      ["refund", null, "refund"],
      ["exchange", null, "exchange"],
      ["return", "store_credit", "store_credit"],
    ] as const) {
      const decision = decideFor({ ticket: { intent, requested } }, { keepItemBelow: 100 });
      expect(decision.action).toBe(action);
    }
  });
});

describe("serial-returner limit", () => {
  it.each<[number, boolean]>([
    [3, false],
    [4, true],
  ])("%i returns in 365 days with limit 3 → escalated: %s", (returnsLast365Days, escalated) => {
    const decision = decideFor({ customer: { returnsLast365Days } }, { serialReturnerLimit: 3 });
    if (escalated) {
      expect(summary(decision)).toEqual({
        action: "escalate",
        tier: 3,
        approval: "lead",
        amount: null,
      });
      expect(reasonOf(decision, "serial-returner").detail).toContain("4 returns");
    } else {
      expect(decision.action).toBe("return");
      expect(reasonOf(decision, "serial-returner").outcome).toBe("pass");
    }
  });

  it("treats an unknown customer as having no returns", () => {
    const decision = decideFor({ customer: null }, { serialReturnerLimit: 0 });
    expect(decision.action).toBe("return");
  });

  it("only looks at returns, refunds and exchanges", () => {
    const decision = decideFor(
      { ticket: { intent: "damaged_wrong_item" }, customer: { returnsLast365Days: 9 } },
      { serialReturnerLimit: 1 },
    );
    expect(decision.action).toBe("replace");
  });
});

describe("store credit bonus", () => {
  it("adds the bonus on top; the amount stays the refund value", () => {
    const decision = decideFor(
      { ticket: { requested: "store_credit" } },
      { storeCreditBonusPercent: 10 },
    );
    expect(summary(decision)).toEqual({
      action: "store_credit",
      tier: 2,
      approval: "none",
      amount: 30,
    });
    expect(decision.creditBonus).toBe(3);
    expect(decision.creditAmount).toBe(33);
    expect(reasonOf(decision, "store-credit-bonus").detail).toContain("33.00 USD");
  });

  it("rounds the bonus to cents", () => {
    const decision = decideFor(
      {
        ticket: { requested: "store_credit" },
        order: { lineItems: [item("a", 3333)], total: 33.33 },
      },
      { storeCreditBonusPercent: 15 },
    );
    expect(decision.creditBonus).toBe(5);
    expect(decision.creditAmount).toBe(38.33);
  });

  it("sets the approval from the amount, not the credit with bonus", () => {
    const decision = decideFor(
      {
        ticket: { requested: "store_credit" },
        order: { lineItems: [item("a", 5000)], total: 50 },
      },
      { storeCreditBonusPercent: 20 },
    );
    expect(decision.approval).toBe("none");
    expect(decision.creditAmount).toBe(60);
  });
});
