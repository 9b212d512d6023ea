import { pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, installationId, updatedAt } from "./columns";
import { installations } from "./installations";

/**
 * The offline Shopify session an installation's store was connected with (the OAuth install).
 * Tokens are stored encrypted (AES-256-GCM, key from configuration), never in clear text; a
 * refresh replaces the access and refresh token together in one update.
 */
export const shopifySessions = pgTable(
  "shopify_sessions",
  {
    id: id("shs"),
    installationId: installationId().references(() => installations.id, { onDelete: "cascade" }),
    /** The shop's myshopify domain, e.g. `brand.myshopify.com`. */
    shop: text("shop").notNull(),
    /** The scopes Shopify granted, comma-separated as Shopify returns them. */
    scope: text("scope").notNull().default(""),
    accessTokenEncrypted: text("access_token_encrypted").notNull(),
    /** Null for a token that does not expire. */
    accessTokenExpiresAt: timestamp("access_token_expires_at", {
      withTimezone: true,
      mode: "date",
    }),
    refreshTokenEncrypted: text("refresh_token_encrypted"),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", {
      withTimezone: true,
      mode: "date",
    }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("shopify_sessions_installation_shop_key").on(table.installationId, table.shop),
  ],
);

export type ShopifySession = typeof shopifySessions.$inferSelect;
