import { findInstallationById, type Installation } from "@countersign/db";
import { NotFoundError } from "@countersign/shared";
import { isTurnedOff } from "./autonomy/off";
import type { Deps } from "./deps";
import { compareShadow, compareShadowJob } from "./use-cases/compare-shadow";
import { drainOutbox } from "./use-cases/deliver-outbox";
import { prepareBrief } from "./use-cases/prepare-brief";
import { reconcileActions } from "./use-cases/reconcile-actions";
import { runAutopilot } from "./use-cases/run-autopilot";

/** Whether the helpdesk says the ticket does not exist (asked only after a failure). */
async function ticketIsGone(
  deps: Deps,
  installation: Installation,
  ticketId: number,
): Promise<boolean> {
  try {
    await deps.helpdeskFor(installation).getTicket(ticketId);
    return false;
  } catch (error) {
    return error instanceof NotFoundError;
  }
}

export interface Workers {
  stop(): Promise<void>;
}

/**
 * The background work: prepare briefs queued by webhooks (so the draft waits before an agent
 * opens the ticket), compare an agent's answer with the shadow draft, and retry helpdesk writes
 * still owed from the outbox.
 */
export async function startWorkers(
  deps: Deps,
  options: { outboxEveryMs?: number; reconcileEveryMs?: number } = {},
): Promise<Workers> {
  await deps.queue.work("prepare-brief", async (data) => {
    const installationId = String(data.installationId ?? "");
    const ticketId = Number(data.ticketId);
    const installation = await findInstallationById(deps.database.db, installationId);
    if (!installation || !Number.isInteger(ticketId) || ticketId <= 0) {
      deps.logger.warn("prepare-brief job for an unknown installation or ticket", {
        installationId,
        ticketId,
      });
      return;
    }
    // Shadow mode: the agent has answered by the time the customer writes again.
    await compareShadow({ deps, input: { installation, ticketId } }).catch((error: unknown) => {
      deps.logger.error("shadow comparison failed", {
        installationId,
        ticketId,
        error: error instanceof Error ? error.message : String(error),
      });
    });
    if (await isTurnedOff(deps, installation, ticketId)) {
      return;
    }
    let prepared: Awaited<ReturnType<typeof prepareBrief>>;
    try {
      // Not coalesced: a failure must reach the queue so it retries the job.
      prepared = await prepareBrief({ deps, input: { installation, ticketId } });
    } catch (error) {
      if (error instanceof NotFoundError && (await ticketIsGone(deps, installation, ticketId))) {
        // Deleted in the helpdesk (or a ticket of a restarted local helpdesk): no retry helps.
        deps.logger.warn("prepare-brief for a ticket the helpdesk no longer has", {
          installationId,
          ticketId,
        });
        return;
      }
      throw error;
    }
    if (data.recovered === true) {
      // Queued again after a restart (recover-briefs): too late to act without a click.
      return;
    }
    // Never retried with the brief: a retry would prepare a new draft and could act twice.
    await runAutopilot({ deps, input: { installation, ticketId, brief: prepared.brief } }).catch(
      (error: unknown) => {
        deps.logger.error("autopilot failed; the brief waits for an agent", {
          installationId,
          ticketId,
          error: error instanceof Error ? error.message : String(error),
        });
      },
    );
  });

  // Shadow mode: the agent answered (a public reply, or solved the ticket); queued by
  // `queueShadowComparison` so the agreement is measured without waiting for the customer.
  await deps.queue.work(compareShadowJob, async (data) => {
    const installationId = String(data.installationId ?? "");
    const ticketId = Number(data.ticketId);
    const installation = await findInstallationById(deps.database.db, installationId);
    if (!installation || !Number.isInteger(ticketId) || ticketId <= 0) {
      deps.logger.warn("compare-shadow job for an unknown installation or ticket", {
        installationId,
        ticketId,
      });
      return;
    }
    try {
      // Not coalesced otherwise: a helpdesk that did not answer gets the job retried.
      await compareShadow({ deps, input: { installation, ticketId } });
    } catch (error) {
      if (!(error instanceof NotFoundError)) {
        throw error;
      }
      deps.logger.warn("shadow comparison of a ticket the helpdesk no longer has", {
        installationId,
        ticketId,
      });
    }
  });

  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) {
      return;
    }
    running = drainOutbox({ deps })
      .then((report) => {
        if (report.sent + report.failed > 0) {
          deps.logger.info("outbox drained", { ...report });
        }
      })
      .catch((error: unknown) => {
        deps.logger.error("outbox round failed", {
          error: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => {
        running = null;
      });
  }, options.outboxEveryMs ?? 5_000);
  timer.unref();

  // Approvals left mid-way (a stopped process, a lost Shopify answer) are settled from Shopify.
  let reconciling: Promise<unknown> | null = null;
  const reconcileTimer = setInterval(() => {
    if (reconciling) {
      return;
    }
    reconciling = reconcileActions({ deps })
      .then((report) => {
        if (report.checked > 0) {
          deps.logger.info("actions reconciled", { ...report });
        }
      })
      .catch((error: unknown) => {
        deps.logger.error("reconciliation round failed", {
          error: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => {
        reconciling = null;
      });
  }, options.reconcileEveryMs ?? 30_000);
  reconcileTimer.unref();

  return {
    async stop() {
      clearInterval(timer);
      clearInterval(reconcileTimer);
      await running;
      await reconciling;
    },
  };
}
