import { err, ok, type Result, type ValidationError } from "@countersign/shared";
import { z } from "zod";
import { toValidationError } from "./issues";
import { orderName } from "./rule";
import { Flag, Intent, Requested, ShipmentStatus } from "./taxonomy";

const Timestamp = z.iso.datetime({ offset: true });
const Money = z.number().nonnegative().finite();
const Count = z.number().int().nonnegative();

/** The address a customer asks to ship to instead. */
export const NewAddress = z.strictObject({
  name: z.string().nullish(),
  address1: z.string().min(1),
  address2: z.string().nullish(),
  city: z.string().min(1),
  province: z.string().nullish(),
  zip: z.string().min(1),
  countryCode: z.string().min(2),
  phone: z.string().nullish(),
});
export type NewAddress = z.infer<typeof NewAddress>;

/** What the classifier read from the ticket. */
export const CaseTicket = z.object({
  intent: Intent,
  flags: z.array(Flag),
  /** How sure the classifier is of `intent`, 0..1. */
  confidence: z.number().min(0).max(1),
  /** Messages the customer has sent on this ticket. */
  customerMessages: Count,
  requested: Requested.nullish(),
  /** Items the ticket is about; null, missing or empty means every item. */
  lineItemIds: z.array(z.string().min(1)).nullish(),
  newAddress: NewAddress.nullish(),
});
export type CaseTicket = z.infer<typeof CaseTicket>;

/** The requester, when they match a shop customer. */
export const CaseCustomer = z.object({
  id: z.string().min(1),
  tags: z.array(z.string()),
  amountSpent: Money,
  numberOfOrders: Count,
  returnsLast365Days: Count,
});
export type CaseCustomer = z.infer<typeof CaseCustomer>;

/** One order line; `unitPrice` is what the customer paid for one unit after discounts. */
export const CaseLineItem = z
  .object({
    id: z.string().min(1),
    title: z.string(),
    sku: z.string().nullish(),
    quantity: Count,
    refundableQuantity: Count,
    unitPrice: Money,
    productTags: z.array(z.string()),
  })
  .check((ctx) => {
    if (ctx.value.refundableQuantity > ctx.value.quantity) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value.refundableQuantity,
        path: ["refundableQuantity"],
        message: `must not exceed quantity (${ctx.value.quantity})`,
      });
    }
  });
export type CaseLineItem = z.infer<typeof CaseLineItem>;

/** The carrier's view of the parcel; every field may be null. */
export const CaseShipment = z.object({
  status: ShipmentStatus.nullish(),
  estimatedDeliveryAt: Timestamp.nullish(),
  trackingUrl: z.string().nullish(),
});
export type CaseShipment = z.infer<typeof CaseShipment>;

/** The order the ticket is about, in the shop's own currency. */
export const CaseOrder = z.object({
  id: z.string().min(1),
  name: z.string(),
  currency: z.string().min(1),
  createdAt: Timestamp,
  cancelledAt: Timestamp.nullish(),
  /** Shopify `displayFinancialStatus`, e.g. `PAID`, `PARTIALLY_REFUNDED`, `REFUNDED`. */
  financialStatus: z.string().min(1),
  /** Shopify `displayFulfillmentStatus`, e.g. `FULFILLED`, `UNFULFILLED`. */
  fulfillmentStatus: z.string().nullish(),
  /** First fulfillment; null means nothing is fulfilled. */
  fulfilledAt: Timestamp.nullish(),
  /** Carrier-confirmed delivery. */
  deliveredAt: Timestamp.nullish(),
  shipment: CaseShipment.nullish(),
  total: Money,
  refundedTotal: Money,
  tags: z.array(z.string()),
  lineItems: z.array(CaseLineItem),
});
export type CaseOrder = z.infer<typeof CaseOrder>;

/** Everything the engine needs to decide one ticket; time comes in as `now`. */
export const Case = z
  .object({
    now: Timestamp,
    ticket: CaseTicket,
    customer: CaseCustomer.nullable(),
    order: CaseOrder.nullable(),
  })
  .check((ctx) => {
    const { order, ticket } = ctx.value;
    if (order === null || ticket.lineItemIds === null || ticket.lineItemIds === undefined) {
      return;
    }
    const known = new Set(order.lineItems.map((item) => item.id));
    ticket.lineItemIds.forEach((id, index) => {
      if (!known.has(id)) {
        ctx.issues.push({
          code: "custom",
          input: id,
          path: ["ticket", "lineItemIds", index],
          message: `"${id}" is not a line item of order ${orderName(order)}`,
        });
      }
    });
  });
export type Case = z.infer<typeof Case>;
/** A case as written by hand or by an adapter, before validation. */
export type CaseInput = z.input<typeof Case>;

/** Validates a case; the error names every bad field (prefixed with `prefix`, e.g. `case`). */
export function parseCase(input: unknown, prefix = ""): Result<Case, ValidationError> {
  const parsed = Case.safeParse(input);
  return parsed.success ? ok(parsed.data) : err(toValidationError("case", parsed.error, prefix));
}
