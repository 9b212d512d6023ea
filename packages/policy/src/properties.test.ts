import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Case } from "./case";
import { Decision } from "./decision";
import { evaluate } from "./evaluate";
import { lineCents, toCents } from "./money";
import { type Policy, type ResolvedPolicy, resolvePolicy } from "./policy";
import { approvalRank } from "./rule";
import { caseArbitrary, policyArbitrary } from "./testing";

const RUNS = { numRuns: 2000 };
const withPolicy = fc.tuple(caseArbitrary, fc.option(policyArbitrary, { nil: undefined }));

function isFinalSale(tags: readonly string[], policy: ResolvedPolicy): boolean {
  const finals = policy.finalSaleTags.map((tag) => tag.toLowerCase());
  return tags.some((tag) => finals.includes(tag.toLowerCase()));
}

function isVip(input: Case, policy: ResolvedPolicy): boolean {
  const customer = input.customer;
  if (customer === null) {
    return false;
  }
  const tags = policy.vip.tags.map((tag) => tag.toLowerCase());
  if (customer.tags.some((tag) => tags.includes(tag.toLowerCase()))) {
    return true;
  }
  const above = policy.vip.lifetimeSpendAbove;
  return above !== null && toCents(customer.amountSpent) > toCents(above);
}

/** The tier-4 conditions of design/policy.md, written out independently of the rules. */
function tier4(input: Case, policy: ResolvedPolicy): boolean {
  const { flags, intent, customerMessages, confidence } = input.ticket;
  return (
    flags.includes("legal_threat") ||
    flags.includes("human_requested") ||
    intent === "wholesale" ||
    (isVip(input, policy) && !policy.vip.automate) ||
    (flags.includes("frustrated") && customerMessages > policy.frustrationMaxMessages) ||
    confidence < policy.minConfidence
  );
}

function scalePrices(input: Case, factor: number): Case {
  const order = input.order;
  if (order === null) {
    return input;
  }
  return {
    ...input,
    order: {
      ...order,
      total: (toCents(order.total) * factor) / 100,
      refundedTotal: (toCents(order.refundedTotal) * factor) / 100,
      lineItems: order.lineItems.map((line) => ({
        ...line,
        unitPrice: (toCents(line.unitPrice) * factor) / 100,
      })),
    },
  };
}

describe("invariants (property tests)", () => {
  it("generates only valid cases", () => {
    fc.assert(
      fc.property(caseArbitrary, (input) => {
        expect(Case.safeParse(input).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("always returns a decision matching the schema, with at least one reason", () => {
    fc.assert(
      fc.property(withPolicy, ([input, policy]) => {
        const decision = evaluate(input, policy);
        expect(Decision.safeParse(decision).success).toBe(true);
        expect(decision.reasons.length).toBeGreaterThan(0);
        expect(decision.currency).toBe(input.order?.currency ?? null);
      }),
      RUNS,
    );
  });

  it("amount ≤ total − refundedTotal, ≥ 0, within refundable units, no final sale unless damaged", () => {
    fc.assert(
      fc.property(withPolicy, ([input, policy]) => {
        const resolved = resolvePolicy(policy);
        const decision = evaluate(input, policy);
        const order = input.order;
        if (decision.amount === null || order === null) {
          return;
        }
        const cents = toCents(decision.amount);
        expect(cents).toBeGreaterThanOrEqual(0);
        expect(cents).toBeLessThanOrEqual(toCents(order.total) - toCents(order.refundedTotal));
        if (decision.action === "cancel") {
          return;
        }
        const damaged = input.ticket.intent === "damaged_wrong_item";
        const ids = input.ticket.lineItemIds;
        const asked = order.lineItems.filter(
          (line) => ids === null || ids === undefined || ids.length === 0 || ids.includes(line.id),
        );
        let bound = 0;
        for (const line of asked) {
          if (damaged || !isFinalSale(line.productTags, resolved)) {
            bound += lineCents(line.unitPrice, line.refundableQuantity);
          }
        }
        expect(cents).toBeLessThanOrEqual(bound);
        for (const touched of decision.lineItems) {
          const line = asked.find((candidate) => candidate.id === touched.id);
          expect(line).toBeDefined();
          expect(touched.quantity).toBeLessThanOrEqual(line?.refundableQuantity ?? 0);
          if (!damaged) {
            expect(isFinalSale(line?.productTags ?? [], resolved)).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });

  it("a tier-4 condition always yields escalate / human, whatever else the case holds", () => {
    fc.assert(
      fc.property(withPolicy, ([input, policy]) => {
        const decision = evaluate(input, policy);
        const expected = tier4(input, resolvePolicy(policy));
        if (expected) {
          expect(decision).toMatchObject({
            action: "escalate",
            approval: "human",
            tier: 4,
            amount: null,
          });
        } else {
          expect(decision.approval).not.toBe("human");
        }
      }),
      RUNS,
    );
  });

  it("a refunded or cancelled order never yields refund, return or cancel", () => {
    const closed = caseArbitrary.filter(
      (input) =>
        input.order !== null &&
        (input.order.financialStatus === "REFUNDED" || Boolean(input.order.cancelledAt)),
    );
    fc.assert(
      fc.property(closed, fc.option(policyArbitrary, { nil: undefined }), (input, policy) => {
        const decision = evaluate(input, policy);
        expect(["refund", "return", "cancel", "store_credit"]).not.toContain(decision.action);
      }),
      { numRuns: 1000 },
    );
  });

  it("raising the money never lowers the approval or the tier", () => {
    fc.assert(
      fc.property(withPolicy, fc.integer({ min: 2, max: 50 }), ([input, policy], factor) => {
        const low = evaluate(input, policy);
        const high = evaluate(scalePrices(input, factor), policy);
        expect(approvalRank(high.approval)).toBeGreaterThanOrEqual(approvalRank(low.approval));
        expect(high.tier).toBeGreaterThanOrEqual(low.tier);
      }),
      RUNS,
    );
  });

  it("escalate, reply, update_address, decline, exchange and replace carry amount null", () => {
    const noMoney = new Set([
      "escalate",
      "reply",
      "update_address",
      "decline",
      "exchange",
      "replace",
    ]);
    fc.assert(
      fc.property(withPolicy, ([input, policy]) => {
        const decision = evaluate(input, policy);
        if (noMoney.has(decision.action)) {
          expect(decision.amount).toBeNull();
        } else {
          expect(decision.amount).not.toBeNull();
        }
      }),
      RUNS,
    );
  });

  it("is pure: the same case and policy give the same decision, and the input is not changed", () => {
    fc.assert(
      fc.property(withPolicy, ([input, policy]: [Case, Policy | undefined]) => {
        const copy = structuredClone(input);
        const first = evaluate(input, policy);
        expect(input).toEqual(copy);
        expect(evaluate(copy, policy)).toEqual(first);
      }),
      { numRuns: 500 },
    );
  });
});
