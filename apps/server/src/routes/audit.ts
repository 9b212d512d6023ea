import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, problemResponse } from "../http/router";
import { auditToCsv, listAudit } from "../use-cases/export-audit";

const AuditQuery = z.object({
  ticketId: z.coerce
    .number()
    .int("must be a whole number")
    .positive("must be a positive ticket id")
    .optional()
    .openapi({ description: "Only this helpdesk ticket's events" }),
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: "Events at or after this instant (ISO-8601)" }),
  to: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: "Events before this instant (ISO-8601)" }),
  format: z.enum(["json", "csv"]).default("json"),
});

const AuditRecord = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    ticketId: z.string().nullable(),
    actor: z.string(),
    type: z.string(),
    why: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi("AuditRecord");

const auditRoute = createRoute({
  method: "get",
  path: "/",
  summary: "The append-only audit trail of a ticket or a period, as JSON or CSV",
  request: { query: AuditQuery },
  security: [{ helpdeskJwt: [] }],
  responses: {
    200: {
      description: "The events, oldest first",
      content: {
        "application/json": { schema: z.object({ events: z.array(AuditRecord) }) },
        "text/csv": { schema: z.string() },
      },
    },
    400: problemResponse("The query is not valid"),
    401: problemResponse("The request is not signed by the helpdesk"),
  },
});

export const auditRoutes = createRouter().openapi(auditRoute, async (c) => {
  const query = c.req.valid("query");
  const events = await listAudit({
    deps: c.get("deps"),
    input: {
      installation: c.get("installation"),
      ticketId: query.ticketId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    },
  });
  const name = query.ticketId ? `countersign-audit-ticket-${query.ticketId}` : "countersign-audit";
  if (query.format === "csv") {
    return c.body(auditToCsv(events), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}.csv"`,
    });
  }
  c.header("Content-Disposition", `inline; filename="${name}.json"`);
  return c.json({ events }, 200);
});
