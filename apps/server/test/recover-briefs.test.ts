import {
  findTicketWithLatestBrief,
  type Installation,
  listAuditEvents,
  newId,
  saveSettingsVersion,
} from "@countersign/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { createInProcessQueue } from "../src/jobs/queue";
import { prepareBrief } from "../src/use-cases/prepare-brief";
import { requeueAwaitedBriefs } from "../src/use-cases/recover-briefs";
import { signZendeskWebhook } from "../src/webhooks/signatures";
import { startWorkers, type Workers } from "../src/workers";
import { createHarness, type Harness, now } from "./harness";

// The in-process queue (PGlite) holds its jobs in memory: a restart must not lose the briefs
// webhooks asked for. The first process takes the deliveries and stops before its queue runs;
// the second finds what is owed in the audit log.

const webhookSecret = "cmVjb3Zlcl9icmllZnNfd2ViaG9va19zZWNyZXQ=";

let harness: Harness;
let installation: Installation;
let workers: Workers | null = null;

beforeAll(async () => {
  harness = await createHarness(undefined, { demo: true });
  installation = harness.installation;
  // Autopilot on for returns: ticket 103 (a return within policy) would be carried out.
  await saveSettingsVersion(
    harness.deps.database.db,
    installation.id,
    {
      // Returns up to $200 need no click: autopilot may carry them out.
      policy: { autoRefundLimit: 200 },
      brandVoice: {},
      modes: { return: "autopilot" },
      leadRoles: ["admin"],
      changedBy: "agent:1",
    },
    0,
  );
});

afterAll(async () => {
  await workers?.stop();
  await harness.deps.queue.stop();
  await harness.close();
});

/** A signed ticket-created delivery to the first process, whose queue never runs. */
async function deliverToFirstProcess(ticketId: number): Promise<void> {
  const app = createApp({ ...harness.deps, webhookSecretFor: async () => webhookSecret });
  const body = JSON.stringify({ type: "ticket.created", ticket_id: String(ticketId) });
  const timestamp = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  const response = await app.request(`/webhooks/zendesk?subdomain=${installation.subdomain}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-zendesk-webhook-signature-timestamp": timestamp,
      "x-zendesk-webhook-signature": signZendeskWebhook(webhookSecret, timestamp, body),
      "x-zendesk-webhook-invocation-id": newId("inv"),
    },
    body,
  });
  expect(response.status).toBe(202);
}

async function briefOf(ticketId: number) {
  const found = await findTicketWithLatestBrief(
    harness.deps.database.db,
    installation.id,
    String(ticketId),
  );
  return found?.brief ?? null;
}

async function eventually<T>(read: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await read();
    if (value) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${what} never happened`);
}

/** Whether autopilot looked at the ticket at all (acted, or held it for an agent). */
async function autopilotRanOn(ticketId: number, type = "autopilot."): Promise<boolean> {
  const found = await findTicketWithLatestBrief(
    harness.deps.database.db,
    installation.id,
    String(ticketId),
  );
  const events = await listAuditEvents(harness.deps.database.db, installation.id);
  return events.some((event) => event.type.startsWith(type) && event.ticketId === found?.ticket.id);
}

describe("briefs owed when the process stopped", () => {
  it("are queued again at start and prepared, waiting for an agent rather than autopilot", async () => {
    const mine = { installationId: installation.id };
    // 9999 is a ticket the helpdesk no longer has (a local helpdesk's, lost with its process).
    for (const ticketId of [101, 102, 103, 9999]) {
      await deliverToFirstProcess(ticketId);
    }
    // 102's brief was prepared (say, when an agent opened it) after its webhook: nothing owed.
    await prepareBrief({ deps: harness.deps, input: { installation, ticketId: 102 } });
    const prepared102 = await briefOf(102);

    // The restart: a new queue, empty, and its workers.
    harness.deps.queue = createInProcessQueue({ logger: harness.deps.logger, retryDelayMs: 1 });
    workers = await startWorkers(harness.deps, { outboxEveryMs: 60_000, reconcileEveryMs: 60_000 });
    await harness.deps.queue.start();

    // Nothing is owed from before the window.
    const later = new Date(Date.now() + 60_000);
    expect(
      await requeueAwaitedBriefs({ deps: harness.deps, input: { ...mine, since: later } }),
    ).toEqual({ found: 0, queued: 0 });
    expect(await requeueAwaitedBriefs({ deps: harness.deps, input: mine })).toEqual({
      found: 3,
      queued: 3,
    });
    const brief101 = await eventually(() => briefOf(101), "the brief of 101");
    const brief103 = await eventually(() => briefOf(103), "the brief of 103");
    expect(brief101.status).toBe("ready");
    expect(brief103.status).toBe("ready");
    expect((await briefOf(102))?.id).toBe(prepared102?.id);
    // Late, so autopilot leaves it to an agent.
    await harness.deps.queue.stop();
    await harness.deps.queue.start();
    expect(await autopilotRanOn(103)).toBe(false);
    // The gone ticket is given up at once rather than retried for ever.
    const givenUp = (line: string) =>
      line.includes("prepare-brief for a ticket the helpdesk no longer has") &&
      line.includes('"ticketId":9999');
    await eventually(async () => harness.logs.find(givenUp), "giving up on 9999");
    await harness.deps.queue.stop();
    expect(harness.logs.filter(givenUp)).toHaveLength(1);
    expect(harness.logs.filter((line) => line.includes("job failed"))).toEqual([]);
    await harness.deps.queue.start();
    // A second start finds nothing left but the gone ticket, which costs one lookup again.
    expect(await requeueAwaitedBriefs({ deps: harness.deps, input: mine })).toEqual({
      found: 1,
      queued: 1,
    });

    // The same job fresh from a webhook is carried out by autopilot: the test can tell.
    await harness.deps.queue.send("prepare-brief", {
      installationId: installation.id,
      ticketId: 103,
    });
    await eventually(
      async () => ((await autopilotRanOn(103, "autopilot.acted")) ? true : null),
      "autopilot on 103",
    );
  });
});
