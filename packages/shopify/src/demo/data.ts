import { describeIssues, toFieldIssues, ValidationError } from "@countersign/shared";
import { z } from "zod";

// The `store` part of demo/demo-data.json (format documented in demo/README.md). Money is a
// number in the order's currency with at most two decimals; ids are the numeric part of
// Shopify's gid (`"1001"` becomes `gid://shopify/Order/1001` on the wire).

const Money = z
  .number()
  .nonnegative()
  .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, {
    message: "at most two decimals",
  });
const Id = z.string().regex(/^[0-9]+$/, "digits only (the numeric part of a Shopify gid)");
const Timestamp = z.iso.datetime({ offset: true });
const Currency = z.string().regex(/^[A-Z]{3}$/, "a three-letter ISO 4217 code");

export const DemoAddress = z.strictObject({
  name: z.string(),
  address1: z.string(),
  address2: z.string().nullable().default(null),
  city: z.string(),
  provinceCode: z.string().nullable().default(null),
  zip: z.string(),
  countryCode: z.string().length(2),
  phone: z.string().nullable().default(null),
});
export type DemoAddress = z.infer<typeof DemoAddress>;

export const DemoCustomer = z.strictObject({
  id: Id,
  firstName: z.string(),
  lastName: z.string(),
  email: z.email(),
  phone: z.string().nullable().default(null),
  tags: z.array(z.string()).default([]),
  note: z.string().nullable().default(null),
  createdAt: Timestamp,
  /** Spend before the orders in this file (lifetime value counts both). */
  priorSpend: Money.default(0),
  /** Orders before the ones in this file. */
  priorOrders: z.number().int().nonnegative().default(0),
});
export type DemoCustomer = z.infer<typeof DemoCustomer>;

export const DemoVariant = z.strictObject({
  id: Id,
  title: z.string(),
  sku: z.string(),
  price: Money,
});

export const DemoProduct = z.strictObject({
  id: Id,
  title: z.string(),
  tags: z.array(z.string()).default([]),
  imageUrl: z.url().nullable().default(null),
  variants: z.array(DemoVariant).min(1),
});
export type DemoProduct = z.infer<typeof DemoProduct>;

export const DemoLineItem = z.strictObject({
  id: Id,
  variantId: Id,
  quantity: z.number().int().positive(),
  /** Price of one unit before discounts. */
  unitPrice: Money,
  /** Discount on one unit (all discounts, allocated). */
  unitDiscount: Money.default(0),
});
export type DemoLineItem = z.infer<typeof DemoLineItem>;

export const DemoTransaction = z.strictObject({
  id: Id,
  kind: z.enum(["SALE", "CAPTURE", "AUTHORIZATION", "REFUND", "VOID"]),
  status: z.enum(["SUCCESS", "PENDING", "FAILURE"]).default("SUCCESS"),
  gateway: z.string(),
  amount: Money,
  parentId: Id.nullable().default(null),
  createdAt: Timestamp,
});
export type DemoTransaction = z.infer<typeof DemoTransaction>;

export const FulfillmentDisplayStatus = z.enum([
  "ATTEMPTED_DELIVERY",
  "CANCELED",
  "CARRIER_PICKED_UP",
  "CONFIRMED",
  "DELAYED",
  "DELIVERED",
  "FAILURE",
  "FULFILLED",
  "IN_TRANSIT",
  "LABEL_PRINTED",
  "LABEL_PURCHASED",
  "LABEL_VOIDED",
  "MARKED_AS_FULFILLED",
  "NOT_DELIVERED",
  "OUT_FOR_DELIVERY",
  "PICKED_UP",
  "READY_FOR_PICKUP",
  "SUBMITTED",
]);

export const FulfillmentEventStatus = z.enum([
  "ATTEMPTED_DELIVERY",
  "CARRIER_PICKED_UP",
  "CONFIRMED",
  "DELAYED",
  "DELIVERED",
  "FAILURE",
  "IN_TRANSIT",
  "LABEL_PRINTED",
  "LABEL_PURCHASED",
  "OUT_FOR_DELIVERY",
  "PICKED_UP",
  "READY_FOR_PICKUP",
]);

export const DemoFulfillmentEvent = z.strictObject({
  status: FulfillmentEventStatus,
  happenedAt: Timestamp,
  message: z.string().nullable().default(null),
  city: z.string().nullable().default(null),
  country: z.string().nullable().default(null),
  estimatedDeliveryAt: Timestamp.nullable().default(null),
});
export type DemoFulfillmentEvent = z.infer<typeof DemoFulfillmentEvent>;

export const DemoFulfillment = z.strictObject({
  id: Id,
  status: z.enum(["SUCCESS", "CANCELLED", "ERROR", "FAILURE"]).default("SUCCESS"),
  displayStatus: FulfillmentDisplayStatus,
  createdAt: Timestamp,
  inTransitAt: Timestamp.nullable().default(null),
  deliveredAt: Timestamp.nullable().default(null),
  estimatedDeliveryAt: Timestamp.nullable().default(null),
  tracking: z
    .strictObject({ company: z.string(), number: z.string(), url: z.url().nullable() })
    .nullable()
    .default(null),
  lineItems: z
    .array(z.strictObject({ id: Id, lineItemId: Id, quantity: z.number().int().positive() }))
    .min(1),
  events: z.array(DemoFulfillmentEvent).default([]),
});
export type DemoFulfillment = z.infer<typeof DemoFulfillment>;

export const DemoRefund = z.strictObject({
  id: Id,
  createdAt: Timestamp,
  note: z.string().nullable().default(null),
  lineItems: z
    .array(
      z.strictObject({
        lineItemId: Id,
        quantity: z.number().int().positive(),
        restockType: z.enum(["RETURN", "NO_RESTOCK", "CANCEL"]).default("NO_RESTOCK"),
      }),
    )
    .default([]),
  shipping: Money.default(0),
  /** The REFUND transactions that moved the money; their sum is the refund's total. */
  transactions: z.array(DemoTransaction).default([]),
  returnId: Id.nullable().default(null),
});
export type DemoRefund = z.infer<typeof DemoRefund>;

export const DemoReturn = z.strictObject({
  id: Id,
  name: z.string(),
  status: z.enum(["REQUESTED", "OPEN", "CLOSED", "DECLINED", "CANCELED"]),
  createdAt: Timestamp,
  closedAt: Timestamp.nullable().default(null),
  lineItems: z
    .array(
      z.strictObject({
        id: Id,
        fulfillmentLineItemId: Id,
        quantity: z.number().int().positive(),
        returnReasonNote: z.string().nullable().default(null),
        customerNote: z.string().nullable().default(null),
      }),
    )
    .min(1),
  exchangeLineItems: z
    .array(z.strictObject({ id: Id, variantId: Id, quantity: z.number().int().positive() }))
    .default([]),
});
export type DemoReturn = z.infer<typeof DemoReturn>;

export const DemoOrder = z.strictObject({
  id: Id,
  name: z.string().regex(/^#[0-9]+$/, "like #1042"),
  customerId: Id.nullable(),
  email: z.email().nullable(),
  createdAt: Timestamp,
  cancelledAt: Timestamp.nullable().default(null),
  cancelReason: z
    .enum(["CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "OTHER", "STAFF"])
    .nullable()
    .default(null),
  closedAt: Timestamp.nullable().default(null),
  /** The currency the customer paid in (Shopify's presentment currency). */
  currency: Currency,
  tags: z.array(z.string()).default([]),
  note: z.string().nullable().default(null),
  shippingAddress: DemoAddress.nullable().default(null),
  shippingPrice: Money.default(0),
  lineItems: z.array(DemoLineItem).min(1),
  transactions: z.array(DemoTransaction).min(1),
  fulfillments: z.array(DemoFulfillment).default([]),
  refunds: z.array(DemoRefund).default([]),
  returns: z.array(DemoReturn).default([]),
});
export type DemoOrder = z.infer<typeof DemoOrder>;

export const DemoStore = z
  .strictObject({
    shop: z.strictObject({
      name: z.string(),
      domain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "a myshopify.com domain"),
      currency: Currency,
      /** Shop-currency value of one unit of each other currency orders are paid in. */
      exchangeRates: z.record(Currency, z.number().positive()).default({}),
    }),
    /** How fixture time maps onto the real clock; see `anchorDemoStore`. */
    anchor: z.strictObject({ newestOrderAgeHours: z.number().nonnegative() }),
    customers: z.array(DemoCustomer),
    products: z.array(DemoProduct),
    orders: z.array(DemoOrder).min(1),
  })
  .superRefine((store, ctx) => {
    const customers = new Set(store.customers.map((customer) => customer.id));
    const variants = new Set(
      store.products.flatMap((product) => product.variants.map((variant) => variant.id)),
    );
    const names = new Set<string>();
    store.orders.forEach((order, index) => {
      if (names.has(order.name)) {
        ctx.addIssue({ code: "custom", path: ["orders", index, "name"], message: "duplicate" });
      }
      names.add(order.name);
      if (order.customerId !== null && !customers.has(order.customerId)) {
        ctx.addIssue({
          code: "custom",
          path: ["orders", index, "customerId"],
          message: `no customer ${order.customerId}`,
        });
      }
      if (order.currency !== store.shop.currency && !(order.currency in store.shop.exchangeRates)) {
        ctx.addIssue({
          code: "custom",
          path: ["orders", index, "currency"],
          message: `no exchange rate for ${order.currency}`,
        });
      }
      order.lineItems.forEach((item, itemIndex) => {
        if (!variants.has(item.variantId)) {
          ctx.addIssue({
            code: "custom",
            path: ["orders", index, "lineItems", itemIndex, "variantId"],
            message: `no variant ${item.variantId}`,
          });
        }
      });
    });
  });
export type DemoStore = z.infer<typeof DemoStore>;

/** Validates the `store` part of a demo data file; the error names every bad field. */
export function parseDemoStore(input: unknown): DemoStore {
  const parsed = DemoStore.safeParse(input);
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error, "store");
    throw new ValidationError(`Invalid demo store: ${describeIssues(issues)}`, issues);
  }
  return parsed.data;
}

const TIMESTAMP_KEYS = new Set([
  "createdAt",
  "cancelledAt",
  "closedAt",
  "inTransitAt",
  "deliveredAt",
  "estimatedDeliveryAt",
  "happenedAt",
]);

/** Moves one ISO timestamp by `shiftMs`, keeping it ISO (UTC). */
export function shiftTimestamp(iso: string, shiftMs: number): string {
  return new Date(Date.parse(iso) + shiftMs).toISOString();
}

/**
 * Moves every timestamp field (`createdAt`, `deliveredAt`, `happenedAt`, …) anywhere inside
 * `value` by `shiftMs`: how the tickets of a demo file follow the store's anchor.
 */
export function shiftDemoTimestamps<T>(value: T, shiftMs: number): T {
  return shiftDeep(value, shiftMs) as T;
}

function shiftDeep(value: unknown, shiftMs: number): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => shiftDeep(item, shiftMs));
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        TIMESTAMP_KEYS.has(key) && typeof inner === "string"
          ? shiftTimestamp(inner, shiftMs)
          : shiftDeep(inner, shiftMs),
      ]),
    );
  }
  return value;
}

/**
 * The anchor rule: every timestamp in the store moves by the same amount, chosen so that the
 * newest order was placed `anchor.newestOrderAgeHours` before `now`. Apply the returned
 * `shiftMs` to the tickets' timestamps too, so ages and policy windows stay as written.
 */
export function anchorDemoStore(
  store: DemoStore,
  now: Date,
): { store: DemoStore; shiftMs: number } {
  const newest = Math.max(...store.orders.map((order) => Date.parse(order.createdAt)));
  const shiftMs = now.getTime() - store.anchor.newestOrderAgeHours * 3_600_000 - newest;
  return { store: shiftDemoTimestamps(store, shiftMs), shiftMs };
}
