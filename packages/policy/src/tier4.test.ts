import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate";
import type { Flag, Intent } from "./taxonomy";
import { makeCase } from "./testing";
import { decideFor, reasonOf, summary } from "./testing/helpers";

const HUMAN = { action: "escalate", tier: 4, approval: "human", amount: null };

describe("tier 4: hand to a human", () => {
  it.each<[string, Flag[], Intent, string]>([
    ["legal threat", ["legal_threat"], "return", "legal-threat"],
    ["human requested", ["human_requested"], "refund", "human-requested"],
    ["wholesale intent", [], "wholesale", "wholesale"],
    ["legal threat on an info intent", ["legal_threat"], "order_status", "legal-threat"],
  ])("%s escalates to a human", (_name, flags, intent, rule) => {
    const decision = decideFor({ ticket: { flags, intent } });
    expect(summary(decision)).toEqual(HUMAN);
    expect(reasonOf(decision, rule).outcome).toBe("applied");
    expect(decision.reasons.at(-1)?.rule).toBe(rule);
    expect(decision.lineItems).toEqual([]);
  });

  it("checks tier 4 before the order: a legal threat with no order still goes to a human", () => {
    const decision = decideFor({ ticket: { flags: ["legal_threat"] }, order: null });
    expect(summary(decision)).toEqual(HUMAN);
    expect(decision.currency).toBeNull();
  });

  it("checks tier 4 before an agent-error dispute", () => {
    const decision = decideFor({ ticket: { flags: ["agent_error_dispute", "human_requested"] } });
    expect(summary(decision)).toEqual(HUMAN);
  });

  it.each<[string, string[], number, boolean]>([
    ["tag VIP", ["VIP"], 10, true],
    ["tag vip (case-insensitive)", ["vip"], 10, true],
    ["tag Vip among others", ["newsletter", "Vip"], 10, true],
    ["spend 1000.01 (above 1000)", [], 1000.01, true],
    ["spend exactly 1000", [], 1000, false],
    ["spend 999.99", [], 999.99, false],
    ["no tag, low spend", ["newsletter"], 10, false],
  ])("VIP by %s → escalated: %s", (_name, tags, amountSpent, escalated) => {
    const decision = decideFor({ customer: { tags, amountSpent } });
    expect(decision.action === "escalate").toBe(escalated);
    expect(reasonOf(decision, "vip").outcome).toBe(escalated ? "applied" : "pass");
    if (escalated) {
      expect(summary(decision)).toEqual(HUMAN);
    }
  });

  it("uses the team's VIP tags (a list replaces the default)", () => {
    const policy = { vip: { tags: ["gold"] } };
    expect(decideFor({ customer: { tags: ["VIP"] } }, policy).action).toBe("return");
    expect(decideFor({ customer: { tags: ["GOLD"] } }, policy).action).toBe("escalate");
    // vip merges key by key: the spend rule still holds
    expect(decideFor({ customer: { amountSpent: 5000 } }, policy).action).toBe("escalate");
  });

  it("turns the spend test off with lifetimeSpendAbove null", () => {
    const decision = decideFor(
      { customer: { amountSpent: 5000 } },
      { vip: { lifetimeSpendAbove: null } },
    );
    expect(decision.action).toBe("return");
  });

  it("automates VIP tickets when vip.automate is true", () => {
    const decision = decideFor({ customer: { tags: ["VIP"] } }, { vip: { automate: true } });
    expect(decision.action).toBe("return");
    expect(reasonOf(decision, "vip")).toMatchObject({ outcome: "pass" });
    expect(reasonOf(decision, "vip").detail).toContain("may be automated");
  });

  it("treats a case with no customer as not VIP", () => {
    const decision = decideFor({ customer: null });
    expect(decision.action).toBe("return");
    expect(reasonOf(decision, "vip").detail).toContain("No matching customer");
  });

  it.each<[Flag[], number, boolean]>([
    [["frustrated"], 2, false],
    [["frustrated"], 3, true],
    [["frustrated"], 0, false],
    [[], 9, false],
  ])("flags %j with %i messages → escalated: %s", (flags, customerMessages, escalated) => {
    const decision = decideFor({ ticket: { flags, customerMessages } });
    expect(decision.action === "escalate").toBe(escalated);
    expect(reasonOf(decision, "frustration").outcome).toBe(escalated ? "applied" : "pass");
  });

  it("reads frustrationMaxMessages", () => {
    const ticket = { flags: ["frustrated" as const], customerMessages: 3 };
    expect(decideFor({ ticket }, { frustrationMaxMessages: 3 }).action).toBe("return");
    expect(decideFor({ ticket }, { frustrationMaxMessages: 0 }).action).toBe("escalate");
  });

  it.each<[number, boolean]>([
    [0.69, true],
    [0.7, false],
    [0.6999, true],
    [0, true],
    [1, false],
  ])("confidence %d → escalated: %s", (confidence, escalated) => {
    const decision = decideFor({ ticket: { confidence } });
    expect(decision.action === "escalate").toBe(escalated);
    expect(reasonOf(decision, "confidence").outcome).toBe(escalated ? "applied" : "pass");
  });

  it.each<[number, string]>([
    [0.923456, "Intent confidence 0.92 (at least 0.7)"],
    [0.6999, "Intent confidence 0.6999 is below 0.7: a person reads the ticket"],
    [0.694, "Intent confidence 0.69 is below 0.7: a person reads the ticket"],
    [0.7, "Intent confidence 0.7 (at least 0.7)"],
  ])("shows confidence %d readably without hiding the side of the line", (confidence, detail) => {
    expect(reasonOf(decideFor({ ticket: { confidence } }), "confidence").detail).toBe(detail);
  });

  it("reads minConfidence", () => {
    expect(decideFor({ ticket: { confidence: 0.8 } }, { minConfidence: 0.9 }).action).toBe(
      "escalate",
    );
  });

  it("lists every tier-4 rule as a pass before the intent rules", () => {
    const decision = evaluate(makeCase());
    expect(decision.reasons.slice(0, 6).map((reason) => [reason.rule, reason.outcome])).toEqual([
      ["legal-threat", "pass"],
      ["human-requested", "pass"],
      ["wholesale", "pass"],
      ["vip", "pass"],
      ["frustration", "pass"],
      ["confidence", "pass"],
    ]);
  });

  it("falls back to a person when a custom rule list decides nothing", () => {
    const decision = evaluate(makeCase(), undefined, []);
    expect(summary(decision)).toEqual(HUMAN);
    expect(decision.reasons).toEqual([]);
  });
});
