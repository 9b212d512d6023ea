import "@shopify/shopify-api/adapters/web-api";
import { AppError, RateLimitedError, UpstreamError } from "@countersign/shared";
import {
  ApiVersion,
  GraphqlQueryError,
  HttpInternalError,
  HttpMaxRetriesError,
  HttpRequestError,
  HttpResponseError,
  HttpThrottlingError,
  LogSeverity,
  shopifyApi,
} from "@shopify/shopify-api";
import { abstractFetch, setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { ADMIN_API_VERSION } from "./schema";

/** A fetch-compatible function; the demo store and tests route the adapter's HTTP through it. */
export type FetchFunction = (
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<Response>;

/** Shopify's report of what one call cost (from `extensions.cost`). */
export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

/** One Admin API call as it happened: operation, attempts and the cost Shopify reported. */
export interface CallRecord {
  operation: string;
  attempts: number;
  cost: QueryCost | null;
}

export interface AdminClientConfig {
  /** The shop's myshopify domain, e.g. `brand.myshopify.com`. */
  shop: string;
  /**
   * An Admin API access token (`shpat_…`), or a function handing out a valid one before each
   * call (expiring tokens from the OAuth install or the client credentials grant).
   */
  accessToken: string | (() => Promise<string>);
  /** Must be `2026-10`: the documents are validated against that schema only. */
  apiVersion?: string;
  /** Replaces the global fetch for this client only. */
  fetch?: FetchFunction;
  /** How to wait between retries; tests pass one that records the wait and returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Retries of a read after THROTTLED, 429 or 5xx (default 3). */
  maxRetries?: number;
  /** How long one call may take before it is abandoned (default 30 s); reads are then retried. */
  timeoutMs?: number;
  /** Called after every call, with its record (for cost accounting and logs). */
  onCall?: (record: CallRecord) => void;
}

export interface GraphqlResult<T> {
  data: T;
  cost: QueryCost | null;
  /** Errors Shopify returned beside partial data (only when the call allowed partial data). */
  partialErrors: string[];
}

export interface RequestOptions {
  /** A mutation is never retried unless it carries an idempotency key. */
  mutation?: boolean;
  idempotent?: boolean;
  /** A read may go on with the data Shopify did return when some fields failed. */
  allowPartial?: boolean;
  /** Called with this call's record, beside the client-wide `onCall`. */
  onCall?: (record: CallRecord) => void;
}

/** Sends one document; `mutation` calls are retried only when `idempotent` is set. */
export interface AdminClient {
  request<T>(
    operation: string,
    document: string,
    variables: Record<string, unknown>,
    options?: RequestOptions,
  ): Promise<GraphqlResult<T>>;
}

const SERVICE = "shopify";
const MAX_BACKOFF_MS = 30_000;

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Looks the global fetch up at call time, so interceptors installed later (msw) still apply. */
const lateBoundFetch: FetchFunction = (input, init) => globalThis.fetch(input, init);

function readCost(extensions: unknown): QueryCost | null {
  if (typeof extensions !== "object" || extensions === null) {
    return null;
  }
  const cost = (extensions as { cost?: Partial<QueryCost> }).cost;
  if (cost === undefined || typeof cost.requestedQueryCost !== "number") {
    return null;
  }
  const status = cost.throttleStatus;
  return {
    requestedQueryCost: cost.requestedQueryCost,
    actualQueryCost: typeof cost.actualQueryCost === "number" ? cost.actualQueryCost : null,
    throttleStatus: {
      maximumAvailable: status?.maximumAvailable ?? 0,
      currentlyAvailable: status?.currentlyAvailable ?? 0,
      restoreRate: status?.restoreRate ?? 0,
    },
  };
}

/** Data that came back beside non-throttling errors (e.g. a field the token may not read). */
function partialData<T>(error: unknown): GraphqlResult<T> | null {
  if (!(error instanceof GraphqlQueryError)) {
    return null;
  }
  const data = error.body?.data as T | undefined | null;
  const graphQLErrors = (error.body?.errors?.graphQLErrors ?? []) as Array<{
    message?: string;
    extensions?: { code?: string };
  }>;
  if (data === undefined || data === null) {
    return null;
  }
  if (graphQLErrors.some((item) => item.extensions?.code === "THROTTLED")) {
    return null;
  }
  return {
    data,
    cost: readCost(error.body?.extensions),
    partialErrors: graphQLErrors.map((item) => item.message ?? "unknown error"),
  };
}

interface Retry {
  waitMs: number;
  final: Error;
}

/** What the error means for a retry: how long to wait, and what to throw if we give up. */
/** True when the call was abandoned by our timeout (the error or any cause is a timeout). */
function isTimeout(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const { name, message } = current as { name?: unknown; message?: unknown };
    // The client wraps the abort in its own request error, keeping only the message.
    const timedOut =
      typeof message === "string" && /aborted due to timeout|TimeoutError/i.test(message);
    if (name === "TimeoutError" || name === "AbortError" || timedOut) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function classify(error: unknown, attempt: number): Retry | Error {
  if (isTimeout(error)) {
    return {
      waitMs: Math.min(500 * 2 ** attempt, MAX_BACKOFF_MS),
      final: new UpstreamError(SERVICE, null, "Shopify did not answer in time", { cause: error }),
    };
  }
  if (error instanceof GraphqlQueryError) {
    const graphQLErrors = (error.body?.errors?.graphQLErrors ?? []) as Array<{
      message?: string;
      extensions?: { code?: string };
    }>;
    const throttled = graphQLErrors.some((item) => item.extensions?.code === "THROTTLED");
    if (throttled) {
      const cost = readCost(error.body?.extensions);
      const missing = cost
        ? cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable
        : Number.NaN;
      const rate = cost?.throttleStatus.restoreRate ?? 0;
      const waitMs =
        Number.isFinite(missing) && rate > 0 ? Math.ceil(Math.max(missing, 1) / rate) * 1000 : 1000;
      return {
        waitMs,
        final: new RateLimitedError("Shopify throttled the query (cost limit)", waitMs, {
          context: { cost },
        }),
      };
    }
    const messages = graphQLErrors.map((item) => item.message ?? "").join("; ");
    return new UpstreamError(SERVICE, 200, `Shopify rejected the query: ${messages}`, {
      cause: error,
      retryable: false,
    });
  }
  if (error instanceof HttpThrottlingError) {
    const seconds = error.response.retryAfter;
    const waitMs =
      seconds !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000;
    return {
      waitMs,
      final: new RateLimitedError("Shopify answered 429 Too Many Requests", waitMs),
    };
  }
  if (error instanceof HttpInternalError) {
    const waitMs = Math.min(500 * 2 ** attempt, MAX_BACKOFF_MS);
    return {
      waitMs,
      final: new UpstreamError(SERVICE, error.response.code, "Shopify failed with a server error", {
        cause: error,
      }),
    };
  }
  if (error instanceof HttpRequestError) {
    const waitMs = Math.min(500 * 2 ** attempt, MAX_BACKOFF_MS);
    return {
      waitMs,
      final: new UpstreamError(SERVICE, null, "Shopify could not be reached", { cause: error }),
    };
  }
  if (error instanceof HttpResponseError) {
    return new UpstreamError(
      SERVICE,
      error.response.code,
      `Shopify answered ${error.response.code}`,
      { cause: error, retryable: false },
    );
  }
  if (error instanceof HttpMaxRetriesError) {
    return new UpstreamError(SERVICE, null, error.message, { cause: error });
  }
  return new UpstreamError(SERVICE, null, "Shopify call failed", { cause: error });
}

/** An Admin GraphQL client over `@shopify/shopify-api` with our own retry rules. */
export function createAdminClient(config: AdminClientConfig): AdminClient {
  const apiVersion = config.apiVersion ?? ADMIN_API_VERSION;
  const timeoutMs = config.timeoutMs ?? 30_000;
  if (apiVersion !== ADMIN_API_VERSION) {
    throw new UpstreamError(
      SERVICE,
      null,
      `Unsupported Admin API version ${apiVersion}; this adapter speaks ${ADMIN_API_VERSION}`,
    );
  }
  const sleep = config.sleep ?? defaultSleep;
  const maxRetries = config.maxRetries ?? 3;
  // One library client per token: a static token builds it once; a provider's new token
  // (after a refresh) builds the next one.
  const clientFor = (accessToken: string) => {
    const shopify = shopifyApi({
      apiSecretKey: "unused-for-admin-calls",
      adminApiAccessToken: accessToken,
      isCustomStoreApp: true,
      isEmbeddedApp: false,
      hostName: "countersign.invalid",
      apiVersion: ApiVersion.October26,
      logger: { level: LogSeverity.Error, log: async () => undefined },
    });
    const session = shopify.session.customAppSession(config.shop);

    // The library reads its fetch from a process-wide slot when a client is constructed; fill
    // it only for that synchronous constructor so each client keeps its own fetch.
    const previous = abstractFetch;
    setAbstractFetchFunc(config.fetch ?? lateBoundFetch);
    try {
      return new shopify.clients.Graphql({ session });
    } finally {
      setAbstractFetchFunc(previous);
    }
  };
  type LibraryClient = ReturnType<typeof clientFor>;
  const tokenSource = config.accessToken;
  let current: { token: string; client: LibraryClient } | null =
    typeof tokenSource === "string" ? { token: tokenSource, client: clientFor(tokenSource) } : null;
  const currentClient = async (): Promise<LibraryClient> => {
    if (typeof tokenSource === "string" && current) {
      return current.client;
    }
    let token: string;
    try {
      token = typeof tokenSource === "string" ? tokenSource : await tokenSource();
    } catch (error) {
      if (error instanceof AppError) {
        throw error;
      }
      throw new UpstreamError(SERVICE, null, "No Shopify access token could be obtained", {
        cause: error,
      });
    }
    if (!current || current.token !== token) {
      current = { token, client: clientFor(token) };
    }
    return current.client;
  };

  return {
    async request<T>(
      operation: string,
      document: string,
      variables: Record<string, unknown>,
      options: RequestOptions = {},
    ): Promise<GraphqlResult<T>> {
      const retriable = !options.mutation || options.idempotent === true;
      const report = (record: CallRecord) => {
        options.onCall?.(record);
        config.onCall?.(record);
      };
      let attempt = 0;
      for (;;) {
        const client = await currentClient();
        try {
          const response = await client.request<T>(document, {
            variables,
            retries: 0,
            signal: AbortSignal.timeout(timeoutMs),
          });
          const cost = readCost(response.extensions);
          report({ operation, attempts: attempt + 1, cost });
          if (response.data === undefined || response.data === null) {
            throw new UpstreamError(SERVICE, 200, `Shopify returned no data for ${operation}`);
          }
          return { data: response.data as T, cost, partialErrors: [] };
        } catch (error) {
          if (error instanceof UpstreamError || error instanceof RateLimitedError) {
            throw error;
          }
          const partial = options.allowPartial ? partialData<T>(error) : null;
          if (partial !== null) {
            report({ operation, attempts: attempt + 1, cost: partial.cost });
            return partial;
          }
          const verdict = classify(error, attempt);
          if (verdict instanceof Error) {
            report({ operation, attempts: attempt + 1, cost: null });
            throw verdict;
          }
          if (!retriable || attempt >= maxRetries) {
            report({ operation, attempts: attempt + 1, cost: null });
            throw verdict.final;
          }
          await sleep(verdict.waitMs);
          attempt += 1;
        }
      }
    },
  };
}
