import "@shopify/shopify-api/adapters/web-api";
import { AsyncLocalStorage } from "node:async_hooks";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import type { FetchFunction } from "../admin-client";

const scope = new AsyncLocalStorage<FetchFunction>();

/**
 * The library's token calls read their fetch from one process-wide slot while they run. This
 * dispatcher fills that slot and sends each call to the fetch of the auth object that made it
 * (the demo store, a test), else to the global fetch looked up at call time (so interceptors
 * installed later still apply).
 */
const dispatch: FetchFunction = (input, init) => {
  const chosen = scope.getStore();
  return chosen ? chosen(input, init) : globalThis.fetch(input, init);
};

/** Runs `call` with the library's HTTP going through `fetch` (or the global fetch). */
export function withFetch<T>(fetch: FetchFunction | undefined, call: () => Promise<T>): Promise<T> {
  setAbstractFetchFunc(dispatch);
  return fetch ? scope.run(fetch, call) : call();
}
