import { z } from "zod";
import type { Deps } from "../deps";

/** The job that prepares a ticket's brief before an agent opens it. */
export const prepareBriefJob = "prepare-brief";

/** One brief job per ticket at a time, whatever number of deliveries asked for it. */
export function prepareBriefKey(installationId: string, ticketId: number): string {
  return `brief:${installationId}:${ticketId}`;
}

/**
 * Queues the ticket's brief; false when a job for it is already queued or running. `recovered`
 * marks a job queued again after a restart (recover-briefs), which never runs autopilot.
 */
export async function queueBriefPreparation(
  deps: Deps,
  installationId: string,
  ticketId: number,
  options: { recovered?: boolean } = {},
): Promise<boolean> {
  const jobId = await deps.queue.send(
    prepareBriefJob,
    { installationId, ticketId, ...(options.recovered ? { recovered: true } : {}) },
    { singletonKey: prepareBriefKey(installationId, ticketId) },
  );
  return jobId !== null;
}

const TicketId = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+$/).transform(Number),
]);
const UserId = z.union([z.number(), z.string()]).transform(String);

/** Trigger types that make the brief stale: prepare it (again). */
const briefTriggers = ["ticket.created", "ticket.customer_comment"] as const;
/** Trigger types that mean the agent answered: compare their reply with the shadow draft. */
const answerTriggers = ["ticket.agent_comment", "ticket.solved"] as const;

/**
 * The body our triggers send (docs/zendesk.md has the JSON they are configured with):
 * `{"type": "ticket.created" | "ticket.customer_comment" | "ticket.agent_comment" |
 * "ticket.solved", "ticket_id": "{{ticket.id}}"}`.
 */
const TriggerPayload = z.object({
  type: z.enum([...briefTriggers, ...answerTriggers]),
  ticket_id: TicketId,
});

/** A Zendesk event subscription (`zen:event-type:ticket.*`), as far as we read it. */
const EventPayload = z.object({
  id: z.string().min(1),
  type: z.string().startsWith("zen:event-type:"),
  detail: z
    .object({ id: TicketId, requester_id: UserId.optional(), status: z.unknown().optional() })
    .loose(),
  event: z
    .object({
      comment: z
        .object({
          author: z
            .object({ id: UserId.optional(), is_staff: z.boolean().optional() })
            .loose()
            .optional(),
          is_public: z.boolean().optional(),
        })
        .loose()
        .optional(),
      // `ticket.status_changed` carries the new status here ("SOLVED"); other types, an object.
      current: z.unknown().optional(),
    })
    .loose()
    .optional(),
});

/**
 * What a delivery asks of us: `prepare` the brief (a new ticket, a customer's message),
 * `compare` the agent's answer with the shadow draft (an agent's public reply, a solved
 * ticket), or nothing.
 */
export type ZendeskEvent =
  | { kind: "prepare" | "compare"; topic: string; ticketId: number; eventId: string | null }
  | { kind: "ignore"; topic: string; eventId: string | null };

function statusOf(value: unknown): string | null {
  return typeof value === "string" ? value.toLowerCase() : null;
}

/** Reads a delivery into what we do with it; null when the body is not one we understand. */
export function readZendeskEvent(body: unknown): ZendeskEvent | null {
  const trigger = TriggerPayload.safeParse(body);
  if (trigger.success) {
    const answered = (answerTriggers as readonly string[]).includes(trigger.data.type);
    return {
      kind: answered ? "compare" : "prepare",
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
    const known = authorId !== undefined && detail.requester_id !== undefined;
    // A new customer message makes the brief stale.
    if (known && comment?.is_public !== false && authorId === detail.requester_id) {
      return { kind: "prepare", topic, ticketId: detail.id, eventId: id };
    }
    // Someone else's public reply (not an end user's) is the agent answering; notes are not.
    if (
      known &&
      comment?.is_public === true &&
      authorId !== detail.requester_id &&
      comment.author?.is_staff !== false
    ) {
      return { kind: "compare", topic, ticketId: detail.id, eventId: id };
    }
    return { kind: "ignore", topic, eventId: id };
  }
  if (topic === "ticket.status_changed") {
    const status = statusOf(event.data.event?.current) ?? statusOf(detail.status);
    return status === "solved"
      ? { kind: "compare", topic, ticketId: detail.id, eventId: id }
      : { kind: "ignore", topic, eventId: id };
  }
  return { kind: "ignore", topic, eventId: id };
}
