// Load bench (not a test): starts the real server as `npm start` does — one process, then two
// on two ports against the same PostgreSQL — and drives it from this process over loopback with
// autocannon: prepared-brief reads, webhook ingestion (then counts what was recorded and queued:
// nothing may be lost) and approvals on the demo store. Prints one line per figure.
//
//   npm run bench:load            (PostgreSQL on 127.0.0.1:5432 if it answers, else PGlite)
//   BENCH_SECONDS=20 BENCH_CONNECTIONS=32 npm run bench:load
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { sign } from "hono/jwt";
import { signZendeskWebhook } from "../src/webhooks/signatures";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const localSecret = "bench-local-helpdesk-secret-0123456789abcdef";
const zendeskSubdomain = "bench";
const webhookSecret = "bench-zendesk-webhook-secret-0123456789";
const demoTickets = Array.from({ length: 18 }, (_, index) => 101 + index);

interface Server {
  url: string;
  child: ChildProcess;
  output: string[];
}

function psql(sql: string, database = "test"): string | null {
  const run = spawnSync(
    "psql",
    ["-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atqc", sql],
    {
      encoding: "utf8",
    },
  );
  return run.status === 0 ? run.stdout.trim() : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with ${child.exitCode}:\n${output.join("")}`);
    }
    try {
      if ((await fetch(`${url}/readyz`)).ok) {
        return { url, child, output };
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server did not become ready:\n${output.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode === null) {
    const exited = new Promise((resolve) => server.child.once("exit", resolve));
    server.child.kill("SIGTERM");
    await exited;
  }
}

/** A token as the local helpdesk's proxy signs it: iss local, agent 1, short-lived. */
function token(jti = randomUUID()): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return sign({ iss: "local", sub: "1", iat: now, exp: now + 290, jti }, localSecret, "HS256");
}

interface BriefView {
  status: string;
  brief?: { draft: { id: string; text: string }; decision: { action: string; approval: string } };
}

/** Polls until the brief is ready (and, after a refresh, until it is not the one replaced). */
async function readyBrief(
  url: string,
  ticketId: number,
  refresh = false,
  replaced?: string,
): Promise<BriefView> {
  let first = refresh;
  for (let attempt = 0; attempt < 400; attempt++) {
    const response = await fetch(
      `${url}/api/tickets/${ticketId}/brief${first ? "?refresh=1" : ""}`,
      {
        headers: { authorization: `Bearer ${await token()}` },
      },
    );
    first = false;
    const view = (await response.json()) as BriefView;
    if (view.status === "ready" && view.brief?.draft.id !== replaced) {
      return view;
    }
    if (view.status === "failed") {
      throw new Error(`brief ${ticketId} failed: ${JSON.stringify(view)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`brief ${ticketId} never became ready`);
}

interface Figures {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

function figures(results: autocannon.Result[]): Figures {
  const requests = results.reduce((sum, result) => sum + result.requests.total, 0);
  const duration = Math.max(...results.map((result) => result.duration));
  return {
    requests,
    perSecond: Math.round(requests / duration),
    // Each run's percentile; across two runs the worse of the two is reported.
    p50: Math.max(...results.map((result) => result.latency.p50)),
    p99: Math.max(...results.map((result) => result.latency.p99)),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    errors: results.reduce((sum, result) => sum + result.errors + result.timeouts, 0),
  };
}

function print(name: string, value: Figures): void {
  console.log(
    `${name}: ${value.perSecond} req/s, p50 ${value.p50} ms, p99 ${value.p99} ms ` +
      `(${value.requests} requests, ${value.non2xx} non-2xx, ${value.errors} errors)`,
  );
}

async function briefReads(servers: Server[]): Promise<Figures> {
  const headers = new Map<number, string>();
  for (const ticketId of demoTickets) {
    headers.set(ticketId, `Bearer ${await token()}`);
  }
  const runs = servers.map((server) =>
    autocannon({
      url: server.url,
      connections: Math.max(1, Math.round(connections / servers.length)),
      duration: seconds,
      requests: demoTickets.map((ticketId) => ({
        method: "GET" as const,
        path: `/api/tickets/${ticketId}/brief`,
        headers: { authorization: headers.get(ticketId) ?? "" },
      })),
    }),
  );
  return figures(await Promise.all(runs));
}

async function webhooks(
  servers: Server[],
  firstTicket: number,
): Promise<{ figures: Figures; sent: number; queued: number }> {
  let next = firstTicket;
  let queued = 0;
  let sent = 0;
  const runs = servers.map((server) => {
    const instance = autocannon({
      url: server.url,
      connections: Math.max(1, Math.round(connections / servers.length)),
      duration: seconds,
      requests: [
        {
          method: "POST" as const,
          path: `/webhooks/zendesk?subdomain=${zendeskSubdomain}`,
          setupRequest: (request) => {
            const body = JSON.stringify({ type: "ticket.created", ticket_id: String(next++) });
            const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
            sent += 1;
            return {
              ...request,
              body,
              headers: {
                "content-type": "application/json",
                "x-zendesk-webhook-signature-timestamp": timestamp,
                "x-zendesk-webhook-signature": signZendeskWebhook(webhookSecret, timestamp, body),
                "x-zendesk-webhook-invocation-id": randomUUID(),
              },
            };
          },
          onResponse: (status) => {
            if (status === 202) {
              queued += 1;
            }
          },
        },
      ],
    });
    return instance;
  });
  const results = await Promise.all(runs);
  return { figures: figures(results), sent, queued };
}

async function approvals(
  server: Server,
  count: number,
): Promise<{
  perSecond: number;
  p50: number;
  p99: number;
  done: number;
  failed: number;
  unprepared: number;
  firstFailure: string;
  lanes: number;
}> {
  // Tickets whose decision can be approved again and again: a reply or a decline, no goods.
  const repeatable: number[] = [];
  for (const ticketId of demoTickets) {
    const view = await readyBrief(server.url, ticketId);
    const decision = view.brief?.decision;
    if (
      decision &&
      ["reply", "decline"].includes(decision.action) &&
      decision.approval !== "human"
    ) {
      repeatable.push(ticketId);
    }
  }
  if (repeatable.length === 0) {
    throw new Error("no demo ticket has a repeatable decision");
  }
  // Only the approvals are timed. Each needs a draft of its own that is still the ticket's
  // current one, so each lane owns one ticket: prepare a fresh brief, approve it, again.
  const latencies: number[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
  let unprepared = 0;
  let left = count;
  await Promise.all(
    repeatable.slice(0, 8).map(async (ticketId) => {
      let previous = (await readyBrief(server.url, ticketId)).brief?.draft.id;
      while (left > 0) {
        left -= 1;
        let draft: { id: string; text: string } | undefined;
        try {
          const view = await readyBrief(server.url, ticketId, true, previous);
          draft = view.brief?.draft;
        } catch (error) {
          // The demo store meters Shopify's cost like a Standard plan; preparation can be
          // throttled past its retries. Counted, and the lane goes on.
          unprepared += 1;
          firstFailure ??= error instanceof Error ? error.message : String(error);
          continue;
        }
        previous = draft?.id;
        if (!draft) {
          failed += 1;
          continue;
        }
        const begin = performance.now();
        const response = await fetch(`${server.url}/api/tickets/${ticketId}/approve`, {
          method: "POST",
          headers: { authorization: `Bearer ${await token()}`, "content-type": "application/json" },
          body: JSON.stringify({
            draftId: draft.id,
            text: draft.text,
            idempotencyKey: randomUUID(),
          }),
        });
        const body = await response.text();
        latencies.push(performance.now() - begin);
        if (response.status !== 200) {
          failed += 1;
          firstFailure ??= `${response.status} ${body.slice(0, 200)}`;
        }
      }
    }),
  );
  // Throughput over the time spent approving (brief preparation between approvals excluded).
  const elapsed =
    latencies.reduce((sum, ms) => sum + ms, 0) / 1000 / Math.min(8, repeatable.length);
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    perSecond: Math.round(latencies.length / elapsed),
    p50: at(0.5),
    p99: at(0.99),
    done: latencies.length,
    failed,
    unprepared,
    firstFailure: firstFailure ?? "",
    lanes: Math.min(8, repeatable.length),
  };
}

async function main(): Promise<void> {
  const usePostgres = spawnSync("pg_isready", ["-q", "-h", "127.0.0.1", "-p", "5432"]).status === 0;
  const database = `countersign_load_${process.pid}`;
  const dataDir = mkdtempSync(join(tmpdir(), "countersign-load-"));
  const env: Record<string, string> = {
    LOCAL_HELPDESK_SECRET: localSecret,
    // A Zendesk account only so webhooks have an installation and a signing secret; jobs are
    // left queued (WORKERS=off) and counted, never sent to Zendesk.
    ZENDESK_SUBDOMAIN: zendeskSubdomain,
    ZENDESK_EMAIL: "bench@example.com",
    ZENDESK_API_TOKEN: "bench-token",
    ZENDESK_SHARED_SECRET: "bench-zendesk-shared-secret-0123456789abcdef",
    ZENDESK_WEBHOOK_SECRET: webhookSecret,
    // Budgets far above the load, so the limiter runs without refusing.
    RATE_LIMIT_API_PER_SECOND: "1000000",
    RATE_LIMIT_WEBHOOKS_PER_SECOND: "1000000",
    DATA_DIR: dataDir,
  };
  if (usePostgres) {
    if (psql(`create database ${database}`) === null) {
      throw new Error(`could not create database ${database}`);
    }
    env.DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${database}`;
    env.WORKERS = "off";
  }
  console.log(
    `load bench: ${usePostgres ? "PostgreSQL" : "PGlite"}, ${seconds} s per run, ${connections} connections, ` +
      `node ${process.version}, ${(await import("node:os")).cpus().length} cores`,
  );
  const servers: Server[] = [];
  try {
    servers.push(await startServer(env));
    const first = servers[0] as Server;
    for (const ticketId of demoTickets) {
      await readyBrief(first.url, ticketId);
    }
    print("brief reads, 1 process", await briefReads([first]));
    const one = await webhooks([first], 100_000);
    print("webhooks, 1 process", one.figures);
    if (usePostgres) {
      servers.push(await startServer(env));
      print("brief reads, 2 processes", await briefReads(servers));
      const two = await webhooks(servers, 1_000_000);
      print("webhooks, 2 processes", two.figures);
      const queued = one.queued + two.queued;
      const answered = one.figures.requests + two.figures.requests;
      const recorded = Number(
        psql("select count(*) from webhook_deliveries where source = 'zendesk'", database),
      );
      const jobs = Number(
        psql("select count(*) from pgboss.job where name = 'prepare-brief'", database),
      );
      console.log(
        // Requests in flight when a run ends are carried out but not counted by autocannon, so
        // the server's own records are compared: every recorded delivery must have its job.
        `webhooks lost: ${recorded - jobs} (${answered} answered, ${queued} of them 202 queued; ${recorded} deliveries recorded, ${jobs} jobs in the queue)`,
      );
    } else {
      console.log(
        `webhooks: ${one.sent} sent, ${one.queued} answered 202 queued (PGlite: no second process)`,
      );
    }
    const approved = await approvals(first, Number(process.env.BENCH_APPROVALS ?? 100));
    console.log(
      `approvals (reply or decline, demo store), 1 process, ${approved.lanes} at once: ${approved.perSecond} /s, p50 ${approved.p50} ms, p99 ${approved.p99} ms (${approved.done} approvals, ${approved.failed} not 200, ${approved.unprepared} fresh briefs not ready in time${approved.firstFailure ? `; first problem: ${approved.firstFailure}` : ""})`,
    );
  } finally {
    for (const server of servers) {
      await stopServer(server);
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (usePostgres) {
      psql(`drop database if exists ${database} with (force)`);
    }
  }
}

await main();
