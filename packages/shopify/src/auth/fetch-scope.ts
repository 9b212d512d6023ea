import "@shopify/shopify-api/adapters/web-api";
import { AsyncLocalStorage } from "node:async_hooks";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import type { FetchFunction } from "../admin-client";

const scope = new AsyncLocalStorage<FetchFunction>();
/** How long one call to Shopify's token endpoint may take. */
const TOKEN_CALL_TIMEOUT_MS = 15_000;

/**
 * The library's token calls read their fetch from one process-wide slot while they run. This
 * dispatcher fills that slot and sends each call to the fetch of the auth object that made it
 * (the demo store, a test), else to the global fetch looked up at call time (so interceptors
 * installed later still apply).
 */
const dispatch: FetchFunction = (input, init) => {
  const chosen = scope.getStore();
  // A token call that hangs would hold the session's row lock; give up after a while instead.
  const bounded = { ...init, signal: init?.signal ?? AbortSignal.timeout(TOKEN_CALL_TIMEOUT_MS) };
  return chosen ? chosen(input, bounded) : globalThis.fetch(input, bounded);
};

/** Runs `call` with the library's HTTP going through `fetch` (or the global fetch). */
export function withFetch<T>(fetch: FetchFunction | undefined, call: () => Promise<T>): Promise<T> {
  setAbstractFetchFunc(dispatch);
  return fetch ? scope.run(fetch, call) : call();
}
