import { createDatabase } from "@countersign/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { createHarness, type Harness } from "./harness";

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness();
});

afterAll(async () => {
  await harness.close();
});

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, requestId: response.headers.get("x-request-id") });
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  expect(typeof body.type).toBe("string");
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  return body;
}

describe("health", () => {
  it("answers /healthz while the process is up", async () => {
    const response = await harness.app.request("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers /readyz only when the database is migrated", async () => {
    const ready = await harness.app.request("/readyz");
    expect(ready.status).toBe(200);
    const unmigrated = createDatabase();
    try {
      const app = createApp({ ...harness.deps, database: unmigrated });
      const response = await app.request("/readyz");
      expect(response.status).toBe(503);
    } finally {
      await unmigrated.close();
    }
  });
});

describe("OpenAPI document", () => {
  it("describes every /api route from its zod definition", async () => {
    const response = await harness.app.request("/openapi.json");
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toContain("/api/tickets/{ticketId}");
    expect(document.paths["/api/tickets/{ticketId}"]?.get?.parameters?.[0]?.name).toBe("ticketId");
    expect(document.components.schemas).toHaveProperty("TicketSummary");
    expect(document.components.schemas).toHaveProperty("Problem");
    for (const path of Object.keys(document.paths)) {
      expect(path.startsWith("/api/")).toBe(true);
    }
  });
});

describe("errors", () => {
  it("answers an unknown path with a 404 problem", async () => {
    await expectProblem(await harness.app.request("/no/such/thing"), 404, "NOT_FOUND");
  });

  it("answers a bad ticket id with a 400 problem naming the field", async () => {
    const token = await harness.token();
    const response = await harness.app.request("/api/tickets/abc", {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await expectProblem(response, 400, "VALIDATION_FAILED");
    expect(body.errors).toEqual([expect.objectContaining({ path: "param.ticketId" })]);
  });

  it("answers an unknown ticket of this account with 404", async () => {
    const token = await harness.token();
    const response = await harness.app.request("/api/tickets/999", {
      headers: { authorization: `Bearer ${token}` },
    });
    await expectProblem(response, 404, "NOT_FOUND");
  });
});

describe("tickets", () => {
  it("returns the ticket's requester to a signed request", async () => {
    const token = await harness.token();
    const response = await harness.app.request("/api/tickets/1001", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: 1001,
      requester: { name: "Maya Chen", email: "maya@example.com" },
      customerMessages: 1,
    });
  });

  it("logs one structured line per request with its id and status", async () => {
    harness.logs.length = 0;
    const response = await harness.app.request("/healthz", {
      headers: { "x-request-id": "req-12345678" },
    });
    expect(response.headers.get("x-request-id")).toBe("req-12345678");
    const lines = harness.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: "request",
        requestId: "req-12345678",
        status: 200,
        path: "/healthz",
      }),
    ]);
  });
});

describe("authentication", () => {
  const cases: [string, () => Promise<Record<string, string>>][] = [
    ["no token", async () => ({})],
    [
      "a token signed with another secret",
      async () => ({
        authorization: `Bearer ${await harness.token({}, { secret: "another-secret-another-secret-0000" })}`,
      }),
    ],
    [
      "an expired token",
      async () => ({ authorization: `Bearer ${await harness.token({ exp: 1_700_000_000 })}` }),
    ],
    [
      "a long-lived token",
      async () => ({ authorization: `Bearer ${await harness.token({}, { lifetime: 86_400 })}` }),
    ],
    [
      "an unknown account",
      async () => ({ authorization: `Bearer ${await harness.token({ iss: "someone-else" })}` }),
    ],
    [
      "an unsigned token",
      async () => {
        const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
        const claims = { iss: harness.installation.subdomain, sub: "1", exp: 1_763_640_060 };
        return {
          authorization: `Bearer ${encode({ alg: "none", typ: "JWT" })}.${encode(claims)}.`,
        };
      },
    ],
  ];

  it.each(cases)("refuses %s with 401", async (_name, headers) => {
    const response = await harness.app.request("/api/tickets/1001", { headers: await headers() });
    await expectProblem(response, 401, "UNAUTHORIZED");
  });
});
