import type { Decision } from "@countersign/policy";
import type { Classification, Usage } from "./classification";

/** How the brand sounds; set by the founder in the sidebar's settings. */
export interface BrandVoice {
  /** A few words, e.g. "warm, concise, no exclamation marks". */
  tone: string;
  /** Opening word(s) before the first name, e.g. "Hi". */
  greeting: string;
  /** Closing lines, e.g. "Warmly,\nThe Lumen team". */
  signOff: string;
  wordsToUse: string[];
  wordsToAvoid: string[];
  /** Replies the brand is proud of; the model imitates their voice, never their facts. */
  exampleReplies: string[];
}

export interface OrderItemFacts {
  id?: string;
  title: string;
  quantity: number;
  /** What the customer paid for one unit after discounts. */
  unitPrice: number;
}

export interface PostalAddress {
  name?: string | null;
  address1: string;
  address2?: string | null;
  city: string;
  province?: string | null;
  zip: string;
  countryCode: string;
  phone?: string | null;
}

/** The order as the store reports it. Payment and address fields never reach the model. */
export interface OrderFacts {
  /** Shopify order name, e.g. "#1042". */
  name: string;
  currency: string;
  total: number;
  items: OrderItemFacts[];
  tracking?: {
    number?: string | null;
    url?: string | null;
    carrier?: string | null;
    /** ISO-8601. */
    estimatedDeliveryAt?: string | null;
    status?: string | null;
  } | null;
  shippingAddress?: PostalAddress | null;
  /** Held for the agent's view; removed from anything sent to a model. */
  payment?: {
    gateway?: string | null;
    cardBrand?: string | null;
    cardLast4?: string | null;
  } | null;
  customerEmail?: string | null;
}

/** Everything a drafter needs to word the reply around a decision it cannot change. */
export interface DraftInput {
  decision: Decision;
  order: OrderFacts | null;
  customerFirstName: string | null;
  classification: Pick<Classification, "intent" | "flags" | "sentiment" | "urgency">;
  voice: BrandVoice;
  /** The customer's latest message, for context and tone. */
  customerMessage?: string;
}

/** A statement in the draft the facts or the decision do not back. */
export interface FactProblem {
  /** The words in the draft, so the UI can highlight them. */
  text: string;
  reason: string;
}

export interface FactCheck {
  ok: boolean;
  problems: FactProblem[];
}

export interface Draft {
  text: string;
  source: "claude" | "offline";
  factCheck: FactCheck;
  usage?: Usage;
  /** Why the model's draft was not used, when a template stood in. */
  fallbackReason?: string;
}

/** Writes the reply for one ticket in the brand's voice; always fact-checked. */
export interface Drafter {
  draft(input: DraftInput): Promise<Draft>;
}
