import { appendAuditEvent, findCurrentSettings, type Installation } from "@countersign/db";
import type { Deps } from "../deps";
import { customerText } from "../use-cases/prepare-brief";
import { modeOf, modesOf } from "./modes";

/**
 * Whether a ticket's category is turned off, so the worker prepares nothing for it in advance.
 * The category is only known once the ticket is read, so this classifies it first — and only
 * when the founder turned some category off. Opening the sidebar still prepares a brief.
 */
export async function isTurnedOff(
  deps: Deps,
  installation: Installation,
  ticketId: number,
): Promise<boolean> {
  const settings = await findCurrentSettings(deps.database.db, installation.id);
  if (!Object.values(modesOf(settings)).includes("off")) {
    return false;
  }
  const ticket = await deps.helpdeskFor(installation).getTicket(ticketId);
  const classification = await deps.classifier.classify({
    subject: ticket.subject,
    body: customerText(ticket),
  });
  if (modeOf(settings, classification.intent) !== "off") {
    return false;
  }
  await appendAuditEvent(deps.database.db, installation.id, {
    actor: "system",
    type: "brief.skipped",
    data: {
      externalTicketId: String(ticketId),
      intent: classification.intent,
      reason: `Countersign is off for ${classification.intent} tickets`,
    },
  });
  return true;
}
