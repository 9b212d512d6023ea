/** What the approve page reads from its link, before the server checks the signature. */
export interface TicketLink {
  token: string;
  ticketId: number;
  agentId: string;
  account: string;
  expiresAt: Date;
}

export type LinkReading =
  | { ok: true; link: TicketLink }
  | { ok: false; reason: "missing" | "malformed" | "expired" };

function decodePart(part: string): unknown {
  const base64 = part.replaceAll("-", "+").replaceAll("_", "/");
  const padded = base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), "=");
  const bytes = Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/**
 * Reads `#token=…` from the approve page's address. The page trusts nothing it reads here: the
 * server verifies the token on every call; this only names the ticket and spots an old link.
 */
export function readTicketLink(hash: string, now: Date): LinkReading {
  const token = new URLSearchParams(hash.replace(/^#/, "")).get("token");
  if (!token) {
    return { ok: false, reason: "missing" };
  }
  const parts = token.split(".");
  if (parts.length !== 3) {
    return { ok: false, reason: "malformed" };
  }
  let claims: Record<string, unknown>;
  try {
    claims = decodePart(parts[1] ?? "") as Record<string, unknown>;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const { tkt, sub, iss, exp } = claims ?? {};
  if (
    typeof tkt !== "number" ||
    !Number.isInteger(tkt) ||
    tkt <= 0 ||
    typeof sub !== "string" ||
    typeof iss !== "string" ||
    typeof exp !== "number"
  ) {
    return { ok: false, reason: "malformed" };
  }
  if (exp * 1000 <= now.getTime()) {
    return { ok: false, reason: "expired" };
  }
  return {
    ok: true,
    link: { token, ticketId: tkt, agentId: sub, account: iss, expiresAt: new Date(exp * 1000) },
  };
}
