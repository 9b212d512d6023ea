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
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
}

async function prepareAndApprove(ticketId: number, edit: (text: string) => string) {
  const prepared = await prepareBrief({
    deps: harness.deps,
    input: { installation: harness.installation, ticketId },
  });
  const response = await authed(`/api/tickets/${ticketId}/approve`, {
    method: "POST",
    body: JSON.stringify({
      draftId: prepared.brief.draft.id,
      text: edit(prepared.brief.draft.text),
      idempotencyKey: `metrics-${prepared.brief.draft.id}`,
    }),
  });
  expect(response.status).toBe(200);
}

interface Period {
  period: string;
  tickets: number;
  escalationRate: number;
  escalationAccuracy: number;
  autonomousResolutionRate: number;
  firstResponseMedianSeconds: number | null;
  categories: Record<
    string,
    { approved: number; approvedWithoutEdits: number; meanEditDistance: number | null }
  >;
}

describe("metrics endpoint", () => {
  it("reads the week's approvals, edits and escalations from what happened", async () => {
    const postscript = "\n\nP.S. Thanks for shopping with us.";
    await prepareAndApprove(103, (text) => `${text}${postscript}`);
    await prepareAndApprove(101, (text) => text);
    await prepareBrief({
      deps: harness.deps,
      input: { installation: harness.installation, ticketId: 106 },
    });

    const response = await authed("/api/metrics?period=week");
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      periods: Period[];
      definitions: Record<string, string>;
    };
    expect(report.periods).toHaveLength(1);
    const [week] = report.periods;
    expect(week).toMatchObject({
      period: "2026-11-16",
      tickets: 3,
      autonomousResolutionRate: 0,
      escalationRate: 1 / 3,
      escalationAccuracy: 1,
    });
    expect(week?.categories.return).toMatchObject({
      approved: 1,
      approvedWithoutEdits: 0,
      meanEditDistance: postscript.length,
    });
    expect(week?.categories.order_status).toMatchObject({
      approved: 1,
      approvedWithoutEdits: 1,
      meanEditDistance: 0,
    });
    expect(week?.firstResponseMedianSeconds).toBeGreaterThanOrEqual(0);
    expect(report.definitions.escalationAccuracy).toContain("escalated");
  });

  it("rejects an unknown period", async () => {
    expect((await authed("/api/metrics?period=month")).status).toBe(400);
  });
});
