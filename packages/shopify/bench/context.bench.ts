// What one ticket's context costs: Admin API calls, Shopify query cost and latency, for every
// bundled demo ticket, with the adapter talking HTTP to the demo store on a local port.
// Prints one JSON figure per line ({"name","value","unit"}), as `npm run bench` expects.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createShopifyCommerce } from "../src/commerce";
import { anchorDemoStore, parseDemoStore } from "../src/demo/data";
import { createDemoStore } from "../src/demo/store";
import { loadAdminSchema } from "../src/schema";

interface Ticket {
  subject: string;
  requester: { email: string };
  comments: Array<{ author: string; body: string }>;
}

const ROUNDS = 5;
const TOKEN = "shpat_bench";

function figure(name: string, value: number, unit: string): void {
  console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit }));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const schemaStart = performance.now();
loadAdminSchema();
figure("shopify.schema.load_ms", performance.now() - schemaStart, "ms");

const file = join(import.meta.dirname, "..", "..", "..", "demo", "demo-data.json");
const raw = JSON.parse(readFileSync(file, "utf8")) as { store: unknown; tickets: Ticket[] };
const { store } = anchorDemoStore(parseDemoStore(raw.store), new Date());
const demo = createDemoStore(store, {
  accessToken: TOKEN,
  bucket: { maximumAvailable: 1_000_000, restoreRate: 1_000_000 },
});

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (typeof value === "string") {
      headers.set(key, value);
    }
  }
  const response = await demo.handle(
    new Request(`http://localhost${req.url ?? "/"}`, {
      method: req.method ?? "POST",
      headers,
      body: Buffer.concat(chunks),
    }),
  );
  res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
  res.end(Buffer.from(await response.arrayBuffer()));
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = (server.address() as AddressInfo).port;

// The adapter sends https://<shop>/admin/api/…; the local fetch swaps only the origin.
const commerce = createShopifyCommerce({
  shop: store.shop.domain,
  accessToken: TOKEN,
  fetch: (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    return fetch(`http://127.0.0.1:${port}${url.pathname}`, init);
  },
});

const calls: number[] = [];
const requested: number[] = [];
const actual: number[] = [];
const latencies: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  for (const ticket of raw.tickets) {
    const text = [
      ticket.subject,
      ...ticket.comments.filter((c) => c.author === "customer").map((c) => c.body),
    ].join("\n");
    const start = performance.now();
    const context = await commerce.getTicketContext({ email: ticket.requester.email, text });
    const elapsed = performance.now() - start;
    if (round > 0) {
      latencies.push(elapsed);
    }
    if (round === 0) {
      calls.push(context.usage.calls);
      requested.push(context.usage.requestedCost);
      actual.push(context.usage.actualCost);
    }
  }
}
server.close();

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
figure("shopify.context.tickets", raw.tickets.length, "tickets");
figure("shopify.context.admin_calls_mean", mean(calls), "calls/ticket");
figure("shopify.context.admin_calls_max", Math.max(...calls), "calls/ticket");
figure("shopify.context.requested_cost_mean", mean(requested), "points/ticket");
figure("shopify.context.requested_cost_max", Math.max(...requested), "points/ticket");
figure("shopify.context.actual_cost_mean", mean(actual), "points/ticket");
figure("shopify.context.actual_cost_max", Math.max(...actual), "points/ticket");
figure("shopify.context.latency_p50", percentile(latencies, 50), "ms");
figure("shopify.context.latency_p95", percentile(latencies, 95), "ms");
