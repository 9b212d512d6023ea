// Concurrency on the real database (PGlite, or PostgreSQL when DATABASE_URL is set): many
// clicks, two agents and webhook storms must still move money and goods exactly once.
import { randomBytes } from "node:crypto";
import type { DatabaseHandle } from "@countersign/db";
import { newId } from "@countersign/db";
import { openTestDatabase } from "@countersign/db/testing";
import { createShopifyCommerce, demoStoreFetch } from "@countersign/shopify";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { DEMO_STORE_TOKEN } from "../src/compose";
import {
  createInProcessQueue,
  createPgBossQueue,
  type JobData,
  type JobQueue,
} from "../src/jobs/queue";
import { createLogger } from "../src/logger";
import { prepareBrief } from "../src/use-cases/prepare-brief";
import { signZendeskWebhook } from "../src/webhooks/signatures";
import { approveRequest, createHarness, type Harness, now, readyBrief } from "./harness";

let database: DatabaseHandle;

beforeAll(async () => {
  database = await openTestDatabase();
});

afterAll(async () => {
  await database.close();
});

/** Counts the Admin API operations the adapter sends to the demo store, by name. */
function countOperations(harness: Harness): Map<string, number> {
  const counts = new Map<string, number>();
  const inner = demoStoreFetch(harness.store);
  const commerce = createShopifyCommerce({
    shop: "northwind-threads.myshopify.com",
    accessToken: DEMO_STORE_TOKEN,
    sleep: async () => {},
    fetch: async (input, init) => {
      const body =
        typeof init?.body === "string"
          ? init.body
          : input instanceof Request
            ? await input.clone().text()
            : "";
      const query = String((JSON.parse(body || "{}") as { query?: unknown }).query ?? "");
      const name = /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "unknown";
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return inner(input, init);
    },
  });
  harness.deps.commerceFor = () => commerce;
  return counts;
}

function orderOf(harness: Harness, orderGid: string) {
  const id = orderGid.split("/").at(-1);
  const order = harness.store.snapshot().orders.find((candidate) => String(candidate.id) === id);
  if (!order) {
    throw new Error(`no order ${orderGid} in the demo store`);
  }
  return order;
}

async function publicReplies(harness: Harness, ticketId: number): Promise<string[]> {
  const ticket = await harness.helpdesk.getTicket(ticketId);
  return ticket.comments
    .filter((comment) => comment.author === "agent" && comment.public)
    .map((comment) => comment.body);
}

describe("50 concurrent approvals of one draft", () => {
  it("refund exactly once and post one reply", async () => {
    const harness = await createHarness(database, { demo: true });
    const operations = countOperations(harness);
    const brief = await readyBrief(harness, 104);
    expect(brief.decision).toMatchObject({ action: "refund", approval: "lead" });
    const orderId = brief.order?.id ?? "";
    const refundsBefore = orderOf(harness, orderId).refunds.length;
    const text = `${brief.draft.text}\n\n(approved once)`;

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        approveRequest(harness, 104, brief.draft.id, {
          text,
          idempotencyKey: `click-${index}-of-50`,
        }),
      ),
    );
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as {
      actionId: string;
      state: string;
    }[];

    // Every click either reports the one action or, when the clicks' order re-reads drained
    // Shopify's cost bucket first (on PostgreSQL they truly run at once), is told to slow down.
    const statuses = responses.map((response) => response.status);
    expect(
      statuses.every((status) => status === 200 || status === 429),
      String(statuses),
    ).toBe(true);
    for (const response of responses.filter((candidate) => candidate.status === 429)) {
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
    const accepted = bodies.filter((_, index) => statuses[index] === 200);
    expect(accepted.length).toBeGreaterThan(0);
    expect(new Set(accepted.map((body) => body.actionId)).size).toBe(1);
    expect(operations.get("RefundCreate")).toBe(1);
    const order = orderOf(harness, orderId);
    expect(order.refunds.length - refundsBefore).toBe(1);
    expect(await publicReplies(harness, 104)).toEqual([text]);
    await harness.close();
  });
});

describe("two agents approving different drafts of one ticket", () => {
  it("lets the current draft win and answers the replaced one with a clear 409", async () => {
    const harness = await createHarness(database, { demo: true });
    const operations = countOperations(harness);
    const input = { installation: harness.installation, ticketId: 103 };
    const older = await prepareBrief({ deps: harness.deps, input });
    const newer = await prepareBrief({ deps: harness.deps, input });
    expect(newer.brief.draft.id).not.toBe(older.brief.draft.id);
    expect(newer.brief.decision.action).toBe("return");

    const [fromOld, fromNew] = await Promise.all([
      approveRequest(harness, 103, older.brief.draft.id, { agent: "2", text: "old draft" }),
      approveRequest(harness, 103, newer.brief.draft.id, { agent: "1", text: "new draft" }),
    ]);

    expect(fromNew.status).toBe(200);
    expect(fromOld.status).toBe(409);
    expect(fromOld.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const problem = (await fromOld.json()) as { code: string; detail: string };
    expect(problem.code).toBe("CONFLICT");
    expect(problem.detail).toMatch(/newer brief replaced this draft/i);
    expect(operations.get("ReturnCreate")).toBe(1);
    const view = await harness.commerce.getOrder(newer.brief.order?.id ?? "");
    expect(view.view.returns.filter((item) => item.status === "open")).toHaveLength(1);
    expect(await publicReplies(harness, 103)).toEqual(["new draft"]);
    await harness.close();
  });

  it("never ships a second replacement from a later draft of the same ticket", async () => {
    const harness = await createHarness(database, { demo: true });
    const operations = countOperations(harness);
    const first = await readyBrief(harness, 105);
    expect(first.decision.action).toBe("replace");
    const done = await approveRequest(harness, 105, first.draft.id, { text: "replacement sent" });
    expect(done.status).toBe(200);
    // The customer writes again: a new brief, which still reads "replace" (the original order
    // does not show the replacement), must not ship the goods a second time.
    const second = await prepareBrief({
      deps: harness.deps,
      input: { installation: harness.installation, ticketId: 105 },
    });
    expect(second.brief.decision.action).toBe("replace");
    const again = await approveRequest(harness, 105, second.brief.draft.id, { text: "again" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { detail: string }).detail).toMatch(/already approved/);
    expect(operations.get("ReplacementDraft")).toBe(1);
    expect(await publicReplies(harness, 105)).toEqual(["replacement sent"]);
    await harness.close();
  });
});

interface StormQueues {
  /** One queue client per replica; the first one works the jobs. */
  queues: JobQueue[];
  cleanup(): Promise<void>;
}

const stormSetups: [string, () => Promise<StormQueues>][] = [
  [
    "one process, in-process queue",
    async () => ({
      queues: [createInProcessQueue({ logger: createLogger("silent"), concurrency: 4 })],
      cleanup: async () => {},
    }),
  ],
];
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  stormSetups.push([
    "two replicas sharing PostgreSQL through pg-boss",
    async () => {
      const schema = `pgboss_storm_${randomBytes(4).toString("hex")}`;
      const replica = () =>
        createPgBossQueue({
          connectionString: databaseUrl,
          logger: createLogger("silent"),
          schema,
          pollingIntervalSeconds: 0.5,
        });
      return {
        queues: [replica(), replica()],
        cleanup: async () => {
          await database.db.execute(sql.raw(`drop schema if exists ${schema} cascade`));
        },
      };
    },
  ]);
}

describe("a webhook storm with duplicates", () => {
  const webhookSecret = "storm-webhook-secret-0123456789abcdef";
  const tickets = Array.from({ length: 25 }, (_, index) => 5001 + index);

  it.each(stormSetups)(
    "%s: one brief job per ticket, however many deliveries arrive",
    async (_name, setup) => {
      const harness = await createHarness(database);
      const { queues, cleanup } = await setup();
      const jobs: JobData[] = [];
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      for (const queue of queues) {
        await queue.start();
      }
      await queues[0]?.work("prepare-brief", async (data) => {
        jobs.push(data);
        // Jobs stay running until every delivery is in, as a slow brief would.
        await gate;
      });
      const apps = queues.map((queue) =>
        createApp(
          {
            ...harness.deps,
            queue,
            webhookSecretFor: async (candidate) =>
              candidate.id === harness.installation.id ? webhookSecret : null,
          },
          { rateLimits: { api: null, webhooks: null } },
        ),
      );
      const timestamp = now.toISOString().replace(/\.\d{3}Z$/, "Z");
      let sent = 0;
      const deliver = (
        ticketId: number,
        invocationId: string,
        event?: { id: string; type: string },
      ) => {
        const body = JSON.stringify(
          event
            ? {
                id: event.id,
                type: event.type,
                detail: { id: ticketId, requester_id: "77" },
                event: { comment: { author: { id: "77" }, is_public: true } },
              }
            : { type: "ticket.created", ticket_id: String(ticketId) },
        );
        // The load balancer spreads deliveries over the replicas.
        const app = apps[sent++ % apps.length] as (typeof apps)[number];
        return app.request(`/webhooks/zendesk?subdomain=${harness.installation.subdomain}`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-zendesk-webhook-signature-timestamp": timestamp,
            "x-zendesk-webhook-signature": signZendeskWebhook(webhookSecret, timestamp, body),
            "x-zendesk-webhook-invocation-id": invocationId,
          },
          body,
        });
      };

      const deliveries: (Response | Promise<Response>)[] = [];
      for (const ticketId of tickets) {
        const invocationId = newId("inv");
        const created = { id: newId("evt"), type: "zen:event-type:ticket.created" };
        const comment = { id: newId("evt"), type: "zen:event-type:ticket.comment_added" };
        for (let copy = 0; copy < 3; copy++) {
          // Zendesk's at-least-once redelivery: the same invocation, again.
          deliveries.push(deliver(ticketId, invocationId));
          // The same events from an event subscription, each delivered more than once; the
          // customer's comment is another event for the same ticket while its job is waiting.
          deliveries.push(deliver(ticketId, newId("inv"), created));
          deliveries.push(deliver(ticketId, newId("inv"), comment));
        }
      }
      const responses = await Promise.all(deliveries);
      const bodies = (await Promise.all(responses.map((response) => response.json()))) as {
        status: string;
      }[];
      release();
      for (let wait = 0; wait < 400 && jobs.length < tickets.length; wait++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      // Long enough for a duplicate job, had one been queued, to be picked up too.
      await new Promise((resolve) => setTimeout(resolve, queues.length > 1 ? 1500 : 50));
      for (const queue of queues) {
        await queue.stop();
      }
      await cleanup();

      expect(
        responses.map((response) => response.status).filter((status) => status >= 300),
      ).toEqual([]);
      expect(bodies.filter((body) => body.status === "queued")).toHaveLength(tickets.length);
      const byTicket = Map.groupBy(jobs, (job) => Number(job.ticketId));
      expect([...byTicket.keys()].sort()).toEqual(tickets);
      expect([...byTicket.values()].map((list) => list.length)).toEqual(tickets.map(() => 1));
      await harness.close();
    },
  );
});
