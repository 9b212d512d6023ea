import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, problemResponse } from "../http/router";
import { approveDraft } from "../use-cases/approve-draft";
import { escalateTicket } from "../use-cases/escalate-ticket";
import { getBrief } from "../use-cases/prepare-brief";

const TicketParams = z.object({
  ticketId: z.coerce
    .number()
    .int("must be a whole number")
    .positive("must be a positive ticket id")
    .openapi({ param: { name: "ticketId", in: "path" }, example: 101 }),
});

const BriefQuery = z.object({
  refresh: z
    .enum(["0", "1"])
    .optional()
    .openapi({ description: "1 prepares the brief again even if the stored one is current" }),
});

const BriefView = z
  .discriminatedUnion("status", [
    z.object({
      status: z.literal("ready"),
      preparedAt: z.string(),
      brief: z.record(z.string(), z.unknown()),
      mode: z.enum(["off", "shadow", "approve", "autopilot"]).openapi({
        description:
          "How far Countersign goes for this ticket's intent: in shadow it prepares and measures, never acts",
      }),
    }),
    z.object({ status: z.literal("preparing"), startedAt: z.string() }),
    z.object({ status: z.literal("failed"), error: z.string() }),
  ])
  .openapi("BriefView");

const ApproveBody = z
  .object({
    draftId: z.string().min(1).max(64),
    text: z.string().min(1, "must not be empty").max(20_000),
    idempotencyKey: z.string().min(8).max(128),
  })
  .strict()
  .openapi("ApproveRequest");

const ApproveOutcome = z
  .object({
    actionId: z.string(),
    state: z.string(),
    message: z.string(),
    replySent: z.boolean(),
  })
  .openapi("ApproveOutcome");

const EscalateBody = z
  .object({
    note: z.string().max(5_000).optional(),
    group: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: "The helpdesk group to hand the ticket to" }),
  })
  .strict()
  .openapi("EscalateRequest");

const security = [{ helpdeskJwt: [] }];

const getBriefRoute = createRoute({
  method: "get",
  path: "/{ticketId}/brief",
  summary: "The ticket's brief: ready from the database, or being prepared (poll again)",
  request: { params: TicketParams, query: BriefQuery },
  security,
  responses: {
    200: {
      description: "The brief, or its progress",
      content: { "application/json": { schema: BriefView } },
    },
    400: problemResponse("The ticket id is not valid"),
    401: problemResponse("The request is not signed by the helpdesk"),
    404: problemResponse("No such ticket for this account"),
  },
});

const approveRoute = createRoute({
  method: "post",
  path: "/{ticketId}/approve",
  summary: "Carry out the brief's decision once and send the (edited) reply",
  request: {
    params: TicketParams,
    body: { content: { "application/json": { schema: ApproveBody } }, required: true },
  },
  security,
  responses: {
    200: {
      description: "What was done",
      content: { "application/json": { schema: ApproveOutcome } },
    },
    400: problemResponse("The request is not valid"),
    401: problemResponse("The request is not signed by the helpdesk"),
    403: problemResponse("The decision needs a lead"),
    404: problemResponse("No such draft for this ticket"),
    409: problemResponse("The order changed, or the ticket needs a person"),
    502: problemResponse("The store did not answer"),
  },
});

const escalateRoute = createRoute({
  method: "post",
  path: "/{ticketId}/escalate",
  summary: "Hand the ticket to a person with a summary, as an internal note and tag",
  request: {
    params: TicketParams,
    body: { content: { "application/json": { schema: EscalateBody } }, required: true },
  },
  security,
  responses: {
    200: {
      description: "Escalated",
      content: { "application/json": { schema: z.object({ message: z.string() }) } },
    },
    400: problemResponse("The request is not valid"),
    401: problemResponse("The request is not signed by the helpdesk"),
    404: problemResponse("No brief for this ticket"),
  },
});

export const briefRoutes = createRouter()
  .openapi(getBriefRoute, async (c) => {
    const { ticketId } = c.req.valid("param");
    const { refresh } = c.req.valid("query");
    const view = await getBrief({
      deps: c.get("deps"),
      input: { installation: c.get("installation"), ticketId, refresh: refresh === "1" },
    });
    return c.json(view as z.infer<typeof BriefView>, 200);
  })
  .openapi(approveRoute, async (c) => {
    const { ticketId } = c.req.valid("param");
    const body = c.req.valid("json");
    const outcome = await approveDraft({
      deps: c.get("deps"),
      input: { installation: c.get("installation"), agent: c.get("agent"), ticketId, ...body },
    });
    return c.json(outcome, 200);
  })
  .openapi(escalateRoute, async (c) => {
    const { ticketId } = c.req.valid("param");
    const { note, group } = c.req.valid("json");
    const outcome = await escalateTicket({
      deps: c.get("deps"),
      input: { installation: c.get("installation"), agent: c.get("agent"), ticketId, note, group },
    });
    return c.json(outcome, 200);
  });
