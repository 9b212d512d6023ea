import { describeIssues, type FieldIssue, ValidationError } from "@countersign/shared";
import type { z } from "zod";

function joinPath(prefix: string, segments: readonly PropertyKey[]): string {
  const path = [prefix, ...segments.map((segment) => String(segment))]
    .filter((part) => part !== "")
    .join(".");
  return path === "" ? "(root)" : path;
}

/** Zod issues as `{path, message}`; an unknown key is named as its own field. */
export function toIssues(error: z.ZodError, prefix: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        issues.push({ path: joinPath(prefix, [...issue.path, key]), message: "unknown key" });
      }
    } else {
      issues.push({ path: joinPath(prefix, issue.path), message: issue.message });
    }
  }
  return issues;
}

/** One ValidationError whose message names every bad field. */
export function toValidationError(
  what: string,
  error: z.ZodError,
  prefix: string,
): ValidationError {
  const issues = toIssues(error, prefix);
  return new ValidationError(`invalid ${what}: ${describeIssues(issues)}`, issues);
}
