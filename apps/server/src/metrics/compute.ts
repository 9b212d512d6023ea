/** What the metrics need to know about one ticket, read from its briefs, actions and trail. */
export interface TicketFacts {
  ticketId: string;
  /** When Countersign first saw the ticket (the webhook on creation, or the first sidebar open). */
  createdAt: Date;
  /** When its first brief was prepared: the ticket counts in this day's or week's figures. */
  firstPreparedAt: Date;
  /** When the brief in force (the latest) was prepared. */
  preparedAt: Date;
  intent: string;
  action: string;
  tier: number;
  confidence: number;
  factCheckOk: boolean;
  /** Model spend over every brief prepared for the ticket. */
  costUsd: number;
  /** The first approval by a person: when, and how far the sent reply was from the draft. */
  approval: { at: Date; editDistance: number | null } | null;
  /** Autopilot carried out the decision with no click. */
  autopilot: boolean;
  /** A person clicked Escalate. */
  escalatedByAgent: boolean;
  /** When the first reply Countersign posted was sent. */
  replySentAt: Date | null;
  /** Shadow mode: whether the agent's own reply matched the prepared draft. */
  shadow: { matched: boolean } | null;
}

export type Granularity = "day" | "week";

/** The per-category rates watched for a fall from one period to the next. */
export type FallingMetric = "approvalWithoutEditsRate" | "shadowAgreement";
const WATCHED: FallingMetric[] = ["approvalWithoutEditsRate", "shadowAgreement"];

export interface CategoryFigures {
  tickets: number;
  approved: number;
  approvedWithoutEdits: number;
  approvalWithoutEditsRate: number | null;
  meanEditDistance: number | null;
  shadowCompared: number;
  shadowMatched: number;
  shadowAgreement: number | null;
}

export interface PeriodFigures {
  /** First day of the bucket (UTC), e.g. `2026-11-16` for the week starting Monday the 16th. */
  period: string;
  tickets: number;
  autonomousResolutionRate: number | null;
  escalationRate: number | null;
  escalationAccuracy: number | null;
  firstResponseMedianSeconds: number | null;
  timeToApproveMedianSeconds: number | null;
  costPerTicketUsd: number | null;
  categories: Record<string, CategoryFigures>;
  knowledgeGaps: Record<string, number>;
  /** Categories whose approval-without-edits rate fell from the previous bucket. */
  falling: { intent: string; metric: FallingMetric; from: number; to: number }[];
}

export interface AutopilotSuggestion {
  intent: string;
  compared: number;
  matched: number;
  agreement: number | null;
  suggested: boolean;
  why: string;
}

export interface MetricsReport {
  granularity: Granularity;
  periods: PeriodFigures[];
  autopilotSuggestions: AutopilotSuggestion[];
  definitions: Record<string, string>;
}

/** A fall of this many points (0.10 = 10 percentage points) flags a category. */
export const FALL_THRESHOLD = 0.1;
/** A category is suggested for autopilot at this shadow agreement… */
export const AGREEMENT_THRESHOLD = 0.9;
/** …over at least this many compared tickets. */
export const MIN_SHADOW_TICKETS = 20;
/** Below this classifier confidence the assistant had no answer of its own. */
export const GAP_CONFIDENCE = 0.7;

export const DEFINITIONS: Record<string, string> = {
  tickets: "Tickets whose first brief was prepared in the period.",
  autonomousResolutionRate:
    "Tickets autopilot carried out and answered with no click ÷ tickets in the period.",
  approvalWithoutEditsRate:
    "Approvals by a person whose sent reply equals the draft (edit distance 0) ÷ approvals, per category.",
  meanEditDistance:
    "Mean characters inserted, deleted or changed between the draft and the reply a person sent, per category.",
  escalationRate:
    "Tickets the decision handed to a person (escalate) or a person escalated ÷ tickets.",
  escalationAccuracy:
    "Of the tickets that went to a person (the decision escalated, or an agent clicked Escalate), the share the decision had escalated itself.",
  firstResponseMedianSeconds:
    "Median of (first reply sent by Countersign − ticket first seen), over tickets answered through Countersign.",
  timeToApproveMedianSeconds: "Median of (first approval by a person − brief prepared).",
  falling: `Categories whose approval-without-edits rate or shadow agreement fell by ${FALL_THRESHOLD * 100} points or more from the previous period.`,
  knowledgeGaps: `Tickets where the assistant had no answer of its own, by intent: intent "other", classifier confidence below ${GAP_CONFIDENCE}, or a draft that failed its fact check.`,
  costPerTicketUsd: "Model spend (classification and drafting, every brief) ÷ tickets, in USD.",
  shadowAgreement:
    "Shadow mode: tickets where the reply the agent sent matched the prepared draft (at least 80% alike) and stated the same decision (its action, and its amount where money moves) ÷ tickets compared.",
  autopilotSuggestion: `A category is suggested for autopilot at ${AGREEMENT_THRESHOLD * 100}% shadow agreement or more over at least ${MIN_SHADOW_TICKETS} compared tickets.`,
};

const dayMs = 24 * 60 * 60 * 1000;

/** The first day (UTC) of the day or ISO week an instant falls in. */
export function periodOf(instant: Date, granularity: Granularity): string {
  const day = new Date(
    Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()),
  );
  if (granularity === "week") {
    const sinceMonday = (day.getUTCDay() + 6) % 7;
    return new Date(day.getTime() - sinceMonday * dayMs).toISOString().slice(0, 10);
  }
  return day.toISOString().slice(0, 10);
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function median(values: number[]): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

function isGap(ticket: TicketFacts): boolean {
  return ticket.intent === "other" || ticket.confidence < GAP_CONFIDENCE || !ticket.factCheckOk;
}

function categoriesOf(tickets: TicketFacts[]): Record<string, CategoryFigures> {
  const out: Record<string, CategoryFigures> = {};
  for (const ticket of tickets) {
    const figures = out[ticket.intent] ?? {
      tickets: 0,
      approved: 0,
      approvedWithoutEdits: 0,
      approvalWithoutEditsRate: null,
      meanEditDistance: null,
      shadowCompared: 0,
      shadowMatched: 0,
      shadowAgreement: null,
    };
    out[ticket.intent] = figures;
    figures.tickets += 1;
    if (ticket.shadow) {
      figures.shadowCompared += 1;
      figures.shadowMatched += ticket.shadow.matched ? 1 : 0;
    }
  }
  for (const [intent, figures] of Object.entries(out)) {
    const distances = tickets
      .filter((ticket) => ticket.intent === intent && ticket.approval?.editDistance != null)
      .map((ticket) => ticket.approval?.editDistance ?? 0);
    figures.approved = distances.length;
    figures.approvedWithoutEdits = distances.filter((distance) => distance === 0).length;
    figures.approvalWithoutEditsRate = ratio(figures.approvedWithoutEdits, figures.approved);
    figures.meanEditDistance =
      distances.length === 0 ? null : distances.reduce((a, b) => a + b, 0) / distances.length;
    figures.shadowAgreement = ratio(figures.shadowMatched, figures.shadowCompared);
  }
  return out;
}

function figuresOf(period: string, tickets: TicketFacts[]): PeriodFigures {
  const decisionEscalated = (ticket: TicketFacts) => ticket.action === "escalate";
  const toPerson = tickets.filter((ticket) => decisionEscalated(ticket) || ticket.escalatedByAgent);
  const gaps: Record<string, number> = {};
  for (const ticket of tickets.filter(isGap)) {
    gaps[ticket.intent] = (gaps[ticket.intent] ?? 0) + 1;
  }
  const cost = tickets.reduce((sum, ticket) => sum + ticket.costUsd, 0);
  return {
    period,
    tickets: tickets.length,
    autonomousResolutionRate: ratio(
      tickets.filter((ticket) => ticket.autopilot).length,
      tickets.length,
    ),
    escalationRate: ratio(toPerson.length, tickets.length),
    escalationAccuracy: ratio(toPerson.filter(decisionEscalated).length, toPerson.length),
    firstResponseMedianSeconds: median(
      tickets.flatMap((ticket) =>
        ticket.replySentAt
          ? [(ticket.replySentAt.getTime() - ticket.createdAt.getTime()) / 1000]
          : [],
      ),
    ),
    timeToApproveMedianSeconds: median(
      tickets.flatMap((ticket) =>
        ticket.approval
          ? [(ticket.approval.at.getTime() - ticket.preparedAt.getTime()) / 1000]
          : [],
      ),
    ),
    costPerTicketUsd: tickets.length === 0 ? null : cost / tickets.length,
    categories: categoriesOf(tickets),
    knowledgeGaps: gaps,
    falling: [],
  };
}

function suggestionsOf(tickets: TicketFacts[]): AutopilotSuggestion[] {
  const categories = categoriesOf(tickets.filter((ticket) => ticket.shadow));
  return Object.entries(categories)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([intent, figures]) => {
      const agreement = figures.shadowAgreement;
      const percent = agreement === null ? "–" : `${Math.round(agreement * 1000) / 10}%`;
      const suggested =
        figures.shadowCompared >= MIN_SHADOW_TICKETS &&
        agreement !== null &&
        agreement >= AGREEMENT_THRESHOLD;
      const why = suggested
        ? `${figures.shadowMatched} of ${figures.shadowCompared} shadow tickets matched (${percent}), at or above ${AGREEMENT_THRESHOLD * 100}% over ${MIN_SHADOW_TICKETS} or more`
        : figures.shadowCompared < MIN_SHADOW_TICKETS
          ? `only ${figures.shadowCompared} shadow tickets compared (${percent} matched); ${MIN_SHADOW_TICKETS} are needed`
          : `${figures.shadowMatched} of ${figures.shadowCompared} shadow tickets matched (${percent}), below ${AGREEMENT_THRESHOLD * 100}%`;
      return {
        intent,
        compared: figures.shadowCompared,
        matched: figures.shadowMatched,
        agreement,
        suggested,
        why,
      };
    });
}

/** Daily or weekly figures over the tickets given, oldest period first. */
export function computeMetrics(tickets: TicketFacts[], granularity: Granularity): MetricsReport {
  const buckets = new Map<string, TicketFacts[]>();
  for (const ticket of tickets) {
    const period = periodOf(ticket.firstPreparedAt, granularity);
    buckets.set(period, [...(buckets.get(period) ?? []), ticket]);
  }
  const periods = [...buckets.keys()]
    .sort()
    .map((period) => figuresOf(period, buckets.get(period) ?? []));
  for (let index = 1; index < periods.length; index++) {
    const previous = periods[index - 1];
    const current = periods[index];
    if (!previous || !current) {
      continue;
    }
    for (const [intent, figures] of Object.entries(current.categories)) {
      for (const metric of WATCHED) {
        const before = previous.categories[intent]?.[metric];
        const now = figures[metric];
        if (before != null && now != null && before - now >= FALL_THRESHOLD - 1e-9) {
          current.falling.push({ intent, metric, from: before, to: now });
        }
      }
    }
  }
  return {
    granularity,
    periods,
    autopilotSuggestions: suggestionsOf(tickets),
    definitions: DEFINITIONS,
  };
}
