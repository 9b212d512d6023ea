import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate";
import { DEFAULT_POLICY } from "./policy";
import type { Rule } from "./rule";
import { RULES } from "./rules";
import { makeCase } from "./testing";
import { reasonOf } from "./testing/helpers";

function policyKeys(): Set<string> {
  const keys = new Set<string>();
  for (const [key, value] of Object.entries(DEFAULT_POLICY)) {
    keys.add(key);
    if (key === "vip") {
      for (const inner of Object.keys(value as object)) {
        keys.add(`vip.${inner}`);
      }
    }
  }
  return keys;
}

describe("the rule list", () => {
  it("has unique ids", () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))(
    "%s reads only policy keys that exist",
    (_id, rule) => {
      const keys = policyKeys();
      for (const key of rule.reads) {
        expect(keys.has(key), key).toBe(true);
      }
    },
  );

  it("takes a new rule as one more entry in the list", () => {
    const holidayFreeze: Rule = {
      id: "holiday-freeze",
      reads: [],
      when: (ctx) => ctx.draft?.approval === "none",
      run: (ctx) => ({
        outcome: "applied",
        detail: "Holiday freeze: an agent confirms every money movement",
        draft: { ...(ctx.draft as NonNullable<typeof ctx.draft>), approval: "agent" },
      }),
    };
    const rules = [...RULES.slice(0, -1), holidayFreeze, ...RULES.slice(-1)];
    const decision = evaluate(makeCase(), undefined, rules);
    expect(decision.approval).toBe("agent");
    expect(reasonOf(decision, "holiday-freeze").outcome).toBe("applied");
    expect(evaluate(makeCase()).approval).toBe("none");
  });
});
