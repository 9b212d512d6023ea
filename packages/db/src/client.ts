import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The drizzle database, whichever engine is underneath; repositories take this or a tx. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseConfig {
  /** A PostgreSQL URL; when absent the embedded PGlite is used. */
  url?: string | undefined;
  /** Where PGlite keeps its files; absent means in memory (tests). */
  dataDir?: string | undefined;
  /** postgres.js pool size. */
  maxConnections?: number;
}

export interface DatabaseHandle {
  db: Database;
  engine: "postgres" | "pglite";
  /** Applies every committed migration not yet applied; a no-op when up to date. */
  migrate(): Promise<void>;
  /** True when the database answers and every migration is applied. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));
const journal = fileURLToPath(new URL("../migrations/meta/_journal.json", import.meta.url));

async function countCommittedMigrations(): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  const parsed = JSON.parse(await readFile(journal, "utf8")) as { entries: unknown[] };
  return parsed.entries.length;
}

/** Opens PostgreSQL (when `url` is set) or the embedded PGlite with the same schema. */
export function createDatabase(config: DatabaseConfig = {}): DatabaseHandle {
  let db: Database;
  let engine: DatabaseHandle["engine"];
  let runMigrations: () => Promise<void>;
  let close: () => Promise<void>;

  if (config.url) {
    const client = postgres(config.url, {
      max: config.maxConnections ?? 10,
      onnotice: () => {},
    });
    const pgDb = drizzlePostgres(client, { schema });
    db = pgDb;
    engine = "postgres";
    runMigrations = () => migratePostgres(pgDb, { migrationsFolder });
    close = () => client.end({ timeout: 5 });
  } else {
    if (config.dataDir) {
      mkdirSync(config.dataDir, { recursive: true });
    }
    const client = new PGlite(config.dataDir);
    const liteDb = drizzlePglite(client, { schema });
    db = liteDb;
    engine = "pglite";
    runMigrations = () => migratePglite(liteDb, { migrationsFolder });
    close = () => client.close();
  }

  return {
    db,
    engine,
    migrate: runMigrations,
    async isReady() {
      try {
        const rows = await db.execute<{ applied: number }>(
          sql`select count(*)::int as applied from drizzle.__drizzle_migrations`,
        );
        const applied = readAppliedCount(rows);
        return applied >= (await countCommittedMigrations());
      } catch {
        return false;
      }
    },
    close,
  };
}

// postgres.js returns the rows as an array; PGlite wraps them in `{ rows }`.
function readAppliedCount(result: unknown): number {
  const rows = Array.isArray(result)
    ? result
    : ((result as { rows?: unknown[] } | null)?.rows ?? []);
  const first = rows[0] as { applied?: number } | undefined;
  return first?.applied ?? 0;
}

/** Runs `fn` in one transaction: all its writes land, or none. */
export function withTransaction<T>(db: Database, fn: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as unknown as Database));
}
