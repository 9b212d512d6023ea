import {
  type Action,
  appendAuditEvent,
  findActionByKey,
  findCurrentSettings,
  findDraft,
  findTicketWithLatestBrief,
  type Installation,
  listActionsOfTicket,
  listOutboxOfAction,
  recordAction,
  recordDraftEdit,
  type SettingsVersion,
  updateActionState,
} from "@countersign/db";
import { type Decision, decide } from "@countersign/policy";
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UpstreamError,
  ValidationError,
} from "@countersign/shared";
import { roleOf } from "../autonomy/lead";
import { whereSet } from "../autonomy/lead-roles";
import { modeOf } from "../autonomy/modes";
import { learnFromEdit } from "../autonomy/voice-examples";
import { editDistance } from "../brief/edit-distance";
import type { BriefContent } from "../brief/model";
import { actionSentence, formatMoney } from "../brief/outcome";
import type { Agent, Deps } from "../deps";
import { deliverOutbox, queueHelpdeskWrites } from "./deliver-outbox";
import { prepareBriefOnce } from "./prepare-brief";

export interface ApproveInput {
  installation: Installation;
  agent: Agent;
  ticketId: number;
  draftId: string;
  text: string;
  idempotencyKey: string;
}

export interface ApproveOutcome {
  actionId: string;
  state: Action["state"];
  /** Read out in the sidebar's status region, e.g. "Refund of $45.00 issued. Reply sent." */
  message: string;
  replySent: boolean;
}

/** The parts of a decision that, if they change, mean the agent approved something else. */
function materialOf(decision: Decision): string {
  const items = [...decision.lineItems]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((item) => `${item.id}x${item.quantity}`)
    .join(",");
  return `${decision.action}|${decision.amount}|${decision.approval}|${items}`;
}

function describeChange(before: Decision, after: Decision): string {
  if (before.action !== after.action) {
    return `the decision is now ${after.action} instead of ${before.action}`;
  }
  if (before.amount !== after.amount) {
    const from = before.amount === null ? "nothing" : formatMoney(before.amount, before.currency);
    const to = after.amount === null ? "nothing" : formatMoney(after.amount, after.currency);
    return `the amount is now ${to} instead of ${from}`;
  }
  if (before.approval !== after.approval) {
    return `it now needs ${after.approval} approval instead of ${before.approval}`;
  }
  return "the items it covers changed";
}

async function loadBrief(deps: Deps, input: ApproveInput) {
  const db = deps.database.db;
  const [draft, found] = await Promise.all([
    findDraft(db, input.installation.id, input.draftId),
    findTicketWithLatestBrief(db, input.installation.id, String(input.ticketId)),
  ]);
  const ticket = found?.ticket;
  if (!draft || !ticket || draft.ticketId !== ticket.id) {
    throw new NotFoundError("This draft does not exist for this ticket.");
  }
  const brief = found.brief;
  const content = brief?.content as unknown as BriefContent | undefined;
  if (!brief || !content || content.draft.id !== draft.id) {
    throw new ConflictError(
      "A newer brief replaced this draft. Review the new one and approve again.",
    );
  }
  return { draft, ticket, content };
}

async function checkRole(
  deps: Deps,
  input: ApproveInput,
  decision: Decision,
  settings: SettingsVersion | null,
) {
  if (decision.approval !== "lead") {
    return;
  }
  const { role, isLead, leadRoles } = await roleOf(deps, input.installation, input.agent, settings);
  if (!isLead) {
    const money =
      decision.amount === null ? "" : ` (${formatMoney(decision.amount, decision.currency)})`;
    throw new ForbiddenError(
      `This ${decision.action}${money} needs a lead to approve (${leadRoles.roles.join(" or ")}, ${whereSet(leadRoles)}); your role is ${role}. Escalate it instead.`,
    );
  }
}

/**
 * Refuses, before anything is recorded, what Countersign cannot carry out, so the agent can
 * handle it by hand and the draft's approval key is not spent on a certain failure.
 */
function checkCanCarryOut(decision: Decision, content: BriefContent): void {
  if (decision.action === "update_address" && !content.case.ticket.newAddress) {
    throw new ValidationError(
      "Countersign could not read the new address from the ticket. Change it in Shopify, then send the reply with Insert into reply.",
      [{ path: "ticket.newAddress", message: "not found in the ticket" }],
    );
  }
  if (decision.action === "store_credit") {
    throw new ConflictError(
      "Issue the store credit in Shopify admin, then send the reply with Insert into reply: Countersign does not issue store credit yet.",
    );
  }
}

/** Runs the store side of a decision exactly once; the action row's id is the idempotency key. */
async function execute(
  deps: Deps,
  input: ApproveInput,
  action: Action,
  decision: Decision,
  content: BriefContent,
) {
  const order = content.order;
  const commerce = deps.commerceFor(input.installation);
  const lineItems = decision.lineItems.map((item) => ({
    lineItemId: item.id,
    quantity: item.quantity,
  }));
  switch (decision.action) {
    case "refund": {
      if (!order) {
        throw new ConflictError("A refund needs an order.");
      }
      const preview = await commerce.previewRefund({ orderId: order.id, lineItems });
      const decided = Math.round((decision.amount ?? 0) * 100);
      if (Math.round(preview.amount * 100) > decided) {
        throw new ConflictError(
          `Shopify would refund ${formatMoney(preview.amount, preview.currency)}, more than the ${formatMoney(decision.amount ?? 0, decision.currency)} decided; nothing was refunded.`,
        );
      }
      return commerce.refund({
        preview,
        idempotencyKey: action.id,
        note: `Countersign: approved by agent ${input.agent.id} on ticket ${input.ticketId}`,
      });
    }
    case "return":
    case "exchange":
      if (!order) {
        throw new ConflictError("A return needs an order.");
      }
      return commerce.createReturn({ orderId: order.id, lineItems });
    case "replace":
      if (!order) {
        throw new ConflictError("A replacement needs an order.");
      }
      return commerce.createReplacement({
        orderId: order.id,
        lineItems,
        note: `Replacement for ${order.name}, approved on ticket ${input.ticketId}`,
        tags: ["countersign", "replacement"],
      });
    case "cancel":
      if (!order) {
        throw new ConflictError("A cancellation needs an order.");
      }
      return commerce.cancelOrder({
        orderId: order.id,
        reason: "CUSTOMER",
        restock: true,
        staffNote: `Cancelled on ticket ${input.ticketId}`,
      });
    case "update_address": {
      const address = content.case.ticket.newAddress;
      if (!order || !address) {
        throw new ConflictError("The new address is not known.");
      }
      return commerce.updateShippingAddress({ orderId: order.id, address });
    }
    case "store_credit":
      throw new ConflictError("Store credit is not issued by Countersign.");
    case "reply":
    case "decline":
    case "escalate":
      return null;
  }
}

function internalNote(agent: Agent, decision: Decision, sentence: string | null): string {
  const lines = [
    `Countersign: ${sentence ?? "Reply sent, no store action."} Approved by ${agent.name ?? `agent ${agent.id}`}.`,
    `Decision: ${decision.action}, tier ${decision.tier}, ${decision.approval} approval.`,
    ...decision.reasons
      .filter((reason) => reason.outcome !== "skip")
      .map((reason) => `- ${reason.detail}`),
  ];
  return lines.join("\n");
}

async function outcomeOf(
  deps: Deps,
  input: ApproveInput,
  action: Action,
  decision: Decision,
): Promise<ApproveOutcome> {
  const messages = await listOutboxOfAction(deps.database.db, input.installation.id, action.id);
  const reply = messages.find((message) => message.kind === "reply");
  const replySent = reply?.state === "sent";
  const sentence = actionSentence(decision);
  if (action.state === "failed") {
    return {
      actionId: action.id,
      state: action.state,
      message: `Nothing was done: ${action.error ?? "the store refused the action"}`,
      replySent: false,
    };
  }
  if (action.state !== "succeeded") {
    return {
      actionId: action.id,
      state: action.state,
      message: "This approval is already being carried out.",
      replySent: false,
    };
  }
  const replyPart = replySent
    ? "Reply sent."
    : "The reply is queued and will be posted as soon as the helpdesk answers.";
  return {
    actionId: action.id,
    state: action.state,
    message: [sentence, replyPart].filter(Boolean).join(" "),
    replySent,
  };
}

/**
 * Another draft of the same ticket already moved (or is moving) these items: a replacement or
 * return leaves the order looking the same to the policy, so only our own record can tell.
 */
async function findEarlierAction(
  deps: Deps,
  installation: Installation,
  ticketId: string,
  draftId: string,
  decision: Decision,
): Promise<Action | null> {
  const items = new Set(decision.lineItems.map((item) => item.id));
  if (items.size === 0) {
    return null;
  }
  const actions = await listActionsOfTicket(deps.database.db, installation.id, ticketId);
  // An action a lead reversed (its return cancelled in the store) no longer holds the items.
  const undone = new Set(
    actions
      .filter((action) => action.kind === "undo" && action.state === "succeeded")
      .map((action) => String(action.request.undoOf)),
  );
  return (
    actions.find((action) => {
      const earlier = (action.request.decision ?? {}) as Partial<Decision>;
      return (
        action.kind === decision.action &&
        action.draftId !== draftId &&
        action.state !== "failed" &&
        !undone.has(action.id) &&
        (earlier.lineItems ?? []).some((item) => items.has(item.id))
      );
    }) ?? null
  );
}

/** A retry, double click or concurrent click: the recorded action's outcome, never a rerun. */
async function reuseAction(
  deps: Deps,
  input: ApproveInput,
  action: Action,
  decision: Decision,
): Promise<ApproveOutcome> {
  if (action.state === "succeeded") {
    await deliverOutbox({ deps, input: { installation: input.installation, actionId: action.id } });
  }
  return outcomeOf(deps, input, action, decision);
}

/**
 * One click: re-read the order, re-decide, check the agent's role, record the action, run it
 * once, then post the reply, an internal note and tags through the outbox, and audit it all.
 */
export async function approveDraft({
  deps,
  input,
}: {
  deps: Deps;
  input: ApproveInput;
}): Promise<ApproveOutcome> {
  const db = deps.database.db;
  const text = input.text.trim();
  if (text === "") {
    throw new ValidationError("The reply is empty.", [
      { path: "text", message: "must not be empty" },
    ]);
  }
  const { ticket, content, draft } = await loadBrief(deps, input);
  const settings = await findCurrentSettings(db, input.installation.id);
  const key = `draft:${draft.id}`;

  const decision = content.decision;
  if (decision.approval === "human" || decision.action === "escalate") {
    throw new ConflictError(
      "This ticket needs a person: Countersign does not act on it. Use Escalate.",
    );
  }
  if (modeOf(settings, content.classification.intent) === "shadow") {
    throw new ConflictError(
      "This category runs in shadow mode: Countersign prepares and measures but does not act. Reply in the helpdesk yourself.",
    );
  }
  await checkRole(deps, input, decision, settings);
  checkCanCarryOut(decision, content);

  // A repeat of an approval that already acted answers with what happened; re-deciding would
  // see its own refund as "the order changed" and replace the brief under the agent.
  const existing = await findActionByKey(db, input.installation.id, key);
  if (existing) {
    return reuseAction(deps, input, existing, decision);
  }

  // Re-read the order and re-decide: the agent approves what the store says now.
  if (content.order) {
    const fresh = await deps.commerceFor(input.installation).getOrder(content.order.id);
    const redecided = decide(
      { ...content.case, now: deps.clock().toISOString(), order: fresh.order },
      settings?.policy ?? {},
    );
    if (!redecided.ok || materialOf(redecided.value) !== materialOf(decision)) {
      const raced = await findActionByKey(db, input.installation.id, key);
      if (raced) {
        return reuseAction(deps, input, raced, decision);
      }
      const why = redecided.ok
        ? describeChange(decision, redecided.value)
        : redecided.error.message;
      await appendAuditEvent(db, input.installation.id, {
        ticketId: ticket.id,
        actor: `agent:${input.agent.id}`,
        type: "approval.refused",
        data: { draftId: draft.id, reason: why },
      });
      void prepareBriefOnce(deps, { installation: input.installation, ticketId: input.ticketId });
      throw new ConflictError(
        `The order changed since this brief was prepared: ${why}. A fresh brief is being prepared.`,
      );
    }
  }

  const earlier = await findEarlierAction(deps, input.installation, ticket.id, draft.id, decision);
  if (earlier) {
    await appendAuditEvent(db, input.installation.id, {
      ticketId: ticket.id,
      actor: `agent:${input.agent.id}`,
      type: "approval.refused",
      data: { draftId: draft.id, reason: "already approved", actionId: earlier.id },
    });
    throw new ConflictError(
      `A ${decision.action.replace("_", " ")} of these items was already approved on this ticket; nothing was done again. Check the order in Shopify, then reply with Insert into reply.`,
    );
  }

  const { action, created } = await recordAction(db, input.installation.id, {
    ticketId: ticket.id,
    draftId: draft.id,
    idempotencyKey: key,
    kind: decision.action,
    actor: `agent:${input.agent.id}`,
    // What reconciliation needs to settle the action if this process stops mid-way.
    request: {
      decision,
      clientKey: input.idempotencyKey,
      textLength: text.length,
      text,
      orderId: content.order?.id ?? null,
      externalTicketId: String(input.ticketId),
      newAddress: content.case.ticket.newAddress ?? null,
    },
  });
  if (!created) {
    return reuseAction(deps, input, action, decision);
  }
  await appendAuditEvent(db, input.installation.id, {
    ticketId: ticket.id,
    actor: `agent:${input.agent.id}`,
    type: "action.approved",
    data: {
      actionId: action.id,
      draftId: draft.id,
      action: decision.action,
      amount: decision.amount,
      currency: decision.currency,
    },
  });

  await updateActionState(db, input.installation.id, action.id, { state: "running" });
  let result: unknown;
  try {
    result = await execute(deps, input, action, decision, content);
  } catch (error) {
    const message = error instanceof AppError ? error.message : "the store did not answer";
    // A store failure mid-call leaves the outcome unknown: reconcile by re-reading, never retry blindly.
    const state = error instanceof AppError && !error.retryable ? "failed" : "needs_reconcile";
    const failed = await updateActionState(db, input.installation.id, action.id, {
      state,
      error: message,
    });
    await appendAuditEvent(db, input.installation.id, {
      ticketId: ticket.id,
      actor: "system",
      type: "action.failed",
      data: { actionId: action.id, state, error: message },
    });
    if (state === "needs_reconcile" && error instanceof UpstreamError) {
      // The agent must know the store may have acted: a second, manual refund is the risk here.
      throw new UpstreamError(error.service, error.status, error.message, {
        cause: error,
        context: {
          publicDetail: `The store did not confirm the ${decision.action.replace("_", " ")}, so it may or may not have happened. Do not repeat it by hand: Countersign re-reads the order within a minute and records the outcome on this ticket.`,
        },
      });
    }
    if (state === "needs_reconcile" || !failed) {
      throw error;
    }
    return outcomeOf(deps, input, failed, decision);
  }
  const done = await updateActionState(db, input.installation.id, action.id, {
    state: "succeeded",
    result: (result ?? {}) as Record<string, unknown>,
  });
  await appendAuditEvent(db, input.installation.id, {
    ticketId: ticket.id,
    actor: "system",
    type: "action.succeeded",
    data: { actionId: action.id, action: decision.action, result: (result ?? null) as unknown },
  });
  await recordDraftEdit(db, input.installation.id, {
    draftId: draft.id,
    text,
    editDistance: editDistance(draft.proposedText, text),
    editedBy: `agent:${input.agent.id}`,
  });
  await appendAuditEvent(db, input.installation.id, {
    ticketId: ticket.id,
    actor: `agent:${input.agent.id}`,
    type: "draft.sent",
    data: {
      draftId: draft.id,
      actionId: action.id,
      edited: draft.proposedText.trim() !== text,
      length: text.length,
    },
  });
  await learnFromEdit(deps, {
    installation: input.installation,
    agent: input.agent,
    settings,
    draftId: draft.id,
    intent: content.classification.intent,
    proposed: draft.proposedText,
    sent: text,
  });
  await queueHelpdeskWrites(deps, input.installation, [
    {
      actionId: action.id,
      externalTicketId: String(input.ticketId),
      kind: "reply",
      payload: { body: text },
    },
    {
      actionId: action.id,
      externalTicketId: String(input.ticketId),
      kind: "note",
      payload: { body: internalNote(input.agent, decision, actionSentence(decision)) },
    },
    {
      actionId: action.id,
      externalTicketId: String(input.ticketId),
      kind: "tags",
      payload: { tags: ["countersign", `countersign-${decision.action.replace("_", "-")}`] },
    },
  ]);
  await deliverOutbox({ deps, input: { installation: input.installation, actionId: action.id } });
  return outcomeOf(deps, input, done ?? action, decision);
}
