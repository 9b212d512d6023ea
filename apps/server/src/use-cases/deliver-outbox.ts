import {
  appendAuditEvent,
  enqueueOutbox,
  type Installation,
  listDueOutbox,
  markOutboxFailed,
  markOutboxSent,
  type OutboxRecord,
} from "@countersign/db";
import type { Deps } from "../deps";

export interface DeliveryReport {
  sent: number;
  failed: number;
}

/**
 * Posts what is owed to the helpdesk (replies, notes, tags) in the order it was queued. A
 * failure leaves the message pending with backoff; the action behind it is never repeated.
 */
export async function deliverOutbox({
  deps,
  input,
}: {
  deps: Deps;
  input: { installation: Installation; actionId?: string };
}): Promise<DeliveryReport> {
  const db = deps.database.db;
  const helpdesk = deps.helpdeskFor(input.installation);
  const due = await listDueOutbox(db, input.installation.id, deps.clock(), {
    ...(input.actionId === undefined ? {} : { actionId: input.actionId }),
  });
  const report: DeliveryReport = { sent: 0, failed: 0 };
  const blockedTickets = new Set<string>();
  for (const message of due) {
    // Keep a ticket's messages in order: after one fails, the rest wait for the next round.
    if (blockedTickets.has(message.externalTicketId)) {
      continue;
    }
    const ticketId = Number(message.externalTicketId);
    try {
      if (message.kind === "reply") {
        await helpdesk.postReply(ticketId, String(message.payload.body ?? ""));
      } else if (message.kind === "note") {
        await helpdesk.postInternalNote(ticketId, String(message.payload.body ?? ""));
      } else {
        const tags = Array.isArray(message.payload.tags) ? message.payload.tags.map(String) : [];
        await helpdesk.addTags(ticketId, tags);
      }
      await markOutboxSent(db, input.installation.id, message.id, deps.clock());
      report.sent += 1;
    } catch (error) {
      blockedTickets.add(message.externalTicketId);
      const reason = error instanceof Error ? error.message : String(error);
      await markOutboxFailed(db, input.installation.id, message, reason, deps.clock());
      await appendAuditEvent(db, input.installation.id, {
        actor: "system",
        type: "outbox.failed",
        data: { outboxId: message.id, kind: message.kind, attempt: message.attempts + 1 },
      });
      report.failed += 1;
    }
  }
  return report;
}

export async function queueHelpdeskWrites(
  deps: Deps,
  installation: Installation,
  records: OutboxRecord[],
): Promise<void> {
  await enqueueOutbox(deps.database.db, installation.id, records, deps.clock());
}
