import { and, eq } from "drizzle-orm";
import type { Database } from "../client";
import { type Installation, installations, type NewInstallation } from "../schema";

/** The active installation for a helpdesk account, or null. */
export async function findInstallationBySubdomain(
  db: Database,
  helpdesk: Installation["helpdesk"],
  subdomain: string,
): Promise<Installation | null> {
  const rows = await db
    .select()
    .from(installations)
    .where(
      and(
        eq(installations.helpdesk, helpdesk),
        eq(installations.subdomain, subdomain),
        eq(installations.status, "active"),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Creates the installation, or returns the existing one for the same helpdesk account. */
export async function ensureInstallation(
  db: Database,
  input: Omit<NewInstallation, "id" | "createdAt" | "updatedAt">,
): Promise<Installation> {
  const inserted = await db
    .insert(installations)
    .values(input)
    .onConflictDoNothing({ target: [installations.helpdesk, installations.subdomain] })
    .returning();
  const created = inserted[0];
  if (created) {
    return created;
  }
  const existing = await db
    .select()
    .from(installations)
    .where(
      and(eq(installations.helpdesk, input.helpdesk), eq(installations.subdomain, input.subdomain)),
    )
    .limit(1);
  const row = existing[0];
  if (!row) {
    throw new Error(`installation ${input.helpdesk}/${input.subdomain} vanished during upsert`);
  }
  return row;
}

export async function findInstallationById(db: Database, id: string): Promise<Installation | null> {
  const rows = await db.select().from(installations).where(eq(installations.id, id)).limit(1);
  return rows[0] ?? null;
}
