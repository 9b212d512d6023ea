import {
  ensureInstallation,
  type Installation,
  listAuditEvents,
  newId,
  saveSettingsVersion,
  upsertTicket,
} from "@countersign/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { createInProcessQueue, type JobData, type JobQueue } from "../src/jobs/queue";
import { createLogger } from "../src/logger";
import { signShopifyWebhook, signZendeskWebhook } from "../src/webhooks/signatures";
import { readZendeskEvent } from "../src/webhooks/zendesk-events";
import { startWorkers } from "../src/workers";
import { createHarness, type Harness, now } from "./harness";

const webhookSecret = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
const shopifySecret = "shopify-app-secret-for-tests-0123456789";

let harness: Harness;
let app: ReturnType<typeof createApp>;
let installation: Installation;
const jobs: JobData[] = [];
let onJob: (data: JobData) => void = () => {};
const comparisons: JobData[] = [];
let onComparison: (data: JobData) => void = () => {};
let queue: ReturnType<typeof createInProcessQueue>;

beforeAll(async () => {
  harness = await createHarness();
  installation = harness.installation;
  queue = createInProcessQueue({ logger: createLogger("silent"), concurrency: 1 });
  await queue.work("prepare-brief", async (data) => {
    jobs.push(data);
    onJob(data);
  });
  await queue.work("compare-shadow", async (data) => {
    comparisons.push(data);
    onComparison(data);
  });
  await queue.start();
  app = createApp({ ...harness.deps, ...appOverrides(), queue });
});

function appOverrides() {
  return {
    webhookSecretFor: async (candidate: Installation) =>
      candidate.id === installation.id ? webhookSecret : null,
    shopifyWebhookSecret: shopifySecret,
  };
}

afterAll(async () => {
  await queue.stop();
  await harness.close();
});

/** Resolves with the next job whose ticket id is `ticketId`. */
function nextJobFor(ticketId: number): Promise<JobData> {
  return new Promise((resolve) => {
    onJob = (data) => {
      if (data.ticketId === ticketId) {
        resolve(data);
      }
    };
  });
}

/** Resolves with the next shadow comparison job whose ticket id is `ticketId`. */
function nextComparisonFor(ticketId: number): Promise<JobData> {
  return new Promise((resolve) => {
    onComparison = (data) => {
      if (data.ticketId === ticketId) {
        resolve(data);
      }
    };
  });
}

function zendeskDelivery(
  body: string,
  options: {
    timestamp?: Date;
    secret?: string;
    signature?: string | null;
    invocationId?: string;
    subdomain?: string;
  } = {},
) {
  const timestamp = (options.timestamp ?? now).toISOString().replace(/\.\d{3}Z$/, "Z");
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-zendesk-webhook-signature-timestamp": timestamp,
    "x-zendesk-webhook-invocation-id": options.invocationId ?? newId("inv"),
  };
  const signature =
    options.signature === undefined
      ? signZendeskWebhook(options.secret ?? webhookSecret, timestamp, body)
      : options.signature;
  if (signature !== null) {
    headers["x-zendesk-webhook-signature"] = signature;
  }
  const subdomain = options.subdomain ?? installation.subdomain;
  return app.request(`/webhooks/zendesk?subdomain=${encodeURIComponent(subdomain)}`, {
    method: "POST",
    headers,
    body,
  });
}

async function expectUnauthorized(response: Response) {
  expect(response.status).toBe(401);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
}

const created = (ticketId: number) =>
  JSON.stringify({ type: "ticket.created", ticket_id: String(ticketId) });

describe("POST /webhooks/zendesk", () => {
  it("verifies a signed ticket-created delivery and queues the brief", async () => {
    const job = nextJobFor(2001);
    const response = await zendeskDelivery(created(2001));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "queued" });
    expect(await job).toEqual({ installationId: installation.id, ticketId: 2001 });
  });

  it("refuses a delivery without a signature", async () => {
    await expectUnauthorized(await zendeskDelivery(created(2002), { signature: null }));
  });

  it("refuses a delivery signed with another secret", async () => {
    await expectUnauthorized(
      await zendeskDelivery(created(2003), { secret: "c29tZW9uZSBlbHNlJ3Mgc2VjcmV0" }),
    );
  });

  it("refuses a body that is not byte for byte the signed one", async () => {
    const timestamp = now.toISOString();
    const signature = signZendeskWebhook(webhookSecret, timestamp, created(2004));
    const response = await app.request(`/webhooks/zendesk?subdomain=${installation.subdomain}`, {
      method: "POST",
      headers: {
        "x-zendesk-webhook-signature": signature,
        "x-zendesk-webhook-signature-timestamp": timestamp,
        "x-zendesk-webhook-invocation-id": "inv-2004",
      },
      body: JSON.stringify({ type: "ticket.created", ticket_id: "2004" }, null, 1),
    });
    await expectUnauthorized(response);
  });

  it("refuses a delivery signed more than five minutes ago, or ahead of our clock", async () => {
    const stale = new Date(now.getTime() - 301_000);
    await expectUnauthorized(await zendeskDelivery(created(2005), { timestamp: stale }));
    const ahead = new Date(now.getTime() + 301_000);
    await expectUnauthorized(await zendeskDelivery(created(2005), { timestamp: ahead }));
    const recent = new Date(now.getTime() - 240_000);
    const job = nextJobFor(2005);
    expect((await zendeskDelivery(created(2005), { timestamp: recent })).status).toBe(202);
    await job;
  });

  it("refuses a delivery naming an account we do not know", async () => {
    await expectUnauthorized(await zendeskDelivery(created(2006), { subdomain: "someone-else" }));
    await expectUnauthorized(await zendeskDelivery(created(2006), { subdomain: "../etc" }));
  });

  it("queues one job for a delivery Zendesk sends twice", async () => {
    const first = nextJobFor(2007);
    const invocationId = newId("inv");
    expect((await zendeskDelivery(created(2007), { invocationId })).status).toBe(202);
    await first;
    const again = await zendeskDelivery(created(2007), { invocationId });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "duplicate" });
    // The queue runs one job at a time in order: had the repeat queued a job, it would run first.
    const sentinel = nextJobFor(2008);
    await zendeskDelivery(created(2008));
    await sentinel;
    expect(jobs.filter((data) => data.ticketId === 2007)).toHaveLength(1);
  });

  it("queues for a customer's new message and ignores an agent's while no category is in shadow mode", async () => {
    const event = (id: string, authorId: number) =>
      JSON.stringify({
        id,
        type: "zen:event-type:ticket.comment_added",
        account_id: 123,
        detail: { id: "2009", requester_id: "501" },
        event: { comment: { id: "9", author: { id: String(authorId) }, is_public: true } },
      });
    const fromAgent = await zendeskDelivery(event(newId("evt"), 777));
    expect(await fromAgent.json()).toEqual({ status: "ignored" });
    const job = nextJobFor(2009);
    const fromCustomer = await zendeskDelivery(event(newId("evt"), 501));
    expect(fromCustomer.status).toBe(202);
    expect(await job).toEqual({ installationId: installation.id, ticketId: 2009 });
  });

  it("takes Zendesk's retry when the job could not be queued the first time", async () => {
    let failures = 1;
    const flaky: JobQueue = {
      ...queue,
      async send(name, data, options) {
        if (failures > 0) {
          failures -= 1;
          throw new Error("queue unavailable");
        }
        return queue.send(name, data, options);
      },
    };
    const flakyApp = createApp({ ...harness.deps, ...appOverrides(), queue: flaky });
    const invocationId = newId("inv");
    const timestamp = now.toISOString();
    const body = created(2010);
    const deliver = () =>
      flakyApp.request(`/webhooks/zendesk?subdomain=${installation.subdomain}`, {
        method: "POST",
        headers: {
          "x-zendesk-webhook-signature": signZendeskWebhook(webhookSecret, timestamp, body),
          "x-zendesk-webhook-signature-timestamp": timestamp,
          "x-zendesk-webhook-invocation-id": invocationId,
        },
        body,
      });
    const first = await deliver();
    expect(first.status).toBe(500);
    const job = nextJobFor(2010);
    const retry = await deliver();
    expect(retry.status).toBe(202);
    await job;
  });

  it("answers a signed body that is not a ticket event with a 400 problem", async () => {
    const response = await zendeskDelivery(JSON.stringify({ hello: "world" }));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });

  it("refuses a body over the webhook limit", async () => {
    const body = JSON.stringify({
      type: "ticket.created",
      ticket_id: "1",
      pad: "x".repeat(70_000),
    });
    const response = await zendeskDelivery(body);
    expect(response.status).toBe(413);
  });
});

/** A `ticket.comment_added` event on ticket `ticketId`, whose requester is user 501. */
function commentAdded(
  ticketId: number,
  comment: { authorId: number; isPublic: boolean; isStaff?: boolean },
  id = newId("evt"),
) {
  return JSON.stringify({
    id,
    type: "zen:event-type:ticket.comment_added",
    account_id: 123,
    time: "2026-11-20T12:00:00Z",
    zendesk_event_version: "2022-11-06",
    subject: `zen:ticket:${ticketId}`,
    detail: { id: String(ticketId), requester_id: "501", status: "OPEN" },
    event: {
      comment: {
        id: "9",
        body: "Thanks, your refund is on its way.",
        is_public: comment.isPublic,
        author: {
          id: String(comment.authorId),
          name: "Someone",
          ...(comment.isStaff === undefined ? {} : { is_staff: comment.isStaff }),
        },
      },
    },
  });
}

function statusChanged(ticketId: number, current: string, previous = "OPEN") {
  return JSON.stringify({
    id: newId("evt"),
    type: "zen:event-type:ticket.status_changed",
    account_id: 123,
    subject: `zen:ticket:${ticketId}`,
    detail: { id: String(ticketId), requester_id: "501", status: current },
    event: { current, previous },
  });
}

describe("an agent answering, in shadow mode", () => {
  beforeAll(async () => {
    await saveSettingsVersion(
      harness.deps.database.db,
      installation.id,
      {
        policy: {},
        brandVoice: {},
        modes: { refund: "shadow" },
        leadRoles: ["admin"],
        changedBy: "agent:1",
      },
      0,
    );
  });

  it("queues one comparison, and no brief, for an agent's public reply", async () => {
    const comparison = nextComparisonFor(2101);
    const response = await zendeskDelivery(commentAdded(2101, { authorId: 777, isPublic: true }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "queued" });
    expect(await comparison).toEqual({ installationId: installation.id, ticketId: 2101 });
    // One job at a time, in order: a brief queued for 2101 would have run before this one.
    const sentinel = nextJobFor(2102);
    await zendeskDelivery(created(2102));
    await sentinel;
    expect(jobs.filter((data) => data.ticketId === 2101)).toEqual([]);
    const events = await listAuditEvents(harness.deps.database.db, installation.id);
    expect(events.find((event) => event.data.externalTicketId === "2101")?.data).toMatchObject({
      topic: "ticket.comment_added",
      kind: "compare",
    });
  });

  it("still prepares the brief, and compares nothing, for the customer's message", async () => {
    const job = nextJobFor(2103);
    const response = await zendeskDelivery(commentAdded(2103, { authorId: 501, isPublic: true }));
    expect(response.status).toBe(202);
    expect(await job).toEqual({ installationId: installation.id, ticketId: 2103 });
    const sentinel = nextComparisonFor(2104);
    await zendeskDelivery(commentAdded(2104, { authorId: 777, isPublic: true }));
    await sentinel;
    expect(comparisons.filter((data) => data.ticketId === 2103)).toEqual([]);
  });

  it("ignores an agent's internal note and a public comment by an end user other than the requester", async () => {
    const note = await zendeskDelivery(commentAdded(2105, { authorId: 777, isPublic: false }));
    expect(await note.json()).toEqual({ status: "ignored" });
    const endUser = await zendeskDelivery(
      commentAdded(2105, { authorId: 888, isPublic: true, isStaff: false }),
    );
    expect(await endUser.json()).toEqual({ status: "ignored" });
    const staff = nextComparisonFor(2105);
    const agent = await zendeskDelivery(
      commentAdded(2105, { authorId: 777, isPublic: true, isStaff: true }),
    );
    expect(agent.status).toBe(202);
    await staff;
    expect(comparisons.filter((data) => data.ticketId === 2105)).toHaveLength(1);
  });

  it("queues the comparison when the ticket is solved, and not for another status", async () => {
    const pending = await zendeskDelivery(statusChanged(2106, "PENDING"));
    expect(await pending.json()).toEqual({ status: "ignored" });
    const solved = nextComparisonFor(2106);
    const response = await zendeskDelivery(statusChanged(2106, "SOLVED"));
    expect(response.status).toBe(202);
    expect(await solved).toEqual({ installationId: installation.id, ticketId: 2106 });
  });

  it("queues the comparison from the agent-replied and solved triggers", async () => {
    const replied = nextComparisonFor(2107);
    const body = JSON.stringify({ type: "ticket.agent_comment", ticket_id: "2107" });
    expect((await zendeskDelivery(body)).status).toBe(202);
    await replied;
    const solved = nextComparisonFor(2108);
    const solvedBody = JSON.stringify({ type: "ticket.solved", ticket_id: "2108" });
    expect((await zendeskDelivery(solvedBody)).status).toBe(202);
    await solved;
  });

  it("queues one comparison for an event Zendesk delivers twice", async () => {
    const first = nextComparisonFor(2109);
    const body = commentAdded(2109, { authorId: 777, isPublic: true }, newId("evt"));
    expect((await zendeskDelivery(body)).status).toBe(202);
    await first;
    const again = await zendeskDelivery(body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "duplicate" });
    const sentinel = nextComparisonFor(2110);
    await zendeskDelivery(commentAdded(2110, { authorId: 777, isPublic: true }));
    await sentinel;
    expect(comparisons.filter((data) => data.ticketId === 2109)).toHaveLength(1);
  });
});

describe("reading Zendesk's deliveries", () => {
  it("keeps reading ticket.created whose event carries an object", () => {
    expect(
      readZendeskEvent({
        id: "01HN",
        type: "zen:event-type:ticket.created",
        detail: { id: "35436", status: "Open" },
        event: { current: { status: "Open" } },
      }),
    ).toEqual({ kind: "prepare", topic: "ticket.created", ticketId: 35436, eventId: "01HN" });
  });

  it("ignores a comment whose author or requester it cannot tell", () => {
    expect(
      readZendeskEvent({
        id: "e1",
        type: "zen:event-type:ticket.comment_added",
        detail: { id: "5" },
        event: { comment: { is_public: true, author: { id: "7" } } },
      }),
    ).toMatchObject({ kind: "ignore" });
  });
});

describe("POST /webhooks/shopify/<topic>", () => {
  let shopInstallation: Installation;
  let otherInstallation: Installation;
  const shopDomain = `${newId("shop").replace("_", "-")}.myshopify.com`;

  beforeAll(async () => {
    shopInstallation = await ensureInstallation(harness.deps.database.db, {
      helpdesk: "local",
      subdomain: newId("test"),
      shopDomain,
      secretRef: "env:TEST",
    });
    otherInstallation = await ensureInstallation(harness.deps.database.db, {
      helpdesk: "local",
      subdomain: newId("test"),
      shopDomain: `${newId("other").replace("_", "-")}.myshopify.com`,
      secretRef: "env:TEST",
    });
  });

  async function ticketFor(target: Installation, externalId: string, email: string) {
    return upsertTicket(harness.deps.database.db, target.id, {
      externalId,
      subject: "Refund please",
      requesterEmail: email,
      requesterName: "Customer",
      customerMessages: 1,
      lastCustomerMessageAt: null,
    });
  }

  function shopifyDelivery(topic: string, payload: unknown, hmac?: string) {
    const body = JSON.stringify(payload);
    return app.request(`/webhooks/shopify/${topic}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": topic,
        "x-shopify-shop-domain": shopDomain,
        "x-shopify-webhook-id": newId("wh"),
        "x-shopify-hmac-sha256": hmac ?? signShopifyWebhook(shopifySecret, body),
      },
      body,
    });
  }

  it("refuses a delivery with a missing or wrong HMAC", async () => {
    const payload = { shop_domain: shopDomain };
    await expectUnauthorized(await shopifyDelivery("shop/redact", payload, ""));
    await expectUnauthorized(
      await shopifyDelivery("shop/redact", payload, signShopifyWebhook("other", "{}")),
    );
  });

  it("erases a customer's tickets on customers/redact, only in that shop, and audits it", async () => {
    await ticketFor(shopInstallation, "3001", "Gone@Example.com");
    await ticketFor(shopInstallation, "3002", "stays@example.com");
    await ticketFor(otherInstallation, "3003", "gone@example.com");
    const response = await shopifyDelivery("customers/redact", {
      shop_id: 1,
      shop_domain: shopDomain,
      customer: { id: 42, email: "gone@example.com", phone: null },
      orders_to_redact: [1042],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "done", installations: 1, ticketsErased: 1 });
    const events = await listAuditEvents(harness.deps.database.db, shopInstallation.id);
    const redacted = events.find((event) => event.type === "privacy.customer_redacted");
    expect(redacted?.data).toMatchObject({ customerId: "42", ticketsErased: 1 });
    expect(JSON.stringify(events)).not.toContain("gone@example.com");
    const response2 = await shopifyDelivery("customers/data_request", {
      shop_id: 1,
      shop_domain: shopDomain,
      customer: { id: 43, email: "stays@example.com" },
      orders_requested: [7],
      data_request: { id: 9999 },
    });
    expect(response2.status).toBe(200);
    expect(await response2.json()).toMatchObject({ status: "done", ticketsHeld: 1 });
    const after = await listAuditEvents(harness.deps.database.db, shopInstallation.id);
    const requested = after.find((event) => event.type === "privacy.customer_data_requested");
    expect(requested?.data).toMatchObject({ customerId: "43", dataRequestId: "9999" });
    expect(requested?.data.ticketsHeld).toHaveLength(1);
    const otherEvents = await listAuditEvents(harness.deps.database.db, otherInstallation.id);
    expect(otherEvents).toEqual([]);
  });

  it("erases every ticket of the shop on shop/redact", async () => {
    await ticketFor(shopInstallation, "3010", "a@example.com");
    await ticketFor(otherInstallation, "3011", "b@example.com");
    const response = await shopifyDelivery("shop/redact", { shop_id: 1, shop_domain: shopDomain });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ticketsErased: number };
    expect(body.ticketsErased).toBeGreaterThanOrEqual(1);
    const events = await listAuditEvents(harness.deps.database.db, shopInstallation.id);
    expect(events.map((event) => event.type)).toContain("privacy.shop_redacted");
    const again = await shopifyDelivery("shop/redact", { shop_id: 1, shop_domain: shopDomain });
    expect(await again.json()).toMatchObject({ ticketsErased: 0 });
  });

  it("accepts other topics it does not act on", async () => {
    const response = await shopifyDelivery("products/update", { id: 1 });
    expect(await response.json()).toEqual({ status: "ignored" });
  });
});

describe("a brief prepared before the agent opens the ticket", () => {
  it("is ready the first time the sidebar asks, after the ticket-created webhook", async () => {
    const demo = await createHarness(undefined, { demo: true });
    const inner = createInProcessQueue({ logger: createLogger("silent") });
    let ran: (run: Promise<void>) => void = () => {};
    const firstRun = new Promise<Promise<void>>((resolve) => {
      ran = resolve;
    });
    // The worker's handler, watched so the test knows when the prepared brief is stored.
    const watched: JobQueue = {
      ...inner,
      async work(name, handler) {
        await inner.work(name, (data) => {
          const run = handler(data);
          ran(run);
          return run;
        });
      },
    };
    const deps = {
      ...demo.deps,
      queue: watched,
      webhookSecretFor: async (candidate: Installation) =>
        candidate.id === demo.installation.id ? webhookSecret : null,
    };
    const workers = await startWorkers(deps, { outboxEveryMs: 60_000 });
    await watched.start();
    try {
      const body = created(101);
      const timestamp = now.toISOString();
      const response = await createApp(deps).request(
        `/webhooks/zendesk?subdomain=${demo.installation.subdomain}`,
        {
          method: "POST",
          headers: {
            "x-zendesk-webhook-signature": signZendeskWebhook(webhookSecret, timestamp, body),
            "x-zendesk-webhook-signature-timestamp": timestamp,
            "x-zendesk-webhook-invocation-id": newId("inv"),
          },
          body,
        },
      );
      expect(response.status).toBe(202);
      await await firstRun;
      const brief = await createApp(deps).request("/api/tickets/101/brief", {
        headers: { authorization: `Bearer ${await demo.token()}` },
      });
      expect(brief.status).toBe(200);
      expect(await brief.json()).toMatchObject({ status: "ready" });
    } finally {
      await workers.stop();
      await watched.stop();
      await demo.close();
    }
  });
});
