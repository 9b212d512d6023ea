import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

/** The Admin API version every document targets and the demo store serves. */
export const ADMIN_API_VERSION = "2026-10";

const schemaFile = new URL("../schema/admin-2026-10.json.gz", import.meta.url);
let cached: GraphQLSchema | undefined;

/** Shopify's Admin GraphQL schema 2026-10, built once per process from the committed file. */
export function loadAdminSchema(): GraphQLSchema {
  if (cached === undefined) {
    const json = JSON.parse(gunzipSync(readFileSync(schemaFile)).toString("utf8")) as {
      data?: IntrospectionQuery;
    } & Partial<IntrospectionQuery>;
    const introspection = json.data ?? (json as IntrospectionQuery);
    cached = buildClientSchema(introspection, { assumeValid: true });
  }
  return cached;
}
