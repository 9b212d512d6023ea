import { appendAuditEvent, type Installation, upsertTicket } from "@countersign/db";
import type { Agent, Deps } from "../deps";

export interface OpenTicketInput {
  installation: Installation;
  agent: Agent;
  ticketId: number;
}

export interface TicketSummary {
  id: number;
  subject: string;
  status: string;
  requester: { name: string; email: string };
  customerMessages: number;
  lastCustomerMessageAt: string | null;
}

/** Reads the ticket from the installation's helpdesk and records that an agent opened it. */
export async function openTicket({
  deps,
  input,
}: {
  deps: Deps;
  input: OpenTicketInput;
}): Promise<TicketSummary> {
  const ticket = await deps.helpdeskFor(input.installation).getTicket(input.ticketId);
  const fromCustomer = ticket.comments.filter((comment) => comment.author === "customer");
  const last = fromCustomer.at(-1)?.createdAt ?? null;
  const row = await upsertTicket(deps.database.db, input.installation.id, {
    externalId: String(ticket.id),
    subject: ticket.subject,
    requesterEmail: ticket.requester.email,
    requesterName: ticket.requester.name,
    customerMessages: fromCustomer.length,
    lastCustomerMessageAt: last ? new Date(last) : null,
  });
  await appendAuditEvent(deps.database.db, input.installation.id, {
    ticketId: row.id,
    actor: `agent:${input.agent.id}`,
    type: "ticket.opened",
  });
  return {
    id: ticket.id,
    subject: ticket.subject,
    status: ticket.status,
    requester: ticket.requester,
    customerMessages: fromCustomer.length,
    lastCustomerMessageAt: last,
  };
}
