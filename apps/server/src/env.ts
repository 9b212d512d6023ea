import { err, type FieldIssue, ok, type Result, toFieldIssues } from "@countersign/shared";
import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/** True when `value` is base64 for exactly 32 bytes (an AES-256 key). */
function isEncryptionKey(value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, "base64").length === 32;
}

/** Published in this repository: fine on a laptop, never where the store is real. */
const DEVELOPMENT_LOCAL_HELPDESK_SECRET = "countersign-local-helpdesk-development-only";

const Env = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" })
      .optional(),
    DATA_DIR: z.string().min(1).default("./.data"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    /** Requests per second each installation may make to /api; 0 turns the limit off. */
    RATE_LIMIT_API_PER_SECOND: z.coerce.number().min(0).default(20),
    /** Webhook deliveries per second from one source address; 0 turns the limit off. */
    RATE_LIMIT_WEBHOOKS_PER_SECOND: z.coerce.number().min(0).default(100),
    /** `off`: this web process leaves jobs to `countersign worker` processes (PostgreSQL only). */
    WORKERS: z.enum(["on", "off"]).default("on"),
    ANTHROPIC_API_KEY: optionalText,
    ANTHROPIC_BASE_URL: z.url().optional(),
    SHOPIFY_SHOP: optionalText,
    SHOPIFY_ACCESS_TOKEN: optionalText,
    SHOPIFY_API_KEY: optionalText,
    SHOPIFY_API_SECRET: optionalText,
    /**
     * How the app's key and secret get a token when SHOPIFY_ACCESS_TOKEN is unset: the client
     * credentials grant (an app of the store's own organization) or the OAuth install.
     */
    SHOPIFY_AUTH_MODE: z.enum(["client_credentials", "oauth"]).default("client_credentials"),
    /** The access scopes the OAuth install asks for, comma-separated. */
    SHOPIFY_SCOPES: z
      .string()
      .trim()
      .regex(/^[a-z_]+(,[a-z_]+)*$/, "must be scope names separated by commas")
      .default("write_orders,read_customers,write_returns,write_draft_orders"),
    /** Encrypts stored Shopify tokens (AES-256-GCM): 32 random bytes, base64. */
    COUNTERSIGN_ENCRYPTION_KEY: optionalText.refine(
      (value) => value === undefined || isEncryptionKey(value),
      "must be 32 random bytes in base64 (openssl rand -base64 32)",
    ),
    ZENDESK_SUBDOMAIN: optionalText,
    ZENDESK_EMAIL: optionalText,
    ZENDESK_API_TOKEN: optionalText,
    /** The app's `shared_secret` setting: the proxy signs the sidebar's tokens with it. */
    ZENDESK_SHARED_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    /** The signing secret of the Zendesk webhook that announces new tickets. */
    ZENDESK_WEBHOOK_SECRET: optionalText,
    /** A Gorgias account (`acme` for acme.gorgias.com) and a private app's API credentials. */
    GORGIAS_DOMAIN: optionalText,
    GORGIAS_EMAIL: optionalText,
    GORGIAS_API_KEY: optionalText,
    /** The key the Gorgias HTTP integration sends in `X-Countersign-Key`. */
    GORGIAS_INTEGRATION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    COUNTERSIGN_DEMO_DATA: optionalText,
    /** Signs the local helpdesk's proxied requests, as an installation's secure setting does. */
    LOCAL_HELPDESK_SECRET: z
      .string()
      .min(32, "must be at least 32 characters")
      .default(DEVELOPMENT_LOCAL_HELPDESK_SECRET),
  })
  .superRefine((env, ctx) => {
    if (
      env.NODE_ENV === "production" &&
      env.LOCAL_HELPDESK_SECRET === DEVELOPMENT_LOCAL_HELPDESK_SECRET
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["LOCAL_HELPDESK_SECRET"],
        message:
          "is the published development secret: in production set your own (openssl rand -hex 32), or anyone could sign requests as the local helpdesk's agents",
      });
    }
    if (env.WORKERS === "off" && !env.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["WORKERS"],
        message: "off needs DATABASE_URL: without it, jobs live in this process's memory",
      });
    }
    if (
      env.SHOPIFY_SHOP &&
      !env.SHOPIFY_ACCESS_TOKEN &&
      !(env.SHOPIFY_API_KEY && env.SHOPIFY_API_SECRET)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["SHOPIFY_ACCESS_TOKEN"],
        message:
          "SHOPIFY_SHOP is set: also set SHOPIFY_ACCESS_TOKEN, or SHOPIFY_API_KEY and SHOPIFY_API_SECRET",
      });
    }
    if (env.SHOPIFY_AUTH_MODE === "oauth" && !env.SHOPIFY_ACCESS_TOKEN) {
      for (const key of ["SHOPIFY_SHOP", "SHOPIFY_API_KEY", "SHOPIFY_API_SECRET"] as const) {
        if (!env[key]) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: "SHOPIFY_AUTH_MODE is oauth: set the store and the app's key and secret",
          });
        }
      }
      if (!env.COUNTERSIGN_ENCRYPTION_KEY) {
        ctx.addIssue({
          code: "custom",
          path: ["COUNTERSIGN_ENCRYPTION_KEY"],
          message:
            "SHOPIFY_AUTH_MODE is oauth: set a key to encrypt the stored Shopify tokens (openssl rand -base64 32)",
        });
      }
    }
    const zendesk = [env.ZENDESK_SUBDOMAIN, env.ZENDESK_EMAIL, env.ZENDESK_API_TOKEN];
    if (zendesk.some(Boolean) && !zendesk.every(Boolean)) {
      for (const key of ["ZENDESK_SUBDOMAIN", "ZENDESK_EMAIL", "ZENDESK_API_TOKEN"] as const) {
        if (!env[key]) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: "the Zendesk settings go together: set all three or none",
          });
        }
      }
    }
    if (env.ZENDESK_SUBDOMAIN && !env.ZENDESK_SHARED_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["ZENDESK_SHARED_SECRET"],
        message: "ZENDESK_SUBDOMAIN is set: also set the app's shared secret",
      });
    }
    const gorgias = [
      "GORGIAS_DOMAIN",
      "GORGIAS_EMAIL",
      "GORGIAS_API_KEY",
      "GORGIAS_INTEGRATION_SECRET",
    ] as const;
    if (gorgias.some((key) => env[key]) && !gorgias.every((key) => env[key])) {
      for (const key of gorgias.filter((candidate) => !env[candidate])) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: "the Gorgias settings go together: set all four or none",
        });
      }
    }
  });

export type Env = z.infer<typeof Env> & { PUBLIC_URL: string };

/** Reads the environment once; every bad key is named in the error. */
export function parseEnv(source: Record<string, string | undefined>): Result<Env, FieldIssue[]> {
  const parsed = Env.safeParse(source);
  if (!parsed.success) {
    return err(toFieldIssues(parsed.error));
  }
  const env = parsed.data;
  return ok({ ...env, PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}` });
}

export function formatEnvIssues(issues: FieldIssue[]): string {
  const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}`);
  return `Invalid configuration (see .env.example):\n${lines.join("\n")}\n`;
}
