import type { Installation, SettingsVersion } from "@countersign/db";
import { ForbiddenError } from "@countersign/shared";
import type { Agent, Deps } from "../deps";
import { leadRolesOf } from "./modes";

/** The agent's helpdesk role, and whether it is one of the roles the team maps to lead. */
export async function roleOf(
  deps: Deps,
  installation: Installation,
  agent: Agent,
  settings: SettingsVersion | null,
): Promise<{ role: string; isLead: boolean }> {
  const role = await deps.helpdeskFor(installation).getAgentRole(agent.id);
  return { role, isLead: leadRolesOf(settings).includes(role) };
}

/** Settings and examples are the founder's and the leads' to change. */
export async function requireLead(
  deps: Deps,
  installation: Installation,
  agent: Agent,
  settings: SettingsVersion | null,
): Promise<void> {
  const { role, isLead } = await roleOf(deps, installation, agent, settings);
  if (!isLead) {
    throw new ForbiddenError(
      `Only a lead (${leadRolesOf(settings).join(" or ")}) can change Countersign's settings; your role is ${role}.`,
    );
  }
}
