// Offline classifier: throughput and accuracy per dataset, with confusion matrices.
// Claude path: tokens and cost per ticket through a mocked API (msw), cached and uncached.
// Token counts in the mock are estimates (characters / 3, the 5.x tokenizer's rough ratio);
// the cost arithmetic is the product's own (priceUsage).
import { performance } from "node:perf_hooks";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import type { Usage } from "../src/classification";
import { createClaudeClassifier } from "../src/claude-classifier";
import { createClaudeDrafter } from "../src/claude-drafter";
import { classifyOffline } from "../src/offline-classifier";
import { createTemplateDrafter } from "../src/template-drafter";
import { draftInput } from "../test/support/draft-fixtures";
import {
  type EvalRow,
  evaluate,
  formatConfusion,
  loadBitext,
  loadClinc,
  loadEmails,
} from "../test/support/eval-sets";

function figure(name: string, value: number, unit: string): void {
  console.log(JSON.stringify({ name, value: Number(value.toFixed(6)), unit }));
}

// --- offline accuracy -------------------------------------------------------------------
const bitext = loadBitext();
const clinc = loadClinc();
const emails: EvalRow[] = loadEmails().map((email) => ({
  id: email.id,
  ...(email.subject === undefined ? {} : { subject: email.subject }),
  body: email.body,
  accepted: email.intent,
  expected: email.intent[0] ?? "other",
  flags: email.flags,
  sourceLabel: "email",
}));
const predict = (row: EvalRow) =>
  classifyOffline({ subject: row.subject ?? null, body: row.body }).intent;

for (const [name, rows] of [
  ["bitext", bitext],
  ["clinc150", clinc],
  ["emails", emails],
] as const) {
  const report = evaluate(rows, predict);
  figure(`offline intent accuracy (${name}, ${rows.length} rows)`, report.accuracy * 100, "%");
  console.log(`confusion matrix, ${name} (rows: expected, columns: predicted)`);
  for (const line of formatConfusion(report)) {
    console.log(`  ${line}`);
  }
}
const clincOrderStatus = clinc.filter((row) => row.sourceLabel === "order_status");
figure(
  "offline order_status recall (clinc150)",
  evaluate(clincOrderStatus, predict).accuracy * 100,
  "%",
);
const humanRows = bitext.filter((row) => row.flags.includes("human_requested"));
const humanRaised = humanRows.filter((row) =>
  classifyOffline({ body: row.body }).flags.includes("human_requested"),
).length;
figure(
  "human_requested recall (bitext contact_human_agent)",
  (humanRaised / humanRows.length) * 100,
  "%",
);

// --- offline throughput -----------------------------------------------------------------
const sample = [...bitext, ...emails];
for (const row of sample.slice(0, 500)) {
  classifyOffline({ body: row.body });
}
const started = performance.now();
let classified = 0;
while (performance.now() - started < 2_000) {
  for (const row of sample) {
    classifyOffline({ subject: row.subject ?? null, body: row.body });
  }
  classified += sample.length;
}
const seconds = (performance.now() - started) / 1000;
figure("offline classification throughput", classified / seconds, "tickets/s");

// --- Claude path through a mocked API ---------------------------------------------------
const BASE_URL = "http://anthropic.bench";
const estimateTokens = (text: string) => Math.ceil(text.length / 3);
let cacheMode: "warm" | "none" = "warm";
const seenPrefixes = new Set<string>();

interface SentBody {
  model: string;
  system: Array<{ text: string }>;
  messages: Array<{ content: string }>;
}

const server = setupServer(
  http.post(`${BASE_URL}/v1/messages`, async ({ request }) => {
    const body = (await request.json()) as SentBody;
    const prefix = body.system.map((block) => block.text).join("\n");
    const prefixTokens = estimateTokens(prefix);
    const userTokens = estimateTokens(body.messages.map((message) => message.content).join("\n"));
    const isDraft = prefix.includes("Brand voice:");
    const text = isDraft
      ? JSON.stringify({
          reply:
            "Hi Priya,\n\nOnce the Night Cream from order #1042 is back with us, we will refund $60.00 to your original payment method.\n\nWarmly,\nThe Lumen team",
        })
      : JSON.stringify({
          intent: "order_status",
          flags: [],
          sentiment: "neutral",
          urgency: "normal",
          confidence: 0.93,
        });
    const cached = cacheMode === "warm" && seenPrefixes.has(prefix);
    const write = cacheMode === "warm" && !cached;
    seenPrefixes.add(prefix);
    return HttpResponse.json({
      id: "msg_bench",
      type: "message",
      role: "assistant",
      model: body.model,
      content: [{ type: "text", text }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: {
        input_tokens: userTokens + (cacheMode === "none" ? prefixTokens : 0),
        output_tokens: estimateTokens(text),
        cache_creation_input_tokens: write ? prefixTokens : 0,
        cache_read_input_tokens: cached ? prefixTokens : 0,
      },
    });
  }),
);
server.listen({ onUnhandledFrame: "error" });

function mean(usages: Usage[], pick: (usage: Usage) => number): number {
  return usages.reduce((sum, usage) => sum + pick(usage), 0) / usages.length;
}

async function measure(label: string, mode: "warm" | "none"): Promise<number> {
  cacheMode = mode;
  seenPrefixes.clear();
  const classifier = createClaudeClassifier({ apiKey: "bench", baseURL: BASE_URL, maxRetries: 0 });
  const drafter = createClaudeDrafter({ apiKey: "bench", baseURL: BASE_URL, maxRetries: 0 });
  const classifyUsage: Usage[] = [];
  const draftUsage: Usage[] = [];
  for (const email of emails) {
    const result = await classifier.classify({ subject: email.subject ?? null, body: email.body });
    if (result.usage !== undefined) {
      classifyUsage.push(result.usage);
    }
    const draft = await drafter.draft(draftInput("return", { customerMessage: email.body }));
    if (draft.usage !== undefined) {
      draftUsage.push(draft.usage);
    }
  }
  for (const [what, usages] of [
    ["classify", classifyUsage],
    ["draft", draftUsage],
  ] as const) {
    figure(
      `${what} input tokens per ticket (${label})`,
      mean(usages, (u) => u.inputTokens),
      "tokens",
    );
    figure(
      `${what} cache-read tokens per ticket (${label})`,
      mean(usages, (u) => u.cacheReadTokens),
      "tokens",
    );
    figure(
      `${what} cache-write tokens per ticket (${label})`,
      mean(usages, (u) => u.cacheWriteTokens),
      "tokens",
    );
    figure(
      `${what} output tokens per ticket (${label})`,
      mean(usages, (u) => u.outputTokens),
      "tokens",
    );
    figure(
      `${what} cost per ticket (${label})`,
      mean(usages, (u) => u.costUsd),
      "USD",
    );
  }
  const total = mean(classifyUsage, (u) => u.costUsd) + mean(draftUsage, (u) => u.costUsd);
  figure(`classify + draft cost per ticket (${label})`, total, "USD");
  return total;
}

console.log(`Claude path over ${emails.length} fixed tickets (mocked API, estimated tokens):`);
await measure("cached", "warm");
await measure("uncached", "none");
server.close();

// The template drafter costs nothing; timed for completeness.
const templates = createTemplateDrafter();
const draftStart = performance.now();
for (let i = 0; i < 2_000; i += 1) {
  await templates.draft(draftInput("return"));
}
figure(
  "template drafts with fact check",
  2_000 / ((performance.now() - draftStart) / 1000),
  "drafts/s",
);
