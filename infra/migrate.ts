// Applies every committed migration once, under a PostgreSQL advisory lock so that a migration
// job and a starting replica never apply the same migration at the same time. Run before a
// rollout: `node --import tsx infra/migrate.ts` with DATABASE_URL set (the k8s Job does this).
import { createDatabase } from "@countersign/db";
import postgres from "postgres";

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write("migrate: DATABASE_URL is not set\n");
  process.exit(2);
}
// Any constant both sides agree on; "countersign" as a 63-bit number.
const lockKey = 0x636f756e746572n;
const lock = postgres(url, { max: 1, onnotice: () => {} });
try {
  await lock`select pg_advisory_lock(${lockKey.toString()}::bigint)`;
  const database = createDatabase({ url, maxConnections: 1 });
  try {
    await database.migrate();
    process.stdout.write(
      `migrate: up to date (${(await database.isReady()) ? "ready" : "NOT ready"})\n`,
    );
  } finally {
    await database.close();
  }
  await lock`select pg_advisory_unlock(${lockKey.toString()}::bigint)`;
} finally {
  await lock.end({ timeout: 5 });
}
