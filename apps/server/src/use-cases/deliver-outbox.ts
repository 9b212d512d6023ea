import {
  appendAuditEvent,
  claimDueOutbox,
  enqueueOutbox,
  findInstallationById,
  type Installation,
  markOutboxFailed,
  markOutboxSent,
  type OutboxMessage,
  type OutboxRecord,
} from "@countersign/db";
import type { Deps } from "../deps";

export interface DeliveryReport {
  sent: number;
  failed: number;
}

async function send(
  deps: Deps,
  installation: Installation,
  messages: OutboxMessage[],
): Promise<DeliveryReport> {
  const db = deps.database.db;
  const helpdesk = deps.helpdeskFor(installation);
  const report: DeliveryReport = { sent: 0, failed: 0 };
  const blockedTickets = new Set<string>();
  for (const message of messages) {
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
      } else if (message.kind === "group") {
        await helpdesk.assignGroup?.(ticketId, String(message.payload.group ?? ""));
      } else {
        const tags = Array.isArray(message.payload.tags) ? message.payload.tags.map(String) : [];
        await helpdesk.addTags(ticketId, tags);
      }
      await markOutboxSent(db, installation.id, message.id, deps.clock());
      report.sent += 1;
    } catch (error) {
      blockedTickets.add(message.externalTicketId);
      const reason = error instanceof Error ? error.message : String(error);
      await markOutboxFailed(db, installation.id, message, reason, deps.clock());
      await appendAuditEvent(db, installation.id, {
        actor: "system",
        type: "outbox.failed",
        data: { outboxId: message.id, kind: message.kind, attempt: message.attempts + 1 },
      });
      report.failed += 1;
    }
  }
  return report;
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
  const due = await claimDueOutbox(deps.database.db, input.installation.id, deps.clock(), {
    ...(input.actionId === undefined ? {} : { actionId: input.actionId }),
  });
  return send(deps, input.installation, due);
}

/** The background round: every installation's due messages (run on an interval by main.ts). */
export async function drainOutbox({ deps }: { deps: Deps }): Promise<DeliveryReport> {
  const due = await claimDueOutbox(deps.database.db, null, deps.clock(), { limit: 200 });
  const report: DeliveryReport = { sent: 0, failed: 0 };
  const byInstallation = Map.groupBy(due, (message) => message.installationId);
  for (const [installationId, messages] of byInstallation) {
    const installation = await findInstallationById(deps.database.db, installationId);
    if (!installation) {
      continue;
    }
    const part = await send(deps, installation, messages);
    report.sent += part.sent;
    report.failed += part.failed;
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
