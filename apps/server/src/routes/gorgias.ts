import { findInstallationBySubdomain } from "@countersign/db";
import { UnauthorizedError, ValidationError } from "@countersign/shared";
import { Hono } from "hono";
import type { BriefContent, BriefView } from "../brief/model";
import type { AppEnv } from "../deps";
import { signTicketLink, ticketLinkUrl } from "../middleware/ticket-link";
import { queueShadowComparison } from "../use-cases/compare-shadow";
import { getBrief } from "../use-cases/prepare-brief";
import { constantTimeEqual } from "../webhooks/signatures";

const accountPattern = /^[a-z0-9][a-z0-9-]{0,62}$/i;

/** The JSON a Gorgias widget shows: flat fields a card template can point at. */
export interface GorgiasBrief {
  status: "ready" | "preparing" | "failed";
  ticket_id: number;
  message: string;
  intent?: string;
  sentiment?: string;
  urgency?: string;
  flags?: string;
  decision?: {
    action: string;
    tier: number;
    approval: string;
    amount: string | null;
    reasons: string;
  } | null;
  order?: { name: string; total: string; fulfillment: string; financial: string } | null;
  draft?: { text: string; source: string } | null;
  approve_label?: string;
  /**
   * Our approve page for this ticket, signed for its assignee: Gorgias has no iframe sidebar, so
   * the agent reviews, edits and approves there. Absent while nobody is assigned.
   */
  approve_url?: string | null;
  /** Why there is no approve link, when there is none. */
  approve_hint?: string | null;
  prepared_at?: string;
}

function money(amount: number | null, currency: string | null): string | null {
  return amount === null ? null : `${amount.toFixed(2)}${currency ? ` ${currency}` : ""}`;
}

function orderOf(order: BriefContent["order"]): GorgiasBrief["order"] {
  return order
    ? {
        name: order.name,
        total: money(order.total, order.currency) ?? "",
        fulfillment: order.fulfillmentStatus,
        financial: order.financialStatus,
      }
    : null;
}

export function toGorgiasBrief(ticketId: number, view: BriefView): GorgiasBrief {
  if (view.status === "preparing") {
    return {
      status: "preparing",
      ticket_id: ticketId,
      message: "Countersign is preparing this ticket's brief. It is ready in a few seconds.",
    };
  }
  if (view.status === "failed") {
    return {
      status: "failed",
      ticket_id: ticketId,
      message: "Countersign could not prepare this ticket's brief. Open the ticket again to retry.",
    };
  }
  const { brief } = view;
  const { classification, decision, order } = brief;
  if (view.mode === "shadow") {
    // Measured against the reply the agent writes: a visible draft would measure nothing.
    return {
      status: "ready",
      ticket_id: ticketId,
      message:
        "Shadow mode: Countersign is measuring this category against your reply. Answer as you normally would.",
      intent: classification.intent,
      sentiment: classification.sentiment,
      urgency: classification.urgency,
      flags: classification.flags.join(", "),
      decision: null,
      order: orderOf(order),
      draft: null,
      prepared_at: view.preparedAt,
    };
  }
  return {
    status: "ready",
    ticket_id: ticketId,
    message: brief.approveLabel,
    intent: classification.intent,
    sentiment: classification.sentiment,
    urgency: classification.urgency,
    flags: classification.flags.join(", "),
    decision: {
      action: decision.action,
      tier: decision.tier,
      approval: decision.approval,
      amount: money(decision.amount, decision.currency),
      reasons: decision.reasons
        .filter((reason) => reason.outcome !== "skip")
        .map((reason) => reason.detail)
        .join(" · "),
    },
    order: orderOf(order),
    draft: { text: brief.draft.text, source: brief.draft.source },
    approve_label: brief.approveLabel,
    prepared_at: view.preparedAt,
  };
}

/**
 * The ticket's assignee as Gorgias renders `{{ticket.assignee_user_id}}`: a number, or nothing
 * (an empty string, or `None`) while the ticket is unassigned.
 */
function assigneeOf(raw: string | undefined): string | null {
  const value = (raw ?? "").trim();
  if (value === "" || /^(none|null)$/i.test(value)) {
    return null;
  }
  if (!/^\d{1,15}$/.test(value)) {
    throw new ValidationError("agent must be the Gorgias user id of the ticket's assignee.", [
      { path: "query.agent", message: "must be a whole number, or empty when unassigned" },
    ]);
  }
  return value;
}

/**
 * The HTTP integration a Gorgias admin points at: `GET /integrations/gorgias/brief?account=acme
 * &ticket_id={{ticket.id}}&agent={{ticket.assignee_user_id}}` with the installation's secret in
 * `X-Countersign-Key`. Called on ticket creation it starts the brief, so it is ready when the
 * widget asks again; once the ticket has an assignee, the answer links to the approve page.
 */
export const gorgiasRoutes = new Hono<AppEnv>().get("/brief", async (c) => {
  const deps = c.get("deps");
  const account = c.req.query("account") ?? "";
  const key = c.req.header("x-countersign-key") ?? "";
  const installation = accountPattern.test(account)
    ? await findInstallationBySubdomain(deps.database.db, "gorgias", account)
    : null;
  const secret = installation ? await deps.secretFor(installation) : null;
  // One answer for an unknown account and a wrong key, in time that does not tell them apart.
  const matches = constantTimeEqual(key, secret ?? "\u0000not-configured");
  if (!installation || !secret || !key || !matches) {
    throw new UnauthorizedError("missing or wrong X-Countersign-Key for this account");
  }
  const raw = c.req.query("ticket_id") ?? "";
  if (!/^\d{1,15}$/.test(raw) || Number(raw) <= 0) {
    throw new ValidationError("ticket_id must be a positive whole number.", [
      { path: "query.ticket_id", message: "must be a positive whole number" },
    ]);
  }
  const ticketId = Number(raw);
  const agentId = assigneeOf(c.req.query("agent"));
  const view = await getBrief({ deps, input: { installation, ticketId } });
  c.set("installation", installation);
  const answer = toGorgiasBrief(ticketId, view);
  if (answer.status === "ready" && view.status === "ready" && view.mode === "shadow") {
    answer.approve_url = null;
    answer.approve_hint = null;
    // Gorgias calls on every new message: if it was the agent's answer, measure it now.
    await queueShadowComparison(deps, installation, ticketId).catch((error: unknown) => {
      deps.logger.error("could not queue the shadow comparison", {
        ticketId,
        error: error instanceof Error ? error.message : String(error),
      });
    });
  } else if (answer.status === "ready") {
    if (agentId) {
      const token = await signTicketLink(
        secret,
        { account: installation.subdomain, ticketId, agentId },
        deps.clock(),
      );
      answer.approve_url = ticketLinkUrl(deps.config.publicUrl, token);
      answer.approve_hint = null;
    } else {
      answer.approve_url = null;
      answer.approve_hint =
        "Assign the ticket to yourself to review and approve it in Countersign.";
    }
  }
  return c.json(answer, 200);
});
