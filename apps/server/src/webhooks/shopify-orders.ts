import { findTicketsBriefedOnOrder } from "@countersign/db";
import type { Deps } from "../deps";
import { queueBriefPreparation } from "./zendesk-events";

/** Store events after which a brief prepared from the order no longer tells the truth. */
const orderTopics = new Set([
  "orders/updated",
  "orders/cancelled",
  "orders/fulfilled",
  "orders/partially_fulfilled",
  "refunds/create",
  "fulfillments/update",
  "returns/request",
]);

export function isOrderTopic(topic: string): boolean {
  return orderTopics.has(topic);
}

/** The order's Admin API id, from the webhook body of any topic above. */
function orderIdOf(body: unknown): string | null {
  const record = (body ?? {}) as Record<string, unknown>;
  if (
    typeof record.admin_graphql_api_id === "string" &&
    record.admin_graphql_api_id.includes("/Order/")
  ) {
    return record.admin_graphql_api_id;
  }
  const numeric = record.order_id ?? (record.order as Record<string, unknown> | undefined)?.id;
  return typeof numeric === "number" || typeof numeric === "string"
    ? `gid://shopify/Order/${numeric}`
    : null;
}

/**
 * Queues the briefs prepared from this order to be prepared again, so the sidebar does not show
 * a refund, status or tracking the store has moved past. Returns how many were queued.
 */
export async function refreshBriefsForOrder(
  deps: Deps,
  shopDomain: string | undefined,
  body: unknown,
): Promise<number> {
  const orderId = orderIdOf(body);
  if (!shopDomain || !orderId) {
    return 0;
  }
  const affected = await findTicketsBriefedOnOrder(deps.database.db, shopDomain, orderId);
  let queued = 0;
  for (const ticket of affected) {
    const ticketId = Number(ticket.externalId);
    queued += (await queueBriefPreparation(deps, ticket.installationId, ticketId)) ? 1 : 0;
  }
  return queued;
}
