import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareBrief } from "../src/use-cases/prepare-brief";
import { createHarness, type Harness } from "./harness";

const secret = "shopify-app-secret-for-tests";
let harness: Harness;

beforeAll(async () => {
  harness = await createHarness(undefined, { demo: true });
  harness.deps.shopifyWebhookSecret = secret;
});

afterAll(async () => {
  await harness.deps.queue.stop();
  await harness.close();
});

function send(topic: string, body: unknown, shop = harness.installation.shopDomain) {
  const raw = JSON.stringify(body);
  return harness.app.request(`/webhooks/shopify/${topic}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-hmac-sha256": createHmac("sha256", secret).update(raw).digest("base64"),
      "x-shopify-shop-domain": shop,
      "x-shopify-webhook-id": crypto.randomUUID(),
    },
    body: raw,
  });
}

describe("a change to an order in the store", () => {
  it("queues the briefs prepared from that order to be prepared again, and no others", async () => {
    const jobs: unknown[] = [];
    await harness.deps.queue.work("prepare-brief", async (data) => {
      jobs.push(data);
    });
    await harness.deps.queue.start();
    const prepared = await prepareBrief({
      deps: harness.deps,
      input: { installation: harness.installation, ticketId: 103 },
    });
    const orderId = prepared.brief.order?.id ?? "";
    expect(orderId).toMatch(/^gid:\/\/shopify\/Order\//);

    const response = await send("orders/updated", { admin_graphql_api_id: orderId });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "refreshing", briefs: 1 });
    await expect
      .poll(() => jobs)
      .toEqual([{ installationId: harness.installation.id, ticketId: 103 }]);

    const otherShop = await send(
      "orders/updated",
      { admin_graphql_api_id: orderId },
      "other.myshopify.com",
    );
    expect(await otherShop.json()).toEqual({ status: "refreshing", briefs: 0 });
    const otherOrder = await send("refunds/create", { order_id: 999_999 });
    expect(await otherOrder.json()).toEqual({ status: "refreshing", briefs: 0 });
  });
});
