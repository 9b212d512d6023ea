import { sql } from "drizzle-orm";
import { check, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";

/**
 * A tenant: one helpdesk account (a Zendesk subdomain, a Gorgias domain, or the local helpdesk)
 * connected to one Shopify store. Tokens are resolved to this row only after verification.
 */
export const installations = pgTable(
  "installations",
  {
    id: id("ins"),
    helpdesk: text("helpdesk", { enum: ["zendesk", "gorgias", "local"] }).notNull(),
    /** Zendesk subdomain or Gorgias domain; the verified token names it. */
    subdomain: text("subdomain").notNull(),
    shopDomain: text("shop_domain").notNull(),
    /** Where the signing secret lives (an env key or a secret-store path), never the secret. */
    secretRef: text("secret_ref").notNull(),
    status: text("status", { enum: ["active", "suspended", "uninstalled"] })
      .notNull()
      .default("active"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("installations_helpdesk_subdomain_key").on(table.helpdesk, table.subdomain),
    check("installations_subdomain_not_blank", sql`length(${table.subdomain}) > 0`),
  ],
);

export type Installation = typeof installations.$inferSelect;
export type NewInstallation = typeof installations.$inferInsert;
