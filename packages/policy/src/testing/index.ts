import fc from "fast-check";
import {
  Case,
  type CaseCustomer,
  type CaseLineItem,
  type CaseOrder,
  type CaseTicket,
} from "../case";
import type { Policy } from "../policy";
import { Flag, INTENTS_NEEDING_ORDER, Intent, Requested, ShipmentStatus } from "../taxonomy";

/** The evaluation time of every built case. */
export const NOW = "2026-11-20T12:00:00Z";
const NOW_MS = Date.parse(NOW);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An ISO timestamp `ms` milliseconds before `NOW` (negative: after). */
export function before(ms: number): string {
  return new Date(NOW_MS - ms).toISOString();
}

export function daysBefore(days: number): string {
  return before(days * DAY);
}

export interface CasePatch {
  now?: string;
  ticket?: Partial<CaseTicket>;
  customer?: Partial<CaseCustomer> | null;
  order?: Partial<CaseOrder> | null;
}

function baseItems(): CaseLineItem[] {
  return [
    {
      id: "li_1",
      title: "Night Cream 50ml",
      sku: "NC-50",
      quantity: 2,
      refundableQuantity: 2,
      unitPrice: 15,
      productTags: [],
    },
    {
      id: "li_2",
      title: "Gift Set",
      sku: "GS-1",
      quantity: 1,
      refundableQuantity: 1,
      unitPrice: 60,
      productTags: ["final-sale"],
    },
  ];
}

/**
 * A valid case patched with `patch`: a delivered, paid order 10 days after delivery, a
 * return of every item by a regular (non-VIP) customer. Validated, so a bad patch throws.
 */
export function makeCase(patch: CasePatch = {}): Case {
  const ticket: CaseTicket = {
    intent: "return",
    flags: [],
    confidence: 0.95,
    customerMessages: 1,
    requested: null,
    lineItemIds: null,
    newAddress: null,
    ...patch.ticket,
  };
  const customer: CaseCustomer | null =
    patch.customer === null
      ? null
      : {
          id: "cust_1",
          tags: [],
          amountSpent: 240,
          numberOfOrders: 3,
          returnsLast365Days: 0,
          ...patch.customer,
        };
  const order: CaseOrder | null =
    patch.order === null
      ? null
      : {
          id: "ord_1",
          name: "#1042",
          currency: "USD",
          createdAt: daysBefore(14),
          cancelledAt: null,
          financialStatus: "PAID",
          fulfillmentStatus: "FULFILLED",
          fulfilledAt: daysBefore(13),
          deliveredAt: daysBefore(10),
          shipment: { status: "delivered", estimatedDeliveryAt: null, trackingUrl: null },
          total: 90,
          refundedTotal: 0,
          tags: [],
          lineItems: baseItems(),
          ...patch.order,
        };
  return Case.parse({ now: patch.now ?? NOW, ticket, customer, order });
}

/** One order line priced `cents`, with `tags`. */
export function item(
  id: string,
  cents: number,
  options: Partial<Omit<CaseLineItem, "id" | "unitPrice">> = {},
): CaseLineItem {
  return {
    id,
    title: `Item ${id}`,
    sku: null,
    quantity: 1,
    refundableQuantity: 1,
    productTags: [],
    ...options,
    unitPrice: cents / 100,
  };
}

const TAGS = ["final-sale", "Final-Sale", "sale", "new", "bundle"];
const ORDER_INTENTS = [...INTENTS_NEEDING_ORDER];

const lineItemArb = (index: number) =>
  fc
    .record({
      cents: fc.oneof(fc.integer({ min: 0, max: 30_000 }), fc.constantFrom(0, 2500, 5000, 5001)),
      quantity: fc.integer({ min: 1, max: 3 }),
      spent: fc.integer({ min: 0, max: 3 }),
      productTags: fc.oneof(
        { arbitrary: fc.constant<string[]>([]), weight: 3 },
        { arbitrary: fc.subarray(TAGS, { maxLength: 2 }), weight: 1 },
      ),
    })
    .map(
      ({ cents, quantity, spent, productTags }): CaseLineItem => ({
        id: `li_${index}`,
        title: `Item ${index}`,
        sku: `SKU-${index}`,
        quantity,
        refundableQuantity: Math.max(0, quantity - spent),
        unitPrice: cents / 100,
        productTags,
      }),
    );

const shipmentArb = fc.option(
  fc.record({
    status: fc.option(fc.constantFrom(...ShipmentStatus.options), { nil: null }),
    estimatedDeliveryAt: fc.option(
      fc.integer({ min: -10 * DAY, max: 20 * DAY }).map((ms) => before(ms)),
      { nil: null },
    ),
    trackingUrl: fc.constant("https://track.example/1"),
  }),
  { nil: null },
);

/** Any valid order: fulfilled or not, delivered or not, partly or fully refunded, cancelled. */
export const orderArbitrary: fc.Arbitrary<CaseOrder> = fc
  .record({
    itemCount: fc.integer({ min: 1, max: 4 }),
    items: fc.tuple(lineItemArb(1), lineItemArb(2), lineItemArb(3), lineItemArb(4)),
    createdAgo: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 40 * DAY }), weight: 4 },
      { arbitrary: fc.integer({ min: 0, max: 90 * DAY }), weight: 1 },
      { arbitrary: fc.constantFrom(24 * HOUR, 24 * HOUR + 1000, 31 * DAY, 30 * DAY), weight: 1 },
    ),
    fulfilledAfter: fc.option(fc.integer({ min: 0, max: 5 * DAY }), { nil: null }),
    deliveredAfter: fc.option(fc.integer({ min: 0, max: 10 * DAY }), { nil: null }),
    status: fc.constantFrom(
      "PAID",
      "PAID",
      "PARTIALLY_REFUNDED",
      "PARTIALLY_REFUNDED",
      "REFUNDED",
      "PENDING",
    ),
    cancelled: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    shippingCents: fc.integer({ min: 0, max: 1500 }),
    refundedShare: fc.oneof(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0.8, max: 1, noNaN: true }),
    ),
    shipment: shipmentArb,
    currency: fc.constantFrom("USD", "EUR", "GBP"),
  })
  .map((r): CaseOrder => {
    const lineItems = r.items.slice(0, r.itemCount);
    let totalCents = r.shippingCents;
    for (const line of lineItems) {
      totalCents += Math.round(line.unitPrice * 100) * line.quantity;
    }
    const refundedCents =
      r.status === "REFUNDED"
        ? totalCents
        : r.status === "PARTIALLY_REFUNDED"
          ? Math.floor(totalCents * r.refundedShare)
          : 0;
    const createdMs = NOW_MS - r.createdAgo;
    const fulfilledMs = r.fulfilledAfter === null ? null : createdMs + r.fulfilledAfter;
    const deliveredMs =
      fulfilledMs === null || r.deliveredAfter === null ? null : fulfilledMs + r.deliveredAfter;
    return {
      id: "ord_1",
      name: "#1001",
      currency: r.currency,
      createdAt: new Date(createdMs).toISOString(),
      cancelledAt: r.cancelled ? new Date(createdMs + HOUR).toISOString() : null,
      financialStatus: r.status,
      fulfillmentStatus: fulfilledMs === null ? "UNFULFILLED" : "FULFILLED",
      fulfilledAt: fulfilledMs === null ? null : new Date(fulfilledMs).toISOString(),
      deliveredAt: deliveredMs === null ? null : new Date(deliveredMs).toISOString(),
      shipment: r.shipment,
      total: totalCents / 100,
      refundedTotal: refundedCents / 100,
      tags: [],
      lineItems,
    };
  });

export const customerArbitrary: fc.Arbitrary<CaseCustomer | null> = fc.option(
  fc.record({
    id: fc.constant("cust_1"),
    tags: fc.oneof(
      { arbitrary: fc.constant<string[]>([]), weight: 5 },
      {
        arbitrary: fc.subarray(["VIP", "vip", "wholesale", "newsletter"], { maxLength: 2 }),
        weight: 1,
      },
    ),
    amountSpent: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100), weight: 6 },
      { arbitrary: fc.integer({ min: 0, max: 300_000 }).map((c) => c / 100), weight: 1 },
      { arbitrary: fc.constantFrom(1000, 1000.01), weight: 1 },
    ),
    numberOfOrders: fc.integer({ min: 0, max: 40 }),
    returnsLast365Days: fc.integer({ min: 0, max: 12 }),
  }),
  { nil: null, freq: 6 },
);

const ticketArb = fc.record({
  intent: fc.oneof(
    { arbitrary: fc.constantFrom(...ORDER_INTENTS), weight: 3 },
    { arbitrary: fc.constantFrom(...Intent.options), weight: 1 },
  ),
  flags: fc.oneof(
    { arbitrary: fc.constant<Flag[]>([]), weight: 6 },
    { arbitrary: fc.subarray([...Flag.options], { maxLength: 2 }), weight: 1 },
  ),
  confidence: fc.oneof(
    { arbitrary: fc.double({ min: 0.7, max: 1, noNaN: true }), weight: 8 },
    { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 1 },
    { arbitrary: fc.constantFrom(0.69, 0.7), weight: 1 },
  ),
  customerMessages: fc.integer({ min: 0, max: 5 }),
  requested: fc.option(fc.constantFrom(...Requested.options), { nil: null, freq: 2 }),
  pick: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }), { nil: null }),
  newAddress: fc.option(
    fc.constant({ address1: "1 Main St", city: "Dublin", zip: "D01", countryCode: "IE" }),
    { nil: null },
  ),
});

/** Any valid case: every intent and flag, with or without order and customer. */
export const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    ticket: ticketArb,
    customer: customerArbitrary,
    order: fc.option(orderArbitrary, { nil: null, freq: 8 }),
  })
  .map(({ ticket, customer, order }): Case => {
    const { pick, ...rest } = ticket;
    const ids =
      order === null || pick === null
        ? null
        : order.lineItems.filter((_, index) => pick.includes(index + 1)).map((line) => line.id);
    return {
      now: NOW,
      ticket: { ...rest, lineItemIds: ids },
      customer,
      order,
    };
  });

/** Valid team overrides, including the extra rules. */
export const policyArbitrary: fc.Arbitrary<Policy> = fc
  .record(
    {
      returnWindowDays: fc.integer({ min: 0, max: 90 }),
      returnWindowStartsAt: fc.constantFrom("delivery", "fulfillment", "order" as const),
      limits: fc
        .tuple(fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 50_000 }))
        .map(([a, b]) => [Math.min(a, b) / 100, Math.max(a, b) / 100] as const),
      finalSaleTags: fc.subarray(TAGS, { maxLength: 2 }),
      vip: fc.record(
        {
          tags: fc.subarray(["VIP", "gold"]),
          lifetimeSpendAbove: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
          automate: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
      minConfidence: fc.double({ min: 0, max: 1, noNaN: true }),
      frustrationMaxMessages: fc.integer({ min: 0, max: 5 }),
      damagedResolution: fc.constantFrom("replace", "refund" as const),
      cancelWindowHours: fc.integer({ min: 0, max: 72 }),
      lostParcelAfterDays: fc.integer({ min: 0, max: 14 }),
      tagWindows: fc.subarray([
        { tag: "sale", days: 14 },
        { tag: "new", days: 60 },
      ]),
      keepItemBelow: fc.option(
        fc.integer({ min: 0, max: 10_000 }).map((c) => c / 100),
        {
          nil: null,
        },
      ),
      serialReturnerLimit: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
      storeCreditBonusPercent: fc.integer({ min: 0, max: 20 }),
    },
    { requiredKeys: [] },
  )
  .map(({ limits, ...rest }): Policy => {
    if (limits === undefined) {
      return rest;
    }
    return { ...rest, autoRefundLimit: limits[0], agentRefundLimit: limits[1] };
  });
