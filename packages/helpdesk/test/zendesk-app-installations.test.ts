import { RateLimitedError, UpstreamError } from "@countersign/shared";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createZendeskHelpdesk } from "../src/index";

const base = "https://acme.zendesk.com";

/**
 * One installation as Zendesk's List App Installations documents it
 * (https://developer.zendesk.com/api-reference/ticketing/apps/apps/#list-app-installations):
 * `settings` is a flat object, `settings_objects` the same as name/value pairs.
 */
function installation(
  id: number,
  appId: number,
  settings: Record<string, unknown>,
  enabled = true,
) {
  return {
    app_id: appId,
    collapsible: true,
    created_at: "2026-06-11T06:12:48Z",
    enabled,
    group_restrictions: [],
    has_incomplete_subscription: false,
    has_unpaid_subscription: null,
    id,
    paid: null,
    pending_installation: false,
    pending_job_id: null,
    plan_information: { name: null },
    product: "support",
    recurring_payment: false,
    redirect_path: "/support/apps/manage",
    role_restrictions: null,
    servable: true,
    settings,
    settings_objects: Object.entries(settings).map(([name, value]) => ({ name, value })),
    stripe_account: null,
    stripe_publishable_key: null,
    stripe_subscription_id: null,
    updated: "20260611061248",
    updated_at: "2026-06-11T06:12:48Z",
  };
}

const countersign = installation(361234573552, 218618, {
  name: "Countersign",
  title: "Countersign",
  backend_url: "https://api.acme.test",
  lead_roles: "admin, lead",
  escalation_group: "Tier 2",
});
const other = installation(361234573553, 12345, { name: "Bookmarks", title: "Bookmarks" }, false);

let authorizations: (string | null)[];
const server = setupServer(
  http.get(`${base}/api/v2/apps/installations.json`, ({ request }) => {
    authorizations.push(request.headers.get("authorization"));
    return HttpResponse.json({ installations: [countersign, other] });
  }),
);
const delays: number[] = [];
const helpdesk = () =>
  createZendeskHelpdesk({
    subdomain: "acme",
    email: "ops@acme.test",
    apiToken: "tok123",
    retry: {
      sleep: async (ms: number) => {
        delays.push(ms);
      },
    },
  });

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => {
  authorizations = [];
  delays.length = 0;
});

describe("Zendesk app installations", () => {
  it("lists every installation with its settings, authenticated with the API token", async () => {
    const found = await helpdesk().listAppInstallations();
    expect(found).toEqual([
      {
        id: 361234573552,
        appId: 218618,
        enabled: true,
        settings: {
          name: "Countersign",
          title: "Countersign",
          backend_url: "https://api.acme.test",
          lead_roles: "admin, lead",
          escalation_group: "Tier 2",
        },
      },
      {
        id: 361234573553,
        appId: 12345,
        enabled: false,
        settings: { name: "Bookmarks", title: "Bookmarks" },
      },
    ]);
    const basic = Buffer.from("ops@acme.test/token:tok123").toString("base64");
    expect(authorizations).toEqual([`Basic ${basic}`]);
  });

  it("waits as long as Retry-After asks on a 429, then reads", async () => {
    let throttled = 2;
    server.use(
      http.get(`${base}/api/v2/apps/installations.json`, () => {
        if (throttled > 0) {
          throttled -= 1;
          return HttpResponse.json(
            { error: "APIRateLimitExceeded" },
            { status: 429, headers: { "Retry-After": "3" } },
          );
        }
        return undefined;
      }),
    );
    const found = await helpdesk().listAppInstallations();
    expect(found.map((item) => item.id)).toEqual([361234573552, 361234573553]);
    expect(delays).toEqual([3000, 3000]);
  });

  it("hands a long rate limit to the caller instead of waiting it out", async () => {
    server.use(
      http.get(
        `${base}/api/v2/apps/installations.json`,
        () => new HttpResponse(null, { status: 429, headers: { "Retry-After": "600" } }),
      ),
    );
    const failure = await helpdesk()
      .listAppInstallations()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RateLimitedError);
    expect((failure as RateLimitedError).retryAfterMs).toBe(600_000);
    expect(delays).toEqual([]);
  });

  it("refuses an answer without the installations list", async () => {
    server.use(
      http.get(`${base}/api/v2/apps/installations.json`, () =>
        HttpResponse.json({ installation: countersign }),
      ),
    );
    await expect(helpdesk().listAppInstallations()).rejects.toBeInstanceOf(UpstreamError);
  });
});
