import {
  appendAuditEvent,
  externalTicketIds,
  findCurrentSettings,
  type Installation,
  listRecentAuditEventsOfTypes,
  saveSettingsVersion,
} from "@countersign/db";
import { ConflictError, NotFoundError } from "@countersign/shared";
import { AUTOPILOT_ACTOR } from "../autonomy/breaker";
import { requireLead } from "../autonomy/lead";
import { leadRolesOf, modeOf, modesOf } from "../autonomy/modes";
import type { Agent, Deps } from "../deps";

export interface AutopilotReview {
  actionId: string;
  ticketId: string | null;
  at: string;
  intent: string;
  action: string;
  amount: number | null;
  currency: string | null;
  state: string;
  review: { verdict: "ok" | "reversed"; by: string; at: string; note: string | null } | null;
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
  ]);
  const reviews = new Map<string, AutopilotReview["review"]>();
  for (const event of [...events].reverse()) {
    if (event.type === "autopilot.reviewed" && typeof event.data.actionId === "string") {
      reviews.set(event.data.actionId, {
        verdict: event.data.verdict === "reversed" ? "reversed" : "ok",
        by: event.actor,
        at: event.createdAt.toISOString(),
        note: typeof event.data.note === "string" ? event.data.note : null,
      });
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
 * autopilot (back to approve, as a new settings version), tells the ticket's agents in an
 * internal note what to undo, and audits it. Money already refunded is not taken back.
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
  if (verdict === "reversed") {
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
    if (item.ticketId) {
      const money =
        item.amount === null
          ? ""
          : ` of ${item.amount.toFixed(2)} ${item.currency ?? ""}`.trimEnd();
      await deps
        .helpdeskFor(installation)
        .postInternalNote(
          Number(item.ticketId),
          `Countersign: ${agent.name ?? `agent ${agent.id}`} reversed the autopilot ${item.action}${money} on this ticket${input.note ? ` (${input.note})` : ""}. Undo it in Shopify where it can be undone and reply to the customer; ${item.intent} tickets now wait for an agent's approval.`,
        )
        .catch((error: unknown) => {
          deps.logger.error("could not post the reversal note", {
            installationId: installation.id,
            error: error instanceof Error ? error.message : String(error),
          });
        });
    }
  }
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
  const after = await listAutopilotReviews({ deps, input: { installation } });
  return after.find((review) => review.actionId === item.actionId) ?? item;
}
