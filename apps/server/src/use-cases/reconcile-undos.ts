import {
  appendAuditEvent,
  externalTicketIds,
  findInstallationById,
  listStaleActions,
  transitionAction,
} from "@countersign/db";
import { confirmUndo, type UndoStep } from "../autonomy/undo";
import type { Deps } from "../deps";
import { queueHelpdeskWrites } from "./deliver-outbox";
import { parkForPerson } from "./park-action";
import type { ReconcileReport } from "./reconcile-actions";

const interrupted = "The reversal was interrupted; check the order in Shopify.";

/** What reviewAutopilotAction records on an undo row before it calls Shopify. */
interface UndoRequest {
  undoOf?: string;
  of?: string;
  step?: UndoStep;
}

/**
 * Settles reversals of autopilot actions left mid-way (the process stopped while Shopify was
 * called): reads the order, records whether Shopify shows the undo, tells the review queue and
 * the ticket's agents, and never sends the mutation again. A step the store cannot confirm is
 * parked for a person.
 */
export async function reconcileUndos({
  deps,
  input,
}: {
  deps: Deps;
  input: { cutoff: Date; limit: number; installationId?: string };
}): Promise<ReconcileReport> {
  const db = deps.database.db;
  const report: ReconcileReport = { checked: 0, succeeded: 0, failed: 0, unresolved: 0 };
  const stale = await listStaleActions(
    db,
    {
      states: ["recorded", "running"],
      kinds: ["undo"],
      ...(input.installationId ? { installationId: input.installationId } : {}),
    },
    input.cutoff,
    input.limit,
  );
  for (const undo of stale) {
    report.checked += 1;
    const installation = await findInstallationById(db, undo.installationId);
    const request = undo.request as UndoRequest;
    if (!installation) {
      report.unresolved += 1;
      continue;
    }
    if (!request.step || !request.undoOf) {
      report.unresolved += 1;
      await parkForPerson(deps, installation, undo, interrupted);
      continue;
    }
    let outcome: Awaited<ReturnType<typeof confirmUndo>>;
    try {
      outcome = await confirmUndo(deps, installation, request.step);
    } catch (error) {
      deps.logger.warn("reconciliation could not read the order of a reversal", {
        actionId: undo.id,
        error: error instanceof Error ? error.message : String(error),
      });
      report.unresolved += 1;
      continue;
    }
    if (!outcome) {
      report.unresolved += 1;
      await parkForPerson(deps, installation, undo, interrupted);
      continue;
    }
    const failed = outcome.state === "failed";
    const settled = await transitionAction(db, installation.id, undo.id, undo.state, {
      state: failed ? "failed" : "succeeded",
      result: { ...outcome, reconciled: true },
      error: failed ? outcome.message : null,
    });
    if (!settled) {
      // The reversal itself, or another worker, recorded the outcome first.
      continue;
    }
    report[failed ? "failed" : "succeeded"] += 1;
    await appendAuditEvent(db, installation.id, {
      ticketId: undo.ticketId,
      actor: "system",
      type: "autopilot.undo",
      data: {
        actionId: request.undoOf,
        undoId: undo.id,
        action: request.of ?? null,
        step: request.step.kind,
        state: outcome.state,
        mutation: outcome.mutation,
        message: outcome.message,
        reconciled: true,
      },
    });
    const external = undo.ticketId
      ? (await externalTicketIds(db, installation.id, [undo.ticketId])).get(undo.ticketId)
      : undefined;
    if (external) {
      await queueHelpdeskWrites(deps, installation, [
        {
          actionId: undo.id,
          externalTicketId: external,
          kind: "note",
          payload: {
            body: `Countersign: reversing the autopilot ${request.of ?? "action"} on this ticket was interrupted. ${outcome.message}`,
          },
        },
      ]);
    }
  }
  return report;
}
