import {
  appendAuditEvent,
  findCurrentSettings,
  findTicketWithLatestBrief,
  hasAuditEvent,
  type Installation,
  recordDraftEdit,
} from "@countersign/db";
import type { Decision } from "@countersign/policy";
import { modeOf, modesOf } from "../autonomy/modes";
import { editDistance } from "../brief/edit-distance";
import type { BriefContent } from "../brief/model";
import type { Deps } from "../deps";
import { exclusively } from "../jobs/exclusively";

/** A reply at least this alike to the draft (1 − edit distance ÷ longer length) matches it. */
export const SHADOW_MATCH_SIMILARITY = 0.8;

export interface ShadowComparison {
  draftId: string;
  intent: string;
  editDistance: number;
  similarity: number;
  /** The reply is at least `SHADOW_MATCH_SIMILARITY` alike to the draft. */
  draftMatched: boolean;
  /** The reply states the same decision: its action, and its amount where money moves. */
  decisionMatched: boolean;
  /** Both: the category's shadow agreement counts this. */
  matched: boolean;
}

/** Words a reply carrying out each action would use. */
const ACTION_WORDS: Record<Decision["action"], RegExp | null> = {
  reply: null,
  refund: /refund/i,
  return: /return/i,
  replace: /replac|new one|re-?ship|send (you )?another/i,
  exchange: /exchang|swap/i,
  store_credit: /credit/i,
  update_address: /address/i,
  cancel: /cancel/i,
  decline: /unable|can(no|')t|not able|outside|not eligible|final sale/i,
  escalate: /colleague|team|specialist|manager|look into|get back to you/i,
};

/** Whether the agent's own reply carries out the decision Countersign prepared. */
export function replyStatesDecision(decision: Decision, reply: string): boolean {
  const words = ACTION_WORDS[decision.action];
  if (words && !words.test(reply)) {
    return false;
  }
  if (decision.amount !== null && decision.amount > 0) {
    const amount = decision.amount.toFixed(2);
    return reply.replaceAll(",", "").includes(amount);
  }
  return true;
}

/** The job that compares the agent's answer with the shadow draft, queued when they answer. */
export const compareShadowJob = "compare-shadow";

/** One comparison job per ticket at a time, whatever number of deliveries asked for it. */
export function compareShadowKey(installationId: string, ticketId: number): string {
  return `shadow:${installationId}:${ticketId}`;
}

/** `no-shadow-mode`: no category of the installation is in shadow mode, so nothing was queued. */
export type ShadowComparisonQueued = "queued" | "already-queued" | "no-shadow-mode";

/**
 * Call when an agent answered a ticket (a public reply, or the ticket solved) in any helpdesk:
 * queues the shadow comparison for the ticket, unless no category is in shadow mode. The job
 * itself does nothing outside shadow mode, before a ready brief, or for a draft already compared.
 */
export async function queueShadowComparison(
  deps: Deps,
  installation: Installation,
  ticketId: number,
): Promise<ShadowComparisonQueued> {
  const settings = await findCurrentSettings(deps.database.db, installation.id);
  if (!Object.values(modesOf(settings)).includes("shadow")) {
    return "no-shadow-mode";
  }
  const jobId = await deps.queue.send(
    compareShadowJob,
    { installationId: installation.id, ticketId },
    { singletonKey: compareShadowKey(installation.id, ticketId) },
  );
  return jobId ? "queued" : "already-queued";
}

/**
 * Shadow mode: once an agent has answered a ticket themselves, compares what they sent with the
 * draft Countersign prepared, records it as the draft's edit and audits the agreement. Each
 * draft is compared once; nothing happens outside shadow mode or before the agent replied.
 * The comparison job and the prepare-brief job may both ask at once: one ticket is compared at
 * a time (in this process, and across processes sharing a PostgreSQL server).
 */
export async function compareShadow(args: {
  deps: Deps;
  input: { installation: Installation; ticketId: number };
}): Promise<ShadowComparison | null> {
  const { deps, input } = args;
  const key = compareShadowKey(input.installation.id, input.ticketId);
  return exclusively(deps, key, () => compareOnce(args));
}

async function compareOnce({
  deps,
  input,
}: {
  deps: Deps;
  input: { installation: Installation; ticketId: number };
}): Promise<ShadowComparison | null> {
  const db = deps.database.db;
  const { installation } = input;
  const found = await findTicketWithLatestBrief(db, installation.id, String(input.ticketId));
  const row = found?.ticket ?? null;
  const brief = found?.brief ?? null;
  if (!row || brief?.status !== "ready" || !brief.content) {
    return null;
  }
  const content = brief.content as unknown as BriefContent;
  const intent = content.classification.intent;
  const settings = await findCurrentSettings(db, installation.id);
  if (modeOf(settings, intent) !== "shadow") {
    return null;
  }
  const draftId = content.draft.id;
  if (
    await hasAuditEvent(db, installation.id, {
      type: "shadow.compared",
      key: "draftId",
      value: draftId,
    })
  ) {
    return null;
  }
  const preparedAt = (brief.preparedAt ?? brief.createdAt).getTime();
  const ticket = await deps.helpdeskFor(installation).getTicket(input.ticketId);
  const reply = ticket.comments.find(
    (comment) =>
      comment.public && comment.author === "agent" && Date.parse(comment.createdAt) >= preparedAt,
  );
  if (!reply) {
    return null;
  }
  const sent = reply.body.trim();
  const distance = editDistance(content.draft.text, sent);
  const longer = Math.max(content.draft.text.length, sent.length, 1);
  const similarity = 1 - distance / longer;
  const draftMatched = similarity >= SHADOW_MATCH_SIMILARITY;
  const decisionMatched = replyStatesDecision(content.decision, sent);
  const comparison: ShadowComparison = {
    draftId,
    intent,
    editDistance: distance,
    similarity,
    draftMatched,
    decisionMatched,
    matched: draftMatched && decisionMatched,
  };
  await recordDraftEdit(db, installation.id, {
    draftId,
    text: sent,
    editDistance: distance,
    editedBy: "shadow:agent",
  });
  await appendAuditEvent(db, installation.id, {
    ticketId: row.id,
    actor: "system",
    type: "shadow.compared",
    data: { ...comparison, action: content.decision.action, commentId: reply.id },
  });
  return comparison;
}
