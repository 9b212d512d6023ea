import { RateLimitedError, UpstreamError } from "@countersign/shared";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAdminClient } from "../src/admin-client";
import { createShopifyCommerce } from "../src/commerce";
import { JOB_QUERY } from "../src/documents";
import { ShopifyUserError } from "../src/errors";

// Shopify-shaped answers replayed over msw in front of the real @shopify/shopify-api client.

const SHOP = "brand.myshopify.com";
const URL = `https://${SHOP}/admin/api/2026-10/graphql.json`;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
});

const cost = (requested: number, available: number, restoreRate = 100) => ({
  cost: {
    requestedQueryCost: requested,
    actualQueryCost: null,
    throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate },
  },
});
const THROTTLED = (requested: number, available: number) =>
  HttpResponse.json({
    errors: [
      {
        message: "Throttled",
        extensions: {
          code: "THROTTLED",
          documentation: "https://shopify.dev/api/usage/rate-limits",
        },
      },
    ],
    extensions: cost(requested, available),
  });
const JOB_OK = () =>
  HttpResponse.json({
    data: { job: { id: "gid://shopify/Job/1", done: true } },
    extensions: {
      cost: {
        requestedQueryCost: 1,
        actualQueryCost: 1,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 },
      },
    },
  });

/** Answers with the given responses in turn and records every request body. */
function script(...answers: Array<() => Response>) {
  const bodies: Array<{ query: string; variables: Record<string, unknown> }> = [];
  server.use(
    http.post(URL, async ({ request }) => {
      bodies.push((await request.json()) as (typeof bodies)[number]);
      const answer = answers[Math.min(bodies.length - 1, answers.length - 1)];
      return answer ? answer() : HttpResponse.json({}, { status: 500 });
    }),
  );
  return bodies;
}

function client(waits: number[] = []) {
  return createAdminClient({
    shop: SHOP,
    accessToken: "shpat_test",
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

describe("limits and retries", () => {
  it("waits out THROTTLED for the cost it still lacks at the restore rate, then retries", async () => {
    const waits: number[] = [];
    const bodies = script(() => THROTTLED(895, 95), JOB_OK);
    const result = await client(waits).request("Job", JOB_QUERY, { id: "gid://shopify/Job/1" });
    expect(result.data).toEqual({ job: { id: "gid://shopify/Job/1", done: true } });
    expect(result.cost?.actualQueryCost).toBe(1);
    expect(waits).toEqual([8000]);
    expect(bodies).toHaveLength(2);
  });

  it("honours Retry-After in seconds on 429 (the library alone would read it as ms)", async () => {
    const waits: number[] = [];
    const bodies = script(
      () =>
        HttpResponse.json(
          { errors: "Throttled" },
          { status: 429, headers: { "Retry-After": "2.0" } },
        ),
      JOB_OK,
    );
    await client(waits).request("Job", JOB_QUERY, { id: "gid://shopify/Job/1" });
    expect(waits).toEqual([2000]);
    expect(bodies).toHaveLength(2);
  });

  it("retries reads on 5xx with growing backoff", async () => {
    const waits: number[] = [];
    script(
      () => new HttpResponse("oops", { status: 500 }),
      () => new HttpResponse("oops", { status: 503 }),
      JOB_OK,
    );
    await client(waits).request("Job", JOB_QUERY, { id: "gid://shopify/Job/1" });
    expect(waits).toEqual([500, 1000]);
  });

  it("gives up after three retries with an UpstreamError", async () => {
    const bodies = script(() => new HttpResponse("down", { status: 502 }));
    const error = await client()
      .request("Job", JOB_QUERY, { id: "x" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 502, retryable: true });
    expect(bodies).toHaveLength(4);
  });

  it("turns lasting throttling into a RateLimitedError with the wait it asked for", async () => {
    script(() => THROTTLED(500, 300));
    const error = await client()
      .request("Job", JOB_QUERY, { id: "x" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ retryAfterMs: 2000 });
  });

  it("never retries a mutation that has no idempotency key", async () => {
    const bodies = script(() => new HttpResponse("oops", { status: 503 }));
    const error = await client()
      .request("ReturnCreate", "mutation { x }", {}, { mutation: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(bodies).toHaveLength(1);
  });

  it("does not retry a 401 and says the token was refused", async () => {
    const bodies = script(() =>
      HttpResponse.json({ errors: "[API] Invalid API key or access token" }, { status: 401 }),
    );
    const error = await client()
      .request("Job", JOB_QUERY, { id: "x" })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", status: 401, retryable: false });
    expect(bodies).toHaveLength(1);
  });

  it("rejects a query Shopify reports errors for", async () => {
    script(() =>
      HttpResponse.json({
        errors: [{ message: "Field 'nope' doesn't exist on type 'QueryRoot'" }],
      }),
    );
    await expect(client().request("Job", "query { nope }", {})).rejects.toThrow(/nope/);
  });
});

const ORDER_ID = "gid://shopify/Order/1";
const refundPreview = {
  orderId: ORDER_ID,
  currency: "USD",
  amount: 45,
  subtotal: 45,
  shipping: 0,
  maximumRefundable: 113,
  lineItems: [
    {
      lineItemId: "gid://shopify/LineItem/2",
      quantity: 1,
      restockType: "RETURN",
      locationId: null,
    },
  ],
  transactions: [
    {
      parentId: "gid://shopify/OrderTransaction/9",
      gateway: "shopify_payments",
      amount: 45,
      maximumRefundable: 113,
    },
  ],
};

describe("mutations through the adapter", () => {
  const commerce = () =>
    createShopifyCommerce({
      shop: SHOP,
      accessToken: "shpat_test",
      sleep: async () => undefined,
      jobPollIntervalMs: 0,
    });

  it("sends refundCreate with @idempotent and the suggested transactions, and retries with the same key", async () => {
    const bodies = script(
      () => new HttpResponse("gateway timeout", { status: 504 }),
      () =>
        HttpResponse.json({
          data: {
            refundCreate: {
              refund: {
                id: "gid://shopify/Refund/5",
                createdAt: "2026-11-20T12:00:00Z",
                totalRefundedSet: {
                  shopMoney: { amount: "45.0", currencyCode: "USD" },
                  presentmentMoney: { amount: "45.0", currencyCode: "USD" },
                },
              },
              order: { id: ORDER_ID, displayFinancialStatus: "PARTIALLY_REFUNDED" },
              userErrors: [],
            },
          },
        }),
    );
    const result = await commerce().refund({ preview: refundPreview, idempotencyKey: "k-1" });
    expect(result).toEqual({
      refundId: "gid://shopify/Refund/5",
      orderId: ORDER_ID,
      amount: 45,
      currency: "USD",
      financialStatus: "PARTIALLY_REFUNDED",
    });
    expect(bodies).toHaveLength(2);
    expect(bodies[0]?.query).toContain("@idempotent(key: $key)");
    expect(bodies.map((body) => body.variables.key)).toEqual(["k-1", "k-1"]);
    expect(bodies[1]?.variables).toEqual(bodies[0]?.variables);
    expect(bodies[0]?.variables.input).toMatchObject({
      orderId: ORDER_ID,
      currency: "USD",
      refundLineItems: [
        { lineItemId: "gid://shopify/LineItem/2", quantity: 1, restockType: "RETURN" },
      ],
      transactions: [
        {
          orderId: ORDER_ID,
          parentId: "gid://shopify/OrderTransaction/9",
          gateway: "shopify_payments",
          kind: "REFUND",
          amount: "45.00",
        },
      ],
    });
  });

  it("turns userErrors into a ShopifyUserError with the shop's message and field", async () => {
    script(() =>
      HttpResponse.json({
        data: {
          refundCreate: {
            refund: null,
            order: null,
            userErrors: [
              {
                field: ["transactions", "0", "amount"],
                message: "Amount exceeds refundable amount",
              },
            ],
          },
        },
      }),
    );
    const error = await commerce()
      .refund({ preview: refundPreview, idempotencyKey: "k-2" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ShopifyUserError);
    expect(error).toMatchObject({
      code: "CONFLICT",
      mutation: "refundCreate",
      field: ["transactions", "0", "amount"],
      shopMessage: "Amount exceeds refundable amount",
    });
  });

  it("reports orderCancel's typed user errors with their code", async () => {
    script(() =>
      HttpResponse.json({
        data: {
          orderCancel: {
            job: null,
            orderCancelUserErrors: [
              {
                field: ["orderId"],
                message: "Cannot cancel an order with pending authorizations",
                code: "INVALID",
              },
            ],
          },
        },
      }),
    );
    const error = await commerce()
      .cancelOrder({ orderId: ORDER_ID, reason: "CUSTOMER", restock: true })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ mutation: "orderCancel", shopCode: "INVALID" });
  });

  it("follows the cancellation job and fails when the order never shows as cancelled", async () => {
    const bodies = script(
      () =>
        HttpResponse.json({
          data: {
            orderCancel: {
              job: { id: "gid://shopify/Job/7", done: false },
              orderCancelUserErrors: [],
            },
          },
        }),
      () => HttpResponse.json({ data: { job: { id: "gid://shopify/Job/7", done: false } } }),
    );
    const error = await createShopifyCommerce({
      shop: SHOP,
      accessToken: "shpat_test",
      sleep: async () => undefined,
      maxJobPolls: 3,
    })
      .cancelOrder({ orderId: ORDER_ID, reason: "CUSTOMER", restock: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ retryable: true, context: { jobId: "gid://shopify/Job/7" } });
    // 1 mutation, 3 polls, 1 re-read of the order; never a second orderCancel.
    expect(bodies.filter((body) => body.query.includes("orderCancel"))).toHaveLength(1);
    expect(bodies.filter((body) => body.query.includes("query Job"))).toHaveLength(3);
  });

  it("goes on with partial data and names what was missing", async () => {
    script(() =>
      HttpResponse.json({
        data: { customerByIdentifier: null },
        errors: [
          {
            message:
              "Access denied for customerByIdentifier field. Required access: `read_customers` access scope.",
            path: ["customerByIdentifier"],
            extensions: { code: "ACCESS_DENIED" },
          },
        ],
        extensions: {
          cost: {
            requestedQueryCost: 85,
            actualQueryCost: 2,
            throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1998, restoreRate: 100 },
          },
        },
      }),
    );
    const context = await commerce().getTicketContext({
      email: "someone@example.com",
      text: "hello",
    });
    expect(context.customer).toBeNull();
    expect(context.usage.warnings).toEqual([expect.stringContaining("read_customers")]);
    expect(context.usage).toMatchObject({ calls: 1, requestedCost: 85, actualCost: 2 });
  });
});

describe("cancelling a return (returnCancel takes no idempotency key)", () => {
  const RETURN_ID = "gid://shopify/Return/77";
  const commerce = () =>
    createShopifyCommerce({ shop: SHOP, accessToken: "shpat_test", sleep: async () => undefined });
  const cancelled = (status = "CANCELED") =>
    HttpResponse.json({
      data: {
        returnCancel: {
          return: { id: RETURN_ID, name: "#1039-R1", status },
          userErrors: [],
        },
      },
      extensions: cost(10, 1990),
    });
  const statusIs = (status: string) => () =>
    HttpResponse.json({
      data: { return: { id: RETURN_ID, name: "#1039-R1", status } },
      extensions: cost(1, 1990),
    });
  const cancels = (bodies: Array<{ query: string }>) =>
    bodies.filter((body) => body.query.includes("returnCancel(")).length;

  it("sends returnCancel with the return's id and answers with the cancelled return", async () => {
    const bodies = script(() => cancelled());
    const result = await commerce().cancelReturn({ returnId: RETURN_ID });
    expect(result).toEqual({
      returnId: RETURN_ID,
      name: "#1039-R1",
      status: "CANCELED",
      alreadyCanceled: false,
    });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]?.query).toContain("mutation ReturnCancel");
    expect(bodies[0]?.variables).toEqual({ id: RETURN_ID });
  });

  it("turns userErrors into a ShopifyUserError with the code, after reading the return back", async () => {
    const bodies = script(
      () =>
        HttpResponse.json({
          data: {
            returnCancel: {
              return: null,
              userErrors: [
                {
                  field: ["id"],
                  message: "Return can't be canceled because it has been processed.",
                  code: "INVALID_STATE",
                },
              ],
            },
          },
        }),
      statusIs("CLOSED"),
    );
    const error = await commerce()
      .cancelReturn({ returnId: RETURN_ID })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ShopifyUserError);
    expect(error).toMatchObject({
      mutation: "returnCancel",
      field: ["id"],
      shopCode: "INVALID_STATE",
      shopMessage: "Return can't be canceled because it has been processed.",
      context: { returnId: RETURN_ID, status: "CLOSED" },
    });
    expect(cancels(bodies)).toBe(1);
  });

  it("takes a refusal on a return that is already cancelled as done, saying so", async () => {
    script(
      () =>
        HttpResponse.json({
          data: {
            returnCancel: {
              return: null,
              userErrors: [
                { field: ["id"], message: "Return is already canceled.", code: "INVALID_STATE" },
              ],
            },
          },
        }),
      statusIs("CANCELED"),
    );
    const result = await commerce().cancelReturn({ returnId: RETURN_ID });
    expect(result).toMatchObject({ status: "CANCELED", alreadyCanceled: true });
  });

  it("settles a lost answer by reading the return (the read is retried), never resending a cancel that landed", async () => {
    const bodies = script(
      () => new HttpResponse("Bad Gateway", { status: 502 }),
      () => new HttpResponse("Service Unavailable", { status: 503 }),
      statusIs("CANCELED"),
    );
    const result = await commerce().cancelReturn({ returnId: RETURN_ID });
    expect(result).toMatchObject({ status: "CANCELED", alreadyCanceled: false });
    expect(cancels(bodies)).toBe(1);
    expect(bodies.map((body) => body.query.match(/(mutation|query) (\w+)/)?.[2])).toEqual([
      "ReturnCancel",
      "ReturnStatus",
      "ReturnStatus",
    ]);
  });

  it("sends the cancel once more only when the read shows the return still open", async () => {
    const bodies = script(
      () => new HttpResponse("Bad Gateway", { status: 502 }),
      statusIs("OPEN"),
      () => cancelled(),
    );
    const result = await commerce().cancelReturn({ returnId: RETURN_ID });
    expect(result).toMatchObject({ status: "CANCELED", alreadyCanceled: false });
    expect(cancels(bodies)).toBe(2);
  });

  it("gives up after the second lost answer with a retryable UpstreamError", async () => {
    let calls = 0;
    const bodies = script(() => {
      calls += 1;
      return calls % 2 === 1
        ? new HttpResponse("Bad Gateway", { status: 502 })
        : statusIs("OPEN")();
    });
    const error = await commerce()
      .cancelReturn({ returnId: RETURN_ID })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 502, retryable: true });
    expect(cancels(bodies)).toBe(2);
  });
});
