import type { NewAddress } from "@countersign/policy";
import {
  AppError,
  ConflictError,
  NotFoundError,
  UpstreamError,
  ValidationError,
} from "@countersign/shared";
import {
  type AdminClient,
  type AdminClientConfig,
  type CallRecord,
  createAdminClient,
  type GraphqlResult,
} from "./admin-client";
import {
  DRAFT_ORDER_COMPLETE_MUTATION,
  DRAFT_ORDER_CREATE_MUTATION,
  JOB_QUERY,
  ORDER_CANCEL_MUTATION,
  ORDER_QUERY,
  ORDER_UPDATE_MUTATION,
  REFUND_CREATE_MUTATION,
  RETURN_CANCEL_MUTATION,
  RETURN_CREATE_MUTATION,
  RETURN_STATUS_QUERY,
  RETURNABLE_QUERY,
  SUGGESTED_REFUND_QUERY,
  TICKET_CONTEXT_QUERY,
} from "./documents";
import { ShopifyUserError } from "./errors";
import {
  fulfillmentRecords,
  type GqlCustomer,
  type GqlMoneyBag,
  type GqlOrder,
  mapCustomer,
  mapCustomerView,
  mapOrder,
  mapOrderSummaries,
  mapOrderView,
  presentment,
} from "./mapping";
import type { AddressView, ApiUsage, OrderChoice, OrderContext, TicketContext } from "./model";
import { findOrderNumbers } from "./order-number";
import { createShopifyFulfillmentTracking, type TrackingProvider } from "./tracking";

/** What the ticket gives us to find the customer and the order with. */
export interface TicketLookup {
  /** The requester's email address, if the helpdesk knows it. */
  email: string | null;
  /** The ticket's subject and customer messages; order numbers are read from it. */
  text: string;
  /** The time the ticket is judged at (return history counts the 365 days before it). */
  now?: Date;
}

export interface LineItemQuantity {
  lineItemId: string;
  quantity: number;
}

/** Shopify's own computation of a refund; executing it moves exactly this, never more. */
export interface RefundPreview {
  orderId: string;
  currency: string;
  amount: number;
  subtotal: number;
  shipping: number;
  maximumRefundable: number;
  lineItems: Array<LineItemQuantity & { restockType: string; locationId: string | null }>;
  transactions: Array<{
    parentId: string;
    gateway: string;
    amount: number;
    maximumRefundable: number;
  }>;
}

export interface RefundResult {
  refundId: string;
  orderId: string;
  amount: number;
  currency: string;
  financialStatus: string | null;
}

export interface ReturnResult {
  returnId: string;
  name: string;
  status: string;
}

export interface ReturnCancelResult {
  returnId: string;
  name: string;
  status: string;
  /** Shopify already showed it cancelled (by hand in the admin, or by an earlier call). */
  alreadyCanceled: boolean;
}

export interface ReplacementResult {
  orderId: string;
  name: string;
  draftOrderId: string;
}

export interface CancelResult {
  orderId: string;
  jobId: string;
  cancelledAt: string;
}

/** One shop's store data and actions, whatever platform serves them. */
export interface CommerceClient {
  /** The requester's customer record and the order the ticket is about, with the reason. */
  getTicketContext(lookup: TicketLookup): Promise<TicketContext>;
  /** One order, fresh: the re-read before any action. */
  getOrder(orderId: string): Promise<OrderContext>;
  /** What refunding these items would move, as the shop computes it. */
  previewRefund(input: {
    orderId: string;
    lineItems: LineItemQuantity[];
    refundShipping?: boolean;
  }): Promise<RefundPreview>;
  /** Executes a preview exactly once per idempotency key (persist the key before calling). */
  refund(input: {
    preview: RefundPreview;
    idempotencyKey: string;
    note?: string;
    notifyCustomer?: boolean;
  }): Promise<RefundResult>;
  /** Opens an approved return for fulfilled items; exchange items make it an exchange. */
  createReturn(input: {
    orderId: string;
    lineItems: Array<LineItemQuantity & { reasonNote?: string }>;
    exchange?: Array<{ variantId: string; quantity: number }>;
  }): Promise<ReturnResult>;
  /**
   * Cancels a return nothing was done on yet (no items received, nothing refunded); its items
   * can be returned again. A lost or throttled answer is settled by reading the return back, and
   * the mutation is sent once more only when that read shows the return still open.
   */
  cancelReturn(input: { returnId: string }): Promise<ReturnCancelResult>;
  /** Ships the items again at no charge: a $0 order, tagged and noted. */
  createReplacement(input: {
    orderId: string;
    lineItems: LineItemQuantity[];
    note: string;
    tags?: string[];
  }): Promise<ReplacementResult>;
  /** Changes the shipping address; refused once anything is fulfilled. */
  updateShippingAddress(input: { orderId: string; address: NewAddress }): Promise<AddressView>;
  /** Cancels an unfulfilled order, refunding to the original payment method. */
  cancelOrder(input: {
    orderId: string;
    reason: "CUSTOMER" | "DECLINED" | "FRAUD" | "INVENTORY" | "OTHER" | "STAFF";
    restock: boolean;
    notifyCustomer?: boolean;
    staffNote?: string;
  }): Promise<CancelResult>;
}

export interface ShopifyCommerceConfig extends AdminClientConfig {
  /** Where shipment status comes from (default: Shopify's fulfillment tracking). */
  tracking?: TrackingProvider;
  /** How many times to poll an asynchronous job (order cancellation) before giving up. */
  maxJobPolls?: number;
  /** Wait between job polls (default 1000 ms). */
  jobPollIntervalMs?: number;
}

interface TicketContextData {
  customerByIdentifier?: GqlCustomer | null;
  namedOrders?: { nodes: GqlOrder[] };
}

interface UserErrorShape {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

function firstUserError(
  mutation: string,
  errors: UserErrorShape[] | null | undefined,
  context: Record<string, unknown> = {},
): void {
  const first = errors?.[0];
  if (first !== undefined) {
    throw new ShopifyUserError(mutation, first, context);
  }
}

function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/** The CommerceClient over Shopify's Admin GraphQL API 2026-10 (or the demo store). */
export function createShopifyCommerce(config: ShopifyCommerceConfig): CommerceClient {
  const tracking = config.tracking ?? createShopifyFulfillmentTracking();
  const sleep = config.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const maxJobPolls = config.maxJobPolls ?? 10;
  const jobPollIntervalMs = config.jobPollIntervalMs ?? 1000;
  const client: AdminClient = createAdminClient(config);

  const readOrder = async (
    orderId: string,
    onCall?: (record: CallRecord) => void,
  ): Promise<GqlOrder> => {
    const { data } = await client.request<{ order: GqlOrder | null }>(
      "OrderDetail",
      ORDER_QUERY,
      { id: orderId },
      onCall ? { onCall } : {},
    );
    if (data.order === null) {
      throw new NotFoundError(`Order ${orderId} was not found in the shop`);
    }
    return data.order;
  };

  const toContext = async (order: GqlOrder): Promise<OrderContext> => {
    const shipments = await tracking.track(fulfillmentRecords(order));
    return { order: mapOrder(order, shipments), view: mapOrderView(order, shipments) };
  };

  return {
    async getTicketContext(lookup) {
      const now = lookup.now ?? new Date();
      const usage: ApiUsage = { calls: 0, requestedCost: 0, actualCost: 0, warnings: [] };
      const onCall = (record: CallRecord) => {
        usage.calls += record.attempts;
        usage.requestedCost += record.cost?.requestedQueryCost ?? 0;
        usage.actualCost += record.cost?.actualQueryCost ?? 0;
      };
      const email = lookup.email?.trim() ?? "";
      const named = findOrderNumbers(lookup.text);
      const namedOrder = named[0] ?? null;
      if (email === "" && namedOrder === null) {
        return {
          customer: null,
          order: null,
          orderChoice: {
            orderId: null,
            reason: "The ticket has no requester email and names no order number.",
            matchesRequester: false,
          },
          display: { customer: null, order: null, recentOrders: [] },
          usage,
        };
      }
      const first: GraphqlResult<TicketContextData> = await client.request<TicketContextData>(
        "TicketContext",
        TICKET_CONTEXT_QUERY,
        {
          email,
          withCustomer: email !== "",
          orderQuery: namedOrder === null ? "" : `name:"${namedOrder}"`,
          withNamedOrder: namedOrder !== null,
        },
        { allowPartial: true, onCall },
      );
      usage.warnings.push(...first.partialErrors);
      const customer = first.data.customerByIdentifier ?? null;
      const found = first.data.namedOrders?.nodes.find((order) => order.name === namedOrder);
      const recent = customer?.orders.nodes ?? [];

      let choice: OrderChoice;
      let detail: GqlOrder | null = null;
      if (found !== undefined) {
        const owner = found.customer?.id ?? null;
        const ownerEmail = found.customer?.defaultEmailAddress?.emailAddress ?? found.email;
        const matches =
          (customer !== null && owner === customer.id) ||
          (email !== "" && ownerEmail?.toLowerCase() === email.toLowerCase());
        detail = found;
        choice = {
          orderId: found.id,
          reason: matches
            ? `Order ${found.name} is named in the ticket.`
            : email === ""
              ? `Order ${found.name} is named in the ticket; with no requester email, whose it is was not checked.`
              : `Order ${found.name} is named in the ticket but belongs to another customer; check before acting.`,
          matchesRequester: matches,
        };
      } else {
        const missing =
          namedOrder === null ? "" : `Order ${namedOrder} named in the ticket was not found. `;
        const open = recent.find((order) => order.cancelledAt === null);
        const pick = open ?? recent[0];
        if (pick === undefined) {
          choice = {
            orderId: null,
            reason:
              customer === null
                ? `${missing}No customer matches the requester's email.`
                : `${missing}The customer has no orders.`,
            matchesRequester: false,
          };
        } else {
          detail = await readOrder(pick.id, onCall);
          choice = {
            orderId: pick.id,
            reason:
              `${missing}${pick.name} is the requester's most recent ` +
              (open ? "order that is not cancelled." : "order (all are cancelled)."),
            matchesRequester: true,
          };
        }
      }
      const context = detail === null ? null : await toContext(detail);
      return {
        customer: customer === null ? null : mapCustomer(customer, now),
        order: context?.order ?? null,
        orderChoice: choice,
        display: {
          customer: customer === null ? null : mapCustomerView(customer, now),
          order: context?.view ?? null,
          recentOrders: customer === null ? [] : mapOrderSummaries(customer),
        },
        usage,
      };
    },

    async getOrder(orderId) {
      return toContext(await readOrder(orderId));
    },

    async previewRefund(input) {
      if (input.lineItems.length === 0 && input.refundShipping !== true) {
        throw new ValidationError("A refund needs at least one item or the shipping", [
          { path: "lineItems", message: "empty" },
        ]);
      }
      interface SuggestedData {
        order: {
          id: string;
          presentmentCurrencyCode: string;
          suggestedRefund: {
            amountSet: GqlMoneyBag;
            subtotalSet: GqlMoneyBag;
            maximumRefundableSet: GqlMoneyBag;
            shipping: { amountSet: GqlMoneyBag };
            refundLineItems: Array<{
              lineItem: { id: string };
              quantity: number;
              restockType: string;
              location: { id: string } | null;
            }>;
            suggestedTransactions: Array<{
              gateway: string;
              amountSet: GqlMoneyBag;
              maximumRefundableSet: GqlMoneyBag | null;
              parentTransaction: { id: string } | null;
            }>;
          } | null;
        } | null;
      }
      const { data } = await client.request<SuggestedData>(
        "SuggestedRefund",
        SUGGESTED_REFUND_QUERY,
        {
          id: input.orderId,
          refundLineItems: input.lineItems.map((line) => ({
            lineItemId: line.lineItemId,
            quantity: line.quantity,
          })),
          refundShipping: input.refundShipping ?? false,
        },
      );
      const suggestion = data.order?.suggestedRefund;
      if (!data.order || !suggestion) {
        throw new NotFoundError(`Order ${input.orderId} was not found in the shop`);
      }
      return {
        orderId: data.order.id,
        currency: data.order.presentmentCurrencyCode,
        amount: presentment(suggestion.amountSet),
        subtotal: presentment(suggestion.subtotalSet),
        shipping: presentment(suggestion.shipping.amountSet),
        maximumRefundable: presentment(suggestion.maximumRefundableSet),
        lineItems: suggestion.refundLineItems.map((line) => ({
          lineItemId: line.lineItem.id,
          quantity: line.quantity,
          restockType: line.restockType,
          locationId: line.location?.id ?? null,
        })),
        transactions: suggestion.suggestedTransactions.flatMap((t) =>
          t.parentTransaction === null
            ? []
            : [
                {
                  parentId: t.parentTransaction.id,
                  gateway: t.gateway,
                  amount: presentment(t.amountSet),
                  maximumRefundable: t.maximumRefundableSet
                    ? presentment(t.maximumRefundableSet)
                    : presentment(t.amountSet),
                },
              ],
        ),
      };
    },

    async refund(input) {
      const { preview } = input;
      if (input.idempotencyKey.trim() === "") {
        throw new ValidationError("A refund needs an idempotency key", [
          { path: "idempotencyKey", message: "empty" },
        ]);
      }
      const moved = preview.transactions.reduce((sum, t) => sum + toCents(t.amount), 0);
      const overdrawn = preview.transactions.some(
        (t) => toCents(t.amount) > toCents(t.maximumRefundable) || t.amount < 0,
      );
      if (
        overdrawn ||
        moved > toCents(preview.amount) ||
        moved > toCents(preview.maximumRefundable)
      ) {
        throw new ConflictError("The refund moves more than Shopify suggested; preview it again", {
          context: { orderId: preview.orderId },
        });
      }
      interface RefundData {
        refundCreate: {
          refund: { id: string; totalRefundedSet: GqlMoneyBag } | null;
          order: { id: string; displayFinancialStatus: string | null } | null;
          userErrors: UserErrorShape[];
        } | null;
      }
      const { data } = await client.request<RefundData>(
        "RefundCreate",
        REFUND_CREATE_MUTATION,
        {
          key: input.idempotencyKey,
          input: {
            orderId: preview.orderId,
            currency: preview.currency,
            note: input.note ?? null,
            notify: input.notifyCustomer ?? false,
            refundLineItems: preview.lineItems.map((line) => ({
              lineItemId: line.lineItemId,
              quantity: line.quantity,
              restockType: line.restockType,
              ...(line.locationId ? { locationId: line.locationId } : {}),
            })),
            ...(preview.shipping > 0 ? { shipping: { amount: preview.shipping.toFixed(2) } } : {}),
            transactions: preview.transactions
              .filter((t) => t.amount > 0)
              .map((t) => ({
                orderId: preview.orderId,
                parentId: t.parentId,
                gateway: t.gateway,
                kind: "REFUND",
                amount: t.amount.toFixed(2),
              })),
          },
        },
        { mutation: true, idempotent: true },
      );
      const payload = data.refundCreate;
      firstUserError("refundCreate", payload?.userErrors, { orderId: preview.orderId });
      if (!payload?.refund) {
        throw new UpstreamError("shopify", 200, "refundCreate returned no refund");
      }
      return {
        refundId: payload.refund.id,
        orderId: preview.orderId,
        amount: presentment(payload.refund.totalRefundedSet),
        currency: preview.currency,
        financialStatus: payload.order?.displayFinancialStatus ?? null,
      };
    },

    async createReturn(input) {
      interface ReturnableData {
        returnableFulfillments: {
          nodes: Array<{
            returnableFulfillmentLineItems: {
              nodes: Array<{
                quantity: number;
                fulfillmentLineItem: { id: string; lineItem: { id: string } };
              }>;
            };
          }>;
        };
      }
      const { data } = await client.request<ReturnableData>("Returnable", RETURNABLE_QUERY, {
        orderId: input.orderId,
      });
      const available = data.returnableFulfillments.nodes.flatMap(
        (node) => node.returnableFulfillmentLineItems.nodes,
      );
      const returnLineItems = input.lineItems.flatMap((line) => {
        let wanted = line.quantity;
        const picked: Array<{
          fulfillmentLineItemId: string;
          quantity: number;
          returnReasonNote?: string;
        }> = [];
        for (const candidate of available) {
          if (wanted <= 0) {
            break;
          }
          if (candidate.fulfillmentLineItem.lineItem.id !== line.lineItemId) {
            continue;
          }
          const take = Math.min(wanted, candidate.quantity);
          wanted -= take;
          picked.push({
            fulfillmentLineItemId: candidate.fulfillmentLineItem.id,
            quantity: take,
            ...(line.reasonNote ? { returnReasonNote: line.reasonNote } : {}),
          });
        }
        if (wanted > 0) {
          throw new ConflictError(
            `Only ${line.quantity - wanted} of ${line.quantity} of ${line.lineItemId} can be returned (not fulfilled or already returned)`,
            { context: { orderId: input.orderId, lineItemId: line.lineItemId } },
          );
        }
        return picked;
      });
      interface ReturnData {
        returnCreate: {
          return: { id: string; name: string; status: string } | null;
          userErrors: UserErrorShape[];
        } | null;
      }
      const result = await client.request<ReturnData>(
        "ReturnCreate",
        RETURN_CREATE_MUTATION,
        {
          input: {
            orderId: input.orderId,
            returnLineItems,
            ...(input.exchange && input.exchange.length > 0
              ? {
                  exchangeLineItems: input.exchange.map((e) => ({
                    variantId: e.variantId,
                    quantity: e.quantity,
                  })),
                }
              : {}),
          },
        },
        { mutation: true },
      );
      const payload = result.data.returnCreate;
      firstUserError("returnCreate", payload?.userErrors, { orderId: input.orderId });
      if (!payload?.return) {
        throw new UpstreamError("shopify", 200, "returnCreate returned no return");
      }
      return {
        returnId: payload.return.id,
        name: payload.return.name,
        status: payload.return.status,
      };
    },

    async cancelReturn(input) {
      interface ReturnNode {
        id: string;
        name: string;
        status: string;
      }
      interface CancelData {
        returnCancel: { return: ReturnNode | null; userErrors: UserErrorShape[] } | null;
      }
      const readBack = async (): Promise<ReturnNode> => {
        const { data } = await client.request<{ return: ReturnNode | null }>(
          "ReturnStatus",
          RETURN_STATUS_QUERY,
          { id: input.returnId },
        );
        if (data.return === null) {
          throw new NotFoundError(`Return ${input.returnId} was not found in the shop`);
        }
        return data.return;
      };
      const result = (node: ReturnNode, alreadyCanceled: boolean): ReturnCancelResult => ({
        returnId: node.id,
        name: node.name,
        status: node.status,
        alreadyCanceled,
      });
      // returnCancel takes no idempotency key, so the client never resends it by itself.
      for (let attempt = 0; ; attempt += 1) {
        let payload: CancelData["returnCancel"];
        try {
          const { data } = await client.request<CancelData>(
            "ReturnCancel",
            RETURN_CANCEL_MUTATION,
            { id: input.returnId },
            { mutation: true },
          );
          payload = data.returnCancel;
        } catch (error) {
          if (!(error instanceof AppError) || !error.retryable) {
            throw error;
          }
          // The answer was lost, or the call was throttled: only the return itself can say.
          const now = await readBack();
          if (now.status === "CANCELED") {
            return result(now, false);
          }
          if (attempt >= 1) {
            throw error;
          }
          continue;
        }
        const refused = payload?.userErrors?.[0];
        if (refused !== undefined) {
          const now = await readBack().catch(() => null);
          if (now?.status === "CANCELED") {
            return result(now, true);
          }
          throw new ShopifyUserError("returnCancel", refused, {
            returnId: input.returnId,
            status: now?.status ?? null,
          });
        }
        if (!payload?.return) {
          throw new UpstreamError("shopify", 200, "returnCancel returned no return");
        }
        return result(payload.return, false);
      }
    },

    async createReplacement(input) {
      const order = await readOrder(input.orderId);
      const lineItems = input.lineItems.map((line, index) => {
        const item = order.lineItems.nodes.find((candidate) => candidate.id === line.lineItemId);
        if (!item?.variant) {
          throw new ValidationError(
            `${line.lineItemId} is not a replaceable item of ${order.name}`,
            [
              {
                path: `lineItems.${index}.lineItemId`,
                message: "not on the order, or has no variant",
              },
            ],
          );
        }
        if (line.quantity < 1 || line.quantity > item.quantity) {
          throw new ValidationError(`Quantity must be 1 to ${item.quantity}`, [
            { path: `lineItems.${index}.quantity`, message: `must be 1 to ${item.quantity}` },
          ]);
        }
        return {
          variantId: item.variant.id,
          quantity: line.quantity,
          appliedDiscount: { valueType: "PERCENTAGE", value: 100, title: "Replacement" },
        };
      });
      const address = order.shippingAddress;
      const [firstName, ...rest] = (address?.name ?? "").split(" ");
      interface DraftData {
        draftOrderCreate: {
          draftOrder: { id: string } | null;
          userErrors: UserErrorShape[];
        } | null;
      }
      const draft = await client.request<DraftData>(
        "ReplacementDraft",
        DRAFT_ORDER_CREATE_MUTATION,
        {
          input: {
            lineItems,
            ...(order.customer ? { purchasingEntity: { customerId: order.customer.id } } : {}),
            ...(order.email ? { email: order.email } : {}),
            ...(address
              ? {
                  shippingAddress: {
                    firstName: firstName ?? "",
                    lastName: rest.join(" "),
                    address1: address.address1,
                    address2: address.address2,
                    city: address.city,
                    provinceCode: address.provinceCode,
                    zip: address.zip,
                    countryCode: address.countryCodeV2,
                    phone: address.phone,
                  },
                }
              : {}),
            shippingLine: {
              title: "Replacement shipping",
              priceWithCurrency: { amount: "0.00", currencyCode: order.currencyCode },
            },
            tags: [...new Set(["replacement", ...(input.tags ?? [])])],
            note: `Replacement for ${order.name}. ${input.note}`.trim(),
          },
        },
        { mutation: true },
      );
      firstUserError("draftOrderCreate", draft.data.draftOrderCreate?.userErrors, {
        orderId: input.orderId,
      });
      const draftId = draft.data.draftOrderCreate?.draftOrder?.id;
      if (!draftId) {
        throw new UpstreamError("shopify", 200, "draftOrderCreate returned no draft order");
      }
      interface CompleteData {
        draftOrderComplete: {
          draftOrder: { id: string; order: { id: string; name: string } | null } | null;
          userErrors: UserErrorShape[];
        } | null;
      }
      const completed = await client.request<CompleteData>(
        "ReplacementComplete",
        DRAFT_ORDER_COMPLETE_MUTATION,
        { id: draftId },
        { mutation: true },
      );
      firstUserError("draftOrderComplete", completed.data.draftOrderComplete?.userErrors, {
        orderId: input.orderId,
        draftOrderId: draftId,
      });
      const created = completed.data.draftOrderComplete?.draftOrder?.order;
      if (!created) {
        throw new UpstreamError("shopify", 200, "draftOrderComplete returned no order", {
          context: { draftOrderId: draftId },
        });
      }
      return { orderId: created.id, name: created.name, draftOrderId: draftId };
    },

    async updateShippingAddress(input) {
      const order = await readOrder(input.orderId);
      const fulfilled = order.fulfillments.some((f) => f.status === "SUCCESS");
      if (fulfilled || order.displayFulfillmentStatus !== "UNFULFILLED") {
        throw new ConflictError(
          `${order.name} is already ${order.displayFulfillmentStatus.toLowerCase().replace(/_/g, " ")}; its address can no longer be changed here`,
          { context: { orderId: input.orderId } },
        );
      }
      if (order.cancelledAt !== null) {
        throw new ConflictError(`${order.name} is cancelled`, {
          context: { orderId: input.orderId },
        });
      }
      const { address } = input;
      const [firstName, ...rest] = (address.name ?? order.shippingAddress?.name ?? "").split(" ");
      interface UpdateData {
        orderUpdate: {
          order: {
            id: string;
            shippingAddress: (GqlOrder["shippingAddress"] & object) | null;
          } | null;
          userErrors: UserErrorShape[];
        } | null;
      }
      const { data } = await client.request<UpdateData>(
        "OrderAddress",
        ORDER_UPDATE_MUTATION,
        {
          input: {
            id: input.orderId,
            shippingAddress: {
              firstName: firstName ?? "",
              lastName: rest.join(" "),
              address1: address.address1,
              address2: address.address2 ?? null,
              city: address.city,
              provinceCode: address.province ?? null,
              zip: address.zip,
              countryCode: address.countryCode,
              phone: address.phone ?? order.shippingAddress?.phone ?? null,
            },
          },
        },
        { mutation: true },
      );
      firstUserError("orderUpdate", data.orderUpdate?.userErrors, { orderId: input.orderId });
      const updated = data.orderUpdate?.order?.shippingAddress;
      if (!updated) {
        throw new UpstreamError("shopify", 200, "orderUpdate returned no address");
      }
      return {
        name: updated.name,
        address1: updated.address1,
        address2: updated.address2,
        city: updated.city,
        province: updated.provinceCode,
        zip: updated.zip,
        countryCode: updated.countryCodeV2,
        phone: updated.phone,
      };
    },

    async cancelOrder(input) {
      interface CancelData {
        orderCancel: {
          job: { id: string; done: boolean } | null;
          orderCancelUserErrors: UserErrorShape[];
        } | null;
      }
      const { data } = await client.request<CancelData>(
        "OrderCancel",
        ORDER_CANCEL_MUTATION,
        {
          orderId: input.orderId,
          reason: input.reason,
          restock: input.restock,
          notifyCustomer: input.notifyCustomer ?? false,
          staffNote: input.staffNote ?? null,
        },
        { mutation: true },
      );
      firstUserError("orderCancel", data.orderCancel?.orderCancelUserErrors, {
        orderId: input.orderId,
      });
      const job = data.orderCancel?.job;
      if (!job) {
        throw new UpstreamError("shopify", 200, "orderCancel returned no job");
      }
      let done = job.done;
      for (let poll = 0; !done && poll < maxJobPolls; poll += 1) {
        if (poll > 0) {
          await sleep(jobPollIntervalMs);
        }
        const result = await client.request<{ job: { id: string; done: boolean } | null }>(
          "Job",
          JOB_QUERY,
          { id: job.id },
        );
        done = result.data.job?.done ?? false;
      }
      // The job says it finished; the order is what counts, so read it back.
      const order = await readOrder(input.orderId);
      if (!done || order.cancelledAt === null) {
        throw new UpstreamError("shopify", null, "The cancellation has not finished yet", {
          retryable: true,
          context: { orderId: input.orderId, jobId: job.id },
        });
      }
      return { orderId: order.id, jobId: job.id, cancelledAt: order.cancelledAt };
    },
  };
}
