import { NotFoundError, UpstreamError } from "@countersign/shared";
import { z } from "zod";
import type {
  HelpdeskAppInstallation,
  HelpdeskClient,
  HelpdeskComment,
  HelpdeskTicket,
} from "../types";
import { defaultRetryPolicy, type FetchLike, type RetryPolicy, requestJson } from "./http";

/** API-token auth (`{email}/token:{apiToken}`) or an OAuth access token. */
export type ZendeskConfig =
  | { subdomain: string; email: string; apiToken: string; retry?: Partial<RetryPolicy> }
  | { subdomain: string; oauthToken: string; retry?: Partial<RetryPolicy> };

export type ZendeskHelpdesk = HelpdeskClient & {
  listAppInstallations(): Promise<HelpdeskAppInstallation[]>;
};

const Id = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

const SideloadedUser = z
  .object({ id: Id, name: z.string().nullable(), email: z.string().nullable().optional() })
  .loose();

const TicketBody = z.object({
  users: z.array(SideloadedUser).optional(),
  ticket: z
    .object({
      id: Id,
      subject: z.string().nullable().optional(),
      status: z.string(),
      tags: z.array(z.string()).default([]),
      created_at: z.string(),
      updated_at: z.string(),
      requester_id: Id,
    })
    .loose(),
});

const Comment = z
  .object({
    id: Id,
    author_id: Id,
    body: z.string().default(""),
    plain_body: z.string().optional(),
    public: z.boolean(),
    created_at: z.string(),
  })
  .loose();

const CommentsBody = z.object({
  comments: z.array(Comment),
  users: z.array(z.object({ id: Id, name: z.string().nullable() }).loose()).optional(),
  next_page: z.string().nullable().optional(),
});

/** `GET /api/v2/custom_roles/{id}`: the agent role an Enterprise or Suite account defines. */
const CustomRoleBody = z.object({
  custom_role: z.object({ id: Id, name: z.string().min(1) }).loose(),
});

/** Custom roles are renamed rarely; an approval should not wait on reading one each time. */
const customRoleTtlMs = 5 * 60_000;

const UserBody = z.object({
  user: z
    .object({
      id: Id,
      name: z.string().nullable(),
      email: z.string().nullable().optional(),
      role: z.enum(["end-user", "agent", "admin"]),
      custom_role_id: Id.nullable().optional(),
      active: z.boolean().default(true),
      suspended: z.boolean().default(false),
    })
    .loose(),
});

const GroupsBody = z.object({
  groups: z.array(z.object({ id: z.number().int(), name: z.string() })),
  next_page: z.string().nullable().optional(),
});

/**
 * List App Installations (`GET /api/v2/apps/installations.json`, allowed for agents): each
 * installation with `settings`, a flat object of setting name to value.
 * https://developer.zendesk.com/api-reference/ticketing/apps/apps/#list-app-installations
 */
const AppInstallationsBody = z.object({
  installations: z.array(
    z
      .object({
        id: Id,
        app_id: Id,
        enabled: z.boolean().default(true),
        settings: z.record(z.string(), z.unknown()).nullable().default({}),
      })
      .loose(),
  ),
  next_page: z.string().nullable().optional(),
});

const UpdateBody = z.object({
  ticket: z.object({ id: Id }).loose(),
  audit: z
    .object({
      author_id: Id.optional(),
      created_at: z.string().optional(),
      events: z.array(z.object({ type: z.string() }).loose()),
    })
    .loose()
    .optional(),
});

const CommentEvent = z
  .object({
    type: z.literal("Comment"),
    id: Id,
    body: z.string().optional(),
    public: z.boolean(),
    author_id: Id.optional(),
  })
  .loose();

/** The most comment pages read for one ticket (100 comments a page). */
const maxCommentPages = 20;

function toStatus(status: string): HelpdeskTicket["status"] {
  switch (status) {
    case "new":
      return "new";
    case "open":
      return "open";
    case "pending":
    case "hold":
      return "pending";
    default:
      return "solved";
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new UpstreamError("zendesk", null, `Zendesk's answer to ${what} has an unexpected shape`);
  }
  return parsed.data;
}

function authHeader(config: ZendeskConfig): string {
  if ("oauthToken" in config) {
    return `Bearer ${config.oauthToken}`;
  }
  const basic = Buffer.from(`${config.email}/token:${config.apiToken}`).toString("base64");
  return `Basic ${basic}`;
}

/**
 * The Zendesk Support REST API behind `HelpdeskClient`: comments through Update Ticket, tags
 * through the safe-update tags endpoint (so other tags survive), reads with the requester.
 */
export function createZendeskHelpdesk(
  config: ZendeskConfig,
  fetchImpl: FetchLike = (input, init) => fetch(input, init),
): ZendeskHelpdesk {
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(config.subdomain)) {
    throw new Error("a Zendesk subdomain is letters, digits and dashes");
  }
  const base = `https://${config.subdomain}.zendesk.com`;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...config.retry };
  const headers = { authorization: authHeader(config) };

  async function get(path: string): Promise<unknown> {
    const url = path.startsWith("https://") ? path : `${base}${path}`;
    if (!url.startsWith(`${base}/`)) {
      throw new UpstreamError("zendesk", null, "Zendesk pointed to a page on another host");
    }
    const { body } = await requestJson("zendesk", fetchImpl, policy, {
      method: "GET",
      url,
      headers,
      idempotent: true,
    });
    return body;
  }

  async function put(path: string, body: unknown): Promise<unknown> {
    const answer = await requestJson("zendesk", fetchImpl, policy, {
      method: "PUT",
      url: `${base}${path}`,
      headers,
      body,
      idempotent: false,
    });
    return answer.body;
  }

  async function readTicket(ticketId: number) {
    return parse(TicketBody, await get(`/api/v2/tickets/${ticketId}.json`), "a ticket read").ticket;
  }

  /** The ticket with its requester sideloaded: one call instead of two. */
  async function readTicketWithRequester(ticketId: number) {
    const body = parse(
      TicketBody,
      await get(`/api/v2/tickets/${ticketId}.json?include=users`),
      "a ticket read",
    );
    const sideloaded = body.users?.find((user) => user.id === body.ticket.requester_id);
    const requester =
      sideloaded ??
      parse(UserBody, await get(`/api/v2/users/${body.ticket.requester_id}.json`), "a user read")
        .user;
    return { ticket: body.ticket, requester };
  }

  async function addComment(ticketId: number, text: string, isPublic: boolean) {
    const ticket: Record<string, unknown> = { comment: { body: text, public: isPublic } };
    if (isPublic) {
      ticket.status = "pending";
    }
    const answer = parse(
      UpdateBody,
      await put(`/api/v2/tickets/${ticketId}.json`, { ticket }),
      "a comment",
    );
    const event = answer.audit?.events
      .map((candidate) => CommentEvent.safeParse(candidate))
      .find((candidate) => candidate.success)?.data;
    const comment: HelpdeskComment = {
      id: event?.id ?? 0,
      author: "agent",
      body: event?.body ?? text,
      public: event?.public ?? isPublic,
      createdAt: answer.audit?.created_at ?? new Date().toISOString(),
    };
    return comment;
  }

  const customRoles = new Map<number, { name: string; at: number }>();
  async function customRoleName(id: number): Promise<string> {
    const cached = customRoles.get(id);
    if (cached && Date.now() - cached.at < customRoleTtlMs) {
      return cached.name;
    }
    const role = parse(
      CustomRoleBody,
      await get(`/api/v2/custom_roles/${id}.json`),
      "a custom role read",
    ).custom_role;
    customRoles.set(id, { name: role.name, at: Date.now() });
    return role.name;
  }

  return {
    async getTicket(ticketId) {
      const { ticket, requester } = await readTicketWithRequester(ticketId);
      const comments: HelpdeskComment[] = [];
      const names = new Map<number, string>();
      let page: string | null = `/api/v2/tickets/${ticketId}/comments.json?include=users`;
      for (let read = 0; page && read < maxCommentPages; read += 1) {
        const body: z.infer<typeof CommentsBody> = parse(
          CommentsBody,
          await get(page),
          "a comments read",
        );
        for (const user of body.users ?? []) {
          if (user.name) {
            names.set(user.id, user.name);
          }
        }
        for (const comment of body.comments) {
          const authorName = names.get(comment.author_id);
          comments.push({
            id: comment.id,
            author: comment.author_id === ticket.requester_id ? "customer" : "agent",
            ...(authorName ? { authorName } : {}),
            body: comment.plain_body ?? comment.body,
            public: comment.public,
            createdAt: comment.created_at,
          });
        }
        page = body.next_page ?? null;
      }
      return {
        id: ticket.id,
        subject: ticket.subject ?? "",
        status: toStatus(ticket.status),
        tags: ticket.tags,
        createdAt: ticket.created_at,
        requester: { name: requester.name ?? "", email: requester.email ?? "" },
        comments,
      };
    },
    postReply: (ticketId, body) => addComment(ticketId, body, true),
    postInternalNote: (ticketId, body) => addComment(ticketId, body, false),
    async addTags(ticketId, tags) {
      for (let attempt = 1; ; attempt += 1) {
        const ticket = await readTicket(ticketId);
        try {
          await put(`/api/v2/tickets/${ticketId}/tags.json`, {
            tags,
            updated_stamp: ticket.updated_at,
            safe_update: "true",
          });
          return;
        } catch (error) {
          // 409: the ticket changed since we read it; read it again and try once more.
          if (error instanceof UpstreamError && error.status === 409 && attempt < 2) {
            continue;
          }
          throw error;
        }
      }
    },
    async assignGroup(ticketId, group) {
      let groupId = /^\d+$/.test(group) ? Number(group) : null;
      if (groupId === null) {
        const wanted = group.trim().toLowerCase();
        let page: string | null = "/api/v2/groups.json";
        for (let read = 0; page && groupId === null && read < maxCommentPages; read += 1) {
          const body: z.infer<typeof GroupsBody> = parse(
            GroupsBody,
            await get(page),
            "a groups read",
          );
          groupId =
            body.groups.find((candidate) => candidate.name.toLowerCase() === wanted)?.id ?? null;
          page = body.next_page ?? null;
        }
      }
      if (groupId === null) {
        throw new NotFoundError(`Zendesk has no group named "${group}"`);
      }
      await put(`/api/v2/tickets/${ticketId}.json`, { ticket: { group_id: groupId } });
    },
    async getAgentRole(agentId) {
      if (!/^\d+$/.test(agentId)) {
        throw new NotFoundError("a Zendesk user id is a number");
      }
      const user = parse(UserBody, await get(`/api/v2/users/${agentId}.json`), "a user read").user;
      // A suspended or deleted user keeps its role in Zendesk but may not approve anything.
      if (user.suspended || !user.active) {
        return "suspended";
      }
      // An agent with a custom role ("Team lead", "Staff", …) is known by that role's name, so
      // lead roles can name it; admins stay `admin`.
      if (user.role === "agent" && user.custom_role_id != null) {
        return customRoleName(user.custom_role_id);
      }
      return user.role;
    },
    async listAppInstallations() {
      const found: HelpdeskAppInstallation[] = [];
      let page: string | null = "/api/v2/apps/installations.json";
      for (let read = 0; page && read < maxCommentPages; read += 1) {
        const body: z.infer<typeof AppInstallationsBody> = parse(
          AppInstallationsBody,
          await get(page),
          "an app installations read",
        );
        for (const installation of body.installations) {
          found.push({
            id: installation.id,
            appId: installation.app_id,
            enabled: installation.enabled,
            settings: installation.settings ?? {},
          });
        }
        page = body.next_page ?? null;
      }
      return found;
    },
  };
}
