// Decisions per second and the p99 latency of one decision, on one core, over a mix of
// generated cases (every intent, with and without orders, default and team policies).
// The cases are built first; only evaluate() is timed.
import fc from "fast-check";
import { evaluate, type Policy, resolvePolicy } from "../src/index";
import { caseArbitrary } from "../src/testing/index";

const CASES = 20_000;
const cases = fc.sample(caseArbitrary, { numRuns: CASES, seed: 42 });
const teamPolicy = resolvePolicy({
  returnWindowDays: 45,
  autoRefundLimit: 75,
  agentRefundLimit: 250,
  tagWindows: [{ tag: "sale", days: 14 }],
  keepItemBelow: 20,
  serialReturnerLimit: 5,
  storeCreditBonusPercent: 10,
});
const policies: (Policy | undefined)[] = cases.map((_, index) =>
  index % 2 === 0 ? undefined : teamPolicy,
);

let sink = 0;
function runAll(): void {
  for (let index = 0; index < cases.length; index += 1) {
    sink += evaluate(cases[index] as (typeof cases)[number], policies[index]).reasons.length;
  }
}

// warm-up so the JIT has settled before timing
for (let round = 0; round < 5; round += 1) {
  runAll();
}

// throughput: whole passes for at least two seconds
let decisions = 0;
const started = process.hrtime.bigint();
let elapsedNs = 0n;
while (elapsedNs < 2_000_000_000n) {
  runAll();
  decisions += cases.length;
  elapsedNs = process.hrtime.bigint() - started;
}
const perSecond = decisions / (Number(elapsedNs) / 1e9);

// latency: each decision timed on its own
const samples = new Float64Array(cases.length * 3);
let at = 0;
for (let round = 0; round < 3; round += 1) {
  for (let index = 0; index < cases.length; index += 1) {
    const t0 = process.hrtime.bigint();
    sink += evaluate(cases[index] as (typeof cases)[number], policies[index]).reasons.length;
    samples[at] = Number(process.hrtime.bigint() - t0) / 1000;
    at += 1;
  }
}
samples.sort();
const quantile = (q: number) =>
  samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;

const round2 = (value: number) => Math.round(value * 100) / 100;
console.log(`# ${CASES} generated cases, ${decisions} timed decisions (checksum ${sink})`);
console.log(
  JSON.stringify({
    name: "policy.decide.throughput",
    value: Math.round(perSecond),
    unit: "decisions/s",
  }),
);
console.log(
  JSON.stringify({ name: "policy.decide.p50", value: round2(quantile(0.5)), unit: "µs" }),
);
console.log(
  JSON.stringify({ name: "policy.decide.p99", value: round2(quantile(0.99)), unit: "µs" }),
);
