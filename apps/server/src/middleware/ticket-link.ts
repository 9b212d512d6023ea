import { sign } from "hono/jwt";

/**
 * Helpdesks without an iframe sidebar (Gorgias) show a link to our approve page instead. The
 * link carries a token we sign with the installation's secret, good for one ticket and one
 * agent: it opens that ticket's brief and can approve or escalate it, nothing else.
 */
export const TICKET_LINK_AUDIENCE = "countersign:ticket-link";

/** A link stays in the helpdesk's widget until the ticket changes; three days covers a weekend. */
export const TICKET_LINK_LIFETIME_SECONDS = 72 * 3600;

export interface TicketLinkClaims {
  /** The helpdesk account the link belongs to (the installation's subdomain). */
  account: string;
  ticketId: number;
  /** The helpdesk user the link was issued for: the ticket's assignee. */
  agentId: string;
}

/** The token inside an approve link. */
export async function signTicketLink(
  secret: string,
  claims: TicketLinkClaims,
  now: Date,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return sign(
    {
      iss: claims.account,
      aud: TICKET_LINK_AUDIENCE,
      sub: claims.agentId,
      tkt: claims.ticketId,
      iat,
      exp: iat + TICKET_LINK_LIFETIME_SECONDS,
    },
    secret,
    "HS256",
  );
}

/**
 * The page the link opens, with the token in the fragment: browsers never send a fragment to a
 * server or in a Referer, so the token stays out of logs and other sites.
 */
export function ticketLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, "")}/sidebar/approve.html#token=${token}`;
}

/** What a ticket link may call: its own ticket's brief, approval and escalation. */
export function isWithinTicketLink(method: string, path: string, ticketId: number): boolean {
  const match = /^\/api\/tickets\/(\d+)\/(brief|approve|escalate)\/?$/.exec(path);
  if (!match || Number(match[1]) !== ticketId) {
    return false;
  }
  return match[2] === "brief" ? method === "GET" : method === "POST";
}
