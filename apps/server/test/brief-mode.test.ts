import { saveSettingsVersion } from "@countersign/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, signedRequest } from "./harness";

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness(undefined, { demo: true });
});

afterAll(async () => {
  await harness.close();
});

async function readyView(ticketId: number): Promise<{ mode: string; brief: unknown }> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const response = await signedRequest(harness, `/api/tickets/${ticketId}/brief`);
    const view = (await response.json()) as { status: string; mode: string; brief: unknown };
    if (view.status === "ready") {
      return view;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`brief for ${ticketId} never became ready`);
}

describe("the brief names the mode its intent runs in", () => {
  it("is approve by default, and follows the founder's settings", async () => {
    expect((await readyView(101)).mode).toBe("approve");
    await saveSettingsVersion(
      harness.deps.database.db,
      harness.installation.id,
      {
        policy: {},
        brandVoice: {},
        modes: { order_status: "shadow", return: "autopilot" },
        leadRoles: ["admin"],
        changedBy: "agent:1",
      },
      0,
    );
    // A settings change makes the stored brief stale: the next read prepares it again.
    expect((await readyView(101)).mode).toBe("shadow");
    expect((await readyView(103)).mode).toBe("autopilot");
    expect((await readyView(104)).mode).toBe("approve");
  });
});
