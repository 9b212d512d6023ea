import type { BrandVoice } from "@countersign/assistant";
import {
  findAutopilotLimits,
  findCurrentSettings,
  hasAuditEvent,
  type Installation,
  listSettingsVersions,
  listVoiceExamples,
} from "@countersign/db";
import {
  DEFAULT_POLICY,
  Intent,
  parsePolicy,
  policyJsonSchema,
  type ResolvedPolicy,
} from "@countersign/policy";
import { breakerState } from "../autonomy/breaker";
import { roleOf } from "../autonomy/lead";
import type { EffectiveLeadRoles } from "../autonomy/lead-roles";
import {
  type AutonomyMode,
  type AutopilotLimits,
  DEFAULT_AUTOPILOT_LIMITS,
  leadRolesOf,
  modeOf,
} from "../autonomy/modes";
import { brandVoiceOf } from "../brief/draft-input";
import type { Agent, Deps } from "../deps";

export interface SettingsView {
  version: number;
  /** The team's overrides as saved. */
  policy: Record<string, unknown>;
  /** The overrides merged over the defaults: what the engine decides with. */
  effectivePolicy: ResolvedPolicy;
  policySchema: typeof policyJsonSchema;
  brandVoice: BrandVoice;
  modes: Record<string, AutonomyMode>;
  /** Countersign's own lead roles, as the settings page saves them. */
  leadRoles: string[];
  /** The lead roles in force and where they are set (the Zendesk app's settings may win). */
  effectiveLeadRoles: EffectiveLeadRoles;
  autopilotLimits: AutopilotLimits;
  voiceExamples: { id: string; intent: string; text: string; addedBy: string; createdAt: string }[];
  history: { version: number; changedBy: string; reason: string | null; createdAt: string }[];
  viewer: { role: string; canEdit: boolean };
  /** Today's autopilot spending against the circuit breaker's limits. */
  autopilotToday: { day: string; count: number; spent: number; tripped: boolean };
}

/** The settings in force, with the policy's JSON Schema and whether the viewer may change them. */
export async function getSettings({
  deps,
  input,
}: {
  deps: Deps;
  input: { installation: Installation; agent: Agent };
}): Promise<SettingsView> {
  const db = deps.database.db;
  const { installation } = input;
  const [settings, limits, examples, versions] = await Promise.all([
    findCurrentSettings(db, installation.id),
    findAutopilotLimits(db, installation.id),
    listVoiceExamples(db, installation.id),
    listSettingsVersions(db, installation.id),
  ]);
  const effective = parsePolicy(settings?.policy ?? {});
  const breaker = await breakerState(deps, installation);
  const tripped = await hasAuditEvent(db, installation.id, {
    type: "autopilot.breaker_tripped",
    key: "day",
    value: breaker.day,
  });
  const { role, isLead, leadRoles } = await roleOf(deps, installation, input.agent, settings);
  const modes: Record<string, AutonomyMode> = {};
  for (const intent of Intent.options) {
    modes[intent] = modeOf(settings, intent);
  }
  return {
    version: settings?.version ?? 0,
    policy: settings?.policy ?? {},
    effectivePolicy: effective.ok ? effective.value : DEFAULT_POLICY,
    policySchema: policyJsonSchema,
    brandVoice: brandVoiceOf(settings?.brandVoice),
    modes,
    leadRoles: leadRolesOf(settings),
    effectiveLeadRoles: leadRoles,
    autopilotLimits: limits
      ? { dailyAmount: limits.dailyAmount, dailyCount: limits.dailyCount }
      : DEFAULT_AUTOPILOT_LIMITS,
    voiceExamples: examples.map((example) => ({
      id: example.id,
      intent: example.intent,
      text: example.text,
      addedBy: example.addedBy,
      createdAt: example.createdAt.toISOString(),
    })),
    history: versions.map((version) => ({
      version: version.version,
      changedBy: version.changedBy,
      reason: version.reason,
      createdAt: version.createdAt.toISOString(),
    })),
    viewer: { role, canEdit: isLead },
    autopilotToday: {
      day: breaker.day,
      count: breaker.count,
      spent: breaker.spentCents / 100,
      tripped,
    },
  };
}
