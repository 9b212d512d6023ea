import { summariseEscalation } from "@countersign/assistant";
import {
  appendAuditEvent,
  attachDraftToBrief,
  findCurrentSettings,
  findTicketWithLatestBrief,
  type Installation,
  insertDraft,
  saveReadyBrief,
  upsertTicket,
} from "@countersign/db";
import type { HelpdeskTicket } from "@countersign/helpdesk";
import { decide } from "@countersign/policy";
import { AppError, UpstreamError, ValidationError } from "@countersign/shared";
import { modeOf } from "../autonomy/modes";
import { voiceWithExamples } from "../autonomy/voice-examples";
import { buildCase } from "../brief/build-case";
import { brandVoiceOf, draftInputOf } from "../brief/draft-input";
import type { BriefContent, BriefView } from "../brief/model";
import { approveLabel } from "../brief/outcome";
import type { Deps } from "../deps";

export interface PrepareBriefInput {
  installation: Installation;
  ticketId: number;
}

/** The customer's side of the conversation, oldest first, as the classifier reads it. */
export function customerText(ticket: HelpdeskTicket): string {
  return ticket.comments
    .filter((comment) => comment.author === "customer")
    .map((comment) => comment.body)
    .join("\n\n");
}

/** What the brief was prepared from; when it changes, the stored brief is stale. */
export function inputsKeyOf(ticket: HelpdeskTicket, settingsVersion: number): string {
  const fromCustomer = ticket.comments.filter((comment) => comment.author === "customer");
  return `m${fromCustomer.length}:${fromCustomer.at(-1)?.id ?? 0}:s${settingsVersion}`;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, Math.round(performance.now() - started)];
}

/**
 * Prepares a ticket's brief: store context and classification in parallel, then the policy
 * decision, then the draft; stores it whole and audits it.
 */
export async function prepareBrief({
  deps,
  input,
}: {
  deps: Deps;
  input: PrepareBriefInput;
}): Promise<BriefView & { status: "ready" }> {
  const started = performance.now();
  const { installation } = input;
  const db = deps.database.db;
  const ticket = await deps.helpdeskFor(installation).getTicket(input.ticketId);
  const settings = await findCurrentSettings(db, installation.id);
  const text = customerText(ticket);
  const now = deps.clock();

  const [[classification, classificationMs], [context, contextMs]] = await Promise.all([
    timed(() => deps.classifier.classify({ subject: ticket.subject, body: text })),
    timed(() =>
      deps.commerceFor(installation).getTicketContext({
        email: ticket.requester.email,
        text: `${ticket.subject}\n\n${text}`,
        now,
      }),
    ),
  ]);

  const fromCustomer = ticket.comments.filter((comment) => comment.author === "customer");
  const policyCase = buildCase({
    now,
    text: `${ticket.subject}\n\n${text}`,
    customerMessages: fromCustomer.length,
    classification,
    context,
  });
  const decided = decide(policyCase, settings?.policy ?? {});
  if (!decided.ok) {
    throw new ValidationError(
      `The saved policy or this ticket's facts are not valid: ${decided.error.message}`,
      decided.error.issues,
    );
  }
  const decision = decided.value;

  const draftInput = draftInputOf({
    decision,
    classification,
    customerName: context.display.customer?.name ?? ticket.requester.name,
    customerMessage: fromCustomer.at(-1)?.body ?? text,
    order: context.display.order,
    voice: await voiceWithExamples(
      deps,
      installation,
      brandVoiceOf(settings?.brandVoice),
      classification.intent,
      text,
    ),
  });
  const [draft, draftMs] = await timed(() => deps.drafter.draft(draftInput));
  const escalationSummary =
    decision.tier >= 3 || decision.action === "escalate"
      ? summariseEscalation(draftInput)
          .split("\n")
          .filter((line) => line.trim() !== "")
      : null;

  const row = await upsertTicket(db, installation.id, {
    externalId: String(ticket.id),
    subject: ticket.subject,
    requesterEmail: ticket.requester.email,
    requesterName: ticket.requester.name,
    customerMessages: fromCustomer.length,
    lastCustomerMessageAt: fromCustomer.at(-1)
      ? new Date(fromCustomer.at(-1)?.createdAt ?? 0)
      : null,
  });
  const draftRow = await insertDraft(db, installation.id, {
    ticketId: row.id,
    intent: classification.intent,
    proposedText: draft.text,
    source: draft.source,
    factCheck: draft.factCheck as unknown as Record<string, unknown>,
    usage: (draft.usage ?? null) as Record<string, unknown> | null,
  });
  const content: BriefContent = {
    ticket: {
      id: ticket.id,
      subject: ticket.subject,
      requester: ticket.requester,
      customerMessages: fromCustomer.length,
    },
    classification,
    customer: context.display.customer,
    order: context.display.order,
    recentOrders: context.display.recentOrders,
    orderChoice: context.orderChoice,
    case: policyCase,
    decision,
    policyVersion: settings?.version ?? 0,
    draft: { ...draft, id: draftRow.id },
    approveLabel: approveLabel(decision),
    escalationSummary,
    timings: {
      context: contextMs,
      classification: classificationMs,
      draft: draftMs,
      total: Math.round(performance.now() - started),
    },
    shopify: { calls: context.usage.calls, actualCost: context.usage.actualCost },
  };
  const preparedAt = deps.clock();
  const brief = await saveReadyBrief(db, installation.id, {
    ticketId: row.id,
    inputsKey: inputsKeyOf(ticket, settings?.version ?? 0),
    content: content as unknown as Record<string, unknown>,
    preparedAt,
  });
  await attachDraftToBrief(db, installation.id, draftRow.id, brief.id);
  await appendAuditEvent(db, installation.id, {
    ticketId: row.id,
    actor: "system",
    type: "brief.prepared",
    data: {
      briefId: brief.id,
      draftId: draftRow.id,
      intent: classification.intent,
      flags: classification.flags,
      action: decision.action,
      amount: decision.amount,
      approval: decision.approval,
      tier: decision.tier,
      classifier: classification.source,
      drafter: draft.source,
    },
  });
  return {
    status: "ready",
    preparedAt: preparedAt.toISOString(),
    brief: content,
    mode: modeOf(settings, classification.intent),
  };
}

interface PreparationState {
  running: Map<string, Promise<unknown>>;
  failed: Map<string, string>;
}

const states = new WeakMap<Deps, PreparationState>();

function stateOf(deps: Deps): PreparationState {
  let state = states.get(deps);
  if (!state) {
    state = { running: new Map(), failed: new Map() };
    states.set(deps, state);
  }
  return state;
}

function keyOf(input: PrepareBriefInput): string {
  return `${input.installation.id}:${input.ticketId}`;
}

/** What the agent is told when preparation fails; details stay in the log. */
function failureMessage(error: unknown): string {
  if (error instanceof UpstreamError) {
    return `${error.service} did not answer. Countersign will retry when you try again.`;
  }
  if (error instanceof AppError) {
    return error.message;
  }
  return "Countersign could not prepare this brief. Try again in a moment.";
}

/**
 * Prepares the brief unless this process is already preparing it; a failure is kept so the
 * sidebar can say so instead of waiting forever.
 */
export function prepareBriefOnce(deps: Deps, input: PrepareBriefInput): Promise<unknown> {
  const state = stateOf(deps);
  const key = keyOf(input);
  const existing = state.running.get(key);
  if (existing) {
    return existing;
  }
  state.failed.delete(key);
  const work = prepareBrief({ deps, input })
    .catch((error: unknown) => {
      state.failed.set(key, failureMessage(error));
      deps.logger.error("brief preparation failed", {
        installationId: input.installation.id,
        ticketId: input.ticketId,
        error: error instanceof Error ? error.message : String(error),
      });
    })
    .finally(() => state.running.delete(key));
  state.running.set(key, work);
  return work;
}

/**
 * The brief the sidebar shows: the stored one while it is current (served from the database
 * in milliseconds); otherwise preparation starts and the sidebar polls.
 */
export async function getBrief({
  deps,
  input,
}: {
  deps: Deps;
  input: PrepareBriefInput & { refresh?: boolean };
}): Promise<BriefView> {
  const db = deps.database.db;
  const state = stateOf(deps);
  const key = keyOf(input);
  // A newer brief is on its way (a refresh, or a webhook's): wait for it, not the one it replaces.
  if (state.running.has(key)) {
    return { status: "preparing", startedAt: deps.clock().toISOString() };
  }
  const ticket = await deps.helpdeskFor(input.installation).getTicket(input.ticketId);
  if (!input.refresh) {
    const [settings, found] = await Promise.all([
      findCurrentSettings(db, input.installation.id),
      findTicketWithLatestBrief(db, input.installation.id, String(ticket.id)),
    ]);
    const stored = found?.brief ?? null;
    if (
      stored?.status === "ready" &&
      stored.content &&
      stored.inputsKey === inputsKeyOf(ticket, settings?.version ?? 0)
    ) {
      const brief = stored.content as unknown as BriefContent;
      return {
        status: "ready",
        preparedAt: (stored.preparedAt ?? stored.createdAt).toISOString(),
        brief,
        mode: modeOf(settings, brief.classification.intent),
      };
    }
    const failure = state.failed.get(key);
    if (failure) {
      return { status: "failed", error: failure };
    }
  }
  void prepareBriefOnce(deps, input);
  return { status: "preparing", startedAt: deps.clock().toISOString() };
}
