import { z } from "zod";

// Mirrors design/taxonomy.md until @countersign/policy exports these enums.
export const Intent = z.enum([
  "order_status",
  "delivery_problem",
  "return",
  "refund",
  "exchange",
  "cancel",
  "order_change",
  "address_change",
  "damaged_wrong_item",
  "product_question",
  "sizing",
  "subscription",
  "account",
  "payment_invoice",
  "wholesale",
  "complaint",
  "other",
]);
export type Intent = z.infer<typeof Intent>;

export const Flag = z.enum([
  "human_requested",
  "legal_threat",
  "frustrated",
  "agent_error_dispute",
]);
export type Flag = z.infer<typeof Flag>;

export const Sentiment = z.enum(["positive", "neutral", "negative"]);
export type Sentiment = z.infer<typeof Sentiment>;

export const Urgency = z.enum(["low", "normal", "high"]);
export type Urgency = z.infer<typeof Urgency>;
