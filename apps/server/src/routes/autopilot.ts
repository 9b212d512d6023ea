import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, problemResponse } from "../http/router";
import { listAutopilotReviews, reviewAutopilotAction } from "../use-cases/review-autopilot";

const Review = z
  .object({
    actionId: z.string(),
    ticketId: z.string().nullable(),
    at: z.string(),
    intent: z.string(),
    action: z.string(),
    amount: z.number().nullable(),
    currency: z.string().nullable(),
    state: z.string(),
    review: z
      .object({
        verdict: z.enum(["ok", "reversed"]),
        by: z.string(),
        at: z.string(),
        note: z.string().nullable(),
        undo: z
          .object({
            state: z.enum(["pending", "undone", "failed", "not_reversible", "nothing_to_undo"]),
            message: z.string().openapi({
              example: "Return #1039-R1 cancelled in Shopify.",
            }),
          })
          .nullable()
          .openapi({
            description:
              "For a reversal, what became of the store side: undone in Shopify, failed (with what to do by hand), not reversible (a refund, a cancellation), nothing to undo (a reply), or pending while no outcome is recorded. Null for a kept action.",
          }),
      })
      .nullable(),
  })
  .openapi("AutopilotReview");

const security = [{ helpdeskJwt: [] }];

const listRoute = createRoute({
  method: "get",
  path: "/reviews",
  summary: "What autopilot did, newest first, with the team's review of each",
  security,
  responses: {
    200: {
      description: "The review queue",
      content: { "application/json": { schema: z.object({ items: z.array(Review) }) } },
    },
    401: problemResponse("The request is not signed by the helpdesk"),
  },
});

const reviewRoute = createRoute({
  method: "post",
  path: "/reviews/{actionId}",
  summary:
    "Keep an autopilot action, or reverse it: the category goes back to approve and what can be undone in Shopify is undone, once",
  request: {
    params: z.object({
      actionId: z
        .string()
        .min(1)
        .max(64)
        .openapi({ param: { name: "actionId", in: "path" } }),
    }),
    body: {
      content: {
        "application/json": {
          schema: z
            .object({
              verdict: z.enum(["ok", "reverse"]),
              note: z.string().max(1_000).nullable().optional(),
            })
            .strict(),
        },
      },
      required: true,
    },
  },
  security,
  responses: {
    200: {
      description: "Reviewed; for a reversal, `review.undo` says what was undone in Shopify",
      content: { "application/json": { schema: Review } },
    },
    400: problemResponse("The request is not valid"),
    401: problemResponse("The request is not signed by the helpdesk"),
    403: problemResponse("Only a lead may review"),
    404: problemResponse("Autopilot took no such action"),
    409: problemResponse("Already reviewed, or already being reversed"),
  },
});

export const autopilotRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const items = await listAutopilotReviews({
      deps: c.get("deps"),
      input: { installation: c.get("installation") },
    });
    return c.json({ items }, 200);
  })
  .openapi(reviewRoute, async (c) => {
    const { actionId } = c.req.valid("param");
    const { verdict, note } = c.req.valid("json");
    const review = await reviewAutopilotAction({
      deps: c.get("deps"),
      input: {
        installation: c.get("installation"),
        agent: c.get("agent"),
        actionId,
        verdict,
        note,
      },
    });
    return c.json(review, 200);
  });
