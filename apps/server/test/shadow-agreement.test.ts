// Issue #8: in shadow mode the agreement is measured when the agent answers, not when the
// customer happens to write again. The local helpdesk announces the agent's reply (and the
// solved ticket) the way Zendesk's webhook does; the queued comparison job does the rest.
import { type AuditEvent, listAuditEvents, saveSettingsVersion } from "@countersign/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import type { Deps } from "../src/deps";
import {
  announceLocalHelpdeskEvents,
  type LocalHelpdeskWebhooks,
} from "../src/local-helpdesk/webhooks";
import { compareShadow } from "../src/use-cases/compare-shadow";
import { startWorkers, type Workers } from "../src/workers";
import { createHarness, type Harness, readyBrief, secret, signedRequest } from "./harness";

let harness: Harness;
let deps: Deps;
let workers: Workers;
let localWebhooks: LocalHelpdeskWebhooks;

beforeAll(async () => {
  harness = await createHarness(undefined, { demo: true });
  await saveSettingsVersion(
    harness.deps.database.db,
    harness.installation.id,
    {
      policy: {},
      brandVoice: {},
      modes: { order_status: "shadow", product_question: "shadow" },
      leadRoles: ["admin"],
      changedBy: "agent:1",
    },
    0,
  );
  // As in `npm start`: the local helpdesk's deliveries are signed with its own secret.
  deps = {
    ...harness.deps,
    webhookSecretFor: async (candidate) =>
      candidate.id === harness.installation.id ? secret : null,
  };
  harness.app = createApp(deps, { rateLimits: { api: null, webhooks: null } });
  workers = await startWorkers(deps, { outboxEveryMs: 60_000, reconcileEveryMs: 60_000 });
  await deps.queue.start();
  localWebhooks = announceLocalHelpdeskEvents(deps, harness.app);
});

afterAll(async () => {
  await localWebhooks.stop();
  await workers.stop();
  await deps.queue.stop();
  await harness.close();
});

async function events(type: string): Promise<AuditEvent[]> {
  const all = await listAuditEvents(harness.deps.database.db, harness.installation.id);
  return all.filter((event) => event.type === type);
}

/** Waits for the comparison of `draftId` the queued job records. */
async function comparisonOf(draftId: string): Promise<AuditEvent> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const found = (await events("shadow.compared")).find((event) => event.data.draftId === draftId);
    if (found) {
      return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`draft ${draftId} was never compared`);
}

/** What an agent does in the local helpdesk's composer. */
async function submit(ticketId: number, fields: Record<string, string>): Promise<Response> {
  return await harness.app.request(`/tickets/${ticketId}/comments`, {
    method: "POST",
    body: new URLSearchParams(fields),
  });
}

async function suggestions() {
  const response = await signedRequest(harness, "/api/metrics?period=week");
  const report = (await response.json()) as {
    autopilotSuggestions: { intent: string; compared: number; matched: number }[];
  };
  return report.autopilotSuggestions;
}

describe("shadow agreement, measured when the agent answers", () => {
  it("compares the agent's reply as soon as it is sent, with no further customer message", async () => {
    const brief = await readyBrief(harness, 101);
    expect(brief.classification.intent).toBe("order_status");
    const customerMessages = (await harness.helpdesk.getTicket(101)).comments.filter(
      (comment) => comment.author === "customer",
    ).length;

    expect((await submit(101, { body: brief.draft.text })).status).toBe(303);

    const compared = await comparisonOf(brief.draft.id);
    expect(compared.data).toMatchObject({ intent: "order_status", matched: true });
    const ticket = await harness.helpdesk.getTicket(101);
    expect(ticket.comments.filter((comment) => comment.author === "customer")).toHaveLength(
      customerMessages,
    );
    // It came the way Zendesk's would: a signed delivery that queued a comparison.
    const received = (await events("webhook.received")).map((event) => event.data);
    expect(received).toContainEqual(
      expect.objectContaining({
        topic: "ticket.comment_added",
        kind: "compare",
        externalTicketId: "101",
      }),
    );
    expect(await suggestions()).toContainEqual(
      expect.objectContaining({ intent: "order_status", compared: 1, matched: 1 }),
    );
  });

  it("compares a reply it did not hear of when the agent solves the ticket", async () => {
    const brief = await readyBrief(harness, 118);
    expect(brief.classification.intent).toBe("product_question");
    // The reply's delivery is lost (the local helpdesk is not listening for a moment).
    await localWebhooks.stop();
    await harness.helpdesk.postReply(118, "We do offer trade pricing; a colleague will email you.");
    localWebhooks = announceLocalHelpdeskEvents(deps, harness.app);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      (await events("shadow.compared")).filter((event) => event.data.draftId === brief.draft.id),
    ).toEqual([]);

    expect((await submit(118, { body: "", status: "solved" })).status).toBe(303);

    expect((await harness.helpdesk.getTicket(118)).status).toBe("solved");
    const compared = await comparisonOf(brief.draft.id);
    expect(compared.data).toMatchObject({ intent: "product_question", matched: false });
    expect(await suggestions()).toContainEqual(
      expect.objectContaining({ intent: "product_question", compared: 1, matched: 0 }),
    );
  });

  it("compares a draft once when the comparison job and the prepare-brief job ask together", async () => {
    const brief = await readyBrief(harness, 102);
    expect(brief.classification.intent).toBe("order_status");
    await localWebhooks.stop();
    try {
      await harness.helpdesk.postReply(102, brief.draft.text);
      const input = { installation: harness.installation, ticketId: 102 };
      const results = await Promise.all([
        compareShadow({ deps, input }),
        compareShadow({ deps, input }),
      ]);
      expect(results.filter((result) => result !== null)).toHaveLength(1);
      expect(
        (await events("shadow.compared")).filter((event) => event.data.draftId === brief.draft.id),
      ).toHaveLength(1);
    } finally {
      localWebhooks = announceLocalHelpdeskEvents(deps, harness.app);
    }
  });
});
