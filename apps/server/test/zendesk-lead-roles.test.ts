import {
  type DatabaseHandle,
  ensureInstallation,
  newId,
  saveSettingsVersion,
} from "@countersign/db";
import { openTestDatabase } from "@countersign/db/testing";
import { createZendeskHelpdesk, type HelpdeskClient } from "@countersign/helpdesk";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import {
  approveRequest,
  createHarness,
  type Harness,
  readyBrief,
  secret,
  signedRequest,
} from "./harness";

/** The harness's public URL: the Backend URL an admin enters when installing the app. */
const backendUrl = "http://localhost:3000";

const users: Record<
  string,
  { id: number; name: string; email: string; role: string; custom_role_id?: number }
> = {
  "1": { id: 1, name: "Alex Rivera", email: "alex@example.com", role: "admin" },
  "2": { id: 2, name: "Sam Lee", email: "sam@example.com", role: "agent" },
  // A Suite account's agent with the "Team Lead" role (custom_role_id names it).
  "3": { id: 3, name: "Jo Park", email: "jo@example.com", role: "agent", custom_role_id: 360001 },
};

/**
 * One installation as Zendesk's List App Installations documents it
 * (https://developer.zendesk.com/api-reference/ticketing/apps/apps/#list-app-installations).
 */
function appInstallation(id: number, settings: Record<string, unknown>) {
  return {
    app_id: 218618,
    collapsible: true,
    created_at: "2026-06-11T06:12:48Z",
    enabled: true,
    group_restrictions: [],
    id,
    pending_installation: false,
    product: "support",
    role_restrictions: null,
    servable: true,
    settings,
    settings_objects: Object.entries(settings).map(([name, value]) => ({ name, value })),
    updated_at: "2026-06-11T06:12:48Z",
  };
}

const server = setupServer();
let database: DatabaseHandle;
const opened: Harness[] = [];

beforeAll(async () => {
  server.listen({ onUnhandledFrame: "error" });
  database = await openTestDatabase();
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  for (const harness of opened) {
    await harness.close();
  }
  await database.close();
});

interface ZendeskAccount {
  harness: Harness;
  /** How many times the server read the app installations. */
  reads: () => number;
}

/**
 * The harness as a Zendesk account: tickets and the store as in the demo, while the agent's
 * role and the installed app's settings come from Zendesk's REST API (mocked with msw).
 */
async function zendeskAccount(
  apps: () => Response | Promise<Response>,
  countersignLeadRoles: string[] | null,
): Promise<ZendeskAccount> {
  const base = await createHarness(database, { demo: true });
  opened.push(base);
  const subdomain = `acme-${newId("z").slice(2)}`;
  const installation = await ensureInstallation(database.db, {
    helpdesk: "zendesk",
    subdomain,
    shopDomain: `${subdomain}.myshopify.com`,
    secretRef: "env:ZENDESK_SHARED_SECRET",
  });
  if (countersignLeadRoles) {
    await saveSettingsVersion(
      database.db,
      installation.id,
      {
        policy: {},
        brandVoice: {},
        modes: {},
        leadRoles: countersignLeadRoles,
        changedBy: "agent:1",
      },
      0,
    );
  }
  const zendeskBase = `https://${subdomain}.zendesk.com`;
  let reads = 0;
  server.use(
    http.get(`${zendeskBase}/api/v2/users/:id.json`, ({ params }) => {
      const user = users[String(params.id)];
      return user
        ? HttpResponse.json({ user: { ...user, active: true, suspended: false } })
        : HttpResponse.json({ error: "RecordNotFound" }, { status: 404 });
    }),
    http.get(`${zendeskBase}/api/v2/custom_roles/:id.json`, ({ params }) =>
      Number(params.id) === 360001
        ? HttpResponse.json({ custom_role: { id: 360001, name: "Team Lead", role_type: 0 } })
        : HttpResponse.json({ error: "RecordNotFound" }, { status: 404 }),
    ),
    http.get(`${zendeskBase}/api/v2/apps/installations.json`, () => {
      reads += 1;
      return apps();
    }),
  );
  const zendesk = createZendeskHelpdesk({
    subdomain,
    email: "ops@acme.test",
    apiToken: "token",
    retry: { sleep: async () => {} },
  });
  const helpdesk: HelpdeskClient = {
    ...base.helpdesk,
    getAgentRole: zendesk.getAgentRole,
    listAppInstallations: zendesk.listAppInstallations,
  };
  const app = createApp(
    {
      ...base.deps,
      helpdeskFor: () => helpdesk,
      secretFor: async (candidate) => (candidate.id === installation.id ? secret : null),
    },
    { rateLimits: { api: null, webhooks: null } },
  );
  return {
    harness: {
      ...base,
      app,
      installation,
      token: (claims = {}, options = {}) => base.token({ iss: subdomain, ...claims }, options),
    },
    reads: () => reads,
  };
}

function installedWith(settings: Record<string, unknown>) {
  return () =>
    HttpResponse.json({
      installations: [
        appInstallation(361234573552, {
          name: "Countersign",
          title: "Countersign",
          backend_url: backendUrl,
          escalation_group: "Tier 2",
          ...settings,
        }),
        appInstallation(361234573553, { name: "Bookmarks", title: "Bookmarks" }),
      ],
    });
}

interface SettingsView {
  leadRoles: string[];
  effectiveLeadRoles: { roles: string[]; source: string; summary: string };
  viewer: { role: string; canEdit: boolean };
}

async function settingsOf(harness: Harness, agent: string): Promise<SettingsView> {
  const response = await signedRequest(harness, "/api/settings", {}, agent);
  expect(response.status).toBe(200);
  return (await response.json()) as SettingsView;
}

describe("lead roles of a Zendesk installation", () => {
  it("matches an agent's custom role by name, in any case", async () => {
    const { harness } = await zendeskAccount(
      installedWith({ lead_roles: "admin, team lead" }),
      null,
    );
    const brief = await readyBrief(harness, 104);
    expect(brief.decision).toMatchObject({ action: "refund", approval: "lead" });
    const refused = await approveRequest(harness, 104, brief.draft.id, { agent: "2" });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/your role is agent/);
    const accepted = await approveRequest(harness, 104, brief.draft.id, { agent: "3" });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
  });

  it("lets a role listed only in the Zendesk app's lead_roles approve a lead-only refund", async () => {
    const { harness, reads } = await zendeskAccount(installedWith({ lead_roles: "admin, agent" }), [
      "admin",
    ]);
    const brief = await readyBrief(harness, 104);
    expect(brief.decision).toMatchObject({ action: "refund", approval: "lead" });

    const accepted = await approveRequest(harness, 104, brief.draft.id, { agent: "2" });
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { message: string }).message).toMatch(/^Refund of /);
    const order = await harness.commerce.getOrder(brief.order?.id ?? "");
    expect(order.view.refundedTotal).toBe(brief.decision.amount);

    const settings = await settingsOf(harness, "2");
    expect(settings.effectiveLeadRoles).toEqual({
      roles: ["admin", "agent"],
      source: "zendesk_app",
      summary: "Set in the Zendesk app's settings: admin, agent.",
    });
    expect(settings.leadRoles).toEqual(["admin"]);
    expect(settings.viewer).toEqual({ role: "agent", canEdit: true });
    // Read once, then kept for a minute.
    expect(reads()).toBe(1);
  });

  it("refuses an agent whose role the Zendesk app does not list, naming the roles", async () => {
    // Countersign's own settings would let an agent approve; the Zendesk app's setting wins.
    const { harness } = await zendeskAccount(installedWith({ lead_roles: "Admin, lead" }), [
      "admin",
      "agent",
    ]);
    const brief = await readyBrief(harness, 104);
    expect(brief.decision.approval).toBe("lead");

    const refused = await approveRequest(harness, 104, brief.draft.id, { agent: "2" });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toContain(
      "needs a lead to approve (admin or lead, set in the Zendesk app's settings); your role is agent.",
    );
    const untouched = await harness.commerce.getOrder(brief.order?.id ?? "");
    expect(untouched.view.refundedTotal).toBe(0);

    const saved = await signedRequest(
      harness,
      "/api/settings",
      {
        method: "PUT",
        body: JSON.stringify({
          expectedVersion: 1,
          policy: {},
          brandVoice: {},
          modes: {},
          leadRoles: ["agent"],
        }),
      },
      "2",
    );
    expect(saved.status).toBe(403);
    expect(((await saved.json()) as { detail: string }).detail).toContain("admin or lead");

    const accepted = await approveRequest(harness, 104, brief.draft.id, { agent: "1" });
    expect(accepted.status).toBe(200);
  });

  it("falls back to Countersign's settings when the app's settings cannot be read", async () => {
    const { harness, reads } = await zendeskAccount(() => HttpResponse.error(), ["admin", "agent"]);
    const brief = await readyBrief(harness, 104);

    const accepted = await approveRequest(harness, 104, brief.draft.id, { agent: "2" });
    expect(accepted.status).toBe(200);
    // Retried as a read, then given up on for a while instead of on every approval.
    expect(reads()).toBe(4);

    const settings = await settingsOf(harness, "2");
    expect(settings.effectiveLeadRoles).toEqual({
      roles: ["admin", "agent"],
      source: "countersign",
      summary:
        "The Zendesk app's settings could not be read just now. Countersign's settings apply: admin, agent.",
    });
    expect(reads()).toBe(4);
    expect(
      harness.logs.some((line) =>
        line.includes("lead roles: the Zendesk app's settings could not be read"),
      ),
    ).toBe(true);
  });

  it.each([
    [
      "the app's Lead roles setting is empty",
      installedWith({ lead_roles: " , " }),
      "The Zendesk app's Lead roles setting is empty. Countersign's default applies: admin.",
    ],
    [
      "no installed app points at this server",
      installedWith({ backend_url: "https://elsewhere.example.com", lead_roles: "agent" }),
      "No enabled Countersign app in Zendesk has this server (http://localhost:3000) as its Backend URL. Countersign's default applies: admin.",
    ],
  ])("uses Countersign's roles when %s", async (_case, apps, summary) => {
    const { harness } = await zendeskAccount(apps, null);
    const settings = await settingsOf(harness, "2");
    expect(settings.effectiveLeadRoles).toEqual({ roles: ["admin"], source: "default", summary });
    expect(settings.viewer).toEqual({ role: "agent", canEdit: false });
  });
});
