import { err, ok, type Result, ValidationError } from "@countersign/shared";
import { z } from "zod";
import { toValidationError } from "./issues";

const Days = z.number().int().nonnegative();
const Limit = z.number().nonnegative().finite();
const Tag = z.string().min(1);

export const WindowStart = z.enum(["delivery", "fulfillment", "order"]);
export type WindowStart = z.infer<typeof WindowStart>;

export const DamagedResolution = z.enum(["replace", "refund"]);
export type DamagedResolution = z.infer<typeof DamagedResolution>;

/** A return window for items carrying a product tag (the first matching entry wins). */
export const TagWindow = z.strictObject({ tag: Tag, days: Days });
export type TagWindow = z.infer<typeof TagWindow>;

/** Who counts as a VIP, and whether their tickets may be automated. */
export const VipPolicy = z.strictObject({
  tags: z.array(Tag),
  /** Lifetime spend strictly above this makes a VIP; null turns the spend test off. */
  lifetimeSpendAbove: Limit.nullable(),
  automate: z.boolean(),
});
export type VipPolicy = z.infer<typeof VipPolicy>;

/** A policy with every key present: the defaults merged with a team's overrides. */
export const ResolvedPolicy = z.strictObject({
  returnWindowDays: Days,
  returnWindowStartsAt: WindowStart,
  autoRefundLimit: Limit,
  agentRefundLimit: Limit,
  finalSaleTags: z.array(Tag),
  vip: VipPolicy,
  minConfidence: z.number().min(0).max(1),
  frustrationMaxMessages: z.number().int().nonnegative(),
  damagedResolution: DamagedResolution,
  cancelWindowHours: z.number().nonnegative().finite(),
  lostParcelAfterDays: z.number().nonnegative().finite(),
  /** Extra: per-product-tag return windows; empty = every item uses `returnWindowDays`. */
  tagWindows: z.array(TagWindow),
  /** Extra: a return worth less than this is refunded without sending the item back. */
  keepItemBelow: Limit.nullable(),
  /** Extra: a customer with more returns than this in 365 days is escalated to a lead. */
  serialReturnerLimit: z.number().int().nonnegative().nullable(),
  /** Extra: store credit gets this percentage on top of the refund value. */
  storeCreditBonusPercent: z.number().min(0).max(100),
});
export type ResolvedPolicy = z.infer<typeof ResolvedPolicy>;

/** The pinned defaults (design/policy.md), frozen all the way down; every extra rule is off. */
export const DEFAULT_POLICY: ResolvedPolicy = Object.freeze({
  returnWindowDays: 30,
  returnWindowStartsAt: "delivery",
  autoRefundLimit: 50,
  agentRefundLimit: 200,
  finalSaleTags: Object.freeze(["final-sale"]) as string[],
  vip: Object.freeze({
    tags: Object.freeze(["VIP"]) as string[],
    lifetimeSpendAbove: 1000,
    automate: false,
  }),
  minConfidence: 0.7,
  frustrationMaxMessages: 2,
  damagedResolution: "replace",
  cancelWindowHours: 24,
  lostParcelAfterDays: 7,
  tagWindows: Object.freeze<TagWindow[]>([]) as TagWindow[],
  keepItemBelow: null,
  serialReturnerLimit: null,
  storeCreditBonusPercent: 0,
});

function described<T extends z.ZodType>(schema: T, description: string, fallback: unknown) {
  return schema.optional().meta({ description, default: fallback });
}

/** A team's overrides: every key optional; `vip` merges key by key, lists replace. */
export const Policy = z.strictObject({
  returnWindowDays: described(Days, "Days a return or refund is accepted", 30),
  returnWindowStartsAt: described(
    WindowStart,
    "When the window starts; falls back delivery → fulfillment → order",
    "delivery",
  ),
  autoRefundLimit: described(Limit, "Money up to this may move with no human click", 50),
  agentRefundLimit: described(
    Limit,
    "Money up to this needs one agent click; above it a lead approves",
    200,
  ),
  finalSaleTags: described(
    z.array(Tag),
    "Product tags that exclude an item from returns and refunds",
    ["final-sale"],
  ),
  vip: described(
    VipPolicy.partial(),
    "Who is a VIP (tags, lifetime spend) and whether VIP tickets are automated",
    { tags: ["VIP"], lifetimeSpendAbove: 1000, automate: false },
  ),
  minConfidence: described(
    z.number().min(0).max(1),
    "Below this classifier confidence the ticket goes to a human",
    0.7,
  ),
  frustrationMaxMessages: described(
    z.number().int().nonnegative(),
    "A frustrated customer with more messages than this goes to a human",
    2,
  ),
  damagedResolution: described(
    DamagedResolution,
    "What to offer for damaged, wrong or missing items",
    "replace",
  ),
  cancelWindowHours: described(
    z.number().nonnegative().finite(),
    "Hours after the order an unfulfilled order can be cancelled",
    24,
  ),
  lostParcelAfterDays: described(
    z.number().nonnegative().finite(),
    "Days past the estimated delivery after which a parcel counts as lost",
    7,
  ),
  tagWindows: described(
    z.array(TagWindow),
    "Return windows by product tag; the first matching entry wins",
    [],
  ),
  keepItemBelow: described(
    Limit.nullable(),
    "Refund without a return when the return is worth less than this; null = off",
    null,
  ),
  serialReturnerLimit: described(
    z.number().int().nonnegative().nullable(),
    "Escalate returns from a customer with more returns than this in 365 days; null = off",
    null,
  ),
  storeCreditBonusPercent: described(
    z.number().min(0).max(100),
    "Bonus percentage added to store credit",
    0,
  ),
});
export type Policy = z.infer<typeof Policy>;

/** Merges overrides over the defaults: `vip` key by key; lists replace the default list. */
export function resolvePolicy(
  overrides: Policy = {},
  base: ResolvedPolicy = DEFAULT_POLICY,
): ResolvedPolicy {
  const merged: ResolvedPolicy = { ...base, vip: { ...base.vip } };
  for (const [key, value] of Object.entries(overrides) as [keyof Policy, unknown][]) {
    if (value === undefined) {
      continue;
    }
    if (key === "vip") {
      merged.vip = { ...merged.vip, ...withoutUndefined(value as Partial<VipPolicy>) };
    } else {
      (merged as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Validates a team's overrides and merges them over the defaults. The error names the key
 * (prefixed with `prefix`, e.g. `policy.vip.tags`).
 */
export function parsePolicy(input: unknown, prefix = ""): Result<ResolvedPolicy, ValidationError> {
  const parsed = Policy.safeParse(input ?? {});
  if (!parsed.success) {
    return err(toValidationError("policy", parsed.error, prefix));
  }
  const resolved = resolvePolicy(parsed.data);
  if (resolved.autoRefundLimit > resolved.agentRefundLimit) {
    const path = prefix === "" ? "autoRefundLimit" : `${prefix}.autoRefundLimit`;
    const message = `must not exceed agentRefundLimit (${resolved.agentRefundLimit})`;
    return err(new ValidationError(`invalid policy: ${path}: ${message}`, [{ path, message }]));
  }
  return ok(resolved);
}
