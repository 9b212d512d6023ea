import { UpstreamError } from "@countersign/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainOutbox } from "../src/use-cases/deliver-outbox";
import { prepareBrief } from "../src/use-cases/prepare-brief";
import { createHarness, type Harness, now } from "./harness";

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness(undefined, { demo: true });
});

afterAll(async () => {
  await harness.close();
});

describe("a reply that fails to post after the action ran", () => {
  it("is retried from the outbox, never by repeating the action, and lands once", async () => {
    const { helpdesk, deps } = harness;
    let failuresLeft = 2;
    const flaky = {
      ...helpdesk,
      getTicket: helpdesk.getTicket,
      getAgentRole: helpdesk.getAgentRole,
      postInternalNote: helpdesk.postInternalNote,
      addTags: helpdesk.addTags,
      async postReply(ticketId: number, body: string) {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new UpstreamError("zendesk", 503, "Zendesk is unavailable");
        }
        return helpdesk.postReply(ticketId, body);
      },
    };
    deps.helpdeskFor = () => flaky;
    const prepared = await prepareBrief({
      deps,
      input: { installation: harness.installation, ticketId: 103 },
    });
    const token = await harness.token({ sub: "1", jti: crypto.randomUUID() });
    const response = await harness.app.request("/api/tickets/103/approve", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        draftId: prepared.brief.draft.id,
        text: prepared.brief.draft.text,
        idempotencyKey: "retry-test-key",
      }),
    });
    expect(response.status).toBe(200);
    const outcome = (await response.json()) as { message: string; replySent: boolean };
    expect(outcome.replySent).toBe(false);
    expect(outcome.message).toBe(
      "Return opened. The reply is queued and will be posted as soon as the helpdesk answers.",
    );

    // Not due yet: the first retry waits two seconds.
    expect(await drainOutbox({ deps })).toEqual({ sent: 0, failed: 0 });
    deps.clock = () => new Date(now.getTime() + 3_000);
    expect(await drainOutbox({ deps })).toEqual({ sent: 0, failed: 1 });
    deps.clock = () => new Date(now.getTime() + 120_000);
    expect(await drainOutbox({ deps })).toEqual({ sent: 3, failed: 0 });
    expect(await drainOutbox({ deps })).toEqual({ sent: 0, failed: 0 });

    const ticket = await helpdesk.getTicket(103);
    const fromUs = ticket.comments.filter((comment) => comment.author === "agent");
    expect(fromUs.map((comment) => comment.public)).toEqual([true, false]);
    const order = await harness.commerce.getOrder(prepared.brief.order?.id ?? "");
    expect(order.view.returns.filter((item) => item.status === "open")).toHaveLength(1);
  });
});
