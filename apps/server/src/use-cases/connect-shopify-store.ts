import { appendAuditEvent, findShopOwner } from "@countersign/db";
import { NotFoundError } from "@countersign/shared";
import type { Deps } from "../deps";

function installFlow(deps: Deps) {
  if (!deps.shopifyAuth) {
    throw new NotFoundError(
      "This server does not install into Shopify stores (SHOPIFY_AUTH_MODE is not oauth).",
    );
  }
  return deps.shopifyAuth;
}

async function ownerOf(deps: Deps, shop: string) {
  const owner = await findShopOwner(deps.database.db, shop);
  if (!owner) {
    throw new NotFoundError(`No Countersign installation is connected to the store ${shop}.`);
  }
  return owner;
}

/** Starts the OAuth install for a shop an installation uses: Shopify's authorize redirect. */
export async function beginShopifyInstall({
  deps,
  input,
}: {
  deps: Deps;
  input: { shop: string; request: Request };
}): Promise<Response> {
  const auth = installFlow(deps);
  const shop = auth.sanitizeShop(input.shop);
  if (shop === null) {
    // Let the flow name the field in its own validation error.
    return auth.begin(input.shop, input.request);
  }
  await ownerOf(deps, shop);
  return auth.begin(shop, input.request);
}

/**
 * Completes the install: the library verifies the callback's HMAC, timestamp and state, the
 * code becomes an expiring offline token, the session is stored encrypted, and the connection
 * is recorded in the installation's audit log.
 */
export async function connectShopifyStore({
  deps,
  input,
}: {
  deps: Deps;
  input: { request: Request };
}): Promise<{ shop: string; scope: string; headers: Headers }> {
  const auth = installFlow(deps);
  const { session, headers } = await auth.callback(input.request);
  const owner = await ownerOf(deps, session.shop);
  await appendAuditEvent(deps.database.db, owner.id, {
    actor: `shopify:${session.shop}`,
    type: "store.connected",
    data: {
      shop: session.shop,
      scope: session.scope,
      accessTokenExpiresAt: session.accessTokenExpiresAt?.toISOString() ?? null,
      refreshTokenExpiresAt: session.refreshTokenExpiresAt?.toISOString() ?? null,
    },
  });
  deps.logger.info("shopify store connected", { shop: session.shop, scope: session.scope });
  return { shop: session.shop, scope: session.scope, headers };
}

/**
 * The store uninstalled the app (Shopify's `app/uninstalled` webhook): its tokens no longer
 * work, so the stored session is forgotten (the store then reads "not connected" until an admin
 * installs again rather than failing with Shopify's 401), and the installation's audit log says
 * so. A shop no installation uses is ignored.
 */
export async function disconnectShopifyStore({
  deps,
  input,
}: {
  deps: Deps;
  input: { shop: string };
}): Promise<{ status: "disconnected" | "ignored"; sessionForgotten: boolean }> {
  const owner = await findShopOwner(deps.database.db, input.shop);
  const sessionForgotten = deps.shopifyAuth ? await deps.shopifyAuth.forget(input.shop) : false;
  if (!owner) {
    return { status: "ignored", sessionForgotten };
  }
  await appendAuditEvent(deps.database.db, owner.id, {
    actor: `shopify:${input.shop}`,
    type: "store.disconnected",
    data: { shop: input.shop, sessionForgotten },
  });
  deps.logger.warn("shopify store uninstalled the app", { shop: input.shop, sessionForgotten });
  return { status: "disconnected", sessionForgotten };
}
