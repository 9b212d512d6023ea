import type { DraftInput, PostalAddress } from "./draft-types";
import { redactPaymentDetails } from "./redact";

/** Exactly what a drafting model is shown about one ticket. */
export interface DraftModelInput {
  customerFirstName: string | null;
  intent: string;
  sentiment: string;
  urgency: string;
  flags: string[];
  customerMessage: string | null;
  decision: {
    action: string;
    amount: number | null;
    creditAmount: number | null;
    currency: string | null;
    approval: string;
    items: Array<{ title: string; quantity: number }>;
    reasons: string[];
  };
  order: {
    name: string;
    currency: string;
    total: number;
    items: Array<{ title: string; quantity: number; unitPrice: number }>;
    tracking: {
      number: string | null;
      url: string | null;
      carrier: string | null;
      estimatedDeliveryAt: string | null;
      status: string | null;
    } | null;
    /** Only when the reply is about the address. */
    shippingAddress?: Omit<PostalAddress, "phone" | "name">;
  } | null;
}

/**
 * Data minimisation: builds the only view of a ticket that is sent to a drafting model.
 * No payment details and no customer email ever; the shipping address only when the
 * customer asked to change it; card numbers the customer pasted are removed from the text.
 */
export function buildDraftModelInput(input: DraftInput): DraftModelInput {
  const { decision, order, classification } = input;
  const titles = new Map((order?.items ?? []).map((item) => [item.id, item.title]));
  const address = order?.shippingAddress;
  return {
    customerFirstName: input.customerFirstName,
    intent: classification.intent,
    sentiment: classification.sentiment,
    urgency: classification.urgency,
    flags: [...classification.flags],
    customerMessage:
      input.customerMessage === undefined ? null : redactPaymentDetails(input.customerMessage),
    decision: {
      action: decision.action,
      amount: decision.amount,
      creditAmount: decision.creditAmount ?? null,
      currency: decision.currency,
      approval: decision.approval,
      items: decision.lineItems.map((line) => ({
        title: titles.get(line.id) ?? line.id,
        quantity: line.quantity,
      })),
      reasons: decision.reasons.map((reason) => reason.detail),
    },
    order:
      order === null
        ? null
        : {
            name: order.name,
            currency: order.currency,
            total: order.total,
            items: order.items.map((item) => ({
              title: item.title,
              quantity: item.quantity,
              unitPrice: item.unitPrice,
            })),
            tracking:
              order.tracking === undefined || order.tracking === null
                ? null
                : {
                    number: order.tracking.number ?? null,
                    url: order.tracking.url ?? null,
                    carrier: order.tracking.carrier ?? null,
                    estimatedDeliveryAt: order.tracking.estimatedDeliveryAt ?? null,
                    status: order.tracking.status ?? null,
                  },
            ...(classification.intent === "address_change" && address
              ? {
                  shippingAddress: {
                    address1: address.address1,
                    address2: address.address2 ?? null,
                    city: address.city,
                    province: address.province ?? null,
                    zip: address.zip,
                    countryCode: address.countryCode,
                  },
                }
              : {}),
          },
  };
}
