import { NotFoundError, RateLimitedError, UpstreamError } from "@countersign/shared";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createZendeskHelpdesk, HelpdeskTicket } from "../src/index";

const base = "https://acme.zendesk.com";

interface ZendeskTicket {
  id: number;
  subject: string;
  status: string;
  tags: string[];
  created_at: string;
  updated_at: string;
  requester_id: number;
}

interface Recorded {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

let tickets: Map<number, ZendeskTicket>;
let comments: Map<number, Record<string, unknown>[]>;
let requests: Recorded[];
let stamp = 0;

const users = {
  501: {
    id: 501,
    name: "Maya Chen",
    email: "maya@example.com",
    role: "end-user",
    active: true,
    suspended: false,
  },
  9001: {
    id: 9001,
    name: "Alex Rivera",
    email: "alex@acme.test",
    role: "admin",
    active: true,
    suspended: false,
    custom_role_id: null,
  },
  9003: {
    id: 9003,
    name: "Jo Park",
    email: "jo@acme.test",
    role: "agent",
    active: true,
    suspended: false,
    custom_role_id: 360001,
  },
  9002: {
    id: 9002,
    name: "Sam Lee",
    email: "sam@acme.test",
    role: "agent",
    active: true,
    suspended: true,
  },
} as Record<number, Record<string, unknown>>;

function bump(ticket: ZendeskTicket) {
  stamp += 1;
  ticket.updated_at = `2026-11-20T12:00:${String(stamp).padStart(2, "0")}Z`;
}

async function record(request: Request, body?: unknown) {
  requests.push({
    method: request.method,
    path: new URL(request.url).pathname,
    authorization: request.headers.get("authorization"),
    body,
  });
}

const zendesk = [
  http.get(`${base}/api/v2/tickets/:id.json`, async ({ request, params }) => {
    await record(request);
    const ticket = tickets.get(Number(params.id));
    const sideload = new URL(request.url).searchParams.get("include") === "users";
    const requester = ticket ? users[ticket.requester_id] : undefined;
    return ticket
      ? HttpResponse.json(sideload && requester ? { ticket, users: [requester] } : { ticket })
      : HttpResponse.json({ error: "RecordNotFound", description: "Not found" }, { status: 404 });
  }),
  http.get(`${base}/api/v2/tickets/:id/comments.json`, async ({ request, params }) => {
    await record(request);
    const all = comments.get(Number(params.id)) ?? [];
    const url = new URL(request.url);
    const page = Number(url.searchParams.get("page") ?? "1");
    const slice = all.slice((page - 1) * 2, page * 2);
    const authors = [...new Set(slice.map((comment) => comment.author_id as number))];
    return HttpResponse.json({
      comments: slice,
      users: authors.map((id) => users[id]).filter(Boolean),
      next_page:
        page * 2 < all.length
          ? `${base}/api/v2/tickets/${params.id}/comments.json?include=users&page=${page + 1}`
          : null,
      count: all.length,
    });
  }),
  http.get(`${base}/api/v2/custom_roles/:id.json`, async ({ request, params }) => {
    await record(request);
    return Number(params.id) === 360001
      ? HttpResponse.json({
          custom_role: {
            id: 360001,
            name: "Team Lead",
            description: "Can approve refunds",
            role_type: 0,
            created_at: "2026-01-05T10:00:00Z",
            updated_at: "2026-01-05T10:00:00Z",
            configuration: { ticket_access: "all" },
          },
        })
      : HttpResponse.json({ error: "RecordNotFound" }, { status: 404 });
  }),
  http.get(`${base}/api/v2/users/:id.json`, async ({ request, params }) => {
    await record(request);
    const user = users[Number(params.id)];
    return user ? HttpResponse.json({ user }) : HttpResponse.json({}, { status: 404 });
  }),
  http.put(`${base}/api/v2/tickets/:id.json`, async ({ request, params }) => {
    const body = (await request.json()) as {
      ticket: { comment?: { body: string; public: boolean }; status?: string };
    };
    await record(request, body);
    const ticket = tickets.get(Number(params.id));
    if (!ticket) {
      return HttpResponse.json({}, { status: 404 });
    }
    const comment = body.ticket.comment;
    const id = 70_000 + requests.length;
    if (comment) {
      comments.get(ticket.id)?.push({
        id,
        author_id: 9001,
        body: comment.body,
        public: comment.public,
        created_at: "2026-11-20T12:05:00Z",
      });
    }
    if (body.ticket.status) {
      ticket.status = body.ticket.status;
    }
    bump(ticket);
    return HttpResponse.json({
      ticket,
      audit: {
        id: 123,
        ticket_id: ticket.id,
        author_id: 9001,
        created_at: "2026-11-20T12:05:00Z",
        events: [
          { id: 1, type: "Change", field_name: "status", value: ticket.status },
          { id, type: "Comment", body: comment?.body, public: comment?.public, author_id: 9001 },
        ],
      },
    });
  }),
  http.put(`${base}/api/v2/tickets/:id/tags.json`, async ({ request, params }) => {
    const body = (await request.json()) as {
      tags: string[];
      updated_stamp: string;
      safe_update: string;
    };
    await record(request, body);
    const ticket = tickets.get(Number(params.id));
    if (!ticket) {
      return HttpResponse.json({}, { status: 404 });
    }
    if (body.safe_update === "true" && body.updated_stamp !== ticket.updated_at) {
      return HttpResponse.json({ error: "UpdateConflict" }, { status: 409 });
    }
    ticket.tags = [...new Set([...ticket.tags, ...body.tags])];
    bump(ticket);
    return HttpResponse.json({ tags: ticket.tags });
  }),
];

const server = setupServer(...zendesk);
const delays: number[] = [];
const retry = {
  sleep: async (ms: number) => {
    delays.push(ms);
  },
};

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

beforeEach(() => {
  stamp = 0;
  requests = [];
  delays.length = 0;
  tickets = new Map([
    [
      1001,
      {
        id: 1001,
        subject: "Where is my order #1042?",
        status: "hold",
        tags: ["vip"],
        created_at: "2026-11-19T09:00:00Z",
        updated_at: "2026-11-19T09:00:00Z",
        requester_id: 501,
      },
    ],
  ]);
  comments = new Map([
    [
      1001,
      [
        {
          id: 1,
          author_id: 501,
          body: "<p>Hi</p>",
          plain_body: "Hi, where is #1042?",
          public: true,
          created_at: "2026-11-19T09:00:00Z",
        },
        {
          id: 2,
          author_id: 9001,
          body: "Checking",
          public: false,
          created_at: "2026-11-19T09:05:00Z",
        },
        {
          id: 3,
          author_id: 501,
          body: "Any news?",
          public: true,
          created_at: "2026-11-19T10:00:00Z",
        },
      ],
    ],
  ]);
});

const helpdesk = () =>
  createZendeskHelpdesk({ subdomain: "acme", email: "ops@acme.test", apiToken: "tok123", retry });

describe("Zendesk helpdesk", () => {
  it("reads a ticket with its requester and every page of comments", async () => {
    const ticket = await helpdesk().getTicket(1001);
    expect(HelpdeskTicket.parse(ticket)).toEqual(ticket);
    expect(ticket).toMatchObject({
      id: 1001,
      subject: "Where is my order #1042?",
      status: "pending",
      tags: ["vip"],
      requester: { name: "Maya Chen", email: "maya@example.com" },
    });
    expect(ticket.comments.map((comment) => [comment.id, comment.author, comment.body])).toEqual([
      [1, "customer", "Hi, where is #1042?"],
      [2, "agent", "Checking"],
      [3, "customer", "Any news?"],
    ]);
    expect(ticket.comments[1]?.authorName).toBe("Alex Rivera");
    // The requester comes sideloaded with the ticket; two comment pages; nothing else.
    expect(requests.map((request) => request.path)).toEqual([
      "/api/v2/tickets/1001.json",
      "/api/v2/tickets/1001/comments.json",
      "/api/v2/tickets/1001/comments.json",
    ]);
  });

  it("reads the requester itself when Zendesk does not sideload it", async () => {
    server.use(
      http.get(`${base}/api/v2/tickets/:id.json`, ({ params }) =>
        HttpResponse.json({ ticket: tickets.get(Number(params.id)) }),
      ),
    );
    const ticket = await helpdesk().getTicket(1001);
    expect(ticket.requester).toEqual({ name: "Maya Chen", email: "maya@example.com" });
    expect(requests.map((request) => request.path)).toContain("/api/v2/users/501.json");
  });

  it("authenticates with the API token as email/token, or with an OAuth token", async () => {
    await helpdesk().getTicket(1001);
    const expected = `Basic ${Buffer.from("ops@acme.test/token:tok123").toString("base64")}`;
    expect(requests.every((request) => request.authorization === expected)).toBe(true);
    requests = [];
    await createZendeskHelpdesk({ subdomain: "acme", oauthToken: "oauth-1" }).getAgentRole("9001");
    expect(requests[0]?.authorization).toBe("Bearer oauth-1");
  });

  it("posts a public reply and an internal note through Update Ticket", async () => {
    const reply = await helpdesk().postReply(1001, "Your parcel ships today.");
    expect(reply).toMatchObject({
      author: "agent",
      body: "Your parcel ships today.",
      public: true,
    });
    const note = await helpdesk().postInternalNote(1001, "Refunded $45.00.");
    expect(note).toMatchObject({ public: false, body: "Refunded $45.00." });
    const puts = requests.filter((request) => request.method === "PUT");
    expect(puts.map((request) => [request.path, request.body])).toEqual([
      [
        "/api/v2/tickets/1001.json",
        {
          ticket: {
            comment: { body: "Your parcel ships today.", public: true },
            status: "pending",
          },
        },
      ],
      [
        "/api/v2/tickets/1001.json",
        { ticket: { comment: { body: "Refunded $45.00.", public: false } } },
      ],
    ]);
    expect(reply.id).not.toBe(note.id);
  });

  it("adds tags with safe_update and the ticket's updated_at, keeping the others", async () => {
    await helpdesk().addTags(1001, ["countersign", "refund"]);
    const put = requests.find((request) => request.path.endsWith("/tags.json"));
    expect(put?.method).toBe("PUT");
    expect(put?.body).toEqual({
      tags: ["countersign", "refund"],
      updated_stamp: "2026-11-19T09:00:00Z",
      safe_update: "true",
    });
    expect(tickets.get(1001)?.tags).toEqual(["vip", "countersign", "refund"]);
  });

  it("re-reads the ticket and tries once more when the tags update collides", async () => {
    let collisions = 1;
    const stamps: string[] = [];
    server.use(
      http.put(`${base}/api/v2/tickets/:id/tags.json`, async ({ request }) => {
        const body = (await request.clone().json()) as { updated_stamp: string };
        stamps.push(body.updated_stamp);
        if (collisions > 0) {
          collisions -= 1;
          // Someone else updated the ticket between our read and our write.
          const ticket = tickets.get(1001);
          if (ticket) {
            bump(ticket);
          }
          return HttpResponse.json({ error: "UpdateConflict" }, { status: 409 });
        }
        return undefined;
      }),
    );
    await helpdesk().addTags(1001, ["countersign"]);
    expect(stamps).toEqual(["2026-11-19T09:00:00Z", "2026-11-20T12:00:01Z"]);
    expect(tickets.get(1001)?.tags).toEqual(["vip", "countersign"]);
  });

  it("gives up after a second collision with an upstream error", async () => {
    server.use(
      http.put(`${base}/api/v2/tickets/:id/tags.json`, () =>
        HttpResponse.json({ error: "UpdateConflict" }, { status: 409 }),
      ),
    );
    const failure = await helpdesk()
      .addTags(1001, ["x"])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect((failure as UpstreamError).status).toBe(409);
  });

  it("waits as long as Retry-After asks on a 429, then succeeds", async () => {
    let throttled = 2;
    server.use(
      http.get(`${base}/api/v2/tickets/:id.json`, () => {
        if (throttled > 0) {
          throttled -= 1;
          return HttpResponse.json(
            { error: "APIRateLimitExceeded" },
            { status: 429, headers: { "Retry-After": "7" } },
          );
        }
        return undefined;
      }),
    );
    const ticket = await helpdesk().getTicket(1001);
    expect(ticket.id).toBe(1001);
    expect(delays).toEqual([7000, 7000]);
  });

  it("retries a throttled write too: Zendesk did not carry it out", async () => {
    let throttled = 1;
    server.use(
      http.put(`${base}/api/v2/tickets/:id.json`, () => {
        if (throttled > 0) {
          throttled -= 1;
          return new HttpResponse(null, { status: 429, headers: { "Retry-After": "2" } });
        }
        return undefined;
      }),
    );
    await helpdesk().postReply(1001, "Hello");
    expect(delays).toEqual([2000]);
    expect(comments.get(1001)?.filter((comment) => comment.body === "Hello")).toHaveLength(1);
  });

  it("hands a long or endless rate limit to the caller as RateLimitedError", async () => {
    server.use(
      http.get(
        `${base}/api/v2/tickets/:id.json`,
        () => new HttpResponse(null, { status: 429, headers: { "Retry-After": "120" } }),
      ),
    );
    const failure = await helpdesk()
      .getTicket(1001)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RateLimitedError);
    expect((failure as RateLimitedError).retryAfterMs).toBe(120_000);
    expect(delays).toEqual([]);
  });

  it("retries a read after a 5xx with backoff, but never a write", async () => {
    let failures = 2;
    server.use(
      http.get(`${base}/api/v2/users/:id.json`, () => {
        if (failures > 0) {
          failures -= 1;
          return new HttpResponse(null, { status: 503 });
        }
        return undefined;
      }),
    );
    expect(await helpdesk().getAgentRole("9001")).toBe("admin");
    expect(delays).toEqual([500, 1000]);
    delays.length = 0;
    server.use(
      http.put(`${base}/api/v2/tickets/:id.json`, () => new HttpResponse(null, { status: 502 })),
    );
    const failure = await helpdesk()
      .postReply(1001, "Hi")
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect((failure as UpstreamError).status).toBe(502);
    expect(delays).toEqual([]);
  });

  it("answers NotFoundError for an unknown ticket, without the response body", async () => {
    const failure = await helpdesk()
      .getTicket(4040)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NotFoundError);
    expect((failure as Error).message).not.toContain("RecordNotFound");
  });

  it("names an agent with a custom role by that role, read once per few minutes", async () => {
    const zendesk = helpdesk();
    requests = [];
    expect(await zendesk.getAgentRole("9003")).toBe("Team Lead");
    expect(await zendesk.getAgentRole("9003")).toBe("Team Lead");
    expect(requests.map((request) => request.path)).toEqual([
      "/api/v2/users/9003.json",
      "/api/v2/custom_roles/360001.json",
      "/api/v2/users/9003.json",
    ]);
  });

  it("reads an agent's role fresh, and a suspended agent has none to approve with", async () => {
    expect(await helpdesk().getAgentRole("9001")).toBe("admin");
    expect(await helpdesk().getAgentRole("9002")).toBe("suspended");
    await expect(helpdesk().getAgentRole("../admin")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("turns an unexpected answer into an upstream error", async () => {
    server.use(http.get(`${base}/api/v2/tickets/:id.json`, () => HttpResponse.json({ nope: 1 })));
    await expect(helpdesk().getTicket(1001)).rejects.toBeInstanceOf(UpstreamError);
  });
});
