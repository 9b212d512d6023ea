import { ok, type Result, type ValidationError } from "@countersign/shared";
import { type Case, parseCase } from "./case";
import type { Decision, Reason } from "./decision";
import { fromCents } from "./money";
import {
  DEFAULT_POLICY,
  type Policy,
  parsePolicy,
  type ResolvedPolicy,
  resolvePolicy,
} from "./policy";
import { buildContext, type Draft, type Rule } from "./rule";
import { RULES } from "./rules";

function toDecision(draft: Draft, currency: string | null, reasons: Reason[]): Decision {
  const decision: Decision = {
    action: draft.action,
    tier: draft.tier,
    approval: draft.approval,
    amount: draft.amountCents === null ? null : fromCents(draft.amountCents),
    currency,
    lineItems: draft.lineItems,
    reasons,
  };
  if (draft.valueCents !== null && (draft.action === "exchange" || draft.action === "replace")) {
    decision.valueAtStake = fromCents(draft.valueCents);
  }
  if (draft.creditBonusCents !== undefined && draft.amountCents !== null) {
    decision.creditBonus = fromCents(draft.creditBonusCents);
    decision.creditAmount = fromCents(draft.amountCents + draft.creditBonusCents);
  }
  return decision;
}

/**
 * Decides one case: walks the rules in order, records each one checked in `reasons`, and
 * stops at the first final decision. Expects a case that passed `parseCase`; `policy` is a
 * team's overrides (or an already resolved policy), merged over the defaults.
 */
export function evaluate(
  input: Case,
  policy?: Policy | ResolvedPolicy,
  rules: readonly Rule[] = RULES,
): Decision {
  const resolved = policy === undefined ? DEFAULT_POLICY : resolvePolicy(policy);
  const ctx = buildContext(input, resolved);
  const reasons: Reason[] = [];
  for (const rule of rules) {
    if (!rule.when(ctx)) {
      continue;
    }
    const step = rule.run(ctx);
    reasons.push({ rule: rule.id, outcome: step.outcome, detail: step.detail });
    if (step.draft !== undefined) {
      ctx.draft = step.draft;
    }
    if (step.stop === true) {
      break;
    }
  }
  const draft = ctx.draft ?? { ...FALLBACK };
  return toDecision(draft, input.order?.currency ?? null, reasons);
}

const FALLBACK: Draft = {
  action: "escalate",
  tier: 4,
  approval: "human",
  amountCents: null,
  valueCents: null,
  minApproval: "human",
  lineItems: [],
};

/** Validates a raw case and policy (as JSON gives them), then decides. */
export function decide(
  caseInput: unknown,
  policyInput?: unknown,
): Result<Decision, ValidationError> {
  const policy = parsePolicy(policyInput, "policy");
  if (!policy.ok) {
    return policy;
  }
  const parsed = parseCase(caseInput, "case");
  if (!parsed.ok) {
    return parsed;
  }
  return ok(evaluate(parsed.value, policy.value));
}
