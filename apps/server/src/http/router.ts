import { toFieldIssues, ValidationError } from "@countersign/shared";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../deps";

/** An OpenAPI router whose validation failures become 400 problem+json naming each field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = toFieldIssues(result.error, result.target === "json" ? "" : result.target);
        throw new ValidationError("Some fields are missing or not valid.", issues);
      }
    },
  });
}

/** The problem+json body, for the `responses` of route definitions. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

export function problemResponse(description: string) {
  return {
    description,
    content: { "application/problem+json": { schema: ProblemSchema } },
  };
}
