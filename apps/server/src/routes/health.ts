import { Hono } from "hono";
import type { AppEnv } from "../deps";

/** Liveness and readiness for load balancers and orchestrators. */
export const healthRoutes = new Hono<AppEnv>()
  .get("/healthz", (c) => c.json({ status: "ok" }))
  .get("/readyz", async (c) => {
    const ready = await c.get("deps").database.isReady();
    return ready
      ? c.json({ status: "ready" })
      : c.json({ status: "not ready", detail: "database unreachable or not migrated" }, 503);
  });
