import { Hono } from "hono";
import type { AppEnv } from "../deps";
import { beginShopifyInstall, connectShopifyStore } from "../use-cases/connect-shopify-store";

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

function connectedPage(shop: string, scope: string): string {
  const scopes = scope
    .split(",")
    .filter(Boolean)
    .map((name) => `<li><code>${escapeHtml(name)}</code></li>`)
    .join("");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Countersign is connected</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; line-height: 1.5">
<h1>Your store is connected</h1>
<p>Countersign can now read orders and carry out approved actions in
<strong>${escapeHtml(shop)}</strong>. You can close this tab and return to your helpdesk.</p>
<p>Access granted:</p>
<ul>${scopes}</ul>
</body>
</html>
`;
}

/**
 * The Shopify OAuth install: public routes (a store admin's browser, then Shopify's redirect),
 * no helpdesk token. `GET /auth/shopify?shop=brand.myshopify.com` starts it; Shopify sends the
 * admin back to `/auth/shopify/callback`.
 */
export const shopifyAuthRoutes = new Hono<AppEnv>()
  .get("/", async (c) =>
    beginShopifyInstall({
      deps: c.get("deps"),
      input: { shop: c.req.query("shop") ?? "", request: c.req.raw },
    }),
  )
  .get("/callback", async (c) => {
    const connected = await connectShopifyStore({
      deps: c.get("deps"),
      input: { request: c.req.raw },
    });
    const response = c.html(connectedPage(connected.shop, connected.scope));
    for (const cookie of connected.headers.getSetCookie()) {
      response.headers.append("set-cookie", cookie);
    }
    response.headers.set("cache-control", "no-store");
    return response;
  });
