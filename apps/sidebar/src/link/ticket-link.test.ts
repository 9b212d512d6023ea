import { describe, expect, it } from "vitest";
import { readTicketLink } from "./ticket-link";

const now = new Date("2026-11-20T12:00:00Z");
const seconds = Math.floor(now.getTime() / 1000);

function tokenWith(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}.signature`;
}

const claims = {
  iss: "acme",
  aud: "countersign:ticket-link",
  sub: "7",
  tkt: 104,
  exp: seconds + 60,
};

describe("readTicketLink", () => {
  it("reads the ticket, agent and expiry from the fragment", () => {
    const token = tokenWith(claims);
    expect(readTicketLink(`#token=${token}`, now)).toEqual({
      ok: true,
      link: {
        token,
        ticketId: 104,
        agentId: "7",
        account: "acme",
        expiresAt: new Date((seconds + 60) * 1000),
      },
    });
  });

  it("reads names with characters base64url encodes differently", () => {
    const token = tokenWith({ ...claims, iss: "ü?>~ü" });
    const reading = readTicketLink(`#token=${token}`, now);
    expect(reading.ok && reading.link.account).toBe("ü?>~ü");
  });

  it("tells a missing, malformed and expired link apart", () => {
    expect(readTicketLink("", now)).toEqual({ ok: false, reason: "missing" });
    expect(readTicketLink("#other=1", now)).toEqual({ ok: false, reason: "missing" });
    expect(readTicketLink("#token=abc", now)).toEqual({ ok: false, reason: "malformed" });
    expect(readTicketLink("#token=a.%%%.c", now)).toEqual({ ok: false, reason: "malformed" });
    expect(readTicketLink(`#token=${tokenWith({ ...claims, tkt: "104" })}`, now)).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(readTicketLink(`#token=${tokenWith({ ...claims, exp: seconds })}`, now)).toEqual({
      ok: false,
      reason: "expired",
    });
  });
});
