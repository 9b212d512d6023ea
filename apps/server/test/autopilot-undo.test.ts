import {
  appendAuditEvent,
  findTicketByExternalId,
  listActionsOfTicket,
  listAuditEvents,
  recordAction,
  saveAutopilotLimits,
  saveSettingsVersion,
  updateActionState,
} from "@countersign/db";
import type { NewAddress } from "@countersign/policy";
import { createShopifyCommerce, type DemoStore } from "@countersign/shopify";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STORE_TOKEN } from "../src/compose";
import { drainOutbox } from "../src/use-cases/deliver-outbox";
import { prepareBrief } from "../src/use-cases/prepare-brief";
import { reconcileActions } from "../src/use-cases/reconcile-actions";
import { undoKey } from "../src/use-cases/review-autopilot";
import { runAutopilot } from "../src/use-cases/run-autopilot";
import { approveRequest, createHarness, type Harness, signedRequest } from "./harness";

// Reversing what autopilot did: the real Shopify adapter talks over the network (msw) to the
// demo store, so every Admin API call the reversal makes is seen, counted, and can be failed.

const SHOP = "northwind-threads.myshopify.com";
const GRAPHQL_URL = `https://${SHOP}/admin/api/2026-10/graphql.json`;

let harness: Harness;
/** Operation names, in the order the adapter sent them. */
const calls: string[] = [];
/** Operations answered with a fault instead of by the store (unless the fault calls it). */
const faults = new Map<string, (request: Request) => Response | Promise<Response>>();

const server = setupServer(
  http.post(GRAPHQL_URL, async ({ request }) => {
    const { query } = (await request.clone().json()) as { query: string };
    const name = /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "unknown";
    calls.push(name);
    const fault = faults.get(name);
    return fault ? fault(request) : harness.store.handle(request);
  }),
);

interface ReviewItem {
  actionId: string;
  ticketId: string;
  action: string;
  review: {
    verdict: string;
    undo: { state: string; message: string } | null;
  } | null;
}

let before: DemoStore;
const actionOf = new Map<number, ReviewItem>();

const orderNamed = (store: DemoStore, name: string) => {
  const order = store.orders.find((candidate) => candidate.name === name);
  if (!order) {
    throw new Error(`no order ${name}`);
  }
  return order;
};

function reverse(actionId: string) {
  return signedRequest(harness, `/api/autopilot/reviews/${actionId}`, {
    method: "POST",
    body: JSON.stringify({ verdict: "reverse", note: "the customer changed their mind" }),
  });
}

async function queue(): Promise<ReviewItem[]> {
  const response = await signedRequest(harness, "/api/autopilot/reviews");
  return ((await response.json()) as { items: ReviewItem[] }).items;
}

async function undoEvents(actionId: string) {
  const events = await listAuditEvents(harness.deps.database.db, harness.installation.id);
  return events.filter(
    (event) => event.type === "autopilot.undo" && event.data.actionId === actionId,
  );
}

async function notesOf(ticketId: number): Promise<string> {
  const ticket = await harness.helpdesk.getTicket(ticketId);
  return ticket.comments
    .filter((comment) => !comment.public)
    .map((comment) => comment.body)
    .join("\n");
}

type LineItems = Array<{ lineItemId: string; quantity: number }>;

/**
 * Records a succeeded autopilot action on `ticketId` as approveDraft and runAutopilot do, after
 * `act` made the store call approveDraft would make (given the order and the decided items).
 */
async function seedAutopilotAction(
  ticketId: number,
  kind: string,
  act: (orderId: string, lineItems: LineItems) => Promise<object>,
  newAddress: NewAddress | null = null,
) {
  const db = harness.deps.database.db;
  const { brief } = await prepareBrief({
    deps: harness.deps,
    input: { installation: harness.installation, ticketId },
  });
  const ticket = await findTicketByExternalId(db, harness.installation.id, String(ticketId));
  if (!brief.order || !ticket) {
    throw new Error(`ticket ${ticketId} has no order`);
  }
  const lineItems = brief.decision.lineItems.map((line) => ({
    lineItemId: line.id,
    quantity: line.quantity,
  }));
  const result = await act(brief.order.id, lineItems);
  const { action } = await recordAction(db, harness.installation.id, {
    ticketId: ticket.id,
    draftId: brief.draft.id,
    idempotencyKey: `draft:${brief.draft.id}`,
    kind,
    actor: "agent:autopilot",
    request: {
      decision: { ...brief.decision, action: kind },
      clientKey: `autopilot:2026-11-20:${brief.draft.id}`,
      text: brief.draft.text,
      orderId: brief.order.id,
      externalTicketId: String(ticketId),
      newAddress,
    },
  });
  await updateActionState(db, harness.installation.id, action.id, {
    state: "succeeded",
    result: { ...result },
  });
  await appendAuditEvent(db, harness.installation.id, {
    ticketId: ticket.id,
    actor: "agent:autopilot",
    type: "autopilot.acted",
    data: {
      draftId: brief.draft.id,
      actionId: action.id,
      intent: brief.classification.intent,
      action: kind,
      amount: null,
      currency: null,
      state: "succeeded",
      review: "pending",
    },
  });
}

function item(ticketId: number): ReviewItem {
  const found = actionOf.get(ticketId);
  if (!found) {
    throw new Error(`autopilot did not act on ${ticketId}`);
  }
  return found;
}

beforeAll(async () => {
  server.listen({ onUnhandledFrame: "error" });
  harness = await createHarness(undefined, { demo: true });
  const commerce = createShopifyCommerce({
    shop: SHOP,
    accessToken: DEMO_STORE_TOKEN,
    sleep: async () => {},
  });
  harness.deps.commerceFor = () => commerce;
  const db = harness.deps.database.db;
  await saveSettingsVersion(
    db,
    harness.installation.id,
    {
      policy: { autoRefundLimit: 200 },
      brandVoice: {},
      modes: {
        return: "autopilot",
        refund: "autopilot",
        cancel: "autopilot",
        address_change: "autopilot",
      },
      leadRoles: ["admin"],
      changedBy: "agent:1",
    },
    0,
  );
  await saveAutopilotLimits(db, harness.installation.id, {
    dailyAmount: 1000,
    dailyCount: 20,
    changedBy: "agent:1",
  });
  before = harness.store.snapshot();
  // Autopilot acts on every ticket first: a reversal takes its category off autopilot.
  for (const ticketId of [103, 113, 116, 109]) {
    const prepared = await prepareBrief({
      deps: harness.deps,
      input: { installation: harness.installation, ticketId },
    });
    const outcome = await runAutopilot({
      deps: harness.deps,
      input: { installation: harness.installation, ticketId, brief: prepared.brief },
    });
    expect(outcome, `ticket ${ticketId}: ${JSON.stringify(outcome)}`).toMatchObject({
      acted: true,
    });
  }
  // Autopilot cannot reach these two today (the case builder reads no new address from a
  // ticket, and a replacement is tier 3), so they are recorded as approveDraft would record
  // them, after the same adapter call it makes.
  const moved: NewAddress = {
    name: "Aisha Bello",
    address1: "48 Beacon Street",
    address2: "Apt 3",
    city: "Boston",
    province: "MA",
    zip: "02108",
    countryCode: "US",
  };
  await seedAutopilotAction(
    108,
    "update_address",
    (orderId) => commerce.updateShippingAddress({ orderId, address: moved }),
    moved,
  );
  await seedAutopilotAction(105, "replace", (orderId, lineItems) =>
    commerce.createReplacement({ orderId, lineItems, note: "Arrived broken." }),
  );
  await seedAutopilotAction(117, "return", (orderId) =>
    commerce.createReturn({
      orderId,
      lineItems: [{ lineItemId: "gid://shopify/LineItem/20023", quantity: 1 }],
    }),
  );
  for (const entry of await queue()) {
    actionOf.set(Number(entry.ticketId), entry);
  }
});

afterEach(() => {
  faults.clear();
});

afterAll(async () => {
  server.close();
  await harness.close();
});

describe("reversing an autopilot action", () => {
  it("cancels the return autopilot opened in Shopify, exactly once however often it is asked", async () => {
    const { actionId, action } = item(103);
    expect(action).toBe("return");
    const opened = orderNamed(harness.store.snapshot(), "#1039").returns.filter(
      (ret) => ret.status === "OPEN",
    );
    expect(opened).toHaveLength(1);
    const returnName = opened[0]?.name;
    calls.length = 0;

    // A triple click: three requests at once.
    const answers = await Promise.all([reverse(actionId), reverse(actionId), reverse(actionId)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409]);
    const reviewed = answers.find((answer) => answer.status === 200);
    const expected = { state: "undone", message: `Return ${returnName} cancelled in Shopify.` };
    expect(await reviewed?.json()).toMatchObject({
      actionId,
      review: { verdict: "reversed", by: "agent:1", undo: expected },
    });
    // And a retry later.
    expect((await reverse(actionId)).status).toBe(409);

    expect(calls.filter((name) => name === "ReturnCancel")).toHaveLength(1);
    const after = orderNamed(harness.store.snapshot(), "#1039").returns;
    expect(after.find((ret) => ret.name === returnName)?.status).toBe("CANCELED");
    expect((await queue()).find((entry) => entry.actionId === actionId)?.review?.undo).toEqual(
      expected,
    );
    const events = await undoEvents(actionId);
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({
      state: "undone",
      mutation: "returnCancel",
      step: "cancel_return",
    });
    expect(await notesOf(103)).toContain(`Return ${returnName} cancelled in Shopify.`);
  });

  it("lets an agent approve the same items again once the autopilot return was reversed", async () => {
    // Runs after the reversal above: ticket 103's return is cancelled, its category on approve.
    const prepared = await prepareBrief({
      deps: harness.deps,
      input: { installation: harness.installation, ticketId: 103 },
    });
    expect(prepared.brief.decision.action).toBe("return");
    const response = await approveRequest(harness, 103, prepared.brief.draft.id);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({ state: "succeeded" });
    const open = orderNamed(harness.store.snapshot(), "#1039").returns.filter(
      (ret) => ret.status === "OPEN",
    );
    expect(open).toHaveLength(1);
  });

  it("does nothing when another request or server already claimed the undo", async () => {
    const { actionId, action } = item(117);
    expect(action).toBe("return");
    const ticket = await findTicketByExternalId(
      harness.deps.database.db,
      harness.installation.id,
      "117",
    );
    // What a concurrent reversal records before it calls Shopify.
    await recordAction(harness.deps.database.db, harness.installation.id, {
      ticketId: ticket?.id ?? "",
      idempotencyKey: undoKey(actionId),
      kind: "undo",
      actor: "system",
      request: { undoOf: actionId },
    });
    calls.length = 0;
    const response = await reverse(actionId);
    expect(response.status).toBe(409);
    expect(((await response.json()) as { detail: string }).detail).toBe(
      "This action is already being reversed (recorded).",
    );
    expect(calls).toEqual([]);
    const events = await listAuditEvents(harness.deps.database.db, harness.installation.id);
    expect(
      events.filter(
        (event) => event.type.startsWith("autopilot.") && event.data.actionId === actionId,
      ),
    ).toMatchObject([{ type: "autopilot.acted" }]);
    expect(await notesOf(117)).not.toContain("reversed the autopilot");
  });

  it("leaves an honest failed state when Shopify fails, with what to do by hand", async () => {
    const { actionId, action } = item(113);
    expect(action).toBe("return");
    const open = () =>
      orderNamed(harness.store.snapshot(), "#1041").returns.filter((ret) => ret.status === "OPEN");
    const returnName = open()[0]?.name;
    faults.set("ReturnCancel", () => new HttpResponse("Service Unavailable", { status: 503 }));
    calls.length = 0;

    const response = await reverse(actionId);
    expect(response.status).toBe(200);
    const body = (await response.json()) as ReviewItem;
    expect(body.review).toMatchObject({ verdict: "reversed", undo: { state: "failed" } });
    expect(body.review?.undo?.message).toMatch(
      new RegExp(
        `^Shopify did not confirm that return ${returnName} was cancelled \\(.+\\)\\. Check it in Shopify and cancel it there by hand if it is still open\\.$`,
      ),
    );
    // Not resent blindly: read back, sent once more because the return was still open, read back.
    expect(calls).toEqual(["ReturnCancel", "ReturnStatus", "ReturnCancel", "ReturnStatus"]);
    expect(open().map((ret) => ret.name)).toEqual([returnName]);

    const undoRow = (
      await listActionsOfTicket(
        harness.deps.database.db,
        harness.installation.id,
        (await undoEvents(actionId))[0]?.ticketId ?? "",
      )
    ).find((row) => row.kind === "undo");
    expect(undoRow).toMatchObject({ state: "failed", idempotencyKey: `undo:${actionId}` });
    expect((await undoEvents(actionId))[0]?.data).toMatchObject({ state: "failed" });
    expect(await notesOf(113)).toContain("cancel it there by hand");
    // The review stands; asking again undoes nothing twice.
    expect((await reverse(actionId)).status).toBe(409);
    expect(calls.filter((name) => name === "ReturnCancel")).toHaveLength(2);
  });

  it("never calls Shopify for a refund, and says plainly it cannot be reversed", async () => {
    const { actionId, action } = item(116);
    expect(action).toBe("refund");
    calls.length = 0;
    const response = await reverse(actionId);
    expect(response.status).toBe(200);
    const body = (await response.json()) as ReviewItem;
    expect(body.review?.undo?.state).toBe("not_reversible");
    expect(body.review?.undo?.message).toMatch(
      /^Refund of \$60\.00 cannot be reversed: the money is back with the customer/,
    );
    expect(calls).toEqual([]);
    expect(await notesOf(116)).toContain("Refund of $60.00 cannot be reversed");
    expect((await undoEvents(actionId))[0]?.data).toMatchObject({
      state: "not_reversible",
      mutation: null,
    });
  });

  it("says a cancellation cannot be reversed, without calling Shopify", async () => {
    const { actionId, action } = item(109);
    expect(action).toBe("cancel");
    calls.length = 0;
    const body = (await (await reverse(actionId)).json()) as ReviewItem;
    expect(body.review?.undo).toEqual({
      state: "not_reversible",
      message:
        "Cancellation of #1061 cannot be reversed: Shopify cannot restore a cancelled order, and the $189.00 refunded with it stays with the customer. If the customer still wants the items, create a new order in Shopify.",
    });
    expect(calls).toEqual([]);
  });

  it("puts back the address an autopilot address change replaced", async () => {
    const { actionId, action } = item(108);
    expect(action).toBe("update_address");
    const original = orderNamed(before, "#1059").shippingAddress;
    expect(orderNamed(harness.store.snapshot(), "#1059").shippingAddress).not.toEqual(original);
    calls.length = 0;
    const body = (await (await reverse(actionId)).json()) as ReviewItem;
    expect(body.review?.undo).toMatchObject({ state: "undone" });
    expect(body.review?.undo?.message).toMatch(
      new RegExp(`^Shipping address of #1059 put back to ${original?.address1}, .+ in Shopify\\.$`),
    );
    expect(calls.filter((name) => name === "OrderAddress")).toHaveLength(1);
    expect(orderNamed(harness.store.snapshot(), "#1059").shippingAddress).toMatchObject({
      address1: original?.address1,
      city: original?.city,
      zip: original?.zip,
      countryCode: original?.countryCode,
    });
  });

  it("cancels a replacement order that has not shipped", async () => {
    const { actionId, action } = item(105);
    expect(action).toBe("replace");
    const replacement = harness.store
      .snapshot()
      .orders.find((order) => order.tags.includes("replacement"));
    expect(replacement?.cancelledAt).toBeNull();
    calls.length = 0;
    const body = (await (await reverse(actionId)).json()) as ReviewItem;
    expect(body.review?.undo).toEqual({
      state: "undone",
      message: `Replacement order ${replacement?.name} cancelled in Shopify.`,
    });
    expect(calls.filter((name) => name === "OrderCancel")).toHaveLength(1);
    const after = harness.store.snapshot().orders.find((order) => order.id === replacement?.id);
    expect(after?.cancelledAt).not.toBeNull();
  });
});

describe("a reversal whose process stopped while Shopify was called", () => {
  /** Runs `work` as a worker would two minutes from now. */
  async function later<T>(work: () => Promise<T>): Promise<T> {
    const real = harness.deps.clock;
    harness.deps.clock = () => new Date(Date.now() + 120_000);
    try {
      return await work();
    } finally {
      harness.deps.clock = real;
    }
  }
  const reconcileLater = () =>
    later(() =>
      reconcileActions({
        deps: harness.deps,
        input: { installationId: harness.installation.id },
      }),
    );

  it("is parked for a person when its record does not say what it was undoing", async () => {
    // Ticket 117's undo was claimed by a request that never recorded its step (see above).
    const report = await reconcileLater();
    expect(report).toMatchObject({ checked: 1, unresolved: 1 });
    const events = await listAuditEvents(harness.deps.database.db, harness.installation.id);
    expect(events.filter((event) => event.type === "action.needs_person")).toHaveLength(1);
    expect(await reconcileLater()).toMatchObject({ checked: 0 });
  });

  it("is settled from what Shopify shows, told to the queue and the ticket, and never resent", async () => {
    const commerce = harness.deps.commerceFor(harness.installation);
    // Clearance (final sale) under the policy, so no decision opens it: recorded by hand.
    await seedAutopilotAction(110, "return", (orderId) =>
      commerce.createReturn({
        orderId,
        lineItems: [{ lineItemId: "gid://shopify/LineItem/20013", quantity: 1 }],
      }),
    );
    const entry = (await queue()).find((candidate) => candidate.ticketId === "110");
    expect(entry).toMatchObject({ action: "return", review: null });
    const actionId = entry?.actionId ?? "";
    const returnsOf1044 = () => orderNamed(harness.store.snapshot(), "#1044").returns;
    const returnName = returnsOf1044().find((ret) => ret.status === "OPEN")?.name;
    expect(returnName).toBeDefined();

    // Shopify cancels the return, and then the process is gone: no answer ever comes back.
    const reached = Promise.withResolvers<void>();
    const late = Promise.withResolvers<Response>();
    faults.set("ReturnCancel", async (request) => {
      await harness.store.handle(request);
      reached.resolve();
      return late.promise;
    });
    calls.length = 0;
    const stopped = reverse(actionId);
    await reached.promise;
    expect(returnsOf1044().find((ret) => ret.name === returnName)?.status).toBe("CANCELED");
    const pending = (await queue()).find((candidate) => candidate.actionId === actionId);
    expect(pending?.review?.undo).toMatchObject({ state: "pending" });

    const report = await reconcileLater();
    expect(report).toMatchObject({ checked: 1, succeeded: 1 });
    const expected = { state: "undone", message: `Return ${returnName} cancelled in Shopify.` };
    const settled = (await queue()).find((candidate) => candidate.actionId === actionId);
    expect(settled?.review?.undo).toEqual(expected);
    expect((await undoEvents(actionId)).map((event) => event.data)).toMatchObject([
      { state: "undone", reconciled: true, step: "cancel_return" },
    ]);
    expect(calls.filter((name) => name === "ReturnCancel")).toHaveLength(1);
    // The ticket's agents hear of it through the outbox.
    expect(await later(() => drainOutbox({ deps: harness.deps }))).toMatchObject({
      sent: 1,
      failed: 0,
    });
    expect(await notesOf(110)).toContain(
      `reversing the autopilot return on this ticket was interrupted. Return ${returnName} cancelled in Shopify.`,
    );
    // A second round finds nothing left.
    expect(await reconcileLater()).toMatchObject({ checked: 0 });

    // Had the process lived after all, its late answer changes nothing already settled.
    late.resolve(new HttpResponse("Service Unavailable", { status: 503 }));
    expect((await stopped).status).toBe(200);
    expect(await undoEvents(actionId)).toHaveLength(1);
    expect(
      (await queue()).find((candidate) => candidate.actionId === actionId)?.review?.undo,
    ).toEqual(expected);
  });
});

describe("the review route's schema", () => {
  it("documents what a reversal undid", async () => {
    const document = (await (await harness.app.request("/openapi.json")).json()) as {
      components: {
        schemas: Record<string, { properties?: Record<string, { anyOf?: unknown[] }> }>;
      };
    };
    const review = JSON.stringify(document.components.schemas.AutopilotReview?.properties?.review);
    for (const state of ["pending", "undone", "failed", "not_reversible", "nothing_to_undo"]) {
      expect(review).toContain(`"${state}"`);
    }
  });
});
