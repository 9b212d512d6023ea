import type { Installation, SettingsVersion } from "@countersign/db";
import { ForbiddenError } from "@countersign/shared";
import type { Agent, Deps } from "../deps";
import { type EffectiveLeadRoles, effectiveLeadRoles, whereSet } from "./lead-roles";

/**
 * The agent's helpdesk role, the lead roles in force (see `effectiveLeadRoles`), and whether
 * the role is one of them. Both are read by the server, never taken from the browser.
 */
export async function roleOf(
  deps: Deps,
  installation: Installation,
  agent: Agent,
  settings: SettingsVersion | null,
): Promise<{ role: string; isLead: boolean; leadRoles: EffectiveLeadRoles }> {
  const [role, leadRoles] = await Promise.all([
    deps.helpdeskFor(installation).getAgentRole(agent.id),
    effectiveLeadRoles(deps, installation, settings),
  ]);
  // Role names are compared as people write them: "Team Lead" in Zendesk is "team lead" here.
  const wanted = role.trim().toLowerCase();
  const isLead = leadRoles.roles.some((lead) => lead.trim().toLowerCase() === wanted);
  return { role, isLead, leadRoles };
}

/** Settings and examples are the founder's and the leads' to change. */
export async function requireLead(
  deps: Deps,
  installation: Installation,
  agent: Agent,
  settings: SettingsVersion | null,
): Promise<void> {
  const { role, isLead, leadRoles } = await roleOf(deps, installation, agent, settings);
  if (!isLead) {
    throw new ForbiddenError(
      `Only a lead (${leadRoles.roles.join(" or ")}, ${whereSet(leadRoles)}) can change Countersign's settings; your role is ${role}.`,
    );
  }
}
