/** Every error code the product raises; HTTP status is chosen from it in one place. */
export type ErrorCode =
  | "VALIDATION_FAILED"
  | "NOT_FOUND"
  | "CONFLICT"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "RATE_LIMITED"
  | "UPSTREAM_FAILED"
  | "PAYLOAD_TOO_LARGE"
  | "NOT_READY"
  | "INTERNAL";

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `case.order.total`. */
  path: string;
  /** What is wrong with it, in words a person can act on. */
  message: string;
}

interface AppErrorOptions {
  cause?: unknown;
  context?: Record<string, unknown>;
  retryable?: boolean;
}

/** Base of every infrastructure error: a code, a safe message, and whether a retry may help. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly context: Record<string, unknown>;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.context = options.context ?? {};
    this.retryable = options.retryable ?? false;
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super("NOT_FOUND", message, options);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super("CONFLICT", message, options);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super("UNAUTHORIZED", message, options);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super("FORBIDDEN", message, options);
  }
}

export class ValidationError extends AppError {
  readonly issues: FieldIssue[];

  constructor(message: string, issues: FieldIssue[] = [], options?: AppErrorOptions) {
    super("VALIDATION_FAILED", message, options);
    this.issues = issues;
  }
}

/** A call to Shopify, Zendesk, Anthropic or another service failed. */
export class UpstreamError extends AppError {
  readonly service: string;
  readonly status: number | null;

  constructor(service: string, status: number | null, message: string, options?: AppErrorOptions) {
    super("UPSTREAM_FAILED", message, {
      retryable: status === null || status >= 500,
      ...options,
    });
    this.service = service;
    this.status = status;
  }
}

/** The upstream asked us to slow down; `retryAfterMs` is how long it asked for. */
export class RateLimitedError extends AppError {
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number, options?: AppErrorOptions) {
    super("RATE_LIMITED", message, { retryable: true, ...options });
    this.retryAfterMs = retryAfterMs;
  }
}
