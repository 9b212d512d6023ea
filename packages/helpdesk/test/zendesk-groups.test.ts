import { NotFoundError } from "@countersign/shared";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createZendeskHelpdesk } from "../src/index";

const base = "https://acme.zendesk.com";
const updates: unknown[] = [];

const server = setupServer(
  http.get(`${base}/api/v2/groups.json`, ({ request }) => {
    const page = new URL(request.url).searchParams.get("page");
    return page === "2"
      ? HttpResponse.json({ groups: [{ id: 77, name: "Returns leads" }], next_page: null })
      : HttpResponse.json({
          groups: [{ id: 10, name: "Support" }],
          next_page: `${base}/api/v2/groups.json?page=2`,
        });
  }),
  http.put(`${base}/api/v2/tickets/:id.json`, async ({ request, params }) => {
    updates.push({ id: params.id, body: await request.json() });
    return HttpResponse.json({ ticket: { id: Number(params.id) } });
  }),
);

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => {
  updates.length = 0;
});
afterAll(() => server.close());

const helpdesk = createZendeskHelpdesk({ subdomain: "acme", email: "a@acme.test", apiToken: "t" });

describe("assigning a Zendesk group", () => {
  it("takes a group id as it is", async () => {
    await helpdesk.assignGroup?.(5, "42");
    expect(updates).toEqual([{ id: "5", body: { ticket: { group_id: 42 } } }]);
  });

  it("finds a group by name across pages, ignoring case", async () => {
    await helpdesk.assignGroup?.(5, "returns LEADS");
    expect(updates).toEqual([{ id: "5", body: { ticket: { group_id: 77 } } }]);
  });

  it("says so when no group has that name, and changes nothing", async () => {
    await expect(helpdesk.assignGroup?.(5, "Nobody")).rejects.toBeInstanceOf(NotFoundError);
    expect(updates).toEqual([]);
  });
});
