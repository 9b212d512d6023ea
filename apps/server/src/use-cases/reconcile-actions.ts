import {
  type Action,
  appendAuditEvent,
  findInstallationById,
  type Installation,
  listOutboxOfAction,
  listStaleActions,
  transitionAction,
} from "@countersign/db";
import type { Decision, NewAddress } from "@countersign/policy";
import type { OrderView } from "@countersign/shopify";
import { actionSentence } from "../brief/outcome";
import type { Deps } from "../deps";
import { queueHelpdeskWrites } from "./deliver-outbox";
import { parkForPerson } from "./park-action";
import { reconcileUndos } from "./reconcile-undos";

/** States an approval passes through while its store call is under way or its outcome unknown. */
const unsettled: Action["state"][] = ["recorded", "running", "needs_reconcile"];

/** Kinds whose outcome the order itself shows (or that move nothing in the store). */
const verifiable = ["refund", "return", "exchange", "cancel", "update_address", "reply", "decline"];
/** Kinds the order does not show (a replacement is a new order): parked for a person. */
const unverifiable = ["replace", "store_credit"];

/** An approval this long in an unsettled state is taken as abandoned (its process stopped). */
export const reconcileAfterMs = 60_000;

export interface ReconcileReport {
  checked: number;
  succeeded: number;
  failed: number;
  /** Left for a person, or for the next round (Shopify did not answer). */
  unresolved: number;
}

/** What approveDraft records in `request` (rows from before it kept the order lack some). */
interface RecordedRequest {
  decision?: Decision;
  text?: string;
  orderId?: string | null;
  externalTicketId?: string;
  newAddress?: NewAddress | null;
}

type Verdict = "visible" | "absent" | "unverifiable";

function coversItems(
  items: Array<{ lineItemId: string | null; quantity: number }>,
  wanted: Decision["lineItems"],
): boolean {
  return wanted.every((line) => {
    const found = items
      .filter((item) => item.lineItemId === line.id)
      .reduce((sum, item) => sum + item.quantity, 0);
    return found >= line.quantity;
  });
}

/** Whether the store shows the action carried out; Shopify is the only witness we trust. */
function verdictOf(kind: string, order: OrderView, request: RecordedRequest): Verdict {
  const lines = request.decision?.lineItems ?? [];
  switch (kind) {
    case "refund": {
      // approveDraft notes every refund "Countersign: approved by agent … on ticket <id>".
      const mark = `on ticket ${request.externalTicketId ?? "?"}`;
      const ours = order.refunds.filter(
        (refund) => refund.note?.startsWith("Countersign:") && refund.note.includes(mark),
      );
      return ours.some((refund) => coversItems(refund.items, lines)) ? "visible" : "absent";
    }
    case "return":
    case "exchange": {
      const live = order.returns.filter((item) => item.status !== "canceled");
      return live.some((item) => coversItems(item.items, lines)) ? "visible" : "absent";
    }
    case "cancel":
      return order.cancelledAt === null ? "absent" : "visible";
    case "update_address": {
      const wanted = request.newAddress;
      const now = order.shippingAddress;
      if (!wanted) {
        return "unverifiable";
      }
      return now?.address1 === wanted.address1 && now?.zip === wanted.zip ? "visible" : "absent";
    }
    case "reply":
    case "decline":
      // Nothing moves in the store: what is owed is the reply.
      return "visible";
    default:
      // A replacement is a new order; the original order does not show it.
      return "unverifiable";
  }
}

async function settle(
  deps: Deps,
  installation: Installation,
  action: Action,
  verdict: Exclude<Verdict, "unverifiable">,
  request: RecordedRequest,
): Promise<boolean> {
  const db = deps.database.db;
  const settled = await transitionAction(
    db,
    installation.id,
    action.id,
    action.state,
    verdict === "visible"
      ? { state: "succeeded", result: { reconciled: true } }
      : {
          state: "failed",
          error: "Shopify does not show it: nothing was done. Prepare the brief again to retry.",
        },
  );
  if (!settled) {
    // Another worker, or the approval itself, settled it first.
    return false;
  }
  await appendAuditEvent(db, installation.id, {
    ticketId: action.ticketId,
    actor: "system",
    type: "action.reconciled",
    data: {
      actionId: action.id,
      action: action.kind,
      from: action.state,
      to: settled.state,
      evidence: verdict === "visible" ? "seen in Shopify" : "not in Shopify",
    },
  });
  const owed = await listOutboxOfAction(db, installation.id, action.id);
  if (verdict === "visible" && owed.length === 0 && request.text && request.externalTicketId) {
    const sentence = request.decision ? actionSentence(request.decision) : null;
    const externalTicketId = request.externalTicketId;
    await queueHelpdeskWrites(deps, installation, [
      { actionId: action.id, externalTicketId, kind: "reply", payload: { body: request.text } },
      {
        actionId: action.id,
        externalTicketId,
        kind: "note",
        payload: {
          body: `Countersign: ${sentence ?? "Reply sent."} Confirmed in Shopify after the approval was interrupted (${action.actor}).`,
        },
      },
      {
        actionId: action.id,
        externalTicketId,
        kind: "tags",
        payload: { tags: ["countersign", `countersign-${action.kind.replace("_", "-")}`] },
      },
    ]);
  }
  return true;
}

/**
 * Settles approvals left mid-way (the process stopped, or Shopify's answer was lost): re-reads
 * the order and marks each action succeeded when Shopify shows it, failed when it does not. It
 * never runs an action again; what Shopify cannot show (a replacement) is left for a person.
 * Interrupted reversals of autopilot actions are settled in the same round (reconcile-undos).
 */
export async function reconcileActions({
  deps,
  input = {},
}: {
  deps: Deps;
  /** `installationId` limits the round to one tenant. */
  input?: { olderThanMs?: number; limit?: number; installationId?: string };
}): Promise<ReconcileReport> {
  const db = deps.database.db;
  const cutoff = new Date(deps.clock().getTime() - (input.olderThanMs ?? reconcileAfterMs));
  const limit = input.limit ?? 50;
  const scope = input.installationId ? { installationId: input.installationId } : {};
  const stale = [
    ...(await listStaleActions(
      db,
      { states: unsettled, kinds: verifiable, ...scope },
      cutoff,
      limit,
    )),
    // Parked ones (needs_reconcile) are not listed again: they wait for a person.
    ...(await listStaleActions(
      db,
      { states: ["recorded", "running"], kinds: unverifiable, ...scope },
      cutoff,
      limit,
    )),
  ];
  const report: ReconcileReport = { checked: 0, succeeded: 0, failed: 0, unresolved: 0 };
  for (const action of stale) {
    report.checked += 1;
    const installation = await findInstallationById(db, action.installationId);
    const request = action.request as RecordedRequest;
    if (!installation) {
      report.unresolved += 1;
      continue;
    }
    let verdict: Verdict;
    if (action.kind === "reply" || action.kind === "decline") {
      verdict = "visible";
    } else if (unverifiable.includes(action.kind) || !request.orderId) {
      verdict = "unverifiable";
    } else {
      try {
        const order = await deps.commerceFor(installation).getOrder(request.orderId);
        verdict = verdictOf(action.kind, order.view, request);
      } catch (error) {
        deps.logger.warn("reconciliation could not read the order", {
          actionId: action.id,
          error: error instanceof Error ? error.message : String(error),
        });
        report.unresolved += 1;
        continue;
      }
    }
    if (verdict === "unverifiable") {
      report.unresolved += 1;
      await parkForPerson(
        deps,
        installation,
        action,
        "The approval was interrupted; check the order in Shopify before acting again.",
      );
      continue;
    }
    if (await settle(deps, installation, action, verdict, request)) {
      report[verdict === "visible" ? "succeeded" : "failed"] += 1;
    }
  }
  // Reversals of autopilot actions left mid-way, settled the same way.
  const undos = await reconcileUndos({
    deps,
    input: { cutoff, limit, ...scope },
  });
  return {
    checked: report.checked + undos.checked,
    succeeded: report.succeeded + undos.succeeded,
    failed: report.failed + undos.failed,
    unresolved: report.unresolved + undos.unresolved,
  };
}
