import { listTicketsAwaitingBrief } from "@countersign/db";
import type { Deps } from "../deps";
import { queueBriefPreparation } from "../webhooks/zendesk-events";

/** How far back a restart looks for briefs webhooks asked for and never got. */
export const recoveryWindowMs = 24 * 60 * 60 * 1000;

/**
 * The in-process queue (PGlite) keeps its jobs in memory, so a restart would drop the briefs
 * webhooks had queued. At start, this queues them again from the audit log: every ticket a
 * webhook asked to brief within the window with no brief prepared since. Recovered jobs
 * prepare the brief but never run autopilot: hours may have passed, and an agent may have
 * answered meanwhile, so the brief waits for an agent's click.
 */
export async function requeueAwaitedBriefs({
  deps,
  input = {},
}: {
  deps: Deps;
  /** `installationId` limits the round to one tenant. */
  input?: { since?: Date; installationId?: string };
}): Promise<{ found: number; queued: number }> {
  const since = input.since ?? new Date(deps.clock().getTime() - recoveryWindowMs);
  const awaiting = await listTicketsAwaitingBrief(
    deps.database.db,
    since,
    input.installationId ? { installationId: input.installationId } : {},
  );
  let queued = 0;
  for (const { installationId, externalTicketId } of awaiting) {
    const ticketId = Number(externalTicketId);
    if (!Number.isInteger(ticketId) || ticketId <= 0) {
      continue;
    }
    if (await queueBriefPreparation(deps, installationId, ticketId, { recovered: true })) {
      queued += 1;
    }
  }
  if (awaiting.length > 0) {
    deps.logger.info("briefs queued again after a restart", { found: awaiting.length, queued });
  }
  return { found: awaiting.length, queued };
}
