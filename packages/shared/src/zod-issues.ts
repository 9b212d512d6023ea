import type { z } from "zod";
import type { FieldIssue } from "./errors";

/** Turns zod's issues into `{path, message}` pairs that name the field. */
export function toFieldIssues(error: z.ZodError, prefix = ""): FieldIssue[] {
  return error.issues.map((issue) => {
    const segments = issue.path.map((segment) => String(segment));
    const path = [prefix, ...segments].filter((part) => part !== "").join(".");
    return { path: path === "" ? "(root)" : path, message: issue.message };
  });
}

/** One line naming every bad field, e.g. `order.total: expected number`. */
export function describeIssues(issues: FieldIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
}
