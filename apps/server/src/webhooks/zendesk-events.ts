import { z } from "zod";

/** The job that prepares a ticket's brief before an agent opens it. */
export const prepareBriefJob = "prepare-brief";

/** One brief job per ticket at a time, whatever number of deliveries asked for it. */
export function prepareBriefKey(installationId: string, ticketId: number): string {
  return `brief:${installationId}:${ticketId}`;
}

const TicketId = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+$/).transform(Number),
]);
const UserId = z.union([z.number(), z.string()]).transform(String);

/**
 * The body our trigger sends (docs/zendesk.md has the JSON it is configured with):
 * `{"type": "ticket.created" | "ticket.customer_comment", "ticket_id": "{{ticket.id}}"}`.
 */
const TriggerPayload = z.object({
  type: z.enum(["ticket.created", "ticket.customer_comment"]),
  ticket_id: TicketId,
});

/** A Zendesk event subscription (`zen:event-type:ticket.*`), as far as we read it. */
const EventPayload = z.object({
  id: z.string().min(1),
  type: z.string().startsWith("zen:event-type:"),
  detail: z.object({ id: TicketId, requester_id: UserId.optional() }).loose(),
  event: z
    .object({
      comment: z
        .object({
          author: z.object({ id: UserId.optional() }).loose().optional(),
          is_public: z.boolean().optional(),
        })
        .loose()
        .optional(),
    })
    .loose()
    .optional(),
});

export type ZendeskEvent =
  | { kind: "prepare"; topic: string; ticketId: number; eventId: string | null }
  | { kind: "ignore"; topic: string; eventId: string | null };

/** Reads a delivery into what we do with it; null when the body is not one we understand. */
export function readZendeskEvent(body: unknown): ZendeskEvent | null {
  const trigger = TriggerPayload.safeParse(body);
  if (trigger.success) {
    return {
      kind: "prepare",
      topic: trigger.data.type,
      ticketId: trigger.data.ticket_id,
      eventId: null,
    };
  }
  const event = EventPayload.safeParse(body);
  if (!event.success) {
    return null;
  }
  const { id, type, detail } = event.data;
  const topic = type.slice("zen:event-type:".length);
  if (topic === "ticket.created") {
    return { kind: "prepare", topic, ticketId: detail.id, eventId: id };
  }
  if (topic === "ticket.comment_added") {
    const comment = event.data.event?.comment;
    const authorId = comment?.author?.id;
    // A new customer message makes the brief stale; agents' replies and notes do not.
    const fromCustomer =
      comment?.is_public !== false &&
      authorId !== undefined &&
      detail.requester_id !== undefined &&
      authorId === detail.requester_id;
    return fromCustomer
      ? { kind: "prepare", topic, ticketId: detail.id, eventId: id }
      : { kind: "ignore", topic, eventId: id };
  }
  return { kind: "ignore", topic, eventId: id };
}
