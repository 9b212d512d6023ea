import type { SettingsVersion } from "@countersign/db";
import { Intent } from "@countersign/policy";
import { z } from "zod";

/**
 * How far Countersign goes on its own for one intent: `off` (nothing prepared in advance),
 * `shadow` (prepared and measured, never acted on), `approve` (one click), `autopilot`
 * (acted on with no click where the decision's approval is `none`).
 */
export const AutonomyMode = z.enum(["off", "shadow", "approve", "autopilot"]);
export type AutonomyMode = z.infer<typeof AutonomyMode>;

export const AutonomyModes = z.partialRecord(Intent, AutonomyMode);
export type AutonomyModes = z.infer<typeof AutonomyModes>;

/** Every intent starts at one click. */
export const DEFAULT_MODE: AutonomyMode = "approve";

/** Lead roles until the founder maps their own (Zendesk admins). */
export const DEFAULT_LEAD_ROLES = ["admin"];

/** The breaker's limits until the founder sets their own. */
export const DEFAULT_AUTOPILOT_LIMITS = { dailyAmount: 200, dailyCount: 10 };

export const AutopilotLimits = z.strictObject({
  dailyAmount: z.number().nonnegative().finite(),
  dailyCount: z.number().int().nonnegative(),
});
export type AutopilotLimits = z.infer<typeof AutopilotLimits>;

export function modesOf(settings: SettingsVersion | null): AutonomyModes {
  const parsed = AutonomyModes.safeParse(settings?.modes ?? {});
  return parsed.success ? parsed.data : {};
}

export function modeOf(settings: SettingsVersion | null, intent: string): AutonomyMode {
  const parsedIntent = Intent.safeParse(intent);
  if (!parsedIntent.success) {
    return DEFAULT_MODE;
  }
  return modesOf(settings)[parsedIntent.data] ?? DEFAULT_MODE;
}

/**
 * Countersign's own lead roles (what the settings page saves). The roles in force may come from
 * the Zendesk app's settings instead: see `effectiveLeadRoles` in lead-roles.ts.
 */
export function leadRolesOf(settings: SettingsVersion | null): string[] {
  return settings?.leadRoles ?? DEFAULT_LEAD_ROLES;
}
