import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type GraphQLError,
  NoDeprecatedCustomRule,
  parse,
  specifiedRules,
  validate,
} from "graphql";
import { describe, expect, it } from "vitest";
import { DOCUMENTS } from "../src/documents";
import { loadAdminSchema } from "../src/schema";

const schema = loadAdminSchema();

function errorsOf(document: string): readonly GraphQLError[] {
  return validate(schema, parse(document), [...specifiedRules, NoDeprecatedCustomRule]);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

describe("GraphQL documents against the Admin API 2026-10 schema", () => {
  it.each(Object.entries(DOCUMENTS))("%s validates with no deprecated field", (_, document) => {
    expect(errorsOf(document).map((error) => error.message)).toEqual([]);
  });

  it("DOCUMENTS lists every #graphql document in the package's source", () => {
    const src = join(import.meta.dirname, "..", "src");
    const tagged = sourceFiles(src).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/`#graphql\s+(query|mutation)\s+(\w+)/g)].map(
        (match) => match[2],
      ),
    );
    expect(tagged.length).toBeGreaterThan(0);
    expect(new Set(tagged)).toEqual(new Set(Object.keys(DOCUMENTS)));
  });

  it("each document is named after its key, as Shopify's logs show it", () => {
    for (const [name, document] of Object.entries(DOCUMENTS)) {
      const operation = parse(document).definitions.find(
        (definition) => definition.kind === "OperationDefinition",
      );
      expect(operation && "name" in operation ? operation.name?.value : null).toBe(name);
    }
  });

  it("catches a misspelt field", () => {
    const typo = DOCUMENTS.OrderDetail?.replace("displayFinancialStatus", "displayFinancalStatus");
    expect(typo).toBeDefined();
    const messages = errorsOf(typo ?? "").map((error) => error.message);
    expect(messages.join("\n")).toMatch(
      /Cannot query field "displayFinancalStatus" on type "Order"/,
    );
  });

  it("catches a field that no longer exists on the type", () => {
    const messages = errorsOf(
      'query { order(id: "gid://shopify/Order/1") { financialStatus } }',
    ).map((error) => error.message);
    expect(messages.join("\n")).toMatch(/displayFinancialStatus/);
  });

  it("catches a deprecated field", () => {
    const messages = errorsOf('query { customer(id: "gid://shopify/Customer/1") { email } }').map(
      (error) => error.message,
    );
    expect(messages.join("\n")).toMatch(/Customer\.email is deprecated/);
  });

  it("builds the schema once and reuses it", () => {
    expect(loadAdminSchema()).toBe(schema);
    expect(schema.getMutationType()?.getFields().refundCreate).toBeDefined();
    expect(schema.getDirective("idempotent")).toBeDefined();
  });
});
