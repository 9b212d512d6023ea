import { type DemoStore, parseDemoStore } from "../demo/data";

/** The moment the contract fixture is written as of. */
export const CONTRACT_NOW = new Date("2026-11-20T12:00:00Z");
export const CONTRACT_SHOP = "contract-test.myshopify.com";
export const CONTRACT_TOKEN = "shpat_contract";

const address = (name: string, city: string, zip: string, countryCode = "US") => ({
  name,
  address1: "1 Test Street",
  city,
  zip,
  countryCode,
  provinceCode: countryCode === "US" ? "OR" : null,
});

const sale = (id: string, amount: number, createdAt: string) => ({
  id,
  kind: "SALE" as const,
  gateway: "shopify_payments",
  amount,
  createdAt,
});

/**
 * A small store the contract battery knows by heart:
 * - alice: #2001 delivered 10 days ago (2 tees at 30, a wallet at 45, shipping 8 = 113),
 *   #2002 unfulfilled, placed 2 hours ago (jacket 189), #2000 cancelled and refunded;
 * - bob: #2003 paid in GBP, delivered; one earlier return closed 100 days ago;
 * - carol (VIP): #2004 in transit, due in two days, with a final-sale scarf.
 */
export function contractStore(): DemoStore {
  return parseDemoStore({
    shop: {
      name: "Contract Test",
      domain: CONTRACT_SHOP,
      currency: "USD",
      exchangeRates: { GBP: 1.25 },
    },
    anchor: { newestOrderAgeHours: 2 },
    customers: [
      {
        id: "1",
        firstName: "Alice",
        lastName: "Ames",
        email: "alice@example.com",
        createdAt: "2025-01-01T00:00:00Z",
      },
      {
        id: "2",
        firstName: "Bob",
        lastName: "Brown",
        email: "bob@example.co.uk",
        createdAt: "2025-01-01T00:00:00Z",
        priorSpend: 100,
        priorOrders: 2,
      },
      {
        id: "3",
        firstName: "Carol",
        lastName: "Cho",
        email: "carol@example.com",
        tags: ["VIP"],
        createdAt: "2024-01-01T00:00:00Z",
        priorSpend: 1500,
        priorOrders: 9,
      },
    ],
    products: [
      {
        id: "10",
        title: "Tee",
        tags: ["tees"],
        imageUrl: "https://cdn.example.com/tee.jpg",
        variants: [
          { id: "100", title: "M", sku: "TEE-M", price: 30 },
          { id: "101", title: "L", sku: "TEE-L", price: 30 },
        ],
      },
      {
        id: "11",
        title: "Wallet",
        variants: [{ id: "110", title: "Default", sku: "WAL", price: 45 }],
      },
      {
        id: "12",
        title: "Jacket",
        variants: [{ id: "120", title: "M", sku: "JAC-M", price: 189 }],
      },
      {
        id: "13",
        title: "Chino",
        variants: [{ id: "130", title: "32", sku: "CHI-32", price: 64 }],
      },
      {
        id: "14",
        title: "Scarf",
        tags: ["final-sale"],
        variants: [{ id: "140", title: "Default", sku: "SCA", price: 120 }],
      },
    ],
    orders: [
      {
        id: "3000",
        name: "#2000",
        customerId: "1",
        email: "alice@example.com",
        createdAt: "2026-11-01T10:00:00Z",
        cancelledAt: "2026-11-01T12:00:00Z",
        cancelReason: "CUSTOMER",
        currency: "USD",
        shippingAddress: address("Alice Ames", "Portland", "97205"),
        lineItems: [{ id: "30000", variantId: "110", quantity: 1, unitPrice: 45 }],
        shippingPrice: 8,
        transactions: [sale("90000", 53, "2026-11-01T10:00:00Z")],
        refunds: [
          {
            id: "70000",
            createdAt: "2026-11-01T12:00:00Z",
            note: "Order cancelled",
            lineItems: [{ lineItemId: "30000", quantity: 1, restockType: "CANCEL" }],
            shipping: 8,
            transactions: [
              {
                id: "90001",
                kind: "REFUND",
                gateway: "shopify_payments",
                amount: 53,
                parentId: "90000",
                createdAt: "2026-11-01T12:00:00Z",
              },
            ],
          },
        ],
      },
      {
        id: "3001",
        name: "#2001",
        customerId: "1",
        email: "alice@example.com",
        createdAt: "2026-11-06T10:00:00Z",
        currency: "USD",
        shippingAddress: address("Alice Ames", "Portland", "97205"),
        lineItems: [
          { id: "30010", variantId: "100", quantity: 2, unitPrice: 30 },
          { id: "30011", variantId: "110", quantity: 1, unitPrice: 50, unitDiscount: 5 },
        ],
        shippingPrice: 8,
        transactions: [sale("90010", 113, "2026-11-06T10:00:00Z")],
        fulfillments: [
          {
            id: "40010",
            displayStatus: "DELIVERED",
            createdAt: "2026-11-07T15:00:00Z",
            inTransitAt: "2026-11-08T02:00:00Z",
            deliveredAt: "2026-11-10T14:00:00Z",
            tracking: {
              company: "UPS",
              number: "1Z0001",
              url: "https://www.ups.com/track?tracknum=1Z0001",
            },
            lineItems: [
              { id: "50010", lineItemId: "30010", quantity: 2 },
              { id: "50011", lineItemId: "30011", quantity: 1 },
            ],
            events: [
              { status: "IN_TRANSIT", happenedAt: "2026-11-08T02:00:00Z", city: "Memphis" },
              { status: "DELIVERED", happenedAt: "2026-11-10T14:00:00Z", city: "Portland" },
            ],
          },
        ],
      },
      {
        id: "3002",
        name: "#2002",
        customerId: "1",
        email: "alice@example.com",
        createdAt: "2026-11-20T10:00:00Z",
        currency: "USD",
        shippingAddress: address("Alice Ames", "Portland", "97205"),
        lineItems: [{ id: "30020", variantId: "120", quantity: 1, unitPrice: 189 }],
        transactions: [sale("90020", 189, "2026-11-20T10:00:00Z")],
      },
      {
        id: "3003",
        name: "#2003",
        customerId: "2",
        email: "bob@example.co.uk",
        createdAt: "2026-11-04T10:00:00Z",
        currency: "GBP",
        shippingAddress: address("Bob Brown", "Leeds", "LS1 4DY", "GB"),
        lineItems: [{ id: "30030", variantId: "130", quantity: 1, unitPrice: 51.2 }],
        shippingPrice: 4.95,
        transactions: [sale("90030", 56.15, "2026-11-04T10:00:00Z")],
        fulfillments: [
          {
            id: "40030",
            displayStatus: "DELIVERED",
            createdAt: "2026-11-05T15:00:00Z",
            deliveredAt: "2026-11-08T11:00:00Z",
            tracking: { company: "Royal Mail", number: "RM1GB", url: null },
            lineItems: [{ id: "50030", lineItemId: "30030", quantity: 1 }],
          },
        ],
        returns: [],
      },
      {
        id: "2990",
        name: "#1990",
        customerId: "2",
        email: "bob@example.co.uk",
        createdAt: "2026-07-01T10:00:00Z",
        currency: "GBP",
        lineItems: [{ id: "29900", variantId: "101", quantity: 1, unitPrice: 24 }],
        transactions: [sale("89900", 24, "2026-07-01T10:00:00Z")],
        fulfillments: [
          {
            id: "39900",
            displayStatus: "DELIVERED",
            createdAt: "2026-07-02T10:00:00Z",
            deliveredAt: "2026-07-05T10:00:00Z",
            lineItems: [{ id: "49900", lineItemId: "29900", quantity: 1 }],
          },
        ],
        returns: [
          {
            id: "60000",
            name: "#1990-R1",
            status: "CLOSED",
            createdAt: "2026-08-12T10:00:00Z",
            closedAt: "2026-08-20T10:00:00Z",
            lineItems: [{ id: "61000", fulfillmentLineItemId: "49900", quantity: 1 }],
          },
        ],
      },
      {
        id: "3004",
        name: "#2004",
        customerId: "3",
        email: "carol@example.com",
        createdAt: "2026-11-17T10:00:00Z",
        currency: "USD",
        shippingAddress: address("Carol Cho", "Portland", "97205"),
        lineItems: [{ id: "30040", variantId: "140", quantity: 1, unitPrice: 120 }],
        transactions: [sale("90040", 120, "2026-11-17T10:00:00Z")],
        fulfillments: [
          {
            id: "40040",
            displayStatus: "IN_TRANSIT",
            createdAt: "2026-11-18T15:00:00Z",
            inTransitAt: "2026-11-19T02:00:00Z",
            estimatedDeliveryAt: "2026-11-22T20:00:00Z",
            tracking: {
              company: "USPS",
              number: "9400100",
              url: "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100",
            },
            lineItems: [{ id: "50040", lineItemId: "30040", quantity: 1 }],
            events: [
              {
                status: "IN_TRANSIT",
                happenedAt: "2026-11-19T02:00:00Z",
                city: "Reno",
                country: "US",
              },
            ],
          },
        ],
      },
    ],
  });
}
