import { randomUUID } from "node:crypto";
import { createMiddleware } from "hono/factory";
import type { AppEnv, Deps } from "../deps";

const incomingId = /^[A-Za-z0-9._-]{8,128}$/;

/** Gives every request an id (echoed in `X-Request-Id`) and the deps bag. */
export function requestContext(deps: Deps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const given = c.req.header("x-request-id");
    const requestId = given && incomingId.test(given) ? given : randomUUID();
    c.set("requestId", requestId);
    c.set("deps", deps);
    c.header("X-Request-Id", requestId);
    await next();
  });
}

/** One structured log line per request, written when the response is ready. */
export function requestLog() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    await next();
    const { logger } = c.get("deps");
    const installation = c.get("installation") as AppEnv["Variables"]["installation"] | undefined;
    logger.info("request", {
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      installationId: installation?.id,
    });
  });
}
