import type { BrandVoice, Classification, DraftInput, OrderFacts } from "@countersign/assistant";
import type { Decision } from "@countersign/policy";
import type { OrderView } from "@countersign/shopify";

/** The voice drafts use until the founder sets one. */
export const DEFAULT_BRAND_VOICE: BrandVoice = {
  tone: "warm, clear and brief; no exclamation marks",
  greeting: "Hi",
  signOff: "Best,\nThe support team",
  wordsToUse: [],
  wordsToAvoid: ["unfortunately", "as per"],
  exampleReplies: [],
};

/** The founder's saved voice over the default, key by key. */
export function brandVoiceOf(saved: Record<string, unknown> | undefined): BrandVoice {
  return { ...DEFAULT_BRAND_VOICE, ...(saved ?? {}) } as BrandVoice;
}

/** The store's view of the order, reduced to the facts a reply may state. */
export function orderFactsOf(order: OrderView | null): OrderFacts | null {
  if (!order) {
    return null;
  }
  const shipment = order.shipments[0] ?? null;
  return {
    name: order.name,
    currency: order.currency,
    total: order.total,
    items: order.items.map((item) => ({
      id: item.id,
      title: item.variantTitle ? `${item.title} (${item.variantTitle})` : item.title,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
    })),
    tracking: shipment
      ? {
          number: shipment.trackingNumber,
          url: shipment.trackingUrl,
          carrier: shipment.carrier,
          estimatedDeliveryAt: shipment.estimatedDeliveryAt,
          status: shipment.status,
        }
      : null,
    shippingAddress:
      order.shippingAddress?.address1 && order.shippingAddress.city && order.shippingAddress.zip
        ? {
            name: order.shippingAddress.name,
            address1: order.shippingAddress.address1,
            address2: order.shippingAddress.address2,
            city: order.shippingAddress.city,
            province: order.shippingAddress.province,
            zip: order.shippingAddress.zip,
            countryCode: order.shippingAddress.countryCode ?? "",
          }
        : null,
  };
}

export function draftInputOf(args: {
  decision: Decision;
  classification: Classification;
  customerName: string;
  customerMessage: string;
  order: OrderView | null;
  voice: BrandVoice;
}): DraftInput {
  const firstName = args.customerName.trim().split(/\s+/)[0] ?? null;
  return {
    decision: args.decision,
    order: orderFactsOf(args.order),
    customerFirstName: firstName === "" ? null : firstName,
    classification: args.classification,
    voice: args.voice,
    customerMessage: args.customerMessage,
  };
}
