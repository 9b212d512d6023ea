import { NotFoundError, UpstreamError } from "@countersign/shared";
import { z } from "zod";
import type { HelpdeskClient, HelpdeskComment, HelpdeskTicket } from "../types";
import { defaultRetryPolicy, type FetchLike, type RetryPolicy, requestJson } from "../zendesk/http";

/** A private Gorgias app: HTTP Basic with an agent's email and API key. */
export interface GorgiasConfig {
  /** The account, e.g. `acme` for acme.gorgias.com. */
  domain: string;
  email: string;
  apiKey: string;
  /** The agent the product's replies and notes are sent as; defaults to `email`. */
  senderEmail?: string;
  retry?: Partial<RetryPolicy>;
}

export type GorgiasHelpdesk = HelpdeskClient;

const Id = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

const Party = z
  .object({
    id: Id.optional(),
    email: z.string().nullable().optional(),
    name: z.string().nullable().optional(),
  })
  .loose();

const Message = z
  .object({
    id: Id,
    channel: z.string(),
    from_agent: z.boolean(),
    public: z.boolean().default(true),
    body_text: z.string().nullable().optional(),
    stripped_text: z.string().nullable().optional(),
    sender: Party.nullable().optional(),
    created_datetime: z.string(),
  })
  .loose();

const Ticket = z
  .object({
    id: Id,
    subject: z.string().nullable().optional(),
    status: z.string(),
    channel: z.string().default("email"),
    created_datetime: z.string(),
    customer: Party.nullable().optional(),
    tags: z.array(z.object({ name: z.string() }).loose()).default([]),
    messages: z.array(Message).default([]),
  })
  .loose();

const User = z.object({ id: Id, role: z.object({ name: z.string() }).loose() }).loose();

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new UpstreamError("gorgias", null, `Gorgias's answer to ${what} has an unexpected shape`);
  }
  return parsed.data;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

function toHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replaceAll("\n", "<br>")}</p>`)
    .join("");
}

/**
 * The Gorgias REST API behind `HelpdeskClient`: replies and internal notes are messages on the
 * ticket (`POST /api/tickets/{id}/messages`), tags are added without touching the others.
 */
export function createGorgiasHelpdesk(
  config: GorgiasConfig,
  fetchImpl: FetchLike = (input, init) => fetch(input, init),
): GorgiasHelpdesk {
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(config.domain)) {
    throw new Error("a Gorgias domain is letters, digits and dashes");
  }
  const base = `https://${config.domain}.gorgias.com`;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...config.retry };
  const headers = {
    authorization: `Basic ${Buffer.from(`${config.email}:${config.apiKey}`).toString("base64")}`,
  };
  const sender = config.senderEmail ?? config.email;

  async function call(method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
    const answer = await requestJson("gorgias", fetchImpl, policy, {
      method,
      url: `${base}${path}`,
      headers,
      body,
      idempotent: method === "GET",
    });
    return answer.body;
  }

  async function readTicket(ticketId: number) {
    return parse(Ticket, await call("GET", `/api/tickets/${ticketId}`), "a ticket read");
  }

  async function postMessage(ticketId: number, text: string, internal: boolean) {
    const ticket = await readTicket(ticketId);
    const channel = internal ? "internal-note" : ticket.channel;
    const customer = ticket.customer?.email ?? null;
    if (!internal && !customer) {
      throw new UpstreamError("gorgias", null, "the Gorgias ticket has no customer to reply to");
    }
    const message = {
      channel,
      via: "api",
      from_agent: true,
      sender: { email: sender },
      ...(internal ? {} : { receiver: { email: customer } }),
      source: internal
        ? { type: "internal-note", from: { address: sender } }
        : { type: channel, from: { address: sender }, to: [{ address: customer }] },
      body_text: text,
      body_html: toHtml(text),
    };
    const created = parse(
      Message,
      await call("POST", `/api/tickets/${ticketId}/messages`, message),
      "a new message",
    );
    const comment: HelpdeskComment = {
      id: created.id,
      author: "agent",
      body: created.body_text ?? text,
      public: !internal,
      createdAt: created.created_datetime,
    };
    return comment;
  }

  return {
    async getTicket(ticketId) {
      const ticket = await readTicket(ticketId);
      const comments: HelpdeskComment[] = ticket.messages
        .filter((message) => message.channel !== "internal-note" || message.from_agent)
        .map((message) => ({
          id: message.id,
          author: message.from_agent ? "agent" : "customer",
          ...(message.sender?.name ? { authorName: message.sender.name } : {}),
          body: message.stripped_text ?? message.body_text ?? "",
          public: message.channel !== "internal-note",
          createdAt: message.created_datetime,
        }));
      const status: HelpdeskTicket["status"] = ticket.status === "closed" ? "solved" : "open";
      return {
        id: ticket.id,
        subject: ticket.subject ?? "",
        status,
        tags: ticket.tags.map((tag) => tag.name),
        createdAt: ticket.created_datetime,
        requester: { name: ticket.customer?.name ?? "", email: ticket.customer?.email ?? "" },
        comments,
      };
    },
    postReply: (ticketId, body) => postMessage(ticketId, body, false),
    postInternalNote: (ticketId, body) => postMessage(ticketId, body, true),
    async addTags(ticketId, tags) {
      await call("POST", `/api/tickets/${ticketId}/tags`, { names: tags });
    },
    async getAgentRole(agentId) {
      if (!/^\d+$/.test(agentId)) {
        throw new NotFoundError("a Gorgias user id is a number");
      }
      return parse(User, await call("GET", `/api/users/${agentId}`), "a user read").role.name;
    },
  };
}
