import { ValidationError } from "@countersign/shared";
import { describe, expect, it } from "vitest";
import example from "../__fixtures__/example-case.json" with { type: "json" };
import { parseCase } from "./case";
import { Decision } from "./decision";
import { decide, evaluate } from "./evaluate";
import { caseJsonSchema, decisionJsonSchema, policyJsonSchema } from "./json-schema";
import { DEFAULT_POLICY, parsePolicy, resolvePolicy } from "./policy";
import { makeCase } from "./testing";

/** A deep copy of `value` with the dotted `path` set to `to` (or removed when undefined). */
function withField(value: unknown, path: string, to: unknown): unknown {
  const copy = structuredClone(value);
  const keys = path.split(".");
  const last = keys.pop() as string;
  let node = copy as Record<string, unknown>;
  for (const key of keys) {
    node = node[key] as Record<string, unknown>;
  }
  if (to === undefined) {
    delete node[last];
  } else {
    node[last] = to;
  }
  return copy;
}

function policyError(input: unknown): string {
  const result = parsePolicy(input, "policy");
  if (result.ok) {
    throw new Error("expected a validation error");
  }
  expect(result.error).toBeInstanceOf(ValidationError);
  return result.error.issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
}

function caseError(input: unknown): string {
  const result = parseCase(input, "case");
  if (result.ok) {
    throw new Error("expected a validation error");
  }
  return result.error.issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
}

describe("policy", () => {
  it.each([undefined, null, {}])("%j resolves to the pinned defaults", (input) => {
    const result = parsePolicy(input);
    expect(result).toEqual({ ok: true, value: DEFAULT_POLICY });
  });

  it("has the pinned defaults", () => {
    expect(DEFAULT_POLICY).toMatchObject({
      returnWindowDays: 30,
      returnWindowStartsAt: "delivery",
      autoRefundLimit: 50,
      agentRefundLimit: 200,
      finalSaleTags: ["final-sale"],
      vip: { tags: ["VIP"], lifetimeSpendAbove: 1000, automate: false },
      minConfidence: 0.7,
      frustrationMaxMessages: 2,
      damagedResolution: "replace",
      cancelWindowHours: 24,
      lostParcelAfterDays: 7,
    });
  });

  it("cannot be changed by accident", () => {
    expect(() => DEFAULT_POLICY.vip.tags.push("gold")).toThrow(TypeError);
    expect(() => {
      DEFAULT_POLICY.vip.automate = true;
    }).toThrow(TypeError);
    expect(DEFAULT_POLICY.vip).toEqual({
      tags: ["VIP"],
      lifetimeSpendAbove: 1000,
      automate: false,
    });
  });

  it("merges vip key by key and replaces lists", () => {
    const resolved = resolvePolicy({ vip: { automate: true }, finalSaleTags: ["clearance"] });
    expect(resolved.vip).toEqual({ tags: ["VIP"], lifetimeSpendAbove: 1000, automate: true });
    expect(resolved.finalSaleTags).toEqual(["clearance"]);
    expect(resolvePolicy({ vip: { tags: [] } }).vip.tags).toEqual([]);
    expect(DEFAULT_POLICY.vip.automate).toBe(false);
  });

  it.each<[unknown, string]>([
    [{ returnWindow: 30 }, "policy.returnWindow: unknown key"],
    [{ vip: { tag: ["x"] } }, "policy.vip.tag: unknown key"],
    [{ returnWindowDays: "30" }, "policy.returnWindowDays:"],
    [{ returnWindowDays: 1.5 }, "policy.returnWindowDays:"],
    [{ autoRefundLimit: -1 }, "policy.autoRefundLimit:"],
    [{ returnWindowStartsAt: "shipping" }, "policy.returnWindowStartsAt:"],
    [{ minConfidence: 2 }, "policy.minConfidence:"],
    [{ finalSaleTags: "final-sale" }, "policy.finalSaleTags:"],
    [{ tagWindows: [{ tag: "sale" }] }, "policy.tagWindows.0.days:"],
    [{ autoRefundLimit: 300 }, "policy.autoRefundLimit: must not exceed agentRefundLimit (200)"],
    [[], "policy:"],
  ])("rejects %j naming the key", (input, expected) => {
    expect(policyError(input)).toContain(expected);
  });

  it("names autoRefundLimit without a prefix too", () => {
    const result = parsePolicy({ autoRefundLimit: 80, agentRefundLimit: 60 });
    expect(result.ok ? "" : result.error.message).toBe(
      "invalid policy: autoRefundLimit: must not exceed agentRefundLimit (60)",
    );
  });

  it("names the root when there is no prefix", () => {
    const result = parsePolicy("strict");
    expect(result.ok ? [] : result.error.issues.map((issue) => issue.path)).toEqual(["(root)"]);
  });

  it("keeps the default for a key given as undefined", () => {
    expect(resolvePolicy({ returnWindowDays: undefined, vip: { tags: undefined } })).toEqual(
      DEFAULT_POLICY,
    );
  });
});

describe("case", () => {
  it("accepts the documented example", () => {
    expect(parseCase(example).ok).toBe(true);
  });

  it.each<[string, string, unknown, string]>([
    [
      "an id not on the order",
      "ticket.lineItemIds",
      ["li_1", "li_9"],
      'case.ticket.lineItemIds.1: "li_9" is not a line item of order #1042',
    ],
    ["a total as a string", "order.total", "120.00", "case.order.total:"],
    ["an unknown intent", "ticket.intent", "refund_please", "case.ticket.intent:"],
    [
      "refundableQuantity above quantity",
      "order.lineItems.0.refundableQuantity",
      3,
      "case.order.lineItems.0.refundableQuantity: must not exceed quantity (2)",
    ],
    [
      "an unknown newAddress key",
      "ticket.newAddress",
      { address1: "1 Main", city: "X", zip: "1", countryCode: "IE", floor: 2 },
      "case.ticket.newAddress.floor: unknown key",
    ],
    ["a bad timestamp", "now", "yesterday", "case.now:"],
    ["confidence above 1", "ticket.confidence", 1.2, "case.ticket.confidence:"],
    ["a missing ticket", "ticket", undefined, "case.ticket:"],
  ])("rejects %s, naming the field", (_name, path, to, expected) => {
    expect(caseError(withField(example, path, to))).toContain(expected);
  });

  it("accepts a null shipment, null shipment fields and a missing lineItemIds", () => {
    const nullFields = { status: null, estimatedDeliveryAt: null, trackingUrl: null };
    const input = withField(
      withField(example, "order.shipment", nullFields),
      "ticket.lineItemIds",
      undefined,
    );
    expect(parseCase(input).ok).toBe(true);
    expect(parseCase(withField(input, "order.shipment", null)).ok).toBe(true);
  });
});

describe("decide and the documented example", () => {
  it("decides the example as documented: a return of the non-final-sale items", () => {
    const result = decide(example);
    if (!result.ok) {
      throw result.error;
    }
    expect(result.value).toMatchObject({
      action: "return",
      tier: 2,
      approval: "agent",
      amount: 60,
      currency: "USD",
      lineItems: [{ id: "li_1", quantity: 2 }],
    });
    expect(result.value.reasons.find((r) => r.rule === "return-window")).toEqual({
      rule: "return-window",
      outcome: "pass",
      detail: "27 days since delivery; window is 30",
    });
    expect(Decision.safeParse(result.value).success).toBe(true);
  });

  it("reports a bad policy before the case", () => {
    const result = decide({}, { nope: 1 });
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error.message).toContain("policy.nope: unknown key");
  });

  it("reports a bad case", () => {
    const result = decide({ ...example, now: 3 });
    expect(result.ok ? "" : result.error.message).toContain("case.now");
  });

  it("is deterministic: the same input gives the same output", () => {
    const input = makeCase({ ticket: { intent: "cancel" } });
    expect(evaluate(input)).toEqual(evaluate(structuredClone(input)));
  });

  it("accepts a resolved policy as well as overrides", () => {
    const input = makeCase();
    expect(evaluate(input, DEFAULT_POLICY)).toEqual(evaluate(input));
  });
});

describe("JSON Schema", () => {
  it("documents every policy key with its default for the settings UI", () => {
    const properties = policyJsonSchema.properties as Record<string, { default?: unknown }>;
    expect(properties.returnWindowDays?.default).toBe(30);
    expect(properties.vip?.default).toEqual(DEFAULT_POLICY.vip);
    expect(Object.keys(properties).sort()).toEqual(Object.keys(DEFAULT_POLICY).sort());
    expect(policyJsonSchema.additionalProperties).toBe(false);
  });

  it("describes the case and the decision", () => {
    expect(caseJsonSchema.required).toEqual(["now", "ticket", "customer", "order"]);
    expect(decisionJsonSchema.required).toContain("reasons");
  });
});
