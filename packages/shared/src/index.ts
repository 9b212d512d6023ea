export {
  AppError,
  ConflictError,
  type ErrorCode,
  type FieldIssue,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  UpstreamError,
  ValidationError,
} from "./errors";
export { err, ok, type Result } from "./result";
export { describeIssues, toFieldIssues } from "./zod-issues";
