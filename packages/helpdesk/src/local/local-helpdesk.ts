import { NotFoundError } from "@countersign/shared";
import type { HelpdeskAgent, HelpdeskClient, HelpdeskComment, HelpdeskTicket } from "../types";

export interface LocalHelpdesk extends HelpdeskClient {
  /** Every ticket, newest first, for the ticket list page. */
  listTickets(): HelpdeskTicket[];
  /** The agents who can sign in to the local helpdesk. */
  listAgents(): HelpdeskAgent[];
  /** The requester writes again on the ticket (the demo's and tests' stand-in for an email). */
  receiveCustomerMessage(ticketId: number, body: string): Promise<HelpdeskComment>;
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
    if (author === "customer") {
      ticket.status = "open";
    } else if (isPublic && ticket.status !== "solved") {
      ticket.status = "pending";
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
    async addTags(ticketId, tags) {
      const ticket = find(ticketId);
      ticket.tags = [...new Set([...ticket.tags, ...tags])];
    },
  };
}
