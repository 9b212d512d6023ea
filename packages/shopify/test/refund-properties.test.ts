import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createShopifyCommerce } from "../src/commerce";
import { createDemoStore, demoStoreFetch } from "../src/demo/store";
import { CONTRACT_NOW, CONTRACT_SHOP, CONTRACT_TOKEN, contractStore } from "../src/testing/fixture";

// Whatever sequence of refunds agents approve, the money that moves never exceeds what the
// customer paid, and no unit is refunded twice.

const ORDER = "gid://shopify/Order/3001";
const TEE = "gid://shopify/LineItem/30010";
const WALLET = "gid://shopify/LineItem/30011";

const step = fc.record({
  tees: fc.integer({ min: 0, max: 3 }),
  wallets: fc.integer({ min: 0, max: 2 }),
  shipping: fc.boolean(),
  reuseKey: fc.boolean(),
});

describe("refund invariants over the demo store", () => {
  it("never refunds more than was paid or a unit twice", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 5 }), async (steps) => {
        const commerce = createShopifyCommerce({
          shop: CONTRACT_SHOP,
          accessToken: CONTRACT_TOKEN,
          fetch: demoStoreFetch(
            createDemoStore(contractStore(), {
              accessToken: CONTRACT_TOKEN,
              now: () => CONTRACT_NOW,
            }),
          ),
        });
        let key = 0;
        for (const { tees, wallets, shipping, reuseKey } of steps) {
          const lineItems = [
            { lineItemId: TEE, quantity: tees },
            { lineItemId: WALLET, quantity: wallets },
          ].filter((line) => line.quantity > 0);
          if (lineItems.length === 0 && !shipping) {
            continue;
          }
          const preview = await commerce.previewRefund({
            orderId: ORDER,
            lineItems,
            refundShipping: shipping,
          });
          expect(preview.amount).toBeLessThanOrEqual(preview.maximumRefundable);
          if (preview.amount === 0) {
            continue;
          }
          key = reuseKey ? key : key + 1;
          await commerce
            .refund({ preview, idempotencyKey: `k${key}` })
            .catch((error: unknown) => expect(error).toMatchObject({ name: "ShopifyUserError" }));
          const { order } = await commerce.getOrder(ORDER);
          expect(order.refundedTotal).toBeLessThanOrEqual(order.total);
          for (const item of order.lineItems) {
            expect(item.refundableQuantity).toBeGreaterThanOrEqual(0);
          }
          const { view } = await commerce.getOrder(ORDER);
          const refundedUnits = view.refunds
            .flatMap((refund) => refund.items)
            .reduce((sum, item) => sum + item.quantity, 0);
          expect(refundedUnits).toBeLessThanOrEqual(3);
        }
      }),
      { numRuns: 40 },
    );
  });
});
