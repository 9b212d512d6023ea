import { NotFoundError } from "@countersign/shared";
import type { HelpdeskClient, HelpdeskComment, HelpdeskTicket } from "../types";

export interface LocalHelpdesk extends HelpdeskClient {
  /** Every ticket, newest first, for the ticket list page. */
  listTickets(): HelpdeskTicket[];
}

export interface LocalHelpdeskOptions {
  /** Who replies and notes appear to come from. */
  agentName?: string;
  now?: () => Date;
}

/**
 * The helpdesk that `npm start` shows at `/`: tickets from the demo data, kept in memory, where
 * the product's replies, notes and tags land exactly as they would in Zendesk.
 */
export function createLocalHelpdesk(
  tickets: HelpdeskTicket[],
  options: LocalHelpdeskOptions = {},
): LocalHelpdesk {
  const byId = new Map(tickets.map((ticket) => [ticket.id, structuredClone(ticket)]));
  const now = options.now ?? (() => new Date());
  let nextCommentId =
    Math.max(0, ...tickets.flatMap((ticket) => ticket.comments.map((comment) => comment.id))) + 1;

  function find(ticketId: number): HelpdeskTicket {
    const ticket = byId.get(ticketId);
    if (!ticket) {
      throw new NotFoundError(`ticket ${ticketId} not found`);
    }
    return ticket;
  }

  function addComment(ticketId: number, body: string, isPublic: boolean): HelpdeskComment {
    const ticket = find(ticketId);
    const comment: HelpdeskComment = {
      id: nextCommentId++,
      author: "agent",
      authorName: options.agentName ?? "Countersign",
      body,
      public: isPublic,
      createdAt: now().toISOString(),
    };
    ticket.comments.push(comment);
    if (isPublic && ticket.status !== "solved") {
      ticket.status = "pending";
    }
    return structuredClone(comment);
  }

  return {
    listTickets() {
      return [...byId.values()]
        .map((ticket) => structuredClone(ticket))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
    },
    async getTicket(ticketId) {
      return structuredClone(find(ticketId));
    },
    async postReply(ticketId, body) {
      return addComment(ticketId, body, true);
    },
    async postInternalNote(ticketId, body) {
      return addComment(ticketId, body, false);
    },
    async addTags(ticketId, tags) {
      const ticket = find(ticketId);
      ticket.tags = [...new Set([...ticket.tags, ...tags])];
    },
  };
}
