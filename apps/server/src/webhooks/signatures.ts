import { createHmac, timingSafeEqual } from "node:crypto";

/** Zendesk signs a delivery at most this long before we see it (either way, for clock drift). */
export const zendeskTimestampToleranceSeconds = 300;

/** Compares two strings in time that depends only on their length. */
export function constantTimeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  if (a.length !== b.length) {
    // Still spend a comparison so a length mismatch answers no faster than a byte mismatch.
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}

function hmacBase64(secret: string, ...parts: (string | Uint8Array)[]): string {
  const hmac = createHmac("sha256", secret);
  for (const part of parts) {
    hmac.update(part);
  }
  return hmac.digest("base64");
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "stale" | "mismatch" };

/**
 * Zendesk's webhook signature: base64(HMAC-SHA256(secret, timestamp + raw body)), with the
 * timestamp inside the window so a captured delivery cannot be replayed later.
 */
export function verifyZendeskSignature(input: {
  secret: string;
  body: Uint8Array;
  signature: string | undefined;
  timestamp: string | undefined;
  now: Date;
}): SignatureCheck {
  if (!input.signature || !input.timestamp) {
    return { ok: false, reason: "missing" };
  }
  const signedAt = Date.parse(input.timestamp);
  if (
    Number.isNaN(signedAt) ||
    Math.abs(input.now.getTime() - signedAt) > zendeskTimestampToleranceSeconds * 1000
  ) {
    return { ok: false, reason: "stale" };
  }
  const expected = hmacBase64(input.secret, input.timestamp, input.body);
  return constantTimeEqual(input.signature, expected)
    ? { ok: true }
    : { ok: false, reason: "mismatch" };
}

/** The signature a Zendesk webhook carries; what Zendesk computes and what tests send. */
export function signZendeskWebhook(secret: string, timestamp: string, body: string): string {
  return hmacBase64(secret, timestamp, body);
}

/** Shopify's webhook HMAC: base64(HMAC-SHA256(app secret, raw body)). */
export function verifyShopifyHmac(input: {
  secret: string;
  body: Uint8Array;
  hmac: string | undefined;
}): SignatureCheck {
  if (!input.hmac) {
    return { ok: false, reason: "missing" };
  }
  const expected = hmacBase64(input.secret, input.body);
  return constantTimeEqual(input.hmac, expected) ? { ok: true } : { ok: false, reason: "mismatch" };
}

/** The HMAC Shopify puts on a webhook body. */
export function signShopifyWebhook(secret: string, body: string): string {
  return hmacBase64(secret, body);
}
