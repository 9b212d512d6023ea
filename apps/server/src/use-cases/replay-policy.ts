import { findCurrentSettings, type Installation, listBriefsInPeriod } from "@countersign/db";
import {
  createReplay,
  parseCase,
  parsePolicy,
  type ReplayChange,
  type ReplayReport,
} from "@countersign/policy";
import type { BriefContent } from "../brief/model";
import type { Deps } from "../deps";

/** How far back the replay looks. */
export const REPLAY_DAYS = 30;
const dayMs = 24 * 60 * 60 * 1000;

export interface PolicyReplay extends Omit<ReplayReport, "changes"> {
  from: string;
  to: string;
  changes: (ReplayChange & { ticketId: string; subject: string; intent: string })[];
}

/**
 * Decides the last 30 days of tickets (each ticket's latest prepared brief, its facts as they
 * were) under the policy in force and under the proposed one, and reports what would change.
 */
export async function replayPolicy({
  deps,
  input,
}: {
  deps: Deps;
  input: { installation: Installation; policy: Record<string, unknown> };
}): Promise<PolicyReplay> {
  const db = deps.database.db;
  const proposed = parsePolicy(input.policy, "policy");
  if (!proposed.ok) {
    throw proposed.error;
  }
  const settings = await findCurrentSettings(db, input.installation.id);
  const current = parsePolicy(settings?.policy ?? {});
  const baseline = current.ok ? current.value : undefined;
  const to = deps.clock();
  const from = new Date(to.getTime() - REPLAY_DAYS * dayMs);
  const rows = await listBriefsInPeriod(db, input.installation.id, {
    from,
    to: new Date(to.getTime() + 1),
  });
  const latest = new Map<string, BriefContent>();
  for (const row of rows) {
    if (row.content) {
      latest.set(row.ticketId, row.content as unknown as BriefContent);
    }
  }
  const run = createReplay(proposed.value);
  const byId = new Map<string, BriefContent>();
  for (const content of latest.values()) {
    const id = String(content.ticket.id);
    byId.set(id, content);
    const parsed = parseCase(content.case);
    if (parsed.ok) {
      run.add(id, parsed.value, baseline);
    } else {
      run.addError(id, parsed.error.message);
    }
  }
  const report = run.report();
  return {
    ...report,
    from: from.toISOString(),
    to: to.toISOString(),
    changes: report.changes.map((change) => {
      const content = byId.get(String(change.id));
      return {
        ...change,
        ticketId: String(change.id),
        subject: content?.ticket.subject ?? "",
        intent: content?.classification.intent ?? "other",
      };
    }),
  };
}
