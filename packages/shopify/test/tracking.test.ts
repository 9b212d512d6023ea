import { describe, expect, it } from "vitest";
import { findOrderNumbers } from "../src/order-number";
import {
  createShopifyFulfillmentTracking,
  type FulfillmentRecord,
  normaliseShipmentStatus,
  toShipment,
} from "../src/tracking";

describe("normaliseShipmentStatus", () => {
  it.each([
    ["LABEL_PRINTED", "pending"],
    ["LABEL_PURCHASED", "pending"],
    ["CONFIRMED", "pending"],
    ["READY_FOR_PICKUP", "pending"],
    ["FULFILLED", "pending"],
    ["CARRIER_PICKED_UP", "in_transit"],
    ["IN_TRANSIT", "in_transit"],
    ["DELAYED", "in_transit"],
    ["OUT_FOR_DELIVERY", "out_for_delivery"],
    ["DELIVERED", "delivered"],
    ["ATTEMPTED_DELIVERY", "exception"],
    ["FAILURE", "exception"],
    ["NOT_DELIVERED", "exception"],
    ["CANCELED", "unknown"],
    [null, "unknown"],
    ["SOMETHING_NEW", "unknown"],
  ])("%s → %s", (status, expected) => {
    expect(normaliseShipmentStatus(status)).toBe(expected);
  });
});

const base: FulfillmentRecord = {
  id: "f1",
  status: "SUCCESS",
  displayStatus: null,
  createdAt: "2026-11-01T10:00:00Z",
  inTransitAt: null,
  deliveredAt: null,
  estimatedDeliveryAt: null,
  tracking: { company: "UPS", number: "1Z1", url: "https://ups.example/1Z1" },
  events: [],
};

describe("toShipment", () => {
  it("a delivery date wins over any display status", () => {
    expect(
      toShipment({ ...base, displayStatus: "IN_TRANSIT", deliveredAt: "2026-11-03T10:00:00Z" })
        .status,
    ).toBe("delivered");
  });

  it("falls back to the newest scan when the display status says nothing", () => {
    const shipment = toShipment({
      ...base,
      events: [
        {
          status: "IN_TRANSIT",
          happenedAt: "2026-11-02T10:00:00Z",
          estimatedDeliveryAt: "2026-11-05T10:00:00Z",
          message: null,
          city: "Memphis",
          country: "US",
        },
        {
          status: "OUT_FOR_DELIVERY",
          happenedAt: "2026-11-04T07:00:00Z",
          estimatedDeliveryAt: null,
          message: "On the van",
          city: null,
          country: null,
        },
      ],
    });
    expect(shipment.status).toBe("out_for_delivery");
    expect(shipment.lastScan).toEqual({
      status: "out_for_delivery",
      happenedAt: "2026-11-04T07:00:00Z",
      message: "On the van",
      location: null,
    });
    expect(shipment.events.map((event) => event.location)).toEqual([null, "Memphis, US"]);
    expect(shipment.estimatedDeliveryAt).toBe("2026-11-05T10:00:00Z");
  });

  it("a label that has been picked up is in transit", () => {
    expect(
      toShipment({ ...base, displayStatus: "CONFIRMED", inTransitAt: "2026-11-02T10:00:00Z" })
        .status,
    ).toBe("in_transit");
  });

  it("exposes the carrier's link and number", () => {
    expect(toShipment(base)).toMatchObject({
      carrier: "UPS",
      trackingNumber: "1Z1",
      trackingUrl: "https://ups.example/1Z1",
    });
  });

  it("the Shopify provider drops cancelled fulfillments and puts the newest first", async () => {
    const shipments = await createShopifyFulfillmentTracking().track([
      base,
      { ...base, id: "f2", createdAt: "2026-11-05T10:00:00Z" },
      { ...base, id: "f3", status: "CANCELLED", createdAt: "2026-11-09T10:00:00Z" },
    ]);
    expect(shipments.map((s) => s.fulfillmentId)).toEqual(["f2", "f1"]);
  });
});

describe("findOrderNumbers", () => {
  it.each([
    ["Where is order #1042?", ["#1042"]],
    ["my order number is 1042", ["#1042"]],
    ["Order no. 1042 and order #1043", ["#1042", "#1043"]],
    ["order: #1042", ["#1042"]],
    ["I paid $1042 for tracking 9400111100000007654321 to 97205", []],
    ["#1042 again, #1042", ["#1042"]],
    ["nothing here", []],
  ])("%s", (text, expected) => {
    expect(findOrderNumbers(text)).toEqual(expected);
  });
});
