import { desc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { type SettingsVersion, settingsVersions } from "../schema";

export type SettingsInput = Pick<
  SettingsVersion,
  "policy" | "brandVoice" | "modes" | "leadRoles" | "changedBy"
> & { reason?: string | null };

/** The settings in force: the highest version, or null before the first save. */
export async function findCurrentSettings(
  db: Database,
  installationId: string,
): Promise<SettingsVersion | null> {
  const rows = await db
    .select()
    .from(settingsVersions)
    .where(eq(settingsVersions.installationId, installationId))
    .orderBy(desc(settingsVersions.version))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Saves a new version. `expectedVersion` guards against two people saving over each other:
 * the primary key (installation, version) lets only one of them write version N + 1.
 */
export async function saveSettingsVersion(
  db: Database,
  installationId: string,
  input: SettingsInput,
  expectedVersion: number,
): Promise<SettingsVersion | null> {
  const rows = await db
    .insert(settingsVersions)
    .values({ installationId, version: expectedVersion + 1, ...input })
    .onConflictDoNothing()
    .returning();
  return rows[0] ?? null;
}

/** Every version, newest first. */
export async function listSettingsVersions(
  db: Database,
  installationId: string,
): Promise<SettingsVersion[]> {
  return db
    .select()
    .from(settingsVersions)
    .where(eq(settingsVersions.installationId, installationId))
    .orderBy(desc(settingsVersions.version));
}
