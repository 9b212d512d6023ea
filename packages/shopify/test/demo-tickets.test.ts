import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type CaseTicket, type Decision, decide } from "@countersign/policy";
import { beforeAll, describe, expect, it } from "vitest";
import { type CommerceClient, createShopifyCommerce } from "../src/commerce";
import { anchorDemoStore, parseDemoStore, shiftDemoTimestamps } from "../src/demo/data";
import { createDemoStore, demoStoreFetch } from "../src/demo/store";

// The demo tickets must show what they were written to show. Each one is read through the
// adapter over the anchored demo store, given the classification a reader would give it, and
// decided by the real policy engine with the default policy.

interface Ticket {
  id: number;
  subject: string;
  createdAt: string;
  requester: { email: string };
  comments: Array<{ author: string; body: string; createdAt: string }>;
}

const file = join(import.meta.dirname, "..", "..", "..", "demo", "demo-data.json");
const raw = JSON.parse(readFileSync(file, "utf8")) as { store: unknown; tickets: Ticket[] };
// Any "now" works: that is the point of the anchor.
const NOW = new Date("2030-06-15T08:30:00Z");
const { store, shiftMs } = anchorDemoStore(parseDemoStore(raw.store), NOW);
const tickets = shiftDemoTimestamps(raw.tickets, shiftMs);
let commerce: CommerceClient;

beforeAll(() => {
  commerce = createShopifyCommerce({
    shop: store.shop.domain,
    accessToken: "shpat_demo",
    fetch: demoStoreFetch(createDemoStore(store, { accessToken: "shpat_demo", now: () => NOW })),
  });
});

const read = (intent: CaseTicket["intent"], extra: Partial<CaseTicket> = {}): CaseTicket => ({
  intent,
  flags: [],
  confidence: 0.9,
  customerMessages: 1,
  requested: null,
  lineItemIds: null,
  newAddress: null,
  ...extra,
});

const expectations: Array<[number, CaseTicket, Partial<Decision>]> = [
  [101, read("order_status"), { action: "reply", tier: 1 }],
  [
    102,
    read("delivery_problem", { requested: "replacement" }),
    { action: "replace", approval: "agent" },
  ],
  [
    103,
    read("return", { requested: "refund" }),
    { action: "return", amount: 60, approval: "agent" },
  ],
  [104, read("refund"), { action: "refund", amount: 337, approval: "lead", tier: 3 }],
  [105, read("damaged_wrong_item", { requested: "replacement" }), { action: "replace" }],
  [106, read("refund", { flags: ["legal_threat"] }), { action: "escalate", approval: "human" }],
  [107, read("exchange"), { action: "reply", amount: null }],
  [
    108,
    read("address_change", {
      newAddress: {
        address1: "48 Beacon Street",
        address2: "Apt 3",
        city: "Boston",
        province: "MA",
        zip: "02108",
        countryCode: "US",
      },
    }),
    { action: "update_address", approval: "none" },
  ],
  [109, read("cancel"), { action: "cancel", amount: 189, approval: "agent" }],
  [110, read("return"), { action: "decline", tier: 3 }],
  [111, read("return"), { action: "decline", tier: 3 }],
  [112, read("exchange", { requested: "exchange" }), { action: "escalate", approval: "human" }],
  [113, read("return", { requested: "refund" }), { action: "return", currency: "GBP" }],
  [
    114,
    read("order_status", { flags: ["human_requested", "frustrated"], customerMessages: 2 }),
    { action: "escalate", approval: "human" },
  ],
  [115, read("delivery_problem"), { action: "replace", approval: "agent" }],
  [116, read("payment_invoice"), { action: "reply" }],
  [117, read("order_status"), { action: "reply" }],
  [118, read("wholesale"), { action: "escalate", approval: "human" }],
];

describe("the demo tickets lead to the decisions they were written for", () => {
  it("covers every bundled ticket", () => {
    expect(expectations.map(([id]) => id).sort()).toEqual(tickets.map((t) => t.id).sort());
  });

  it.each(expectations)("ticket %i", async (id, ticket, expected) => {
    const source = tickets.find((candidate) => candidate.id === id);
    expect(source).toBeDefined();
    const text = [
      source?.subject ?? "",
      ...(source?.comments ?? []).filter((c) => c.author === "customer").map((c) => c.body),
    ].join("\n");
    const context = await commerce.getTicketContext({
      email: source?.requester.email ?? null,
      text,
      now: NOW,
    });
    // A ticket is written after its order and before "now".
    expect(Date.parse(source?.createdAt ?? "")).toBeLessThanOrEqual(NOW.getTime());
    const result = decide({
      now: NOW.toISOString(),
      ticket,
      customer: context.customer,
      order: context.order,
    });
    if (!result.ok) {
      throw result.error;
    }
    expect(result.value).toMatchObject(expected);
  });
});
