import { RateLimitedError } from "@countersign/shared";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../deps";

/** What one request may take from its key's budget. */
export interface RateLimitDecision {
  allowed: boolean;
  /** When refused: how long until one request would be allowed again. */
  retryAfterMs: number;
}

/**
 * Where budgets live. The in-memory store keeps them per process (each replica limits on its
 * own, so N replicas allow N times the rate); a shared store (Redis, PostgreSQL) can replace it
 * behind this interface when one budget must hold across replicas.
 */
export interface RateLimitStore {
  take(key: string, now: number): Promise<RateLimitDecision>;
}

export interface TokenBucketOptions {
  /** Sustained requests per second per key. */
  perSecond: number;
  /** Requests a key may make at once after a quiet spell (default: two seconds' worth). */
  burst?: number;
  /** Keys remembered at most; the least recently used are forgotten (full again) beyond it. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per key, in this process's memory. */
export function createMemoryRateLimitStore(options: TokenBucketOptions): RateLimitStore {
  const rate = options.perSecond / 1000;
  const burst = Math.max(1, options.burst ?? Math.ceil(options.perSecond * 2));
  const maxKeys = options.maxKeys ?? 10_000;
  const buckets = new Map<string, Bucket>();
  return {
    async take(key, now) {
      const known = buckets.get(key);
      const bucket = known ?? { tokens: burst, at: now };
      bucket.tokens = Math.min(burst, bucket.tokens + Math.max(0, now - bucket.at) * rate);
      bucket.at = now;
      // Re-insert so the Map's order is least recently used first.
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > maxKeys) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) {
          buckets.delete(oldest);
        }
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, retryAfterMs: 0 };
      }
      return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / rate) };
    },
  };
}

/**
 * Refuses requests over their key's budget with 429 problem+json and `Retry-After`. `keyOf`
 * names the budget (an installation, a source address); null lets the request through.
 */
export function rateLimit(options: {
  store: RateLimitStore;
  keyOf: (c: Context<AppEnv>) => string | null;
  what: string;
  now?: () => number;
}) {
  const now = options.now ?? Date.now;
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = options.keyOf(c);
    if (key !== null) {
      const decision = await options.store.take(key, now());
      if (!decision.allowed) {
        throw new RateLimitedError(
          `Too many requests for ${options.what}; try again in ${Math.ceil(decision.retryAfterMs / 1000)} s.`,
          decision.retryAfterMs,
        );
      }
    }
    await next();
  });
}

/** The address the request came from: the TCP peer (a proxy's own address behind one). */
export function sourceAddress(c: Context<AppEnv>): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  return incoming?.socket?.remoteAddress ?? "unknown";
}

export interface RateLimits {
  /** Per installation, on every `/api` route. */
  api: RateLimitStore | null;
  /** Per source address, on every `/webhooks` route. */
  webhooks: RateLimitStore | null;
}

/** The defaults: generous for people and the helpdesk, tight for a runaway client. */
export function defaultRateLimits(
  config: { apiPerSecond?: number; webhooksPerSecond?: number } = {},
): RateLimits {
  const api = config.apiPerSecond ?? 20;
  const webhooks = config.webhooksPerSecond ?? 100;
  return {
    api: api > 0 ? createMemoryRateLimitStore({ perSecond: api, burst: api * 5 }) : null,
    webhooks:
      webhooks > 0
        ? createMemoryRateLimitStore({ perSecond: webhooks, burst: webhooks * 5 })
        : null,
  };
}
