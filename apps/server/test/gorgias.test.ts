import { readFileSync } from "node:fs";
import { ensureInstallation, type Installation, newId } from "@countersign/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import type { Deps } from "../src/deps";
import { prepareBrief, prepareBriefOnce } from "../src/use-cases/prepare-brief";
import { createHarness, type Harness } from "./harness";

const integrationKey = "gorgias-integration-key-0123456789abcdef";

let harness: Harness;
let deps: Deps;
let app: ReturnType<typeof createApp>;
let gorgias: Installation;
let other: Installation;

beforeAll(async () => {
  harness = await createHarness(undefined, { demo: true });
  gorgias = await ensureInstallation(harness.deps.database.db, {
    helpdesk: "gorgias",
    subdomain: `acme-${newId("g").slice(2)}`,
    shopDomain: "northwind-threads.myshopify.com",
    secretRef: "env:GORGIAS_INTEGRATION_SECRET",
  });
  other = await ensureInstallation(harness.deps.database.db, {
    helpdesk: "gorgias",
    subdomain: `other-${newId("g").slice(2)}`,
    shopDomain: "other.myshopify.com",
    secretRef: "env:OTHER",
  });
  deps = {
    ...harness.deps,
    secretFor: async (installation) => {
      if (installation.id === gorgias.id) {
        return integrationKey;
      }
      if (installation.id === other.id) {
        return "the-other-accounts-key-0123456789abcdef";
      }
      return harness.deps.secretFor(installation);
    },
  };
  app = createApp(deps);
});

afterAll(async () => {
  await harness.close();
});

function ask(query: string, key?: string) {
  return app.request(`/integrations/gorgias/brief?${query}`, {
    headers: key === undefined ? {} : { "x-countersign-key": key },
  });
}

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
}

describe("GET /integrations/gorgias/brief", () => {
  it("refuses a request without the key, with a wrong key, or for another account's key", async () => {
    await expectProblem(await ask(`account=${gorgias.subdomain}&ticket_id=101`), 401);
    await expectProblem(await ask(`account=${gorgias.subdomain}&ticket_id=101`, "nope"), 401);
    await expectProblem(await ask(`account=${other.subdomain}&ticket_id=101`, integrationKey), 401);
    await expectProblem(await ask("account=no-such-account&ticket_id=101", integrationKey), 401);
    await expectProblem(await ask("ticket_id=101", integrationKey), 401);
  });

  it("answers a bad ticket id with a 400 problem", async () => {
    await expectProblem(
      await ask(`account=${gorgias.subdomain}&ticket_id=abc`, integrationKey),
      400,
    );
    await expectProblem(await ask(`account=${gorgias.subdomain}&ticket_id=0`, integrationKey), 400);
  });

  it("serves the prepared brief as flat JSON for the widget", async () => {
    await prepareBrief({ deps, input: { installation: gorgias, ticketId: 101 } });
    const response = await ask(`account=${gorgias.subdomain}&ticket_id=101`, integrationKey);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: "ready",
      ticket_id: 101,
      intent: "order_status",
      decision: { action: expect.any(String), tier: expect.any(Number) },
      draft: { text: expect.any(String), source: "offline" },
    });
    expect(String(body.approve_label)).toMatch(/^Approve/);
    expect((body.order as { name: string } | null)?.name).toMatch(/^#\d+/);
    // Every field the widget template shows is in the answer.
    const widget = JSON.parse(
      readFileSync(new URL("../../../manifest/gorgias/widget.json", import.meta.url), "utf8"),
    ) as { template: { widgets: { path: string; widgets: { path: string }[] }[] } };
    for (const card of widget.template.widgets) {
      const data = (card.path === "" ? body : body[card.path]) as Record<string, unknown>;
      for (const field of card.widgets) {
        expect(data, `${card.path}.${field.path}`).toHaveProperty(field.path);
      }
    }
  });

  it("starts preparing a brief it does not have yet", async () => {
    const response = await ask(`account=${gorgias.subdomain}&ticket_id=102`, integrationKey);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "preparing", ticket_id: 102 });
    // The same preparation the request started: let it finish before the database closes.
    await prepareBriefOnce(deps, { installation: gorgias, ticketId: 102 });
    const ready = await ask(`account=${gorgias.subdomain}&ticket_id=102`, integrationKey);
    expect(await ready.json()).toMatchObject({ status: "ready", ticket_id: 102 });
  });

  it("answers 404 for a ticket the account's helpdesk does not have", async () => {
    const response = await ask(`account=${gorgias.subdomain}&ticket_id=999999`, integrationKey);
    await expectProblem(response, 404);
  });
});
