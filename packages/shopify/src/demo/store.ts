import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLResolveInfo,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
} from "graphql";
import type { FetchFunction } from "../admin-client";
import { ADMIN_API_VERSION, loadAdminSchema } from "../schema";
import { actualCost, requestedCost } from "./cost";
import type {
  DemoAddress,
  DemoCustomer,
  DemoFulfillment,
  DemoOrder,
  DemoProduct,
  DemoRefund,
  DemoReturn,
  DemoStore,
  DemoTransaction,
} from "./data";
import {
  activeFulfillments,
  cents,
  financialStatus,
  fulfilledQuantity,
  fulfillmentStatus,
  receivedCents,
  refundableQuantity,
  refundableTransactions,
  refundedCents,
  refundedShippingCents,
  returnStatus,
  totalCents,
  transactionRemainingCents,
  unfulfilledQuantity,
  unitPaidCents,
} from "./ledger";

export interface DemoStoreOptions {
  /** The token the endpoint accepts in `X-Shopify-Access-Token`. */
  accessToken: string;
  /** The clock for new records and the cost bucket (default: the real one). */
  now?: () => Date;
  /** The leaky bucket Shopify meters queries with (default 2000 points, 100 per second). */
  bucket?: { maximumAvailable: number; restoreRate: number };
}

/** A local Shopify Admin GraphQL endpoint over fixture data; mount `handle` anywhere. */
export interface DemoShopifyStore {
  /** Answers `POST …/admin/api/2026-10/graphql.json` like Shopify does. */
  handle(request: Request): Promise<Response>;
  /** A copy of the store's data as it is now, mutations included. */
  snapshot(): DemoStore;
  /** How many GraphQL calls the endpoint has answered (throttled ones included). */
  callCount(): number;
}

/** A fetch that answers from the demo store: give it to the adapter as `fetch`. */
export function demoStoreFetch(store: DemoShopifyStore): FetchFunction {
  return (input, init) => store.handle(new Request(input, init));
}

const GRAPHQL_PATH = `/admin/api/${ADMIN_API_VERSION}/graphql.json`;

function gid(type: string, id: string): string {
  return `gid://shopify/${type}/${id}`;
}

function idOf(value: unknown, type: string): string | null {
  if (typeof value !== "string") {
    return null;
  }
  const prefix = `gid://shopify/${type}/`;
  return value.startsWith(prefix) ? value.slice(prefix.length) : null;
}

function decimal(centsValue: number): string {
  return (centsValue / 100).toFixed(2);
}

interface Args {
  [key: string]: unknown;
}

interface Context {
  variables: Record<string, unknown>;
}

type Resolver = (args: Args, context: Context, info: GraphQLResolveInfo) => unknown;

function page<T>(items: T[], args: Args): T[] {
  const first = typeof args.first === "number" ? args.first : undefined;
  const last = typeof args.last === "number" ? args.last : undefined;
  if (first !== undefined) {
    return items.slice(0, first);
  }
  if (last !== undefined) {
    return items.slice(Math.max(0, items.length - last));
  }
  return items;
}

function connection<T>(items: T[], args: Args, view: (item: T) => unknown): unknown {
  const shown = page(items, args).map(view);
  return {
    nodes: shown,
    edges: shown.map((node, index) => ({ node, cursor: String(index) })),
    pageInfo: {
      hasNextPage: shown.length < items.length,
      hasPreviousPage: false,
      startCursor: shown.length > 0 ? "0" : null,
      endCursor: shown.length > 0 ? String(shown.length - 1) : null,
    },
  };
}

/** Shopify's search syntax, the parts the adapter uses: `name:`, `email:`, `customer_id:`. */
function matchesSearch(order: DemoOrder, query: string): boolean {
  const terms = query.match(/(\w+):("[^"]*"|\S+)/g) ?? [];
  return terms.every((term) => {
    const colon = term.indexOf(":");
    const key = term.slice(0, colon).toLowerCase();
    const value = term
      .slice(colon + 1)
      .replace(/^"|"$/g, "")
      .toLowerCase();
    if (key === "name") {
      return order.name.toLowerCase() === (value.startsWith("#") ? value : `#${value}`);
    }
    if (key === "email") {
      return (order.email ?? "").toLowerCase() === value;
    }
    if (key === "customer_id") {
      return order.customerId === value;
    }
    return true;
  });
}

function userError(field: string[] | null, message: string, code?: string) {
  return code === undefined ? { field, message } : { field, message, code };
}

/** Builds the demo store over a copy of `data`; mutations change only that copy. */
export function createDemoStore(data: DemoStore, options: DemoStoreOptions): DemoShopifyStore {
  const schema = loadAdminSchema();
  const store: DemoStore = structuredClone(data);
  const now = options.now ?? (() => new Date());
  const bucket = options.bucket ?? { maximumAvailable: 2000, restoreRate: 100 };
  let available = bucket.maximumAvailable;
  let lastRefill = now().getTime();
  let calls = 0;
  const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
  const idempotency = new Map<string, { input: string; payload: unknown }>();
  const drafts = new Map<
    string,
    { id: string; name: string; input: Args; orderId: string | null; customerId: string | null }
  >();
  const jobs = new Map<string, { polls: number; done: boolean; finish: () => void }>();
  let nextId = 900_000;
  const newId = (): string => String(nextId++);

  const products = new Map<string, DemoProduct>();
  const variants = new Map<string, { product: DemoProduct; variant: DemoProduct["variants"][0] }>();
  for (const product of store.products) {
    products.set(product.id, product);
    for (const variant of product.variants) {
      variants.set(variant.id, { product, variant });
    }
  }
  const findOrder = (id: unknown): DemoOrder | undefined => {
    const key = idOf(id, "Order");
    return store.orders.find((order) => order.id === key);
  };
  const customerById = (id: string | null): DemoCustomer | undefined =>
    store.customers.find((customer) => customer.id === id);

  const rateFor = (currency: string): number =>
    currency === store.shop.currency ? 1 : (store.shop.exchangeRates[currency] ?? 1);

  const moneyBag = (amountCents: number, currency: string) => ({
    shopMoney: {
      amount: decimal(Math.round(amountCents * rateFor(currency))),
      currencyCode: store.shop.currency,
    },
    presentmentMoney: { amount: decimal(amountCents), currencyCode: currency },
  });

  const addressView = (address: DemoAddress | null) =>
    address === null
      ? null
      : {
          ...address,
          countryCodeV2: address.countryCode,
          country: address.countryCode,
          province: address.provinceCode,
          firstName: address.name.split(" ")[0] ?? address.name,
          lastName: address.name.split(" ").slice(1).join(" "),
        };

  const transactionView = (order: DemoOrder, t: DemoTransaction): Record<string, unknown> => ({
    __typename: "OrderTransaction",
    id: gid("OrderTransaction", t.id),
    kind: t.kind,
    status: t.status,
    gateway: t.gateway,
    createdAt: t.createdAt,
    processedAt: t.createdAt,
    amountSet: moneyBag(cents(t.amount), order.currency),
    parentTransaction: (): Record<string, unknown> | null => {
      const parent = order.transactions.find((p) => p.id === t.parentId);
      return parent ? transactionView(order, parent) : null;
    },
  });

  const lineItemView = (order: DemoOrder, item: DemoOrder["lineItems"][0]) => {
    const found = variants.get(item.variantId);
    const unit = unitPaidCents(item);
    return {
      __typename: "LineItem",
      id: gid("LineItem", item.id),
      title: found?.product.title ?? "Unknown product",
      name: found ? `${found.product.title} - ${found.variant.title}` : "Unknown product",
      variantTitle: found?.variant.title ?? null,
      sku: found?.variant.sku ?? null,
      quantity: item.quantity,
      currentQuantity: refundableQuantity(order, item.id),
      refundableQuantity: refundableQuantity(order, item.id),
      unfulfilledQuantity: unfulfilledQuantity(order, item.id),
      requiresShipping: true,
      restockable: true,
      isGiftCard: false,
      originalUnitPriceSet: moneyBag(cents(item.unitPrice), order.currency),
      discountedUnitPriceSet: moneyBag(unit, order.currency),
      discountedUnitPriceAfterAllDiscountsSet: moneyBag(unit, order.currency),
      originalTotalSet: moneyBag(cents(item.unitPrice) * item.quantity, order.currency),
      discountedTotalSet: moneyBag(unit * item.quantity, order.currency),
      image: found?.product.imageUrl ? { url: found.product.imageUrl, altText: null } : null,
      variant: found
        ? { __typename: "ProductVariant", id: gid("ProductVariant", item.variantId) }
        : null,
      product: found
        ? { __typename: "Product", id: gid("Product", found.product.id), tags: found.product.tags }
        : null,
    };
  };

  const fulfillmentLineItemView = (order: DemoOrder, line: DemoFulfillment["lineItems"][0]) => {
    const item = order.lineItems.find((candidate) => candidate.id === line.lineItemId);
    return {
      __typename: "FulfillmentLineItem",
      id: gid("FulfillmentLineItem", line.id),
      quantity: line.quantity,
      lineItem: item ? lineItemView(order, item) : null,
    };
  };

  const fulfillmentView = (order: DemoOrder, f: DemoFulfillment) => ({
    __typename: "Fulfillment",
    id: gid("Fulfillment", f.id),
    name: `${order.name}-F${order.fulfillments.indexOf(f) + 1}`,
    status: f.status,
    displayStatus: f.displayStatus,
    createdAt: f.createdAt,
    updatedAt: f.events.at(-1)?.happenedAt ?? f.createdAt,
    inTransitAt: f.inTransitAt,
    deliveredAt: f.deliveredAt,
    estimatedDeliveryAt: f.estimatedDeliveryAt,
    trackingInfo: (args: Args) => page(f.tracking ? [f.tracking] : [], args),
    events: (args: Args) => {
      const sorted = [...f.events].sort(
        (a, b) => Date.parse(a.happenedAt) - Date.parse(b.happenedAt),
      );
      if (args.reverse === true) {
        sorted.reverse();
      }
      return connection(sorted, args, (event) => ({
        __typename: "FulfillmentEvent",
        id: gid("FulfillmentEvent", `${f.id}${f.events.indexOf(event)}`),
        ...event,
      }));
    },
    fulfillmentLineItems: (args: Args) =>
      connection(f.lineItems, args, (line) => fulfillmentLineItemView(order, line)),
  });

  const refundView = (order: DemoOrder, refund: DemoRefund) => ({
    __typename: "Refund",
    id: gid("Refund", refund.id),
    createdAt: refund.createdAt,
    processedAt: refund.createdAt,
    note: refund.note,
    totalRefundedSet: moneyBag(
      refund.transactions.reduce((sum, t) => sum + cents(t.amount), 0),
      order.currency,
    ),
    refundLineItems: (args: Args) =>
      connection(refund.lineItems, args, (line) => {
        const item = order.lineItems.find((candidate) => candidate.id === line.lineItemId);
        return {
          __typename: "RefundLineItem",
          quantity: line.quantity,
          restockType: line.restockType,
          lineItem: item ? lineItemView(order, item) : null,
          subtotalSet: moneyBag(item ? unitPaidCents(item) * line.quantity : 0, order.currency),
        };
      }),
    transactions: (args: Args) =>
      connection(refund.transactions, args, (t) => transactionView(order, t)),
    return: refund.returnId ? { __typename: "Return", id: gid("Return", refund.returnId) } : null,
  });

  const returnView = (order: DemoOrder, ret: DemoReturn) => ({
    __typename: "Return",
    id: gid("Return", ret.id),
    name: ret.name,
    status: ret.status,
    createdAt: ret.createdAt,
    closedAt: ret.closedAt,
    totalQuantity: ret.lineItems.reduce((sum, line) => sum + line.quantity, 0),
    returnLineItems: (args: Args) =>
      connection(ret.lineItems, args, (line) => {
        const fli = order.fulfillments
          .flatMap((f) => f.lineItems)
          .find((candidate) => candidate.id === line.fulfillmentLineItemId);
        return {
          __typename: "ReturnLineItem",
          id: gid("ReturnLineItem", line.id),
          quantity: line.quantity,
          returnReasonNote: line.returnReasonNote ?? "",
          customerNote: line.customerNote,
          refundableQuantity: ret.status === "OPEN" ? line.quantity : 0,
          refundedQuantity: 0,
          processedQuantity: ret.status === "CLOSED" ? line.quantity : 0,
          unprocessedQuantity: ret.status === "CLOSED" ? 0 : line.quantity,
          fulfillmentLineItem: fli ? fulfillmentLineItemView(order, fli) : null,
        };
      }),
    exchangeLineItems: (args: Args) =>
      connection(ret.exchangeLineItems, args, (line) => ({
        __typename: "ExchangeLineItem",
        id: gid("ExchangeLineItem", line.id),
        variantId: gid("ProductVariant", line.variantId),
        quantity: line.quantity,
        processedQuantity: 0,
      })),
  });

  const suggestRefund = (order: DemoOrder, args: Args) => {
    const requested = Array.isArray(args.refundLineItems) ? (args.refundLineItems as Args[]) : [];
    const full = args.suggestFullRefund === true;
    const lines = full
      ? order.lineItems.map((item) => ({
          lineItemId: item.id,
          quantity: refundableQuantity(order, item.id),
          restockType: undefined as unknown,
        }))
      : requested.map((line) => ({
          lineItemId: idOf(line.lineItemId, "LineItem") ?? "",
          quantity: typeof line.quantity === "number" ? line.quantity : 0,
          restockType: line.restockType,
        }));
    const refundLines = lines
      .map((line) => {
        const item = order.lineItems.find((candidate) => candidate.id === line.lineItemId);
        if (!item) {
          return null;
        }
        const quantity = Math.min(Math.max(line.quantity, 0), refundableQuantity(order, item.id));
        const restockType =
          typeof line.restockType === "string"
            ? line.restockType
            : fulfilledQuantity(order, item.id) > 0
              ? "RETURN"
              : "CANCEL";
        return { item, quantity, restockType };
      })
      .filter((line): line is NonNullable<typeof line> => line !== null && line.quantity > 0);
    const subtotal = refundLines.reduce(
      (sum, line) => sum + unitPaidCents(line.item) * line.quantity,
      0,
    );
    const shippingLeft = cents(order.shippingPrice) - refundedShippingCents(order);
    const shipping =
      typeof args.shippingAmount === "string" || typeof args.shippingAmount === "number"
        ? Math.min(cents(Number(args.shippingAmount)), shippingLeft)
        : args.refundShipping === true || full
          ? shippingLeft
          : 0;
    const maximum = Math.max(0, receivedCents(order) - refundedCents(order));
    const amount = Math.min(subtotal + shipping, maximum);
    let left = amount;
    const suggestedTransactions = refundableTransactions(order).flatMap((parent) => {
      if (left <= 0) {
        return [];
      }
      const remaining = transactionRemainingCents(order, parent.id);
      const take = Math.min(left, remaining);
      left -= take;
      return [
        {
          __typename: "SuggestedOrderTransaction",
          gateway: parent.gateway,
          kind: "SUGGESTED_REFUND",
          amountSet: moneyBag(take, order.currency),
          maximumRefundableSet: moneyBag(remaining, order.currency),
          parentTransaction: transactionView(order, parent),
        },
      ];
    });
    return {
      amountSet: moneyBag(amount, order.currency),
      subtotalSet: moneyBag(subtotal, order.currency),
      totalTaxSet: moneyBag(0, order.currency),
      discountedSubtotalSet: moneyBag(subtotal, order.currency),
      totalCartDiscountAmountSet: moneyBag(0, order.currency),
      totalDutiesSet: moneyBag(0, order.currency),
      maximumRefundableSet: moneyBag(maximum, order.currency),
      shipping: {
        amountSet: moneyBag(shipping, order.currency),
        maximumRefundableSet: moneyBag(shippingLeft, order.currency),
        taxSet: moneyBag(0, order.currency),
      },
      refundLineItems: refundLines.map((line) => ({
        __typename: "RefundLineItem",
        lineItem: lineItemView(order, line.item),
        quantity: line.quantity,
        restockType: line.restockType,
        location: { __typename: "Location", id: gid("Location", "1") },
        subtotalSet: moneyBag(unitPaidCents(line.item) * line.quantity, order.currency),
        totalTaxSet: moneyBag(0, order.currency),
      })),
      suggestedTransactions,
      suggestedRefundMethods: [],
    };
  };

  const orderView = (order: DemoOrder): Record<string, unknown> => ({
    __typename: "Order",
    id: gid("Order", order.id),
    name: order.name,
    email: order.email,
    createdAt: order.createdAt,
    processedAt: order.createdAt,
    updatedAt: order.createdAt,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    closedAt: order.closedAt,
    tags: order.tags,
    note: order.note,
    test: false,
    confirmed: true,
    currencyCode: store.shop.currency,
    presentmentCurrencyCode: order.currency,
    displayFinancialStatus: financialStatus(order),
    displayFulfillmentStatus: fulfillmentStatus(order),
    returnStatus: returnStatus(order),
    refundable: receivedCents(order) > refundedCents(order),
    totalPriceSet: moneyBag(totalCents(order), order.currency),
    currentTotalPriceSet: moneyBag(totalCents(order) - refundedCents(order), order.currency),
    totalRefundedSet: moneyBag(refundedCents(order), order.currency),
    totalReceivedSet: moneyBag(receivedCents(order), order.currency),
    totalShippingPriceSet: moneyBag(cents(order.shippingPrice), order.currency),
    customer: (() => {
      const customer = customerById(order.customerId);
      return customer ? customerView(customer) : null;
    })(),
    shippingAddress: addressView(order.shippingAddress),
    lineItems: (args: Args) =>
      connection(order.lineItems, args, (item) => lineItemView(order, item)),
    fulfillments: (args: Args) =>
      page(order.fulfillments, args).map((f) => fulfillmentView(order, f)),
    refunds: (args: Args) => page(order.refunds, args).map((refund) => refundView(order, refund)),
    returns: (args: Args) => connection(order.returns, args, (ret) => returnView(order, ret)),
    transactions: (args: Args) =>
      page(order.transactions, args).map((t) => transactionView(order, t)),
    suggestedRefund: (args: Args) => suggestRefund(order, args),
  });

  const ordersOf = (customer: DemoCustomer) =>
    store.orders.filter((order) => order.customerId === customer.id);

  const customerView = (customer: DemoCustomer): Record<string, unknown> => ({
    __typename: "Customer",
    id: gid("Customer", customer.id),
    displayName: `${customer.firstName} ${customer.lastName}`,
    firstName: customer.firstName,
    lastName: customer.lastName,
    tags: customer.tags,
    note: customer.note,
    createdAt: customer.createdAt,
    state: "ENABLED",
    defaultEmailAddress: { emailAddress: customer.email },
    defaultPhoneNumber: customer.phone ? { phoneNumber: customer.phone } : null,
    amountSpent: () => {
      const spent = ordersOf(customer).reduce(
        (sum, order) =>
          sum + Math.round((receivedCents(order) - refundedCents(order)) * rateFor(order.currency)),
        cents(customer.priorSpend),
      );
      return { amount: decimal(spent), currencyCode: store.shop.currency };
    },
    numberOfOrders: () => String(customer.priorOrders + ordersOf(customer).length),
    orders: (args: Args) => searchOrders(ordersOf(customer), args),
  });

  const searchOrders = (orders: DemoOrder[], args: Args) => {
    const query = typeof args.query === "string" ? args.query : "";
    const sorted = orders
      .filter((order) => matchesSearch(order, query))
      .sort((a, b) =>
        args.sortKey === "ID"
          ? Number(a.id) - Number(b.id)
          : Date.parse(a.createdAt) - Date.parse(b.createdAt),
      );
    if (args.reverse === true) {
      sorted.reverse();
    }
    return connection(sorted, args, orderView);
  };

  const returnableLines = (order: DemoOrder) =>
    activeFulfillments(order).map((f) => ({
      fulfillment: f,
      lines: f.lineItems
        .map((line) => {
          const returned = order.returns
            .filter((ret) => ret.status !== "DECLINED" && ret.status !== "CANCELED")
            .flatMap((ret) => ret.lineItems)
            .filter((candidate) => candidate.fulfillmentLineItemId === line.id)
            .reduce((sum, candidate) => sum + candidate.quantity, 0);
          return { line, quantity: line.quantity - returned };
        })
        .filter((entry) => entry.quantity > 0),
    }));

  // --- mutations -------------------------------------------------------------------------

  const idempotencyKey = (context: Context, info: GraphQLResolveInfo): string | null => {
    const directive = info.fieldNodes[0]?.directives?.find((d) => d.name.value === "idempotent");
    const value = directive?.arguments?.find((arg) => arg.name.value === "key")?.value;
    if (value?.kind === Kind.STRING) {
      return value.value;
    }
    if (value?.kind === Kind.VARIABLE) {
      const variable = context.variables[value.name.value];
      return typeof variable === "string" ? variable : null;
    }
    return null;
  };

  const refundCreate: Resolver = (args, context, info) => {
    const key = idempotencyKey(context, info);
    if (key === null || key === "") {
      throw new GraphQLError(
        "The @idempotent directive is required for this mutation but was not provided.",
        { extensions: { code: "BAD_REQUEST" } },
      );
    }
    const input = (args.input ?? {}) as Args;
    const fingerprint = JSON.stringify(input);
    const previous = idempotency.get(key);
    if (previous) {
      if (previous.input !== fingerprint) {
        return {
          refund: null,
          order: null,
          userErrors: [
            userError(null, "The idempotency key was already used with different parameters."),
          ],
        };
      }
      return previous.payload;
    }
    const payload = applyRefund(input);
    idempotency.set(key, { input: fingerprint, payload });
    return payload;
  };

  const applyRefund = (input: Args) => {
    const order = findOrder(input.orderId);
    if (!order) {
      return {
        refund: null,
        order: null,
        userErrors: [userError(["orderId"], "Order does not exist")],
      };
    }
    const errors: Array<ReturnType<typeof userError>> = [];
    if (order.currency !== store.shop.currency && input.currency !== order.currency) {
      errors.push(
        userError(
          ["currency"],
          `Currency must be ${order.currency}, the order's presentment currency`,
        ),
      );
    }
    const lines = (Array.isArray(input.refundLineItems) ? input.refundLineItems : []) as Args[];
    const refundLines: DemoRefund["lineItems"] = [];
    lines.forEach((line, index) => {
      const lineItemId = idOf(line.lineItemId, "LineItem");
      const quantity = typeof line.quantity === "number" ? line.quantity : 0;
      if (lineItemId === null || !order.lineItems.some((item) => item.id === lineItemId)) {
        errors.push(
          userError(["refundLineItems", String(index), "lineItemId"], "Line item does not exist"),
        );
        return;
      }
      if (quantity < 1 || quantity > refundableQuantity(order, lineItemId)) {
        errors.push(
          userError(
            ["refundLineItems", String(index), "quantity"],
            "Quantity cannot refund more items than were purchased",
          ),
        );
        return;
      }
      const restockType = line.restockType;
      refundLines.push({
        lineItemId,
        quantity,
        restockType:
          restockType === "RETURN" || restockType === "CANCEL" ? restockType : "NO_RESTOCK",
      });
    });
    const transactions = (Array.isArray(input.transactions) ? input.transactions : []) as Args[];
    const moved: DemoTransaction[] = [];
    let total = 0;
    transactions.forEach((t, index) => {
      const parentId = idOf(t.parentId, "OrderTransaction");
      const amount = cents(Number(t.amount));
      if (parentId === null || !order.transactions.some((p) => p.id === parentId)) {
        errors.push(
          userError(["transactions", String(index), "parentId"], "Parent transaction not found"),
        );
        return;
      }
      if (!(amount > 0) || amount > transactionRemainingCents(order, parentId)) {
        errors.push(
          userError(
            ["transactions", String(index), "amount"],
            "Refund amount exceeds the amount that can be refunded on this transaction",
          ),
        );
        return;
      }
      total += amount;
      moved.push({
        id: newId(),
        kind: "REFUND",
        status: "SUCCESS",
        gateway: typeof t.gateway === "string" ? t.gateway : "manual",
        amount: amount / 100,
        parentId,
        createdAt: now().toISOString(),
      });
    });
    if (total > receivedCents(order) - refundedCents(order)) {
      errors.push(userError(["transactions"], "Refund exceeds the order's refundable amount"));
    }
    if (refundLines.length === 0 && moved.length === 0) {
      errors.push(userError(null, "A refund needs line items or transactions"));
    }
    if (errors.length > 0) {
      return { refund: null, order: null, userErrors: errors };
    }
    const shippingInput = (input.shipping ?? {}) as Args;
    const shippingLeft = cents(order.shippingPrice) - refundedShippingCents(order);
    const shipping =
      shippingInput.fullRefund === true
        ? shippingLeft
        : Math.min(cents(Number(shippingInput.amount ?? 0)), shippingLeft);
    const refund: DemoRefund = {
      id: newId(),
      createdAt: now().toISOString(),
      note: typeof input.note === "string" ? input.note : null,
      lineItems: refundLines,
      shipping: shipping / 100,
      transactions: moved,
      returnId: null,
    };
    order.refunds.push(refund);
    return { refund: refundView(order, refund), order: orderView(order), userErrors: [] };
  };

  const returnCreate: Resolver = (args) => {
    const input = (args.returnInput ?? {}) as Args;
    const order = findOrder(input.orderId);
    if (!order) {
      return {
        return: null,
        userErrors: [userError(["returnInput", "orderId"], "Order does not exist", "NOT_FOUND")],
      };
    }
    const returnable = returnableLines(order).flatMap((entry) => entry.lines);
    const requested = (Array.isArray(input.returnLineItems) ? input.returnLineItems : []) as Args[];
    const errors: Array<ReturnType<typeof userError>> = [];
    const lines: DemoReturn["lineItems"] = [];
    requested.forEach((line, index) => {
      const id = idOf(line.fulfillmentLineItemId, "FulfillmentLineItem");
      const entry = returnable.find((candidate) => candidate.line.id === id);
      const quantity = typeof line.quantity === "number" ? line.quantity : 0;
      if (!entry || id === null) {
        errors.push(
          userError(
            ["returnInput", "returnLineItems", String(index), "fulfillmentLineItemId"],
            "Fulfillment line item is not returnable",
            "INVALID",
          ),
        );
        return;
      }
      if (quantity < 1 || quantity > entry.quantity) {
        errors.push(
          userError(
            ["returnInput", "returnLineItems", String(index), "quantity"],
            `Quantity must be between 1 and ${entry.quantity}`,
            "LESS_THAN_OR_EQUAL_TO",
          ),
        );
        return;
      }
      lines.push({
        id: newId(),
        fulfillmentLineItemId: id,
        quantity,
        returnReasonNote: typeof line.returnReasonNote === "string" ? line.returnReasonNote : null,
        customerNote: null,
      });
    });
    const exchanges = (
      Array.isArray(input.exchangeLineItems) ? input.exchangeLineItems : []
    ) as Args[];
    const exchangeLines: DemoReturn["exchangeLineItems"] = [];
    exchanges.forEach((line, index) => {
      const variantId = idOf(line.variantId, "ProductVariant");
      if (variantId === null || !variants.has(variantId)) {
        errors.push(
          userError(
            ["returnInput", "exchangeLineItems", String(index), "variantId"],
            "Variant does not exist",
            "NOT_FOUND",
          ),
        );
        return;
      }
      exchangeLines.push({
        id: newId(),
        variantId,
        quantity: typeof line.quantity === "number" ? line.quantity : 1,
      });
    });
    if (lines.length === 0 && errors.length === 0) {
      errors.push(userError(["returnInput", "returnLineItems"], "Add at least one item", "BLANK"));
    }
    if (errors.length > 0) {
      return { return: null, userErrors: errors };
    }
    const ret: DemoReturn = {
      id: newId(),
      name: `${order.name}-R${order.returns.length + 1}`,
      status: "OPEN",
      createdAt: now().toISOString(),
      closedAt: null,
      lineItems: lines,
      exchangeLineItems: exchangeLines,
    };
    order.returns.push(ret);
    return { return: returnView(order, ret), userErrors: [] };
  };

  const findReturn = (id: unknown): { order: DemoOrder; ret: DemoReturn } | null => {
    const key = idOf(id, "Return");
    for (const order of store.orders) {
      const ret = order.returns.find((candidate) => candidate.id === key);
      if (ret) {
        return { order, ret };
      }
    }
    return null;
  };

  /** Shopify cancels a return only before any work was done on it (nothing received or refunded). */
  const returnCancel: Resolver = (args) => {
    const found = findReturn(args.id);
    if (!found) {
      return {
        return: null,
        userErrors: [userError(["id"], "Return does not exist", "NOT_FOUND")],
      };
    }
    const { order, ret } = found;
    const refunded = order.refunds.some((refund) => refund.returnId === ret.id);
    if ((ret.status !== "OPEN" && ret.status !== "REQUESTED") || refunded) {
      return {
        return: null,
        userErrors: [
          userError(
            ["id"],
            `Return can't be canceled because it is ${refunded ? "refunded" : ret.status.toLowerCase()}.`,
            "INVALID_STATE",
          ),
        ],
      };
    }
    ret.status = "CANCELED";
    return { return: returnView(order, ret), userErrors: [] };
  };

  const draftView = (draft: { id: string; name: string; orderId: string | null }) => ({
    __typename: "DraftOrder",
    id: gid("DraftOrder", draft.id),
    name: draft.name,
    status: draft.orderId ? "COMPLETED" : "OPEN",
    order: (() => {
      const order = store.orders.find((candidate) => candidate.id === draft.orderId);
      return order ? orderView(order) : null;
    })(),
  });

  const percentOff = (discount: unknown): number => {
    const d = (discount ?? null) as Args | null;
    return d && d.valueType === "PERCENTAGE" && typeof d.value === "number"
      ? Math.min(Math.max(d.value, 0), 100)
      : 0;
  };

  const draftOrderCreate: Resolver = (args) => {
    const input = (args.input ?? {}) as Args;
    const lines = (Array.isArray(input.lineItems) ? input.lineItems : []) as Args[];
    const errors: Array<ReturnType<typeof userError>> = [];
    lines.forEach((line, index) => {
      const variantId = idOf(line.variantId, "ProductVariant");
      if (variantId === null || !variants.has(variantId)) {
        errors.push(userError(["lineItems", String(index), "variantId"], "Variant does not exist"));
      }
    });
    if (lines.length === 0) {
      errors.push(userError(["lineItems"], "Add at least one line item"));
    }
    const entity = (input.purchasingEntity ?? {}) as Args;
    const customerId = idOf(entity.customerId, "Customer");
    if (customerId !== null && !customerById(customerId)) {
      errors.push(userError(["purchasingEntity", "customerId"], "Customer does not exist"));
    }
    if (errors.length > 0) {
      return { draftOrder: null, userErrors: errors };
    }
    const id = newId();
    const draft = { id, name: `#D${drafts.size + 1}`, input, orderId: null, customerId };
    drafts.set(id, draft);
    return { draftOrder: draftView(draft), userErrors: [] };
  };

  const draftOrderComplete: Resolver = (args) => {
    const draft = drafts.get(idOf(args.id, "DraftOrder") ?? "");
    if (!draft) {
      return { draftOrder: null, userErrors: [userError(["id"], "Draft order does not exist")] };
    }
    if (draft.orderId !== null) {
      return { draftOrder: draftView(draft), userErrors: [] };
    }
    const input = draft.input;
    const orderPercent = percentOff(input.appliedDiscount);
    const lineItems: DemoOrder["lineItems"] = ((input.lineItems ?? []) as Args[]).map((line) => {
      const found = variants.get(idOf(line.variantId, "ProductVariant") ?? "");
      const price = found ? cents(found.variant.price) : 0;
      const percent = Math.max(percentOff(line.appliedDiscount), orderPercent);
      return {
        id: newId(),
        variantId: found?.variant.id ?? "0",
        quantity: typeof line.quantity === "number" ? line.quantity : 1,
        unitPrice: price / 100,
        unitDiscount: Math.round((price * percent) / 100) / 100,
      };
    });
    const address = (input.shippingAddress ?? null) as Args | null;
    const highest = Math.max(...store.orders.map((order) => Number(order.name.slice(1))));
    const shippingLine = (input.shippingLine ?? {}) as Args;
    const shippingPrice = Number(((shippingLine.priceWithCurrency ?? {}) as Args).amount ?? 0);
    const order: DemoOrder = {
      id: newId(),
      name: `#${highest + 1}`,
      customerId: draft.customerId,
      email:
        typeof input.email === "string"
          ? input.email
          : (customerById(draft.customerId)?.email ?? null),
      createdAt: now().toISOString(),
      cancelledAt: null,
      cancelReason: null,
      closedAt: null,
      currency: store.shop.currency,
      tags: Array.isArray(input.tags) ? (input.tags as string[]) : [],
      note: typeof input.note === "string" ? input.note : null,
      shippingAddress: address
        ? {
            name: `${address.firstName ?? ""} ${address.lastName ?? ""}`.trim(),
            address1: String(address.address1 ?? ""),
            address2: typeof address.address2 === "string" ? address.address2 : null,
            city: String(address.city ?? ""),
            provinceCode: typeof address.provinceCode === "string" ? address.provinceCode : null,
            zip: String(address.zip ?? ""),
            countryCode: String(address.countryCode ?? "US"),
            phone: typeof address.phone === "string" ? address.phone : null,
          }
        : null,
      shippingPrice,
      lineItems,
      transactions: [],
      fulfillments: [],
      refunds: [],
      returns: [],
    };
    const due = totalCents(order);
    order.transactions.push({
      id: newId(),
      kind: "SALE",
      status: "SUCCESS",
      gateway: "manual",
      amount: due / 100,
      parentId: null,
      createdAt: order.createdAt,
    });
    store.orders.push(order);
    draft.orderId = order.id;
    return { draftOrder: draftView(draft), userErrors: [] };
  };

  const orderUpdate: Resolver = (args) => {
    const input = (args.input ?? {}) as Args;
    const order = findOrder(input.id);
    if (!order) {
      return { order: null, userErrors: [userError(["id"], "Order does not exist")] };
    }
    const address = (input.shippingAddress ?? null) as Args | null;
    if (address) {
      const current = order.shippingAddress;
      const pick = (key: string, fallback: string | null): string | null =>
        typeof address[key] === "string" ? (address[key] as string) : fallback;
      const name =
        typeof address.firstName === "string" || typeof address.lastName === "string"
          ? `${pick("firstName", "") ?? ""} ${pick("lastName", "") ?? ""}`.trim()
          : (current?.name ?? "");
      const address1 = pick("address1", current?.address1 ?? null);
      const city = pick("city", current?.city ?? null);
      const zip = pick("zip", current?.zip ?? null);
      const countryCode = pick("countryCode", current?.countryCode ?? null);
      if (!address1 || !city || !zip || !countryCode) {
        return {
          order: null,
          userErrors: [
            userError(["shippingAddress"], "Address needs address1, city, zip and country"),
          ],
        };
      }
      order.shippingAddress = {
        name,
        address1,
        address2: pick("address2", current?.address2 ?? null),
        city,
        provinceCode: pick("provinceCode", current?.provinceCode ?? null),
        zip,
        countryCode,
        phone: pick("phone", current?.phone ?? null),
      };
    }
    if (typeof input.note === "string") {
      order.note = input.note;
    }
    if (Array.isArray(input.tags)) {
      order.tags = input.tags as string[];
    }
    return { order: orderView(order), userErrors: [] };
  };

  const cancelNow = (order: DemoOrder, reason: string, refund: boolean, note: string | null) => {
    order.cancelledAt = now().toISOString();
    order.cancelReason = reason as DemoOrder["cancelReason"];
    const remaining = receivedCents(order) - refundedCents(order);
    const lines = order.lineItems
      .map((item) => ({
        lineItemId: item.id,
        quantity: refundableQuantity(order, item.id),
        restockType: "CANCEL" as const,
      }))
      .filter((line) => line.quantity > 0);
    if (!refund || (remaining <= 0 && lines.length === 0)) {
      return;
    }
    const transactions = refundableTransactions(order).map((parent) => ({
      id: newId(),
      kind: "REFUND" as const,
      status: "SUCCESS" as const,
      gateway: parent.gateway,
      amount: transactionRemainingCents(order, parent.id) / 100,
      parentId: parent.id,
      createdAt: now().toISOString(),
    }));
    order.refunds.push({
      id: newId(),
      createdAt: now().toISOString(),
      note: note ?? "Order cancelled",
      lineItems: lines,
      shipping: (cents(order.shippingPrice) - refundedShippingCents(order)) / 100,
      transactions,
      returnId: null,
    });
  };

  const orderCancel: Resolver = (args) => {
    const order = findOrder(args.orderId);
    const fail = (field: string[], message: string, code: string) => ({
      job: null,
      jobResult: null,
      orderCancelUserErrors: [userError(field, message, code)],
      userErrors: [userError(field, message)],
    });
    if (!order) {
      return fail(["orderId"], "Order does not exist", "NOT_FOUND");
    }
    if (order.cancelledAt !== null) {
      return fail(["orderId"], "Order has already been cancelled", "INVALID");
    }
    if (activeFulfillments(order).length > 0) {
      return fail(["orderId"], "Cannot cancel an order with fulfillments", "INVALID");
    }
    if (order.returns.some((ret) => ret.status === "OPEN" || ret.status === "REQUESTED")) {
      return fail(["orderId"], "Cannot cancel an order with active returns", "INVALID");
    }
    const method = (args.refundMethod ?? null) as Args | null;
    const refund = method?.originalPaymentMethodsRefund === true || args.refund === true;
    const id = crypto.randomUUID();
    const reason = typeof args.reason === "string" ? args.reason : "OTHER";
    const note = typeof args.staffNote === "string" ? args.staffNote : null;
    jobs.set(id, { polls: 0, done: false, finish: () => cancelNow(order, reason, refund, note) });
    return {
      job: { __typename: "Job", id: gid("Job", id), done: false },
      jobResult: null,
      orderCancelUserErrors: [],
      userErrors: [],
    };
  };

  /** A job finishes on its first poll, so callers must follow it as they would on Shopify. */
  const job: Resolver = (args) => {
    const id = idOf(args.id, "Job");
    const entry = id === null ? undefined : jobs.get(id);
    if (!entry || id === null) {
      return null;
    }
    entry.polls += 1;
    if (!entry.done) {
      entry.done = true;
      entry.finish();
    }
    return { __typename: "Job", id: gid("Job", id), done: entry.done };
  };

  const rootValue: Record<string, Resolver> = {
    shop: () => ({
      __typename: "Shop",
      id: gid("Shop", "1"),
      name: store.shop.name,
      myshopifyDomain: store.shop.domain,
      currencyCode: store.shop.currency,
    }),
    customerByIdentifier: (args) => {
      const identifier = (args.identifier ?? {}) as Args;
      const customer =
        typeof identifier.emailAddress === "string"
          ? store.customers.find(
              (c) => c.email.toLowerCase() === String(identifier.emailAddress).toLowerCase(),
            )
          : typeof identifier.id === "string"
            ? customerById(idOf(identifier.id, "Customer"))
            : undefined;
      return customer ? customerView(customer) : null;
    },
    customer: (args) => {
      const customer = customerById(idOf(args.id, "Customer"));
      return customer ? customerView(customer) : null;
    },
    order: (args) => {
      const order = findOrder(args.id);
      return order ? orderView(order) : null;
    },
    orders: (args) => searchOrders(store.orders, args),
    return: (args) => {
      const found = findReturn(args.id);
      return found ? returnView(found.order, found.ret) : null;
    },
    returnableFulfillments: (args) => {
      const order = findOrder(args.orderId);
      if (!order) {
        throw new GraphQLError("Order does not exist", { extensions: { code: "NOT_FOUND" } });
      }
      return connection(
        returnableLines(order).filter((entry) => entry.lines.length > 0),
        args,
        (entry) => ({
          __typename: "ReturnableFulfillment",
          id: gid("ReturnableFulfillment", entry.fulfillment.id),
          fulfillment: fulfillmentView(order, entry.fulfillment),
          returnableFulfillmentLineItems: (inner: Args) =>
            connection(entry.lines, inner, (line) => ({
              quantity: line.quantity,
              fulfillmentLineItem: fulfillmentLineItemView(order, line.line),
            })),
        }),
      );
    },
    job,
    refundCreate,
    returnCreate,
    returnCancel,
    draftOrderCreate,
    draftOrderComplete,
    orderUpdate,
    orderCancel,
  };

  const refill = () => {
    const at = now().getTime();
    available = Math.min(
      bucket.maximumAvailable,
      available + ((at - lastRefill) / 1000) * bucket.restoreRate,
    );
    lastRefill = at;
  };

  const throttleStatus = () => ({
    maximumAvailable: bucket.maximumAvailable,
    currentlyAvailable: Math.floor(available),
    restoreRate: bucket.restoreRate,
  });

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", ...headers },
    });

  const parsed = (source: string): DocumentNode | readonly GraphQLError[] => {
    let entry = documents.get(source);
    if (entry === undefined) {
      try {
        const document = parse(source);
        const errors = validate(schema, document);
        entry = errors.length > 0 ? errors : document;
      } catch (error) {
        entry = [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
      }
      documents.set(source, entry);
    }
    return entry;
  };

  return {
    async handle(request: Request): Promise<Response> {
      const url = new URL(request.url);
      if (!url.pathname.endsWith(GRAPHQL_PATH)) {
        return json(404, { errors: "Not Found" });
      }
      if (request.method !== "POST") {
        return json(405, { errors: "Method Not Allowed" }, { allow: "POST" });
      }
      if (request.headers.get("x-shopify-access-token") !== options.accessToken) {
        return json(401, {
          errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
        });
      }
      calls += 1;
      let body: { query?: unknown; variables?: unknown; operationName?: unknown };
      try {
        body = (await request.json()) as typeof body;
      } catch {
        return json(400, { errors: { query: "Required parameter missing or invalid" } });
      }
      if (typeof body.query !== "string") {
        return json(400, { errors: { query: "Required parameter missing or invalid" } });
      }
      const variables =
        typeof body.variables === "object" && body.variables !== null
          ? (body.variables as Record<string, unknown>)
          : {};
      const document = parsed(body.query);
      if (!("kind" in document)) {
        return json(200, { errors: document.map((error) => ({ message: error.message })) });
      }
      const operation = document.definitions.find(
        (definition): definition is OperationDefinitionNode =>
          definition.kind === Kind.OPERATION_DEFINITION,
      );
      if (!operation) {
        return json(200, { errors: [{ message: "No operation in document" }] });
      }
      const requested = requestedCost(schema, document, operation, variables);
      refill();
      if (requested > available) {
        return json(200, {
          errors: [
            {
              message: "Throttled",
              extensions: {
                code: "THROTTLED",
                documentation: "https://shopify.dev/api/usage/rate-limits",
              },
            },
          ],
          extensions: {
            cost: {
              requestedQueryCost: requested,
              actualQueryCost: null,
              throttleStatus: throttleStatus(),
            },
          },
        });
      }
      available -= requested;
      const result = (await execute({
        schema,
        document,
        rootValue,
        contextValue: { variables } satisfies Context,
        variableValues: variables,
      })) as ExecutionResult;
      const actual = actualCost(result.data ?? null, operation.operation === "mutation");
      available = Math.min(bucket.maximumAvailable, available + Math.max(0, requested - actual));
      const extensions = {
        cost: {
          requestedQueryCost: requested,
          actualQueryCost: actual,
          throttleStatus: throttleStatus(),
        },
      };
      const errors = result.errors?.map((error) => ({
        message: error.message,
        locations: error.locations,
        path: error.path,
        extensions: error.extensions,
      }));
      return json(
        200,
        errors
          ? { data: result.data ?? null, errors, extensions }
          : { data: result.data, extensions },
      );
    },
    snapshot(): DemoStore {
      return structuredClone(store);
    },
    callCount(): number {
      return calls;
    },
  };
}
