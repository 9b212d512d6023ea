import { appendAuditEvent, listAuditEvents, newId } from "@countersign/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { createInProcessQueue } from "../src/jobs/queue";
import { createLogger } from "../src/logger";
import { prepareBrief } from "../src/use-cases/prepare-brief";
import { signZendeskWebhook } from "../src/webhooks/signatures";
import { createHarness, type Harness, now } from "./harness";

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness(undefined, { demo: true });
});

afterAll(async () => {
  await harness.close();
});

async function authed(path: string, agent = "1") {
  const token = await harness.token({ sub: agent, jti: crypto.randomUUID() });
  return harness.app.request(path, { headers: { authorization: `Bearer ${token}` } });
}

interface AuditRow {
  seq: number;
  at: string;
  ticketId: string | null;
  actor: string;
  type: string;
  why: string | null;
  data: Record<string, unknown>;
}

describe("audit export", () => {
  it("lists one ticket's trail with who, what, when and why", async () => {
    await prepareBrief({
      deps: harness.deps,
      input: { installation: harness.installation, ticketId: 103 },
    });
    await prepareBrief({
      deps: harness.deps,
      input: { installation: harness.installation, ticketId: 101 },
    });
    const response = await authed("/api/audit?ticketId=103");
    expect(response.status).toBe(200);
    const { events } = (await response.json()) as { events: AuditRow[] };
    expect(events.map((event) => [event.ticketId, event.type, event.actor])).toEqual([
      ["103", "brief.prepared", "system"],
    ]);
    expect(events[0]?.data).toMatchObject({ intent: "return", action: "return", amount: 60 });
    expect(Date.parse(events[0]?.at ?? "")).not.toBeNaN();
  });

  it("exports a period as CSV, quoting what needs quoting and defusing formulas", async () => {
    const db = harness.deps.database.db;
    const appended = await appendAuditEvent(db, harness.installation.id, {
      actor: "agent:1",
      type: "settings.changed",
      data: { reason: '=HYPERLINK("x"), "winter", sale' },
    });
    const from = new Date(appended.createdAt.getTime() - 1).toISOString();
    const to = new Date(appended.createdAt.getTime() + 1).toISOString();
    const response = await authed(
      `/api/audit?format=csv&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toContain("attachment");
    const lines = (await response.text()).split("\r\n");
    expect(lines[0]).toBe("seq,at,ticket_id,actor,type,why,data");
    const ours = lines.filter((line) => line.startsWith(`${appended.seq},`));
    expect(ours).toEqual([
      `${appended.seq},${appended.createdAt.toISOString()},,agent:1,settings.changed,"'=HYPERLINK(""x""), ""winter"", sale","{""reason"":""=HYPERLINK(\\""x\\""), \\""winter\\"", sale""}"`,
    ]);
  });

  it("exports the whole trail as JSON in the order it was appended", async () => {
    const response = await authed("/api/audit?format=json");
    const { events } = (await response.json()) as { events: AuditRow[] };
    const stored = await listAuditEvents(harness.deps.database.db, harness.installation.id);
    expect(events.map((event) => event.seq)).toEqual(stored.map((event) => event.seq));
    expect(events.length).toBeGreaterThanOrEqual(3);
  });

  it("answers an empty trail for a ticket it never saw, and 400 for a bad period", async () => {
    const unknown = (await (await authed("/api/audit?ticketId=999999")).json()) as {
      events: AuditRow[];
    };
    expect(unknown.events).toEqual([]);
    expect((await authed("/api/audit?from=yesterday")).status).toBe(400);
  });

  it("never shows another account's events", async () => {
    const other = await createHarness(harness.deps.database, { demo: true });
    const token = await other.token({ sub: "1", jti: crypto.randomUUID() });
    const response = await other.app.request("/api/audit", {
      headers: { authorization: `Bearer ${token}` },
    });
    const { events } = (await response.json()) as { events: AuditRow[] };
    expect(events).toEqual([]);
  });

  it("records each webhook delivery and each sent reply, saying whether it was edited", async () => {
    const secret = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
    const queue = createInProcessQueue({ logger: createLogger("silent") });
    const app = createApp({
      ...harness.deps,
      queue,
      webhookSecretFor: async (candidate) =>
        candidate.id === harness.installation.id ? secret : null,
    });
    // Delivery ids are unique per sender, so each run sends a new one.
    const invocation = newId("inv");
    const body = JSON.stringify({ type: "ticket.created", ticket_id: "113" });
    const timestamp = now.toISOString().replace(/\.\d{3}Z$/, "Z");
    const delivered = await app.request(
      `/webhooks/zendesk?subdomain=${encodeURIComponent(harness.installation.subdomain)}`,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-zendesk-webhook-signature-timestamp": timestamp,
          "x-zendesk-webhook-invocation-id": invocation,
          "x-zendesk-webhook-signature": signZendeskWebhook(secret, timestamp, body),
        },
        body,
      },
    );
    expect(delivered.status).toBe(202);

    const prepared = await prepareBrief({
      deps: harness.deps,
      input: { installation: harness.installation, ticketId: 113 },
    });
    const token = await harness.token({ sub: "2", jti: crypto.randomUUID() });
    const approved = await harness.app.request("/api/tickets/113/approve", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        draftId: prepared.brief.draft.id,
        text: `${prepared.brief.draft.text}\nThanks again.`,
        idempotencyKey: `audit-${prepared.brief.draft.id}`,
      }),
    });
    expect(approved.status).toBe(200);

    const events = await listAuditEvents(harness.deps.database.db, harness.installation.id);
    expect(events.find((event) => event.type === "webhook.received")).toMatchObject({
      actor: "webhook:zendesk",
      data: { deliveryId: invocation, topic: "ticket.created", externalTicketId: "113" },
    });
    expect(events.find((event) => event.type === "draft.sent")).toMatchObject({
      actor: "agent:2",
      data: { draftId: prepared.brief.draft.id, edited: true },
    });
  });
});
