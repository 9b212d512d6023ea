import { ValidationError } from "@countersign/shared";
import { sign } from "hono/jwt";
import { z } from "zod";

/** The options object the ZAF SDK's `client.request` sends, as far as the proxy reads it. */
export const ProxyRequest = z.object({
  options: z.object({
    url: z.string().min(1),
    type: z.string().default("GET"),
    headers: z.record(z.string(), z.string()).default({}),
    data: z.unknown().optional(),
    contentType: z.string().optional(),
    secure: z.boolean().optional(),
    jwt: z
      .object({
        algorithm: z.literal("HS256"),
        secret_key: z.string(),
        expiry: z.number().int().positive().max(3600).default(60),
        claims: z.record(z.string(), z.unknown()).default({}),
      })
      .optional(),
  }),
});
export type ProxyRequest = z.infer<typeof ProxyRequest>;

export interface ProxySettings {
  /** Non-secure settings, substituted in any request. */
  public: Record<string, string>;
  /** Secure settings, substituted only in `secure: true` requests and never shown to the app. */
  secure: Record<string, string>;
}

function substitute(text: string, settings: Record<string, string>): string {
  return text.replace(/\{\{setting\.([A-Za-z0-9_]+)\}\}/g, (whole, name: string) => {
    return settings[name] ?? whole;
  });
}

/**
 * Turns the app's request into the HTTP request the helpdesk proxy would make: settings
 * substituted, the JWT signed with the installation's secret in place of `{{jwt.token}}`.
 */
export async function buildProxiedRequest(
  request: ProxyRequest["options"],
  settings: ProxySettings,
  now: Date,
): Promise<Request> {
  const available = request.secure ? { ...settings.public, ...settings.secure } : settings.public;
  const url = substitute(request.url, available);
  const headers = new Headers();
  let token: string | null = null;
  if (request.jwt) {
    const secret = substitute(request.jwt.secret_key, available);
    if (secret.includes("{{")) {
      throw new ValidationError("The JWT secret setting is not available to this request.", [
        { path: "options.jwt.secret_key", message: "unknown or non-secure setting" },
      ]);
    }
    const issuedAt = Math.floor(now.getTime() / 1000);
    token = await sign(
      { ...request.jwt.claims, iat: issuedAt, exp: issuedAt + request.jwt.expiry },
      secret,
      "HS256",
    );
  }
  for (const [name, value] of Object.entries(request.headers)) {
    const withSettings = substitute(value, available);
    headers.set(name, token ? withSettings.replaceAll("{{jwt.token}}", token) : withSettings);
  }
  const method = request.type.toUpperCase();
  let body: string | undefined;
  if (request.data !== undefined && method !== "GET" && method !== "HEAD") {
    body = typeof request.data === "string" ? request.data : JSON.stringify(request.data);
    headers.set("content-type", request.contentType ?? "application/json");
  }
  return new Request(url, { method, headers, body });
}
