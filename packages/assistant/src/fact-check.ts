import type { Action } from "@countersign/policy";
import type { DraftInput, FactCheck, FactProblem } from "./draft-types";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const MONTH =
  "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

const URL = /\bhttps?:\/\/[^\s)>\]]+/gi;
const AMOUNT =
  /(?:[$£€]|\b(?:USD|EUR|GBP|CAD|AUD|NZD)\s?)\s?\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?|\b\d+(?:\.\d{1,2})?\s?(?:USD|EUR|GBP|CAD|AUD|NZD|dollars?|euros?|pounds?)\b/gi;
const ORDER_REF =
  /#\s?([A-Z]{0,4}-?\d{3,})\b|\border\s+(?:number\s+|no\.?\s+)?#?([A-Z]{0,4}-?\d{3,})\b/gi;
const TRACKING_LIKE = /\b(?=[A-Z0-9]{0,33}\d)[A-Z0-9]{10,34}\b/g;
const DATE_DAY_MONTH = new RegExp(
  String.raw`\b(\d{1,2})(?:st|nd|rd|th)?(?: of)? (${MONTH})\b`,
  "gi",
);
const DATE_MONTH_DAY = new RegExp(String.raw`\b(${MONTH}) (\d{1,2})(?:st|nd|rd|th)?\b`, "gi");
const DATE_ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const DATE_SLASH = /\b(\d{1,2})\/(\d{1,2})(?:\/\d{2,4})?\b/g;
const WEEKDAY = new RegExp(String.raw`\b(${WEEKDAYS.join("|")})\b`, "gi");
const WITHIN_DAYS =
  /\b(?:within|in|up to|about|around)\s+(\d{1,3})(?:\s*-\s*\d{1,3})?\s+(?:business\s+|working\s+)?(?:days?|weeks?|hours?)\b/gi;

const NEGATED = /\b(?:not|n't|cannot|can't|unable|unfortunately|no longer|isn't|aren't|won't)\b/i;

interface PromiseRule {
  reason: string;
  pattern: RegExp;
  allowed: ReadonlySet<Action>;
}

const PROMISES: PromiseRule[] = [
  {
    reason: "promises a refund the decision does not make",
    pattern:
      /\b(?:we(?:'ll| will| have|'ve| are| can)?(?: now| also| gladly| happily)? (?:refund(?:ed|ing)?|issue(?:d)? (?:a |your |the )?(?:full |partial )?refund|process(?:ed)? (?:a |your |the )?refund)|(?:a|your|the|full) refund (?:of [^.]{1,30})?(?:has been|is being|will be|is on its way|was)|you(?:'ll| will) (?:receive|get|see) (?:a |your |the )?(?:full )?refund|money back)\b/i,
    allowed: new Set<Action>(["refund", "return", "cancel"]),
  },
  {
    reason: "promises a replacement the decision does not make",
    pattern:
      /\b(?:replacement|replace (?:it|them|the|your)|re-?ship(?:ping)?|send (?:you )?(?:a )?(?:new|another) (?:one|item|bottle|pair|parcel))\b/i,
    allowed: new Set<Action>(["replace"]),
  },
  {
    reason: "promises an exchange the decision does not make",
    pattern: /\b(?:we(?:'ll| will| have|'ve)? (?:exchange|swap)|exchanged|swapped)\b/i,
    allowed: new Set<Action>(["exchange"]),
  },
  {
    reason: "promises store credit the decision does not give",
    pattern: /\b(?:store credit|account credit|credit (?:of [^.]{1,20})?to your account)\b/i,
    allowed: new Set<Action>(["store_credit"]),
  },
  {
    reason: "says the order is cancelled, which the decision does not do",
    pattern:
      /\b(?:we(?:'ve| have| will|'ll)? cancel(?:led|ed)?|(?:has|have) been cancel(?:led|ed)|is cancel(?:led|ed))\b/i,
    allowed: new Set<Action>(["cancel"]),
  },
  {
    reason: "says the address was changed, which the decision does not do",
    pattern: /\b(?:updated|changed|corrected) (?:the |your )?(?:delivery |shipping )?address\b/i,
    allowed: new Set<Action>(["update_address"]),
  },
  {
    reason: "offers a discount, voucher or freebie no decision grants",
    pattern:
      /\b(?:discount code|voucher|coupon|gift card|\d{1,2}\s?% off|free (?:of charge|gift|shipping|item|upgrade)|on the house|compensation)\b/i,
    allowed: new Set<Action>(),
  },
];

function cents(value: number): number {
  return Math.round(value * 100);
}

function parseAmount(text: string): number | null {
  const digits = text.replace(/[^\d.]/g, "");
  const value = Number.parseFloat(digits);
  return Number.isFinite(value) ? cents(value) : null;
}

function normaliseRef(ref: string): string {
  return ref.replace(/^#/, "").replace(/\s+/g, "").toUpperCase();
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase());
}

/** Sentences, so a promise is judged with its own negation and nothing else. */
function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+|\n+/).filter((part) => part.trim() !== "");
}

interface Allowed {
  amounts: Set<number>;
  orders: Set<string>;
  tracking: Set<string>;
  urls: string[];
  /** "month-day" keys. */
  dates: Set<string>;
  weekdays: Set<string>;
  numbers: Set<number>;
}

function allowedFacts(input: DraftInput): Allowed {
  const { decision, order } = input;
  const reasonsText = decision.reasons.map((reason) => reason.detail).join(" ");
  const amounts = new Set<number>();
  for (const value of [
    decision.amount,
    decision.creditAmount,
    decision.creditBonus,
    order?.total,
  ]) {
    if (typeof value === "number") {
      amounts.add(cents(value));
    }
  }
  const priceById = new Map<string, number>();
  for (const item of order?.items ?? []) {
    amounts.add(cents(item.unitPrice));
    amounts.add(cents(item.unitPrice * item.quantity));
    if (item.id !== undefined) {
      priceById.set(item.id, item.unitPrice);
    }
  }
  for (const line of decision.lineItems) {
    const price = priceById.get(line.id);
    if (price !== undefined) {
      amounts.add(cents(price * line.quantity));
    }
  }
  for (const match of reasonsText.matchAll(AMOUNT)) {
    const value = parseAmount(match[0]);
    if (value !== null) {
      amounts.add(value);
    }
  }
  for (const match of reasonsText.matchAll(/\b\d+\.\d{2}\b/g)) {
    amounts.add(cents(Number(match[0])));
  }

  const orders = new Set<string>();
  if (order !== null) {
    orders.add(normaliseRef(order.name));
  }
  const tracking = new Set<string>();
  const urls: string[] = [];
  if (order?.tracking?.number) {
    tracking.add(order.tracking.number.toUpperCase());
  }
  if (order?.tracking?.url) {
    urls.push(order.tracking.url);
  }
  const dates = new Set<string>();
  const weekdays = new Set<string>();
  const eta = order?.tracking?.estimatedDeliveryAt;
  if (eta) {
    const when = new Date(eta);
    if (!Number.isNaN(when.getTime())) {
      dates.add(`${when.getUTCMonth()}-${when.getUTCDate()}`);
      weekdays.add(WEEKDAYS[when.getUTCDay()] ?? "");
    }
  }
  const numbers = new Set<number>();
  for (const match of reasonsText.matchAll(/\b\d+\b/g)) {
    numbers.add(Number(match[0]));
  }
  return { amounts, orders, tracking, urls, dates, weekdays, numbers };
}

/** A word or phrase as a whole (any case, any spacing between its words); null when blank. */
function wordPattern(phrase: string): RegExp | null {
  const words = phrase.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    return null;
  }
  const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped.join("\\s+")}(?![\\p{L}\\p{N}])`, "iu");
}

/**
 * Checks every amount, order number, tracking number, link, date and promise in a draft
 * against the order facts and the decision, and the brand's words to avoid. A draft that fails
 * must not go out unedited.
 */
export function checkFacts(text: string, input: DraftInput): FactCheck {
  const allowed = allowedFacts(input);
  const problems: FactProblem[] = [];
  const add = (found: string, reason: string) => {
    if (!problems.some((problem) => problem.text === found && problem.reason === reason)) {
      problems.push({ text: found, reason });
    }
  };

  for (const match of text.matchAll(URL)) {
    const url = match[0].replace(/[.,;:!?]+$/, "");
    if (!allowed.urls.includes(url)) {
      add(url, "links somewhere the order facts do not");
    }
  }
  const withoutUrls = text.replace(URL, " ");

  for (const match of withoutUrls.matchAll(AMOUNT)) {
    const value = parseAmount(match[0]);
    if (value === null || !allowed.amounts.has(value)) {
      add(match[0].trim(), "amount not in the order or the decision");
    }
  }

  const orderRefs = new Set<string>();
  for (const match of withoutUrls.matchAll(ORDER_REF)) {
    const ref = normaliseRef(match[1] ?? match[2] ?? "");
    orderRefs.add(ref);
    if (!allowed.orders.has(ref)) {
      add(match[0].trim(), "order number is not this ticket's order");
    }
  }

  for (const match of withoutUrls.toUpperCase().matchAll(TRACKING_LIKE)) {
    const token = match[0];
    if (!allowed.tracking.has(token) && !orderRefs.has(token) && !/^\d{1,9}$/.test(token)) {
      add(token, "tracking number is not this order's");
    }
  }

  const dateProblem = (found: string, month: number, day: number) => {
    if (!allowed.dates.has(`${month}-${day}`)) {
      add(found, "date not in the order facts");
    }
  };
  for (const match of withoutUrls.matchAll(DATE_DAY_MONTH)) {
    dateProblem(match[0], monthIndex(match[2] ?? ""), Number(match[1]));
  }
  for (const match of withoutUrls.matchAll(DATE_MONTH_DAY)) {
    dateProblem(match[0], monthIndex(match[1] ?? ""), Number(match[2]));
  }
  for (const match of withoutUrls.matchAll(DATE_ISO)) {
    dateProblem(match[0], Number(match[2]) - 1, Number(match[3]));
  }
  for (const match of withoutUrls.matchAll(DATE_SLASH)) {
    // Day/month and month/day are both read; either matching the facts is enough.
    const a = Number(match[1]);
    const b = Number(match[2]);
    if (!allowed.dates.has(`${b - 1}-${a}`) && !allowed.dates.has(`${a - 1}-${b}`)) {
      add(match[0], "date not in the order facts");
    }
  }
  for (const match of withoutUrls.matchAll(WEEKDAY)) {
    if (!allowed.weekdays.has((match[1] ?? "").toLowerCase())) {
      add(match[0], "day not in the order facts");
    }
  }

  for (const avoided of input.voice.wordsToAvoid) {
    const found = wordPattern(avoided)?.exec(withoutUrls);
    if (found) {
      add(found[0], "the brand voice avoids this word");
    }
  }

  const action = input.decision.action;
  for (const sentence of sentences(withoutUrls)) {
    for (const match of sentence.matchAll(WITHIN_DAYS)) {
      if (!allowed.numbers.has(Number(match[1]))) {
        add(match[0], "time frame the policy does not state");
      }
    }
    if (NEGATED.test(sentence)) {
      continue;
    }
    for (const promise of PROMISES) {
      const found = sentence.match(promise.pattern);
      if (found !== null && !promise.allowed.has(action)) {
        add(found[0], `${promise.reason} (decision: ${action})`);
      }
    }
  }
  return { ok: problems.length === 0, problems };
}
