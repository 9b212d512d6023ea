import { AppError, ConflictError } from "@countersign/shared";
import { beforeEach, describe, expect, it } from "vitest";
import type { CommerceClient } from "../commerce";
import type { DemoStore } from "../demo/data";
import { CONTRACT_NOW, contractStore } from "./fixture";

const order = (id: string) => `gid://shopify/Order/${id}`;
const lineItem = (id: string) => `gid://shopify/LineItem/${id}`;

/**
 * The behaviour every CommerceClient must show over the contract fixture (`contractStore`).
 * `factory` gets a fresh copy of the fixture for every test and returns a client over it.
 */
export function commerceContract(
  name: string,
  factory: (store: DemoStore) => CommerceClient | Promise<CommerceClient>,
): void {
  describe(`CommerceClient contract: ${name}`, () => {
    let commerce: CommerceClient;
    beforeEach(async () => {
      commerce = await factory(contractStore());
    });

    describe("ticket context", () => {
      it("picks the order named in the ticket and says so", async () => {
        const context = await commerce.getTicketContext({
          email: "alice@example.com",
          text: "Hi, about my order #2001: the tee is too big.",
          now: CONTRACT_NOW,
        });
        expect(context.orderChoice).toEqual({
          orderId: order("3001"),
          reason: expect.stringContaining("#2001 is named in the ticket"),
          matchesRequester: true,
        });
        expect(context.order).toMatchObject({
          id: order("3001"),
          name: "#2001",
          currency: "USD",
          financialStatus: "PAID",
          fulfillmentStatus: "FULFILLED",
          fulfilledAt: "2026-11-07T15:00:00Z",
          deliveredAt: "2026-11-10T14:00:00Z",
          shipment: {
            status: "delivered",
            trackingUrl: "https://www.ups.com/track?tracknum=1Z0001",
          },
          total: 113,
          refundedTotal: 0,
        });
        expect(context.order?.lineItems).toEqual([
          {
            id: lineItem("30010"),
            title: "Tee",
            sku: "TEE-M",
            quantity: 2,
            refundableQuantity: 2,
            unitPrice: 30,
            productTags: ["tees"],
          },
          {
            id: lineItem("30011"),
            title: "Wallet",
            sku: "WAL",
            quantity: 1,
            refundableQuantity: 1,
            unitPrice: 45,
            productTags: [],
          },
        ]);
        expect(context.usage.calls).toBeGreaterThanOrEqual(1);
        expect(context.usage.calls).toBeLessThanOrEqual(2);
      });

      it("falls back to the requester's most recent order that is not cancelled", async () => {
        const context = await commerce.getTicketContext({
          email: "ALICE@example.com",
          text: "Where is my stuff?",
          now: CONTRACT_NOW,
        });
        expect(context.orderChoice.orderId).toBe(order("3002"));
        expect(context.orderChoice.reason).toContain("most recent");
        expect(context.order).toMatchObject({
          name: "#2002",
          fulfillmentStatus: "UNFULFILLED",
          fulfilledAt: null,
          shipment: null,
        });
        expect(context.display.recentOrders.map((summary) => summary.name)).toEqual([
          "#2002",
          "#2001",
          "#2000",
        ]);
      });

      it("maps the customer: lifetime value, order count and returns in the last 365 days", async () => {
        const context = await commerce.getTicketContext({
          email: "bob@example.co.uk",
          text: "Order 2003",
          now: CONTRACT_NOW,
        });
        expect(context.customer).toEqual({
          id: "gid://shopify/Customer/2",
          tags: [],
          // 100 before, plus £56.15 and £24 at 1.25 USD per GBP.
          amountSpent: 200.19,
          numberOfOrders: 4,
          returnsLast365Days: 1,
        });
        expect(context.order).toMatchObject({ name: "#2003", currency: "GBP", total: 56.15 });
        expect(context.display.customer).toMatchObject({
          name: "Bob Brown",
          email: "bob@example.co.uk",
          amountSpent: { amount: 200.19, currency: "USD" },
        });
      });

      it("reports a live shipment with its estimate, last scan and carrier link", async () => {
        const context = await commerce.getTicketContext({
          email: "carol@example.com",
          text: "when will it arrive",
          now: CONTRACT_NOW,
        });
        expect(context.customer?.tags).toEqual(["VIP"]);
        expect(context.order?.shipment).toEqual({
          status: "in_transit",
          estimatedDeliveryAt: "2026-11-22T20:00:00Z",
          trackingUrl: "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100",
        });
        expect(context.order?.lineItems[0]?.productTags).toEqual(["final-sale"]);
        const shipment = context.display.order?.shipments[0];
        expect(shipment).toMatchObject({
          carrier: "USPS",
          trackingNumber: "9400100",
          lastScan: { status: "in_transit", location: "Reno, US" },
        });
      });

      it("answers with no customer and no order for an unknown requester", async () => {
        const context = await commerce.getTicketContext({
          email: "stranger@example.net",
          text: "I bought something from you once.",
          now: CONTRACT_NOW,
        });
        expect(context.customer).toBeNull();
        expect(context.order).toBeNull();
        expect(context.orderChoice).toMatchObject({ orderId: null, matchesRequester: false });
        expect(context.orderChoice.reason).toContain("No customer");
      });

      it("finds a named order with no requester email, and says ownership is unchecked", async () => {
        const context = await commerce.getTicketContext({
          email: null,
          text: "Order #2004 is late",
          now: CONTRACT_NOW,
        });
        expect(context.customer).toBeNull();
        expect(context.order?.name).toBe("#2004");
        expect(context.orderChoice).toMatchObject({ matchesRequester: false });
        expect(context.orderChoice.reason).toContain("not checked");
        // One query; a network that fails it once adds one attempt.
        expect(context.usage.calls).toBeLessThanOrEqual(2);
      });

      it("flags a named order that belongs to someone else", async () => {
        const context = await commerce.getTicketContext({
          email: "carol@example.com",
          text: "Refund order #2001 please",
          now: CONTRACT_NOW,
        });
        expect(context.orderChoice).toMatchObject({
          orderId: order("3001"),
          matchesRequester: false,
        });
      });
    });

    describe("refunds", () => {
      it("previews no more than is refundable and executes exactly that", async () => {
        const preview = await commerce.previewRefund({
          orderId: order("3001"),
          lineItems: [{ lineItemId: lineItem("30010"), quantity: 5 }],
        });
        expect(preview.amount).toBe(60);
        expect(preview.lineItems).toEqual([
          expect.objectContaining({ lineItemId: lineItem("30010"), quantity: 2 }),
        ]);
        expect(preview.transactions.reduce((sum, t) => sum + t.amount, 0)).toBe(60);

        const result = await commerce.refund({ preview, idempotencyKey: "refund-1" });
        expect(result).toMatchObject({ amount: 60, currency: "USD" });
        expect(result.financialStatus).toBe("PARTIALLY_REFUNDED");

        const after = await commerce.getOrder(order("3001"));
        expect(after.order.refundedTotal).toBe(60);
        expect(after.order.financialStatus).toBe("PARTIALLY_REFUNDED");
        expect(after.order.lineItems[0]?.refundableQuantity).toBe(0);
        expect(after.view.refunds).toEqual([
          expect.objectContaining({
            id: result.refundId,
            amount: 60,
            items: [{ lineItemId: lineItem("30010"), quantity: 2 }],
          }),
        ]);
      });

      it("refunds once for one idempotency key, however often it is sent", async () => {
        const preview = await commerce.previewRefund({
          orderId: order("3001"),
          lineItems: [{ lineItemId: lineItem("30011"), quantity: 1 }],
        });
        const first = await commerce.refund({ preview, idempotencyKey: "double-click" });
        const second = await commerce.refund({ preview, idempotencyKey: "double-click" });
        expect(second.refundId).toBe(first.refundId);
        const after = await commerce.getOrder(order("3001"));
        expect(after.view.refunds).toHaveLength(1);
        expect(after.order.refundedTotal).toBe(45);
      });

      it("refunds shipping only when asked, and a whole order becomes REFUNDED", async () => {
        const preview = await commerce.previewRefund({
          orderId: order("3001"),
          lineItems: [
            { lineItemId: lineItem("30010"), quantity: 2 },
            { lineItemId: lineItem("30011"), quantity: 1 },
          ],
          refundShipping: true,
        });
        expect(preview.amount).toBe(113);
        expect(preview.shipping).toBe(8);
        const result = await commerce.refund({ preview, idempotencyKey: "all" });
        expect(result.financialStatus).toBe("REFUNDED");
      });

      it("refuses a preview that was changed to move more money", async () => {
        const preview = await commerce.previewRefund({
          orderId: order("3001"),
          lineItems: [{ lineItemId: lineItem("30011"), quantity: 1 }],
        });
        const inflated = {
          ...preview,
          transactions: preview.transactions.map((t) => ({ ...t, amount: t.amount + 50 })),
        };
        await expect(commerce.refund({ preview: inflated, idempotencyKey: "x" })).rejects.toThrow(
          ConflictError,
        );
        const after = await commerce.getOrder(order("3001"));
        expect(after.order.refundedTotal).toBe(0);
      });

      it("refunds a GBP order in GBP", async () => {
        const preview = await commerce.previewRefund({
          orderId: order("3003"),
          lineItems: [{ lineItemId: lineItem("30030"), quantity: 1 }],
        });
        expect(preview).toMatchObject({ currency: "GBP", amount: 51.2 });
        const result = await commerce.refund({ preview, idempotencyKey: "gbp" });
        expect(result).toMatchObject({ currency: "GBP", amount: 51.2 });
      });

      it("a stale preview is refused by the shop with its own message", async () => {
        const preview = await commerce.previewRefund({
          orderId: order("3001"),
          lineItems: [{ lineItemId: lineItem("30011"), quantity: 1 }],
        });
        await commerce.refund({ preview, idempotencyKey: "first" });
        const error = await commerce.refund({ preview, idempotencyKey: "second" }).then(
          () => null,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({ name: "ShopifyUserError", mutation: "refundCreate" });
      });
    });

    describe("returns, replacements, address changes and cancellations", () => {
      it("opens a return for delivered items, visible on the order", async () => {
        const result = await commerce.createReturn({
          orderId: order("3001"),
          lineItems: [{ lineItemId: lineItem("30010"), quantity: 1, reasonNote: "Too big" }],
        });
        expect(result.status).toBe("OPEN");
        const after = await commerce.getOrder(order("3001"));
        expect(after.view.returnStatus).toBe("IN_PROGRESS");
        expect(after.view.returns).toEqual([
          expect.objectContaining({
            id: result.returnId,
            status: "open",
            items: [{ lineItemId: lineItem("30010"), quantity: 1 }],
          }),
        ]);
      });

      it("opens an exchange with the new variant", async () => {
        const result = await commerce.createReturn({
          orderId: order("3001"),
          lineItems: [{ lineItemId: lineItem("30010"), quantity: 1 }],
          exchange: [{ variantId: "gid://shopify/ProductVariant/101", quantity: 1 }],
        });
        expect(result.status).toBe("OPEN");
      });

      it("cancels a return nothing was done on, and its items can be returned again", async () => {
        const opened = await commerce.createReturn({
          orderId: order("3001"),
          lineItems: [{ lineItemId: lineItem("30010"), quantity: 1 }],
        });
        const cancelled = await commerce.cancelReturn({ returnId: opened.returnId });
        expect(cancelled).toEqual({
          returnId: opened.returnId,
          name: opened.name,
          status: "CANCELED",
          alreadyCanceled: false,
        });
        const after = await commerce.getOrder(order("3001"));
        expect(after.view.returnStatus).toBe("NO_RETURN");
        expect(after.view.returns).toEqual([
          expect.objectContaining({ id: opened.returnId, status: "canceled" }),
        ]);
        const again = await commerce.createReturn({
          orderId: order("3001"),
          lineItems: [{ lineItemId: lineItem("30010"), quantity: 1 }],
        });
        expect(again.status).toBe("OPEN");
      });

      it("says so when a return is already cancelled, and never cancels it twice", async () => {
        const opened = await commerce.createReturn({
          orderId: order("3001"),
          lineItems: [{ lineItemId: lineItem("30010"), quantity: 1 }],
        });
        await commerce.cancelReturn({ returnId: opened.returnId });
        const second = await commerce.cancelReturn({ returnId: opened.returnId });
        expect(second).toMatchObject({ status: "CANCELED", alreadyCanceled: true });
      });

      it("reports the shop's refusal to cancel a return that is closed", async () => {
        const error = await commerce.cancelReturn({ returnId: "gid://shopify/Return/60000" }).then(
          () => null,
          (caught: unknown) => caught,
        );
        expect(error).toMatchObject({
          name: "ShopifyUserError",
          mutation: "returnCancel",
          field: ["id"],
          context: expect.objectContaining({ status: "CLOSED" }),
        });
      });

      it("will not return what was never fulfilled", async () => {
        await expect(
          commerce.createReturn({
            orderId: order("3002"),
            lineItems: [{ lineItemId: lineItem("30020"), quantity: 1 }],
          }),
        ).rejects.toThrow(ConflictError);
      });

      it("ships a replacement as a $0 order, tagged and noted", async () => {
        const result = await commerce.createReplacement({
          orderId: order("3001"),
          lineItems: [{ lineItemId: lineItem("30010"), quantity: 1 }],
          note: "Arrived torn.",
        });
        const replacement = await commerce.getOrder(result.orderId);
        expect(replacement.order.total).toBe(0);
        expect(replacement.order.tags).toContain("replacement");
        expect(replacement.order.financialStatus).toBe("PAID");
        expect(replacement.view.items).toEqual([
          expect.objectContaining({ title: "Tee", quantity: 1, unitPrice: 0 }),
        ]);
      });

      it("changes the address of an unfulfilled order", async () => {
        const address = await commerce.updateShippingAddress({
          orderId: order("3002"),
          address: {
            name: "Alice Ames",
            address1: "48 Beacon Street",
            address2: "Apt 3",
            city: "Boston",
            province: "MA",
            zip: "02108",
            countryCode: "US",
          },
        });
        expect(address).toMatchObject({ address1: "48 Beacon Street", city: "Boston" });
        const after = await commerce.getOrder(order("3002"));
        expect(after.view.shippingAddress).toMatchObject({
          address1: "48 Beacon Street",
          address2: "Apt 3",
          province: "MA",
          zip: "02108",
        });
      });

      it("refuses to change the address once the order is fulfilled", async () => {
        await expect(
          commerce.updateShippingAddress({
            orderId: order("3001"),
            address: { address1: "2 Elsewhere", city: "Austin", zip: "78701", countryCode: "US" },
          }),
        ).rejects.toThrow(ConflictError);
      });

      it("cancels an unfulfilled order, following the job, and refunds it", async () => {
        const result = await commerce.cancelOrder({
          orderId: order("3002"),
          reason: "CUSTOMER",
          restock: true,
        });
        expect(result.orderId).toBe(order("3002"));
        const after = await commerce.getOrder(order("3002"));
        expect(after.order.cancelledAt).toBe(result.cancelledAt);
        expect(after.order.financialStatus).toBe("REFUNDED");
        expect(after.order.refundedTotal).toBe(189);
      });

      it("reports the shop's refusal to cancel a fulfilled order", async () => {
        const error = await commerce
          .cancelOrder({ orderId: order("3001"), reason: "CUSTOMER", restock: true })
          .then(
            () => null,
            (caught: unknown) => caught,
          );
        expect(error).toMatchObject({
          name: "ShopifyUserError",
          mutation: "orderCancel",
          field: ["orderId"],
        });
      });
    });
  });
}
