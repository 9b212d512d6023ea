import {
  AppError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
} from "@countersign/shared";
import { serveStatic } from "@hono/node-server/serve-static";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv, Deps } from "./deps";
import { toProblem } from "./http/problem";
import { localHelpdeskRoutes } from "./local-helpdesk/routes";
import { helpdeskAuth } from "./middleware/helpdesk-auth";
import { jsonDepthLimit } from "./middleware/json-depth";
import {
  defaultRateLimits,
  type RateLimits,
  rateLimit,
  sourceAddress,
} from "./middleware/rate-limit";
import { requestContext, requestLog } from "./middleware/request-context";
import { securityHeaders } from "./middleware/security-headers";
import { auditRoutes } from "./routes/audit";
import { autopilotRoutes } from "./routes/autopilot";
import { briefRoutes } from "./routes/briefs";
import { gorgiasRoutes } from "./routes/gorgias";
import { healthRoutes } from "./routes/health";
import { metricsRoutes } from "./routes/metrics";
import { settingsRoutes } from "./routes/settings";
import { shopifyAuthRoutes } from "./routes/shopify-auth";
import { ticketRoutes } from "./routes/tickets";
import { webhookRoutes } from "./routes/webhooks";

/** Largest JSON body any `/api` route accepts. */
const apiBodyLimitBytes = 256 * 1024;

/** Largest body read at `/webhooks` before the depth check (the routes hold the same limit). */
const webhookBodyLimitBytes = 64 * 1024;

function limitBodies(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", `request bodies are limited to ${maxSize} bytes`);
    },
  });
}

export interface AppOptions {
  /** Request budgets per installation (`/api`) and per source address (`/webhooks`). */
  rateLimits?: RateLimits;
}

/** Builds the HTTP app from its dependencies; main.ts and the tests are the only callers. */
export function createApp(deps: Deps, options: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>();
  const limits = options.rateLimits ?? defaultRateLimits();
  const publicMiddleware = [
    requestContext(deps),
    requestLog(),
    securityHeaders(deps.config.publicUrl),
  ] as const;
  const protectedMiddleware = [
    limitBodies(apiBodyLimitBytes),
    jsonDepthLimit(),
    helpdeskAuth(),
    ...(limits.api
      ? [
          rateLimit({
            store: limits.api,
            what: "this account",
            keyOf: (c) => c.get("installation").id,
          }),
        ]
      : []),
  ] as const;
  const webhookMiddleware = [
    ...(limits.webhooks
      ? [rateLimit({ store: limits.webhooks, what: "this address", keyOf: sourceAddress })]
      : []),
    limitBodies(webhookBodyLimitBytes),
    jsonDepthLimit(),
  ] as const;

  app.use("*", ...publicMiddleware);
  app.use("/api/*", ...protectedMiddleware);
  app.use("/webhooks/*", ...webhookMiddleware);

  app.route("/", healthRoutes);
  app.route("/api/tickets", ticketRoutes);
  app.route("/api/tickets", briefRoutes);
  app.route("/api/settings", settingsRoutes);
  app.route("/api/audit", auditRoutes);
  app.route("/api/metrics", metricsRoutes);
  app.route("/api/autopilot", autopilotRoutes);
  app.route("/webhooks", webhookRoutes);
  app.route("/integrations/gorgias", gorgiasRoutes);
  // The Shopify OAuth install: a store admin's browser and Shopify's redirect, no helpdesk token.
  app.route("/auth/shopify", shopifyAuthRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "helpdeskJwt", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "HS256 token signed by the helpdesk's proxy with the installation's secret",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Countersign API",
      version: "0.1.0",
      description: "What the Countersign sidebar calls through the helpdesk's signed proxy.",
    },
  });

  app.use(
    "/sidebar/*",
    serveStatic({
      root: deps.config.sidebarDir,
      rewriteRequestPath: (path) => path.replace(/^\/sidebar/, ""),
    }),
  );
  if (deps.localHelpdesk) {
    app.use(
      "/local-helpdesk/assets/*",
      serveStatic({
        root: deps.config.localHelpdeskDir,
        rewriteRequestPath: (path) => path.replace(/^\/local-helpdesk\/assets/, ""),
      }),
    );
    app.route(
      "/",
      localHelpdeskRoutes(deps.localHelpdesk, () => app),
    );
  }

  app.notFound((c) => problemJson(c, new NotFoundError("No route matches this path.")));
  app.onError((error, c) => {
    const known = error instanceof HTTPException ? fromHttpException(error) : error;
    const response = problemJson(c, known);
    if (response.status >= 500) {
      deps.logger.error("request failed", {
        requestId: c.get("requestId"),
        error: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      });
    }
    return response;
  });
  return app;
}

/** Hono's own refusals (a body that is not JSON, a wrong method) as our typed errors. */
function fromHttpException(error: HTTPException): unknown {
  if (error.status === 404) {
    return new NotFoundError("No route matches this path.");
  }
  if (error.status === 401) {
    return new UnauthorizedError("The request is not authenticated.");
  }
  if (error.status === 413) {
    return new AppError("PAYLOAD_TOO_LARGE", "The request body is too large.");
  }
  if (error.status >= 400 && error.status < 500) {
    // Hono's messages name the problem ("Malformed JSON in request body"), never the input.
    return new ValidationError("The request could not be read.", [
      { path: "body", message: error.message || "not valid" },
    ]);
  }
  return error;
}

function problemJson(c: Context<AppEnv>, error: unknown): Response {
  const problem = toProblem(error, c.get("requestId") ?? "unknown");
  const headers: Record<string, string> = { "Content-Type": "application/problem+json" };
  if (error instanceof RateLimitedError) {
    headers["Retry-After"] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
  }
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, headers);
}

export type App = ReturnType<typeof createApp>;
