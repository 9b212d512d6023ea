// The local helpdesk's half of the ZAF wire protocol: it hosts the real sidebar in an iframe
// and answers the SDK's handshake, get/set/invoke calls, proxied requests and events, the way
// Zendesk's agent workspace does.
import {
  type Composer,
  dataTree,
  type HostAgent,
  type HostState,
  type HostTicket,
  readPath,
} from "./model";

interface SdkMessage {
  key?: string;
  id?: number;
  request?: "get" | "set" | "invoke";
  params?: unknown;
  message?: unknown;
}

// A ticket page hosts the sidebar; a page with `data-app-location` hosts another location
// (the nav bar's settings page) with no ticket.
const page = document.querySelector<HTMLElement>("[data-ticket-id], [data-app-location]");
const frameSlot = document.getElementById("app-frame");
const composerText = document.getElementById("composer-text") as HTMLTextAreaElement | null;
const conversation = document.getElementById("conversation");

function composer(): Composer {
  return { text: composerText?.value ?? "", type: "publicReply" };
}

async function loadTicket(ticketId: number): Promise<HostTicket> {
  const response = await fetch(`/local-helpdesk/tickets/${ticketId}`);
  if (!response.ok) {
    throw new Error(`ticket ${ticketId} could not be loaded (${response.status})`);
  }
  return (await response.json()) as HostTicket;
}

async function refreshConversation(ticketId: number): Promise<void> {
  const response = await fetch(`/tickets/${ticketId}/conversation`);
  if (response.ok && conversation) {
    const html = await response.text();
    if (conversation.innerHTML !== html) {
      conversation.innerHTML = html;
    }
  }
}

async function main(): Promise<void> {
  if (!page || !frameSlot) {
    return;
  }
  const ticketId = page.dataset.ticketId ? Number(page.dataset.ticketId) : null;
  const appLocation = page.dataset.appLocation ?? "ticket_sidebar";
  const agents = (await (await fetch("/local-helpdesk/agents")).json()) as HostAgent[];
  const wanted = new URLSearchParams(location.search).get("agent") ?? agents[0]?.id;
  const agent = agents.find((candidate) => candidate.id === wanted) ?? agents[0];
  if (!agent) {
    throw new Error("the local helpdesk has no agents");
  }
  const state: HostState = {
    ticket: ticketId === null ? null : await loadTicket(ticketId),
    currentUser: { ...agent, id: Number(agent.id), locale: "en-US" },
    subdomain: "local",
    composer: composer(),
  };

  const appGuid = crypto.randomUUID();
  const frame = document.createElement("iframe");
  frame.title = page.dataset.appTitle ?? "Countersign";
  frame.src = `/sidebar/${page.dataset.appPage ?? "index.html"}?origin=${encodeURIComponent(location.origin)}&app_guid=${appGuid}`;
  frameSlot.append(frame);

  const post = (payload: Record<string, unknown>) => {
    frame.contentWindow?.postMessage(JSON.stringify(payload), location.origin);
  };
  const emit = (event: string, message: unknown) => post({ key: `zaf.${event}`, message });

  function answerGet(id: number, params: unknown): void {
    const paths = Array.isArray(params) ? params.map(String) : [String(params)];
    state.composer = composer();
    const tree = dataTree(state);
    const result: Record<string, unknown> = { errors: {} };
    for (const path of paths) {
      const value = readPath(tree, path);
      if (value === undefined) {
        (result.errors as Record<string, unknown>)[path] = {
          message: "is not a valid path",
          name: "InvalidPath",
          path,
        };
      } else {
        result[path] = value;
      }
    }
    post({ id, result });
  }

  function answerSet(id: number, params: unknown): void {
    const values = (params ?? {}) as Record<string, unknown>;
    if (typeof values["comment.text"] === "string" && composerText) {
      composerText.value = values["comment.text"];
    }
    post({ id, result: { errors: {}, ...values } });
  }

  function answerInvoke(id: number, params: unknown): void {
    const calls = (params ?? {}) as Record<string, unknown[]>;
    const result: Record<string, unknown> = { errors: {} };
    for (const [name, args] of Object.entries(calls)) {
      const first = args?.[0];
      if (name === "resize") {
        const size = (first ?? {}) as { height?: string };
        if (size.height) {
          frame.style.height = size.height;
        }
      } else if (
        (name === "comment.appendText" || name === "ticket.comment.appendText") &&
        composerText
      ) {
        composerText.value = `${composerText.value}${String(first ?? "")}`;
        composerText.dispatchEvent(new Event("input", { bubbles: true }));
      } else if (name !== "track") {
        (result.errors as Record<string, unknown>)[name] = {
          message: "is not available in the local helpdesk",
          name: "UnknownAction",
          path: name,
        };
      }
      result[name] = null;
    }
    post({ id, result });
  }

  async function proxyRequest(key: string, options: unknown): Promise<void> {
    const counter = key.slice("request:".length);
    try {
      const response = await fetch("/local-helpdesk/proxy", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ options }),
      });
      const proxied = (await response.json()) as {
        status: number;
        statusText: string;
        contentType: string;
        body: string;
      };
      const xhr = {
        status: proxied.status ?? response.status,
        statusText: proxied.statusText ?? response.statusText,
        responseText: proxied.body ?? "",
      };
      if (response.ok && xhr.status >= 200 && xhr.status < 300) {
        const data = proxied.contentType.includes("json") ? JSON.parse(proxied.body) : proxied.body;
        emit(`request:${counter}.done`, { responseArgs: [data, "success", xhr] });
        if (ticketId !== null) {
          void refreshConversation(ticketId);
        }
      } else {
        emit(`request:${counter}.fail`, { responseArgs: [xhr, "error", xhr.statusText] });
      }
    } catch (error) {
      const xhr = { status: 0, statusText: "error", responseText: String(error) };
      emit(`request:${counter}.fail`, { responseArgs: [xhr, "error", "error"] });
    }
  }

  window.addEventListener("message", (event: MessageEvent) => {
    if (event.source !== frame.contentWindow || event.origin !== location.origin) {
      return;
    }
    let data: SdkMessage;
    try {
      data = (typeof event.data === "string" ? JSON.parse(event.data) : event.data) as SdkMessage;
    } catch {
      return;
    }
    if (data.key === "iframe.handshake") {
      emit("app.registered", {
        context: {
          product: "support",
          location: appLocation,
          ...(ticketId === null ? {} : { ticketId }),
          instanceGuid: appGuid,
          account: { subdomain: state.subdomain },
        },
        metadata: {
          appId: 0,
          installationId: 1,
          name: "Countersign",
          settings: {
            backend_url: location.origin,
            title: "Countersign",
            lead_roles: "admin",
            escalation_group: "Tier 2 support",
          },
        },
      });
    } else if (typeof data.id === "number" && data.request === "get") {
      answerGet(data.id, data.params);
    } else if (typeof data.id === "number" && data.request === "set") {
      answerSet(data.id, data.params);
    } else if (typeof data.id === "number" && data.request === "invoke") {
      answerInvoke(data.id, data.params);
    } else if (typeof data.key === "string" && /^request:\d+$/.test(data.key)) {
      void proxyRequest(data.key, data.message);
    }
  });

  // Replies and notes posted by the product show up without a reload.
  if (ticketId !== null) {
    window.setInterval(() => void refreshConversation(ticketId), 3000);
  }
  // The page's links keep the signed-in agent (`?agent=`).
  for (const link of document.querySelectorAll<HTMLAnchorElement>("a[data-keep-agent]")) {
    link.search = `?agent=${encodeURIComponent(agent.id)}`;
  }
}

void main();
