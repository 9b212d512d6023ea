import type { Classification } from "@countersign/assistant";
import type { Case, CaseOrder } from "@countersign/policy";
import type { TicketContext } from "@countersign/shopify";

const stopwords = new Set([
  "and",
  "for",
  "the",
  "set",
  "kit",
  "one",
  "new",
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
    .filter((word) => word.length >= 3 && !stopwords.has(word));
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
      requested: classification.requested,
      lineItemIds: readLineItems(inputs.text, context.order),
      newAddress: null,
    },
    customer: context.customer,
    order: context.order,
  };
}
