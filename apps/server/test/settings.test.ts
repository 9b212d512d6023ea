import { listAuditEvents } from "@countersign/db";
import { parsePolicy } from "@countersign/policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareBrief } from "../src/use-cases/prepare-brief";
import { createHarness, type Harness } from "./harness";

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness(undefined, { demo: true });
});

afterAll(async () => {
  await harness.close();
});

async function authed(path: string, init: RequestInit = {}, agent = "1") {
  const token = await harness.token({ sub: agent, jti: crypto.randomUUID() });
  return harness.app.request(path, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      ...init.headers,
    },
  });
}

interface Settings {
  version: number;
  policy: Record<string, unknown>;
  effectivePolicy: { returnWindowDays: number; autoRefundLimit: number };
  policySchema: { properties: Record<string, unknown> };
  modes: Record<string, string>;
  leadRoles: string[];
  autopilotLimits: { dailyAmount: number; dailyCount: number };
  history: { version: number; changedBy: string; reason: string | null }[];
  viewer: { role: string; canEdit: boolean };
}

async function current(agent = "1"): Promise<Settings> {
  const response = await authed("/api/settings", {}, agent);
  expect(response.status).toBe(200);
  return (await response.json()) as Settings;
}

function saveBody(settings: Settings, changes: Record<string, unknown> = {}) {
  return JSON.stringify({
    expectedVersion: settings.version,
    policy: settings.policy,
    brandVoice: {},
    modes: settings.modes,
    leadRoles: settings.leadRoles,
    ...changes,
  });
}

describe("settings", () => {
  it("starts from the defaults, with every policy key in the schema", async () => {
    const settings = await current();
    expect(settings.version).toBe(0);
    expect(settings.effectivePolicy.returnWindowDays).toBe(30);
    for (const key of [
      "returnWindowDays",
      "returnWindowStartsAt",
      "autoRefundLimit",
      "agentRefundLimit",
      "finalSaleTags",
      "vip",
      "minConfidence",
      "frustrationMaxMessages",
      "damagedResolution",
      "cancelWindowHours",
      "lostParcelAfterDays",
    ]) {
      expect(Object.keys(settings.policySchema.properties)).toContain(key);
    }
    expect(settings.modes.return).toBe("approve");
    expect(settings.leadRoles).toEqual(["admin"]);
    expect(settings.viewer).toEqual({ role: "admin", canEdit: true });
    expect((await current("2")).viewer).toEqual({ role: "agent", canEdit: false });
  });

  it("refuses a plain agent", async () => {
    const settings = await current("2");
    const response = await authed(
      "/api/settings",
      { method: "PUT", body: saveBody(settings, { policy: { returnWindowDays: 14 } }) },
      "2",
    );
    expect(response.status).toBe(403);
    expect(((await response.json()) as { detail: string }).detail).toContain("lead");
  });

  it("rejects an invalid policy with the engine's message", async () => {
    const settings = await current();
    const invalid = { returnWindowDays: -3 };
    const engine = parsePolicy(invalid, "policy");
    expect(engine.ok).toBe(false);
    const response = await authed("/api/settings", {
      method: "PUT",
      body: saveBody(settings, { policy: invalid }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { detail: string; errors: { path: string }[] };
    expect(engine.ok ? "" : engine.error.message).toBe(problem.detail);
    expect(problem.errors[0]?.path).toBe("policy.returnWindowDays");
    expect((await current()).version).toBe(settings.version);
  });

  it("rejects an unknown mode", async () => {
    const settings = await current();
    const response = await authed("/api/settings", {
      method: "PUT",
      body: saveBody(settings, { modes: { return: "yolo" } }),
    });
    expect(response.status).toBe(400);
  });

  it("versions every save, audits it, and refuses a save over someone else's", async () => {
    const before = await current();
    const first = await authed("/api/settings", {
      method: "PUT",
      body: saveBody(before, {
        policy: { ...before.policy, returnWindowDays: 21 },
        modes: { ...before.modes, order_status: "autopilot" },
        autopilotLimits: { dailyAmount: 150, dailyCount: 5 },
        reason: "tighter window for the winter sale",
      }),
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ version: before.version + 1 });

    const stale = await authed("/api/settings", {
      method: "PUT",
      body: saveBody(before, { policy: { returnWindowDays: 45 } }),
    });
    expect(stale.status).toBe(409);

    const after = await current();
    expect(after.version).toBe(before.version + 1);
    expect(after.effectivePolicy.returnWindowDays).toBe(21);
    expect(after.modes.order_status).toBe("autopilot");
    expect(after.autopilotLimits).toEqual({ dailyAmount: 150, dailyCount: 5 });
    expect(after.history[0]).toMatchObject({
      version: after.version,
      changedBy: "agent:1",
      reason: "tighter window for the winter sale",
    });

    const events = await listAuditEvents(harness.deps.database.db, harness.installation.id);
    const changed = events.filter((event) => event.type === "settings.changed").at(-1);
    expect(changed?.actor).toBe("agent:1");
    expect(changed?.data).toMatchObject({
      version: after.version,
      policyKeys: ["returnWindowDays"],
      modes: [{ intent: "order_status", from: "approve", to: "autopilot" }],
      autopilotLimits: {
        from: { dailyAmount: 200, dailyCount: 10 },
        to: { dailyAmount: 150, dailyCount: 5 },
      },
      reason: "tighter window for the winter sale",
    });
  });
});

describe("policy replay", () => {
  it("shows which of the last 30 days' decisions a proposed policy changes", async () => {
    for (const ticketId of [101, 103, 113, 116]) {
      await prepareBrief({
        deps: harness.deps,
        input: { installation: harness.installation, ticketId },
      });
    }
    const settings = await current();
    const response = await authed("/api/settings/replay", {
      method: "POST",
      body: JSON.stringify({ policy: { ...settings.policy, autoRefundLimit: 100 } }),
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      cases: number;
      changed: number;
      changes: {
        ticketId: string;
        subject: string;
        before: { action: string; approval: string };
        after: { action: string; approval: string };
      }[];
    };
    expect(report.cases).toBe(4);
    const changed = Object.fromEntries(report.changes.map((change) => [change.ticketId, change]));
    // 103 (return $60.00), 113 (return $50.39) and 116 (refund $88.00) now need no click.
    expect(Object.keys(changed).sort()).toEqual(["103", "113", "116"]);
    expect(changed["116"]?.before).toMatchObject({ action: "refund", approval: "agent" });
    expect(changed["116"]?.after).toMatchObject({ action: "refund", approval: "none" });
    expect(changed["103"]?.subject).toBe("Return the linen shirt");
    expect(report.changed).toBe(3);
  });

  it("rejects an invalid proposal with the engine's message", async () => {
    const response = await authed("/api/settings/replay", {
      method: "POST",
      body: JSON.stringify({ policy: { returnWindowStartsAt: "whenever" } }),
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { detail: string };
    expect(problem.detail).toContain("policy.returnWindowStartsAt");
  });
});
