import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../src/main";

const root = join(import.meta.dirname, "..", "..", "..");
const fixtures = join(root, "packages", "policy", "__fixtures__");
const samplePath = join(fixtures, "replay-sample.jsonl");
const alternativePath = join(fixtures, "replay-alternative-policy.json");
const sampleLines = readFileSync(samplePath, "utf8").trim().split("\n");
const exampleCase = JSON.parse(readFileSync(join(fixtures, "example-case.json"), "utf8"));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString("utf8");
}

async function run(args: string[], input: string | Readable): Promise<Run> {
  const stdin = typeof input === "string" ? Readable.from([input]) : input;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const code = await main(["decide", ...args], { stdin, stdout, stderr });
  return { code, stdout: out(), stderr: err() };
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .trim()
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));
}

function line(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

type Json = Record<string, unknown>;

function sumAmounts(outputs: Json[]): Record<string, number> {
  const cents: Record<string, number> = {};
  for (const output of outputs) {
    const decision = output.decision as { amount: number | null; currency: string | null };
    if (decision.amount !== null && decision.currency !== null) {
      cents[decision.currency] =
        (cents[decision.currency] ?? 0) + Math.round(decision.amount * 100);
    }
  }
  return Object.fromEntries(Object.entries(cents).map(([currency, c]) => [currency, c / 100]));
}

describe("countersign decide", () => {
  it("writes one decision per valid line, in order, with the line's id", async () => {
    const input = [
      line({ id: "a", case: exampleCase }),
      line({ id: 2, case: exampleCase, policy: { autoRefundLimit: 100 } }),
      line({
        id: "c",
        case: { ...exampleCase, ticket: { ...exampleCase.ticket, intent: "sizing" } },
      }),
    ].join("");
    const result = await run([], input);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const outputs = jsonLines(result.stdout);
    expect(outputs.map((output) => output.id)).toEqual(["a", 2, "c"]);
    expect(outputs[0]?.decision).toMatchObject({ action: "return", approval: "agent", amount: 60 });
    expect(outputs[1]?.decision).toMatchObject({ action: "return", approval: "none", amount: 60 });
    expect(outputs[2]?.decision).toMatchObject({ action: "reply", amount: null });
  });

  it("names the field for each bad line and goes on", async () => {
    const badTotal = { ...exampleCase, order: { ...exampleCase.order, total: "120" } };
    const badItem = { ...exampleCase, ticket: { ...exampleCase.ticket, lineItemIds: ["li_7"] } };
    const input = [
      "{not json\n",
      line({ id: "t1", case: badTotal }),
      line({ id: "t2", case: badItem }),
      line({ id: "t3", case: exampleCase, policy: { returnWindow: 45 } }),
      line({ id: "t4", case: exampleCase, policy: { vip: { automate: "yes" } } }),
      line({ id: "t5" }),
      line([1, 2]),
      line({ id: { nested: true }, case: exampleCase }),
      "\n",
      line({ id: "ok", case: exampleCase }),
    ].join("");
    const result = await run([], input);
    expect(result.code).toBe(0);
    const outputs = jsonLines(result.stdout);
    expect(outputs).toHaveLength(9);
    expect(outputs[0]).toEqual({ id: null, error: expect.stringMatching(/^line: not valid JSON/) });
    expect(outputs[1]).toEqual({ id: "t1", error: expect.stringContaining("case.order.total:") });
    expect(outputs[2]).toEqual({
      id: "t2",
      error: 'case.ticket.lineItemIds.0: "li_7" is not a line item of order #1042',
    });
    expect(outputs[3]).toEqual({ id: "t3", error: "policy.returnWindow: unknown key" });
    expect(outputs[4]).toEqual({
      id: "t4",
      error: expect.stringContaining("policy.vip.automate:"),
    });
    expect(outputs[5]).toEqual({ id: "t5", error: "case: missing" });
    expect(outputs[6]).toEqual({
      id: null,
      error: expect.stringContaining("line: expected an object"),
    });
    expect(outputs[7]).toEqual({ id: null, error: "id: expected a string or a number" });
    expect(outputs[8]).toMatchObject({ id: "ok", decision: { action: "return" } });
  });

  it("streams: answers a line before the next one arrives", async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const done = main(["decide"], { stdin, stdout, stderr });
    stdin.write(line({ id: "first", case: exampleCase }));
    const [chunk] = await once(stdout, "data");
    expect(JSON.parse(String(chunk)).id).toBe("first");
    stdin.end(line({ id: "second", case: exampleCase }));
    const [second] = await once(stdout, "data");
    expect(JSON.parse(String(second)).id).toBe("second");
    expect(await done).toBe(0);
  });

  it("decides many lines with back-pressure", async () => {
    const count = 3000;
    const input = Readable.from(
      (function* () {
        for (let index = 0; index < count; index += 1) {
          yield `${sampleLines[index % sampleLines.length]}\n`;
        }
      })(),
    );
    const result = await run([], input);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toHaveLength(count);
  });

  it("prints usage with --help and rejects unknown options", async () => {
    const help = await run(["--help"], "");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: countersign decide");
    expect(help.stdout).toContain("--compare");
    const bad = await run(["--frobnicate"], "");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown option "--frobnicate"');
    const missing = await run(["--compare"], "");
    expect(missing.code).toBe(2);
  });

  it("exits 1 when standard input cannot be read", async () => {
    const stdin = new Readable({
      read() {
        this.destroy(new Error("EIO: input went away"));
      },
    });
    const result = await run([], stdin);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("EIO: input went away");
  });

  it("is listed in countersign --help", async () => {
    const stdout = new PassThrough();
    const out = collect(stdout);
    await main(["--help"], { stdin: Readable.from([]), stdout, stderr: new PassThrough() });
    expect(out()).toMatch(/decide\s+Decide returns-policy cases/);
  });
});

describe("countersign decide --compare", () => {
  it("reports the changed decisions and the money under each policy on the sample", async () => {
    const sample = readFileSync(samplePath, "utf8");
    const alternative = JSON.parse(readFileSync(alternativePath, "utf8"));
    const result = await run(["--compare", alternativePath], sample);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.cases).toBe(sampleLines.length);
    expect(sampleLines.length).toBeGreaterThanOrEqual(30);
    expect(report.errors).toEqual([]);

    // money moved must equal what `decide` gives line by line under each policy
    const before = jsonLines((await run([], sample)).stdout);
    const underB = sampleLines
      .map((text) => ({ ...JSON.parse(text), policy: alternative }))
      .map(line)
      .join("");
    const after = jsonLines((await run([], underB)).stdout);
    expect(report.before.moneyMoved).toEqual(sumAmounts(before));
    expect(report.after.moneyMoved).toEqual(sumAmounts(after));

    // and the changes are exactly the lines whose action, amount, approval or tier differ
    const changed = before
      .map((output, index) => [output, after[index] as Json] as const)
      .filter(([a, b]) => {
        const x = a.decision as Json;
        const y = b.decision as Json;
        return (
          x.action !== y.action ||
          x.amount !== y.amount ||
          x.approval !== y.approval ||
          x.tier !== y.tier
        );
      })
      .map(([a]) => a.id);
    expect(report.changes.map((change: Json) => change.id)).toEqual(changed);
    expect(report.changed).toBe(changed.length);
    expect(changed.length).toBeGreaterThan(5);

    // a known change: a 12.00 return falls under the 20.00 keep-item threshold
    expect(report.changes[0]).toEqual({
      id: "t-001",
      before: { action: "return", amount: 12, approval: "none", tier: 2 },
      after: { action: "refund", amount: 12, approval: "none", tier: 2 },
    });
  });

  it("counts bad lines as errors in the report", async () => {
    const input = [sampleLines[0], "{oops", line({ id: "x", case: {} })].join("\n");
    const result = await run(["--compare", alternativePath], input);
    const report = JSON.parse(result.stdout);
    expect(report.cases).toBe(1);
    expect(report.errors).toHaveLength(2);
    expect(report.errors[1].id).toBe("x");
  });

  it("rejects an invalid compare policy, naming the key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "decide-"));
    const path = join(dir, "policy.json");
    writeFileSync(path, JSON.stringify({ autoRefundLimit: "lots" }));
    const result = await run(["--compare", path], sampleLines[0] ?? "");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("compare.autoRefundLimit:");
    expect(result.stdout).toBe("");

    writeFileSync(path, "{");
    expect((await run([`--compare=${path}`], "")).stderr).toContain("not valid JSON");
    expect((await run(["--compare", join(dir, "nope.json")], "")).stderr).toContain("cannot read");
  });
});

describe("the installed command (end to end)", () => {
  it("runs node apps/cli/bin/countersign.js decide from the repository root", () => {
    const input = `${sampleLines.slice(0, 3).join("\n")}\n{bad\n`;
    const child = spawnSync(process.execPath, ["apps/cli/bin/countersign.js", "decide"], {
      cwd: root,
      input,
      encoding: "utf8",
    });
    expect(child.status).toBe(0);
    const outputs = jsonLines(child.stdout);
    expect(outputs.map((output) => output.id)).toEqual(["t-001", "t-002", "t-003", null]);
    expect(outputs[0]?.decision).toMatchObject({ action: "return", amount: 12 });
    expect(outputs[3]?.error).toMatch(/^line: not valid JSON/);
  });
});
