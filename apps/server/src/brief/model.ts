import type { Classification, Draft } from "@countersign/assistant";
import type { Case, Decision } from "@countersign/policy";
import type { CustomerView, OrderChoice, OrderSummary, OrderView } from "@countersign/shopify";
import type { AutonomyMode } from "../autonomy/modes";

/** Everything the sidebar shows for a ticket, stored whole once prepared. */
export interface BriefContent {
  ticket: {
    id: number;
    subject: string;
    requester: { name: string; email: string };
    customerMessages: number;
  };
  classification: Classification;
  customer: CustomerView | null;
  order: OrderView | null;
  recentOrders: OrderSummary[];
  orderChoice: OrderChoice;
  case: Case;
  decision: Decision;
  policyVersion: number;
  draft: Draft & { id: string };
  /** The Approve button's label, naming the action and amount. */
  approveLabel: string;
  escalationSummary: string[] | null;
  /** Milliseconds spent in each branch, and in all. */
  timings: { context: number; classification: number; draft: number; total: number };
  shopify: { calls: number; actualCost: number };
}

export type BriefView =
  | {
      status: "ready";
      preparedAt: string;
      brief: BriefContent;
      /**
       * How far Countersign goes for this ticket's intent now (the founder's settings): in
       * `shadow` it prepares and measures but does not act, so the sidebar hides its draft.
       */
      mode: AutonomyMode;
    }
  | { status: "preparing"; startedAt: string }
  | { status: "failed"; error: string };
