import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addVoiceExample,
  appendAuditEvent,
  type DatabaseHandle,
  findAutopilotLimits,
  hasAuditEvent,
  listActionsByActor,
  listVoiceExamples,
  recordAction,
  removeVoiceExample,
  saveAutopilotLimits,
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

async function ticketOf(installationId: string, externalId: string) {
  return upsertTicket(handle.db, installationId, {
    externalId,
    subject: "",
    requesterEmail: null,
    requesterName: null,
    customerMessages: 1,
    lastCustomerMessageAt: null,
  });
}

describe("autonomy repositories", () => {
  it("keeps one set of autopilot limits per installation, replaced on save", async () => {
    const one = await createTestInstallation(handle);
    const two = await createTestInstallation(handle);
    expect(await findAutopilotLimits(handle.db, one.id)).toBeNull();
    await saveAutopilotLimits(handle.db, one.id, {
      dailyAmount: 100,
      dailyCount: 3,
      changedBy: "a",
    });
    await saveAutopilotLimits(handle.db, one.id, {
      dailyAmount: 80,
      dailyCount: 2,
      changedBy: "b",
    });
    expect(await findAutopilotLimits(handle.db, one.id)).toMatchObject({
      dailyAmount: 80,
      dailyCount: 2,
      changedBy: "b",
    });
    expect(await findAutopilotLimits(handle.db, two.id)).toBeNull();
  });

  it("sums an actor's actions by client-key prefix, with LIKE wildcards taken literally", async () => {
    const installation = await createTestInstallation(handle);
    const ticket = await ticketOf(installation.id, "1");
    const keys = ["autopilot:2026-11-20:a", "autopilot:2026-11-21:b", "autopilot:2026_11_20:c"];
    for (const [index, clientKey] of keys.entries()) {
      await recordAction(handle.db, installation.id, {
        ticketId: ticket.id,
        idempotencyKey: `k${index}`,
        kind: "refund",
        actor: "agent:autopilot",
        request: { clientKey },
      });
    }
    await recordAction(handle.db, installation.id, {
      ticketId: ticket.id,
      idempotencyKey: "by-agent",
      kind: "refund",
      actor: "agent:1",
      request: { clientKey: "autopilot:2026-11-20:d" },
    });
    const day = await listActionsByActor(handle.db, installation.id, {
      actor: "agent:autopilot",
      clientKeyPrefix: "autopilot:2026-11-20:",
    });
    expect(day.map((action) => action.idempotencyKey)).toEqual(["k0"]);
    const other = await createTestInstallation(handle);
    expect(await listActionsByActor(handle.db, other.id, { actor: "agent:autopilot" })).toEqual([]);
  });

  it("finds an audit event by type and a data field, within its installation", async () => {
    const one = await createTestInstallation(handle);
    const two = await createTestInstallation(handle);
    await appendAuditEvent(handle.db, one.id, {
      actor: "system",
      type: "autopilot.breaker_tripped",
      data: { day: "2026-11-20" },
    });
    const query = { type: "autopilot.breaker_tripped", key: "day", value: "2026-11-20" };
    expect(await hasAuditEvent(handle.db, one.id, query)).toBe(true);
    expect(await hasAuditEvent(handle.db, one.id, { ...query, value: "2026-11-21" })).toBe(false);
    expect(await hasAuditEvent(handle.db, two.id, query)).toBe(false);
  });

  it("lists voice examples newest first per intent, and removes one only once and only its own", async () => {
    const one = await createTestInstallation(handle);
    const two = await createTestInstallation(handle);
    const first = await addVoiceExample(handle.db, one.id, {
      draftId: null,
      intent: "return",
      text: "first",
      addedBy: "agent:1",
    });
    await addVoiceExample(handle.db, one.id, {
      draftId: null,
      intent: "return",
      text: "second",
      addedBy: "agent:1",
    });
    await addVoiceExample(handle.db, one.id, {
      draftId: null,
      intent: "refund",
      text: "other",
      addedBy: "agent:1",
    });
    const returns = await listVoiceExamples(handle.db, one.id, { intent: "return" });
    expect(returns.map((example) => example.text)).toEqual(["second", "first"]);
    expect(await removeVoiceExample(handle.db, two.id, first.id, "agent:9")).toBe(false);
    expect(await removeVoiceExample(handle.db, one.id, first.id, "agent:1")).toBe(true);
    expect(await removeVoiceExample(handle.db, one.id, first.id, "agent:1")).toBe(false);
    const left = await listVoiceExamples(handle.db, one.id);
    expect(left.map((example) => example.text).sort()).toEqual(["other", "second"]);
  });
});
