// The headers every response carries: the sidebar may be framed only by Zendesk, Gorgias and
// this server's own page (the local helpdesk), never by anyone else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, signedRequest } from "./harness";

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness();
});

afterAll(async () => {
  await harness.close();
});

function directives(header: string | null): Map<string, string[]> {
  const parsed = new Map<string, string[]>();
  for (const part of (header ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) {
      parsed.set(name, values);
    }
  }
  return parsed;
}

describe("security headers", () => {
  const paths: [string, () => Response | Promise<Response>][] = [
    ["the local helpdesk page", () => harness.app.request("/")],
    ["a ticket page", () => harness.app.request("/tickets/1001")],
    ["the sidebar", () => harness.app.request("/sidebar/index.html")],
    ["/healthz", () => harness.app.request("/healthz")],
    ["an /api answer", () => signedRequest(harness, "/api/tickets/1001")],
    ["an /api problem", () => harness.app.request("/api/tickets/1001")],
    ["a webhook problem", () => harness.app.request("/webhooks/zendesk", { method: "POST" })],
    ["an unknown path", () => harness.app.request("/nothing-here")],
  ];

  it.each(paths)("%s: framed only by the helpdesks and this server", async (_name, fetchIt) => {
    const response = await fetchIt();
    const csp = directives(response.headers.get("content-security-policy"));
    expect(csp.get("frame-ancestors")?.sort()).toEqual(
      ["'self'", "http://localhost:3000", "https://*.gorgias.com", "https://*.zendesk.com"].sort(),
    );
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toEqual(["'self'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    // X-Frame-Options cannot name the helpdesks; CSP frame-ancestors does the job instead.
    expect(response.headers.get("x-frame-options")).toBeNull();
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  it("names the configured public origin, not a wildcard, for this server", async () => {
    const { createApp } = await import("../src/app");
    const app = createApp({
      ...harness.deps,
      config: { ...harness.deps.config, publicUrl: "https://countersign.example.com/base" },
    });
    const csp = directives((await app.request("/healthz")).headers.get("content-security-policy"));
    expect(csp.get("frame-ancestors")).toContain("https://countersign.example.com");
    expect(csp.get("frame-ancestors")).not.toContain("*");
    expect(csp.get("frame-ancestors")).not.toContain("https:");
  });
});
