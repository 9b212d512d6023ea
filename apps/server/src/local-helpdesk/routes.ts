import type { LocalHelpdesk } from "@countersign/helpdesk";
import { ValidationError } from "@countersign/shared";
import { Hono } from "hono";
import type { AppEnv } from "../deps";
import { conversationFragment, settingsPage, ticketListPage, ticketPage } from "./pages";
import { buildProxiedRequest, ProxyRequest } from "./proxy";

interface LocalHelpdeskConfig {
  helpdesk: LocalHelpdesk;
  subdomain: string;
  secret: string;
}

interface Fetcher {
  fetch(request: Request): Response | Promise<Response>;
}

function ticketIdOf(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) {
    throw new ValidationError("Not a ticket id.", [
      { path: "ticketId", message: "must be a positive whole number" },
    ]);
  }
  return id;
}

/**
 * The pages at `/` standing in for the Zendesk agent workspace, and the proxy that signs the
 * sidebar's requests the way Zendesk's proxy does. `app` is the product's own app: requests
 * are proxied to it and to nothing else.
 */
export function localHelpdeskRoutes(config: LocalHelpdeskConfig, app: () => Fetcher) {
  const { helpdesk } = config;
  return new Hono<AppEnv>()
    .get("/", (c) => c.html(ticketListPage(helpdesk.listTickets())))
    .get("/settings", (c) => c.html(settingsPage()))
    .get("/tickets/:id", async (c) =>
      c.html(ticketPage(await helpdesk.getTicket(ticketIdOf(c.req.param("id"))))),
    )
    .get("/tickets/:id/conversation", async (c) =>
      c.html(conversationFragment(await helpdesk.getTicket(ticketIdOf(c.req.param("id"))))),
    )
    .get("/local-helpdesk/agents", (c) => c.json(helpdesk.listAgents()))
    .get("/local-helpdesk/tickets/:id", async (c) =>
      c.json(await helpdesk.getTicket(ticketIdOf(c.req.param("id")))),
    )
    .post("/tickets/:id/comments", async (c) => {
      const id = ticketIdOf(c.req.param("id"));
      const form = await c.req.parseBody();
      const body = typeof form.body === "string" ? form.body.trim() : "";
      if (body !== "") {
        await helpdesk.postReply(id, body);
      }
      // "Submit as solved": the reply (if any) goes first, as one Zendesk update would do it.
      if (form.status === "solved") {
        await helpdesk.setStatus(id, "solved");
      }
      return c.redirect(`/tickets/${id}`, 303);
    })
    .post("/local-helpdesk/proxy", async (c) => {
      const parsed = ProxyRequest.safeParse(await c.req.json().catch(() => null));
      if (!parsed.success) {
        throw new ValidationError("Not a ZAF request.", [
          { path: "options", message: parsed.error.message },
        ]);
      }
      const origin = new URL(c.req.url).origin;
      const request = await buildProxiedRequest(
        parsed.data.options,
        {
          public: { backend_url: origin, subdomain: config.subdomain },
          secure: { shared_secret: config.secret },
        },
        c.get("deps").clock(),
      );
      if (new URL(request.url).origin !== origin) {
        throw new ValidationError("The local helpdesk proxies only to this server.", [
          { path: "options.url", message: `must start with ${origin}` },
        ]);
      }
      request.headers.set("x-request-id", c.get("requestId"));
      const response = await app().fetch(request);
      return c.json({
        status: response.status,
        statusText: response.statusText,
        contentType: response.headers.get("content-type") ?? "",
        body: await response.text(),
      });
    });
}
