import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createShopifyCommerce } from "../src/commerce";
import { createDemoStore, demoStoreFetch } from "../src/demo/store";
import { commerceContract } from "../src/testing/commerce.contract";
import { CONTRACT_NOW, CONTRACT_SHOP, CONTRACT_TOKEN } from "../src/testing/fixture";

const now = () => CONTRACT_NOW;
const noWait = async () => undefined;

// 1. The adapter talking HTTP to the demo store directly.
commerceContract("adapter over the demo store", (store) =>
  createShopifyCommerce({
    shop: CONTRACT_SHOP,
    accessToken: CONTRACT_TOKEN,
    fetch: demoStoreFetch(createDemoStore(store, { accessToken: CONTRACT_TOKEN, now })),
    sleep: noWait,
    jobPollIntervalMs: 0,
  }),
);

// 2. The adapter over the network (msw in front of Shopify's URL), where Shopify misbehaves the
// way it does in production: every read first meets THROTTLED, a 429 with Retry-After, or a
// 503, and every refundCreate is carried out but its answer is lost (502), so the adapter must
// retry with the same idempotency key. The contract must hold all the same.
const GRAPHQL_URL = `https://${CONTRACT_SHOP}/admin/api/2026-10/graphql.json`;
let backend: ReturnType<typeof createDemoStore> | null = null;
let reads = 0;
const faults = { throttled: 0, tooMany: 0, unavailable: 0, lostRefund: 0 };
const waits: number[] = [];

const server = setupServer(
  http.post(GRAPHQL_URL, async ({ request }) => {
    if (backend === null) {
      return HttpResponse.json({ errors: "no store" }, { status: 500 });
    }
    const body = (await request.clone().json()) as {
      query: string;
      variables?: { key?: string };
    };
    const isMutation = /^\s*(#graphql\s*)?mutation/.test(body.query);
    if (!isMutation) {
      reads += 1;
      // Odd reads fail once; the retry (the next read) goes through.
      if (reads % 2 === 1) {
        const kind = (reads >> 1) % 3;
        if (kind === 0) {
          faults.throttled += 1;
          return HttpResponse.json({
            errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
            extensions: {
              cost: {
                requestedQueryCost: 500,
                actualQueryCost: null,
                throttleStatus: {
                  maximumAvailable: 2000,
                  currentlyAvailable: 300,
                  restoreRate: 100,
                },
              },
            },
          });
        }
        if (kind === 1) {
          faults.tooMany += 1;
          return HttpResponse.json(
            {
              errors:
                "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
            },
            { status: 429, headers: { "Retry-After": "2.0" } },
          );
        }
        faults.unavailable += 1;
        return new HttpResponse("Service Unavailable", { status: 503 });
      }
      return backend.handle(request);
    }
    const answer = await backend.handle(request);
    if (body.query.includes("refundCreate")) {
      const key = String(body.variables?.key);
      if (!lost.has(key)) {
        lost.add(key);
        faults.lostRefund += 1;
        return new HttpResponse("Bad Gateway", { status: 502 });
      }
    }
    return answer;
  }),
);
const lost = new Set<string>();

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
});

commerceContract("adapter over msw with throttling, 429, 5xx and lost answers", (store) => {
  backend = createDemoStore(store, {
    accessToken: CONTRACT_TOKEN,
    now,
    bucket: { maximumAvailable: 1_000_000, restoreRate: 1000 },
  });
  lost.clear();
  return createShopifyCommerce({
    shop: CONTRACT_SHOP,
    accessToken: CONTRACT_TOKEN,
    sleep: async (ms) => {
      waits.push(ms);
    },
    jobPollIntervalMs: 0,
  });
});

it("the faulty network really injected every kind of fault and the adapter waited as told", () => {
  expect(faults.throttled).toBeGreaterThan(0);
  expect(faults.tooMany).toBeGreaterThan(0);
  expect(faults.unavailable).toBeGreaterThan(0);
  expect(faults.lostRefund).toBeGreaterThan(0);
  // THROTTLED: (500 - 300) / 100 per second = 2 s; 429 Retry-After: 2.0 s; 5xx: backoff from 500 ms.
  expect(waits).toContain(2000);
  expect(waits).toContain(500);
});
