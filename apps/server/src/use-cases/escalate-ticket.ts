import {
  appendAuditEvent,
  findTicketWithLatestBrief,
  type Installation,
  recordAction,
  updateActionState,
} from "@countersign/db";
import { NotFoundError } from "@countersign/shared";
import type { BriefContent } from "../brief/model";
import type { Agent, Deps } from "../deps";
import { deliverOutbox, queueHelpdeskWrites } from "./deliver-outbox";

export interface EscalateInput {
  installation: Installation;
  agent: Agent;
  ticketId: number;
  /** The agent's own words for whoever takes over, if any. */
  note?: string | undefined;
  /** The group to hand the ticket to (the installation's escalation group setting). */
  group?: string | undefined;
}

/**
 * Hands the ticket to a person: an internal note with the escalation summary (what the
 * customer wants, what was checked, what is recommended) and a tag, once per brief.
 */
export async function escalateTicket({
  deps,
  input,
}: {
  deps: Deps;
  input: EscalateInput;
}): Promise<{ message: string }> {
  const db = deps.database.db;
  const found = await findTicketWithLatestBrief(db, input.installation.id, String(input.ticketId));
  const ticket = found?.ticket ?? null;
  const brief = found?.brief ?? null;
  const content = brief?.content as unknown as BriefContent | undefined;
  if (!ticket || !brief || !content) {
    throw new NotFoundError("There is no brief for this ticket yet.");
  }
  const summary = content.escalationSummary ?? [
    `Customer wants: ${content.classification.intent.replace("_", " ")}.`,
    `Checked: ${content.decision.reasons.map((reason) => reason.detail).join("; ")}.`,
    `Recommended: ${content.decision.action}.`,
  ];
  const { action, created } = await recordAction(db, input.installation.id, {
    ticketId: ticket.id,
    draftId: content.draft.id,
    idempotencyKey: `escalate:${brief.id}`,
    kind: "escalate",
    actor: `agent:${input.agent.id}`,
    request: { note: input.note ?? null, group: input.group ?? null },
  });
  if (created) {
    const body = [
      `Countersign escalation by ${input.agent.name ?? `agent ${input.agent.id}`}:`,
      ...summary,
      ...(input.note ? [`Agent's note: ${input.note}`] : []),
    ].join("\n");
    await queueHelpdeskWrites(deps, input.installation, [
      {
        actionId: action.id,
        externalTicketId: String(input.ticketId),
        kind: "note",
        payload: { body },
      },
      {
        actionId: action.id,
        externalTicketId: String(input.ticketId),
        kind: "tags",
        payload: { tags: ["countersign-escalated"] },
      },
      ...(input.group
        ? [
            {
              actionId: action.id,
              externalTicketId: String(input.ticketId),
              kind: "group" as const,
              payload: { group: input.group },
            },
          ]
        : []),
    ]);
    await updateActionState(db, input.installation.id, action.id, { state: "succeeded" });
    await appendAuditEvent(db, input.installation.id, {
      ticketId: ticket.id,
      actor: `agent:${input.agent.id}`,
      type: "ticket.escalated",
      data: {
        actionId: action.id,
        tier: content.decision.tier,
        flags: content.classification.flags,
      },
    });
  }
  const report = await deliverOutbox({
    deps,
    input: { installation: input.installation, actionId: action.id },
  });
  return {
    message:
      report.failed > 0
        ? "Escalated. The note is queued and will be posted as soon as the helpdesk answers."
        : "Escalated with a summary for whoever takes over.",
  };
}
