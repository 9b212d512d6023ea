import { z } from "zod";

export const CommentAuthor = z.enum(["customer", "agent", "app"]);
export type CommentAuthor = z.infer<typeof CommentAuthor>;

export const HelpdeskComment = z.object({
  id: z.number().int(),
  author: CommentAuthor,
  authorName: z.string().optional(),
  body: z.string(),
  public: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type HelpdeskComment = z.infer<typeof HelpdeskComment>;

export const HelpdeskTicket = z.object({
  id: z.number().int().positive(),
  subject: z.string(),
  status: z.enum(["new", "open", "pending", "solved"]),
  tags: z.array(z.string()),
  createdAt: z.iso.datetime({ offset: true }),
  requester: z.object({ name: z.string(), email: z.email() }),
  /** The group the ticket is assigned to, when the helpdesk has groups. */
  group: z.string().nullable().optional(),
  comments: z.array(HelpdeskComment),
});
export type HelpdeskTicket = z.infer<typeof HelpdeskTicket>;

/** What the product needs from a helpdesk (Zendesk, Gorgias, the local helpdesk). */
export interface HelpdeskClient {
  /** The ticket with its requester and conversation; throws NotFoundError when unknown. */
  getTicket(ticketId: number): Promise<HelpdeskTicket>;
  /** Posts a public reply the customer receives. */
  postReply(ticketId: number, body: string): Promise<HelpdeskComment>;
  /** Posts an internal note only agents see. */
  postInternalNote(ticketId: number, body: string): Promise<HelpdeskComment>;
  /** Adds tags without removing the ticket's other tags. */
  addTags(ticketId: number, tags: string[]): Promise<void>;
  /**
   * Hands the ticket to a group (a Zendesk group id or name). Helpdesks without groups omit it.
   */
  assignGroup?(ticketId: number, group: string): Promise<void>;
  /** The agent's role as the helpdesk knows it (e.g. `admin`, `agent`), read fresh. */
  getAgentRole(agentId: string): Promise<string>;
  /**
   * The apps installed in the helpdesk account with the settings an admin filled in (Zendesk's
   * app installations), read fresh. Helpdesks without installable apps omit it.
   */
  listAppInstallations?(): Promise<HelpdeskAppInstallation[]>;
}

/** One installed app of a helpdesk account, as its admin configured it. */
export interface HelpdeskAppInstallation {
  id: number;
  appId: number;
  enabled: boolean;
  /** The installation's settings by name, as the helpdesk returns them. */
  settings: Record<string, unknown>;
}

export const HelpdeskAgent = z.object({
  id: z.string().min(1),
  name: z.string(),
  email: z.email(),
  role: z.string().min(1),
});
export type HelpdeskAgent = z.infer<typeof HelpdeskAgent>;
