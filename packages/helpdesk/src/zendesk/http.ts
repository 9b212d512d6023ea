import { NotFoundError, RateLimitedError, UpstreamError } from "@countersign/shared";

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface RetryPolicy {
  /** Tries per request, the first included. */
  maxAttempts: number;
  /** First backoff after a 5xx or a network failure; doubles each time. */
  backoffMs: number;
  /** A `Retry-After` longer than this is handed to the caller instead of waited out. */
  maxRetryAfterMs: number;
  /** Waits; tests pass one that records the delay and returns at once. */
  sleep: (ms: number) => Promise<void>;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  backoffMs: 500,
  maxRetryAfterMs: 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Reads `Retry-After` as seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === "") {
    return null;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds)) {
    return Math.max(0, Math.round(seconds * 1000));
  }
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export interface JsonRequest {
  method: "GET" | "PUT" | "POST" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  /** Reads may be repeated after a 5xx; writes are not, lest a comment be posted twice. */
  idempotent: boolean;
}

/**
 * One JSON call with the vendor's rate limit honoured (429 + Retry-After, for every method:
 * a throttled request was not carried out) and 5xx retried with backoff for reads only.
 * Error messages name the call and status, never the response body (it can hold customer data).
 */
export async function requestJson(
  service: string,
  fetchImpl: FetchLike,
  policy: RetryPolicy,
  request: JsonRequest,
): Promise<{ status: number; body: unknown }> {
  const what = `${request.method} ${new URL(request.url).pathname}`;
  for (let attempt = 1; ; attempt += 1) {
    let response: Response;
    try {
      response = await fetchImpl(request.url, {
        method: request.method,
        headers: {
          accept: "application/json",
          ...(request.body === undefined ? {} : { "content-type": "application/json" }),
          ...request.headers,
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      });
    } catch (error) {
      if (request.idempotent && attempt < policy.maxAttempts) {
        await policy.sleep(policy.backoffMs * 2 ** (attempt - 1));
        continue;
      }
      throw new UpstreamError(service, null, `${service} could not be reached for ${what}`, {
        cause: error,
      });
    }
    if (response.status === 429) {
      const wait =
        retryAfterMs(response.headers.get("retry-after")) ?? policy.backoffMs * 2 ** (attempt - 1);
      await response.body?.cancel();
      if (attempt >= policy.maxAttempts || wait > policy.maxRetryAfterMs) {
        throw new RateLimitedError(`${service} is rate limiting ${what}`, wait, {
          context: { service },
        });
      }
      await policy.sleep(wait);
      continue;
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      if (request.idempotent && attempt < policy.maxAttempts) {
        await policy.sleep(policy.backoffMs * 2 ** (attempt - 1));
        continue;
      }
      throw new UpstreamError(
        service,
        response.status,
        `${service} answered ${response.status} to ${what}`,
      );
    }
    if (response.status === 404) {
      await response.body?.cancel();
      throw new NotFoundError(`${service} has no ${new URL(request.url).pathname}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new UpstreamError(
        service,
        response.status,
        `${service} answered ${response.status} to ${what}`,
      );
    }
    const text = await response.text();
    if (text === "") {
      return { status: response.status, body: null };
    }
    try {
      return { status: response.status, body: JSON.parse(text) as unknown };
    } catch (error) {
      throw new UpstreamError(
        service,
        response.status,
        `${service} sent a body that is not JSON for ${what}`,
        {
          cause: error,
        },
      );
    }
  }
}
