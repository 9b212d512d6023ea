import { secureHeaders } from "hono/secure-headers";

/** Where our pages may be framed: Zendesk's and Gorgias's agent workspaces. */
export const helpdeskFrameAncestors = ["https://*.zendesk.com", "https://*.gorgias.com"];

/**
 * Security headers on every response. The sidebar is framed by the helpdesk (and, for the local
 * helpdesk, by this server's own page), so framing is limited by CSP `frame-ancestors` rather
 * than refused outright with `X-Frame-Options`.
 */
export function securityHeaders(publicUrl: string) {
  const self = new URL(publicUrl).origin;
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // Zendesk Garden (styled-components) injects <style> elements at run time.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:", "https:"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", "data:"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameSrc: ["'self'"],
      frameAncestors: ["'self'", self, ...helpdeskFrameAncestors],
    },
    xFrameOptions: false,
    referrerPolicy: "strict-origin-when-cross-origin",
    crossOriginResourcePolicy: "same-site",
    crossOriginOpenerPolicy: "same-origin",
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
  });
}
