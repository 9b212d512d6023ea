import type { CaseLineItem, CaseOrder } from "./case";
import { formatMoney, lineCents, toCents } from "./money";
import type { ResolvedPolicy } from "./policy";
import {
  approvalRank,
  type Draft,
  day,
  daysToMs,
  formatElapsed,
  hasTag,
  itemName,
  orderName,
  type Rule,
  type RuleContext,
  type RuleStep,
  settle,
  stricter,
  wholeDays,
} from "./rule";
import { type Approval, INTENTS_NEEDING_ORDER, type Intent } from "./taxonomy";

const RETURN_INTENTS: ReadonlySet<Intent> = new Set<Intent>(["return", "refund", "exchange"]);
const CLOSED_INTENTS: ReadonlySet<Intent> = new Set<Intent>([
  "return",
  "refund",
  "exchange",
  "cancel",
  "damaged_wrong_item",
  "delivery_problem",
]);

function isReturnIntent(ctx: RuleContext): boolean {
  return RETURN_INTENTS.has(ctx.ticket.intent);
}

function isItemIntent(ctx: RuleContext): boolean {
  return isReturnIntent(ctx) || ctx.ticket.intent === "damaged_wrong_item";
}

function escalate(tier: 3 | 4, approval: Approval, detail: string): RuleStep {
  return { outcome: "applied", detail, draft: settle("escalate", tier, approval), stop: true };
}

function handToHuman(detail: string): RuleStep {
  return escalate(4, "human", detail);
}

function decline(detail: string): RuleStep {
  return { outcome: "fail", detail, draft: settle("decline", 3, "agent"), stop: true };
}

function reply(detail: string): RuleStep {
  return { outcome: "applied", detail, draft: settle("reply", 1, "none"), stop: true };
}

function hasFlag(ctx: RuleContext, flag: string): boolean {
  return ctx.ticket.flags.some((f) => f === flag);
}

/** Units the action touches: each item's refundable quantity, items with none left out. */
function affectedLines(items: readonly CaseLineItem[]) {
  return items
    .filter((item) => item.refundableQuantity > 0)
    .map((item) => ({ id: item.id, quantity: item.refundableQuantity }));
}

function valueCents(items: readonly CaseLineItem[]): number {
  let cents = 0;
  for (const item of items) {
    cents += lineCents(item.unitPrice, item.refundableQuantity);
  }
  return cents;
}

function names(items: readonly CaseLineItem[]): string {
  return items.map(itemName).join(", ");
}

/** The date the return window counts from, with the fallback delivery → fulfillment → order. */
function windowStart(order: CaseOrder, policy: ResolvedPolicy): { at: string; label: string } {
  const start = policy.returnWindowStartsAt;
  if (start === "delivery" && order.deliveredAt) {
    return { at: order.deliveredAt, label: "delivery" };
  }
  if (start !== "order" && order.fulfilledAt) {
    const label = start === "delivery" ? "fulfillment (no delivery date)" : "fulfillment";
    return { at: order.fulfilledAt, label };
  }
  const label = start === "order" ? "the order" : `the order (no ${start} date)`;
  return { at: order.createdAt, label };
}

function tagWindow(item: CaseLineItem, policy: ResolvedPolicy) {
  for (const entry of policy.tagWindows) {
    if (hasTag(item.productTags, [entry.tag]) !== null) {
      return entry;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Tier 4: hand to a human, before anything else, whatever the order says.

/** Tier 4: flag `legal_threat` → escalate to a human. Reads no policy key. */
const legalThreat: Rule = {
  id: "legal-threat",
  reads: [],
  when: () => true,
  run: (ctx) =>
    hasFlag(ctx, "legal_threat")
      ? handToHuman("Legal or payment-dispute language: a person handles this ticket")
      : { outcome: "pass", detail: "No legal or payment-dispute language" },
};

/** Tier 4: flag `human_requested` → escalate to a human. Reads no policy key. */
const humanRequested: Rule = {
  id: "human-requested",
  reads: [],
  when: () => true,
  run: (ctx) =>
    hasFlag(ctx, "human_requested")
      ? handToHuman("The customer asked for a person")
      : { outcome: "pass", detail: "The customer did not ask for a person" },
};

/** Tier 4: intent `wholesale` → escalate to a human. Reads no policy key. */
const wholesale: Rule = {
  id: "wholesale",
  reads: [],
  when: () => true,
  run: (ctx) =>
    ctx.ticket.intent === "wholesale"
      ? handToHuman("Wholesale, partnership or press enquiry: a person handles it")
      : { outcome: "pass", detail: "Not a wholesale or partnership enquiry" },
};

/** Tier 4: a VIP (by tag or lifetime spend) while VIPs are not automated. */
const vip: Rule = {
  id: "vip",
  reads: ["vip.tags", "vip.lifetimeSpendAbove", "vip.automate"],
  when: () => true,
  run: (ctx) => {
    const customer = ctx.customer;
    if (customer === null) {
      return { outcome: "pass", detail: "No matching customer, so not a VIP" };
    }
    const { tags, lifetimeSpendAbove, automate } = ctx.policy.vip;
    const tag = hasTag(customer.tags, tags);
    const spent = toCents(customer.amountSpent);
    let why: string | null = null;
    if (tag !== null) {
      why = `tagged "${tag}"`;
    } else if (lifetimeSpendAbove !== null && spent > toCents(lifetimeSpendAbove)) {
      why = `lifetime spend ${formatMoney(spent)} is above ${formatMoney(toCents(lifetimeSpendAbove))}`;
    }
    if (why === null) {
      return { outcome: "pass", detail: `Not a VIP (lifetime spend ${formatMoney(spent)})` };
    }
    if (automate) {
      return { outcome: "pass", detail: `VIP (${why}); VIP tickets may be automated` };
    }
    return handToHuman(`VIP customer (${why}): a person handles VIP tickets`);
  },
};

/** Tier 4: flag `frustrated` with more than `frustrationMaxMessages` customer messages. */
const frustration: Rule = {
  id: "frustration",
  reads: ["frustrationMaxMessages"],
  when: () => true,
  run: (ctx) => {
    const max = ctx.policy.frustrationMaxMessages;
    const sent = ctx.ticket.customerMessages;
    if (!hasFlag(ctx, "frustrated")) {
      return { outcome: "pass", detail: "The customer is not frustrated" };
    }
    if (sent > max) {
      return handToHuman(`Frustrated after ${sent} messages (hand over after ${max})`);
    }
    return {
      outcome: "pass",
      detail: `Frustrated, ${sent} messages so far (hand over after ${max})`,
    };
  },
};

/** Tier 4: classifier `confidence` below `minConfidence`. */
const confidence: Rule = {
  id: "confidence",
  reads: ["minConfidence"],
  when: () => true,
  run: (ctx) => {
    const { confidence: value } = ctx.ticket;
    const min = ctx.policy.minConfidence;
    // Two decimals read well; keep more only where rounding would hide which side it fell.
    const short = Number(value.toFixed(2));
    const shown = short < min === value < min ? short : value;
    return value < min
      ? handToHuman(`Intent confidence ${shown} is below ${min}: a person reads the ticket`)
      : { outcome: "pass", detail: `Intent confidence ${shown} (at least ${min})` };
  },
};

// ---------------------------------------------------------------------------------------
// Guards before the intent rules.

/** Tier 3: flag `agent_error_dispute` → a lead decides, with or without an order. */
const agentErrorDispute: Rule = {
  id: "agent-error-dispute",
  reads: [],
  when: () => true,
  run: (ctx) =>
    hasFlag(ctx, "agent_error_dispute")
      ? escalate(3, "lead", "The customer disputes an earlier answer from the shop: a lead decides")
      : { outcome: "pass", detail: "No dispute of an earlier answer" },
};

/** Tier 1: an intent that needs an order, with none found → ask for the order number. */
const orderRequired: Rule = {
  id: "order-required",
  reads: [],
  when: (ctx) => INTENTS_NEEDING_ORDER.has(ctx.ticket.intent),
  run: (ctx) =>
    ctx.order === null
      ? reply("No order found for this ticket: ask the customer for the order number")
      : { outcome: "pass", detail: `Order ${orderName(ctx.order)}` },
};

/** Tier 3: an order already refunded or cancelled has nothing left to refund → decline. */
const alreadyClosed: Rule = {
  id: "already-refunded-or-cancelled",
  reads: [],
  when: (ctx) => ctx.order !== null && CLOSED_INTENTS.has(ctx.ticket.intent),
  run: (ctx) => {
    const order = ctx.order as CaseOrder;
    const name = orderName(order);
    if (order.cancelledAt) {
      return decline(`Order ${name} was cancelled on ${day(order.cancelledAt)}`);
    }
    if (order.financialStatus.toUpperCase() === "REFUNDED") {
      return decline(`Order ${name} was already refunded in full`);
    }
    return { outcome: "pass", detail: `Order ${name} is open (${order.financialStatus})` };
  },
};

/** Extra, tier 3: more than `serialReturnerLimit` returns in 365 days → a lead decides. */
const serialReturner: Rule = {
  id: "serial-returner",
  reads: ["serialReturnerLimit"],
  when: (ctx) => ctx.policy.serialReturnerLimit !== null && isReturnIntent(ctx),
  run: (ctx) => {
    const limit = ctx.policy.serialReturnerLimit as number;
    const returns = ctx.customer?.returnsLast365Days ?? 0;
    return returns > limit
      ? escalate(
          3,
          "lead",
          `${returns} returns in the last 365 days (limit ${limit}): a lead decides`,
        )
      : { outcome: "pass", detail: `${returns} returns in the last 365 days (limit ${limit})` };
  },
};

// ---------------------------------------------------------------------------------------
// Intent rules.

/** `address_change`: nothing fulfilled → update the address (tier 1); else a lead decides. */
const addressChange: Rule = {
  id: "address-change",
  reads: [],
  when: (ctx) => ctx.ticket.intent === "address_change",
  run: (ctx) => {
    const order = ctx.order as CaseOrder;
    if (order.fulfilledAt) {
      return escalate(
        3,
        "lead",
        `Items were fulfilled on ${day(order.fulfilledAt)}: a lead decides whether the parcel can be redirected`,
      );
    }
    const to = ctx.ticket.newAddress;
    const where = to ? ` to ${to.city}, ${to.countryCode}` : "";
    return {
      outcome: "applied",
      detail: `Nothing fulfilled yet: update the shipping address${where}`,
      draft: settle("update_address", 1, "none"),
      stop: true,
    };
  },
};

/** `cancel`: nothing fulfilled and within `cancelWindowHours` of the order → cancel. */
const cancelWindow: Rule = {
  id: "cancel-window",
  reads: ["cancelWindowHours", "returnWindowDays"],
  when: (ctx) => ctx.ticket.intent === "cancel",
  run: (ctx) => {
    const order = ctx.order as CaseOrder;
    const hours = ctx.policy.cancelWindowHours;
    const returnRoute = `offer a return within ${ctx.policy.returnWindowDays} days instead`;
    if (order.fulfilledAt) {
      return decline(
        `Already fulfilled on ${day(order.fulfilledAt)}, so it cannot be cancelled: ${returnRoute}`,
      );
    }
    const elapsed = ctx.nowMs - Date.parse(order.createdAt);
    if (elapsed > hours * 3_600_000) {
      return decline(
        `Placed ${formatElapsed(elapsed)} ago; orders can be cancelled within ${hours} h: ${returnRoute}`,
      );
    }
    const amountCents = Math.max(0, toCents(order.total) - toCents(order.refundedTotal));
    return {
      outcome: "applied",
      detail: `Placed ${formatElapsed(elapsed)} ago, nothing fulfilled; cancel window is ${hours} h`,
      draft: {
        ...settle("cancel", 2, "none"),
        amountCents,
        lineItems: affectedLines(order.lineItems),
      },
    };
  },
};

/** `delivery_problem`: exception, returned, "delivered" but missing, or late → reship. */
const lostParcel: Rule = {
  id: "lost-parcel",
  reads: ["lostParcelAfterDays"],
  when: (ctx) => ctx.ticket.intent === "delivery_problem",
  run: (ctx) => {
    const order = ctx.order as CaseOrder;
    const shipment = order.shipment;
    const status = shipment?.status ?? null;
    const after = ctx.policy.lostParcelAfterDays;
    let why: string | null = null;
    if (status === "exception" || status === "returned") {
      why = `The carrier reports the parcel as ${status}`;
    } else if (status === "delivered") {
      why = "The carrier says delivered but the customer says it never came";
    } else if (status === "in_transit" && shipment?.estimatedDeliveryAt) {
      const late = ctx.nowMs - Date.parse(shipment.estimatedDeliveryAt);
      if (late < daysToMs(after)) {
        const eta = day(shipment.estimatedDeliveryAt);
        const when =
          late < 0 ? `due ${eta}` : `${wholeDays(0, late)} days past the estimate of ${eta}`;
        return reply(`In transit, ${when} (lost after ${after} days): reply with tracking`);
      }
      why = `In transit ${wholeDays(0, late)} days past the estimate of ${day(shipment.estimatedDeliveryAt)} (lost after ${after} days)`;
    }
    if (why === null) {
      const state =
        status === null
          ? "No shipment status yet"
          : status === "in_transit"
            ? "In transit with no delivery estimate"
            : `Shipment is ${status.replaceAll("_", " ")}`;
      return reply(`${state}: reply with tracking`);
    }
    const lines = affectedLines(ctx.asked);
    if (lines.length === 0) {
      return decline(`${why}, but nothing on the order is left to reship`);
    }
    const value = valueCents(ctx.asked);
    return {
      outcome: "applied",
      detail: `${why}: reship ${names(ctx.asked.filter((item) => item.refundableQuantity > 0))}`,
      draft: {
        ...settle("replace", 3, "agent"),
        valueCents: value,
        lineItems: lines,
      },
    };
  },
};

/** Return window: `returnWindowDays` (or a `tagWindows` entry) from `returnWindowStartsAt`. */
const returnWindow: Rule = {
  id: "return-window",
  reads: ["returnWindowDays", "returnWindowStartsAt", "tagWindows"],
  when: isItemIntent,
  run: (ctx) => {
    if (ctx.ticket.intent === "damaged_wrong_item") {
      return { outcome: "skip", detail: "Damaged, wrong or missing items: no return window" };
    }
    const order = ctx.order as CaseOrder;
    const start = windowStart(order, ctx.policy);
    const days = wholeDays(Date.parse(start.at), ctx.nowMs);
    const base = ctx.policy.returnWindowDays;
    const notes: string[] = [];
    const outside: string[] = [];
    ctx.eligible = ctx.eligible.filter((item) => {
      const special = tagWindow(item, ctx.policy);
      const window = special === null ? base : special.days;
      if (special !== null) {
        notes.push(`${itemName(item)} has a ${window}-day window (tag "${special.tag}")`);
      }
      if (days <= window) {
        return true;
      }
      outside.push(itemName(item));
      ctx.excluded.push(`${itemName(item)} is outside its ${window}-day window`);
      return false;
    });
    const detail = [`${days} days since ${start.label}; window is ${base}`, ...notes];
    if (outside.length > 0) {
      detail.push(`outside: ${outside.join(", ")}`);
      return { outcome: "fail", detail: detail.join("; ") };
    }
    return { outcome: "pass", detail: detail.join("; ") };
  },
};

/** Final sale: items tagged with one of `finalSaleTags` are left out and named. */
const finalSale: Rule = {
  id: "final-sale",
  reads: ["finalSaleTags"],
  when: isItemIntent,
  run: (ctx) => {
    if (ctx.ticket.intent === "damaged_wrong_item") {
      return {
        outcome: "skip",
        detail: "Damaged, wrong or missing items: final sale does not apply",
      };
    }
    const left: string[] = [];
    ctx.eligible = ctx.eligible.filter((item) => {
      const tag = hasTag(item.productTags, ctx.policy.finalSaleTags);
      if (tag === null) {
        return true;
      }
      left.push(`${itemName(item)} (tag "${tag}")`);
      ctx.excluded.push(`${itemName(item)} is final sale`);
      return false;
    });
    return left.length > 0
      ? { outcome: "fail", detail: `Final sale, left out: ${left.join(", ")}` }
      : { outcome: "pass", detail: "No final-sale items among those asked about" };
  },
};

/** Refundable quantity: items with nothing left to refund or return are left out. */
const refundableQuantity: Rule = {
  id: "refundable-quantity",
  reads: [],
  when: isItemIntent,
  run: (ctx) => {
    const spent: string[] = [];
    ctx.eligible = ctx.eligible.filter((item) => {
      if (item.refundableQuantity > 0) {
        return true;
      }
      spent.push(itemName(item));
      ctx.excluded.push(`${itemName(item)} has nothing left to refund`);
      return false;
    });
    return spent.length > 0
      ? { outcome: "fail", detail: `Nothing left to refund on: ${spent.join(", ")}` }
      : { outcome: "pass", detail: "Every item left has refundable units" };
  },
};

/** Out of policy: nothing asked about passes the window, final-sale and quantity rules. */
const inPolicy: Rule = {
  id: "in-policy",
  reads: [],
  when: isItemIntent,
  run: (ctx) => {
    if (ctx.eligible.length === 0) {
      const why = ctx.excluded.length > 0 ? ctx.excluded.join("; ") : "no items on the order";
      return decline(`Nothing asked about qualifies: ${why}`);
    }
    return { outcome: "pass", detail: `Qualifying: ${names(ctx.eligible)}` };
  },
};

/** Return, refund or exchange within policy; the customer's ask picks exchange or store credit. */
const returnAction: Rule = {
  id: "return-action",
  reads: [],
  when: isReturnIntent,
  run: (ctx) => {
    const { intent, requested } = ctx.ticket;
    const value = valueCents(ctx.eligible);
    const lineItems = affectedLines(ctx.eligible);
    if (requested === "exchange" || (intent === "exchange" && requested !== "store_credit")) {
      return {
        outcome: "applied",
        detail: `Exchange ${names(ctx.eligible)}; no money goes back`,
        draft: { ...settle("exchange", 2, "none"), valueCents: value, lineItems },
      };
    }
    const action =
      requested === "store_credit" ? "store_credit" : intent === "return" ? "return" : "refund";
    const verb = { store_credit: "Store credit for", return: "Return", refund: "Refund" }[action];
    return {
      outcome: "applied",
      detail: `${verb} ${names(ctx.eligible)}`,
      draft: { ...settle(action, 2, "none"), amountCents: value, lineItems },
    };
  },
};

/** Damaged, wrong or missing items: the customer's ask, else `damagedResolution`. */
const damagedItem: Rule = {
  id: "damaged-item",
  reads: ["damagedResolution"],
  when: (ctx) => ctx.ticket.intent === "damaged_wrong_item",
  run: (ctx) => {
    const requested = ctx.ticket.requested;
    const resolution =
      requested === "refund" || requested === "replacement"
        ? requested
        : ctx.policy.damagedResolution;
    const value = valueCents(ctx.eligible);
    const lineItems = affectedLines(ctx.eligible);
    const base = settle(resolution === "refund" ? "refund" : "replace", 3, "agent");
    const draft: Draft =
      resolution === "refund"
        ? { ...base, amountCents: value, lineItems }
        : { ...base, valueCents: value, lineItems };
    const who = requested === resolution ? "as the customer asked" : "the shop's default";
    const verb = resolution === "refund" ? "Refund" : "Replace";
    return { outcome: "applied", detail: `${verb} ${names(ctx.eligible)} (${who})`, draft };
  },
};

/** `amount` never exceeds the order's `total` − `refundedTotal`. */
const refundableBalance: Rule = {
  id: "refundable-balance",
  reads: [],
  when: (ctx) => ctx.draft !== null && ctx.draft.amountCents !== null,
  run: (ctx) => {
    const draft = ctx.draft as Draft;
    const order = ctx.order as CaseOrder;
    const asked = draft.amountCents as number;
    const balance = Math.max(0, toCents(order.total) - toCents(order.refundedTotal));
    if (asked > balance) {
      return {
        outcome: "applied",
        detail: `Capped ${formatMoney(asked, order.currency)} to the ${formatMoney(balance, order.currency)} not yet refunded on the order`,
        draft: { ...draft, amountCents: balance },
      };
    }
    return {
      outcome: "pass",
      detail: `${formatMoney(asked, order.currency)} is within the ${formatMoney(balance, order.currency)} not yet refunded`,
    };
  },
};

/** Extra: a return worth less than `keepItemBelow` is refunded and the customer keeps the item. */
const keepItem: Rule = {
  id: "keep-item",
  reads: ["keepItemBelow"],
  when: (ctx) => ctx.policy.keepItemBelow !== null && ctx.draft?.action === "return",
  run: (ctx) => {
    const draft = ctx.draft as Draft;
    const currency = (ctx.order as CaseOrder).currency;
    const amount = draft.amountCents as number;
    const threshold = toCents(ctx.policy.keepItemBelow as number);
    const money = `${formatMoney(amount, currency)} vs keep-item threshold ${formatMoney(threshold, currency)}`;
    if (amount < threshold) {
      return {
        outcome: "applied",
        detail: `${money}: refund and let the customer keep the item`,
        draft: { ...draft, action: "refund" },
      };
    }
    return { outcome: "pass", detail: `${money}: the item comes back` };
  },
};

function limitApproval(cents: number, policy: ResolvedPolicy): Approval {
  if (cents <= toCents(policy.autoRefundLimit)) {
    return "none";
  }
  return cents <= toCents(policy.agentRefundLimit) ? "agent" : "lead";
}

/** Money limits: ≤ `autoRefundLimit` none, ≤ `agentRefundLimit` agent, above: lead, tier 3. */
const moneyLimits: Rule = {
  id: "money-limits",
  reads: ["autoRefundLimit", "agentRefundLimit"],
  when: (ctx) =>
    ctx.draft !== null && (ctx.draft.amountCents !== null || ctx.draft.valueCents !== null),
  run: (ctx) => {
    const draft = ctx.draft as Draft;
    const currency = (ctx.order as CaseOrder).currency;
    const moving = draft.amountCents !== null;
    const cents = (moving ? draft.amountCents : draft.valueCents) as number;
    const byLimit = limitApproval(cents, ctx.policy);
    const approval = stricter(draft.minApproval, byLimit);
    const auto = formatMoney(toCents(ctx.policy.autoRefundLimit), currency);
    const agent = formatMoney(toCents(ctx.policy.agentRefundLimit), currency);
    const what = moving
      ? `${formatMoney(cents, currency)} is`
      : `Goods worth ${formatMoney(cents, currency)} are`;
    const where =
      byLimit === "none"
        ? `within the autopilot limit ${auto}`
        : byLimit === "agent"
          ? `above the autopilot limit ${auto}, within the agent limit ${agent}`
          : `above the agent limit ${agent}`;
    const who = { none: "no click needed", agent: "one agent click", lead: "a lead approves" };
    const tier = approval === "lead" ? 3 : draft.tier;
    const floor =
      approvalRank(draft.minApproval) > approvalRank(byLimit) ? " (an agent always confirms)" : "";
    return {
      outcome: "applied",
      detail: `${what} ${where}: ${who[approval as keyof typeof who]}${floor}`,
      draft: { ...draft, approval, tier },
    };
  },
};

/** Extra: store credit carries `storeCreditBonusPercent` on top of the refund value. */
const storeCreditBonus: Rule = {
  id: "store-credit-bonus",
  reads: ["storeCreditBonusPercent"],
  when: (ctx) => ctx.policy.storeCreditBonusPercent > 0 && ctx.draft?.action === "store_credit",
  run: (ctx) => {
    const draft = ctx.draft as Draft;
    const currency = (ctx.order as CaseOrder).currency;
    const amount = draft.amountCents as number;
    const percent = ctx.policy.storeCreditBonusPercent;
    const bonus = Math.round((amount * percent) / 100);
    return {
      outcome: "applied",
      detail: `${percent}% bonus: ${formatMoney(bonus, currency)} on top, ${formatMoney(amount + bonus, currency)} in credit`,
      draft: { ...draft, creditBonusCents: bonus },
    };
  },
};

/** Information intents (and anything not decided above): reply, nothing moves. */
const informationReply: Rule = {
  id: "information",
  reads: [],
  when: (ctx) => ctx.draft === null,
  run: (ctx) => reply(`${ctx.ticket.intent.replaceAll("_", " ")}: answer with information`),
};

/** Every rule in the order it is checked; a new rule is one new entry here. */
export const RULES: readonly Rule[] = [
  legalThreat,
  humanRequested,
  wholesale,
  vip,
  frustration,
  confidence,
  agentErrorDispute,
  orderRequired,
  alreadyClosed,
  serialReturner,
  addressChange,
  cancelWindow,
  lostParcel,
  returnWindow,
  finalSale,
  refundableQuantity,
  inPolicy,
  returnAction,
  damagedItem,
  refundableBalance,
  keepItem,
  moneyLimits,
  storeCreditBonus,
  informationReply,
];
