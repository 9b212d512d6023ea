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

describe("the approve link for a helpdesk without an iframe sidebar", () => {
  async function linkOf(query: string): Promise<string> {
    const response = await ask(query, integrationKey);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { approve_url?: string };
    expect(body.approve_url).toMatch(/^http:\/\/localhost:3000\/sidebar\/approve\.html#token=/);
    return String(body.approve_url).split("#token=")[1] ?? "";
  }

  function withLink(token: string, path: string, init: RequestInit = {}) {
    return app.request(path, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    });
  }

  it("links the assignee to the approve page once the brief is ready, and says why when unassigned", async () => {
    await prepareBrief({ deps, input: { installation: gorgias, ticketId: 103 } });
    await linkOf(`account=${gorgias.subdomain}&ticket_id=103&agent=2`);
    for (const agent of ["", "None"]) {
      const response = await ask(
        `account=${gorgias.subdomain}&ticket_id=103&agent=${agent}`,
        integrationKey,
      );
      const body = (await response.json()) as Record<string, unknown>;
      expect(body.approve_url).toBeNull();
      expect(body.approve_hint).toMatch(/Assign the ticket/);
    }
    await expectProblem(
      await ask(`account=${gorgias.subdomain}&ticket_id=103&agent=someone`, integrationKey),
      400,
    );
  });

  it("opens its own ticket's brief and approves it as the agent it was signed for", async () => {
    await prepareBrief({ deps, input: { installation: gorgias, ticketId: 104 } });
    const approve = async (token: string, draftId: string) =>
      withLink(token, "/api/tickets/104/approve", {
        method: "POST",
        body: JSON.stringify({
          draftId,
          text: "Your refund is on its way.",
          idempotencyKey: `link-${draftId}`,
        }),
      });
    // The refund needs a lead: a plain agent's link shows the brief but cannot approve it.
    const agentLink = await linkOf(`account=${gorgias.subdomain}&ticket_id=104&agent=2`);
    const view = (await (await withLink(agentLink, "/api/tickets/104/brief")).json()) as {
      status: string;
      brief: { draft: { id: string }; decision: { action: string; approval: string } };
    };
    expect(view.status).toBe("ready");
    expect(view.brief.decision).toMatchObject({ action: "refund", approval: "lead" });
    const refused = await approve(agentLink, view.brief.draft.id);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/needs a lead/);

    const leadLink = await linkOf(`account=${gorgias.subdomain}&ticket_id=104&agent=1`);
    const approved = await approve(leadLink, view.brief.draft.id);
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ state: "succeeded", replySent: true });
    const after = await harness.helpdesk.getTicket(104);
    expect(after.comments.some((comment) => comment.body === "Your refund is on its way.")).toBe(
      true,
    );
    const note = after.comments.find((comment) => comment.body.startsWith("Countersign:"));
    expect(note?.body).toMatch(/Approved by agent 1\./);
  });

  it("opens nothing else: another ticket, the settings, a GET approve", async () => {
    await prepareBrief({ deps, input: { installation: gorgias, ticketId: 103 } });
    const token = await linkOf(`account=${gorgias.subdomain}&ticket_id=103&agent=1`);
    await expectProblem(await withLink(token, "/api/tickets/101/brief"), 403);
    await expectProblem(await withLink(token, "/api/settings"), 403);
    await expectProblem(await withLink(token, "/api/tickets/103"), 403);
    await expectProblem(await withLink(token, "/api/tickets/103/brief", { method: "POST" }), 403);
  });

  it("refuses a tampered, foreign, expired or too long-lived link", async () => {
    const { sign } = await import("hono/jwt");
    const { signTicketLink, TICKET_LINK_AUDIENCE } = await import("../src/middleware/ticket-link");
    const claims = { account: gorgias.subdomain, ticketId: 103, agentId: "1" };
    const good = await signTicketLink(integrationKey, claims, deps.clock());
    const [header, payload, signature] = good.split(".");
    const tampered = `${header}.${Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(String(payload), "base64url").toString()),
        tkt: 101,
      }),
    ).toString("base64url")}.${signature}`;
    await expectProblem(await withLink(tampered, "/api/tickets/101/brief"), 401);
    const foreign = await signTicketLink(
      "the-other-accounts-key-0123456789abcdef",
      claims,
      deps.clock(),
    );
    await expectProblem(await withLink(foreign, "/api/tickets/103/brief"), 401);
    const expired = await signTicketLink(
      integrationKey,
      claims,
      new Date(deps.clock().getTime() - 73 * 3600 * 1000),
    );
    await expectProblem(await withLink(expired, "/api/tickets/103/brief"), 401);
    const iat = Math.floor(deps.clock().getTime() / 1000);
    const forever = await sign(
      {
        iss: gorgias.subdomain,
        aud: TICKET_LINK_AUDIENCE,
        sub: "1",
        tkt: 103,
        iat,
        exp: iat + 30 * 86400,
      },
      integrationKey,
      "HS256",
    );
    await expectProblem(await withLink(forever, "/api/tickets/103/brief"), 401);
    // Without the link audience, a Gorgias account's token is not a helpdesk proxy's token.
    const proxyStyle = await sign(
      { iss: gorgias.subdomain, sub: "1", iat, exp: iat + 60, jti: "x" },
      integrationKey,
      "HS256",
    );
    await expectProblem(await withLink(proxyStyle, "/api/tickets/103/brief"), 401);
    expect((await withLink(good, "/api/tickets/103/brief")).status).toBe(200);
  });
});

describe("a category in shadow mode", () => {
  beforeAll(async () => {
    const { saveSettingsVersion } = await import("@countersign/db");
    await saveSettingsVersion(
      deps.database.db,
      gorgias.id,
      {
        policy: {},
        brandVoice: {},
        modes: { order_status: "shadow" },
        leadRoles: ["admin"],
        changedBy: "agent:1",
      },
      0,
    );
    await prepareBrief({ deps, input: { installation: gorgias, ticketId: 101 } });
  });

  it("shows the triage but neither the decision, the draft nor an approve link", async () => {
    const response = await ask(
      `account=${gorgias.subdomain}&ticket_id=101&agent=1`,
      integrationKey,
    );
    expect(await response.json()).toMatchObject({
      status: "ready",
      intent: "order_status",
      message: expect.stringMatching(/^Shadow mode/),
      decision: null,
      draft: null,
      approve_url: null,
      approve_hint: null,
    });
  });

  it("measures the agent's answer when Gorgias calls on the new message", async () => {
    const { listAuditEvents } = await import("@countersign/db");
    const { startWorkers } = await import("../src/workers");
    const compared = async () =>
      (await listAuditEvents(deps.database.db, gorgias.id)).filter(
        (event) => event.type === "shadow.compared",
      );
    expect(await compared()).toHaveLength(0);
    await harness.helpdesk.postReply(101, "Your sweater ships tomorrow; tracking follows.");
    const workers = await startWorkers(deps, { outboxEveryMs: 60_000, reconcileEveryMs: 60_000 });
    await deps.queue.start();
    try {
      const response = await ask(
        `account=${gorgias.subdomain}&ticket_id=101&agent=1`,
        integrationKey,
      );
      expect(await response.json()).toMatchObject({ status: "ready" });
      await expect.poll(async () => (await compared()).length, { timeout: 10_000 }).toBe(1);
    } finally {
      await workers.stop();
      await deps.queue.stop();
    }
  });
});
