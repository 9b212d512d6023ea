import type { ShipmentStatus } from "@countersign/policy";

/** One carrier scan, newest first in `Shipment.events`. */
export interface TrackingEvent {
  status: ShipmentStatus;
  happenedAt: string;
  message: string | null;
  location: string | null;
}

/** A parcel as the sidebar and the policy see it, whatever carrier or app reported it. */
export interface Shipment {
  /** The fulfillment this parcel belongs to. */
  fulfillmentId: string;
  status: ShipmentStatus;
  carrier: string | null;
  trackingNumber: string | null;
  /** The carrier's own tracking page. */
  trackingUrl: string | null;
  shippedAt: string;
  deliveredAt: string | null;
  estimatedDeliveryAt: string | null;
  lastScan: TrackingEvent | null;
  events: TrackingEvent[];
}

/** A fulfillment as Shopify reports it, before normalisation (the input of a provider). */
export interface FulfillmentRecord {
  id: string;
  status: string;
  displayStatus: string | null;
  createdAt: string;
  inTransitAt: string | null;
  deliveredAt: string | null;
  estimatedDeliveryAt: string | null;
  tracking: { company: string | null; number: string | null; url: string | null } | null;
  events: Array<{
    status: string;
    happenedAt: string;
    estimatedDeliveryAt: string | null;
    message: string | null;
    city: string | null;
    country: string | null;
  }>;
}

/** Where tracking comes from: Shopify's fulfillments now, a carrier aggregator later. */
export interface TrackingProvider {
  /** A short name for logs and the sidebar ("shopify"). */
  readonly name: string;
  /** The shipments of one order's fulfillments, newest first. */
  track(fulfillments: FulfillmentRecord[]): Promise<Shipment[]>;
}

/** Shopify's FulfillmentDisplayStatus and FulfillmentEventStatus onto our seven statuses. */
export function normaliseShipmentStatus(status: string | null | undefined): ShipmentStatus {
  switch (status) {
    case "LABEL_PRINTED":
    case "LABEL_PURCHASED":
    case "CONFIRMED":
    case "SUBMITTED":
    case "READY_FOR_PICKUP":
    case "FULFILLED":
    case "MARKED_AS_FULFILLED":
      return "pending";
    case "CARRIER_PICKED_UP":
    case "PICKED_UP":
    case "IN_TRANSIT":
    case "DELAYED":
      return "in_transit";
    case "OUT_FOR_DELIVERY":
      return "out_for_delivery";
    case "DELIVERED":
      return "delivered";
    case "ATTEMPTED_DELIVERY":
    case "FAILURE":
    case "NOT_DELIVERED":
    case "LABEL_VOIDED":
      return "exception";
    default:
      return "unknown";
  }
}

function toEvent(event: FulfillmentRecord["events"][number]): TrackingEvent {
  const location = [event.city, event.country].filter((part) => part).join(", ");
  return {
    status: normaliseShipmentStatus(event.status),
    happenedAt: event.happenedAt,
    message: event.message,
    location: location === "" ? null : location,
  };
}

/** One fulfillment onto a shipment: the latest word (display status or scan) wins. */
export function toShipment(record: FulfillmentRecord): Shipment {
  const events = [...record.events]
    .sort((a, b) => Date.parse(b.happenedAt) - Date.parse(a.happenedAt))
    .map(toEvent);
  const newest = [...record.events].sort(
    (a, b) => Date.parse(b.happenedAt) - Date.parse(a.happenedAt),
  )[0];
  let status = normaliseShipmentStatus(record.displayStatus);
  if (record.deliveredAt !== null) {
    status = "delivered";
  } else if (status === "unknown" && newest !== undefined) {
    status = normaliseShipmentStatus(newest.status);
  } else if (status === "pending" && record.inTransitAt !== null) {
    status = "in_transit";
  }
  const estimate =
    record.estimatedDeliveryAt ??
    record.events
      .filter((event) => event.estimatedDeliveryAt !== null)
      .sort((a, b) => Date.parse(b.happenedAt) - Date.parse(a.happenedAt))[0]
      ?.estimatedDeliveryAt ??
    null;
  return {
    fulfillmentId: record.id,
    status,
    carrier: record.tracking?.company ?? null,
    trackingNumber: record.tracking?.number ?? null,
    trackingUrl: record.tracking?.url ?? null,
    shippedAt: record.createdAt,
    deliveredAt: record.deliveredAt,
    estimatedDeliveryAt: estimate,
    lastScan: events[0] ?? null,
    events,
  };
}

/** Tracking from Shopify's own fulfillment data (display status, events, tracking info). */
export function createShopifyFulfillmentTracking(): TrackingProvider {
  return {
    name: "shopify",
    async track(fulfillments) {
      return fulfillments
        .filter((record) => record.status !== "CANCELLED")
        .map(toShipment)
        .sort((a, b) => Date.parse(b.shippedAt) - Date.parse(a.shippedAt));
    },
  };
}
