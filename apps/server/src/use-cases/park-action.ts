import {
  type Action,
  appendAuditEvent,
  type Installation,
  transitionAction,
} from "@countersign/db";
import type { Deps } from "../deps";

/**
 * Leaves an action whose outcome the store cannot show for a person: `needs_reconcile` with
 * `error` saying what to check, and an `action.needs_person` audit event, once (compare and
 * set; one already parked is left as it is).
 */
export async function parkForPerson(
  deps: Deps,
  installation: Installation,
  action: Action,
  error: string,
): Promise<void> {
  if (action.state === "needs_reconcile") {
    return;
  }
  const db = deps.database.db;
  const parked = await transitionAction(db, installation.id, action.id, action.state, {
    state: "needs_reconcile",
    error,
  });
  if (parked) {
    await appendAuditEvent(db, installation.id, {
      ticketId: action.ticketId,
      actor: "system",
      type: "action.needs_person",
      data: { actionId: action.id, action: action.kind, from: action.state },
    });
  }
}
