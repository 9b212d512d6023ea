// Writes demo/demo-data.json: the demo store (customers, products, orders in every state the
// policy cares about) and the helpdesk tickets that go with it. Deterministic: the same script
// always writes the same file. Run: npm run generate:demo -w @countersign/shopify
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDemoStore } from "../src/demo/data";

/** Fixture time: the tickets were written as of this moment (see `anchor` in demo/README.md). */
const T0 = Date.parse("2026-11-20T12:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function ago(days: number, hour = 10): string {
  const day = new Date(T0 - days * DAY);
  day.setUTCHours(hour, 0, 0, 0);
  return day.toISOString();
}

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = mulberry32(20261120);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

// --- products ---------------------------------------------------------------------------

interface Product {
  id: string;
  title: string;
  tags: string[];
  imageUrl: string;
  variants: Array<{ id: string; title: string; sku: string; price: number }>;
}
let variantSeq = 40_001;
function product(
  id: number,
  title: string,
  sku: string,
  price: number,
  sizes: string[],
  tags: string[] = [],
): Product {
  return {
    id: String(id),
    title,
    tags,
    imageUrl: `https://cdn.shopify.com/s/files/1/demo/northwind/${sku.toLowerCase()}.jpg`,
    variants: sizes.map((size) => ({
      id: String(variantSeq++),
      title: size,
      sku: size === "Default Title" ? sku : `${sku}-${size.replace(/\s+/g, "").toUpperCase()}`,
      price,
    })),
  };
}
const ONE = ["Default Title"];
const SIZES = ["S", "M", "L", "XL"];
const products = [
  product(8001, "Merino Crew Sweater", "MCS", 98, SIZES, ["knitwear", "merino"]),
  product(8002, "Linen Button Shirt", "LBS", 72, SIZES, ["shirts", "summer"]),
  product(8003, "Everyday Chino", "ECH", 64, ["30", "32", "34", "36"], ["trousers"]),
  product(8004, "Canvas Weekender Bag", "CWB", 148, ONE, ["bags"]),
  product(8005, "Wool Beanie", "WBN", 28, ONE, ["accessories"]),
  product(8006, "Organic Cotton Tee", "OCT", 30, SIZES, ["tees", "organic"]),
  product(8007, "Rain Shell Jacket", "RSJ", 189, SIZES, ["outerwear"]),
  product(8008, "Leather Card Wallet", "LCW", 45, ONE, ["accessories", "leather"]),
  product(8009, "Cashmere Scarf", "CSF", 120, ONE, ["accessories", "final-sale", "clearance"]),
  product(8010, "Sample Sale Hoodie", "SSH", 55, SIZES, ["final-sale", "sample-sale"]),
  product(8011, "Trail Runner Sneaker", "TRS", 135, ["8", "9", "10", "11"], ["footwear"]),
  product(8012, "Ceramic Travel Mug", "CTM", 24, ONE, ["home", "fragile"]),
  product(8013, "Down Puffer Vest", "DPV", 160, SIZES, ["outerwear"]),
  product(8014, "Wool Hiking Socks 3-Pack", "WHS", 22, ["M", "L"], ["accessories"]),
];
function variant(productId: number, size = "Default Title"): { id: string; price: number } {
  const found = products
    .find((p) => p.id === String(productId))
    ?.variants.find((v) => v.title === size);
  if (!found) {
    throw new Error(`no variant ${productId} ${size}`);
  }
  return { id: found.id, price: found.price };
}

// --- customers --------------------------------------------------------------------------

interface Customer {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  tags: string[];
  note: string | null;
  createdAt: string;
  priorSpend: number;
  priorOrders: number;
  address: Address;
}
interface Address {
  name: string;
  address1: string;
  address2: string | null;
  city: string;
  provinceCode: string | null;
  zip: string;
  countryCode: string;
  phone: string | null;
}
let customerSeq = 7001;
function customer(
  first: string,
  last: string,
  city: [string, string | null, string, string],
  extra: Partial<Pick<Customer, "tags" | "note" | "priorSpend" | "priorOrders">> = {},
): Customer {
  const [cityName, province, zip, country] = city;
  const email = `${`${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "")}@example.com`;
  const street = `${Math.floor(10 + random() * 880)} ${pick(["Maple", "Harbor", "Elm", "Mill", "Station", "Orchard", "Grove", "Bridge"])} ${country === "GB" ? "Road" : "Street"}`;
  return {
    id: String(customerSeq++),
    firstName: first,
    lastName: last,
    email,
    phone: null,
    tags: extra.tags ?? [],
    note: extra.note ?? null,
    createdAt: ago(200 + Math.floor(random() * 700)),
    priorSpend: extra.priorSpend ?? 0,
    priorOrders: extra.priorOrders ?? 0,
    address: {
      name: `${first} ${last}`,
      address1: street,
      address2: null,
      city: cityName,
      provinceCode: province,
      zip,
      countryCode: country,
      phone: null,
    },
  };
}
const PORTLAND: [string, string, string, string] = ["Portland", "OR", "97205", "US"];
const AUSTIN: [string, string, string, string] = ["Austin", "TX", "78701", "US"];
const BROOKLYN: [string, string, string, string] = ["Brooklyn", "NY", "11201", "US"];
const DENVER: [string, string, string, string] = ["Denver", "CO", "80202", "US"];
const CHICAGO: [string, string, string, string] = ["Chicago", "IL", "60607", "US"];
const SEATTLE: [string, string, string, string] = ["Seattle", "WA", "98101", "US"];
const BOSTON: [string, string, string, string] = ["Boston", "MA", "02116", "US"];
const OAKLAND: [string, string, string, string] = ["Oakland", "CA", "94612", "US"];
const MANCHESTER: [string, null, string, string] = ["Manchester", null, "M1 1AE", "GB"];
const LEEDS: [string, null, string, string] = ["Leeds", null, "LS1 4DY", "GB"];
const BRISTOL: [string, null, string, string] = ["Bristol", null, "BS1 5TR", "GB"];

const people = {
  maya: customer("Maya", "Chen", PORTLAND, { priorSpend: 140, priorOrders: 2 }),
  daniel: customer("Daniel", "Okafor", AUSTIN, { priorSpend: 95, priorOrders: 1 }),
  priya: customer("Priya", "Nair", BROOKLYN, { priorSpend: 210, priorOrders: 3 }),
  marcus: customer("Marcus", "Webb", DENVER, { priorSpend: 120, priorOrders: 1 }),
  sofia: customer("Sofia", "Rossi", CHICAGO),
  greg: customer("Greg", "Holt", SEATTLE, { priorSpend: 60, priorOrders: 1 }),
  aisha: customer("Aisha", "Bello", BOSTON),
  tom: customer("Tom", "Lindqvist", OAKLAND),
  hannah: customer("Hannah", "Park", PORTLAND, { priorSpend: 180, priorOrders: 2 }),
  leo: customer("Leo", "Martins", AUSTIN),
  evelyn: customer("Evelyn", "Hart", BROOKLYN, {
    tags: ["VIP", "newsletter"],
    note: "Founding customer; loves the merino range.",
    priorSpend: 2350,
    priorOrders: 19,
  }),
  oliver: customer("Oliver", "Bennett", MANCHESTER, { priorSpend: 75, priorOrders: 1 }),
  nadia: customer("Nadia", "Haddad", CHICAGO, { priorSpend: 130, priorOrders: 2 }),
  chris: customer("Chris", "Young", DENVER),
  lina: customer("Lina", "Vogel", SEATTLE, { priorSpend: 90, priorOrders: 1 }),
  sam: customer("Sam", "Carter", BOSTON, { priorSpend: 160, priorOrders: 2 }),
  ruth: customer("Ruth", "Adeyemi", OAKLAND, { tags: ["wholesale-lead"] }),
  ben: customer("Ben", "Thornton", DENVER, { priorSpend: 1240, priorOrders: 11 }),
  grace: customer("Grace", "Kim", SEATTLE),
  felix: customer("Felix", "Moreau", BROOKLYN, { priorSpend: 45, priorOrders: 1 }),
  amelia: customer("Amelia", "Shaw", LEEDS, { priorSpend: 60, priorOrders: 1 }),
  noah: customer("Noah", "Fischer", CHICAGO),
  isla: customer("Isla", "Murray", BRISTOL),
  kofi: customer("Kofi", "Mensah", AUSTIN, { priorSpend: 300, priorOrders: 4 }),
  julia: customer("Julia", "Santos", PORTLAND),
  ethan: customer("Ethan", "Brooks", BOSTON, { tags: ["VIP"], priorSpend: 1800, priorOrders: 14 }),
  zoe: customer("Zoe", "Delgado", OAKLAND),
  omar: customer("Omar", "Farouk", SEATTLE),
};
const customers = Object.values(people);

// --- orders -----------------------------------------------------------------------------

type Shipping =
  | { kind: "unfulfilled" }
  | { kind: "label"; shippedDays: number }
  | { kind: "in_transit"; shippedDays: number; etaInDays: number }
  | { kind: "out_for_delivery"; shippedDays: number }
  | { kind: "delivered"; shippedDays: number; deliveredDays: number }
  | { kind: "delayed"; shippedDays: number; etaDaysAgo: number; lastScanDays: number }
  | { kind: "exception"; shippedDays: number; failedDays: number }
  | { kind: "partial"; shippedDays: number; deliveredDays: number; items: number };

interface OrderSpec {
  key?: string;
  customer: Customer | null;
  email?: string;
  placedDays: number;
  placedHour?: number;
  currency?: "USD" | "GBP";
  items: Array<{ product: number; size?: string; quantity?: number; discount?: number }>;
  shipping: Shipping;
  tags?: string[];
  note?: string;
  refund?: { items: Array<{ index: number; quantity: number }>; daysAfter: number; note: string };
  fullRefundDaysAfter?: number;
  cancelled?: { daysAfter: number; reason: "CUSTOMER" | "INVENTORY" | "FRAUD" | "DECLINED" };
  returned?: {
    index: number;
    quantity: number;
    status: "OPEN" | "CLOSED" | "REQUESTED";
    daysAfterDelivery: number;
    note: string;
  };
}

const GBP_PRICE = (usd: number) => Math.round((usd / 1.27) * 100) / 100;

function carrier(country: string, seq: number): { company: string; number: string; url: string } {
  if (country === "GB") {
    const number = `RM${String(481_200_000 + seq * 7919).slice(0, 9)}GB`;
    return {
      company: "Royal Mail",
      number,
      url: `https://www.royalmail.com/track-your-item#/tracking-results/${number}`,
    };
  }
  const choice = seq % 3;
  if (choice === 0) {
    const number = `1Z999AA1${String(10_000_000 + seq * 104_729).slice(0, 8)}`;
    return { company: "UPS", number, url: `https://www.ups.com/track?tracknum=${number}` };
  }
  if (choice === 1) {
    const number = `9400111${String(100_000_000_000_000 + seq * 7_654_321).slice(0, 15)}`;
    return {
      company: "USPS",
      number,
      url: `https://tools.usps.com/go/TrackConfirmAction?tLabels=${number}`,
    };
  }
  const number = `7${String(71_234_500_000 + seq * 8_123).slice(0, 11)}`;
  return { company: "FedEx", number, url: `https://www.fedex.com/fedextrack/?trknbr=${number}` };
}

const HUBS: Record<string, Array<[string, string]>> = {
  US: [
    ["Memphis", "US"],
    ["Louisville", "US"],
    ["Indianapolis", "US"],
    ["Reno", "US"],
  ],
  GB: [
    ["Warrington", "GB"],
    ["Daventry", "GB"],
  ],
};

let lineSeq = 20_001;
let fulfillmentSeq = 30_001;
let fliSeq = 60_001;
let transactionSeq = 70_001;
let refundSeq = 80_001;
let returnSeq = 85_001;
let returnLineSeq = 86_001;

function buildOrder(spec: OrderSpec, seq: number) {
  const currency = spec.currency ?? "USD";
  const createdAt = ago(spec.placedDays, spec.placedHour ?? 10);
  const lineItems = spec.items.map((item) => {
    const v = variant(item.product, item.size);
    const price = currency === "GBP" ? GBP_PRICE(v.price) : v.price;
    return {
      id: String(lineSeq++),
      variantId: v.id,
      quantity: item.quantity ?? 1,
      unitPrice: price,
      unitDiscount: item.discount ?? 0,
    };
  });
  const subtotal = lineItems.reduce(
    (sum, line) => sum + Math.round((line.unitPrice - line.unitDiscount) * 100) * line.quantity,
    0,
  );
  const shippingPrice = subtotal >= 10_000 ? 0 : currency === "GBP" ? 4.95 : 8;
  const total = (subtotal + Math.round(shippingPrice * 100)) / 100;
  const gateway = pick(["shopify_payments", "shopify_payments", "paypal"]);
  const sale = {
    id: String(transactionSeq++),
    kind: "SALE" as const,
    status: "SUCCESS" as const,
    gateway,
    amount: total,
    parentId: null,
    createdAt,
  };
  const address = spec.customer?.address ?? {
    name: "Guest Buyer",
    address1: "12 Harbor Street",
    address2: null,
    city: "Portland",
    provinceCode: "OR",
    zip: "97205",
    countryCode: "US",
    phone: null,
  };
  const shipping = spec.shipping;
  const fulfillments: unknown[] = [];
  const track = carrier(address.countryCode, seq);
  const hubs = HUBS[address.countryCode] ?? HUBS.US ?? [];
  const hub = (n: number) => hubs[n % hubs.length] ?? ["Memphis", "US"];
  const homeCity = [address.city, address.countryCode] as const;
  let deliveredAt: string | null = null;
  if (shipping.kind !== "unfulfilled") {
    const shipped = ago(shipping.shippedDays, 15);
    const events: unknown[] = [
      {
        status: "CONFIRMED",
        happenedAt: shipped,
        message: "Shipping label created",
        city: null,
        country: null,
      },
    ];
    let displayStatus = "CONFIRMED";
    let inTransitAt: string | null = null;
    let estimatedDeliveryAt: string | null = null;
    const pickup = ago(shipping.shippedDays - 1, 2);
    if (shipping.kind !== "label") {
      inTransitAt = pickup;
      const [c1, k1] = hub(seq);
      events.push({
        status: "IN_TRANSIT",
        happenedAt: pickup,
        message: "Departed facility",
        city: c1,
        country: k1,
      });
      displayStatus = "IN_TRANSIT";
    }
    if (shipping.kind === "in_transit") {
      estimatedDeliveryAt = ago(-shipping.etaInDays, 20);
      const [c2, k2] = hub(seq + 1);
      if (shipping.shippedDays >= 3) {
        events.push({
          status: "IN_TRANSIT",
          happenedAt: ago(1, 6),
          message: "Arrived at regional facility",
          city: c2,
          country: k2,
          estimatedDeliveryAt,
        });
      }
    }
    if (shipping.kind === "out_for_delivery") {
      estimatedDeliveryAt = ago(0, 20);
      events.push({
        status: "OUT_FOR_DELIVERY",
        happenedAt: ago(0, 7),
        message: "Out for delivery",
        city: homeCity[0],
        country: homeCity[1],
      });
      displayStatus = "OUT_FOR_DELIVERY";
    }
    if (shipping.kind === "delivered" || shipping.kind === "partial") {
      deliveredAt = ago(shipping.deliveredDays, 14);
      events.push({
        status: "OUT_FOR_DELIVERY",
        happenedAt: ago(shipping.deliveredDays, 7),
        message: "Out for delivery",
        city: homeCity[0],
        country: homeCity[1],
      });
      events.push({
        status: "DELIVERED",
        happenedAt: deliveredAt,
        message: "Delivered, left at front door",
        city: homeCity[0],
        country: homeCity[1],
      });
      displayStatus = "DELIVERED";
    }
    if (shipping.kind === "delayed") {
      estimatedDeliveryAt = ago(shipping.etaDaysAgo, 20);
      const [c2, k2] = hub(seq + 2);
      events.push({
        status: "DELAYED",
        happenedAt: ago(shipping.lastScanDays, 9),
        message: "Delay in transit: package held at facility",
        city: c2,
        country: k2,
        estimatedDeliveryAt,
      });
      displayStatus = "DELAYED";
    }
    if (shipping.kind === "exception") {
      events.push({
        status: "ATTEMPTED_DELIVERY",
        happenedAt: ago(shipping.failedDays + 1, 13),
        message: "Delivery attempted: no access to building",
        city: homeCity[0],
        country: homeCity[1],
      });
      events.push({
        status: "FAILURE",
        happenedAt: ago(shipping.failedDays, 9),
        message: "Returning to sender: undeliverable address",
        city: homeCity[0],
        country: homeCity[1],
      });
      displayStatus = "FAILURE";
    }
    const shippedItems =
      shipping.kind === "partial" ? lineItems.slice(0, shipping.items) : lineItems;
    fulfillments.push({
      id: String(fulfillmentSeq++),
      status: "SUCCESS",
      displayStatus,
      createdAt: shipped,
      inTransitAt,
      deliveredAt,
      estimatedDeliveryAt,
      tracking: track,
      lineItems: shippedItems.map((line) => ({
        id: String(fliSeq++),
        lineItemId: line.id,
        quantity: line.quantity,
      })),
      events: events.map((event) => ({ estimatedDeliveryAt: null, ...(event as object) })),
    });
  }
  const refunds: unknown[] = [];
  if (spec.refund) {
    const refundLines = spec.refund.items.map((item) => {
      const line = lineItems[item.index];
      if (!line) {
        throw new Error("bad refund index");
      }
      return { line, quantity: item.quantity };
    });
    const amount = refundLines.reduce(
      (sum, entry) =>
        sum + Math.round((entry.line.unitPrice - entry.line.unitDiscount) * 100) * entry.quantity,
      0,
    );
    refunds.push({
      id: String(refundSeq++),
      createdAt: ago(spec.placedDays - spec.refund.daysAfter, 16),
      note: spec.refund.note,
      lineItems: refundLines.map((entry) => ({
        lineItemId: entry.line.id,
        quantity: entry.quantity,
        restockType: "RETURN",
      })),
      shipping: 0,
      transactions: [
        {
          id: String(transactionSeq++),
          kind: "REFUND",
          status: "SUCCESS",
          gateway,
          amount: amount / 100,
          parentId: sale.id,
          createdAt: ago(spec.placedDays - spec.refund.daysAfter, 16),
        },
      ],
      returnId: null,
    });
  }
  let cancelledAt: string | null = null;
  if (spec.cancelled || spec.fullRefundDaysAfter !== undefined) {
    const when = ago(
      spec.placedDays - (spec.cancelled?.daysAfter ?? spec.fullRefundDaysAfter ?? 0),
      12,
    );
    if (spec.cancelled) {
      cancelledAt = when;
    }
    refunds.push({
      id: String(refundSeq++),
      createdAt: when,
      note: spec.cancelled ? "Order cancelled" : "Refunded in full",
      lineItems: lineItems.map((line) => ({
        lineItemId: line.id,
        quantity: line.quantity,
        restockType: spec.cancelled ? "CANCEL" : "RETURN",
      })),
      shipping: shippingPrice,
      transactions: [
        {
          id: String(transactionSeq++),
          kind: "REFUND",
          status: "SUCCESS",
          gateway,
          amount: total,
          parentId: sale.id,
          createdAt: when,
        },
      ],
      returnId: null,
    });
  }
  const returns: unknown[] = [];
  if (spec.returned && deliveredAt !== null && shipping.kind === "delivered") {
    const fulfillment = fulfillments[0] as { lineItems: Array<{ id: string; lineItemId: string }> };
    const line = lineItems[spec.returned.index];
    const fli = fulfillment.lineItems.find((entry) => entry.lineItemId === line?.id);
    if (!fli) {
      throw new Error("bad return index");
    }
    const created = ago(shipping.deliveredDays - spec.returned.daysAfterDelivery, 11);
    returns.push({
      id: String(returnSeq++),
      name: "",
      status: spec.returned.status,
      createdAt: created,
      closedAt:
        spec.returned.status === "CLOSED"
          ? ago(shipping.deliveredDays - spec.returned.daysAfterDelivery - 6, 11)
          : null,
      lineItems: [
        {
          id: String(returnLineSeq++),
          fulfillmentLineItemId: fli.id,
          quantity: spec.returned.quantity,
          returnReasonNote: spec.returned.note,
          customerNote: null,
        },
      ],
      exchangeLineItems: [],
    });
  }
  return {
    key: spec.key,
    order: {
      id: "",
      name: "",
      customerId: spec.customer?.id ?? null,
      email: spec.customer?.email ?? spec.email ?? null,
      createdAt,
      cancelledAt,
      cancelReason: spec.cancelled?.reason ?? null,
      closedAt: null,
      currency,
      tags: spec.tags ?? [],
      note: spec.note ?? null,
      shippingAddress: address,
      shippingPrice,
      lineItems,
      transactions: [sale],
      fulfillments,
      refunds,
      returns,
    },
  };
}

// The orders the demo tickets are about (keys are used by the tickets below).
const scenario: OrderSpec[] = [
  {
    key: "wismo-transit",
    customer: people.maya,
    placedDays: 4,
    items: [{ product: 8001, size: "M" }, { product: 8005 }],
    shipping: { kind: "in_transit", shippedDays: 3, etaInDays: 2 },
  },
  {
    key: "wismo-delayed",
    customer: people.daniel,
    placedDays: 17,
    items: [{ product: 8011, size: "10" }],
    shipping: { kind: "delayed", shippedDays: 16, etaDaysAgo: 9, lastScanDays: 11 },
  },
  {
    key: "return-in-window",
    customer: people.priya,
    placedDays: 14,
    items: [{ product: 8002, size: "S", discount: 12 }],
    shipping: { kind: "delivered", shippedDays: 13, deliveredDays: 10 },
  },
  {
    key: "refund-over-200",
    customer: people.marcus,
    placedDays: 21,
    items: [{ product: 8007, size: "L" }, { product: 8004 }],
    shipping: { kind: "delivered", shippedDays: 20, deliveredDays: 16 },
  },
  {
    key: "damaged",
    customer: people.sofia,
    placedDays: 6,
    items: [
      { product: 8012, quantity: 2 },
      { product: 8014, size: "M" },
    ],
    shipping: { kind: "delivered", shippedDays: 5, deliveredDays: 2 },
  },
  {
    key: "legal",
    customer: people.greg,
    placedDays: 44,
    items: [{ product: 8013, size: "M" }],
    shipping: { kind: "delivered", shippedDays: 43, deliveredDays: 39 },
  },
  {
    key: "address-change",
    customer: people.aisha,
    placedDays: 1,
    placedHour: 8,
    items: [
      { product: 8003, size: "32" },
      { product: 8006, size: "M", quantity: 2 },
    ],
    shipping: { kind: "unfulfilled" },
  },
  {
    key: "cancel-24h",
    customer: people.tom,
    placedDays: 0,
    placedHour: 9,
    items: [{ product: 8007, size: "M" }],
    shipping: { kind: "unfulfilled" },
  },
  {
    key: "final-sale",
    customer: people.hannah,
    placedDays: 9,
    items: [{ product: 8009 }],
    shipping: { kind: "delivered", shippedDays: 8, deliveredDays: 6 },
    tags: ["clearance"],
  },
  {
    key: "out-of-window",
    customer: people.leo,
    placedDays: 58,
    items: [{ product: 8001, size: "L" }],
    shipping: { kind: "delivered", shippedDays: 57, deliveredDays: 52 },
  },
  {
    key: "vip",
    customer: people.evelyn,
    placedDays: 8,
    items: [{ product: 8001, size: "S" }, { product: 8008 }],
    shipping: { kind: "delivered", shippedDays: 7, deliveredDays: 5 },
  },
  {
    key: "gbp",
    customer: people.oliver,
    placedDays: 12,
    currency: "GBP",
    items: [{ product: 8003, size: "34" }],
    shipping: { kind: "delivered", shippedDays: 11, deliveredDays: 8 },
  },
  {
    key: "human",
    customer: people.nadia,
    placedDays: 5,
    items: [{ product: 8013, size: "L" }],
    shipping: { kind: "in_transit", shippedDays: 4, etaInDays: 1 },
  },
  {
    key: "exception",
    customer: people.chris,
    placedDays: 10,
    items: [{ product: 8004 }],
    shipping: { kind: "exception", shippedDays: 9, failedDays: 2 },
  },
  {
    key: "partially-refunded",
    customer: people.lina,
    placedDays: 15,
    items: [{ product: 8006, size: "S", quantity: 3 }, { product: 8005 }],
    shipping: { kind: "delivered", shippedDays: 14, deliveredDays: 11 },
    refund: { items: [{ index: 0, quantity: 1 }], daysAfter: 13, note: "One tee had a loose seam" },
  },
  {
    key: "return-open",
    customer: people.sam,
    placedDays: 19,
    items: [
      { product: 8011, size: "9" },
      { product: 8014, size: "L" },
    ],
    shipping: { kind: "delivered", shippedDays: 18, deliveredDays: 15 },
    returned: { index: 0, quantity: 1, status: "OPEN", daysAfterDelivery: 3, note: "Too small" },
  },
  {
    key: "wholesale",
    customer: people.ruth,
    placedDays: 25,
    items: [{ product: 8006, size: "M", quantity: 4 }],
    shipping: { kind: "delivered", shippedDays: 24, deliveredDays: 21 },
  },
];

// Older and other orders, so every state the policy cares about appears more than once.
const background: OrderSpec[] = [
  {
    customer: people.maya,
    placedDays: 120,
    items: [{ product: 8006, size: "M", quantity: 2 }],
    shipping: { kind: "delivered", shippedDays: 119, deliveredDays: 116 },
  },
  {
    customer: people.priya,
    placedDays: 95,
    items: [{ product: 8002, size: "M" }],
    shipping: { kind: "delivered", shippedDays: 94, deliveredDays: 90 },
    returned: {
      index: 0,
      quantity: 1,
      status: "CLOSED",
      daysAfterDelivery: 4,
      note: "Colour not as pictured",
    },
    refund: { items: [{ index: 0, quantity: 1 }], daysAfter: 14, note: "Return received" },
  },
  {
    customer: people.marcus,
    placedDays: 150,
    items: [{ product: 8011, size: "11" }],
    shipping: { kind: "delivered", shippedDays: 149, deliveredDays: 145 },
    returned: { index: 0, quantity: 1, status: "CLOSED", daysAfterDelivery: 5, note: "Wrong size" },
    refund: { items: [{ index: 0, quantity: 1 }], daysAfter: 16, note: "Return received" },
  },
  {
    customer: people.marcus,
    placedDays: 70,
    items: [{ product: 8003, size: "32" }],
    shipping: { kind: "delivered", shippedDays: 69, deliveredDays: 66 },
    returned: { index: 0, quantity: 1, status: "CLOSED", daysAfterDelivery: 3, note: "Fit" },
    refund: { items: [{ index: 0, quantity: 1 }], daysAfter: 12, note: "Return received" },
  },
  {
    customer: people.evelyn,
    placedDays: 40,
    items: [
      { product: 8013, size: "S" },
      { product: 8014, size: "M", quantity: 2 },
    ],
    shipping: { kind: "delivered", shippedDays: 39, deliveredDays: 36 },
  },
  {
    customer: people.evelyn,
    placedDays: 2,
    items: [{ product: 8009 }],
    shipping: { kind: "label", shippedDays: 1 },
  },
  {
    customer: people.hannah,
    placedDays: 60,
    items: [{ product: 8010, size: "M" }],
    shipping: { kind: "delivered", shippedDays: 59, deliveredDays: 56 },
  },
  {
    customer: people.nadia,
    placedDays: 80,
    items: [{ product: 8008 }],
    shipping: { kind: "delivered", shippedDays: 79, deliveredDays: 75 },
  },
  {
    customer: people.oliver,
    placedDays: 45,
    currency: "GBP",
    items: [{ product: 8006, size: "L", quantity: 2 }],
    shipping: { kind: "delivered", shippedDays: 44, deliveredDays: 41 },
  },
  {
    customer: people.ben,
    placedDays: 3,
    items: [
      { product: 8007, size: "XL" },
      { product: 8013, size: "XL" },
    ],
    shipping: { kind: "out_for_delivery", shippedDays: 2 },
  },
  {
    customer: people.ben,
    placedDays: 33,
    items: [{ product: 8004 }, { product: 8008 }],
    shipping: { kind: "delivered", shippedDays: 32, deliveredDays: 29 },
  },
  {
    customer: people.grace,
    placedDays: 2,
    items: [
      { product: 8002, size: "M" },
      { product: 8006, size: "S" },
    ],
    shipping: { kind: "unfulfilled" },
  },
  {
    customer: people.grace,
    placedDays: 26,
    items: [{ product: 8012, quantity: 4 }],
    shipping: { kind: "delivered", shippedDays: 25, deliveredDays: 22 },
    fullRefundDaysAfter: 6,
  },
  {
    customer: people.felix,
    placedDays: 11,
    items: [
      { product: 8011, size: "9" },
      { product: 8013, size: "M" },
    ],
    shipping: { kind: "partial", shippedDays: 10, deliveredDays: 7, items: 1 },
  },
  {
    customer: people.felix,
    placedDays: 30,
    items: [{ product: 8005 }, { product: 8014, size: "L" }],
    shipping: { kind: "unfulfilled" },
    cancelled: { daysAfter: 0, reason: "CUSTOMER" },
  },
  {
    customer: people.amelia,
    placedDays: 7,
    currency: "GBP",
    items: [{ product: 8001, size: "M" }],
    shipping: { kind: "in_transit", shippedDays: 5, etaInDays: 1 },
  },
  {
    customer: people.amelia,
    placedDays: 34,
    currency: "GBP",
    items: [{ product: 8010, size: "S" }, { product: 8005 }],
    shipping: { kind: "delivered", shippedDays: 33, deliveredDays: 30 },
  },
  {
    customer: people.noah,
    placedDays: 13,
    items: [{ product: 8007, size: "M" }],
    shipping: { kind: "delayed", shippedDays: 12, etaDaysAgo: 3, lastScanDays: 6 },
  },
  {
    customer: people.noah,
    placedDays: 50,
    items: [{ product: 8006, size: "L" }],
    shipping: { kind: "unfulfilled" },
    cancelled: { daysAfter: 1, reason: "INVENTORY" },
  },
  {
    customer: people.isla,
    placedDays: 4,
    currency: "GBP",
    items: [
      { product: 8002, size: "S" },
      { product: 8003, size: "30" },
    ],
    shipping: { kind: "label", shippedDays: 1 },
  },
  {
    customer: people.isla,
    placedDays: 65,
    currency: "GBP",
    items: [{ product: 8012 }],
    shipping: { kind: "delivered", shippedDays: 64, deliveredDays: 60 },
    fullRefundDaysAfter: 9,
  },
  {
    customer: people.kofi,
    placedDays: 23,
    items: [{ product: 8013, size: "L" }, { product: 8005 }],
    shipping: { kind: "delivered", shippedDays: 22, deliveredDays: 19 },
    returned: {
      index: 0,
      quantity: 1,
      status: "REQUESTED",
      daysAfterDelivery: 2,
      note: "Changed my mind",
    },
  },
  {
    customer: people.kofi,
    placedDays: 6,
    items: [{ product: 8014, size: "M", quantity: 2 }],
    shipping: { kind: "exception", shippedDays: 5, failedDays: 1 },
  },
  {
    customer: people.julia,
    placedDays: 18,
    items: [{ product: 8001, size: "S", discount: 19.6 }],
    shipping: { kind: "delivered", shippedDays: 17, deliveredDays: 13 },
    tags: ["BFCM"],
  },
  {
    customer: people.julia,
    placedDays: 1,
    placedHour: 17,
    items: [{ product: 8008 }, { product: 8012 }],
    shipping: { kind: "unfulfilled" },
  },
  {
    customer: people.ethan,
    placedDays: 9,
    items: [
      { product: 8007, size: "L" },
      { product: 8011, size: "10" },
      { product: 8001, size: "L" },
    ],
    shipping: { kind: "in_transit", shippedDays: 2, etaInDays: 3 },
  },
  {
    customer: people.ethan,
    placedDays: 48,
    items: [{ product: 8004 }],
    shipping: { kind: "delivered", shippedDays: 47, deliveredDays: 44 },
    refund: {
      items: [{ index: 0, quantity: 1 }],
      daysAfter: 20,
      note: "Strap defect, customer kept the bag",
    },
  },
  {
    customer: people.zoe,
    placedDays: 16,
    items: [
      { product: 8010, size: "L" },
      { product: 8006, size: "L" },
    ],
    shipping: { kind: "delivered", shippedDays: 15, deliveredDays: 12 },
  },
  {
    customer: people.zoe,
    placedDays: 38,
    items: [{ product: 8002, size: "L" }],
    shipping: { kind: "delivered", shippedDays: 37, deliveredDays: 33 },
  },
  {
    customer: people.omar,
    placedDays: 3,
    items: [{ product: 8003, size: "36" }],
    shipping: { kind: "in_transit", shippedDays: 2, etaInDays: 3 },
  },
  {
    customer: people.omar,
    placedDays: 75,
    items: [
      { product: 8011, size: "11" },
      { product: 8014, size: "L" },
    ],
    shipping: { kind: "delivered", shippedDays: 74, deliveredDays: 70 },
  },
  {
    customer: people.sofia,
    placedDays: 90,
    items: [{ product: 8012, quantity: 2 }],
    shipping: { kind: "delivered", shippedDays: 89, deliveredDays: 86 },
  },
  {
    customer: people.daniel,
    placedDays: 110,
    items: [{ product: 8005 }, { product: 8006, size: "L" }],
    shipping: { kind: "delivered", shippedDays: 109, deliveredDays: 105 },
  },
  {
    customer: people.chris,
    placedDays: 55,
    items: [{ product: 8008 }],
    shipping: { kind: "delivered", shippedDays: 54, deliveredDays: 50 },
  },
  {
    customer: people.sam,
    placedDays: 130,
    items: [{ product: 8006, size: "M" }],
    shipping: { kind: "delivered", shippedDays: 129, deliveredDays: 126 },
  },
  {
    customer: people.lina,
    placedDays: 2,
    placedHour: 14,
    items: [{ product: 8010, size: "M" }],
    shipping: { kind: "unfulfilled" },
  },
  {
    customer: people.leo,
    placedDays: 85,
    items: [{ product: 8002, size: "L" }],
    shipping: { kind: "delivered", shippedDays: 84, deliveredDays: 80 },
  },
  {
    customer: people.tom,
    placedDays: 66,
    items: [{ product: 8014, size: "L" }],
    shipping: { kind: "delivered", shippedDays: 65, deliveredDays: 62 },
  },
  {
    customer: people.aisha,
    placedDays: 100,
    items: [{ product: 8002, size: "S" }],
    shipping: { kind: "delivered", shippedDays: 99, deliveredDays: 95 },
  },
  {
    customer: null,
    email: "guest.checkout@example.org",
    placedDays: 8,
    items: [{ product: 8012 }],
    shipping: { kind: "delivered", shippedDays: 7, deliveredDays: 4 },
  },
  {
    customer: people.greg,
    placedDays: 140,
    items: [{ product: 8005 }],
    shipping: { kind: "delivered", shippedDays: 139, deliveredDays: 136 },
  },
  {
    customer: people.ben,
    placedDays: 120,
    items: [{ product: 8009 }],
    shipping: { kind: "delivered", shippedDays: 119, deliveredDays: 116 },
  },
  {
    customer: people.felix,
    placedDays: 140,
    items: [{ product: 8006, size: "S" }],
    shipping: { kind: "delivered", shippedDays: 139, deliveredDays: 136 },
  },
  {
    customer: people.ruth,
    placedDays: 70,
    items: [{ product: 8014, size: "M", quantity: 5 }],
    shipping: { kind: "delivered", shippedDays: 69, deliveredDays: 66 },
  },
];

const built = [...scenario, ...background].map((spec, index) => buildOrder(spec, index + 1));
built.sort((a, b) => Date.parse(a.order.createdAt) - Date.parse(b.order.createdAt));
const orderByKey = new Map<string, { name: string }>();
built.forEach((entry, index) => {
  entry.order.id = String(5001 + index);
  entry.order.name = `#${1001 + index}`;
  (entry.order.returns as Array<{ name: string }>).forEach((ret, retIndex) => {
    ret.name = `${entry.order.name}-R${retIndex + 1}`;
  });
  if (entry.key) {
    orderByKey.set(entry.key, entry.order);
  }
});
const orderName = (key: string): string => {
  const found = orderByKey.get(key);
  if (!found) {
    throw new Error(`no order ${key}`);
  }
  return found.name;
};

const store = {
  shop: {
    name: "Northwind Threads",
    domain: "northwind-threads.myshopify.com",
    currency: "USD",
    exchangeRates: { GBP: 1.27 },
  },
  anchor: { newestOrderAgeHours: 3 },
  customers: customers.map(({ address: _address, ...rest }) => rest),
  products,
  orders: built.map((entry) => entry.order),
};

// --- tickets ----------------------------------------------------------------------------

interface Ticket {
  id: number;
  subject: string;
  status: "new" | "open" | "pending" | "solved";
  tags: string[];
  createdAt: string;
  requester: { name: string; email: string };
  comments: Array<{
    id: number;
    author: "customer" | "agent";
    body: string;
    public: boolean;
    createdAt: string;
  }>;
}
let commentSeq = 9001;
function ticket(
  id: number,
  who: { name: string; email: string },
  subject: string,
  hoursAgo: number,
  messages: Array<{ author: "customer" | "agent"; body: string; hoursAgo?: number }>,
  extra: { status?: Ticket["status"]; tags?: string[] } = {},
): Ticket {
  const createdAt = new Date(T0 - hoursAgo * HOUR).toISOString();
  return {
    id,
    subject,
    status: extra.status ?? "new",
    tags: extra.tags ?? ["web_form"],
    createdAt,
    requester: who,
    comments: messages.map((message) => ({
      id: commentSeq++,
      author: message.author,
      body: message.body,
      public: true,
      createdAt: new Date(T0 - (message.hoursAgo ?? hoursAgo) * HOUR).toISOString(),
    })),
  };
}
const who = (c: Customer) => ({ name: `${c.firstName} ${c.lastName}`, email: c.email });

const tickets: Ticket[] = [
  ticket(101, who(people.maya), "Where is my sweater?", 2, [
    {
      author: "customer",
      body: "Hi there, I ordered the merino crew sweater and a beanie earlier this week and got a shipping email, but I haven't seen any update since. Could you tell me where the parcel is and when it should arrive? I'm hoping to wear it this weekend. Thanks, Maya",
    },
  ]),
  ticket(102, who(people.daniel), `Order ${orderName("wismo-delayed")} still not here`, 5, [
    {
      author: "customer",
      body: `Hello, my order ${orderName("wismo-delayed")} (trail runners, size 10) was supposed to arrive more than a week ago. The tracking page has said "delay in transit" for days and nothing has moved since. Is it lost? I need these shoes for a race at the end of the month, so I'd really appreciate a replacement if it isn't coming.`,
    },
  ]),
  ticket(103, who(people.priya), "Return the linen shirt", 20, [
    {
      author: "customer",
      body: `Hi! I received order ${orderName("return-in-window")} last week. The linen shirt is lovely but the small is too tight across the shoulders. I'd like to return it for a refund please. What do I need to do? Thank you, Priya`,
    },
  ]),
  ticket(104, who(people.marcus), `Refund for order ${orderName("refund-over-200")}`, 8, [
    {
      author: "customer",
      body: `Hello, please refund order ${orderName("refund-over-200")} in full. I don't need the rain shell jacket or the weekender bag after all. Both are unused, with the tags still on. I'd like my money back to my card, thanks.`,
    },
  ]),
  ticket(105, who(people.sofia), "Mugs arrived broken", 3, [
    {
      author: "customer",
      body: `Hello, my parcel for order ${orderName("damaged")} arrived on Wednesday and both ceramic travel mugs were shattered inside the box. The socks were fine. I've attached photos of the box and the broken mugs. Could you send replacements? They were meant to be a gift.`,
    },
  ]),
  ticket(106, who(people.greg), "Final warning before legal action", 6, [
    {
      author: "customer",
      body: `I have written twice about the down vest from order ${orderName("legal")} losing feathers everywhere and nobody has fixed it. This is unacceptable for a $160 vest. If I don't get my money back this week, my lawyer will be in touch and I will file a claim in small claims court.`,
    },
  ]),
  ticket(
    107,
    { name: "Jamie Rivera", email: "jamie.rivera@example.net" },
    "Gift order question",
    4,
    [
      {
        author: "customer",
        body: "Hi, I bought a scarf as a gift for my sister a couple of weeks ago, I think with a different email address. She'd like a different colour. Can you find the order and tell me how an exchange works? Thanks!",
      },
    ],
  ),
  ticket(108, who(people.aisha), "Wrong shipping address", 18, [
    {
      author: "customer",
      body: `Hi, I just placed order ${orderName("address-change")} and realised it's going to my old apartment. Could you please change the shipping address to 48 Beacon Street, Apt 3, Boston, MA 02108 before it ships? Sorry for the trouble, Aisha`,
    },
  ]),
  ticket(109, who(people.tom), "Please cancel my order", 1, [
    {
      author: "customer",
      body: `Hello, I ordered the rain shell jacket this morning (order ${orderName("cancel-24h")}) but I found one I already own in the closet. Could you cancel it before it ships and refund me? Thanks a lot, Tom`,
    },
  ]),
  ticket(110, who(people.hannah), "Return cashmere scarf", 26, [
    {
      author: "customer",
      body: `Hi, I'd like to return the cashmere scarf from order ${orderName("final-sale")}. The colour is more grey than the blue in the photos. It still has the tags on. How do I send it back?`,
    },
  ]),
  ticket(111, who(people.leo), "Return sweater", 30, [
    {
      author: "customer",
      body: `Hi, I want to return the merino sweater from order ${orderName("out-of-window")}. I only wore it a couple of times but it has started to pill. Can I send it back for a refund?`,
    },
  ]),
  ticket(112, who(people.evelyn), "Exchange for a smaller size", 7, [
    {
      author: "customer",
      body: `Hello lovely team, the merino crew from order ${orderName("vip")} is gorgeous as always, but the S is a touch big this season. Could I exchange it for an XS? Happy to send it back whenever suits. Warmly, Evelyn`,
    },
  ]),
  ticket(113, who(people.oliver), "Returning chinos (UK)", 22, [
    {
      author: "customer",
      body: `Hiya, I'm in Manchester and received order ${orderName("gbp")} last week. The chinos in 34 are too long in the leg, so I'd like to return them for a refund. Do I need to pay for return postage from the UK?`,
    },
  ]),
  ticket(
    114,
    who(people.nadia),
    "I want to talk to a real person",
    9,
    [
      {
        author: "customer",
        body: "Hi, I have a question about my puffer vest order and when it will arrive. It's for a trip.",
        hoursAgo: 30,
      },
      {
        author: "agent",
        body: "Hi Nadia, thanks for reaching out! Your vest is on its way and should arrive within a day or two.",
        hoursAgo: 28,
      },
      {
        author: "customer",
        body: "That doesn't answer my question, I leave on Friday morning and need to know if it will be here before then. Please let me talk to a human, not a bot. I'd like someone to call me.",
        hoursAgo: 9,
      },
    ],
    { status: "open" },
  ),
  ticket(115, who(people.chris), "Package returned to sender??", 12, [
    {
      author: "customer",
      body: `The tracking for my weekender bag (order ${orderName("exception")}) says delivery was attempted and now it's being returned to sender. I was home all day and nobody came. The address is correct. Can you reship it or sort this out with the carrier?`,
    },
  ]),
  ticket(116, who(people.lina), "Refund status", 14, [
    {
      author: "customer",
      body: `Hi, you refunded one of the tees on order ${orderName("partially-refunded")} because of a loose seam. I can't see the money on my card yet. How long does it take, and was it the full price of the tee?`,
    },
  ]),
  ticket(117, who(people.sam), "Did you receive my return?", 16, [
    {
      author: "customer",
      body: `Hello, I sent back the trail runners from order ${orderName("return-open")} almost two weeks ago using your label. Could you check whether it has arrived and when my refund will go through?`,
    },
  ]),
  ticket(118, who(people.ruth), "Wholesale pricing for our shop", 40, [
    {
      author: "customer",
      body: "Hi, I own a small boutique in Oakland and loved the organic tees I ordered. Do you offer wholesale pricing for orders of 50+ units? We'd want a mix of sizes for spring. Best, Ruth",
    },
  ]),
];

const data = { version: 1, store, tickets };
parseDemoStore(data.store);
const target = join(import.meta.dirname, "..", "..", "..", "demo", "demo-data.json");
writeFileSync(target, `${JSON.stringify(data, null, 2)}\n`);
console.log(
  `wrote ${target}: ${store.customers.length} customers, ${store.products.length} products, ${store.orders.length} orders, ${tickets.length} tickets`,
);
