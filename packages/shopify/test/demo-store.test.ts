import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ValidationError } from "@countersign/shared";
import { describe, expect, it } from "vitest";
import { anchorDemoStore, parseDemoStore } from "../src/demo/data";
import { createDemoStore } from "../src/demo/store";
import { REFUND_CREATE_MUTATION, SUGGESTED_REFUND_QUERY } from "../src/documents";
import { CONTRACT_NOW, CONTRACT_TOKEN, contractStore } from "../src/testing/fixture";

const ENDPOINT = "https://contract-test.myshopify.com/admin/api/2026-10/graphql.json";

function post(
  store: ReturnType<typeof createDemoStore>,
  query: string,
  variables: Record<string, unknown> = {},
  token = CONTRACT_TOKEN,
  url = ENDPOINT,
) {
  return store.handle(
    new Request(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": token },
      body: JSON.stringify({ query, variables }),
    }),
  );
}

interface RefundAnswer {
  data: {
    refundCreate: {
      refund: { id: string } | null;
      userErrors: Array<{ field: string[] | null; message: string }>;
    };
  };
}
interface SuggestionAnswer {
  data: { order: { suggestedRefund: { amountSet: { presentmentMoney: { amount: string } } } } };
}
async function answer<T>(response: Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

const demo = (bucket?: { maximumAvailable: number; restoreRate: number }) =>
  createDemoStore(contractStore(), {
    accessToken: CONTRACT_TOKEN,
    now: () => CONTRACT_NOW,
    ...(bucket ? { bucket } : {}),
  });

const refundInput = {
  orderId: "gid://shopify/Order/3001",
  currency: "USD",
  refundLineItems: [
    { lineItemId: "gid://shopify/LineItem/30011", quantity: 1, restockType: "RETURN" },
  ],
  transactions: [
    {
      orderId: "gid://shopify/Order/3001",
      parentId: "gid://shopify/OrderTransaction/90010",
      gateway: "shopify_payments",
      kind: "REFUND",
      amount: "45.00",
    },
  ],
};

describe("the demo store's Admin endpoint", () => {
  it("refuses a missing or wrong access token with 401", async () => {
    const response = await post(demo(), "query { shop { name } }", {}, "wrong");
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ errors: expect.stringContaining("Invalid API key") });
  });

  it("answers only the 2026-10 GraphQL path, under any mount prefix", async () => {
    const store = demo();
    expect(
      (
        await post(
          store,
          "query { shop { name } }",
          {},
          CONTRACT_TOKEN,
          "http://x/admin/api/2025-01/graphql.json",
        )
      ).status,
    ).toBe(404);
    const mounted = await post(
      store,
      "query { shop { name } }",
      {},
      CONTRACT_TOKEN,
      "http://localhost:3000/demo-shopify/admin/api/2026-10/graphql.json",
    );
    expect(await mounted.json()).toMatchObject({ data: { shop: { name: "Contract Test" } } });
  });

  it("validates documents against the real schema", async () => {
    const response = await post(demo(), 'query { order(id: "1") { financialStatus } }');
    const body = (await response.json()) as { errors: Array<{ message: string }> };
    expect(body.errors[0]?.message).toMatch(/Cannot query field "financialStatus"/);
  });

  it("reports query cost like Shopify", async () => {
    const response = await post(
      demo(),
      'query { order(id: "gid://shopify/Order/3001") { name lineItems(first: 10) { nodes { id } } } }',
    );
    const body = (await response.json()) as { extensions: { cost: Record<string, unknown> } };
    expect(body.extensions.cost).toEqual({
      requestedQueryCost: 13,
      actualQueryCost: 5,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1995, restoreRate: 100 },
    });
  });

  it("throttles a query that costs more than the bucket holds", async () => {
    const response = await post(
      demo({ maximumAvailable: 10, restoreRate: 1 }),
      'query { order(id: "gid://shopify/Order/3001") { lineItems(first: 50) { nodes { id } } } }',
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      errors: [{ extensions: { code: "THROTTLED" } }],
      extensions: { cost: { requestedQueryCost: 53, throttleStatus: { currentlyAvailable: 10 } } },
    });
    expect(body.data).toBeUndefined();
  });

  it("requires @idempotent on refundCreate", async () => {
    const store = demo();
    const response = await post(
      store,
      "mutation($input: RefundInput!) { refundCreate(input: $input) { refund { id } userErrors { field message } } }",
      { input: refundInput },
    );
    const body = (await response.json()) as { errors: Array<{ message: string }> };
    expect(body.errors[0]?.message).toMatch(/@idempotent directive is required/);
    expect(store.snapshot().orders.find((o) => o.id === "3001")?.refunds).toEqual([]);
  });

  it("applies a refund once per idempotency key and shows it on the order", async () => {
    const store = demo();
    const first = await answer<RefundAnswer>(
      post(store, REFUND_CREATE_MUTATION, { input: refundInput, key: "k" }),
    );
    const again = await answer<RefundAnswer>(
      post(store, REFUND_CREATE_MUTATION, { input: refundInput, key: "k" }),
    );
    expect(first).toMatchObject({
      data: {
        refundCreate: { userErrors: [], order: { displayFinancialStatus: "PARTIALLY_REFUNDED" } },
      },
    });
    expect(again.data.refundCreate.refund?.id).toBe(first.data.refundCreate.refund?.id);
    const order = store.snapshot().orders.find((o) => o.id === "3001");
    expect(order?.refunds).toHaveLength(1);
    expect(order?.refunds[0]?.transactions[0]).toMatchObject({
      amount: 45,
      parentId: "90010",
      kind: "REFUND",
    });

    const suggestion = await answer<SuggestionAnswer>(
      post(store, SUGGESTED_REFUND_QUERY, {
        id: "gid://shopify/Order/3001",
        refundLineItems: [{ lineItemId: "gid://shopify/LineItem/30011", quantity: 1 }],
      }),
    );
    expect(suggestion.data.order.suggestedRefund.amountSet.presentmentMoney.amount).toBe("0.00");
  });

  it("refuses the same key with different input, and over-refunds", async () => {
    const store = demo();
    await post(store, REFUND_CREATE_MUTATION, { input: refundInput, key: "k" });
    const changed = await answer<RefundAnswer>(
      post(store, REFUND_CREATE_MUTATION, {
        input: { ...refundInput, note: "other" },
        key: "k",
      }),
    );
    expect(changed.data.refundCreate.userErrors[0]?.message).toMatch(/different parameters/);
    const over = await answer<RefundAnswer>(
      post(store, REFUND_CREATE_MUTATION, {
        key: "k2",
        input: {
          ...refundInput,
          refundLineItems: [],
          transactions: [{ ...refundInput.transactions[0], amount: "500.00" }],
        },
      }),
    );
    expect(over.data.refundCreate.userErrors[0]).toMatchObject({
      field: ["transactions", "0", "amount"],
    });
    expect(store.snapshot().orders.find((o) => o.id === "3001")?.refunds).toHaveLength(1);
  });

  it("keeps its data to itself: the input store is not changed", async () => {
    const data = contractStore();
    const store = createDemoStore(data, { accessToken: CONTRACT_TOKEN, now: () => CONTRACT_NOW });
    await post(store, REFUND_CREATE_MUTATION, { input: refundInput, key: "k" });
    expect(data.orders.find((o) => o.id === "3001")?.refunds).toEqual([]);
    expect(store.callCount()).toBe(1);
  });
});

describe("demo data", () => {
  const file = join(import.meta.dirname, "..", "..", "..", "demo", "demo-data.json");
  const raw = JSON.parse(readFileSync(file, "utf8")) as {
    version: number;
    store: unknown;
    tickets: Array<{
      requester: { email: string };
      createdAt: string;
      comments: Array<{ body: string }>;
    }>;
  };

  it("the bundled file parses and holds enough to demo every state", () => {
    const store = parseDemoStore(raw.store);
    expect(raw.version).toBe(1);
    expect(store.customers.length).toBeGreaterThanOrEqual(25);
    expect(store.orders.length).toBeGreaterThanOrEqual(60);
    expect(raw.tickets.length).toBeGreaterThanOrEqual(14);
    expect(new Set(store.orders.map((o) => o.currency))).toEqual(new Set(["USD", "GBP"]));
  });

  it("names every bad field", () => {
    const bad = structuredClone(raw.store) as {
      orders: Array<{ customerId: string; currency: string }>;
    };
    const [first] = bad.orders;
    if (first) {
      first.customerId = "999999";
      first.currency = "EUR";
    }
    const error = (() => {
      try {
        parseDemoStore(bad);
        return null;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
      "store.orders.0.customerId",
      "store.orders.0.currency",
    ]);
  });

  it("anchors the newest order a known time before now, keeping every gap", () => {
    const store = parseDemoStore(raw.store);
    const now = new Date("2031-03-04T05:06:07Z");
    const { store: anchored, shiftMs } = anchorDemoStore(store, now);
    const newest = Math.max(...anchored.orders.map((o) => Date.parse(o.createdAt)));
    expect(now.getTime() - newest).toBe(store.anchor.newestOrderAgeHours * 3_600_000);
    const before = store.orders[0];
    const after = anchored.orders[0];
    expect(Date.parse(after?.createdAt ?? "") - Date.parse(before?.createdAt ?? "")).toBe(shiftMs);
    const delivered = (s: typeof store) =>
      s.orders.flatMap((o) => o.fulfillments.map((f) => f.deliveredAt)).filter((d) => d !== null);
    expect(delivered(anchored).map((d) => Date.parse(d ?? "") - shiftMs)).toEqual(
      delivered(store).map((d) => Date.parse(d ?? "")),
    );
    // Every ticket, shifted the same way, is still written before "now".
    for (const ticket of raw.tickets) {
      expect(Date.parse(ticket.createdAt) + shiftMs).toBeLessThanOrEqual(now.getTime());
    }
  });
});
