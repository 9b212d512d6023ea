import type { BrandVoice } from "@countersign/assistant";
import {
  appendAuditEvent,
  findAutopilotLimits,
  findCurrentSettings,
  type Installation,
  saveAutopilotLimits,
  saveSettingsVersion,
} from "@countersign/db";
import { Intent, parsePolicy } from "@countersign/policy";
import { ConflictError } from "@countersign/shared";
import { requireLead } from "../autonomy/lead";
import {
  type AutonomyModes,
  type AutopilotLimits,
  DEFAULT_AUTOPILOT_LIMITS,
  DEFAULT_MODE,
  leadRolesOf,
  modeOf,
} from "../autonomy/modes";
import { brandVoiceOf } from "../brief/draft-input";
import type { Agent, Deps } from "../deps";

export interface SaveSettingsInput {
  installation: Installation;
  agent: Agent;
  /** The version the editor started from; someone else saving first means a conflict. */
  expectedVersion: number;
  policy: Record<string, unknown>;
  brandVoice: Partial<BrandVoice>;
  modes: AutonomyModes;
  leadRoles: string[];
  autopilotLimits?: AutopilotLimits;
  reason?: string | null;
}

function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .sort();
}

/**
 * Saves a new settings version after a lead check and the engine's own validation of the
 * policy; audits what changed, from what to what, by whom and why.
 */
export async function saveSettings({ deps, input }: { deps: Deps; input: SaveSettingsInput }) {
  const db = deps.database.db;
  const { installation, agent } = input;
  const current = await findCurrentSettings(db, installation.id);
  await requireLead(deps, installation, agent, current);

  const policy = parsePolicy(input.policy, "policy");
  if (!policy.ok) {
    throw policy.error;
  }
  const currentVersion = current?.version ?? 0;
  if (input.expectedVersion !== currentVersion) {
    throw new ConflictError(
      `Someone saved the settings first (version ${currentVersion}); reload them and make your change again.`,
    );
  }
  const actor = `agent:${agent.id}`;
  const saved = await saveSettingsVersion(
    db,
    installation.id,
    {
      policy: input.policy,
      brandVoice: input.brandVoice as Record<string, unknown>,
      modes: input.modes as Record<string, string>,
      leadRoles: input.leadRoles,
      changedBy: actor,
      reason: input.reason ?? null,
    },
    input.expectedVersion,
  );
  if (!saved) {
    throw new ConflictError(
      "Someone saved the settings at the same moment; reload them and make your change again.",
    );
  }

  const previousLimits = await findAutopilotLimits(db, installation.id);
  const limitsBefore = previousLimits
    ? { dailyAmount: previousLimits.dailyAmount, dailyCount: previousLimits.dailyCount }
    : DEFAULT_AUTOPILOT_LIMITS;
  const limitsChanged =
    input.autopilotLimits !== undefined &&
    JSON.stringify(input.autopilotLimits) !== JSON.stringify(limitsBefore);
  if (input.autopilotLimits && limitsChanged) {
    await saveAutopilotLimits(db, installation.id, { ...input.autopilotLimits, changedBy: actor });
  }

  await appendAuditEvent(db, installation.id, {
    actor,
    type: "settings.changed",
    data: {
      version: saved.version,
      previousVersion: currentVersion,
      reason: input.reason ?? null,
      policyKeys: changedKeys(current?.policy ?? {}, input.policy),
      brandVoiceKeys: changedKeys(
        brandVoiceOf(current?.brandVoice) as unknown as Record<string, unknown>,
        brandVoiceOf(input.brandVoice as Record<string, unknown>) as unknown as Record<
          string,
          unknown
        >,
      ),
      modes: Intent.options
        .map((intent) => ({
          intent,
          from: modeOf(current, intent),
          to: input.modes[intent] ?? DEFAULT_MODE,
        }))
        .filter((change) => change.from !== change.to),
      leadRoles:
        JSON.stringify(leadRolesOf(current)) === JSON.stringify(input.leadRoles)
          ? null
          : { from: leadRolesOf(current), to: input.leadRoles },
      autopilotLimits: limitsChanged ? { from: limitsBefore, to: input.autopilotLimits } : null,
      policy: { from: current?.policy ?? {}, to: input.policy },
    },
  });
  return { version: saved.version };
}
