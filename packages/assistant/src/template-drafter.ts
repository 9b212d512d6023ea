import type { Intent } from "@countersign/policy";
import type { Draft, Drafter, DraftInput, OrderFacts } from "./draft-types";
import { checkFacts } from "./fact-check";

/** Money as a customer reads it: "$60.00", "£12.50", "€9.00"; other currencies by code. */
export function formatAmount(amount: number, currency: string | null | undefined): string {
  const code = (currency ?? "USD").toUpperCase();
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: code }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${code}`;
  }
}

/** "Saturday 28 November", from an ISO timestamp (UTC). */
export function formatDate(iso: string): string | null {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) {
    return null;
  }
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(when);
}

function itemList(input: DraftInput): string {
  const titles = new Map((input.order?.items ?? []).map((item) => [item.id, item.title]));
  const names = input.decision.lineItems.map((line) => {
    const title = titles.get(line.id) ?? "your item";
    return line.quantity > 1 ? `${line.quantity} × ${title}` : title;
  });
  if (names.length === 0) {
    return "your items";
  }
  if (names.length === 1) {
    return names[0] as string;
  }
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function declineReason(input: DraftInput): string {
  const failed = input.decision.reasons.filter((reason) => reason.outcome === "fail");
  const detail = (failed.at(-1) ?? input.decision.reasons.at(-1))?.detail;
  return detail === undefined ? "" : ` (${detail.replace(/\.$/, "")})`;
}

function trackingSentence(order: OrderFacts): string {
  const tracking = order.tracking;
  const parts: string[] = [];
  const status = tracking?.status ?? null;
  const statusText: Record<string, string> = {
    pending: "is being prepared",
    in_transit: "is on its way",
    out_for_delivery: "is out for delivery today",
    delivered: "shows as delivered",
    exception: "has hit a problem with the carrier",
    returned: "is on its way back to us",
  };
  parts.push(
    `I've checked order ${order.name}: it ${statusText[status ?? ""] ?? "is in our system"}.`,
  );
  const eta = tracking?.estimatedDeliveryAt ? formatDate(tracking.estimatedDeliveryAt) : null;
  if (eta !== null && status !== "delivered") {
    parts.push(`The carrier expects to deliver it on ${eta}.`);
  }
  if (tracking?.url) {
    const number = tracking.number ? ` (tracking number ${tracking.number})` : "";
    parts.push(`You can follow it here${number}: ${tracking.url}`);
  } else if (tracking?.number) {
    parts.push(`Its tracking number is ${tracking.number}.`);
  }
  return parts.join(" ");
}

const TOPIC: Partial<Record<Intent, string>> = {
  product_question: "our products",
  sizing: "sizing",
  subscription: "your subscription",
  account: "your account",
  payment_invoice: "your payment",
  order_change: "changing your order",
  complaint: "your experience with us",
  wholesale: "working with us",
};

function replyBody(input: DraftInput): string {
  const { order, classification } = input;
  const needsOrder = [
    "return",
    "refund",
    "exchange",
    "cancel",
    "address_change",
    "damaged_wrong_item",
    "delivery_problem",
  ].includes(classification.intent);
  if (order === null && (needsOrder || classification.intent === "order_status")) {
    return "Could you send me your order number (it starts with #) so I can look into this for you?";
  }
  if (order !== null && ["order_status", "delivery_problem"].includes(classification.intent)) {
    return trackingSentence(order);
  }
  if (classification.intent === "complaint") {
    return "I'm sorry to hear this, and thank you for telling us. I've shared your message with the team.";
  }
  if (classification.intent === "other") {
    return "Thank you for getting in touch.";
  }
  const topic = TOPIC[classification.intent] ?? "your order";
  return `Thanks for your question about ${topic}. I'm looking into it and will reply with the details.`;
}

function body(input: DraftInput): string {
  const { decision, order } = input;
  const name = order?.name ?? "your order";
  const amount = decision.amount === null ? null : formatAmount(decision.amount, decision.currency);
  const items = itemList(input);
  switch (decision.action) {
    case "reply":
      return replyBody(input);
    case "refund":
      return `We've refunded ${amount ?? "you"} for ${items} from order ${name}. It goes back to your original payment method.`;
    case "return":
      return amount === null
        ? `You can return ${items} from order ${name}. I'll send the return instructions in a separate email.`
        : `You can return ${items} from order ${name}. Once it's back with us, we will refund ${amount} to your original payment method.`;
    case "replace":
      return `I'm sorry about ${items} from order ${name}. We're sending you a replacement, and you'll get the tracking details by email.`;
    case "exchange":
      return `No problem: we'll exchange ${items} from order ${name} for you. I'll send the details by email.`;
    case "store_credit": {
      const credit = decision.creditAmount ?? decision.amount;
      return `We've added ${credit === null || credit === undefined ? "store credit" : `${formatAmount(credit, decision.currency)} in store credit`} to your account for ${items} from order ${name}.`;
    }
    case "update_address":
      return `We've updated the delivery address on order ${name}.`;
    case "cancel":
      return amount === null
        ? `We've cancelled order ${name}.`
        : `We've cancelled order ${name} and refunded ${amount} to your original payment method.`;
    case "decline": {
      const verbs: Partial<Record<Intent, string>> = {
        cancel: "cancel",
        refund: "refund",
        exchange: "exchange",
        address_change: "change the address on",
      };
      const what = verbs[input.classification.intent] ?? "accept a return for";
      return `I'm sorry, but we can't ${what} ${order === null ? "this order" : `order ${name}`}${declineReason(input)}.`;
    }
    case "escalate":
      return "Thank you for your message. I've passed it to a senior member of our team, who will reply to you personally.";
  }
}

/** Puts greeting, body and sign-off together in the brand's voice. */
function compose(input: DraftInput, text: string): string {
  const first = input.customerFirstName?.trim();
  const greeting = `${input.voice.greeting.trim()}${first ? ` ${first}` : ""},`;
  return `${greeting}\n\n${text}\n\n${input.voice.signOff.trim()}`;
}

/** The reply a template gives for a decision; used offline and when the model fails. */
export function draftFromTemplate(input: DraftInput): Omit<Draft, "factCheck" | "source"> {
  return { text: compose(input, body(input)) };
}

/** The offline drafter: one template per action (and intent for replies), fact-checked. */
export function createTemplateDrafter(): Drafter {
  return {
    draft: async (input) => {
      const { text } = draftFromTemplate(input);
      return { text, source: "offline", factCheck: checkFacts(text, input) };
    },
  };
}
