// With DATABASE_URL set, every test file shares one PostgreSQL database: migrate it once here so
// test files do not race each other creating the same tables.
import { createDatabase } from "@countersign/db";

export async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    return;
  }
  const handle = createDatabase({ url, maxConnections: 1 });
  try {
    await handle.migrate();
  } finally {
    await handle.close();
  }
}
