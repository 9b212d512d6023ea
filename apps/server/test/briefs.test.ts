import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./harness";

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness(undefined, { demo: true });
});

afterAll(async () => {
  await harness.close();
});

interface ReadyBrief {
  classification: { intent: string; flags: string[] };
  customer: { name: string } | null;
  order: { id: string; name: string } | null;
  decision: { action: string; approval: string; tier: number; amount: number | null };
  draft: { id: string; text: string; source: string; factCheck: { ok: boolean } };
  approveLabel: string;
  escalationSummary: string[] | null;
}

async function authed(path: string, init: RequestInit = {}, agent = "1") {
  const token = await harness.token({ sub: agent, jti: crypto.randomUUID() });
  return harness.app.request(path, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      ...init.headers,
    },
  });
}

async function readyBrief(ticketId: number, refresh = false): Promise<ReadyBrief> {
  let first = refresh;
  for (let attempt = 0; attempt < 200; attempt++) {
    const response = await authed(`/api/tickets/${ticketId}/brief${first ? "?refresh=1" : ""}`);
    first = false;
    expect(response.status).toBe(200);
    const view = (await response.json()) as { status: string; brief?: ReadyBrief; error?: string };
    if (view.status === "ready" && view.brief) {
      return view.brief;
    }
    expect(view.status, view.error).toBe("preparing");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`brief for ${ticketId} never became ready`);
}

async function approve(ticketId: number, brief: ReadyBrief, agent = "1", text = brief.draft.text) {
  return authed(
    `/api/tickets/${ticketId}/approve`,
    {
      method: "POST",
      body: JSON.stringify({
        draftId: brief.draft.id,
        text,
        idempotencyKey: `key-${brief.draft.id}`,
      }),
    },
    agent,
  );
}

describe("briefs", () => {
  it.each([
    [101, "order_status", "reply", "none"],
    [103, "return", "return", "agent"],
    [104, "refund", "refund", "lead"],
    [105, "damaged_wrong_item", "replace", "agent"],
    [106, "refund", "escalate", "human"],
  ])("ticket %i: intent %s → %s with %s approval", async (ticketId, _intent, action, approval) => {
    const brief = await readyBrief(ticketId);
    expect(brief.decision.action).toBe(action);
    expect(brief.decision.approval).toBe(approval);
    expect(brief.draft.text.length).toBeGreaterThan(40);
    expect(brief.draft.source).toBe("offline");
  });

  it("finds no customer for a requester the store does not know", async () => {
    const brief = await readyBrief(107);
    expect(brief.customer).toBeNull();
    expect(brief.order).toBeNull();
  });

  it("flags a legal threat and summarises it for a person", async () => {
    const brief = await readyBrief(106);
    expect(brief.classification.flags).toContain("legal_threat");
    expect(brief.escalationSummary?.length).toBeGreaterThanOrEqual(3);
  });

  it("serves a prepared brief from the database without preparing it again", async () => {
    const first = await readyBrief(101);
    const again = await readyBrief(101);
    expect(again.draft.id).toBe(first.draft.id);
  });

  it("prepares a new brief when the customer writes again", async () => {
    const first = await readyBrief(118);
    await harness.helpdesk.receiveCustomerMessage(118, "Also, do you ship to Canada?");
    const refreshed = await readyBrief(118);
    expect(refreshed.draft.id).not.toBe(first.draft.id);
  });

  it("answers with the new brief, not the one it replaces, after Regenerate", async () => {
    const first = await readyBrief(117);
    const regenerated = await readyBrief(117, true);
    expect(regenerated.draft.id).not.toBe(first.draft.id);
  });
});

describe("approve", () => {
  it("opens the return once, however often it is approved, and posts the reply", async () => {
    const brief = await readyBrief(103);
    const edited = `${brief.draft.text}\n\nP.S. Thanks for shopping with us.`;
    const results = await Promise.all([
      approve(103, brief, "2", edited),
      approve(103, brief, "2", edited),
      approve(103, brief, "2", edited),
    ]);
    const bodies = (await Promise.all(results.map((response) => response.json()))) as {
      message: string;
      state: string;
      actionId: string;
    }[];
    expect(results.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(new Set(bodies.map((body) => body.actionId)).size).toBe(1);
    expect(bodies.some((body) => body.message === "Return opened. Reply sent.")).toBe(true);

    const order = await harness.commerce.getOrder(brief.order?.id ?? "");
    expect(order.view.returns.filter((item) => item.status === "open")).toHaveLength(1);

    const ticket = await harness.helpdesk.getTicket(103);
    const posted = ticket.comments.filter((comment) => comment.author === "agent");
    expect(posted.filter((comment) => comment.public).map((comment) => comment.body)).toEqual([
      edited,
    ]);
    expect(posted.filter((comment) => !comment.public)).toHaveLength(1);
    expect(ticket.tags).toEqual(expect.arrayContaining(["countersign", "countersign-return"]));

    const again = await approve(103, brief, "2", edited);
    expect(((await again.json()) as { actionId: string }).actionId).toBe(bodies[0]?.actionId);
    const after = await harness.helpdesk.getTicket(103);
    expect(after.comments.filter((comment) => comment.author === "agent")).toHaveLength(2);
  });

  it("refuses a lead-only refund to a plain agent and carries it out for a lead", async () => {
    const brief = await readyBrief(104);
    const refused = await approve(104, brief, "2");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/needs a lead/);

    const accepted = await approve(104, brief, "1");
    expect(accepted.status).toBe(200);
    const outcome = (await accepted.json()) as { message: string };
    expect(outcome.message).toMatch(/^Refund of \$\d+\.\d{2} issued\. Reply sent\.$/);
    const order = await harness.commerce.getOrder(brief.order?.id ?? "");
    expect(order.view.refundedTotal).toBe(brief.decision.amount);
  });

  it("refuses when the order changed since the brief was prepared", async () => {
    const brief = await readyBrief(105);
    const order = await harness.commerce.getOrder(brief.order?.id ?? "");
    const item = order.view.items[0];
    expect(item).toBeDefined();
    const preview = await harness.commerce.previewRefund({
      orderId: order.view.id,
      lineItems: [{ lineItemId: item?.id ?? "", quantity: 1 }],
    });
    await harness.commerce.refund({ preview, idempotencyKey: "refund-outside-countersign" });

    const response = await approve(105, brief);
    expect(response.status).toBe(409);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/order changed/);
  });

  it("never acts on a ticket that needs a person", async () => {
    const brief = await readyBrief(106);
    const response = await approve(106, brief);
    expect(response.status).toBe(409);
    const escalated = await authed("/api/tickets/106/escalate", {
      method: "POST",
      body: JSON.stringify({ group: "Tier 2 support" }),
    });
    expect(escalated.status).toBe(200);
    const ticket = await harness.helpdesk.getTicket(106);
    expect(ticket.tags).toContain("countersign-escalated");
    expect(ticket.group).toBe("Tier 2 support");
    expect(ticket.comments.filter((comment) => !comment.public).at(-1)?.body).toMatch(/escalation/);
  });

  it("refuses an address change it cannot read, before recording anything", async () => {
    const brief = await readyBrief(108);
    expect(brief.decision.action).toBe("update_address");
    const response = await approve(108, brief);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { detail: string; errors: { path: string }[] };
    expect(problem.detail).toMatch(/Change it in Shopify/);
    expect(problem.errors.map((error) => error.path)).toEqual(["ticket.newAddress"]);
    const { listAuditEvents } = await import("@countersign/db");
    const events = await listAuditEvents(harness.deps.database.db, harness.installation.id);
    expect(events.filter((event) => event.type === "action.approved")).toHaveLength(
      events.filter(
        (event) => event.type === "action.approved" && event.data.action !== "update_address",
      ).length,
    );
  });

  it("names the field of a bad approval request", async () => {
    const response = await authed("/api/tickets/103/approve", {
      method: "POST",
      body: JSON.stringify({ draftId: "drf_x", text: "", idempotencyKey: "short" }),
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((error) => error.path).sort()).toEqual(["idempotencyKey", "text"]);
  });
});
