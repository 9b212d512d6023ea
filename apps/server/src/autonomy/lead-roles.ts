import type { Installation, SettingsVersion } from "@countersign/db";
import type { HelpdeskAppInstallation, HelpdeskClient } from "@countersign/helpdesk";
import type { Deps } from "../deps";
import { DEFAULT_LEAD_ROLES } from "./modes";

/**
 * Where the lead roles in force come from: the Zendesk app's `lead_roles` setting (an admin
 * fills it in when installing the app), Countersign's own settings, or the default.
 */
export type LeadRolesSource = "zendesk_app" | "countersign" | "default";

export interface EffectiveLeadRoles {
  roles: string[];
  source: LeadRolesSource;
  /** One sentence for the settings page, e.g. "Set in the Zendesk app's settings: admin, lead." */
  summary: string;
}

/** How long a read of the Zendesk app's settings is used before it is read again. */
export const APP_SETTINGS_TTL_MS = 60_000;
/** After a failed read, how long Countersign's settings stand in before Zendesk is asked again. */
const FAILED_READ_TTL_MS = 10_000;

type AppLeadRoles =
  /** `roles` is null when no installation pointing here sets any. */
  | { kind: "read"; roles: string[] | null; installations: number }
  | { kind: "not_installed" }
  | { kind: "ambiguous"; installations: number }
  | { kind: "unreadable" };

interface CacheEntry {
  expiresAt: number;
  value: Promise<AppLeadRoles>;
}

/** Per helpdesk client (one per Zendesk account), per installation: reads in flight are shared. */
const cache = new WeakMap<HelpdeskClient, Map<string, CacheEntry>>();

/** `"Admin, lead ,,"` → `["admin", "lead"]`: Zendesk names its roles in lower case. */
export function parseRoleList(value: unknown): string[] {
  if (typeof value !== "string") {
    return [];
  }
  const roles = value
    .split(",")
    .map((role) => role.trim().toLowerCase())
    .filter((role) => role.length > 0 && role.length <= 64);
  return [...new Set(roles)].slice(0, 20);
}

function originOf(url: unknown): string | null {
  if (typeof url !== "string") {
    return null;
  }
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The lead roles the installed Countersign apps set. Countersign's installations are the enabled
 * ones whose Backend URL is this server; when several set different roles, only the roles all
 * of them list count, so no installation grants more than the admin gave it.
 */
function appLeadRolesOf(
  installations: HelpdeskAppInstallation[],
  publicOrigin: string | null,
): AppLeadRoles {
  const ours = installations.filter(
    (candidate) =>
      candidate.enabled &&
      publicOrigin !== null &&
      originOf(candidate.settings.backend_url) === publicOrigin,
  );
  if (ours.length === 0) {
    return { kind: "not_installed" };
  }
  const lists = ours
    .map((candidate) => parseRoleList(candidate.settings.lead_roles))
    .filter((roles) => roles.length > 0);
  const [first, ...rest] = lists;
  if (!first) {
    return { kind: "read", roles: null, installations: ours.length };
  }
  const shared = first.filter((role) => rest.every((roles) => roles.includes(role)));
  if (shared.length === 0) {
    return { kind: "ambiguous", installations: ours.length };
  }
  return { kind: "read", roles: shared, installations: ours.length };
}

async function readAppLeadRoles(
  deps: Deps,
  installation: Installation,
  helpdesk: HelpdeskClient & Required<Pick<HelpdeskClient, "listAppInstallations">>,
): Promise<AppLeadRoles> {
  const publicOrigin = originOf(deps.config.publicUrl);
  try {
    const found = appLeadRolesOf(await helpdesk.listAppInstallations(), publicOrigin);
    if (found.kind === "not_installed" || found.kind === "ambiguous") {
      deps.logger.warn("lead roles: the Zendesk app's settings do not apply", {
        installationId: installation.id,
        reason: found.kind,
        backendUrl: publicOrigin,
      });
    }
    return found;
  } catch (error) {
    deps.logger.warn("lead roles: the Zendesk app's settings could not be read", {
      installationId: installation.id,
      error: error instanceof Error ? error.message : String(error),
    });
    return { kind: "unreadable" };
  }
}

function cachedAppLeadRoles(
  deps: Deps,
  installation: Installation,
  helpdesk: HelpdeskClient & Required<Pick<HelpdeskClient, "listAppInstallations">>,
): Promise<AppLeadRoles> {
  const now = deps.clock().getTime();
  let entries = cache.get(helpdesk);
  if (!entries) {
    entries = new Map();
    cache.set(helpdesk, entries);
  }
  const hit = entries.get(installation.id);
  if (hit && hit.expiresAt > now) {
    return hit.value;
  }
  const entry: CacheEntry = {
    expiresAt: now + APP_SETTINGS_TTL_MS,
    value: readAppLeadRoles(deps, installation, helpdesk).then((value) => {
      if (value.kind === "unreadable") {
        entry.expiresAt = Math.min(entry.expiresAt, now + FAILED_READ_TTL_MS);
      }
      return value;
    }),
  };
  entries.set(installation.id, entry);
  return entry.value;
}

/** Countersign's own list (the founder's settings page), else the default. */
function ownLeadRoles(settings: SettingsVersion | null): EffectiveLeadRoles {
  if (settings?.leadRoles && settings.leadRoles.length > 0) {
    return {
      roles: settings.leadRoles,
      source: "countersign",
      summary: `Set in Countersign's settings: ${settings.leadRoles.join(", ")}.`,
    };
  }
  return {
    roles: DEFAULT_LEAD_ROLES,
    source: "default",
    summary: `Countersign's default: ${DEFAULT_LEAD_ROLES.join(", ")}.`,
  };
}

function fallback(own: EffectiveLeadRoles, why: string): EffectiveLeadRoles {
  const applies =
    own.source === "countersign" ? "Countersign's settings apply" : "Countersign's default applies";
  return { ...own, summary: `${why} ${applies}: ${own.roles.join(", ")}.` };
}

/**
 * The lead roles in force, decided by the server alone (never from what the browser sends):
 * for a Zendesk installation, the Zendesk app's `lead_roles` setting when it names any role;
 * otherwise Countersign's settings; otherwise `admin`. The app's settings are read through the
 * Zendesk API with the server's credentials and kept for a minute; when they cannot be read,
 * Countersign's settings apply rather than approvals failing, and the summary says so.
 */
export async function effectiveLeadRoles(
  deps: Deps,
  installation: Installation,
  settings: SettingsVersion | null,
): Promise<EffectiveLeadRoles> {
  const own = ownLeadRoles(settings);
  if (installation.helpdesk !== "zendesk") {
    return own;
  }
  const helpdesk = deps.helpdeskFor(installation);
  if (!helpdesk.listAppInstallations) {
    return own;
  }
  const app = await cachedAppLeadRoles(
    deps,
    installation,
    helpdesk as HelpdeskClient & Required<Pick<HelpdeskClient, "listAppInstallations">>,
  );
  switch (app.kind) {
    case "read":
      if (app.roles) {
        return {
          roles: app.roles,
          source: "zendesk_app",
          summary:
            app.installations > 1
              ? `Set in the Zendesk app's settings (the roles all ${app.installations} installations list): ${app.roles.join(", ")}.`
              : `Set in the Zendesk app's settings: ${app.roles.join(", ")}.`,
        };
      }
      return fallback(own, "The Zendesk app's Lead roles setting is empty.");
    case "not_installed":
      return fallback(
        own,
        `No enabled Countersign app in Zendesk has this server (${originOf(deps.config.publicUrl) ?? deps.config.publicUrl}) as its Backend URL.`,
      );
    case "ambiguous":
      return fallback(
        own,
        `The ${app.installations} Countersign apps in Zendesk set lead roles with none in common.`,
      );
    case "unreadable":
      return fallback(own, "The Zendesk app's settings could not be read just now.");
  }
}

/** "set in the Zendesk app's settings", for messages that name the roles. */
export function whereSet(effective: EffectiveLeadRoles): string {
  switch (effective.source) {
    case "zendesk_app":
      return "set in the Zendesk app's settings";
    case "countersign":
      return "set in Countersign's settings";
    case "default":
      return "Countersign's default";
  }
}
