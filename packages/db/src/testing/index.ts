import { createDatabase, type DatabaseHandle } from "../client";
import { ensureInstallation } from "../repositories/installations";
import { newId } from "../schema";

/**
 * A migrated database for a test: the PostgreSQL server named by `DATABASE_URL` when it is set
 * (CI runs the suite both ways), else a fresh in-memory PGlite.
 */
export async function openTestDatabase(url = process.env.DATABASE_URL): Promise<DatabaseHandle> {
  const handle = createDatabase({ url, maxConnections: 5 });
  await handle.migrate();
  return handle;
}

/** A tenant of its own, so tests can run side by side on one database. */
export async function createTestInstallation(handle: DatabaseHandle) {
  const subdomain = newId("test");
  return ensureInstallation(handle.db, {
    helpdesk: "local",
    subdomain,
    // A shop of its own too: webhooks find tenants by shop, and tests share one database.
    shopDomain: `${subdomain.replaceAll("_", "-")}.myshopify.com`,
    secretRef: "env:TEST",
  });
}
