import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CaseOrder } from "@countersign/policy";
import { beforeAll, describe, expect, it } from "vitest";
import { type CommerceClient, createShopifyCommerce } from "../src/commerce";
import { type DemoOrder, type DemoStore, parseDemoStore } from "../src/demo/data";
import { createDemoStore, demoStoreFetch } from "../src/demo/store";

// Every order state the policy cares about, taken from the bundled demo data, read through the
// adapter over the demo store and checked against the policy's own CaseOrder schema.

const file = join(import.meta.dirname, "..", "..", "..", "demo", "demo-data.json");
const raw = JSON.parse(readFileSync(file, "utf8")) as { store: unknown; tickets: unknown[] };
const store: DemoStore = parseDemoStore(raw.store);
let commerce: CommerceClient;

beforeAll(() => {
  const demo = createDemoStore(store, { accessToken: "shpat_demo" });
  commerce = createShopifyCommerce({
    shop: store.shop.domain,
    accessToken: "shpat_demo",
    fetch: demoStoreFetch(demo),
  });
});

function find(description: string, predicate: (order: DemoOrder) => boolean): DemoOrder {
  const order = store.orders.find(predicate);
  if (!order) {
    throw new Error(`the demo data has no ${description} order`);
  }
  return order;
}
const shown = (order: DemoOrder, status: string) =>
  order.fulfillments.some((f) => f.displayStatus === status);
const finalSale = new Set(
  store.products
    .filter((p) => p.tags.includes("final-sale"))
    .flatMap((p) => p.variants.map((v) => v.id)),
);

function totalOf(order: DemoOrder): number {
  const cents =
    order.lineItems.reduce(
      (sum, line) => sum + Math.round((line.unitPrice - line.unitDiscount) * 100) * line.quantity,
      0,
    ) + Math.round(order.shippingPrice * 100);
  return cents / 100;
}

async function mapped(order: DemoOrder) {
  const context = await commerce.getOrder(`gid://shopify/Order/${order.id}`);
  expect(CaseOrder.safeParse(context.order).success).toBe(true);
  return context;
}

describe("order states into the case model", () => {
  it("unfulfilled", async () => {
    const order = find("unfulfilled", (o) => o.fulfillments.length === 0 && o.cancelledAt === null);
    const { order: mappedOrder, view } = await mapped(order);
    expect(mappedOrder).toMatchObject({
      fulfillmentStatus: "UNFULFILLED",
      financialStatus: "PAID",
      fulfilledAt: null,
      deliveredAt: null,
      shipment: null,
      cancelledAt: null,
    });
    expect(view.items.every((item) => item.unfulfilledQuantity === item.quantity)).toBe(true);
  });

  it("label printed, not yet moving", async () => {
    const { order } = await mapped(find("label-only", (o) => shown(o, "CONFIRMED")));
    expect(order.shipment?.status).toBe("pending");
    expect(order.fulfilledAt).not.toBeNull();
  });

  it("in transit, with an estimate and a tracking link", async () => {
    const source = find("in-transit", (o) => shown(o, "IN_TRANSIT"));
    const { order, view } = await mapped(source);
    expect(order.shipment).toEqual({
      status: "in_transit",
      estimatedDeliveryAt: source.fulfillments[0]?.estimatedDeliveryAt,
      trackingUrl: source.fulfillments[0]?.tracking?.url,
    });
    expect(order.deliveredAt).toBeNull();
    expect(view.shipments[0]?.lastScan?.status).toBe("in_transit");
  });

  it("out for delivery", async () => {
    const { order } = await mapped(find("out-for-delivery", (o) => shown(o, "OUT_FOR_DELIVERY")));
    expect(order.shipment?.status).toBe("out_for_delivery");
  });

  it("delivered", async () => {
    const source = find("delivered", (o) => shown(o, "DELIVERED") && o.refunds.length === 0);
    const { order } = await mapped(source);
    expect(order).toMatchObject({
      fulfillmentStatus: "FULFILLED",
      deliveredAt: source.fulfillments[0]?.deliveredAt,
      fulfilledAt: source.fulfillments[0]?.createdAt,
      shipment: { status: "delivered" },
    });
  });

  it("delayed past its estimate: still in transit, estimate in the past", async () => {
    const source = find("delayed", (o) => shown(o, "DELAYED"));
    const { order, view } = await mapped(source);
    expect(order.shipment?.status).toBe("in_transit");
    expect(Date.parse(order.shipment?.estimatedDeliveryAt ?? "")).toBeLessThan(
      Date.parse(source.createdAt) + 30 * 86_400_000,
    );
    expect(view.shipments[0]?.lastScan?.message).toMatch(/Delay/);
  });

  it("carrier exception", async () => {
    const { order, view } = await mapped(find("exception", (o) => shown(o, "FAILURE")));
    expect(order.shipment?.status).toBe("exception");
    expect(order.deliveredAt).toBeNull();
    expect(view.shipments[0]?.events.map((event) => event.status)).toContain("exception");
  });

  it("partially fulfilled", async () => {
    const { order } = await mapped(
      find("partially fulfilled", (o) => {
        const shipped = o.fulfillments.flatMap((f) => f.lineItems).length;
        return o.fulfillments.length > 0 && shipped < o.lineItems.length;
      }),
    );
    expect(order.fulfillmentStatus).toBe("PARTIALLY_FULFILLED");
  });

  it("partially refunded: refunded total and refundable quantities follow the refund", async () => {
    const source = find(
      "partially refunded",
      (o) =>
        o.refunds.length === 1 &&
        o.cancelledAt === null &&
        (o.refunds[0]?.transactions.reduce((sum, t) => sum + t.amount, 0) ?? 0) < totalOf(o),
    );
    const { order, view } = await mapped(source);
    const refundLine = source.refunds[0]?.lineItems[0];
    const refunded = source.refunds[0]?.transactions.reduce((sum, t) => sum + t.amount, 0);
    expect(order.financialStatus).toBe("PARTIALLY_REFUNDED");
    expect(order.refundedTotal).toBe(refunded);
    const item = order.lineItems.find((line) => line.id.endsWith(`/${refundLine?.lineItemId}`));
    expect(item && item.quantity - item.refundableQuantity).toBe(refundLine?.quantity);
    expect(view.refunds).toHaveLength(1);
  });

  it("refunded in full", async () => {
    const { order } = await mapped(
      find(
        "refunded",
        (o) => o.cancelledAt === null && o.refunds.some((r) => r.note === "Refunded in full"),
      ),
    );
    expect(order.financialStatus).toBe("REFUNDED");
    expect(order.refundedTotal).toBe(order.total);
    expect(order.lineItems.every((line) => line.refundableQuantity === 0)).toBe(true);
  });

  it("cancelled", async () => {
    const source = find("cancelled", (o) => o.cancelledAt !== null);
    const { order } = await mapped(source);
    expect(order.cancelledAt).toBe(source.cancelledAt);
    expect(order.financialStatus).toBe("REFUNDED");
  });

  it("final-sale items carry their product tags", async () => {
    const { order } = await mapped(
      find("final-sale", (o) => o.lineItems.some((line) => finalSale.has(line.variantId))),
    );
    expect(order.lineItems.some((line) => line.productTags.includes("final-sale"))).toBe(true);
  });

  it("discounts: unitPrice is what was paid after discounts", async () => {
    const source = find("discounted", (o) => o.lineItems.some((line) => line.unitDiscount > 0));
    const line = source.lineItems.find((candidate) => candidate.unitDiscount > 0);
    const { order } = await mapped(source);
    const item = order.lineItems.find((candidate) => candidate.id.endsWith(`/${line?.id}`));
    expect(item?.unitPrice).toBe(
      Math.round(((line?.unitPrice ?? 0) - (line?.unitDiscount ?? 0)) * 100) / 100,
    );
  });

  it("return in progress", async () => {
    const { view } = await mapped(
      find("open return", (o) => o.returns.some((r) => r.status === "OPEN")),
    );
    expect(view.returnStatus).toBe("IN_PROGRESS");
    expect(view.returns[0]).toMatchObject({ status: "open" });
    expect(view.returns[0]?.items[0]?.lineItemId).toMatch(/^gid:\/\/shopify\/LineItem\//);
  });

  it("GBP order: amounts in the currency the customer paid", async () => {
    const source = find("GBP", (o) => o.currency === "GBP" && o.refunds.length === 0);
    const { order } = await mapped(source);
    expect(order.currency).toBe("GBP");
    expect(order.total).toBe(totalOf(source));
  });

  it("USD order", async () => {
    const { order } = await mapped(find("USD", (o) => o.currency === "USD"));
    expect(order.currency).toBe("USD");
  });
});

describe("customers into the case model", () => {
  it("a VIP keeps their tags and lifetime value", async () => {
    const vip = store.customers.find((customer) => customer.tags.includes("VIP"));
    const context = await commerce.getTicketContext({ email: vip?.email ?? null, text: "hello" });
    expect(context.customer?.tags).toContain("VIP");
    expect(context.customer?.amountSpent).toBeGreaterThan(1000);
  });

  it("return history counts the returns of the last 365 days", async () => {
    const withReturns = store.customers.find(
      (customer) =>
        store.orders.filter((o) => o.customerId === customer.id && o.returns.length > 0).length >=
        2,
    );
    const context = await commerce.getTicketContext({
      email: withReturns?.email ?? null,
      text: "hello",
      now: new Date(Math.max(...store.orders.map((o) => Date.parse(o.createdAt)))),
    });
    expect(context.customer?.returnsLast365Days).toBeGreaterThanOrEqual(2);
  });
});
