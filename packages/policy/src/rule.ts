import type { Case, CaseCustomer, CaseLineItem, CaseOrder, CaseTicket } from "./case";
import type { DecisionLineItem, ReasonOutcome } from "./decision";
import type { ResolvedPolicy } from "./policy";
import type { Action, Approval } from "./taxonomy";

export type Tier = 1 | 2 | 3 | 4;

/** The decision being built, money in cents. */
export interface Draft {
  action: Action;
  tier: Tier;
  approval: Approval;
  /** Money that would move, in cents; null when none moves. */
  amountCents: number | null;
  /** Value of the goods for `exchange` / `replace`, in cents; it sets the approval. */
  valueCents: number | null;
  /** The least approval the money limits may give (a replacement always needs an agent). */
  minApproval: Approval;
  lineItems: DecisionLineItem[];
  creditBonusCents?: number;
}

/** What every rule sees: the case, the resolved policy, and the decision so far. */
export interface RuleContext {
  readonly ticket: CaseTicket;
  readonly order: CaseOrder | null;
  readonly customer: CaseCustomer | null;
  readonly policy: ResolvedPolicy;
  readonly nowMs: number;
  /** Items the ticket is about: the named ones, or every item. */
  readonly asked: readonly CaseLineItem[];
  /** Items still eligible; the window, final-sale and quantity rules narrow it. */
  eligible: CaseLineItem[];
  /** Why items were left out, one clause per item, for the decline reason. */
  excluded: string[];
  draft: Draft | null;
}

/** The result of one rule: its reason line, and possibly a (final) decision. */
export interface RuleStep {
  outcome: ReasonOutcome;
  detail: string;
  /** A new or changed decision. */
  draft?: Draft;
  /** True when this decision is final and later rules are not checked. */
  stop?: boolean;
}

/**
 * One policy rule as a When / If / Then / Else unit: `when` says whether the rule looks at
 * the case at all; `run` checks the If and returns the Then (or the Else as a pass).
 */
export interface Rule {
  /** Stable id shown in `reasons`, e.g. `return-window`. */
  readonly id: string;
  /** The policy keys the rule reads (documentation and the README's table). */
  readonly reads: readonly string[];
  when(ctx: RuleContext): boolean;
  run(ctx: RuleContext): RuleStep;
}

export function buildContext(input: Case, policy: ResolvedPolicy): RuleContext {
  const { order, ticket } = input;
  let asked: CaseLineItem[] = [];
  if (order !== null) {
    const ids = ticket.lineItemIds;
    if (ids === null || ids === undefined || ids.length === 0) {
      asked = order.lineItems;
    } else {
      const wanted = new Set(ids);
      asked = order.lineItems.filter((item) => wanted.has(item.id));
    }
  }
  return {
    ticket,
    order,
    customer: input.customer,
    policy,
    nowMs: Date.parse(input.now),
    asked,
    eligible: asked.slice(),
    excluded: [],
    draft: null,
  };
}

const APPROVAL_RANK: Record<Approval, number> = { none: 0, agent: 1, lead: 2, human: 3 };

/** The stricter of two approvals. */
export function stricter(a: Approval, b: Approval): Approval {
  return APPROVAL_RANK[a] >= APPROVAL_RANK[b] ? a : b;
}

export function approvalRank(approval: Approval): number {
  return APPROVAL_RANK[approval];
}

/** A final decision that moves nothing. */
export function settle(action: Action, tier: Tier, approval: Approval): Draft {
  return {
    action,
    tier,
    approval,
    amountCents: null,
    valueCents: null,
    minApproval: approval,
    lineItems: [],
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days between two instants: ⌊(to − from) / 24 h⌋. */
export function wholeDays(fromMs: number, toMs: number): number {
  return Math.floor((toMs - fromMs) / DAY_MS);
}

export function daysToMs(days: number): number {
  return days * DAY_MS;
}

/** "24 h", "24 h 0 min 1 s": exact enough to show why a boundary went one way. */
export function formatElapsed(ms: number): string {
  const totalSeconds = Math.floor(Math.abs(ms) / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts = [`${hours} h`];
  if (minutes > 0 || seconds > 0) {
    parts.push(`${minutes} min`);
  }
  if (seconds > 0) {
    parts.push(`${seconds} s`);
  }
  return parts.join(" ");
}

/** The date part of an ISO timestamp, for sentences. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

export function hasTag(tags: readonly string[], wanted: readonly string[]): string | null {
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    for (const candidate of wanted) {
      if (candidate.toLowerCase() === lower) {
        return tag;
      }
    }
  }
  return null;
}

/** An item's name for a sentence: its title, else its SKU, else its id. */
export function itemName(item: CaseLineItem): string {
  return item.title || item.sku || item.id;
}

/** An order's name for a sentence: "#1042", else its id. */
export function orderName(order: { name: string; id: string }): string {
  return order.name || order.id;
}
