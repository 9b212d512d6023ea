import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, problemResponse } from "../http/router";
import { getMetrics } from "../use-cases/get-metrics";

const dayMs = 24 * 60 * 60 * 1000;

const MetricsQuery = z.object({
  period: z.enum(["day", "week"]).default("week"),
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: "Start (ISO-8601); default 8 weeks (week) or 14 days (day) back" }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: "End; default now" }),
});

const metricsRoute = createRoute({
  method: "get",
  path: "/",
  summary: "Daily or weekly figures, each with its definition, and autopilot suggestions",
  request: { query: MetricsQuery },
  security: [{ helpdeskJwt: [] }],
  responses: {
    200: {
      description: "The figures, oldest period first",
      content: {
        "application/json": { schema: z.record(z.string(), z.unknown()).openapi("Metrics") },
      },
    },
    400: problemResponse("The query is not valid"),
    401: problemResponse("The request is not signed by the helpdesk"),
  },
});

export const metricsRoutes = createRouter().openapi(metricsRoute, async (c) => {
  const query = c.req.valid("query");
  const deps = c.get("deps");
  const to = query.to ? new Date(query.to) : new Date(deps.clock().getTime() + 1);
  const span = query.period === "week" ? 8 * 7 * dayMs : 14 * dayMs;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - span);
  const report = await getMetrics({
    deps,
    input: { installation: c.get("installation"), granularity: query.period, from, to },
  });
  return c.json(report as unknown as Record<string, unknown>, 200);
});
