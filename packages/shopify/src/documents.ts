// Every GraphQL document the adapter sends. Each one is validated against the committed
// 2026-10 schema (no deprecated fields) in test/documents.test.ts, and the demo store executes
// these very strings.

const MONEY_BAG = "shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }";

/** The order as the ticket context needs it: items, shipments, refunds and returns. */
const ORDER_DETAIL = `
fragment OrderDetail on Order {
  id
  name
  email
  createdAt
  processedAt
  cancelledAt
  cancelReason
  closedAt
  tags
  note
  test
  currencyCode
  presentmentCurrencyCode
  displayFinancialStatus
  displayFulfillmentStatus
  returnStatus
  totalPriceSet { ${MONEY_BAG} }
  totalRefundedSet { ${MONEY_BAG} }
  totalShippingPriceSet { ${MONEY_BAG} }
  customer { id }
  shippingAddress { name address1 address2 city provinceCode zip countryCodeV2 phone }
  lineItems(first: 15) {
    nodes {
      id
      title
      variantTitle
      sku
      quantity
      refundableQuantity
      unfulfilledQuantity
      discountedUnitPriceAfterAllDiscountsSet { ${MONEY_BAG} }
      image { url altText }
      variant { id }
      product { id tags }
    }
  }
  fulfillments(first: 5) {
    id
    name
    status
    displayStatus
    createdAt
    inTransitAt
    deliveredAt
    estimatedDeliveryAt
    trackingInfo(first: 1) { company number url }
    events(first: 5, sortKey: HAPPENED_AT, reverse: true) {
      nodes { status happenedAt estimatedDeliveryAt message city country }
    }
    fulfillmentLineItems(first: 10) { nodes { id quantity lineItem { id } } }
  }
  refunds(first: 5) {
    id
    createdAt
    note
    totalRefundedSet { ${MONEY_BAG} }
    refundLineItems(first: 10) { nodes { quantity lineItem { id } } }
  }
  returns(first: 3) {
    nodes {
      id
      name
      status
      createdAt
      closedAt
      returnLineItems(first: 5) {
        nodes {
          id
          quantity
          ... on ReturnLineItem { fulfillmentLineItem { lineItem { id } } }
        }
      }
    }
  }
}`;

/** One round trip: the requester's customer record, their recent orders (light), and the
 * order named in the ticket (full), each part skipped when its input is missing. */
export const TICKET_CONTEXT_QUERY = `#graphql
query TicketContext(
  $email: String!
  $withCustomer: Boolean!
  $orderQuery: String!
  $withNamedOrder: Boolean!
) {
  customerByIdentifier(identifier: { emailAddress: $email }) @include(if: $withCustomer) {
    id
    displayName
    tags
    createdAt
    amountSpent { amount currencyCode }
    numberOfOrders
    defaultEmailAddress { emailAddress }
    orders(first: 10, sortKey: CREATED_AT, reverse: true) {
      nodes {
        id
        name
        createdAt
        cancelledAt
        displayFinancialStatus
        displayFulfillmentStatus
        returns(first: 5) { nodes { id createdAt status } }
      }
    }
  }
  namedOrders: orders(first: 1, query: $orderQuery) @include(if: $withNamedOrder) {
    nodes { ...OrderDetail customer { id defaultEmailAddress { emailAddress } } }
  }
}
${ORDER_DETAIL}`;

/** The full order by id: the second call of a ticket context, and the re-read before actions. */
export const ORDER_QUERY = `#graphql
query OrderDetail($id: ID!) {
  order(id: $id) { ...OrderDetail }
}
${ORDER_DETAIL}`;

/** Shopify's own refund computation for the items asked about; we never refund more. */
export const SUGGESTED_REFUND_QUERY = `#graphql
query SuggestedRefund($id: ID!, $refundLineItems: [RefundLineItemInput!], $refundShipping: Boolean) {
  order(id: $id) {
    id
    presentmentCurrencyCode
    suggestedRefund(refundLineItems: $refundLineItems, refundShipping: $refundShipping) {
      amountSet { ${MONEY_BAG} }
      subtotalSet { ${MONEY_BAG} }
      totalTaxSet { ${MONEY_BAG} }
      maximumRefundableSet { ${MONEY_BAG} }
      shipping { amountSet { ${MONEY_BAG} } }
      refundLineItems { lineItem { id } quantity restockType location { id } }
      suggestedTransactions {
        gateway
        kind
        amountSet { ${MONEY_BAG} }
        maximumRefundableSet { ${MONEY_BAG} }
        parentTransaction { id }
      }
    }
  }
}`;

export const REFUND_CREATE_MUTATION = `#graphql
mutation RefundCreate($input: RefundInput!, $key: String!) {
  refundCreate(input: $input) @idempotent(key: $key) {
    refund { id createdAt totalRefundedSet { ${MONEY_BAG} } }
    order { id displayFinancialStatus }
    userErrors { field message }
  }
}`;

/** Fulfillment line items are what a return points at, so they are read before returnCreate. */
export const RETURNABLE_QUERY = `#graphql
query Returnable($orderId: ID!) {
  returnableFulfillments(orderId: $orderId, first: 5) {
    nodes {
      id
      returnableFulfillmentLineItems(first: 20) {
        nodes { quantity fulfillmentLineItem { id lineItem { id } } }
      }
    }
  }
}`;

export const RETURN_CREATE_MUTATION = `#graphql
mutation ReturnCreate($input: ReturnInput!) {
  returnCreate(returnInput: $input) {
    return { id name status }
    userErrors { field message code }
  }
}`;

/**
 * Undoes a return nothing was done on yet (no inspection, no refund): Shopify gives its items
 * back to the fulfillment, so they can be returned again. `returnClose` is not an undo: it
 * marks a return complete. (`notifyCustomer` is deprecated on this mutation, so it is not sent.)
 */
export const RETURN_CANCEL_MUTATION = `#graphql
mutation ReturnCancel($id: ID!) {
  returnCancel(id: $id) {
    return { id name status }
    userErrors { field message code }
  }
}`;

/** One return's status: read back when returnCancel's answer is lost or refused. */
export const RETURN_STATUS_QUERY = `#graphql
query ReturnStatus($id: ID!) {
  return(id: $id) { id name status }
}`;

export const DRAFT_ORDER_CREATE_MUTATION = `#graphql
mutation ReplacementDraft($input: DraftOrderInput!) {
  draftOrderCreate(input: $input) {
    draftOrder { id name }
    userErrors { field message }
  }
}`;

export const DRAFT_ORDER_COMPLETE_MUTATION = `#graphql
mutation ReplacementComplete($id: ID!) {
  draftOrderComplete(id: $id) {
    draftOrder { id status order { id name displayFinancialStatus } }
    userErrors { field message }
  }
}`;

export const ORDER_UPDATE_MUTATION = `#graphql
mutation OrderAddress($input: OrderInput!) {
  orderUpdate(input: $input) {
    order { id shippingAddress { name address1 address2 city provinceCode zip countryCodeV2 phone } }
    userErrors { field message }
  }
}`;

export const ORDER_CANCEL_MUTATION = `#graphql
mutation OrderCancel(
  $orderId: ID!
  $reason: OrderCancelReason!
  $restock: Boolean!
  $notifyCustomer: Boolean
  $staffNote: String
) {
  orderCancel(
    orderId: $orderId
    reason: $reason
    restock: $restock
    notifyCustomer: $notifyCustomer
    staffNote: $staffNote
    refundMethod: { originalPaymentMethodsRefund: true }
  ) {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}`;

export const JOB_QUERY = `#graphql
query Job($id: ID!) {
  job(id: $id) { id done }
}`;

/** Every document, by operation name, for the schema test and the bench. */
export const DOCUMENTS: Readonly<Record<string, string>> = {
  TicketContext: TICKET_CONTEXT_QUERY,
  OrderDetail: ORDER_QUERY,
  SuggestedRefund: SUGGESTED_REFUND_QUERY,
  RefundCreate: REFUND_CREATE_MUTATION,
  Returnable: RETURNABLE_QUERY,
  ReturnCreate: RETURN_CREATE_MUTATION,
  ReturnCancel: RETURN_CANCEL_MUTATION,
  ReturnStatus: RETURN_STATUS_QUERY,
  ReplacementDraft: DRAFT_ORDER_CREATE_MUTATION,
  ReplacementComplete: DRAFT_ORDER_COMPLETE_MUTATION,
  OrderAddress: ORDER_UPDATE_MUTATION,
  OrderCancel: ORDER_CANCEL_MUTATION,
  Job: JOB_QUERY,
};
