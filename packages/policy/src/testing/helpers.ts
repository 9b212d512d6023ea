import type { Decision, Reason } from "../decision";
import { evaluate } from "../evaluate";
import type { Policy } from "../policy";
import { type CasePatch, makeCase } from "./index";

/** Decides a patched base case (see `makeCase`). */
export function decideFor(patch: CasePatch = {}, policy?: Policy): Decision {
  return evaluate(makeCase(patch), policy);
}

/** The reason a rule left, or a failure naming the rules that did run. */
export function reasonOf(decision: Decision, rule: string): Reason {
  const found = decision.reasons.find((reason) => reason.rule === rule);
  if (found === undefined) {
    const ran = decision.reasons.map((reason) => reason.rule).join(", ");
    throw new Error(`rule "${rule}" left no reason; ran: ${ran}`);
  }
  return found;
}

/** The action, tier, approval and amount: what most table rows compare. */
export function summary(decision: Decision) {
  return {
    action: decision.action,
    tier: decision.tier,
    approval: decision.approval,
    amount: decision.amount,
  };
}
