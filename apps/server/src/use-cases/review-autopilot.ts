import {
  appendAuditEvent,
  externalTicketIds,
  findCurrentSettings,
  type Installation,
  listActionsOfTicket,
  listRecentAuditEventsOfTypes,
  recordAction,
  saveSettingsVersion,
  transitionAction,
  updateActionState,
} from "@countersign/db";
import { ConflictError, NotFoundError } from "@countersign/shared";
import { AUTOPILOT_ACTOR } from "../autonomy/breaker";
import { requireLead } from "../autonomy/lead";
import { leadRolesOf, modeOf, modesOf } from "../autonomy/modes";
import { carryOutUndo, planUndo, type UndoState } from "../autonomy/undo";
import type { Agent, Deps } from "../deps";

/** What reversing did in the store: shown in the queue, e.g. "Return #1039-R1 cancelled in Shopify." */
export interface UndoView {
  state: UndoState;
  message: string;
}

export interface AutopilotReview {
  actionId: string;
  ticketId: string | null;
  at: string;
  intent: string;
  action: string;
  amount: number | null;
  currency: string | null;
  state: string;
  review: {
    verdict: "ok" | "reversed";
    by: string;
    at: string;
    note: string | null;
    /** For a reversal: what was undone in the store (null for reviews from before undoing). */
    undo: UndoView | null;
  } | null;
}

/** A reversal whose outcome was never recorded (its process stopped while Shopify was called). */
const UNSETTLED_UNDO =
  "Countersign started to undo this in Shopify but has no record of how it ended: check the order in Shopify.";

/** One undo per autopilot action: a double click, retry or second server finds this key taken. */
export function undoKey(actionId: string): string {
  return `undo:${actionId}`;
}

/** What autopilot did, newest first, with the team's review of each. */
export async function listAutopilotReviews({
  deps,
  input,
}: {
  deps: Deps;
  input: { installation: Installation };
}): Promise<AutopilotReview[]> {
  const db = deps.database.db;
  const events = await listRecentAuditEventsOfTypes(db, input.installation.id, [
    "autopilot.acted",
    "autopilot.reviewed",
    "autopilot.undo",
  ]);
  const undone = new Map<string, UndoView>();
  const reviews = new Map<string, AutopilotReview["review"]>();
  for (const event of [...events].reverse()) {
    const actionId = event.data.actionId;
    if (typeof actionId !== "string") {
      continue;
    }
    if (event.type === "autopilot.undo") {
      undone.set(actionId, {
        state: String(event.data.state) as UndoState,
        message: String(event.data.message),
      });
    }
    if (event.type === "autopilot.reviewed") {
      const reversed = event.data.verdict === "reversed";
      reviews.set(actionId, {
        verdict: reversed ? "reversed" : "ok",
        by: event.actor,
        at: event.createdAt.toISOString(),
        note: typeof event.data.note === "string" ? event.data.note : null,
        undo:
          reversed && typeof event.data.undoId === "string"
            ? { state: "pending", message: UNSETTLED_UNDO }
            : null,
      });
    }
  }
  for (const [actionId, undo] of undone) {
    const review = reviews.get(actionId);
    if (review) {
      review.undo = undo;
    }
  }
  const acted = events.filter((event) => event.type === "autopilot.acted");
  const external = await externalTicketIds(
    db,
    input.installation.id,
    acted.flatMap((event) => (event.ticketId ? [event.ticketId] : [])),
  );
  return acted.map((event) => {
    const actionId = String(event.data.actionId);
    return {
      actionId,
      ticketId: event.ticketId ? (external.get(event.ticketId) ?? null) : null,
      at: event.createdAt.toISOString(),
      intent: String(event.data.intent),
      action: String(event.data.action),
      amount: typeof event.data.amount === "number" ? event.data.amount : null,
      currency: typeof event.data.currency === "string" ? event.data.currency : null,
      state: String(event.data.state),
      review: reviews.get(actionId) ?? null,
    };
  });
}

/**
 * A lead reviews one autopilot action: `ok` keeps it; `reverse` takes the category off
 * autopilot (back to approve, as a new settings version), undoes in Shopify what can be undone
 * (a return is cancelled, a replacement order cancelled before it ships, an address put back),
 * says plainly what cannot be (a refund, a cancellation), tells the ticket's agents in an
 * internal note, and audits each step. The undo runs once: it is recorded as an action under
 * `undo:<actionId>` before Shopify is called, so a double click or a retry finds it instead.
 */
export async function reviewAutopilotAction({
  deps,
  input,
}: {
  deps: Deps;
  input: {
    installation: Installation;
    agent: Agent;
    actionId: string;
    verdict: "ok" | "reverse";
    note?: string | null;
  };
}): Promise<AutopilotReview> {
  const db = deps.database.db;
  const { installation, agent } = input;
  const settings = await findCurrentSettings(db, installation.id);
  await requireLead(deps, installation, agent, settings);
  const all = await listAutopilotReviews({ deps, input: { installation } });
  const item = all.find((review) => review.actionId === input.actionId);
  if (!item) {
    throw new NotFoundError("Autopilot took no such action.");
  }
  if (item.review) {
    throw new ConflictError(`This action was already reviewed (${item.review.verdict}).`);
  }
  const actor = `agent:${agent.id}`;
  const verdict = input.verdict === "reverse" ? "reversed" : "ok";
  if (verdict === "ok") {
    await appendAuditEvent(db, installation.id, {
      actor,
      type: "autopilot.reviewed",
      data: {
        actionId: item.actionId,
        verdict,
        note: input.note ?? null,
        reviewedActor: AUTOPILOT_ACTOR,
      },
    });
  } else {
    await reverse(deps, { installation, agent, actor, item, note: input.note ?? null, settings });
  }
  const after = await listAutopilotReviews({ deps, input: { installation } });
  return after.find((review) => review.actionId === item.actionId) ?? item;
}

async function reverse(
  deps: Deps,
  input: {
    installation: Installation;
    agent: Agent;
    actor: string;
    item: AutopilotReview;
    note: string | null;
    settings: Awaited<ReturnType<typeof findCurrentSettings>>;
  },
): Promise<void> {
  const db = deps.database.db;
  const { installation, agent, actor, item, settings } = input;
  const original = await findAutopilotAction(deps, installation, item.actionId);
  if (!original) {
    throw new NotFoundError("Countersign has no record of this autopilot action.");
  }
  if (modeOf(settings, item.intent) === "autopilot") {
    const saved = await saveSettingsVersion(
      db,
      installation.id,
      {
        policy: settings?.policy ?? {},
        brandVoice: settings?.brandVoice ?? {},
        modes: { ...modesOf(settings), [item.intent]: "approve" },
        leadRoles: leadRolesOf(settings),
        changedBy: actor,
        reason: `autopilot action ${item.actionId} reversed on ticket ${item.ticketId ?? "?"}`,
      },
      settings?.version ?? 0,
    );
    if (!saved) {
      throw new ConflictError("Someone saved the settings at the same moment; try again.");
    }
    await appendAuditEvent(db, installation.id, {
      actor,
      type: "settings.changed",
      data: {
        version: saved.version,
        previousVersion: settings?.version ?? 0,
        reason: `autopilot action ${item.actionId} reversed`,
        modes: [{ intent: item.intent, from: "autopilot", to: "approve" }],
      },
    });
  }

  // Recorded before Shopify is called: only the request that creates this row undoes anything.
  const step = await planUndo(deps, installation, original);
  const { action: undo, created } = await recordAction(db, installation.id, {
    ticketId: original.ticketId,
    draftId: original.draftId,
    idempotencyKey: undoKey(original.id),
    kind: "undo",
    // Carried out by Countersign at a lead's request: not an approval of the ticket.
    actor: "system",
    request: { undoOf: original.id, of: original.kind, step, requestedBy: actor },
  });
  if (!created) {
    throw new ConflictError(`This action is already being reversed (${undo.state}).`);
  }
  await appendAuditEvent(db, installation.id, {
    ticketId: original.ticketId,
    actor,
    type: "autopilot.reviewed",
    data: {
      actionId: item.actionId,
      verdict: "reversed",
      note: input.note,
      reviewedActor: AUTOPILOT_ACTOR,
      undoId: undo.id,
      undo: step.kind,
    },
  });

  if (step.kind !== "none") {
    await updateActionState(db, installation.id, undo.id, { state: "running" });
  }
  const outcome = await carryOutUndo(deps, installation, step);
  // Compare and set: a reversal slower than reconciliation (reconcile-undos) finds it settled
  // and leaves the outcome, the audit event and the note to it; one parked for a person it
  // settles, knowing the outcome first hand.
  const change = {
    state: outcome.state === "failed" ? ("failed" as const) : ("succeeded" as const),
    result: { ...outcome },
    error: outcome.state === "failed" ? outcome.message : null,
  };
  const settled =
    (await transitionAction(
      db,
      installation.id,
      undo.id,
      step.kind === "none" ? "recorded" : "running",
      change,
    )) ?? (await transitionAction(db, installation.id, undo.id, "needs_reconcile", change));
  if (!settled) {
    return;
  }
  if (outcome.state === "failed") {
    deps.logger.warn("an autopilot action could not be undone in Shopify", {
      installationId: installation.id,
      actionId: item.actionId,
      step: step.kind,
      message: outcome.message,
    });
  }
  await appendAuditEvent(db, installation.id, {
    ticketId: original.ticketId,
    actor: "system",
    type: "autopilot.undo",
    data: {
      actionId: item.actionId,
      undoId: undo.id,
      action: original.kind,
      step: step.kind,
      state: outcome.state,
      mutation: outcome.mutation,
      message: outcome.message,
    },
  });

  if (item.ticketId) {
    const money =
      item.amount === null ? "" : ` of ${item.amount.toFixed(2)} ${item.currency ?? ""}`.trimEnd();
    await deps
      .helpdeskFor(installation)
      .postInternalNote(
        Number(item.ticketId),
        `Countersign: ${agent.name ?? `agent ${agent.id}`} reversed the autopilot ${item.action}${money} on this ticket${input.note ? ` (${input.note})` : ""}. ${outcome.message} Reply to the customer; ${item.intent} tickets now wait for an agent's approval.`,
      )
      .catch((error: unknown) => {
        deps.logger.error("could not post the reversal note", {
          installationId: installation.id,
          error: error instanceof Error ? error.message : String(error),
        });
      });
  }
}

/** The action row autopilot's `autopilot.acted` event points at. */
async function findAutopilotAction(deps: Deps, installation: Installation, actionId: string) {
  const events = await listRecentAuditEventsOfTypes(deps.database.db, installation.id, [
    "autopilot.acted",
  ]);
  const acted = events.find((event) => event.data.actionId === actionId);
  if (!acted?.ticketId) {
    return null;
  }
  const actions = await listActionsOfTicket(deps.database.db, installation.id, acted.ticketId);
  return (
    actions.find((action) => action.id === actionId && action.actor === AUTOPILOT_ACTOR) ?? null
  );
}
