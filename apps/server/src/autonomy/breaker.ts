import { findAutopilotLimits, type Installation, listActionsByActor } from "@countersign/db";
import type { Decision } from "@countersign/policy";
import type { Deps } from "../deps";
import { type AutopilotLimits, DEFAULT_AUTOPILOT_LIMITS } from "./modes";

/** Autopilot acts as this agent; its actions and audit events carry `agent:autopilot`. */
export const AUTOPILOT_AGENT = { id: "autopilot", name: "Countersign autopilot" } as const;
export const AUTOPILOT_ACTOR = `agent:${AUTOPILOT_AGENT.id}`;

/** The UTC day an instant falls on, e.g. `2026-11-20`. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Autopilot's client key names the day it acted on, so a day's spending can be summed. */
export function autopilotKey(day: string, draftId: string): string {
  return `autopilot:${day}:${draftId}`;
}

export interface BreakerState {
  day: string;
  limits: AutopilotLimits;
  /** Money autopilot moved today (refunds, returns, cancellations), in cents, any currency. */
  spentCents: number;
  /** Money-moving actions autopilot took today. */
  count: number;
  /** True when the day's limits are already reached: autopilot falls back to approve. */
  open: boolean;
}

function amountOf(request: Record<string, unknown>): number {
  const decision = request.decision as Decision | undefined;
  return typeof decision?.amount === "number" ? decision.amount : 0;
}

/**
 * Today's autopilot spending against the installation's limits. Failed actions moved nothing
 * and do not count; anything recorded, running or unresolved does.
 */
export async function breakerState(deps: Deps, installation: Installation): Promise<BreakerState> {
  const db = deps.database.db;
  const day = dayOf(deps.clock());
  const [saved, taken] = await Promise.all([
    findAutopilotLimits(db, installation.id),
    listActionsByActor(db, installation.id, {
      actor: AUTOPILOT_ACTOR,
      clientKeyPrefix: `autopilot:${day}:`,
    }),
  ]);
  const limits = saved
    ? { dailyAmount: saved.dailyAmount, dailyCount: saved.dailyCount }
    : DEFAULT_AUTOPILOT_LIMITS;
  const moving = taken.filter(
    (action) => action.state !== "failed" && amountOf(action.request) > 0,
  );
  const spentCents = moving.reduce(
    (sum, action) => sum + Math.round(amountOf(action.request) * 100),
    0,
  );
  return {
    day,
    limits,
    spentCents,
    count: moving.length,
    open: moving.length >= limits.dailyCount || spentCents >= Math.round(limits.dailyAmount * 100),
  };
}

/** Whether one more action of `amount` stays within the day's limits. */
export function fitsWithin(state: BreakerState, amount: number): boolean {
  const cents = Math.round(amount * 100);
  return (
    state.count + 1 <= state.limits.dailyCount &&
    state.spentCents + cents <= Math.round(state.limits.dailyAmount * 100)
  );
}
