import { RateLimitedError, UpstreamError } from "@countersign/shared";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGorgiasHelpdesk, HelpdeskTicket } from "../src/index";

const base = "https://acme.gorgias.com";

let posted: { path: string; authorization: string | null; body: Record<string, unknown> }[];
let tags: string[];
const delays: number[] = [];

const ticket = {
  id: 42,
  subject: "Refund for #1042",
  status: "open",
  channel: "email",
  created_datetime: "2026-11-19T09:00:00.000000+00:00",
  customer: { id: 7, email: "maya@example.com", name: "Maya Chen" },
  tags: [{ id: 1, name: "vip" }],
  messages: [
    {
      id: 1,
      channel: "email",
      from_agent: false,
      public: true,
      body_text: "Hi,\n> quoted",
      stripped_text: "Hi, I want a refund.",
      sender: { id: 7, email: "maya@example.com", name: "Maya Chen" },
      created_datetime: "2026-11-19T09:00:00.000000+00:00",
    },
    {
      id: 2,
      channel: "internal-note",
      from_agent: true,
      public: false,
      body_text: "VIP customer",
      sender: { id: 9, email: "alex@acme.test", name: "Alex" },
      created_datetime: "2026-11-19T09:10:00.000000+00:00",
    },
  ],
};

const server = setupServer(
  http.get(`${base}/api/tickets/:id`, ({ params }) =>
    Number(params.id) === 42
      ? HttpResponse.json(ticket)
      : HttpResponse.json({ error: { msg: "Resource not found" } }, { status: 404 }),
  ),
  http.post(`${base}/api/tickets/:id/messages`, async ({ request, params }) => {
    const body = (await request.json()) as Record<string, unknown>;
    posted.push({
      path: new URL(request.url).pathname,
      authorization: request.headers.get("authorization"),
      body,
    });
    return HttpResponse.json(
      {
        id: 100 + posted.length,
        ticket_id: Number(params.id),
        channel: body.channel,
        from_agent: true,
        public: body.channel !== "internal-note",
        body_text: body.body_text,
        created_datetime: "2026-11-20T12:00:00.000000+00:00",
      },
      { status: 201 },
    );
  }),
  http.post(`${base}/api/tickets/:id/tags`, async ({ request }) => {
    const body = (await request.json()) as { names: string[] };
    tags.push(...body.names);
    return new HttpResponse(null, { status: 204 });
  }),
  http.get(`${base}/api/users/:id`, ({ params }) =>
    HttpResponse.json({ id: Number(params.id), role: { name: "lead-agent" } }),
  ),
);

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => {
  posted = [];
  tags = [];
  delays.length = 0;
});

const helpdesk = () =>
  createGorgiasHelpdesk({
    domain: "acme",
    email: "bot@acme.test",
    apiKey: "key-123",
    retry: {
      sleep: async (ms) => {
        delays.push(ms);
      },
    },
  });

describe("Gorgias helpdesk", () => {
  it("reads a ticket: customer messages, agents' notes, tags", async () => {
    const read = await helpdesk().getTicket(42);
    expect(HelpdeskTicket.parse(read)).toEqual(read);
    expect(read.requester).toEqual({ name: "Maya Chen", email: "maya@example.com" });
    expect(read.tags).toEqual(["vip"]);
    expect(read.comments.map((comment) => [comment.author, comment.public, comment.body])).toEqual([
      ["customer", true, "Hi, I want a refund."],
      ["agent", false, "VIP customer"],
    ]);
  });

  it("posts an internal note on the internal-note channel with Basic auth", async () => {
    const note = await helpdesk().postInternalNote(42, "Refunded $45.00.\nOrder #1042.");
    expect(note).toMatchObject({
      public: false,
      author: "agent",
      body: "Refunded $45.00.\nOrder #1042.",
    });
    expect(posted[0]?.authorization).toBe(
      `Basic ${Buffer.from("bot@acme.test:key-123").toString("base64")}`,
    );
    expect(posted[0]?.body).toMatchObject({
      channel: "internal-note",
      via: "api",
      from_agent: true,
      sender: { email: "bot@acme.test" },
      body_text: "Refunded $45.00.\nOrder #1042.",
      body_html: "<p>Refunded $45.00.<br>Order #1042.</p>",
    });
    expect(posted[0]?.body).not.toHaveProperty("sent_datetime");
  });

  it("replies on the ticket's channel to its customer", async () => {
    const reply = await helpdesk().postReply(42, "Your refund is on its way <3");
    expect(reply.public).toBe(true);
    expect(posted[0]?.body).toMatchObject({
      channel: "email",
      receiver: { email: "maya@example.com" },
      source: { type: "email", to: [{ address: "maya@example.com" }] },
      body_html: "<p>Your refund is on its way &lt;3</p>",
    });
  });

  it("adds tags and reads an agent's role", async () => {
    await helpdesk().addTags(42, ["countersign"]);
    expect(tags).toEqual(["countersign"]);
    expect(await helpdesk().getAgentRole("9")).toBe("lead-agent");
  });

  it("waits out a 429's Retry-after, and hands a long one to the caller", async () => {
    let throttled = 1;
    server.use(
      http.post(`${base}/api/tickets/:id/messages`, () => {
        if (throttled > 0) {
          throttled -= 1;
          return new HttpResponse(null, { status: 429, headers: { "Retry-after": "3" } });
        }
        return undefined;
      }),
    );
    await helpdesk().postInternalNote(42, "x");
    expect(delays).toEqual([3000]);
    expect(posted).toHaveLength(1);
    server.use(
      http.get(
        `${base}/api/tickets/:id`,
        () => new HttpResponse(null, { status: 429, headers: { "Retry-after": "600" } }),
      ),
    );
    const failure = await helpdesk()
      .getTicket(42)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RateLimitedError);
  });

  it("does not repeat a message after a 5xx", async () => {
    server.use(
      http.post(`${base}/api/tickets/:id/messages`, () => new HttpResponse(null, { status: 500 })),
    );
    await expect(helpdesk().postInternalNote(42, "x")).rejects.toBeInstanceOf(UpstreamError);
    expect(delays).toEqual([]);
  });
});
