import type { CaseOrder } from "@countersign/policy";
import { describe, expect, it } from "vitest";
import { readLineItems } from "../src/brief/build-case";

const order = {
  id: "o1",
  name: "#1042",
  currency: "USD",
  createdAt: "2026-11-01T10:00:00Z",
  cancelledAt: null,
  financialStatus: "PAID",
  fulfillmentStatus: "FULFILLED",
  fulfilledAt: "2026-11-02T10:00:00Z",
  deliveredAt: "2026-11-05T10:00:00Z",
  shipment: null,
  total: 150,
  refundedTotal: 0,
  tags: [],
  lineItems: [
    {
      id: "li_1",
      title: "Linen Button Shirt",
      sku: "LS",
      quantity: 1,
      refundableQuantity: 1,
      unitPrice: 60,
      productTags: [],
    },
    {
      id: "li_2",
      title: "Ceramic Mug Set",
      sku: "MG",
      quantity: 2,
      refundableQuantity: 2,
      unitPrice: 45,
      productTags: [],
    },
  ],
} satisfies CaseOrder;

describe("the items a ticket is about", () => {
  it.each([
    ["I'd like to return the linen shirt", ["li_1"]],
    ["Both mugs arrived broken", ["li_2"]],
    ["The shirt and the mugs both need to go back", null],
    ["Where is my order?", null],
  ])("%s → %j", (text, expected) => {
    expect(readLineItems(text, order)).toEqual(expected);
  });

  it("reads every item of a one-item order, and nothing without an order", () => {
    expect(
      readLineItems("return the shirt", { ...order, lineItems: order.lineItems.slice(0, 1) }),
    ).toBeNull();
    expect(readLineItems("return the shirt", null)).toBeNull();
  });
});
