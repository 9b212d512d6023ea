import type { CaseCustomer, CaseOrder } from "@countersign/policy";
import type {
  AddressView,
  CustomerView,
  OrderItemView,
  OrderSummary,
  OrderView,
  RefundView,
  ReturnView,
} from "./model";
import type { FulfillmentRecord, Shipment } from "./tracking";

// Shopify's response shapes (only the fields our documents select) and their mapping into the
// case and display models. These types never leave the package.

export interface GqlMoney {
  amount: string;
  currencyCode: string;
}
export interface GqlMoneyBag {
  shopMoney: GqlMoney;
  presentmentMoney: GqlMoney;
}

export interface GqlOrder {
  id: string;
  name: string;
  email: string | null;
  createdAt: string;
  processedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  closedAt: string | null;
  tags: string[];
  note: string | null;
  test: boolean;
  currencyCode: string;
  presentmentCurrencyCode: string;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  returnStatus: string;
  totalPriceSet: GqlMoneyBag;
  totalRefundedSet: GqlMoneyBag;
  totalShippingPriceSet: GqlMoneyBag;
  customer: { id: string; defaultEmailAddress?: { emailAddress: string | null } | null } | null;
  shippingAddress: {
    name: string | null;
    address1: string | null;
    address2: string | null;
    city: string | null;
    provinceCode: string | null;
    zip: string | null;
    countryCodeV2: string | null;
    phone: string | null;
  } | null;
  lineItems: {
    nodes: Array<{
      id: string;
      title: string;
      variantTitle: string | null;
      sku: string | null;
      quantity: number;
      refundableQuantity: number;
      unfulfilledQuantity: number;
      discountedUnitPriceAfterAllDiscountsSet: GqlMoneyBag;
      image: { url: string; altText: string | null } | null;
      variant: { id: string } | null;
      product: { id: string; tags: string[] } | null;
    }>;
  };
  fulfillments: Array<{
    id: string;
    name: string;
    status: string;
    displayStatus: string | null;
    createdAt: string;
    inTransitAt: string | null;
    deliveredAt: string | null;
    estimatedDeliveryAt: string | null;
    trackingInfo: Array<{ company: string | null; number: string | null; url: string | null }>;
    events: { nodes: FulfillmentRecord["events"] };
    fulfillmentLineItems: {
      nodes: Array<{ id: string; quantity: number; lineItem: { id: string } }>;
    };
  }>;
  refunds: Array<{
    id: string;
    createdAt: string | null;
    note: string | null;
    totalRefundedSet: GqlMoneyBag;
    refundLineItems: { nodes: Array<{ quantity: number; lineItem: { id: string } }> };
  }>;
  returns: {
    nodes: Array<{
      id: string;
      name: string;
      status: string;
      createdAt: string;
      closedAt: string | null;
      returnLineItems: {
        nodes: Array<{
          id: string;
          quantity: number;
          fulfillmentLineItem?: { lineItem: { id: string } } | null;
        }>;
      };
    }>;
  };
}

export interface GqlCustomer {
  id: string;
  displayName: string;
  tags: string[];
  createdAt: string;
  amountSpent: GqlMoney;
  numberOfOrders: string;
  defaultEmailAddress: { emailAddress: string | null } | null;
  orders: {
    nodes: Array<{
      id: string;
      name: string;
      createdAt: string;
      cancelledAt: string | null;
      displayFinancialStatus: string | null;
      displayFulfillmentStatus: string;
      returns: { nodes: Array<{ id: string; createdAt: string; status: string }> };
    }>;
  };
}

/** Shopify's Decimal string as a number of the currency, rounded to cents. */
export function toAmount(decimal: string): number {
  const value = Number.parseFloat(decimal);
  return Number.isFinite(value) ? Math.round(value * 100) / 100 : 0;
}

const DAY_MS = 86_400_000;

/** The policy's view of the requester; returns counted over the orders the query fetched. */
export function mapCustomer(customer: GqlCustomer, now: Date): CaseCustomer {
  return {
    id: customer.id,
    tags: customer.tags,
    amountSpent: toAmount(customer.amountSpent.amount),
    numberOfOrders: Number.parseInt(customer.numberOfOrders, 10) || 0,
    returnsLast365Days: returnsSince(customer, now.getTime() - 365 * DAY_MS),
  };
}

function returnsSince(customer: GqlCustomer, since: number): number {
  return customer.orders.nodes
    .flatMap((order) => order.returns.nodes)
    .filter((ret) => ret.status !== "DECLINED" && ret.status !== "CANCELED")
    .filter((ret) => Date.parse(ret.createdAt) >= since).length;
}

export function mapCustomerView(customer: GqlCustomer, now: Date): CustomerView {
  const mapped = mapCustomer(customer, now);
  return {
    id: customer.id,
    name: customer.displayName,
    email: customer.defaultEmailAddress?.emailAddress ?? null,
    tags: customer.tags,
    customerSince: customer.createdAt,
    amountSpent: {
      amount: mapped.amountSpent,
      currency: customer.amountSpent.currencyCode,
    },
    numberOfOrders: mapped.numberOfOrders,
    returnsLast365Days: mapped.returnsLast365Days,
  };
}

export function mapOrderSummaries(customer: GqlCustomer): OrderSummary[] {
  return customer.orders.nodes.map((order) => ({
    id: order.id,
    name: order.name,
    createdAt: order.createdAt,
    cancelledAt: order.cancelledAt,
    financialStatus: order.displayFinancialStatus ?? "PENDING",
    fulfillmentStatus: order.displayFulfillmentStatus,
  }));
}

/** The fulfillments in the provider-neutral form a TrackingProvider takes. */
export function fulfillmentRecords(order: GqlOrder): FulfillmentRecord[] {
  return order.fulfillments.map((f) => ({
    id: f.id,
    status: f.status,
    displayStatus: f.displayStatus,
    createdAt: f.createdAt,
    inTransitAt: f.inTransitAt,
    deliveredAt: f.deliveredAt,
    estimatedDeliveryAt: f.estimatedDeliveryAt,
    tracking: f.trackingInfo[0] ?? null,
    events: f.events.nodes,
  }));
}

/** The amount in the currency the customer paid in. */
export function presentment(bag: GqlMoneyBag): number {
  return toAmount(bag.presentmentMoney.amount);
}

function earliest(values: Array<string | null>): string | null {
  const present = values.filter((value): value is string => value !== null);
  present.sort((a, b) => Date.parse(a) - Date.parse(b));
  return present[0] ?? null;
}

function latest(values: Array<string | null>): string | null {
  const present = values.filter((value): value is string => value !== null);
  present.sort((a, b) => Date.parse(b) - Date.parse(a));
  return present[0] ?? null;
}

/**
 * The order in the policy's terms, in the currency the customer paid in. `shipments` are the
 * order's parcels, newest first; the newest speaks for the order. The order counts as
 * delivered only when every parcel is.
 */
export function mapOrder(order: GqlOrder, shipments: Shipment[]): CaseOrder {
  const newest = shipments[0] ?? null;
  const allDelivered = shipments.length > 0 && shipments.every((s) => s.deliveredAt !== null);
  return {
    id: order.id,
    name: order.name,
    currency: order.presentmentCurrencyCode,
    createdAt: order.createdAt,
    cancelledAt: order.cancelledAt,
    financialStatus: order.displayFinancialStatus ?? "PENDING",
    fulfillmentStatus: order.displayFulfillmentStatus,
    fulfilledAt: earliest(shipments.map((s) => s.shippedAt)),
    deliveredAt: allDelivered ? latest(shipments.map((s) => s.deliveredAt)) : null,
    shipment: newest
      ? {
          status: newest.status,
          estimatedDeliveryAt: newest.estimatedDeliveryAt,
          trackingUrl: newest.trackingUrl,
        }
      : null,
    total: presentment(order.totalPriceSet),
    refundedTotal: presentment(order.totalRefundedSet),
    tags: order.tags,
    lineItems: order.lineItems.nodes.map((item) => ({
      id: item.id,
      title: item.title,
      sku: item.sku,
      quantity: item.quantity,
      refundableQuantity: Math.min(item.refundableQuantity, item.quantity),
      unitPrice: presentment(item.discountedUnitPriceAfterAllDiscountsSet),
      productTags: item.product?.tags ?? [],
    })),
  };
}

const RETURN_STATUSES: Record<string, ReturnView["status"]> = {
  REQUESTED: "requested",
  OPEN: "open",
  CLOSED: "closed",
  DECLINED: "declined",
  CANCELED: "canceled",
};

function mapAddress(address: GqlOrder["shippingAddress"]): AddressView | null {
  if (address === null) {
    return null;
  }
  return {
    name: address.name,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    province: address.provinceCode,
    zip: address.zip,
    countryCode: address.countryCodeV2,
    phone: address.phone,
  };
}

export function mapOrderView(order: GqlOrder, shipments: Shipment[]): OrderView {
  const items: OrderItemView[] = order.lineItems.nodes.map((item) => ({
    id: item.id,
    title: item.title,
    variantTitle: item.variantTitle,
    sku: item.sku,
    variantId: item.variant?.id ?? null,
    imageUrl: item.image?.url ?? null,
    quantity: item.quantity,
    refundableQuantity: item.refundableQuantity,
    unfulfilledQuantity: item.unfulfilledQuantity,
    unitPrice: presentment(item.discountedUnitPriceAfterAllDiscountsSet),
    productTags: item.product?.tags ?? [],
  }));
  const refunds: RefundView[] = order.refunds.map((refund) => ({
    id: refund.id,
    createdAt: refund.createdAt ?? order.createdAt,
    amount: presentment(refund.totalRefundedSet),
    note: refund.note,
    items: refund.refundLineItems.nodes.map((line) => ({
      lineItemId: line.lineItem.id,
      quantity: line.quantity,
    })),
  }));
  const returns: ReturnView[] = order.returns.nodes.map((ret) => ({
    id: ret.id,
    name: ret.name,
    status: RETURN_STATUSES[ret.status] ?? "open",
    createdAt: ret.createdAt,
    closedAt: ret.closedAt,
    items: ret.returnLineItems.nodes.map((line) => ({
      lineItemId: line.fulfillmentLineItem?.lineItem.id ?? null,
      quantity: line.quantity,
    })),
  }));
  return {
    id: order.id,
    name: order.name,
    createdAt: order.createdAt,
    cancelledAt: order.cancelledAt,
    currency: order.presentmentCurrencyCode,
    financialStatus: order.displayFinancialStatus ?? "PENDING",
    fulfillmentStatus: order.displayFulfillmentStatus,
    returnStatus: order.returnStatus,
    total: presentment(order.totalPriceSet),
    refundedTotal: presentment(order.totalRefundedSet),
    shippingAddress: mapAddress(order.shippingAddress),
    items,
    shipments,
    refunds,
    returns,
  };
}
