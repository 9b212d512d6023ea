// Faults at every outside edge during an approval: what the agent is told, what the action row
// says, what is audited, and proof that nothing runs twice. Shopify's faults are injected at
// the HTTP edge of the real adapter (in front of the demo store); the helpdesk and the model
// fail through their real clients or as the adapters report them.
import { createClaudeClassifier, createClaudeDrafter } from "@countersign/assistant";
import {
  createDatabase,
  type DatabaseHandle,
  findActionByKey,
  type Installation,
  listAuditEvents,
} from "@countersign/db";
import { openTestDatabase } from "@countersign/db/testing";
import type { HelpdeskClient } from "@countersign/helpdesk";
import { RateLimitedError, UpstreamError } from "@countersign/shared";
import { createShopifyCommerce, demoStoreFetch } from "@countersign/shopify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STORE_TOKEN } from "../src/compose";
import { deliverOutbox } from "../src/use-cases/deliver-outbox";
import { reconcileActions } from "../src/use-cases/reconcile-actions";
import { startWorkers } from "../src/workers";
import {
  approveRequest,
  createHarness,
  type Harness,
  now,
  type ReadyBriefView,
  readyBrief,
} from "./harness";

let database: DatabaseHandle;

beforeAll(async () => {
  database = await openTestDatabase();
});

afterAll(async () => {
  await database.close();
});

type Fault =
  /** Shopify answers this HTTP status and does nothing. */
  | { kind: "status"; status: number }
  /** Shopify's GraphQL cost limit: nothing ran. */
  | { kind: "throttled" }
  /** The request times out before an answer: nothing ran. */
  | { kind: "timeout" }
  /** Shopify refuses the mutation with a userError. */
  | { kind: "userErrors"; field: string; message: string }
  /** Shopify carries the mutation out, then the answer is lost (a 502 from the edge). */
  | { kind: "lost" }
  /** Shopify carries the mutation out and this process stops before it hears back. */
  | { kind: "stops-after" }
  /** This process stops before the call leaves. */
  | { kind: "stops-before" };

interface FaultyShopify {
  /** Calls that reached the fault layer, by operation name. */
  calls: Map<string, number>;
  /** Operations carried out by the demo store, by name. */
  executed: Map<string, number>;
  /** Makes `operation` fail this way (every time, or `times` times). */
  fail(operation: string, fault: Fault, times?: number): void;
  /** Resolves when `operation` reached the store (for the stop-mid-way cases). */
  reached(operation: string): Promise<void>;
}

/** The real Shopify adapter over the demo store, with faults injected at its HTTP edge. */
function faultyShopify(harness: Harness): FaultyShopify {
  const inner = demoStoreFetch(harness.store);
  const calls = new Map<string, number>();
  const executed = new Map<string, number>();
  const faults = new Map<string, { fault: Fault; left: number }>();
  const waiters = new Map<string, () => void>();
  const bump = (map: Map<string, number>, name: string) => map.set(name, (map.get(name) ?? 0) + 1);
  const never = new Promise<Response>(() => {});
  const run = async (name: string, input: string | URL | Request, init?: RequestInit) => {
    const response = await inner(input, init);
    bump(executed, name);
    waiters.get(name)?.();
    return response;
  };
  const commerce = createShopifyCommerce({
    shop: "northwind-threads.myshopify.com",
    accessToken: DEMO_STORE_TOKEN,
    sleep: async () => {},
    fetch: async (input, init) => {
      const body = typeof init?.body === "string" ? init.body : "{}";
      const query = String((JSON.parse(body) as { query?: unknown }).query ?? "");
      const name = /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "unknown";
      bump(calls, name);
      const rule = faults.get(name);
      if (!rule || rule.left <= 0) {
        return run(name, input, init);
      }
      rule.left -= 1;
      const json = (status: number, payload: unknown, headers: Record<string, string> = {}) =>
        new Response(JSON.stringify(payload), {
          status,
          headers: { "content-type": "application/json", ...headers },
        });
      switch (rule.fault.kind) {
        case "status":
          return json(
            rule.fault.status,
            { errors: "Service unavailable" },
            rule.fault.status === 429 ? { "retry-after": "2" } : {},
          );
        case "throttled":
          return json(200, {
            errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
            extensions: {
              cost: {
                requestedQueryCost: 30,
                actualQueryCost: null,
                throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 },
              },
            },
          });
        case "timeout":
          throw new DOMException("The operation was aborted due to timeout", "TimeoutError");
        case "userErrors": {
          const root = name === "RefundCreate" ? "refundCreate" : "returnCreate";
          return json(200, {
            data: {
              [root]: {
                refund: null,
                return: null,
                order: null,
                userErrors: [{ field: [rule.fault.field], message: rule.fault.message }],
              },
            },
          });
        }
        case "lost":
          await run(name, input, init);
          return json(502, { errors: "Bad gateway" });
        case "stops-after":
          await run(name, input, init);
          return never;
        case "stops-before":
          waiters.get(name)?.();
          return never;
      }
    },
  });
  harness.deps.commerceFor = () => commerce;
  return {
    calls,
    executed,
    fail(operation, fault, times = Number.POSITIVE_INFINITY) {
      faults.set(operation, { fault, left: times });
    },
    reached(operation) {
      return new Promise((resolve) => waiters.set(operation, resolve));
    },
  };
}

interface Outcome {
  state: string;
  message: string;
  replySent: boolean;
}

async function actionOf(harness: Harness, draftId: string) {
  const action = await findActionByKey(database.db, harness.installation.id, `draft:${draftId}`);
  if (!action) {
    throw new Error(`no action recorded for ${draftId}`);
  }
  return action;
}

async function auditTypes(installation: Installation): Promise<string[]> {
  const events = await listAuditEvents(database.db, installation.id);
  return events.map((event) => event.type);
}

async function agentReplies(harness: Harness, ticketId: number): Promise<string[]> {
  const ticket = await harness.helpdesk.getTicket(ticketId);
  return ticket.comments
    .filter((comment) => comment.author === "agent" && comment.public)
    .map((comment) => comment.body);
}

/** Posts this tenant's due outbox messages as the background round would, `later` ms on. */
async function drainLater(harness: Harness, later = 180_000) {
  const real = harness.deps.clock;
  harness.deps.clock = () => new Date(Date.now() + later);
  try {
    return await deliverOutbox({
      deps: harness.deps,
      input: { installation: harness.installation },
    });
  } finally {
    harness.deps.clock = real;
  }
}

/** Runs reconciliation as a worker would two minutes after the interruption. */
function reconcileLater(harness: Harness) {
  const real = harness.deps.clock;
  harness.deps.clock = () => new Date(Date.now() + 120_000);
  const input = { installationId: harness.installation.id };
  return reconcileActions({ deps: harness.deps, input }).finally(() => {
    harness.deps.clock = real;
  });
}

async function refundSetup() {
  const harness = await createHarness(database, { demo: true });
  const shopify = faultyShopify(harness);
  const brief = await readyBrief(harness, 104);
  expect(brief.decision).toMatchObject({ action: "refund", approval: "lead" });
  return { harness, shopify, brief };
}

async function returnSetup() {
  const harness = await createHarness(database, { demo: true });
  const shopify = faultyShopify(harness);
  const brief = await readyBrief(harness, 103);
  expect(brief.decision.action).toBe("return");
  return { harness, shopify, brief };
}

function openReturns(harness: Harness, brief: ReadyBriefView) {
  const id = brief.order?.id.split("/").at(-1);
  const order = harness.store.snapshot().orders.find((candidate) => String(candidate.id) === id);
  return (order?.returns ?? []).length;
}

function refundsOf(harness: Harness, brief: ReadyBriefView) {
  const id = brief.order?.id.split("/").at(-1);
  const order = harness.store.snapshot().orders.find((candidate) => String(candidate.id) === id);
  return (order?.refunds ?? []).length;
}

describe("Shopify fails during the refund", () => {
  it.each([
    ["a 503 on every attempt", { kind: "status", status: 503 } as Fault, 502, "UPSTREAM_FAILED"],
    ["a 429 on every attempt", { kind: "status", status: 429 } as Fault, 429, "RATE_LIMITED"],
    ["THROTTLED on every attempt", { kind: "throttled" } as Fault, 429, "RATE_LIMITED"],
    ["a timeout on every attempt", { kind: "timeout" } as Fault, 502, "UPSTREAM_FAILED"],
  ])(
    "%s: the agent gets a problem, the action waits for reconciliation, a retry runs nothing",
    async (_name, fault, status, code) => {
      const { harness, shopify, brief } = await refundSetup();
      const refundsBefore = refundsOf(harness, brief);
      shopify.fail("RefundCreate", fault);

      const response = await approveRequest(harness, 104, brief.draft.id, { text: "Refunded." });
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      const problem = (await response.json()) as { code: string; detail: string };
      expect(problem.code).toBe(code);
      expect(problem.detail).not.toMatch(/Service unavailable|Bad gateway/);
      if (status === 502) {
        // The refund may have happened: the agent is told not to repeat it by hand.
        expect(problem.detail).toMatch(/may or may not have happened\. Do not repeat it by hand/);
      }
      if (status === 429) {
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      }
      // Refunds carry Shopify's idempotency key, so the adapter retried the same key; no more.
      expect(shopify.calls.get("RefundCreate")).toBe(4);
      expect((await actionOf(harness, brief.draft.id)).state).toBe("needs_reconcile");
      expect(await auditTypes(harness.installation)).toEqual(
        expect.arrayContaining(["action.approved", "action.failed"]),
      );

      const retry = await approveRequest(harness, 104, brief.draft.id, { text: "Refunded." });
      expect(retry.status).toBe(200);
      expect(((await retry.json()) as Outcome).message).toBe(
        "This approval is already being carried out.",
      );
      expect(shopify.calls.get("RefundCreate")).toBe(4);

      const report = await reconcileLater(harness);
      expect(report).toMatchObject({ failed: 1, succeeded: 0 });
      expect((await actionOf(harness, brief.draft.id)).state).toBe("failed");
      expect(await auditTypes(harness.installation)).toContain("action.reconciled");
      const after = await approveRequest(harness, 104, brief.draft.id, { text: "Refunded." });
      expect(((await after.json()) as Outcome).message).toMatch(/^Nothing was done/);
      expect(refundsOf(harness, brief)).toBe(refundsBefore);
      expect(shopify.executed.get("RefundCreate") ?? 0).toBe(0);
      expect(await agentReplies(harness, 104)).toEqual([]);
      await harness.close();
    },
  );

  it("a 503 that passes: the same idempotency key is retried and the refund lands once", async () => {
    const { harness, shopify, brief } = await refundSetup();
    const refundsBefore = refundsOf(harness, brief);
    shopify.fail("RefundCreate", { kind: "status", status: 503 }, 2);
    const response = await approveRequest(harness, 104, brief.draft.id, { text: "Refunded." });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Outcome).message).toMatch(/^Refund of .* issued\. Reply/);
    expect(shopify.calls.get("RefundCreate")).toBe(3);
    expect(refundsOf(harness, brief) - refundsBefore).toBe(1);
    await harness.close();
  });

  it("an answer lost after Shopify refunded: the retry with the same key refunds nothing more", async () => {
    const { harness, shopify, brief } = await refundSetup();
    const refundsBefore = refundsOf(harness, brief);
    shopify.fail("RefundCreate", { kind: "lost" }, 1);
    const response = await approveRequest(harness, 104, brief.draft.id, { text: "Refunded." });
    expect(response.status).toBe(200);
    expect((await actionOf(harness, brief.draft.id)).state).toBe("succeeded");
    expect(shopify.executed.get("RefundCreate")).toBe(2);
    expect(refundsOf(harness, brief) - refundsBefore).toBe(1);
    expect(await agentReplies(harness, 104)).toEqual(["Refunded."]);
    await harness.close();
  });

  it("userErrors: nothing was done, the action failed, the agent reads Shopify's reason", async () => {
    const { harness, shopify, brief } = await refundSetup();
    shopify.fail("RefundCreate", {
      kind: "userErrors",
      field: "refundLineItems",
      message: "Quantity cannot refund more items than were purchased",
    });
    const response = await approveRequest(harness, 104, brief.draft.id, { text: "Refunded." });
    expect(response.status).toBe(200);
    const outcome = (await response.json()) as Outcome;
    expect(outcome).toMatchObject({ state: "failed", replySent: false });
    expect(outcome.message).toMatch(/^Nothing was done: Shopify refused refundCreate: Quantity/);
    expect(shopify.calls.get("RefundCreate")).toBe(1);
    expect((await actionOf(harness, brief.draft.id)).state).toBe("failed");
    const failed = (await listAuditEvents(database.db, harness.installation.id)).find(
      (event) => event.type === "action.failed",
    );
    expect(failed?.data).toMatchObject({ state: "failed" });
    const retry = await approveRequest(harness, 104, brief.draft.id, { text: "Refunded." });
    expect(((await retry.json()) as Outcome).state).toBe("failed");
    expect(shopify.calls.get("RefundCreate")).toBe(1);
    expect(await agentReplies(harness, 104)).toEqual([]);
    await harness.close();
  });
});

describe("Shopify fails during a return (not idempotent in Shopify)", () => {
  it("a 503 is never retried: needs_reconcile, and reconciliation finds nothing and fails it", async () => {
    const { harness, shopify, brief } = await returnSetup();
    shopify.fail("ReturnCreate", { kind: "status", status: 503 });
    const response = await approveRequest(harness, 103, brief.draft.id, { text: "Return open." });
    expect(response.status).toBe(502);
    expect(shopify.calls.get("ReturnCreate")).toBe(1);
    expect((await actionOf(harness, brief.draft.id)).state).toBe("needs_reconcile");
    expect(await reconcileLater(harness)).toMatchObject({ failed: 1 });
    expect(openReturns(harness, brief)).toBe(0);
    await harness.close();
  });

  it("an answer lost after Shopify opened it: reconciliation sees the return, and the reply lands once", async () => {
    const { harness, shopify, brief } = await returnSetup();
    shopify.fail("ReturnCreate", { kind: "lost" }, 1);
    const response = await approveRequest(harness, 103, brief.draft.id, { text: "Return open." });
    expect(response.status).toBe(502);
    expect((await actionOf(harness, brief.draft.id)).state).toBe("needs_reconcile");
    const waiting = await approveRequest(harness, 103, brief.draft.id, { text: "Return open." });
    expect(((await waiting.json()) as Outcome).state).toBe("needs_reconcile");

    expect(await reconcileLater(harness)).toMatchObject({ succeeded: 1, failed: 0 });
    expect(await reconcileLater(harness)).toMatchObject({ checked: 0 });
    expect((await actionOf(harness, brief.draft.id)).state).toBe("succeeded");
    expect(await drainLater(harness)).toEqual({ sent: 3, failed: 0 });
    const again = await approveRequest(harness, 103, brief.draft.id, { text: "Return open." });
    expect(((await again.json()) as Outcome).message).toBe("Return opened. Reply sent.");
    expect(shopify.executed.get("ReturnCreate")).toBe(1);
    expect(openReturns(harness, brief)).toBe(1);
    expect(await agentReplies(harness, 103)).toEqual(["Return open."]);
    await harness.close();
  });
});

describe("the process stops between recording an action and finishing it", () => {
  it("after Shopify carried it out: reconciled to succeeded from the order, never repeated", async () => {
    const { harness, shopify, brief } = await returnSetup();
    shopify.fail("ReturnCreate", { kind: "stops-after" });
    const reached = shopify.reached("ReturnCreate");
    // The approval never finishes: its process is gone.
    void approveRequest(harness, 103, brief.draft.id, { text: "Your return is open." });
    await reached;
    expect((await actionOf(harness, brief.draft.id)).state).toBe("running");
    const mine = { installationId: harness.installation.id };
    expect(await reconcileActions({ deps: harness.deps, input: mine })).toMatchObject({
      checked: 0,
    });

    const report = await reconcileLater(harness);
    expect(report).toMatchObject({ checked: 1, succeeded: 1 });
    expect(await drainLater(harness)).toMatchObject({ sent: 3 });
    expect(shopify.executed.get("ReturnCreate")).toBe(1);
    expect(openReturns(harness, brief)).toBe(1);
    expect(await agentReplies(harness, 103)).toEqual(["Your return is open."]);
    const reconciled = (await listAuditEvents(database.db, harness.installation.id)).find(
      (event) => event.type === "action.reconciled",
    );
    expect(reconciled?.data).toMatchObject({ from: "running", to: "succeeded" });
    await harness.close();
  });

  it("before the call left: reconciled to failed, and the refund is not made", async () => {
    const { harness, shopify, brief } = await refundSetup();
    const refundsBefore = refundsOf(harness, brief);
    shopify.fail("RefundCreate", { kind: "stops-before" });
    const reached = shopify.reached("RefundCreate");
    void approveRequest(harness, 104, brief.draft.id, { text: "Refunded." });
    await reached;
    expect(await reconcileLater(harness)).toMatchObject({ checked: 1, failed: 1 });
    expect((await actionOf(harness, brief.draft.id)).state).toBe("failed");
    expect(refundsOf(harness, brief)).toBe(refundsBefore);
    expect(await agentReplies(harness, 104)).toEqual([]);
    await harness.close();
  });

  it("a replacement Shopify cannot show on the order is parked for a person, once", async () => {
    const harness = await createHarness(database, { demo: true });
    const shopify = faultyShopify(harness);
    const brief = await readyBrief(harness, 105);
    expect(brief.decision.action).toBe("replace");
    shopify.fail("ReplacementDraft", { kind: "stops-before" });
    const reached = shopify.reached("ReplacementDraft");
    void approveRequest(harness, 105, brief.draft.id, { text: "A new one is on its way." });
    await reached;
    expect(await reconcileLater(harness)).toMatchObject({ checked: 1, unresolved: 1 });
    expect((await actionOf(harness, brief.draft.id)).state).toBe("needs_reconcile");
    expect(await reconcileLater(harness)).toMatchObject({ checked: 0 });
    const types = await auditTypes(harness.installation);
    expect(types.filter((type) => type === "action.needs_person")).toHaveLength(1);
    await harness.close();
  });
});

describe("the background workers", () => {
  it("settle an interrupted approval on their own and post its reply", async () => {
    // A database of its own: the workers' rounds span every tenant in it.
    const own = createDatabase();
    await own.migrate();
    const harness = await createHarness(own, { demo: true });
    const shopify = faultyShopify(harness);
    const brief = await readyBrief(harness, 103);
    shopify.fail("ReturnCreate", { kind: "stops-after" });
    const reached = shopify.reached("ReturnCreate");
    void approveRequest(harness, 103, brief.draft.id, { text: "Settled by the worker." });
    await reached;
    harness.deps.clock = () => new Date(Date.now() + 120_000);
    const workers = await startWorkers(harness.deps, { reconcileEveryMs: 20, outboxEveryMs: 20 });
    try {
      for (let wait = 0; wait < 200; wait++) {
        if ((await agentReplies(harness, 103)).length > 0) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await workers.stop();
    }
    expect(await agentReplies(harness, 103)).toEqual(["Settled by the worker."]);
    expect(shopify.executed.get("ReturnCreate")).toBe(1);
    const action = await findActionByKey(
      own.db,
      harness.installation.id,
      `draft:${brief.draft.id}`,
    );
    expect(action?.state).toBe("succeeded");
    await own.close();
  });
});

describe("the helpdesk fails to take the reply after the refund", () => {
  it("the reply is retried from the outbox through 5xx and 429, lands once, the refund runs once", async () => {
    const { harness, shopify, brief } = await refundSetup();
    const local = harness.helpdesk;
    const failures: Error[] = [
      new UpstreamError("zendesk", 503, "zendesk answered 503 to PUT /api/v2/tickets/104.json"),
      new RateLimitedError("zendesk is rate limiting PUT /api/v2/tickets/104.json", 30_000),
      new UpstreamError("zendesk", 500, "zendesk answered 500 to PUT /api/v2/tickets/104.json"),
    ];
    const flaky: HelpdeskClient = {
      getTicket: (id) => local.getTicket(id),
      getAgentRole: (id) => local.getAgentRole(id),
      postInternalNote: (id, body) => local.postInternalNote(id, body),
      addTags: (id, tags) => local.addTags(id, tags),
      async postReply(id, body) {
        const failure = failures.shift();
        if (failure) {
          throw failure;
        }
        return local.postReply(id, body);
      },
    };
    harness.deps.helpdeskFor = () => flaky;
    const response = await approveRequest(harness, 104, brief.draft.id, { text: "Refunded!" });
    expect(response.status).toBe(200);
    const outcome = (await response.json()) as Outcome;
    expect(outcome).toMatchObject({ state: "succeeded", replySent: false });
    expect(outcome.message).toMatch(/The reply is queued/);

    const mine = { installation: harness.installation };
    for (let minute = 1; minute <= 60 && failures.length > 0; minute++) {
      harness.deps.clock = () => new Date(now.getTime() + minute * 60_000);
      await deliverOutbox({ deps: harness.deps, input: mine });
    }
    harness.deps.clock = () => new Date(now.getTime() + 2 * 3_600_000);
    await deliverOutbox({ deps: harness.deps, input: mine });
    expect(await deliverOutbox({ deps: harness.deps, input: mine })).toEqual({
      sent: 0,
      failed: 0,
    });
    harness.deps.clock = () => now;

    expect(await agentReplies(harness, 104)).toEqual(["Refunded!"]);
    expect(shopify.calls.get("RefundCreate")).toBe(1);
    const types = await auditTypes(harness.installation);
    expect(types.filter((type) => type === "outbox.failed")).toHaveLength(3);
    const retry = await approveRequest(harness, 104, brief.draft.id, { text: "Refunded!" });
    expect(((await retry.json()) as Outcome).replySent).toBe(true);
    expect(shopify.calls.get("RefundCreate")).toBe(1);
    expect(await agentReplies(harness, 104)).toEqual(["Refunded!"]);
    await harness.close();
  });
});

describe("the model fails", () => {
  it.each([
    ["overloaded (529)", async () => new Response('{"type":"error"}', { status: 529 })],
    ["a server error (500)", async () => new Response('{"type":"error"}', { status: 500 })],
    [
      "unreachable",
      async () => {
        throw new TypeError("fetch failed");
      },
    ],
  ])("%s: the brief still prepares, offline and labelled so", async (_name, failing) => {
    const harness = await createHarness(database, { demo: true });
    const config = { apiKey: "sk-ant-test-key", maxRetries: 0, fetch: failing as typeof fetch };
    harness.deps.classifier = createClaudeClassifier(config);
    harness.deps.drafter = createClaudeDrafter(config);
    const brief = await readyBrief(harness, 103);
    expect(brief.classification.source).toBe("offline-fallback");
    expect(brief.draft.source).toBe("offline");
    expect(brief.decision.action).toBe("return");
    expect(brief.draft.text.length).toBeGreaterThan(40);
    await harness.close();
  });
});
