import type { Decision } from "@countersign/policy";
import { describe, expect, it } from "vitest";
import type { Drafter, DraftInput } from "../draft-types";
import { checkFacts } from "../fact-check";

const ACTIONS: Decision["action"][] = [
  "reply",
  "refund",
  "return",
  "replace",
  "exchange",
  "store_credit",
  "update_address",
  "cancel",
  "decline",
  "escalate",
];

/**
 * The battery every Drafter must pass: a non-empty reply for every action, and a fact check
 * that is the real one for the text returned (so the sidebar can trust its highlights).
 */
export function drafterContract(
  name: string,
  create: () => Drafter,
  inputFor: (action: Decision["action"]) => DraftInput,
): void {
  describe(`Drafter contract: ${name}`, () => {
    it.each(ACTIONS)("drafts a checked reply for %s", async (action) => {
      const input = inputFor(action);
      const draft = await create().draft(input);
      expect(draft.text.trim()).not.toBe("");
      expect(["claude", "offline"]).toContain(draft.source);
      expect(draft.factCheck).toEqual(checkFacts(draft.text, input));
      expect(draft.factCheck.ok).toBe(draft.factCheck.problems.length === 0);
    });
  });
}
