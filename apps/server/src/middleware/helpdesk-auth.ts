import { findInstallationBySubdomain, recordWebhookDelivery } from "@countersign/db";
import { ForbiddenError, UnauthorizedError } from "@countersign/shared";
import { createMiddleware } from "hono/factory";
import { decode, verify } from "hono/jwt";
import type { AppEnv } from "../deps";
import {
  isWithinTicketLink,
  TICKET_LINK_AUDIENCE,
  TICKET_LINK_LIFETIME_SECONDS,
} from "./ticket-link";

/** Tokens must be short-lived; the helpdesk proxy signs a fresh one for every request. */
const maxLifetimeSeconds = 300;
/** Clocks of the helpdesk's proxy and ours may disagree by this much. */
const clockSkewSeconds = 30;

/**
 * Requests that move money or goods: a token may be used for one of them only once, so a
 * captured token cannot replay an approval within its lifetime.
 */
export function isReplayProtected(method: string, path: string): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") {
    return false;
  }
  return /^\/api\/actions(\/|$)/.test(path) || /^\/api\/tickets\/[^/]+\/approve\/?$/.test(path);
}

/**
 * How long a resolved account is reused without asking the database again: every /api request
 * needs it, and it changes only when an installation is added or removed.
 */
const installationCacheMs = 5_000;

type Resolved = Awaited<ReturnType<typeof findInstallationBySubdomain>>;

type Helpdesk = Parameters<typeof findInstallationBySubdomain>[1];

/**
 * Resolves the account a token names, from a short per-process cache of found accounts. The
 * helpdesks are tried in order: the proxy's tokens name a Zendesk (or local) account, ticket
 * links a Gorgias (or local) one.
 */
function createInstallationLookup(helpdesks: readonly Helpdesk[]) {
  const found = new Map<string, { installation: NonNullable<Resolved>; at: number }>();
  return async (db: Parameters<typeof findInstallationBySubdomain>[0], subdomain: string) => {
    const now = Date.now();
    const cached = found.get(subdomain);
    if (cached && now - cached.at < installationCacheMs) {
      return cached.installation;
    }
    let installation: Resolved = null;
    for (const helpdesk of helpdesks) {
      installation ??= await findInstallationBySubdomain(db, helpdesk, subdomain);
    }
    if (installation) {
      if (found.size >= 10_000) {
        found.clear();
      }
      found.set(subdomain, { installation, at: now });
    } else {
      found.delete(subdomain);
    }
    return installation;
  };
}

function claimText(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * Verifies the HS256 token the helpdesk's proxy signs with the installation's secret and
 * resolves the tenant from it. Nothing in the request body is trusted to name the tenant.
 */
export function helpdeskAuth() {
  const lookupProxied = createInstallationLookup(["zendesk", "local"]);
  const lookupLinked = createInstallationLookup(["gorgias", "local"]);
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) {
      throw new UnauthorizedError("missing bearer token");
    }
    let subdomain: string | null;
    let isLink = false;
    try {
      const unverified = decode(token);
      if (unverified.header.alg !== "HS256") {
        throw new UnauthorizedError("token must be signed with HS256");
      }
      subdomain = claimText(unverified.payload.iss);
      isLink = unverified.payload.aud === TICKET_LINK_AUDIENCE;
    } catch (error) {
      if (error instanceof UnauthorizedError) {
        throw error;
      }
      throw new UnauthorizedError("malformed token");
    }
    if (!subdomain) {
      throw new UnauthorizedError("token does not name its account (iss)");
    }
    const { database, secretFor, clock } = c.get("deps");
    const installation = await (isLink ? lookupLinked : lookupProxied)(database.db, subdomain);
    const secret = installation ? await secretFor(installation) : null;
    if (!installation || !secret) {
      throw new UnauthorizedError("unknown account");
    }
    let payload: Awaited<ReturnType<typeof verify>>;
    try {
      // Times are checked below against our clock, so tests and replays use one notion of now.
      payload = await verify(token, secret, {
        alg: "HS256",
        iss: subdomain,
        ...(isLink ? { aud: TICKET_LINK_AUDIENCE } : {}),
        exp: false,
        nbf: false,
        iat: false,
      });
    } catch {
      throw new UnauthorizedError("token signature or lifetime is not valid");
    }
    const nowSeconds = Math.floor(clock().getTime() / 1000);
    if (typeof payload.exp !== "number" || payload.exp <= nowSeconds - clockSkewSeconds) {
      throw new UnauthorizedError("token has expired");
    }
    const lifetime = isLink ? TICKET_LINK_LIFETIME_SECONDS : maxLifetimeSeconds;
    if (payload.exp - nowSeconds > lifetime) {
      throw new UnauthorizedError(`token must expire within ${lifetime} seconds`);
    }
    const notBefore = typeof payload.nbf === "number" ? payload.nbf : payload.iat;
    if (typeof notBefore === "number" && notBefore > nowSeconds + clockSkewSeconds) {
      throw new UnauthorizedError("token is not valid yet");
    }
    const agentId =
      claimText(payload.sub) ?? (typeof payload.sub === "number" ? String(payload.sub) : null);
    if (!agentId) {
      throw new UnauthorizedError("token does not name the agent (sub)");
    }
    if (isLink) {
      // A link is good for its own ticket only; approving twice is refused per draft anyway.
      const ticketId = typeof payload.tkt === "number" ? payload.tkt : Number.NaN;
      if (!isWithinTicketLink(c.req.method, c.req.path, ticketId)) {
        throw new ForbiddenError("this approve link opens only its own ticket's brief");
      }
    } else if (isReplayProtected(c.req.method, c.req.path)) {
      const jti = claimText(payload.jti);
      if (!jti || jti.length > 200) {
        throw new UnauthorizedError("this action needs a token with a unique id (jti)");
      }
      const firstUse = await recordWebhookDelivery(database.db, {
        source: "token",
        deliveryId: jti,
        topic: `${c.req.method} ${c.req.path}`,
        installationId: installation.id,
      });
      if (!firstUse) {
        throw new UnauthorizedError("this token was already used");
      }
    }
    c.set("installation", installation);
    c.set("agent", { id: agentId, name: claimText(payload.name) });
    await next();
  });
}
