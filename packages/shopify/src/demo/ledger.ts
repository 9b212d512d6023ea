import type { DemoOrder } from "./data";

// Derived order state, computed from the fixture records the way Shopify derives it from its
// own. All money here is integer cents in the order's (presentment) currency.

export function cents(amount: number): number {
  return Math.round(amount * 100);
}

export function unitPaidCents(item: DemoOrder["lineItems"][number]): number {
  return cents(item.unitPrice) - cents(item.unitDiscount);
}

export function subtotalCents(order: DemoOrder): number {
  return order.lineItems.reduce((sum, item) => sum + unitPaidCents(item) * item.quantity, 0);
}

export function totalCents(order: DemoOrder): number {
  return subtotalCents(order) + cents(order.shippingPrice);
}

/** Money captured: successful sales and captures. */
export function receivedCents(order: DemoOrder): number {
  return order.transactions
    .filter((t) => (t.kind === "SALE" || t.kind === "CAPTURE") && t.status === "SUCCESS")
    .reduce((sum, t) => sum + cents(t.amount), 0);
}

export function refundedCents(order: DemoOrder): number {
  return order.refunds.reduce(
    (sum, refund) =>
      sum +
      refund.transactions
        .filter((t) => t.status === "SUCCESS")
        .reduce((inner, t) => inner + cents(t.amount), 0),
    0,
  );
}

export function refundedShippingCents(order: DemoOrder): number {
  return order.refunds.reduce((sum, refund) => sum + cents(refund.shipping), 0);
}

/** Units of one line item across lines that point at it (refund, fulfillment lines). */
function quantityOf(
  lines: Array<{ lineItemId: string; quantity: number }>,
  lineItemId: string,
): number {
  return lines
    .filter((line) => line.lineItemId === lineItemId)
    .reduce((sum, line) => sum + line.quantity, 0);
}

export function refundedQuantity(order: DemoOrder, lineItemId: string): number {
  return quantityOf(
    order.refunds.flatMap((refund) => refund.lineItems),
    lineItemId,
  );
}

export function refundableQuantity(order: DemoOrder, lineItemId: string): number {
  const item = order.lineItems.find((line) => line.id === lineItemId);
  return item ? Math.max(0, item.quantity - refundedQuantity(order, lineItemId)) : 0;
}

export function activeFulfillments(order: DemoOrder): DemoOrder["fulfillments"] {
  return order.fulfillments.filter((f) => f.status === "SUCCESS");
}

export function fulfilledQuantity(order: DemoOrder, lineItemId: string): number {
  return quantityOf(
    activeFulfillments(order).flatMap((f) => f.lineItems),
    lineItemId,
  );
}

export function unfulfilledQuantity(order: DemoOrder, lineItemId: string): number {
  const item = order.lineItems.find((line) => line.id === lineItemId);
  if (!item || order.cancelledAt !== null) {
    return 0;
  }
  const cancelled = quantityOf(
    order.refunds
      .flatMap((refund) => refund.lineItems)
      .filter((line) => line.restockType === "CANCEL"),
    lineItemId,
  );
  return Math.max(0, item.quantity - fulfilledQuantity(order, lineItemId) - cancelled);
}

/** Shopify's `displayFinancialStatus`. */
export function financialStatus(order: DemoOrder): string {
  const received = receivedCents(order);
  const refunded = refundedCents(order);
  const total = totalCents(order);
  const authorized = order.transactions.some(
    (t) => t.kind === "AUTHORIZATION" && t.status === "SUCCESS",
  );
  if (received > 0 && refunded >= received) {
    return "REFUNDED";
  }
  if (refunded > 0) {
    return "PARTIALLY_REFUNDED";
  }
  if (received >= total) {
    return "PAID";
  }
  if (received > 0) {
    return "PARTIALLY_PAID";
  }
  if (order.cancelledAt !== null && authorized) {
    return "VOIDED";
  }
  return authorized ? "AUTHORIZED" : "PENDING";
}

/** Shopify's `displayFulfillmentStatus`. */
export function fulfillmentStatus(order: DemoOrder): string {
  const fulfilled = order.lineItems.reduce(
    (sum, item) => sum + fulfilledQuantity(order, item.id),
    0,
  );
  const open = order.lineItems.reduce((sum, item) => sum + unfulfilledQuantity(order, item.id), 0);
  if (fulfilled === 0) {
    return "UNFULFILLED";
  }
  return open === 0 ? "FULFILLED" : "PARTIALLY_FULFILLED";
}

/** Shopify's `returnStatus`. */
export function returnStatus(order: DemoOrder): string {
  const statuses = order.returns.map((r) => r.status);
  if (statuses.includes("OPEN")) {
    return "IN_PROGRESS";
  }
  if (statuses.includes("REQUESTED")) {
    return "RETURN_REQUESTED";
  }
  if (statuses.includes("CLOSED")) {
    return "RETURNED";
  }
  return "NO_RETURN";
}

/** What is left to refund on one payment transaction. */
export function transactionRemainingCents(order: DemoOrder, transactionId: string): number {
  const parent = order.transactions.find((t) => t.id === transactionId);
  if (!parent) {
    return 0;
  }
  const refunded = order.refunds
    .flatMap((refund) => refund.transactions)
    .filter((t) => t.parentId === transactionId && t.status === "SUCCESS")
    .reduce((sum, t) => sum + cents(t.amount), 0);
  return Math.max(0, cents(parent.amount) - refunded);
}

/** Payment transactions that can still take a refund, oldest first. */
export function refundableTransactions(order: DemoOrder): DemoOrder["transactions"] {
  return order.transactions.filter(
    (t) =>
      (t.kind === "SALE" || t.kind === "CAPTURE") &&
      t.status === "SUCCESS" &&
      transactionRemainingCents(order, t.id) > 0,
  );
}
