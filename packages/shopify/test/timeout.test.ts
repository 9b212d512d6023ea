import { UpstreamError } from "@countersign/shared";
import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAdminClient } from "../src/admin-client";
import { JOB_QUERY } from "../src/documents";

const SHOP = "slow.myshopify.com";
const URL = `https://${SHOP}/admin/api/2026-10/graphql.json`;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const answer = () =>
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

function client(waits: number[]) {
  return createAdminClient({
    shop: SHOP,
    accessToken: "shpat_test",
    timeoutMs: 50,
    maxRetries: 2,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

describe("a Shopify call that hangs", () => {
  it("is abandoned after the timeout and, being a read, tried again", async () => {
    let calls = 0;
    server.use(
      http.post(URL, async () => {
        calls += 1;
        if (calls === 1) {
          await delay("infinite");
        }
        return answer();
      }),
    );
    const waits: number[] = [];
    const result = await client(waits).request("Job", JOB_QUERY, { id: "gid://shopify/Job/1" });
    expect(result.data).toEqual({ job: { id: "gid://shopify/Job/1", done: true } });
    expect(calls).toBe(2);
    expect(waits).toHaveLength(1);
  });

  it("gives up with a clear error when every try hangs", async () => {
    server.use(
      http.post(URL, async () => {
        await delay("infinite");
        return answer();
      }),
    );
    const failure = await client([])
      .request("Job", JOB_QUERY, { id: "gid://shopify/Job/1" })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(UpstreamError);
    expect((failure as UpstreamError).message).toBe("Shopify did not answer in time");
  });

  it("is not retried when it is a mutation without an idempotency key", async () => {
    let calls = 0;
    server.use(
      http.post(URL, async () => {
        calls += 1;
        await delay("infinite");
        return answer();
      }),
    );
    const failure = await client([])
      .request("Job", JOB_QUERY, { id: "gid://shopify/Job/1" }, { mutation: true })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(calls).toBe(1);
  });
});
