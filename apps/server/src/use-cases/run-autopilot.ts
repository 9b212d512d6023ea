import {
  appendAuditEvent,
  findCurrentSettings,
  findTicketByExternalId,
  hasAuditEvent,
  type Installation,
} from "@countersign/db";
import { AppError, NotFoundError } from "@countersign/shared";
import {
  AUTOPILOT_ACTOR,
  AUTOPILOT_AGENT,
  autopilotKey,
  breakerState,
  dayOf,
  fitsWithin,
} from "../autonomy/breaker";
import { type AutonomyMode, modeOf } from "../autonomy/modes";
import type { BriefContent } from "../brief/model";
import { formatMoney } from "../brief/outcome";
import type { Deps } from "../deps";
import { exclusively } from "../jobs/exclusively";
import { approveDraft } from "./approve-draft";

export type AutopilotOutcome =
  | { mode: Exclude<AutonomyMode, "autopilot">; acted: false }
  | { mode: "autopilot"; acted: false; held: string }
  | { mode: "autopilot"; acted: true; actionId: string; message: string };

/** Why a decision may not run without a click, or null when it may. */
export function autopilotHold(content: BriefContent): string | null {
  const { decision } = content;
  if (decision.tier >= 3) {
    return `tier ${decision.tier} decisions always need a person`;
  }
  if (decision.approval !== "none") {
    return `the decision needs ${decision.approval} approval`;
  }
  if (decision.action === "escalate") {
    return "the ticket is for a person";
  }
  if (!content.draft.factCheck.ok) {
    return "the draft failed its fact check";
  }
  return null;
}

/**
 * After the worker prepares a brief: where the founder turned autopilot on for the intent, the
 * decision needs no click (tier 1–2, approval `none`) and the day's spending limits hold,
 * carry it out exactly as an agent's approval would, as `agent:autopilot`. Anything else waits
 * for an agent; a breach of the limits is told to the founder once a day.
 */
export function runAutopilot(args: {
  deps: Deps;
  input: { installation: Installation; ticketId: number; brief: BriefContent };
}): Promise<AutopilotOutcome> {
  const { deps, input } = args;
  // One ticket at a time per installation, so two tickets prepared together cannot both pass
  // the breaker's check before either is recorded.
  return exclusively(deps, `autopilot:${input.installation.id}`, () => decideAndAct(args));
}

async function decideAndAct({
  deps,
  input,
}: {
  deps: Deps;
  input: { installation: Installation; ticketId: number; brief: BriefContent };
}): Promise<AutopilotOutcome> {
  const db = deps.database.db;
  const { installation, brief } = input;
  const settings = await findCurrentSettings(db, installation.id);
  const mode = modeOf(settings, brief.classification.intent);
  if (mode !== "autopilot") {
    return { mode, acted: false };
  }
  const row = await findTicketByExternalId(db, installation.id, String(input.ticketId));
  if (!row) {
    throw new NotFoundError(`ticket ${input.ticketId} has no prepared brief`);
  }
  const ticketRowId = row.id;
  const hold = async (reason: string): Promise<AutopilotOutcome> => {
    await appendAuditEvent(db, installation.id, {
      ticketId: ticketRowId,
      actor: AUTOPILOT_ACTOR,
      type: "autopilot.held",
      data: { draftId: brief.draft.id, intent: brief.classification.intent, reason },
    });
    return { mode, acted: false, held: reason };
  };

  const why = autopilotHold(brief);
  if (why) {
    return hold(why);
  }
  const amount = brief.decision.amount ?? 0;
  if (amount > 0) {
    const state = await breakerState(deps, installation);
    const tripped = await hasAuditEvent(db, installation.id, {
      type: "autopilot.breaker_tripped",
      key: "day",
      value: state.day,
    });
    if (tripped) {
      return hold("autopilot stopped for today at its spending limit; an agent approves instead");
    }
    if (!fitsWithin(state, amount)) {
      await tripBreaker(deps, { ...input, ticketRowId }, state, amount);
      return hold("the daily autopilot spending limit is reached; an agent approves instead");
    }
  }

  try {
    const outcome = await approveDraft({
      deps,
      input: {
        installation,
        agent: AUTOPILOT_AGENT,
        ticketId: input.ticketId,
        draftId: brief.draft.id,
        text: brief.draft.text,
        idempotencyKey: autopilotKey(dayOf(deps.clock()), brief.draft.id),
      },
    });
    if (outcome.state !== "succeeded") {
      return hold(outcome.message);
    }
    await appendAuditEvent(db, installation.id, {
      ticketId: ticketRowId,
      actor: AUTOPILOT_ACTOR,
      type: "autopilot.acted",
      data: {
        draftId: brief.draft.id,
        actionId: outcome.actionId,
        intent: brief.classification.intent,
        action: brief.decision.action,
        amount: brief.decision.amount,
        currency: brief.decision.currency,
        state: outcome.state,
        review: "pending",
      },
    });
    return { mode, acted: true, actionId: outcome.actionId, message: outcome.message };
  } catch (error) {
    if (error instanceof AppError && !error.retryable) {
      return hold(error.message);
    }
    throw error;
  }
}

async function tripBreaker(
  deps: Deps,
  input: { installation: Installation; ticketId: number; ticketRowId: string; brief: BriefContent },
  state: Awaited<ReturnType<typeof breakerState>>,
  amount: number,
): Promise<void> {
  const db = deps.database.db;
  const { installation } = input;
  const currency = input.brief.decision.currency;
  const spent = formatMoney(state.spentCents / 100, currency);
  const limit = formatMoney(state.limits.dailyAmount, currency);
  const message = `Countersign autopilot stopped for today (${state.day}): ${state.count} autopilot refunds worth ${spent} so far, and this ${formatMoney(amount, currency)} would pass the daily limit of ${state.limits.dailyCount} refunds or ${limit}. Until tomorrow, autopilot tickets wait for an agent's approval. Change the limits in Countersign's settings.`;
  await appendAuditEvent(db, installation.id, {
    ticketId: input.ticketRowId,
    actor: AUTOPILOT_ACTOR,
    type: "autopilot.breaker_tripped",
    data: {
      day: state.day,
      count: state.count,
      spent: state.spentCents / 100,
      attempted: amount,
      limits: state.limits,
      message,
    },
  });
  deps.logger.warn("autopilot circuit breaker tripped", {
    installationId: installation.id,
    day: state.day,
    count: state.count,
    spent: state.spentCents / 100,
  });
  try {
    await deps.helpdeskFor(installation).postInternalNote(input.ticketId, message);
  } catch (error) {
    deps.logger.error("could not post the circuit breaker note", {
      installationId: installation.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
