import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appendAuditEvent,
  attachDraftToBrief,
  type DatabaseHandle,
  findBriefOfDraft,
  findCurrentSettings,
  findTicketByExternalId,
  findTicketWithLatestBrief,
  insertDraft,
  listAuditEvents,
  newId,
  recordAction,
  saveReadyBrief,
  saveSettingsVersion,
  updateActionState,
  upsertTicket,
} from "../src";
import { createTestInstallation, openTestDatabase } from "../src/testing";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});

afterAll(async () => {
  await handle.close();
});

const snapshot = {
  externalId: "101",
  subject: "Where is my order?",
  requesterEmail: "ana@example.com",
  requesterName: "Ana",
  customerMessages: 1,
  lastCustomerMessageAt: new Date("2026-11-20T10:00:00Z"),
};

describe("ids", () => {
  it("sort in the order they were made, also within one millisecond", () => {
    const made = Array.from({ length: 2000 }, () => newId("tkt"));
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });
});

describe("tickets", () => {
  it("upserts by helpdesk id and never shows one tenant's ticket to another", async () => {
    const mine = await createTestInstallation(handle);
    const theirs = await createTestInstallation(handle);
    const first = await upsertTicket(handle.db, mine.id, snapshot);
    const again = await upsertTicket(handle.db, mine.id, { ...snapshot, customerMessages: 2 });
    expect(again.id).toBe(first.id);
    expect(again.customerMessages).toBe(2);
    expect(await findTicketByExternalId(handle.db, theirs.id, "101")).toBeNull();
    expect((await findTicketByExternalId(handle.db, mine.id, "101"))?.id).toBe(first.id);
  });
});

describe("briefs", () => {
  it("finds the brief a draft was proposed in, not the ticket's newest, within its installation", async () => {
    const tenant = await createTestInstallation(handle);
    const ticket = await upsertTicket(handle.db, tenant.id, snapshot);
    const brief = async (address1: string) =>
      saveReadyBrief(handle.db, tenant.id, {
        ticketId: ticket.id,
        inputsKey: address1,
        content: { order: { shippingAddress: { address1 } } },
        preparedAt: new Date("2026-11-20T10:00:00Z"),
      });
    const first = await brief("1 Old Road");
    const draft = await insertDraft(handle.db, tenant.id, {
      ticketId: ticket.id,
      intent: "address_change",
      proposedText: "Done.",
      source: "offline",
      factCheck: null,
      usage: null,
    });
    expect(await findBriefOfDraft(handle.db, tenant.id, draft.id)).toBeNull();
    await attachDraftToBrief(handle.db, tenant.id, draft.id, first.id);
    await brief("2 New Street");
    expect((await findBriefOfDraft(handle.db, tenant.id, draft.id))?.id).toBe(first.id);
    const other = await createTestInstallation(handle);
    expect(await findBriefOfDraft(handle.db, other.id, draft.id)).toBeNull();
  });
});

describe("a ticket with its newest brief", () => {
  it("reads both in one query, within the installation", async () => {
    const tenant = await createTestInstallation(handle);
    expect(await findTicketWithLatestBrief(handle.db, tenant.id, "101")).toBeNull();
    const ticket = await upsertTicket(handle.db, tenant.id, snapshot);
    expect(await findTicketWithLatestBrief(handle.db, tenant.id, "101")).toEqual({
      ticket,
      brief: null,
    });
    const save = (inputsKey: string) =>
      saveReadyBrief(handle.db, tenant.id, {
        ticketId: ticket.id,
        inputsKey,
        content: {},
        preparedAt: new Date("2026-11-20T10:00:00Z"),
      });
    await save("first");
    const newest = await save("second");
    const found = await findTicketWithLatestBrief(handle.db, tenant.id, "101");
    expect(found?.ticket.id).toBe(ticket.id);
    expect(found?.brief?.id).toBe(newest.id);
    expect(found?.brief?.inputsKey).toBe("second");
    const other = await createTestInstallation(handle);
    expect(await findTicketWithLatestBrief(handle.db, other.id, "101")).toBeNull();
  });
});

describe("actions", () => {
  it("records an action once per idempotency key", async () => {
    const tenant = await createTestInstallation(handle);
    const ticket = await upsertTicket(handle.db, tenant.id, snapshot);
    const record = {
      ticketId: ticket.id,
      idempotencyKey: "approve:drf_1",
      kind: "refund",
      request: { amount: "45.00" },
      actor: "agent:1",
    };
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => recordAction(handle.db, tenant.id, record)),
    );
    expect(attempts.filter((attempt) => attempt.created)).toHaveLength(1);
    expect(new Set(attempts.map((attempt) => attempt.action.id)).size).toBe(1);
    const id = attempts[0]?.action.id ?? "";
    const done = await updateActionState(handle.db, tenant.id, id, {
      state: "succeeded",
      result: { refundId: "r1" },
    });
    expect(done?.state).toBe("succeeded");
    const other = await createTestInstallation(handle);
    expect(await updateActionState(handle.db, other.id, id, { state: "failed" })).toBeNull();
  });
});

describe("audit log", () => {
  it("appends in order and refuses rewrites", async () => {
    const tenant = await createTestInstallation(handle);
    await appendAuditEvent(handle.db, tenant.id, { actor: "system", type: "brief.prepared" });
    const second = await appendAuditEvent(handle.db, tenant.id, {
      actor: "agent:7",
      type: "action.approved",
      ticketId: "tkt_1",
      data: { amount: "45.00" },
    });
    const events = await listAuditEvents(handle.db, tenant.id);
    expect(events.map((event) => event.type)).toEqual(["brief.prepared", "action.approved"]);
    expect(await listAuditEvents(handle.db, tenant.id, { ticketId: "tkt_1" })).toHaveLength(1);
    const { auditEvents } = await import("../src/schema");
    const { eq } = await import("drizzle-orm");
    const rewrite = handle.db
      .update(auditEvents)
      .set({ type: "forged" })
      .where(eq(auditEvents.seq, second.seq));
    const failure = await rewrite.then(
      () => null,
      (error: Error) => error,
    );
    expect(String((failure?.cause as Error | undefined)?.message)).toMatch(/append-only/);
  });
});

describe("settings", () => {
  it("versions every save and lets only one of two concurrent saves win", async () => {
    const tenant = await createTestInstallation(handle);
    expect(await findCurrentSettings(handle.db, tenant.id)).toBeNull();
    const input = {
      policy: { returnWindowDays: 45 },
      brandVoice: {},
      modes: {},
      leadRoles: ["admin"],
      changedBy: "founder:1",
    };
    const [a, b] = await Promise.all([
      saveSettingsVersion(handle.db, tenant.id, input, 0),
      saveSettingsVersion(handle.db, tenant.id, { ...input, policy: {} }, 0),
    ]);
    expect([a, b].filter((saved) => saved !== null)).toHaveLength(1);
    const current = await findCurrentSettings(handle.db, tenant.id);
    expect(current?.version).toBe(1);
  });
});

describe("webhook deliveries", () => {
  it("accepts a delivery once", async () => {
    const { recordWebhookDelivery } = await import("../src");
    const record = {
      source: "zendesk",
      deliveryId: `evt-${Math.random()}`,
      topic: "ticket.created",
    };
    const results = await Promise.all([
      recordWebhookDelivery(handle.db, record),
      recordWebhookDelivery(handle.db, record),
      recordWebhookDelivery(handle.db, record),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe("outbox", () => {
  it("lets only one of several concurrent workers claim a message", async () => {
    const { claimDueOutbox, enqueueOutbox, markOutboxFailed, markOutboxSent } = await import(
      "../src"
    );
    const tenant = await createTestInstallation(handle);
    const now = new Date("2026-11-20T12:00:00Z");
    const queued = await enqueueOutbox(
      handle.db,
      tenant.id,
      [
        { actionId: null, externalTicketId: "9", kind: "reply", payload: { body: "hi" } },
        { actionId: null, externalTicketId: "9", kind: "note", payload: { body: "did it" } },
      ],
      now,
    );
    const claims = await Promise.all(
      Array.from({ length: 4 }, () => claimDueOutbox(handle.db, tenant.id, now)),
    );
    const claimedIds = claims.flat().map((message) => message.id);
    expect(claimedIds.sort()).toEqual(queued.map((message) => message.id).sort());
    expect(await claimDueOutbox(handle.db, tenant.id, now)).toEqual([]);

    const [reply, note] = queued;
    if (!reply || !note) {
      throw new Error("two messages were queued");
    }
    await markOutboxSent(handle.db, tenant.id, reply.id, now);
    await markOutboxFailed(handle.db, tenant.id, note, "helpdesk down", now);
    const later = new Date(now.getTime() + 120_000);
    const retried = await claimDueOutbox(handle.db, tenant.id, later);
    expect(retried.map((message) => [message.id, message.attempts])).toEqual([[note.id, 1]]);
  });
});
