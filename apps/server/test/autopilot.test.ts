import {
  listActionsByActor,
  listAuditEvents,
  saveAutopilotLimits,
  saveSettingsVersion,
} from "@countersign/db";
import { openTestDatabase } from "@countersign/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareBrief } from "../src/use-cases/prepare-brief";
import { runAutopilot } from "../src/use-cases/run-autopilot";
import { startWorkers } from "../src/workers";
import { createHarness, type Harness, now } from "./harness";

const autopilotEverywhere = {
  order_status: "autopilot",
  return: "autopilot",
  refund: "autopilot",
  damaged_wrong_item: "autopilot",
  complaint: "autopilot",
  delivery_problem: "autopilot",
  exchange: "autopilot",
};

async function configure(
  harness: Harness,
  limits: { dailyAmount: number; dailyCount: number },
  modes: Record<string, string> = autopilotEverywhere,
) {
  const db = harness.deps.database.db;
  await saveSettingsVersion(
    db,
    harness.installation.id,
    {
      // $150 of no-click money: the demo returns ($60.00, $50.39) and refunds (up to $135.00).
      policy: { autoRefundLimit: 150 },
      brandVoice: {},
      modes,
      leadRoles: ["admin"],
      changedBy: "agent:1",
    },
    0,
  );
  await saveAutopilotLimits(db, harness.installation.id, { ...limits, changedBy: "agent:1" });
}

async function autopilot(harness: Harness, ticketId: number) {
  const prepared = await prepareBrief({
    deps: harness.deps,
    input: { installation: harness.installation, ticketId },
  });
  const outcome = await runAutopilot({
    deps: harness.deps,
    input: { installation: harness.installation, ticketId, brief: prepared.brief },
  });
  return { prepared, outcome };
}

async function autopilotActions(harness: Harness) {
  return listActionsByActor(harness.deps.database.db, harness.installation.id, {
    actor: "agent:autopilot",
  });
}

async function eventsOfType(harness: Harness, type: string) {
  const events = await listAuditEvents(harness.deps.database.db, harness.installation.id);
  return events.filter((event) => event.type === type);
}

describe("autopilot", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness(undefined, { demo: true });
    await configure(harness, { dailyAmount: 200, dailyCount: 2 });
  });

  afterAll(async () => {
    await harness.close();
  });

  it.each([
    [104, 3, "lead"],
    [105, 3, "agent"],
    [106, 4, "human"],
    [114, 4, "human"],
  ])("never acts on ticket %i (tier %i, %s approval)", async (ticketId, tier, approval) => {
    const before = (await harness.helpdesk.getTicket(ticketId)).comments.length;
    const { prepared, outcome } = await autopilot(harness, ticketId);
    expect(prepared.brief.decision.tier).toBe(tier);
    expect(prepared.brief.decision.approval).toBe(approval);
    expect(outcome).toMatchObject({ mode: "autopilot", acted: false });
    expect((await harness.helpdesk.getTicket(ticketId)).comments).toHaveLength(before);
    expect(await autopilotActions(harness)).toEqual([]);
  });

  it("leaves an intent that is not on autopilot to an agent", async () => {
    const { outcome } = await autopilot(harness, 109);
    expect(outcome).toEqual({ mode: "approve", acted: false });
  });

  it("carries out a tier-2 decision that needs no click, and replies", async () => {
    const { prepared, outcome } = await autopilot(harness, 116);
    expect(prepared.brief.decision).toMatchObject({ action: "refund", approval: "none", tier: 2 });
    expect(prepared.brief.decision.amount).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ mode: "autopilot", acted: true });
    const [action] = await autopilotActions(harness);
    expect(action).toMatchObject({ kind: "refund", state: "succeeded", actor: "agent:autopilot" });
    const ticket = await harness.helpdesk.getTicket(116);
    const replies = ticket.comments.filter(
      (comment) => comment.public && comment.author !== "customer",
    );
    expect(replies.map((comment) => comment.body)).toContain(prepared.brief.draft.text);
    const acted = await eventsOfType(harness, "autopilot.acted");
    expect(acted.map((event) => event.data.actionId)).toEqual([action?.id]);
  });

  it("trips the breaker at the daily count, tells the founder once, and holds the rest of the day", async () => {
    const spentBefore = (await autopilotActions(harness)).reduce(
      (sum, action) => sum + ((action.request.decision as { amount: number | null }).amount ?? 0),
      0,
    );
    const second = await autopilot(harness, 103);
    expect(second.outcome).toMatchObject({ acted: true });
    const spent = spentBefore + (second.prepared.brief.decision.amount ?? 0);

    // A third refund would pass the daily count of 2.
    const third = await autopilot(harness, 113);
    expect(third.prepared.brief.decision).toMatchObject({ approval: "none", amount: 50.39 });
    expect(third.outcome).toMatchObject({ acted: false });
    const tripped = await eventsOfType(harness, "autopilot.breaker_tripped");
    expect(tripped).toHaveLength(1);
    expect(tripped[0]?.data).toMatchObject({
      day: "2026-11-20",
      count: 2,
      spent,
      attempted: 50.39,
      limits: { dailyAmount: 200, dailyCount: 2 },
    });
    const notes = (await harness.helpdesk.getTicket(113)).comments.filter(
      (comment) => !comment.public,
    );
    expect(notes.map((comment) => comment.body).join("\n")).toContain(
      "Countersign autopilot stopped for today",
    );

    // Tripped: even a refund that would fit waits for an agent, and the founder is told once.
    const token = await harness.token({ sub: "1", jti: crypto.randomUUID() });
    const view = await harness.app.request("/api/settings", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await view.json()) as { autopilotToday: unknown }).autopilotToday).toEqual({
      day: "2026-11-20",
      count: 2,
      spent,
      tripped: true,
    });

    const fourth = await autopilot(harness, 117);
    expect(fourth.outcome).toMatchObject({ acted: false });
    expect(await eventsOfType(harness, "autopilot.breaker_tripped")).toHaveLength(1);
    expect((await autopilotActions(harness)).map((action) => action.kind)).toEqual([
      "refund",
      "return",
    ]);
  });

  it("recovers the next day", async () => {
    harness.deps.clock = () => new Date(now.getTime() + 24 * 60 * 60 * 1000);
    try {
      const next = await autopilot(harness, 113);
      expect(next.prepared.brief.decision).toMatchObject({ approval: "none" });
      expect(next.outcome).toMatchObject({ acted: true });
      expect(await autopilotActions(harness)).toHaveLength(3);
    } finally {
      harness.deps.clock = () => now;
    }
  });
});

describe("autopilot spending limit", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness(undefined, { demo: true });
    await configure(harness, { dailyAmount: 100, dailyCount: 10 });
  });

  afterAll(async () => {
    await harness.close();
  });

  it("never acts above the daily amount", async () => {
    const first = await autopilot(harness, 116);
    expect(first.outcome).toMatchObject({ acted: true });
    const spent = first.prepared.brief.decision.amount ?? 0;
    // The return of $60.00 on top would pass $100.00.
    expect(spent + 60).toBeGreaterThan(100);
    expect((await autopilot(harness, 103)).outcome).toMatchObject({ acted: false });
    const tripped = await eventsOfType(harness, "autopilot.breaker_tripped");
    expect(tripped[0]?.data).toMatchObject({ count: 1, spent, attempted: 60 });
    expect(await autopilotActions(harness)).toHaveLength(1);
  });
});

describe("the worker", () => {
  it("runs autopilot after preparing a brief queued by a webhook", async () => {
    const harness = await createHarness(undefined, { demo: true });
    await configure(harness, { dailyAmount: 200, dailyCount: 5 });
    const workers = await startWorkers(harness.deps, { outboxEveryMs: 60_000 });
    await harness.deps.queue.start();
    try {
      await harness.deps.queue.send("prepare-brief", {
        installationId: harness.installation.id,
        ticketId: 116,
      });
      let acted: unknown[] = [];
      for (let attempt = 0; attempt < 400 && acted.length === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        acted = await eventsOfType(harness, "autopilot.acted");
      }
      expect(acted).toHaveLength(1);
      expect(await autopilotActions(harness)).toHaveLength(1);
    } finally {
      await harness.deps.queue.stop();
      await workers.stop();
      await harness.close();
    }
  });
});

describe("the review queue", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness(undefined, { demo: true });
    await configure(harness, { dailyAmount: 500, dailyCount: 10 });
  });

  afterAll(async () => {
    await harness.close();
  });

  async function authed(path: string, init: RequestInit = {}, agent = "1") {
    const token = await harness.token({ sub: agent, jti: crypto.randomUUID() });
    return harness.app.request(path, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    });
  }

  it("lists what autopilot did, and a lead's reversal takes the category off autopilot", async () => {
    const done = await autopilot(harness, 116);
    expect(done.outcome).toMatchObject({ acted: true });
    const queue = (await (await authed("/api/autopilot/reviews")).json()) as {
      items: { actionId: string; ticketId: string; action: string; review: unknown }[];
    };
    expect(queue.items).toHaveLength(1);
    const [item] = queue.items;
    expect(item).toMatchObject({ ticketId: "116", action: "refund", review: null });

    const path = `/api/autopilot/reviews/${item?.actionId}`;
    const body = JSON.stringify({ verdict: "reverse", note: "the item was never sent back" });
    expect((await authed(path, { method: "POST", body }, "2")).status).toBe(403);
    const reversed = await authed(path, { method: "POST", body });
    expect(reversed.status).toBe(200);
    expect(await reversed.json()).toMatchObject({
      review: { verdict: "reversed", by: "agent:1", note: "the item was never sent back" },
    });
    expect((await authed(path, { method: "POST", body })).status).toBe(409);

    const notes = (await harness.helpdesk.getTicket(116)).comments.filter((c) => !c.public);
    expect(notes.map((comment) => comment.body).join("\n")).toContain(
      "reversed the autopilot refund",
    );
    const settings = (await (await authed("/api/settings")).json()) as {
      modes: Record<string, string>;
    };
    expect(settings.modes.refund).toBe("approve");
    expect(settings.modes.return).toBe("autopilot");

    const next = await autopilot(harness, 117);
    expect(next.outcome).toEqual({ mode: "approve", acted: false });
  });
});

describe("a category turned off", () => {
  it("gets nothing prepared in advance, while other categories do", async () => {
    const harness = await createHarness(undefined, { demo: true });
    await configure(harness, { dailyAmount: 200, dailyCount: 5 }, { product_question: "off" });
    const workers = await startWorkers(harness.deps, { outboxEveryMs: 60_000 });
    await harness.deps.queue.start();
    try {
      for (const ticketId of [118, 101]) {
        await harness.deps.queue.send("prepare-brief", {
          installationId: harness.installation.id,
          ticketId,
        });
      }
      let types: string[] = [];
      for (let attempt = 0; attempt < 400; attempt++) {
        const events = await listAuditEvents(harness.deps.database.db, harness.installation.id);
        types = events.map((event) => event.type);
        if (types.includes("brief.skipped") && types.includes("brief.prepared")) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const events = await listAuditEvents(harness.deps.database.db, harness.installation.id);
      const skipped = events.filter((event) => event.type === "brief.skipped");
      const prepared = events.filter((event) => event.type === "brief.prepared");
      expect(skipped.map((event) => event.data)).toEqual([
        {
          externalTicketId: "118",
          intent: "product_question",
          reason: "Countersign is off for product_question tickets",
        },
      ]);
      expect(prepared.map((event) => event.data.intent)).toEqual(["order_status"]);
    } finally {
      await harness.deps.queue.stop();
      await workers.stop();
      await harness.close();
    }
  });
});

describe("autopilot on tickets prepared together", () => {
  it("never passes the daily count, however many run at once", async () => {
    const harness = await createHarness(undefined, { demo: true });
    try {
      await configure(harness, { dailyAmount: 1000, dailyCount: 1 });
      const prepared = await Promise.all(
        [116, 103, 113].map(async (ticketId) => ({
          ticketId,
          brief: (
            await prepareBrief({
              deps: harness.deps,
              input: { installation: harness.installation, ticketId },
            })
          ).brief,
        })),
      );
      const outcomes = await Promise.all(
        prepared.map(({ ticketId, brief }) =>
          runAutopilot({
            deps: harness.deps,
            input: { installation: harness.installation, ticketId, brief },
          }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.acted)).toHaveLength(1);
      expect(await autopilotActions(harness)).toHaveLength(1);
    } finally {
      await harness.close();
    }
  });
});

describe("autopilot in two workers sharing one database", () => {
  it("never passes the daily count", async () => {
    const harness = await createHarness(undefined, { demo: true });
    // On PostgreSQL a second connection pool stands for a second process; PGlite has one.
    const second =
      harness.deps.database.engine === "postgres"
        ? await openTestDatabase()
        : harness.deps.database;
    try {
      await configure(harness, { dailyAmount: 1000, dailyCount: 1 });
      const other = { ...harness.deps, database: second };
      const [a, b] = await Promise.all(
        [116, 103].map(
          async (ticketId) =>
            (
              await prepareBrief({
                deps: harness.deps,
                input: { installation: harness.installation, ticketId },
              })
            ).brief,
        ),
      );
      if (!a || !b) {
        throw new Error("briefs were not prepared");
      }
      const outcomes = await Promise.all([
        runAutopilot({
          deps: harness.deps,
          input: { installation: harness.installation, ticketId: 116, brief: a },
        }),
        runAutopilot({
          deps: other,
          input: { installation: harness.installation, ticketId: 103, brief: b },
        }),
      ]);
      expect(outcomes.filter((outcome) => outcome.acted)).toHaveLength(1);
      expect(await autopilotActions(harness)).toHaveLength(1);
    } finally {
      if (second !== harness.deps.database) {
        await second.close();
      }
      await harness.close();
    }
  });
});
