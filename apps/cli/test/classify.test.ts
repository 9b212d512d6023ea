import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/main";

const root = join(import.meta.dirname, "..", "..", "..");
const MOCK_BASE_URL = "http://anthropic.test";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString("utf8");
}

async function run(args: string[], input: string | Readable) {
  const stdin = typeof input === "string" ? Readable.from([input]) : input;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const code = await main(["classify", ...args], { stdin, stdout, stderr });
  return { code, stdout: out(), stderr: err() };
}

function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function withEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>) {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) {
      delete process.env[key];
    } else {
      process.env[key] = value;
    }
  }
  try {
    return await fn();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) {
        delete process.env[key];
      } else {
        process.env[key] = value;
      }
    }
  }
}

const input = [
  { id: "t1", subject: "Where is my order?", body: "Hi, I ordered on the 3rd, order #1042" },
  { id: 2, body: "Please cancel my order #5531 before it ships" },
  { id: "t3", subject: "", body: "hello?" },
]
  .map((ticket) => JSON.stringify(ticket))
  .join("\n");

describe("countersign classify", () => {
  it("writes one line per ticket, in order, with the pinned fields", async () => {
    const result = await withEnv({ ANTHROPIC_API_KEY: undefined }, () => run([], input));
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines.map((line) => line.id)).toEqual(["t1", 2, "t3"]);
    expect(lines[0]).toMatchObject({
      id: "t1",
      intent: "order_status",
      flags: [],
      sentiment: "neutral",
      urgency: "normal",
      source: "offline",
    });
    expect(lines[1]).toMatchObject({ intent: "cancel", urgency: "high" });
    expect(lines[2]).toMatchObject({ intent: "other" });
    expect(lines[2]?.confidence as number).toBeLessThan(0.7);
  });

  it("reports malformed lines with their id, or null, and goes on", async () => {
    const text = [
      "{not json",
      JSON.stringify({ id: "no-body", subject: "hi" }),
      JSON.stringify([1, 2]),
      JSON.stringify({ id: "ok", body: "I want a refund" }),
    ].join("\n");
    const result = await run(["--offline"], text);
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toEqual({ id: null, error: expect.stringContaining("not valid JSON") });
    expect(lines[1]).toEqual({ id: "no-body", error: expect.stringContaining("body") });
    expect(lines[2]).toEqual({ id: null, error: expect.stringContaining("expected an object") });
    expect(lines[3]).toMatchObject({ id: "ok", intent: "refund" });
  });

  it("exits 1 when standard input cannot be read", async () => {
    const broken = new Readable({
      read() {
        this.destroy(new Error("disk on fire"));
      },
    });
    const result = await run(["--offline"], broken);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("disk on fire");
  });

  it("rejects unknown options with exit 2 and prints help on --help", async () => {
    expect((await run(["--nope"], "")).code).toBe(2);
    const help = await run(["--help"], "");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--offline");
  });

  it("asks Claude when a key is set, and --offline forces the rules", async () => {
    let calls = 0;
    server.use(
      http.post(`${MOCK_BASE_URL}/v1/messages`, () => {
        calls += 1;
        return HttpResponse.json({
          id: "msg_1",
          type: "message",
          role: "assistant",
          model: "claude-haiku-5-5",
          content: [
            {
              type: "text",
              text: JSON.stringify({
                intent: "order_status",
                flags: [],
                sentiment: "neutral",
                urgency: "normal",
                confidence: 0.91,
              }),
            },
          ],
          stop_reason: "end_turn",
          stop_sequence: null,
          usage: { input_tokens: 50, output_tokens: 30, cache_read_input_tokens: 2000 },
        });
      }),
    );
    const env = { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: MOCK_BASE_URL };
    const withModel = await withEnv(env, () => run([], input));
    expect(calls).toBe(3);
    const lines = jsonLines(withModel.stdout);
    expect(lines.map((line) => line.source)).toEqual(["claude", "claude", "claude"]);
    expect(lines.map((line) => line.id)).toEqual(["t1", 2, "t3"]);
    expect(lines[0]?.usage).toMatchObject({ cacheReadTokens: 2000 });

    const offline = await withEnv(env, () => run(["--offline"], input));
    expect(calls).toBe(3);
    expect(jsonLines(offline.stdout).map((line) => line.source)).toEqual([
      "offline",
      "offline",
      "offline",
    ]);
  });

  it("runs as a process from the repository root", () => {
    const child = spawnSync(
      process.execPath,
      ["apps/cli/bin/countersign.js", "classify", "--offline"],
      {
        cwd: root,
        input: `${JSON.stringify({ id: "p1", body: "My lawyer will call you. Where is order #1042?" })}\n`,
        encoding: "utf8",
        env: { ...process.env, ANTHROPIC_API_KEY: "" },
      },
    );
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({
      id: "p1",
      intent: "order_status",
      flags: ["legal_threat"],
      urgency: "high",
    });
  });
});
