import type { Action, Flag, Intent } from "@countersign/policy";
import type { DraftInput } from "./draft-types";
import { formatAmount } from "./template-drafter";

const WANTS: Record<Intent, string> = {
  order_status: "to know where the order is",
  delivery_problem: "help with a parcel that went wrong in transit",
  return: "to return items",
  refund: "a refund",
  exchange: "an exchange for a different variant",
  cancel: "to cancel the order",
  order_change: "to change the order",
  address_change: "to change the shipping address",
  damaged_wrong_item: "a fix for a damaged, wrong or missing item",
  product_question: "product information",
  sizing: "size advice",
  subscription: "a change to their subscription",
  account: "help with their account",
  payment_invoice: "help with a payment or invoice",
  wholesale: "a wholesale or partnership contact",
  complaint: "to complain about their experience",
  other: "something outside the usual asks",
};

const FLAG_WORDS: Record<Flag, string> = {
  legal_threat: "legal threat",
  human_requested: "asked for a person",
  frustrated: "frustrated",
  agent_error_dispute: "disputes an earlier answer",
};

const ACTION_WORDS: Record<Action, string> = {
  reply: "reply with information",
  refund: "refund",
  return: "open a return",
  replace: "send a replacement",
  exchange: "exchange",
  store_credit: "give store credit",
  update_address: "update the address",
  cancel: "cancel the order",
  decline: "decline, politely, with the reason",
  escalate: "a person handles it",
};

/**
 * Three lines for the person taking over a tier 3/4 ticket: what the customer wants, what
 * was checked, and what is recommended. Built from the decision only; no model involved.
 */
export function summariseEscalation(input: DraftInput): string {
  const { decision, order, classification } = input;
  const flags = classification.flags.map((flag) => FLAG_WORDS[flag]);
  const wants = `Wants: ${WANTS[classification.intent]}${order ? ` (order ${order.name})` : ""}${
    flags.length > 0 ? `; ${flags.join(", ")}` : ""
  }; sentiment ${classification.sentiment}, urgency ${classification.urgency}.`;

  const notable = decision.reasons.filter((reason) => reason.outcome !== "pass");
  const checked = (notable.length > 0 ? notable : decision.reasons)
    .slice(0, 4)
    .map((reason) => `${reason.rule} ${reason.outcome}: ${reason.detail}`);
  const checkedLine = `Checked: ${checked.length > 0 ? checked.join("; ") : "no rules ran"}.`;

  const money =
    decision.amount === null ? "" : ` ${formatAmount(decision.amount, decision.currency)}`;
  const recommended = `Recommended: ${ACTION_WORDS[decision.action]}${money}; tier ${decision.tier}, approval ${decision.approval}.`;
  return [wants, checkedLine, recommended].join("\n");
}
