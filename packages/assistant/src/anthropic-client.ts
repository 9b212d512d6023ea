import Anthropic from "@anthropic-ai/sdk";
import type { ModelPrice } from "./pricing";

/** How to reach Claude; shared by the classifier and the drafter. */
export interface ClaudeConnection {
  apiKey: string;
  /** Defaults to the SDK's (https://api.anthropic.com); tests point it at a mock. */
  baseURL?: string;
  /** Model id; each caller has its own default. */
  model?: string;
  /** SDK retries on 408/409/429/5xx/529 and connection errors; default 2. */
  maxRetries?: number;
  /** Per attempt, in milliseconds; each caller has its own default. */
  timeoutMs?: number;
  /** Output budget. */
  maxTokens?: number;
  effort?: "low" | "medium" | "high";
  /** USD per million tokens by model id; defaults from reference/anthropic.md. */
  prices?: Readonly<Record<string, ModelPrice>>;
  /** Replaces the global fetch (tests only). */
  fetch?: typeof fetch;
}

/** The SDK client for a connection, with the caller's default per-attempt timeout. */
export function createAnthropicClient(
  config: ClaudeConnection,
  defaultTimeoutMs: number,
): Anthropic {
  return new Anthropic({
    apiKey: config.apiKey,
    ...(config.baseURL === undefined ? {} : { baseURL: config.baseURL }),
    maxRetries: config.maxRetries ?? 2,
    timeout: config.timeoutMs ?? defaultTimeoutMs,
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
  });
}
