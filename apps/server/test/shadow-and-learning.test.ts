import type { VoiceExample } from "@countersign/db";
import { listAuditEvents, saveSettingsVersion } from "@countersign/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pickExamples, voiceWithExamples } from "../src/autonomy/voice-examples";
import { DEFAULT_BRAND_VOICE } from "../src/brief/draft-input";
import { compareShadow, replyStatesDecision } from "../src/use-cases/compare-shadow";
import { prepareBrief } from "../src/use-cases/prepare-brief";
import { createHarness, type Harness } from "./harness";

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness(undefined, { demo: true });
  await saveSettingsVersion(
    harness.deps.database.db,
    harness.installation.id,
    {
      policy: {},
      brandVoice: {},
      modes: { order_status: "shadow", product_question: "shadow" },
      leadRoles: ["admin"],
      changedBy: "agent:1",
    },
    0,
  );
});

afterAll(async () => {
  await harness.close();
});

async function authed(path: string, init: RequestInit = {}, agent = "1") {
  const token = await harness.token({ sub: agent, jti: crypto.randomUUID() });
  return harness.app.request(path, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
}

async function prepare(ticketId: number) {
  return prepareBrief({
    deps: harness.deps,
    input: { installation: harness.installation, ticketId },
  });
}

async function approve(ticketId: number, draftId: string, text: string, agent = "1") {
  return authed(
    `/api/tickets/${ticketId}/approve`,
    {
      method: "POST",
      body: JSON.stringify({ draftId, text, idempotencyKey: `learn-${draftId}` }),
    },
    agent,
  );
}

describe("shadow mode", () => {
  it("never acts: approving a shadow category is refused", async () => {
    const prepared = await prepare(101);
    const response = await approve(101, prepared.brief.draft.id, prepared.brief.draft.text);
    expect(response.status).toBe(409);
    expect(((await response.json()) as { detail: string }).detail).toContain("shadow mode");
  });

  it("compares the agent's own reply with the draft, once", async () => {
    const prepared = await prepare(101);
    const input = { installation: harness.installation, ticketId: 101 };
    expect(await compareShadow({ deps: harness.deps, input })).toBeNull();

    await harness.helpdesk.postReply(101, `${prepared.brief.draft.text} Thanks!`);
    const comparison = await compareShadow({ deps: harness.deps, input });
    expect(comparison).toMatchObject({
      draftId: prepared.brief.draft.id,
      intent: "order_status",
      editDistance: " Thanks!".length,
      draftMatched: true,
      decisionMatched: true,
      matched: true,
    });
    expect(await compareShadow({ deps: harness.deps, input })).toBeNull();
  });

  it("counts a reply unlike the draft as a disagreement, and reports agreement with its numbers", async () => {
    await prepare(118);
    await harness.helpdesk.postReply(118, "We do offer trade pricing; a colleague will email you.");
    const comparison = await compareShadow({
      deps: harness.deps,
      input: { installation: harness.installation, ticketId: 118 },
    });
    expect(comparison?.matched).toBe(false);

    const response = await authed("/api/metrics?period=week");
    const report = (await response.json()) as {
      autopilotSuggestions: { intent: string; compared: number; matched: number; why: string }[];
    };
    expect(report.autopilotSuggestions).toEqual([
      {
        intent: "order_status",
        compared: 1,
        matched: 1,
        agreement: 1,
        suggested: false,
        why: "only 1 shadow tickets compared (100% matched); 20 are needed",
      },
      {
        intent: "product_question",
        compared: 1,
        matched: 0,
        agreement: 0,
        suggested: false,
        why: "only 1 shadow tickets compared (0% matched); 20 are needed",
      },
    ]);
  });

  it("leaves tickets outside shadow mode alone", async () => {
    await prepare(103);
    await harness.helpdesk.postReply(103, "Here is your return label.");
    expect(
      await compareShadow({
        deps: harness.deps,
        input: { installation: harness.installation, ticketId: 103 },
      }),
    ).toBeNull();
  });
});

describe("learning from edits", () => {
  it("keeps a lead's edited approval as an example, shows it in settings, and lets a lead remove it", async () => {
    const prepared = await prepare(113);
    const edited = `${prepared.brief.draft.text}\n\nWe'll email the prepaid label within the hour.`;
    expect((await approve(113, prepared.brief.draft.id, edited)).status).toBe(200);

    const settings = (await (await authed("/api/settings")).json()) as {
      voiceExamples: { id: string; intent: string; text: string }[];
    };
    expect(settings.voiceExamples).toHaveLength(1);
    expect(settings.voiceExamples[0]).toMatchObject({ intent: "return", text: edited });

    const voice = await voiceWithExamples(
      harness.deps,
      harness.installation,
      DEFAULT_BRAND_VOICE,
      "return",
      "I want to return my shirt",
    );
    expect(voice.exampleReplies).toEqual([edited]);
    const other = await voiceWithExamples(
      harness.deps,
      harness.installation,
      DEFAULT_BRAND_VOICE,
      "refund",
      "refund please",
    );
    expect(other.exampleReplies).toEqual([]);

    const id = settings.voiceExamples[0]?.id ?? "";
    expect(
      (await authed(`/api/settings/voice-examples/${id}`, { method: "DELETE" }, "2")).status,
    ).toBe(403);
    expect((await authed(`/api/settings/voice-examples/${id}`, { method: "DELETE" })).status).toBe(
      200,
    );
    const after = (await (await authed("/api/settings")).json()) as { voiceExamples: unknown[] };
    expect(after.voiceExamples).toEqual([]);
    const events = await listAuditEvents(harness.deps.database.db, harness.installation.id);
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(["voice_example.added", "voice_example.removed"]),
    );
  });

  it("does not learn from a plain agent's edit, nor from an unedited approval", async () => {
    const first = await prepare(116);
    expect(
      (await approve(116, first.brief.draft.id, `${first.brief.draft.text} Cheers.`, "2")).status,
    ).toBe(200);
    const second = await prepare(109);
    const response = await approve(109, second.brief.draft.id, second.brief.draft.text);
    expect(response.status).toBe(200);
    const settings = (await (await authed("/api/settings")).json()) as { voiceExamples: unknown[] };
    expect(settings.voiceExamples).toEqual([]);
  });
});

describe("picking examples", () => {
  function example(id: string, text: string): VoiceExample {
    return {
      id,
      installationId: "inst",
      draftId: null,
      intent: "return",
      text,
      addedBy: "agent:1",
      removedBy: null,
      createdAt: new Date("2026-11-20T00:00:00Z"),
    };
  }

  it("puts the most similar of the recent examples first, newer first on a tie, three at most", () => {
    const newestFirst = [
      example("5", "Thanks for your order, we ship daily."),
      example("4", "Your shirt return is approved: print the return label."),
      example("3", "Happy to help with sizing."),
      example("2", "The return label for your shirt is attached."),
      example("1", "Thanks for your order, we ship daily too."),
    ];
    expect(pickExamples(newestFirst, "How do I return this shirt? Need a label")).toEqual([
      "Your shirt return is approved: print the return label.",
      "The return label for your shirt is attached.",
      "Thanks for your order, we ship daily.",
    ]);
  });
});

describe("whether the agent's reply states the prepared decision", () => {
  const decision = (action: string, amount: number | null) =>
    ({ action, amount }) as Parameters<typeof replyStatesDecision>[0];

  it.each([
    ["refund", 60, "Your refund of $60.00 is on its way.", true],
    ["refund", 60, "Your refund of $45.00 is on its way.", false],
    ["refund", 1250, "We refunded $1,250.00 today.", true],
    ["return", 60, "Here is your return label; we refund $60.00 once it arrives.", true],
    ["return", 60, "We will send you a replacement right away, $60.00 value.", false],
    ["decline", null, "I'm sorry, this order is outside our 30-day window.", true],
    ["decline", null, "Of course, I've refunded you.", false],
    ["reply", null, "It is on its way.", true],
  ])("%s %s: %j → %s", (action, amount, reply, expected) => {
    expect(replyStatesDecision(decision(action, amount), reply)).toBe(expected);
  });
});
