import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { type Database, withTransaction } from "../client";
import { type Installation, installations, type ShopifySession, shopifySessions } from "../schema";

/** An offline Shopify session as the product uses it: tokens in clear, only in memory. */
export interface ShopifySessionRecord {
  installationId: string;
  shop: string;
  scope: string;
  accessToken: string;
  /** Null for a token that does not expire. */
  accessTokenExpiresAt: Date | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
}

/** What a refresh hands back: the new pair, written together or not at all. */
export type ShopifySessionTokens = Pick<
  ShopifySessionRecord,
  "scope" | "accessToken" | "accessTokenExpiresAt" | "refreshToken" | "refreshTokenExpiresAt"
>;

const FORMAT = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

function requireKey(key: Uint8Array): Uint8Array {
  if (key.length !== 32) {
    throw new Error("the token encryption key must be 32 bytes (AES-256)");
  }
  return key;
}

/** Binds a ciphertext to its row and column, so it cannot be moved to another tenant's row. */
function additionalData(installationId: string, shop: string, column: string): Buffer {
  return Buffer.from(`${installationId}\n${shop}\n${column}`, "utf8");
}

function encrypt(key: Uint8Array, plain: string, aad: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", requireKey(key), iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${FORMAT}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

function decrypt(key: Uint8Array, stored: string, aad: Buffer): string {
  const [format, payload] = stored.split(":");
  if (format !== FORMAT || payload === undefined) {
    throw new Error("a stored Shopify token is not in a format this version can read");
  }
  const raw = Buffer.from(payload, "base64");
  const decipher = createDecipheriv("aes-256-gcm", requireKey(key), raw.subarray(0, IV_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new Error(
      "a stored Shopify token cannot be decrypted with the configured key (was the key changed?)",
    );
  }
}

function encryptTokens(
  key: Uint8Array,
  installationId: string,
  shop: string,
  tokens: ShopifySessionTokens,
) {
  return {
    scope: tokens.scope,
    accessTokenEncrypted: encrypt(
      key,
      tokens.accessToken,
      additionalData(installationId, shop, "access_token"),
    ),
    accessTokenExpiresAt: tokens.accessTokenExpiresAt,
    refreshTokenEncrypted:
      tokens.refreshToken === null
        ? null
        : encrypt(key, tokens.refreshToken, additionalData(installationId, shop, "refresh_token")),
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
  };
}

function decryptRow(key: Uint8Array, row: ShopifySession): ShopifySessionRecord {
  return {
    installationId: row.installationId,
    shop: row.shop,
    scope: row.scope,
    accessToken: decrypt(
      key,
      row.accessTokenEncrypted,
      additionalData(row.installationId, row.shop, "access_token"),
    ),
    accessTokenExpiresAt: row.accessTokenExpiresAt,
    refreshToken:
      row.refreshTokenEncrypted === null
        ? null
        : decrypt(
            key,
            row.refreshTokenEncrypted,
            additionalData(row.installationId, row.shop, "refresh_token"),
          ),
    refreshTokenExpiresAt: row.refreshTokenExpiresAt,
  };
}

/** Stores (or replaces) an installation's session for a shop, tokens encrypted with `key`. */
export async function saveShopifySession(
  db: Database,
  key: Uint8Array,
  record: ShopifySessionRecord,
): Promise<void> {
  const values = encryptTokens(key, record.installationId, record.shop, record);
  await db
    .insert(shopifySessions)
    .values({ installationId: record.installationId, shop: record.shop, ...values })
    .onConflictDoUpdate({
      target: [shopifySessions.installationId, shopifySessions.shop],
      set: { ...values, updatedAt: new Date() },
    });
}

/** The installation's session for a shop, decrypted; null when there is none. */
export async function loadShopifySession(
  db: Database,
  key: Uint8Array,
  installationId: string,
  shop: string,
): Promise<ShopifySessionRecord | null> {
  const rows = await db
    .select()
    .from(shopifySessions)
    .where(and(eq(shopifySessions.installationId, installationId), eq(shopifySessions.shop, shop)))
    .limit(1);
  const row = rows[0];
  return row ? decryptRow(key, row) : null;
}

/** Forgets the installation's session for a shop (the app was uninstalled); true if one existed. */
export async function deleteShopifySession(
  db: Database,
  installationId: string,
  shop: string,
): Promise<boolean> {
  const deleted = await db
    .delete(shopifySessions)
    .where(and(eq(shopifySessions.installationId, installationId), eq(shopifySessions.shop, shop)))
    .returning({ id: shopifySessions.id });
  return deleted.length > 0;
}

/**
 * Replaces a session's tokens under a row lock: `refresh` sees the stored session (another
 * process may have refreshed it meanwhile) and returns the new pair, or null to keep it. The
 * new access and refresh token land in one update; when `refresh` throws nothing changes.
 * Returns the session as stored afterwards, or null when there is none.
 */
export async function rotateShopifySession(
  db: Database,
  key: Uint8Array,
  installationId: string,
  shop: string,
  refresh: (current: ShopifySessionRecord) => Promise<ShopifySessionTokens | null>,
): Promise<ShopifySessionRecord | null> {
  return withTransaction(db, async (tx) => {
    const rows = await tx
      .select()
      .from(shopifySessions)
      .where(
        and(eq(shopifySessions.installationId, installationId), eq(shopifySessions.shop, shop)),
      )
      .limit(1)
      .for("update");
    const row = rows[0];
    if (!row) {
      return null;
    }
    const current = decryptRow(key, row);
    const next = await refresh(current);
    if (next === null) {
      return current;
    }
    await tx
      .update(shopifySessions)
      .set({ ...encryptTokens(key, installationId, shop, next), updatedAt: new Date() })
      .where(eq(shopifySessions.id, row.id));
    return { installationId, shop, ...next };
  });
}

/**
 * The installation a shop's session belongs to: the oldest active installation connected to
 * the shop (a deployment's helpdesks share one store and one session).
 */
export async function findShopOwner(db: Database, shop: string): Promise<Installation | null> {
  const rows = await db
    .select()
    .from(installations)
    .where(and(eq(installations.shopDomain, shop), eq(installations.status, "active")))
    .orderBy(asc(installations.createdAt), asc(installations.id))
    .limit(1);
  return rows[0] ?? null;
}
