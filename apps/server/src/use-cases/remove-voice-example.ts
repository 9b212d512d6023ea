import {
  appendAuditEvent,
  findCurrentSettings,
  type Installation,
  removeVoiceExample as removeExample,
} from "@countersign/db";
import { NotFoundError } from "@countersign/shared";
import { requireLead } from "../autonomy/lead";
import type { Agent, Deps } from "../deps";

/** Stops using a learnt example for drafts (leads only); audited. */
export async function removeVoiceExample({
  deps,
  input,
}: {
  deps: Deps;
  input: { installation: Installation; agent: Agent; exampleId: string };
}): Promise<void> {
  const db = deps.database.db;
  const settings = await findCurrentSettings(db, input.installation.id);
  await requireLead(deps, input.installation, input.agent, settings);
  const actor = `agent:${input.agent.id}`;
  const removed = await removeExample(db, input.installation.id, input.exampleId, actor);
  if (!removed) {
    throw new NotFoundError("No such example in use.");
  }
  await appendAuditEvent(db, input.installation.id, {
    actor,
    type: "voice_example.removed",
    data: { exampleId: input.exampleId },
  });
}
