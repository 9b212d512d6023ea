import type { BrandVoice } from "@countersign/assistant";
import {
  addVoiceExample,
  appendAuditEvent,
  type Installation,
  listVoiceExamples,
  type SettingsVersion,
  type VoiceExample,
} from "@countersign/db";
import type { Agent, Deps } from "../deps";
import { AUTOPILOT_AGENT } from "./breaker";
import { roleOf } from "./lead";

/** Examples a draft is given: the founder's own first, then these learnt ones. */
export const EXAMPLES_PER_DRAFT = 3;
/** Only the most recent examples of an intent are considered. */
const RECENT_EXAMPLES = 20;

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []);
}

/** Word overlap (Jaccard) between two texts, 0..1. */
export function similarity(a: string, b: string): number {
  const left = words(a);
  const right = words(b);
  if (left.size === 0 || right.size === 0) {
    return 0;
  }
  let shared = 0;
  for (const word of left) {
    shared += right.has(word) ? 1 : 0;
  }
  return shared / (left.size + right.size - shared);
}

/**
 * The examples for one draft: among the intent's most recent (newest first), the ones most
 * alike to what the customer wrote; ties keep the newer first.
 */
export function pickExamples(examples: VoiceExample[], customerText: string): string[] {
  return examples
    .slice(0, RECENT_EXAMPLES)
    .map((example, index) => ({ example, index, score: similarity(example.text, customerText) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, EXAMPLES_PER_DRAFT)
    .map(({ example }) => example.text);
}

/** The brand voice with the intent's learnt examples added after the founder's own. */
export async function voiceWithExamples(
  deps: Deps,
  installation: Installation,
  voice: BrandVoice,
  intent: string,
  customerText: string,
): Promise<BrandVoice> {
  const examples = await listVoiceExamples(deps.database.db, installation.id, {
    intent,
    limit: RECENT_EXAMPLES,
  });
  const learnt = pickExamples(examples, customerText);
  return learnt.length === 0
    ? voice
    : { ...voice, exampleReplies: [...voice.exampleReplies, ...learnt] };
}

/**
 * A reply a lead edited and approved becomes an example for the intent's later drafts. Never
 * fails the approval it follows: the action already ran.
 */
export async function learnFromEdit(
  deps: Deps,
  input: {
    installation: Installation;
    agent: Agent;
    settings: SettingsVersion | null;
    draftId: string;
    intent: string;
    proposed: string;
    sent: string;
  },
): Promise<void> {
  if (input.agent.id === AUTOPILOT_AGENT.id || input.proposed.trim() === input.sent.trim()) {
    return;
  }
  try {
    const { isLead } = await roleOf(deps, input.installation, input.agent, input.settings);
    if (!isLead) {
      return;
    }
    const db = deps.database.db;
    const example = await addVoiceExample(db, input.installation.id, {
      draftId: input.draftId,
      intent: input.intent,
      text: input.sent,
      addedBy: `agent:${input.agent.id}`,
    });
    await appendAuditEvent(db, input.installation.id, {
      actor: `agent:${input.agent.id}`,
      type: "voice_example.added",
      data: { exampleId: example.id, draftId: input.draftId, intent: input.intent },
    });
  } catch (error) {
    deps.logger.error("could not keep the edited reply as a voice example", {
      installationId: input.installation.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
