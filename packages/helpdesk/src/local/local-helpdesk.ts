import { NotFoundError } from "@countersign/shared";
import type { HelpdeskAgent, HelpdeskClient, HelpdeskComment, HelpdeskTicket } from "../types";

type TicketStatus = HelpdeskTicket["status"];

/**
 * What changed on a ticket, announced the way Zendesk's webhook event subscriptions announce
 * it (`zen:event-type:ticket.comment_added`, `zen:event-type:ticket.status_changed`).
 */
export type LocalHelpdeskEvent =
  | { type: "ticket.comment_added"; ticketId: number; comment: HelpdeskComment }
  | {
      type: "ticket.status_changed";
      ticketId: number;
      previous: TicketStatus;
      current: TicketStatus;
    };

export interface LocalHelpdesk extends HelpdeskClient {
  /** Every ticket, newest first, for the ticket list page. */
  listTickets(): HelpdeskTicket[];
  /** The agents who can sign in to the local helpdesk. */
  listAgents(): HelpdeskAgent[];
  /** The requester writes again on the ticket (the demo's and tests' stand-in for an email). */
  receiveCustomerMessage(ticketId: number, body: string): Promise<HelpdeskComment>;
  /** An agent sets the ticket's status, e.g. solves it. */
  setStatus(ticketId: number, status: TicketStatus): Promise<void>;
  /**
   * Calls `listener` after every comment and status change, in order, as they happen; returns
   * the function that stops it. A listener must not throw: what it throws is dropped.
   */
  subscribe(listener: (event: LocalHelpdeskEvent) => void): () => void;
}

/** A lead (admin) and a plain agent, so both sides of `lead` approvals can be tried. */
export const DEFAULT_LOCAL_AGENTS: HelpdeskAgent[] = [
  { id: "1", name: "Alex Rivera", email: "alex@example.com", role: "admin" },
  { id: "2", name: "Sam Lee", email: "sam@example.com", role: "agent" },
];

export interface LocalHelpdeskOptions {
  /** Who replies and notes appear to come from. */
  agentName?: string;
  agents?: HelpdeskAgent[];
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
  const listeners = new Set<(event: LocalHelpdeskEvent) => void>();

  function announce(event: LocalHelpdeskEvent): void {
    for (const listener of listeners) {
      try {
        listener(structuredClone(event));
      } catch {
        // A listener's failure is its own; the helpdesk has already made the change.
      }
    }
  }

  function changeStatus(ticket: HelpdeskTicket, status: TicketStatus): void {
    const previous = ticket.status;
    if (previous === status) {
      return;
    }
    ticket.status = status;
    announce({ type: "ticket.status_changed", ticketId: ticket.id, previous, current: status });
  }

  function find(ticketId: number): HelpdeskTicket {
    const ticket = byId.get(ticketId);
    if (!ticket) {
      throw new NotFoundError(`ticket ${ticketId} not found`);
    }
    return ticket;
  }

  function addComment(
    ticketId: number,
    body: string,
    isPublic: boolean,
    author: HelpdeskComment["author"] = "agent",
  ): HelpdeskComment {
    const ticket = find(ticketId);
    const comment: HelpdeskComment = {
      id: nextCommentId++,
      author,
      ...(author === "customer" ? {} : { authorName: options.agentName ?? "Countersign" }),
      body,
      public: isPublic,
      createdAt: now().toISOString(),
    };
    ticket.comments.push(comment);
    announce({ type: "ticket.comment_added", ticketId, comment });
    if (author === "customer") {
      changeStatus(ticket, "open");
    } else if (isPublic && ticket.status !== "solved") {
      changeStatus(ticket, "pending");
    }
    return structuredClone(comment);
  }

  const agents = options.agents ?? DEFAULT_LOCAL_AGENTS;

  return {
    listAgents() {
      return agents.map((agent) => ({ ...agent }));
    },
    async getAgentRole(agentId) {
      const agent = agents.find((candidate) => candidate.id === agentId);
      if (!agent) {
        throw new NotFoundError(`agent ${agentId} not found`);
      }
      return agent.role;
    },
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
    async receiveCustomerMessage(ticketId, body) {
      return addComment(ticketId, body, true, "customer");
    },
    async postInternalNote(ticketId, body) {
      return addComment(ticketId, body, false);
    },
    async assignGroup(ticketId, group) {
      find(ticketId).group = group;
    },
    async setStatus(ticketId, status) {
      changeStatus(find(ticketId), status);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async addTags(ticketId, tags) {
      const ticket = find(ticketId);
      ticket.tags = [...new Set([...ticket.tags, ...tags])];
    },
  };
}
