import { integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { createdAt, installationId } from "./columns";
import { installations } from "./installations";

/**
 * Every version of an installation's settings (policy overrides, brand voice, modes per
 * category, lead roles). The highest version is in force; older ones stay for audit and undo.
 */
export const settingsVersions = pgTable(
  "settings_versions",
  {
    installationId: installationId().references(() => installations.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    policy: jsonb("policy").$type<Record<string, unknown>>().notNull().default({}),
    brandVoice: jsonb("brand_voice").$type<Record<string, unknown>>().notNull().default({}),
    modes: jsonb("modes").$type<Record<string, string>>().notNull().default({}),
    leadRoles: jsonb("lead_roles").$type<string[]>().notNull().default(["admin"]),
    changedBy: text("changed_by").notNull(),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.installationId, table.version] })],
);

export type SettingsVersion = typeof settingsVersions.$inferSelect;
