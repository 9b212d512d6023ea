import { PassThrough, Readable } from "node:stream";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { zendeskSetupCommand } from "../src/commands/zendesk-setup";

const base = "https://acme.zendesk.com";

interface Seen {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

let seen: Seen[];
let webhooks: { id: string; name: string; endpoint: string }[];
let triggers: { id: number; title: string; actions: unknown[]; conditions: unknown }[];

async function note(request: Request) {
  const body = request.method === "GET" ? undefined : await request.clone().json();
  seen.push({
    method: request.method,
    path: new URL(request.url).pathname,
    authorization: request.headers.get("authorization"),
    body,
  });
}

const server = setupServer(
  http.get(`${base}/api/v2/webhooks`, async ({ request }) => {
    await note(request);
    return HttpResponse.json({ webhooks, meta: { has_more: false } });
  }),
  http.post(`${base}/api/v2/webhooks`, async ({ request }) => {
    await note(request);
    const { webhook } = (await request.json()) as { webhook: { name: string; endpoint: string } };
    const created = { id: "01HWEBHOOK", ...webhook };
    webhooks.push(created);
    return HttpResponse.json({ webhook: created }, { status: 201 });
  }),
  http.get(`${base}/api/v2/webhooks/:id/signing_secret`, async ({ request, params }) => {
    await note(request);
    return params.id === "01HWEBHOOK"
      ? HttpResponse.json({ signing_secret: { algorithm: "SHA256", secret: "whsec-from-zendesk" } })
      : HttpResponse.json({}, { status: 404 });
  }),
  http.get(`${base}/api/v2/triggers`, async ({ request }) => {
    await note(request);
    return HttpResponse.json({ triggers, count: triggers.length });
  }),
  http.post(`${base}/api/v2/triggers`, async ({ request }) => {
    await note(request);
    const { trigger } = (await request.json()) as {
      trigger: { title: string; actions: unknown[]; conditions: unknown };
    };
    const created = { id: 900 + triggers.length, ...trigger };
    triggers.push(created);
    return HttpResponse.json({ trigger: created }, { status: 201 });
  }),
);

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => {
  seen = [];
  webhooks = [];
  triggers = [];
});

async function run(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk));
  stderr.on("data", (chunk: Buffer) => err.push(chunk));
  const code = await zendeskSetupCommand.run(args, { stdin: Readable.from([]), stdout, stderr });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

const credentials = [
  "--subdomain",
  "acme",
  "--email",
  "admin@acme.test",
  "--api-token",
  "tok-123",
  "--backend-url",
  "https://api.countersign.test/",
];

describe("countersign zendesk-setup", () => {
  it("creates the signed webhook and the four triggers, and prints the signing secret", async () => {
    const result = await run(credentials);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const basic = `Basic ${Buffer.from("admin@acme.test/token:tok-123").toString("base64")}`;
    expect(seen.every((request) => request.authorization === basic)).toBe(true);
    expect(webhooks).toEqual([
      expect.objectContaining({
        endpoint: "https://api.countersign.test/webhooks/zendesk?subdomain=acme",
        http_method: "POST",
        request_format: "json",
        status: "active",
        subscriptions: ["conditional_ticket_events"],
      }),
    ]);
    expect(triggers.map((trigger) => trigger.title)).toEqual([
      "Countersign: new ticket",
      "Countersign: customer replied",
      "Countersign: agent replied",
      "Countersign: ticket solved",
    ]);
    const [created, replied, agentReplied, solved] = triggers;
    expect(created?.conditions).toEqual({
      all: [{ field: "update_type", operator: "is", value: "Create" }],
    });
    expect(created?.actions).toEqual([
      {
        field: "notification_webhook",
        value: ["01HWEBHOOK", '{"type":"ticket.created","ticket_id":"{{ticket.id}}"}'],
      },
    ]);
    expect(JSON.stringify(replied?.conditions)).toContain('"value":"end_user"');
    expect(JSON.stringify(replied?.actions)).toContain("ticket.customer_comment");
    expect(agentReplied?.conditions).toEqual({
      all: [
        { field: "update_type", operator: "is", value: "Change" },
        { field: "comment_is_public", operator: "is", value: "true" },
        { field: "role", operator: "is_not", value: "end_user" },
      ],
    });
    expect(agentReplied?.actions).toEqual([
      {
        field: "notification_webhook",
        value: ["01HWEBHOOK", '{"type":"ticket.agent_comment","ticket_id":"{{ticket.id}}"}'],
      },
    ]);
    expect(solved?.conditions).toEqual({
      all: [
        { field: "update_type", operator: "is", value: "Change" },
        { field: "status", operator: "value", value: "solved" },
      ],
    });
    expect(solved?.actions).toEqual([
      {
        field: "notification_webhook",
        value: ["01HWEBHOOK", '{"type":"ticket.solved","ticket_id":"{{ticket.id}}"}'],
      },
    ]);
    expect(result.stdout).toContain("ZENDESK_WEBHOOK_SECRET=whsec-from-zendesk");
  });

  it("reuses the webhook and triggers on a second run", async () => {
    await run(credentials);
    const posts = seen.filter((request) => request.method === "POST").length;
    const again = await run(credentials);
    expect(again.code).toBe(0);
    expect(seen.filter((request) => request.method === "POST")).toHaveLength(posts);
    expect(webhooks).toHaveLength(1);
    expect(triggers).toHaveLength(4);
    expect(again.stdout).toContain("already");
  });

  it("adds only the missing triggers to an account set up before agents' replies were sent", async () => {
    webhooks.push({
      id: "01HWEBHOOK",
      name: "Countersign: new tickets and customer replies",
      endpoint: "https://api.countersign.test/webhooks/zendesk?subdomain=acme",
    });
    triggers.push(
      { id: 11, title: "Countersign: new ticket", actions: [], conditions: {} },
      { id: 12, title: "Countersign: customer replied", actions: [], conditions: {} },
    );
    const result = await run(credentials);
    expect(result.code).toBe(0);
    const posted = seen.filter((request) => request.method === "POST").map((r) => r.path);
    expect(posted).toEqual(["/api/v2/triggers", "/api/v2/triggers"]);
    expect(triggers.map((trigger) => trigger.title)).toEqual([
      "Countersign: new ticket",
      "Countersign: customer replied",
      "Countersign: agent replied",
      "Countersign: ticket solved",
    ]);
    expect(result.stdout).toContain("ZENDESK_WEBHOOK_SECRET=whsec-from-zendesk");
  });

  it("uses an OAuth token when given one", async () => {
    const result = await run([
      "--subdomain",
      "acme",
      "--oauth-token",
      "oauth-xyz",
      "--backend-url",
      "https://api.countersign.test",
    ]);
    expect(result.code).toBe(0);
    expect(seen[0]?.authorization).toBe("Bearer oauth-xyz");
  });

  it("refuses a plain-http backend and missing credentials before calling Zendesk", async () => {
    const insecure = await run([
      ...credentials.slice(0, 6),
      "--backend-url",
      "http://api.countersign.test",
    ]);
    expect(insecure.code).toBe(2);
    expect(insecure.stderr).toContain("https://");
    const anonymous = await run(["--subdomain", "acme", "--backend-url", "https://x.test"]);
    expect(anonymous.code).toBe(2);
    expect(seen).toEqual([]);
  });

  it("says which call failed when Zendesk refuses the credentials", async () => {
    server.use(http.get(`${base}/api/v2/webhooks`, () => HttpResponse.json({}, { status: 401 })));
    const result = await run(credentials);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("401");
    expect(result.stderr).toContain("API token");
  });
});
