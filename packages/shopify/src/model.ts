import type { CaseCustomer, CaseOrder } from "@countersign/policy";
import type { Shipment } from "./tracking";

// What the adapter hands out: the policy's case model, plus a display model for the sidebar.
// No Shopify response shape appears here.

/** An amount in a named currency (two decimals, as a number). */
export interface Money {
  amount: number;
  currency: string;
}

export interface CustomerView {
  id: string;
  name: string;
  email: string | null;
  tags: string[];
  customerSince: string;
  /** Lifetime spend in the shop's currency. */
  amountSpent: Money;
  numberOfOrders: number;
  returnsLast365Days: number;
}

export interface OrderItemView {
  id: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  variantId: string | null;
  imageUrl: string | null;
  quantity: number;
  refundableQuantity: number;
  unfulfilledQuantity: number;
  /** What the customer paid for one unit, after discounts, in the order's currency. */
  unitPrice: number;
  productTags: string[];
}

export interface RefundView {
  id: string;
  createdAt: string;
  amount: number;
  note: string | null;
  items: Array<{ lineItemId: string; quantity: number }>;
}

export interface ReturnView {
  id: string;
  name: string;
  status: "requested" | "open" | "closed" | "declined" | "canceled";
  createdAt: string;
  closedAt: string | null;
  items: Array<{ lineItemId: string | null; quantity: number }>;
}

export interface AddressView {
  name: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  zip: string | null;
  countryCode: string | null;
  phone: string | null;
}

export interface OrderView {
  id: string;
  name: string;
  createdAt: string;
  cancelledAt: string | null;
  /** The currency the customer paid in; every amount of the order is in it. */
  currency: string;
  financialStatus: string;
  fulfillmentStatus: string;
  returnStatus: string;
  total: number;
  refundedTotal: number;
  shippingAddress: AddressView | null;
  items: OrderItemView[];
  /** Newest first. */
  shipments: Shipment[];
  refunds: RefundView[];
  returns: ReturnView[];
}

/** One of the requester's recent orders, in brief, for the sidebar's order picker. */
export interface OrderSummary {
  id: string;
  name: string;
  createdAt: string;
  cancelledAt: string | null;
  financialStatus: string;
  fulfillmentStatus: string;
}

/** Why this order was picked for the ticket. */
export interface OrderChoice {
  orderId: string | null;
  reason: string;
  /** False when the order named in the ticket belongs to someone other than the requester. */
  matchesRequester: boolean;
}

/** Admin API usage of one piece of work (calls made and query cost Shopify reported). */
export interface ApiUsage {
  calls: number;
  requestedCost: number;
  actualCost: number;
  /** Errors Shopify returned beside partial data; the fields they hit are left empty. */
  warnings: string[];
}

/** Everything the sidebar and the policy need about a ticket's customer and order. */
export interface TicketContext {
  customer: CaseCustomer | null;
  order: CaseOrder | null;
  orderChoice: OrderChoice;
  display: {
    customer: CustomerView | null;
    order: OrderView | null;
    recentOrders: OrderSummary[];
  };
  usage: ApiUsage;
}

/** The order with both models, as a re-read before an action returns it. */
export interface OrderContext {
  order: CaseOrder;
  view: OrderView;
}
