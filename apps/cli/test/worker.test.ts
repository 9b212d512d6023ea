import { PassThrough } from "node:stream";
import {
  createDatabase,
  findInstallationBySubdomain,
  findLatestBrief,
  findTicketByExternalId,
} from "@countersign/db";
import { createLogger, createPgBossQueue, parseEnv } from "@countersign/server";
import { describe, expect, it } from "vitest";
import { runWorker, workerCommand } from "../src/commands/worker";

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: "", err: "" };
  stdout.on("data", (chunk: Buffer) => {
    text.out += chunk.toString();
  });
  stderr.on("data", (chunk: Buffer) => {
    text.err += chunk.toString();
  });
  return { io: { stdin: new PassThrough(), stdout, stderr }, text };
}

const url = process.env.DATABASE_URL;

describe("countersign worker", () => {
  it("explains itself", async () => {
    const { io: streams, text } = io();
    expect(await workerCommand.run(["--help"], streams)).toBe(0);
    expect(text.out).toMatch(/no HTTP server/);
    expect(await workerCommand.run(["--bogus"], streams)).toBe(2);
  });

  it(url
    ? "works a brief job queued in PostgreSQL by another process, then stops on its signal"
    : "refuses to start without DATABASE_URL", async () => {
    const { io: streams, text } = io();
    if (!url) {
      expect(await workerCommand.run([], streams)).toBe(2);
      expect(text.err).toMatch(/DATABASE_URL is not set/);
      return;
    }
    const parsed = parseEnv({ DATABASE_URL: url, LOG_LEVEL: "silent" });
    if (!parsed.ok) {
      throw new Error("test environment is not valid");
    }
    const stop = new AbortController();
    const running = runWorker(parsed.value, streams, stop.signal);
    const sender = createPgBossQueue({ connectionString: url, logger: createLogger("silent") });
    const database = createDatabase({ url, maxConnections: 2 });
    try {
      let installation = null;
      for (let wait = 0; wait < 100 && !installation; wait++) {
        installation = await findInstallationBySubdomain(database.db, "local", "local");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(installation).not.toBeNull();
      const installationId = installation?.id ?? "";
      await sender.send("prepare-brief", { installationId, ticketId: 117 });
      let ready = false;
      for (let wait = 0; wait < 150 && !ready; wait++) {
        const ticket = await findTicketByExternalId(database.db, installationId, "117");
        const brief = ticket ? await findLatestBrief(database.db, installationId, ticket.id) : null;
        ready = brief?.status === "ready";
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(ready).toBe(true);
    } finally {
      stop.abort();
      await sender.stop();
      await database.close();
    }
    expect(await running).toBe(0);
    expect(text.err).toMatch(/running/);
  }, 30_000);
});
