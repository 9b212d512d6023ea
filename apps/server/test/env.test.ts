import { describe, expect, it } from "vitest";
import { formatEnvIssues, parseEnv } from "../src/env";

describe("configuration", () => {
  it("runs on embedded defaults with nothing set", () => {
    const parsed = parseEnv({});
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.value.PORT).toBe(3000);
      expect(parsed.value.PUBLIC_URL).toBe("http://localhost:3000");
      expect(parsed.value.DATABASE_URL).toBeUndefined();
      expect(parsed.value.DATA_DIR).toBe("./.data");
    }
  });

  it("names every bad key with what is wrong", () => {
    const parsed = parseEnv({
      PORT: "eighty",
      DATABASE_URL: "mysql://localhost/db",
      LOG_LEVEL: "loud",
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      const paths = parsed.error.map((issue) => issue.path).sort();
      expect(paths).toEqual(expect.arrayContaining(["DATABASE_URL", "LOG_LEVEL", "PORT"]));
      const message = formatEnvIssues(parsed.error);
      expect(message).toContain("DATABASE_URL: must be a postgres:// or postgresql:// URL");
      expect(message).toMatch(/^Invalid configuration/);
    }
  });

  it("asks for the Zendesk settings together", () => {
    const parsed = parseEnv({ ZENDESK_SUBDOMAIN: "brand" });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.map((issue) => issue.path).sort()).toEqual(
        expect.arrayContaining(["ZENDESK_API_TOKEN", "ZENDESK_EMAIL"]),
      );
    }
  });

  it("treats empty values as unset", () => {
    const parsed = parseEnv({ ANTHROPIC_API_KEY: "  ", SHOPIFY_SHOP: "" });
    expect(parsed.ok && parsed.value.ANTHROPIC_API_KEY).toBeUndefined();
  });

  it("refuses the published local helpdesk secret in production", () => {
    const published = parseEnv({ NODE_ENV: "production" });
    expect(published.ok).toBe(false);
    if (!published.ok) {
      expect(published.error.map((issue) => issue.path)).toContain("LOCAL_HELPDESK_SECRET");
      expect(formatEnvIssues(published.error)).toContain(
        "LOCAL_HELPDESK_SECRET: is the published development secret",
      );
    }
    const own = parseEnv({
      NODE_ENV: "production",
      LOCAL_HELPDESK_SECRET: "a-secret-of-our-own-that-is-long-enough-0123",
    });
    expect(own.ok).toBe(true);
    expect(parseEnv({ NODE_ENV: "development" }).ok).toBe(true);
  });
});
