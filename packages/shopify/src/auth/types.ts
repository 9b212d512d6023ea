import type { FetchFunction } from "../admin-client";

/** A shop's offline session as the product keeps it; the store decides how it is protected. */
export interface OfflineSession {
  /** The shop's myshopify domain. */
  shop: string;
  /** The scopes Shopify granted, comma-separated. */
  scope: string;
  accessToken: string;
  /** Null for a token that does not expire. */
  accessTokenExpiresAt: Date | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
}

/** Where offline sessions live (the database in the server, memory in tests and tools). */
export interface OfflineSessionStore {
  load(shop: string): Promise<OfflineSession | null>;
  /** Stores the session of a new install, replacing any earlier one for the shop. */
  save(session: OfflineSession): Promise<void>;
  /** Forgets the shop's session (the app was uninstalled); true when there was one. */
  remove(shop: string): Promise<boolean>;
  /**
   * Runs `refresh` on the stored session while no one else may rotate it, and stores what it
   * returns (both tokens in one write); null keeps the stored session, a throw changes nothing.
   * Returns the session as stored afterwards, or null when the shop has none.
   */
  rotate(
    shop: string,
    refresh: (current: OfflineSession) => Promise<OfflineSession | null>,
  ): Promise<OfflineSession | null>;
}

/** Something that hands out a valid Admin API access token for a shop. */
export interface AccessTokenSource {
  accessTokenFor(shop: string): Promise<string>;
}

export interface AppCredentials {
  /** The app's client id (API key). */
  apiKey: string;
  /** The app's client secret (API secret key). */
  apiSecretKey: string;
  /** Renew a token when it expires within this many milliseconds (default five minutes). */
  refreshMarginMs?: number;
  clock?: () => Date;
  /** Replaces the network for this object's token calls only (tests, the demo store). */
  fetch?: FetchFunction;
}
