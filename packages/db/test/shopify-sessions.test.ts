import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DatabaseHandle,
  deleteShopifySession,
  ensureInstallation,
  findShopOwner,
  loadShopifySession,
  newId,
  rotateShopifySession,
  type ShopifySessionRecord,
  saveShopifySession,
} from "../src";
import { shopifySessions } from "../src/schema";
import { createTestInstallation, openTestDatabase } from "../src/testing";

let handle: DatabaseHandle;
const key = randomBytes(32);

beforeAll(async () => {
  handle = await openTestDatabase();
});

afterAll(async () => {
  await handle.close();
});

function session(installationId: string, shop: string): ShopifySessionRecord {
  return {
    installationId,
    shop,
    scope: "write_orders,read_customers",
    accessToken: "shpat_access_one",
    accessTokenExpiresAt: new Date("2026-11-20T13:00:00Z"),
    refreshToken: "shprt_refresh_one",
    refreshTokenExpiresAt: new Date("2027-02-18T12:00:00Z"),
  };
}

describe("shopify sessions", () => {
  it("round-trips a session and keeps no token in clear text", async () => {
    const installation = await createTestInstallation(handle);
    const shop = `${newId("shop")}.myshopify.com`;
    await saveShopifySession(handle.db, key, session(installation.id, shop));

    expect(await loadShopifySession(handle.db, key, installation.id, shop)).toEqual(
      session(installation.id, shop),
    );
    const rows = await handle.db
      .select()
      .from(shopifySessions)
      .where(eq(shopifySessions.installationId, installation.id));
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain("shpat_access_one");
    expect(stored).not.toContain("shprt_refresh_one");
  });

  it("replaces the session on a second install of the same shop", async () => {
    const installation = await createTestInstallation(handle);
    const shop = `${newId("shop")}.myshopify.com`;
    await saveShopifySession(handle.db, key, session(installation.id, shop));
    await saveShopifySession(handle.db, key, {
      ...session(installation.id, shop),
      accessToken: "shpat_access_two",
      refreshToken: null,
      refreshTokenExpiresAt: null,
    });
    const loaded = await loadShopifySession(handle.db, key, installation.id, shop);
    expect(loaded?.accessToken).toBe("shpat_access_two");
    expect(loaded?.refreshToken).toBeNull();
  });

  it("never shows one tenant's session to another", async () => {
    const mine = await createTestInstallation(handle);
    const theirs = await createTestInstallation(handle);
    const shop = `${newId("shop")}.myshopify.com`;
    await saveShopifySession(handle.db, key, session(mine.id, shop));

    expect(await loadShopifySession(handle.db, key, theirs.id, shop)).toBeNull();
    expect(await deleteShopifySession(handle.db, theirs.id, shop)).toBe(false);
    expect(await loadShopifySession(handle.db, key, mine.id, shop)).not.toBeNull();
  });

  it("refuses a ciphertext moved to another tenant's row", async () => {
    const mine = await createTestInstallation(handle);
    const theirs = await createTestInstallation(handle);
    const shop = `${newId("shop")}.myshopify.com`;
    await saveShopifySession(handle.db, key, session(mine.id, shop));
    await saveShopifySession(handle.db, key, {
      ...session(theirs.id, shop),
      accessToken: "shpat_theirs",
    });
    const [row] = await handle.db
      .select()
      .from(shopifySessions)
      .where(eq(shopifySessions.installationId, mine.id));
    if (!row) {
      throw new Error("no row stored");
    }
    await handle.db
      .update(shopifySessions)
      .set({ accessTokenEncrypted: row.accessTokenEncrypted })
      .where(eq(shopifySessions.installationId, theirs.id));

    await expect(loadShopifySession(handle.db, key, theirs.id, shop)).rejects.toThrow(
      /cannot be decrypted/,
    );
  });

  it("refuses to read with another key, and refuses a key that is not 32 bytes", async () => {
    const installation = await createTestInstallation(handle);
    const shop = `${newId("shop")}.myshopify.com`;
    await saveShopifySession(handle.db, key, session(installation.id, shop));

    await expect(
      loadShopifySession(handle.db, randomBytes(32), installation.id, shop),
    ).rejects.toThrow(/cannot be decrypted with the configured key/);
    await expect(
      saveShopifySession(handle.db, randomBytes(16), session(installation.id, `x${shop}`)),
    ).rejects.toThrow(/32 bytes/);
    expect(await loadShopifySession(handle.db, key, installation.id, `x${shop}`)).toBeNull();
  });

  it("rotates both tokens together, and keeps the old pair when the refresh fails", async () => {
    const installation = await createTestInstallation(handle);
    const shop = `${newId("shop")}.myshopify.com`;
    await saveShopifySession(handle.db, key, session(installation.id, shop));

    await expect(
      rotateShopifySession(handle.db, key, installation.id, shop, async () => {
        throw new Error("refresh refused");
      }),
    ).rejects.toThrow("refresh refused");
    expect(await loadShopifySession(handle.db, key, installation.id, shop)).toEqual(
      session(installation.id, shop),
    );

    const seen: string[] = [];
    const rotated = await rotateShopifySession(
      handle.db,
      key,
      installation.id,
      shop,
      async (current) => {
        seen.push(current.refreshToken ?? "none");
        return {
          scope: current.scope,
          accessToken: "shpat_access_two",
          accessTokenExpiresAt: new Date("2026-11-20T14:00:00Z"),
          refreshToken: "shprt_refresh_two",
          refreshTokenExpiresAt: new Date("2027-02-18T13:00:00Z"),
        };
      },
    );
    expect(seen).toEqual(["shprt_refresh_one"]);
    expect(rotated?.accessToken).toBe("shpat_access_two");
    const loaded = await loadShopifySession(handle.db, key, installation.id, shop);
    expect(loaded).toMatchObject({
      accessToken: "shpat_access_two",
      refreshToken: "shprt_refresh_two",
      accessTokenExpiresAt: new Date("2026-11-20T14:00:00Z"),
    });

    const kept = await rotateShopifySession(
      handle.db,
      key,
      installation.id,
      shop,
      async () => null,
    );
    expect(kept?.refreshToken).toBe("shprt_refresh_two");
    expect(
      await rotateShopifySession(handle.db, key, installation.id, `none-${shop}`, async () => {
        throw new Error("must not be called");
      }),
    ).toBeNull();
  });

  it("serialises concurrent rotations of one session", async () => {
    const installation = await createTestInstallation(handle);
    const shop = `${newId("shop")}.myshopify.com`;
    await saveShopifySession(handle.db, key, session(installation.id, shop));
    const seen: string[] = [];
    const rotate = (suffix: string) =>
      rotateShopifySession(handle.db, key, installation.id, shop, async (current) => {
        seen.push(current.refreshToken ?? "none");
        return {
          scope: current.scope,
          accessToken: `shpat_${suffix}`,
          accessTokenExpiresAt: null,
          refreshToken: `shprt_${suffix}`,
          refreshTokenExpiresAt: null,
        };
      });
    await Promise.all([rotate("a"), rotate("b")]);
    // The second rotation saw the first one's refresh token, never the stale one.
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe("shprt_refresh_one");
    expect(["shprt_a", "shprt_b"]).toContain(seen[1]);
  });

  it("names the oldest active installation of a shop as its session's owner", async () => {
    const shop = `${newId("shop")}.myshopify.com`;
    expect(await findShopOwner(handle.db, shop)).toBeNull();
    const first = await ensureInstallation(handle.db, {
      helpdesk: "local",
      subdomain: newId("owner"),
      shopDomain: shop,
      secretRef: "env:TEST",
    });
    await ensureInstallation(handle.db, {
      helpdesk: "zendesk",
      subdomain: newId("owner"),
      shopDomain: shop,
      secretRef: "env:TEST",
    });
    expect((await findShopOwner(handle.db, shop))?.id).toBe(first.id);
  });
});
