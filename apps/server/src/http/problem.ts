import { AppError, type ErrorCode, type FieldIssue, ValidationError } from "@countersign/shared";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  errors?: FieldIssue[];
}

const titles: Record<ErrorCode, string> = {
  VALIDATION_FAILED: "The request is not valid",
  NOT_FOUND: "Not found",
  CONFLICT: "Conflict",
  UNAUTHORIZED: "Not authenticated",
  FORBIDDEN: "Not allowed",
  RATE_LIMITED: "Too many requests",
  UPSTREAM_FAILED: "A connected service failed",
  PAYLOAD_TOO_LARGE: "The request is too large",
  NOT_READY: "Not ready",
  INTERNAL: "Internal error",
};

export function statusFor(code: ErrorCode): number {
  switch (code) {
    case "VALIDATION_FAILED":
      return 400;
    case "UNAUTHORIZED":
      return 401;
    case "FORBIDDEN":
      return 403;
    case "NOT_FOUND":
      return 404;
    case "CONFLICT":
      return 409;
    case "PAYLOAD_TOO_LARGE":
      return 413;
    case "RATE_LIMITED":
      return 429;
    case "UPSTREAM_FAILED":
      return 502;
    case "NOT_READY":
      return 503;
    case "INTERNAL":
      return 500;
  }
}

/** The problem+json body for an error; never carries stacks, upstream bodies or customer data. */
export function toProblem(error: unknown, requestId: string): Problem {
  if (error instanceof AppError) {
    const status = statusFor(error.code);
    const problem: Problem = {
      type: `https://countersign.app/problems/${error.code.toLowerCase().replaceAll("_", "-")}`,
      title: titles[error.code],
      status,
      // Upstream messages can quote customer data; they go to the log, not the response.
      detail:
        error.code === "UPSTREAM_FAILED"
          ? typeof error.context.publicDetail === "string"
            ? error.context.publicDetail
            : titles.UPSTREAM_FAILED
          : error.message,
      code: error.code,
      requestId,
    };
    if (error instanceof ValidationError) {
      problem.errors = error.issues;
    }
    return problem;
  }
  return {
    type: "https://countersign.app/problems/internal",
    title: titles.INTERNAL,
    status: 500,
    detail: "Something went wrong on our side. The request id identifies it in our logs.",
    code: "INTERNAL",
    requestId,
  };
}
