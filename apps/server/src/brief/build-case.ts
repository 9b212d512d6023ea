import type { Classification } from "@countersign/assistant";
import type { Case, CaseOrder } from "@countersign/policy";
import type { TicketContext } from "@countersign/shopify";

type Requested = Case["ticket"]["requested"];

// Read in the order listed: the most specific ask wins ("exchange it or give me store credit"
// is an exchange only if credit is not named first in the list below).
const asks: [Exclude<Requested, null | undefined>, RegExp][] = [
  ["store_credit", /\b(store|shop)\s+credit\b|\bgift\s*card\b|\bvoucher\b/i],
  ["exchange", /\bexchange\b|\bswap\b|\b(different|smaller|bigger|larger)\s+(size|colou?r)\b/i],
  ["replacement", /\breplace(ment)?\b|\bsend\s+(me\s+)?(a\s+)?(new|another)\s+one\b|\bre-?ship\b/i],
  ["refund", /\brefund\b|\bmoney\s+back\b|\breimburse/i],
];

/** What the customer asked for, when they said: the policy follows the ask where it may. */
export function readRequested(text: string): Requested {
  for (const [ask, pattern] of asks) {
    if (pattern.test(text)) {
      return ask;
    }
  }
  return null;
}

const stopwords = new Set([
  "with",
  "from",
  "this",
  "that",
  "size",
  "pack",
  "small",
  "medium",
  "large",
  "black",
  "white",
  "blue",
]);

function significantWords(title: string): string[] {
  return title
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 4 && !stopwords.has(word));
}

/**
 * The items the ticket is about: those whose names the customer wrote, when that picks out some
 * but not all of them; otherwise null (every item), as the policy reads it.
 */
export function readLineItems(text: string, order: CaseOrder | null): string[] | null {
  if (!order || order.lineItems.length < 2) {
    return null;
  }
  const words = new Set(text.toLowerCase().split(/[^a-z0-9]+/));
  const named = order.lineItems.filter((item) =>
    significantWords(item.title).some((word) => words.has(word) || words.has(`${word}s`)),
  );
  return named.length > 0 && named.length < order.lineItems.length
    ? named.map((item) => item.id)
    : null;
}

export interface CaseInputs {
  now: Date;
  text: string;
  customerMessages: number;
  classification: Classification;
  context: Pick<TicketContext, "customer" | "order">;
}

/** The policy engine's input for a ticket: nothing here comes from the language model's prose. */
export function buildCase(inputs: CaseInputs): Case {
  const { classification, context } = inputs;
  return {
    now: inputs.now.toISOString(),
    ticket: {
      intent: classification.intent,
      flags: classification.flags,
      confidence: classification.confidence,
      customerMessages: Math.max(1, inputs.customerMessages),
      requested: readRequested(inputs.text),
      lineItemIds: readLineItems(inputs.text, context.order),
      newAddress: null,
    },
    customer: context.customer,
    order: context.order,
  };
}
