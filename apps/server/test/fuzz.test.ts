// Hostile input at every door: every /api route (read from /openapi.json), the webhooks and the
// Gorgias endpoint get malformed, oversized, wrong-typed, deeply nested and unicode-heavy bodies,
// params and headers. The answer is always a 4xx problem+json (or a success), never a 5xx.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { jsonNestingDepth, maxJsonDepth } from "../src/middleware/json-depth";
import { signShopifyWebhook, signZendeskWebhook } from "../src/webhooks/signatures";
import { createHarness, type Harness, now, signedRequest } from "./harness";

const webhookSecret = "fuzz-webhook-secret-0123456789abcdef";
const shopifySecret = "fuzz-shopify-secret-0123456789abcdef";

let harness: Harness;
let app: ReturnType<typeof createApp>;
let operations: { method: string; path: string }[];

beforeAll(async () => {
  harness = await createHarness();
  // No budgets here: the point is what each route does with the input, not the 429.
  app = createApp(
    {
      ...harness.deps,
      webhookSecretFor: async (candidate) =>
        candidate.id === harness.installation.id ? webhookSecret : null,
      shopifyWebhookSecret: shopifySecret,
    },
    { rateLimits: { api: null, webhooks: null } },
  );
  harness.app = app;
  const document = (await (await app.request("/openapi.json")).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
  );
});

afterAll(async () => {
  await harness.close();
});

/** Percent-encodes every byte, so any string (lone surrogates included) can be a path segment. */
function segment(value: string): string {
  return [...new TextEncoder().encode(value)]
    .map((byte) => `%${byte.toString(16).padStart(2, "0")}`)
    .join("");
}

const unicodeText = fc.string({ unit: "binary", maxLength: 200 });
const param = fc.oneof(
  unicodeText,
  fc.integer().map(String),
  fc.bigInt().map(String),
  fc.double().map(String),
  fc.constantFrom("0", "-1", "1e309", "NaN", "Infinity", "0x10", "101", "1001", "../../etc", ""),
  fc.string({ minLength: 500, maxLength: 3000 }),
);

function nested(depth: number, open: string, close: string, leaf = "1"): string {
  return `${open.repeat(depth)}${leaf}${close.repeat(depth)}`;
}

/** A JSON-ish value shaped like what the routes read, with every field of any type. */
const wrongTyped = fc
  .record(
    {
      draftId: fc.anything(),
      text: fc.anything(),
      idempotencyKey: fc.anything(),
      note: fc.anything(),
      policy: fc.anything(),
      brandVoice: fc.anything(),
      leadRoles: fc.anything(),
      expectedVersion: fc.anything(),
      type: fc.anything(),
      ticket_id: fc.anything(),
    },
    { requiredKeys: [] },
  )
  .map((value) => JSON.stringify(value) ?? "null");

const body = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  wrongTyped,
  unicodeText,
  fc.constantFrom("", "{", "[", "null", "true", '{"__proto__":{"polluted":1}}', "\u0000", "{}"),
  fc.integer({ min: maxJsonDepth + 1, max: 20_000 }).map((depth) => nested(depth, "[", "]")),
  fc.integer({ min: maxJsonDepth + 1, max: 5_000 }).map((depth) => nested(depth, '{"a":', "}")),
  fc.integer({ min: 1, max: 400 }).map((kb) => JSON.stringify({ text: "é".repeat(kb * 512) })),
);

const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "application/problem+json",
  "",
);

/** Any printable Latin-1 header value (what HTTP can carry). */
const headerValue = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 300,
});

async function expectProblemOrSuccess(response: Response, what: string): Promise<void> {
  expect(response.status, what).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.headers.get("content-type"), what).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { status: number; code: string; detail: string };
    expect(problem.status, what).toBe(response.status);
    expect(typeof problem.code, what).toBe("string");
    expect(problem.detail, what).not.toMatch(/\n\s+at /);
  } else {
    await response.arrayBuffer();
  }
}

describe("every /api route", () => {
  it("is described in /openapi.json (the list the fuzzing walks)", () => {
    expect(operations.length).toBeGreaterThanOrEqual(5);
    expect(operations).toEqual(
      expect.arrayContaining([
        { method: "GET", path: "/api/tickets/{ticketId}/brief" },
        { method: "POST", path: "/api/tickets/{ticketId}/approve" },
      ]),
    );
  });

  it("answers hostile params, queries, headers and bodies with a 4xx problem, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.array(param, { minLength: 1, maxLength: 2 }),
        fc.dictionary(fc.constantFrom("refresh", "from", "to", "format", "ticketId", "x"), param),
        body,
        contentType,
        headerValue,
        fc.constantFrom("1", "2"),
        async (pick, params, query, payload, type, requestId, agent) => {
          const operation = operations[pick % operations.length];
          if (!operation) {
            return;
          }
          let index = 0;
          const path = operation.path.replace(/\{[^}]+\}/g, () => segment(params[index++] ?? ""));
          const search = new URLSearchParams(query).toString();
          const url = search ? `${path}?${search}` : path;
          const init: RequestInit = {
            method: operation.method,
            headers: { "content-type": type, "x-request-id": requestId },
          };
          if (operation.method !== "GET" && operation.method !== "DELETE") {
            init.body = payload;
          }
          const response = await signedRequest(harness, url, init, agent);
          await expectProblemOrSuccess(response, `${operation.method} ${url}`);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("refuses hostile tokens with a 401 problem", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          headerValue,
          headerValue.map((value) => `Bearer ${value}`),
          fc
            .tuple(headerValue, headerValue, headerValue)
            .map(
              (parts) =>
                `Bearer ${parts.map((part) => Buffer.from(part).toString("base64url")).join(".")}`,
            ),
        ),
        async (authorization) => {
          const response = await app.request("/api/tickets/1001", { headers: { authorization } });
          expect(response.status).toBe(401);
          await expectProblemOrSuccess(response, authorization);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("answers a body over the limit with 413 and one nested too deeply with 400", async () => {
    const approve = (payload: string) =>
      signedRequest(harness, "/api/tickets/1001/approve", { method: "POST", body: payload });
    const big = await approve(JSON.stringify({ text: "x".repeat(300 * 1024) }));
    expect(big.status).toBe(413);
    await expectProblemOrSuccess(big, "413");
    const deep = await approve(nested(maxJsonDepth + 1, '{"a":', "}"));
    expect(deep.status).toBe(400);
    const problem = (await deep.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors).toEqual([
      { path: "body", message: `nested deeper than ${maxJsonDepth} levels` },
    ]);
    const shallow = await approve(
      JSON.stringify({
        draftId: "drf_x",
        text: "hi",
        idempotencyKey: "k".repeat(8),
        extra: nested(20, "[", "]"),
      }),
    );
    expect(shallow.status).toBe(400);
    expect(((await shallow.json()) as { errors: { path: string }[] }).errors[0]?.path).not.toBe(
      "body",
    );
  });
});

describe("the JSON depth count", () => {
  it.each([
    ["{}", 1],
    ['{"a":[1,{"b":[]}]}', 4],
    ['"[[[[[["', 0],
    ['{"a":"\\"[[[[","b":[1]}', 2],
    ["[[[[", 4],
  ])("%s nests %i deep", (text, depth) => {
    expect(jsonNestingDepth(new TextEncoder().encode(text))).toBe(depth);
  });

  it("agrees with the structure of any JSON value", () => {
    const depthOf = (value: unknown): number =>
      typeof value === "object" && value !== null
        ? 1 + Math.max(0, ...Object.values(value).map(depthOf))
        : 0;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = new TextEncoder().encode(JSON.stringify(value));
        expect(jsonNestingDepth(text)).toBe(depthOf(value));
      }),
      { numRuns: 300 },
    );
  });
});

describe("the webhooks", () => {
  const timestamp = now.toISOString().replace(/\.\d{3}Z$/, "Z");

  it("answer unsigned or badly signed hostile deliveries with a 4xx problem", async () => {
    await fc.assert(
      fc.asyncProperty(
        param,
        body,
        fc.record(
          {
            "x-zendesk-webhook-signature": headerValue,
            "x-zendesk-webhook-signature-timestamp": headerValue,
            "x-zendesk-webhook-invocation-id": headerValue,
            "x-shopify-hmac-sha256": headerValue,
            "x-shopify-webhook-id": headerValue,
            "content-type": contentType,
          },
          { requiredKeys: [] },
        ),
        fc.boolean(),
        async (name, payload, headers, zendesk) => {
          const url = zendesk
            ? `/webhooks/zendesk?subdomain=${segment(name)}`
            : `/webhooks/shopify/${segment(name)}`;
          const response = await app.request(url, { method: "POST", headers, body: payload });
          expect(response.status).toBeGreaterThanOrEqual(400);
          await expectProblemOrSuccess(response, url);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("answer correctly signed hostile bodies with a 4xx problem or an acknowledgement", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          body,
          fc
            .record(
              {
                type: fc.oneof(
                  fc.constantFrom(
                    "ticket.created",
                    "ticket.customer_comment",
                    "ticket.agent_comment",
                    "ticket.solved",
                    "zen:event-type:ticket.created",
                    "zen:event-type:ticket.comment_added",
                    "zen:event-type:ticket.status_changed",
                  ),
                  unicodeText,
                ),
                ticket_id: fc.oneof(fc.integer(), unicodeText, fc.constant("12")),
                id: fc.oneof(unicodeText, fc.constant(randomUUID())),
                detail: fc.anything(),
                event: fc.anything(),
              },
              { requiredKeys: [] },
            )
            .map((value) => JSON.stringify(value)),
        ),
        fc.oneof(
          fc.constantFrom(
            "customers/redact",
            "shop/redact",
            "customers/data_request",
            "orders/updated",
          ),
          param,
        ),
        async (payload, topic) => {
          const zendesk = await app.request(
            `/webhooks/zendesk?subdomain=${harness.installation.subdomain}`,
            {
              method: "POST",
              headers: {
                "content-type": "application/json",
                "x-zendesk-webhook-signature-timestamp": timestamp,
                "x-zendesk-webhook-signature": signZendeskWebhook(
                  webhookSecret,
                  timestamp,
                  payload,
                ),
                "x-zendesk-webhook-invocation-id": randomUUID(),
              },
              body: payload,
            },
          );
          await expectProblemOrSuccess(zendesk, `zendesk ${payload.slice(0, 80)}`);
          const shopify = await app.request(`/webhooks/shopify/${segment(topic)}`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-shopify-hmac-sha256": signShopifyWebhook(shopifySecret, payload),
              "x-shopify-webhook-id": randomUUID(),
              "x-shopify-shop-domain": "demo.myshopify.com",
            },
            body: payload,
          });
          await expectProblemOrSuccess(shopify, `shopify ${topic} ${payload.slice(0, 80)}`);
        },
      ),
      { numRuns: 250 },
    );
  });
});

describe("the Gorgias endpoint", () => {
  it("answers hostile queries and keys with a 4xx problem", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom("ticket_id", "account", "subdomain", "x"), param),
        headerValue,
        async (query, key) => {
          const url = `/integrations/gorgias/brief?${new URLSearchParams(query).toString()}`;
          const response = await app.request(url, { headers: { "x-countersign-key": key } });
          await expectProblemOrSuccess(response, url);
        },
      ),
      { numRuns: 100 },
    );
  });
});
