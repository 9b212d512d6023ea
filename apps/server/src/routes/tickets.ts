import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, problemResponse } from "../http/router";
import { openTicket } from "../use-cases/open-ticket";

const TicketParams = z.object({
  ticketId: z.coerce
    .number()
    .int("must be a whole number")
    .positive("must be a positive ticket id")
    .openapi({ param: { name: "ticketId", in: "path" }, example: 1042 }),
});

const TicketSummary = z
  .object({
    id: z.number().int(),
    subject: z.string(),
    status: z.string(),
    requester: z.object({ name: z.string(), email: z.string() }),
    customerMessages: z.number().int(),
    lastCustomerMessageAt: z.string().nullable(),
  })
  .openapi("TicketSummary");

const getTicket = createRoute({
  method: "get",
  path: "/{ticketId}",
  summary: "The ticket as the helpdesk has it, recorded as opened by the signed-in agent",
  request: { params: TicketParams },
  security: [{ helpdeskJwt: [] }],
  responses: {
    200: { description: "The ticket", content: { "application/json": { schema: TicketSummary } } },
    400: problemResponse("The ticket id is not valid"),
    401: problemResponse("The request is not signed by the helpdesk"),
    404: problemResponse("No such ticket for this account"),
  },
});

export const ticketRoutes = createRouter().openapi(getTicket, async (c) => {
  const { ticketId } = c.req.valid("param");
  const summary = await openTicket({
    deps: c.get("deps"),
    input: { installation: c.get("installation"), agent: c.get("agent"), ticketId },
  });
  return c.json(summary, 200);
});
