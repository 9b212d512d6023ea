import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src";
import { openTestDatabase } from "../src/testing";

const engine = process.env.DATABASE_URL ? "postgres" : "pglite";

describe(`migrations on ${engine}`, () => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await openTestDatabase();
  });

  afterAll(async () => {
    await handle.close();
  });

  it("creates every table the product keeps", async () => {
    const result = await handle.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public'`,
    );
    const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
    const names = (rows as { table_name: string }[]).map((row) => row.table_name).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        "actions",
        "audit_events",
        "briefs",
        "draft_edits",
        "drafts",
        "installations",
        "settings_versions",
        "tickets",
      ]),
    );
    expect(handle.engine).toBe(engine);
  });

  it("reports ready once every committed migration is applied", async () => {
    expect(await handle.isReady()).toBe(true);
  });

  it("re-applying the migrations changes nothing", async () => {
    const count = async () => {
      const result = await handle.db.execute<{ n: number }>(
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
      return (rows[0] as { n: number }).n;
    };
    const before = await count();
    await handle.migrate();
    await handle.migrate();
    expect(await count()).toBe(before);
    expect(before).toBeGreaterThanOrEqual(2);
  });
});

describe("an unmigrated database", () => {
  it("is not ready", async () => {
    const { createDatabase } = await import("../src");
    const fresh = createDatabase();
    try {
      expect(await fresh.isReady()).toBe(false);
    } finally {
      await fresh.close();
    }
  });
});
