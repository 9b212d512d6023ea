// Brief latency: time to a prepared brief against simulated upstream latency (Shopify 150 ms a
// call, model 800 ms a call) and its ratio to the critical path; time to serve a prepared brief.
import type { Classifier, Drafter } from "@countersign/assistant";
import { createShopifyCommerce, demoStoreFetch } from "@countersign/shopify";
import { DEMO_STORE_TOKEN } from "../src/compose";
import { prepareBrief } from "../src/use-cases/prepare-brief";
import { createHarness } from "../test/harness";

const shopifyMs = 150;
const modelMs = 800;

function figure(name: string, value: number, unit: string): void {
  console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit }));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const harness = await createHarness(undefined, { demo: true });
const { deps } = harness;
let shopifyCalls = 0;
const slowFetch = demoStoreFetch(harness.store);
deps.commerceFor = () =>
  createShopifyCommerce({
    shop: "northwind-threads.myshopify.com",
    accessToken: DEMO_STORE_TOKEN,
    fetch: async (input, init) => {
      shopifyCalls += 1;
      await sleep(shopifyMs);
      return slowFetch(input, init);
    },
  });
const classifier: Classifier = deps.classifier;
const drafter: Drafter = deps.drafter;
deps.classifier = {
  classify: async (ticket) => {
    await sleep(modelMs);
    return classifier.classify(ticket);
  },
};
deps.drafter = {
  draft: async (input) => {
    await sleep(modelMs);
    return drafter.draft(input);
  },
};

// 1. Preparing: every demo ticket once, sequentially, so each is timed alone.
const ratios: number[] = [];
const prepareTimes: number[] = [];
for (const ticket of harness.helpdesk.listTickets()) {
  shopifyCalls = 0;
  const started = performance.now();
  await prepareBrief({ deps, input: { installation: harness.installation, ticketId: ticket.id } });
  const elapsed = performance.now() - started;
  // Shopify's calls are sequential (the second depends on the first); the classifier runs beside
  // them; the draft needs the decision, which needs both.
  const criticalPath = Math.max(shopifyCalls * shopifyMs, modelMs) + modelMs;
  prepareTimes.push(elapsed);
  ratios.push(elapsed / criticalPath);
}
figure("brief.prepare.p50 (simulated upstream latency)", percentile(prepareTimes, 50), "ms");
figure("brief.prepare.max (simulated upstream latency)", Math.max(...prepareTimes), "ms");
figure("brief.prepare.ratio_to_critical_path.p50", percentile(ratios, 50), "x");
figure("brief.prepare.ratio_to_critical_path.max", Math.max(...ratios), "x");

// 2. Serving a prepared brief through the HTTP app (token check, helpdesk read, database read).
const serveTimes: number[] = [];
const ticketIds = harness.helpdesk.listTickets().map((ticket) => ticket.id);
for (let round = 0; round < 20; round++) {
  for (const ticketId of ticketIds) {
    const token = await harness.token({ sub: "1", jti: crypto.randomUUID() });
    const started = performance.now();
    const response = await harness.app.request(`/api/tickets/${ticketId}/brief`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const view = (await response.json()) as { status: string };
    serveTimes.push(performance.now() - started);
    if (view.status !== "ready") {
      throw new Error(`ticket ${ticketId} was not served from the database (${view.status})`);
    }
  }
}
figure("brief.serve_prepared.p50", percentile(serveTimes, 50), "ms");
figure("brief.serve_prepared.p95", percentile(serveTimes, 95), "ms");
await harness.close();
