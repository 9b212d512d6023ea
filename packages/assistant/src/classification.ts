import type { Requested } from "@countersign/policy";
import { z } from "zod";
import type { Entities } from "./extract";
import { Flag, Intent, Sentiment, Urgency } from "./taxonomy";

/** One ticket as the classifier reads it (the `countersign classify` input line). */
export const TicketInput = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  subject: z.string().nullable().optional(),
  body: z.string(),
});
export type TicketInput = z.infer<typeof TicketInput>;

/** What the model is asked to return: the taxonomy fields and nothing else. */
export const ModelClassification = z.object({
  intent: Intent,
  flags: z.array(Flag),
  sentiment: Sentiment,
  urgency: Urgency,
  confidence: z.number().min(0).max(1),
});
export type ModelClassification = z.infer<typeof ModelClassification>;

/** Token counts of one model call, and what they cost. */
export interface Usage {
  model: string;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  costUsd: number;
}

export type ClassificationSource = "offline" | "claude" | "offline-fallback";

export interface Classification {
  /** The customer's main ask. */
  intent: Intent;
  /** Risk flags: always the union of the safeguard rules and any model's flags. */
  flags: Flag[];
  sentiment: Sentiment;
  urgency: Urgency;
  /** How sure the classifier is of `intent`, 0..1. */
  confidence: number;
  /** Identifiers written in the ticket. */
  entities: Entities;
  /** The remedy the customer asked for, if they named one (the policy's `ticket.requested`). */
  requested: Requested | null;
  /** Who produced the labels. */
  source: ClassificationSource;
  /** Why the model's answer was not used, when `source` is `offline-fallback`. */
  fallbackReason?: string;
  /** Tokens and cost, when a model was called. */
  usage?: Usage;
}

/** Reads one ticket into intent, flags, sentiment, urgency and confidence. */
export interface Classifier {
  classify(ticket: TicketInput): Promise<Classification>;
}
