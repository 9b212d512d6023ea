import type { Usage } from "./classification";

/** USD per million tokens for one model. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Writing the cache with the default 5-minute lifetime. */
  cacheWrite5m: number;
  /** Writing the cache with a 1-hour lifetime. */
  cacheWrite1h: number;
  cacheRead: number;
}

/** Model ids and list prices (reference/anthropic.md §5, prompts up to 100k tokens). */
export const DEFAULT_MODELS = {
  classifier: "claude-haiku-5-5",
  drafter: "claude-sonnet-5-5",
} as const;

export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  "claude-haiku-5-5": {
    input: 0.1,
    output: 0.5,
    cacheWrite5m: 0.125,
    cacheWrite1h: 0.2,
    cacheRead: 0.01,
  },
  "claude-sonnet-5-5": { input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 },
  "claude-haiku-4-5": { input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 },
  "claude-sonnet-4-6": {
    input: 3,
    output: 15,
    cacheWrite5m: 3.75,
    cacheWrite1h: 6,
    cacheRead: 0.3,
  },
};

/** The usage fields of an SDK `Message` that cost money. */
export interface ApiUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation?: {
    ephemeral_5m_input_tokens?: number | null;
    ephemeral_1h_input_tokens?: number | null;
  } | null;
}

/**
 * Counts and prices one call. An unknown model is priced at 0 and named, so a missing price
 * shows up in the figures instead of failing the ticket.
 */
export function priceUsage(
  model: string,
  usage: ApiUsage,
  prices: Readonly<Record<string, ModelPrice>> = DEFAULT_PRICES,
): Usage {
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const write1h = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  const write5m = cacheWrite - write1h;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const price = prices[model];
  const costUsd =
    price === undefined
      ? 0
      : (usage.input_tokens * price.input +
          write5m * price.cacheWrite5m +
          write1h * price.cacheWrite1h +
          cacheRead * price.cacheRead +
          usage.output_tokens * price.output) /
        1_000_000;
  return {
    model,
    inputTokens: usage.input_tokens,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    outputTokens: usage.output_tokens,
    costUsd,
  };
}
