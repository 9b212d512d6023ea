import { z } from "zod";

/** The customer's main ask (design/taxonomy.md); ids are a public contract. */
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

/** Risks that change who must handle the ticket. */
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

/** The carrier status, normalised across carriers. */
export const ShipmentStatus = z.enum([
  "pending",
  "in_transit",
  "out_for_delivery",
  "delivered",
  "exception",
  "returned",
  "unknown",
]);
export type ShipmentStatus = z.infer<typeof ShipmentStatus>;

/** What the customer asked for, when they said. */
export const Requested = z.enum(["refund", "replacement", "exchange", "store_credit"]);
export type Requested = z.infer<typeof Requested>;

/** What the decision recommends. */
export const Action = z.enum([
  "reply",
  "refund",
  "return",
  "replace",
  "exchange",
  "store_credit",
  "update_address",
  "cancel",
  "decline",
  "escalate",
]);
export type Action = z.infer<typeof Action>;

/** The least a human must do before the action runs, from least to most. */
export const Approval = z.enum(["none", "agent", "lead", "human"]);
export type Approval = z.infer<typeof Approval>;

/** Intents that cannot be decided without the order they are about. */
export const INTENTS_NEEDING_ORDER: ReadonlySet<Intent> = new Set<Intent>([
  "return",
  "refund",
  "exchange",
  "cancel",
  "address_change",
  "damaged_wrong_item",
  "delivery_problem",
]);
