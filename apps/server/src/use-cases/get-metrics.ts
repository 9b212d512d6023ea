import {
  type Installation,
  listActionsOfTickets,
  listAuditEventsOfTickets,
  listBriefsInPeriod,
  listDraftsWithEdits,
  listRepliesOfActions,
} from "@countersign/db";
import { AUTOPILOT_ACTOR } from "../autonomy/breaker";
import type { BriefContent } from "../brief/model";
import type { Deps } from "../deps";
import {
  computeMetrics,
  type Granularity,
  type MetricsReport,
  type TicketFacts,
} from "../metrics/compute";

export interface MetricsInput {
  installation: Installation;
  granularity: Granularity;
  from: Date;
  to: Date;
}

function costOf(content: BriefContent): number {
  const draft = content.draft.usage?.costUsd ?? 0;
  const classification = content.classification.usage?.costUsd ?? 0;
  return draft + classification;
}

function isPerson(actor: string): boolean {
  return actor.startsWith("agent:") && actor !== AUTOPILOT_ACTOR;
}

/** Reads the period's briefs, approvals, edits, replies and shadow comparisons into figures. */
export async function getMetrics({
  deps,
  input,
}: {
  deps: Deps;
  input: MetricsInput;
}): Promise<MetricsReport & { from: string; to: string }> {
  const db = deps.database.db;
  const installationId = input.installation.id;
  const rows = await listBriefsInPeriod(db, installationId, { from: input.from, to: input.to });
  const byTicket = new Map<string, typeof rows>();
  for (const row of rows) {
    if (row.content) {
      byTicket.set(row.ticketId, [...(byTicket.get(row.ticketId) ?? []), row]);
    }
  }
  const ticketIds = [...byTicket.keys()];
  const [drafts, actions, events] = await Promise.all([
    listDraftsWithEdits(db, installationId, ticketIds),
    listActionsOfTickets(db, installationId, ticketIds),
    listAuditEventsOfTickets(db, installationId, ticketIds, ["shadow.compared"]),
  ]);
  const replies = await listRepliesOfActions(
    db,
    installationId,
    actions.map((action) => action.id),
  );

  const facts: TicketFacts[] = [];
  for (const [ticketId, briefs] of byTicket) {
    const first = briefs[0];
    const latest = briefs.at(-1);
    if (!first || !latest) {
      continue;
    }
    const content = latest.content as unknown as BriefContent;
    const firstPrepared = first.preparedAt ?? first.createdAt;
    const ticketActions = actions.filter((action) => action.ticketId === ticketId);
    const approval = ticketActions.find(
      (action) => isPerson(action.actor) && action.kind !== "escalate",
    );
    const edit = approval
      ? drafts.find(
          (draft) =>
            draft.draftId === approval.draftId &&
            draft.editedBy === approval.actor &&
            draft.editDistance !== null,
        )
      : undefined;
    const actionIds = new Set(ticketActions.map((action) => action.id));
    const sent = replies
      .filter((reply) => reply.actionId && actionIds.has(reply.actionId) && reply.sentAt)
      .map((reply) => reply.sentAt?.getTime() ?? 0)
      .sort((a, b) => a - b);
    const shadow = events.filter((event) => event.ticketId === ticketId).at(-1);
    facts.push({
      ticketId,
      // A ticket is seen before its first brief; the earlier of the two is when it came in.
      createdAt: new Date(Math.min(first.ticketCreatedAt.getTime(), firstPrepared.getTime())),
      firstPreparedAt: firstPrepared,
      preparedAt: latest.preparedAt ?? latest.createdAt,
      intent: content.classification.intent,
      action: content.decision.action,
      tier: content.decision.tier,
      confidence: content.classification.confidence,
      factCheckOk: content.draft.factCheck.ok,
      costUsd: briefs.reduce(
        (sum, brief) => sum + costOf(brief.content as unknown as BriefContent),
        0,
      ),
      approval: approval
        ? { at: approval.createdAt, editDistance: edit?.editDistance ?? null }
        : null,
      autopilot: ticketActions.some(
        (action) => action.actor === AUTOPILOT_ACTOR && action.state === "succeeded",
      ),
      escalatedByAgent: ticketActions.some(
        (action) => isPerson(action.actor) && action.kind === "escalate",
      ),
      replySentAt: sent[0] === undefined ? null : new Date(sent[0]),
      shadow: shadow ? { matched: shadow.data.matched === true } : null,
    });
  }
  return {
    ...computeMetrics(facts, input.granularity),
    from: input.from.toISOString(),
    to: input.to.toISOString(),
  };
}
