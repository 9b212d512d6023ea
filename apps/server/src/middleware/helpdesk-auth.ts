import { findInstallationBySubdomain } from "@countersign/db";
import { UnauthorizedError } from "@countersign/shared";
import { createMiddleware } from "hono/factory";
import { decode, verify } from "hono/jwt";
import type { AppEnv } from "../deps";

/** Tokens must be short-lived; the helpdesk proxy signs a fresh one for every request. */
const maxLifetimeSeconds = 300;
/** Clocks of the helpdesk's proxy and ours may disagree by this much. */
const clockSkewSeconds = 30;

function claimText(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * Verifies the HS256 token the helpdesk's proxy signs with the installation's secret and
 * resolves the tenant from it. Nothing in the request body is trusted to name the tenant.
 */
export function helpdeskAuth() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) {
      throw new UnauthorizedError("missing bearer token");
    }
    let subdomain: string | null;
    try {
      const unverified = decode(token);
      if (unverified.header.alg !== "HS256") {
        throw new UnauthorizedError("token must be signed with HS256");
      }
      subdomain = claimText(unverified.payload.iss);
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
    const installation =
      (await findInstallationBySubdomain(database.db, "zendesk", subdomain)) ??
      (await findInstallationBySubdomain(database.db, "local", subdomain));
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
    if (payload.exp - nowSeconds > maxLifetimeSeconds) {
      throw new UnauthorizedError(`token must expire within ${maxLifetimeSeconds} seconds`);
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
    c.set("installation", installation);
    c.set("agent", { id: agentId, name: claimText(payload.name) });
    await next();
  });
}
