import { z } from "zod";
import { Action, Approval } from "./taxonomy";

/** One rule the engine checked, shown to the agent as is. */
export const Reason = z.object({
  /** Stable rule id, e.g. `return-window`. */
  rule: z.string(),
  outcome: z.enum(["pass", "fail", "skip", "applied"]),
  /** A sentence for the sidebar, e.g. "27 days since delivery; window is 30". */
  detail: z.string(),
});
export type Reason = z.infer<typeof Reason>;
export type ReasonOutcome = Reason["outcome"];

/** An order line the action touches, and how many units. */
export const DecisionLineItem = z.object({
  id: z.string(),
  quantity: z.number().int().nonnegative(),
});
export type DecisionLineItem = z.infer<typeof DecisionLineItem>;

/** The recommended outcome for one ticket (design/policy.md, "Output: a decision"). */
export const Decision = z.object({
  action: Action,
  tier: z.number().int().min(1).max(4),
  approval: Approval,
  /** Money that would move (refund, credit, cancellation), in the order's currency; else null. */
  amount: z.number().nonnegative().nullable(),
  /** The order's currency; null when there is no order. */
  currency: z.string().nullable(),
  lineItems: z.array(DecisionLineItem),
  reasons: z.array(Reason),
  /** Extra: for `exchange` and `replace`, the value of the goods that set the approval. */
  valueAtStake: z.number().nonnegative().optional(),
  /** Extra: for `store_credit` with a bonus, the bonus on top of `amount`. */
  creditBonus: z.number().nonnegative().optional(),
  /** Extra: for `store_credit` with a bonus, `amount` + `creditBonus`. */
  creditAmount: z.number().nonnegative().optional(),
});
export type Decision = z.infer<typeof Decision>;
