import type { Case } from "./case";
import type { Decision } from "./decision";
import { evaluate } from "./evaluate";
import { fromCents, toCents } from "./money";
import { type Policy, type ResolvedPolicy, resolvePolicy } from "./policy";
import type { Action, Approval } from "./taxonomy";

type CaseId = string | number | null;

/** One past case to replay; its own `policy` (if any) is the baseline for it. */
export interface ReplayCase {
  id: CaseId;
  case: Case;
  policy?: Policy | ResolvedPolicy;
}

/** The parts of a decision a policy change is judged by. */
export interface DecisionSummary {
  action: Action;
  amount: number | null;
  approval: Approval;
  tier: number;
}

export interface ReplayChange {
  id: CaseId;
  before: DecisionSummary;
  after: DecisionSummary;
}

/** Totals for one side (the baseline "before", or the compared policy "after"). */
export interface ReplaySide {
  /** Money that would move (refunds, returns, credit, cancellations), by currency. */
  moneyMoved: Record<string, number>;
  /** The part of it that needs no human click (approval `none`), by currency. */
  autopilotMoney: Record<string, number>;
  actions: Partial<Record<Action, number>>;
  approvals: Partial<Record<Approval, number>>;
}

/** What changes when past cases are decided under another policy. */
export interface ReplayReport {
  cases: number;
  changed: number;
  errors: { id: CaseId; error: string }[];
  before: ReplaySide;
  after: ReplaySide;
  /** after − before money moved, by currency. */
  moneyDelta: Record<string, number>;
  changes: ReplayChange[];
}

interface SideTotals {
  moved: Map<string, number>;
  autopilot: Map<string, number>;
  actions: Partial<Record<Action, number>>;
  approvals: Partial<Record<Approval, number>>;
}

function emptySide(): SideTotals {
  return { moved: new Map(), autopilot: new Map(), actions: {}, approvals: {} };
}

function bump<K extends string>(counts: Partial<Record<K, number>>, key: K): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function addMoney(totals: Map<string, number>, currency: string, cents: number): void {
  totals.set(currency, (totals.get(currency) ?? 0) + cents);
}

function record(side: SideTotals, decision: Decision): void {
  bump(side.actions, decision.action);
  bump(side.approvals, decision.approval);
  if (decision.amount !== null && decision.currency !== null) {
    const cents = toCents(decision.amount);
    addMoney(side.moved, decision.currency, cents);
    addMoney(side.autopilot, decision.currency, decision.approval === "none" ? cents : 0);
  }
}

function toRecord(totals: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [currency, cents] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
    out[currency] = fromCents(cents);
  }
  return out;
}

function summarize(decision: Decision): DecisionSummary {
  return {
    action: decision.action,
    amount: decision.amount,
    approval: decision.approval,
    tier: decision.tier,
  };
}

function differs(a: DecisionSummary, b: DecisionSummary): boolean {
  return (
    a.action !== b.action || a.amount !== b.amount || a.approval !== b.approval || a.tier !== b.tier
  );
}

/** Accumulates a replay one case at a time, so a year of cases never sits in memory. */
export interface Replay {
  /** Decides `input` under its baseline and under the compared policy. */
  add(id: CaseId, input: Case, baseline?: Policy | ResolvedPolicy): void;
  /** Counts a case that could not be decided (e.g. it failed validation). */
  addError(id: CaseId, error: string): void;
  report(): ReplayReport;
}

/** Starts a replay against `compared`; each case brings its own baseline (default policy if none). */
export function createReplay(compared: Policy | ResolvedPolicy): Replay {
  const after = resolvePolicy(compared);
  const beforeTotals = emptySide();
  const afterTotals = emptySide();
  const changes: ReplayChange[] = [];
  const errors: { id: CaseId; error: string }[] = [];
  let cases = 0;
  return {
    add(id, input, baseline) {
      const was = evaluate(input, baseline);
      const now = evaluate(input, after);
      cases += 1;
      record(beforeTotals, was);
      record(afterTotals, now);
      const before = summarize(was);
      const next = summarize(now);
      if (differs(before, next)) {
        changes.push({ id, before, after: next });
      }
    },
    addError(id, error) {
      errors.push({ id, error });
    },
    report() {
      const delta = new Map<string, number>();
      for (const [currency, cents] of afterTotals.moved) {
        addMoney(delta, currency, cents);
      }
      for (const [currency, cents] of beforeTotals.moved) {
        addMoney(delta, currency, -cents);
      }
      const side = (totals: SideTotals): ReplaySide => ({
        moneyMoved: toRecord(totals.moved),
        autopilotMoney: toRecord(totals.autopilot),
        actions: totals.actions,
        approvals: totals.approvals,
      });
      return {
        cases,
        changed: changes.length,
        errors,
        before: side(beforeTotals),
        after: side(afterTotals),
        moneyDelta: toRecord(delta),
        changes,
      };
    },
  };
}

/**
 * Decides every case under `policyA` (or the case's own policy) and under `policyB`, and
 * reports which decisions change and the money each policy would move.
 */
export function replay(
  cases: Iterable<ReplayCase>,
  policyA: Policy | ResolvedPolicy | undefined,
  policyB: Policy | ResolvedPolicy,
): ReplayReport {
  const run = createReplay(policyB);
  const baseline = policyA === undefined ? undefined : resolvePolicy(policyA);
  for (const entry of cases) {
    run.add(entry.id, entry.case, entry.policy ?? baseline);
  }
  return run.report();
}
