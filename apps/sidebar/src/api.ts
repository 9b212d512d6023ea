import type { ApproveOutcome, BriefView } from "./brief-types";
import type { Helpdesk } from "./zaf/client-provider";
import type { ZafRequestFailure } from "./zaf/types";

export interface TicketSummary {
  id: number;
  subject: string;
  status: string;
  requester: { name: string; email: string };
  customerMessages: number;
  lastCustomerMessageAt: string | null;
}

/** A failed call, with the server's problem detail when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | null;

  constructor(status: number, message: string, code: string | null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

export interface Agent {
  id: string;
  name: string;
}

function toApiError(failure: unknown): ApiError {
  const xhr = failure as Partial<ZafRequestFailure> | null;
  const status = typeof xhr?.status === "number" ? xhr.status : 0;
  try {
    const problem = JSON.parse(xhr?.responseText ?? "") as { detail?: string; code?: string };
    if (problem.detail) {
      return new ApiError(status, problem.detail, problem.code ?? null);
    }
  } catch {
    // Not a problem+json body: fall through to a generic message.
  }
  if (status === 0) {
    return new ApiError(
      0,
      "Countersign could not be reached. Check the connection and try again.",
      null,
    );
  }
  return new ApiError(status, `Countersign answered with an error (${status}).`, null);
}

export interface CallOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  /** Read the answer as text (CSV exports) instead of JSON. */
  text?: boolean;
}

/**
 * Calls our server through the helpdesk's proxy: the proxy signs a short-lived HS256 token with
 * the installation's secret, so the browser never holds a credential. Every page of the app
 * (sidebar, settings) calls through this one function.
 */
export function createSignedCall(helpdesk: Helpdesk, agent: Agent) {
  const base = (helpdesk.metadata.settings.backend_url ?? "").replace(/\/$/, "");
  return async function call<T>(path: string, init: CallOptions = {}): Promise<T> {
    try {
      return await helpdesk.client.request<T>({
        url: `${base}${path}`,
        type: init.method ?? "GET",
        dataType: init.text ? "text" : "json",
        contentType: "application/json",
        data: init.body === undefined ? undefined : JSON.stringify(init.body),
        secure: true,
        headers: { Authorization: "Bearer {{jwt.token}}" },
        jwt: {
          algorithm: "HS256",
          secret_key: "{{setting.shared_secret}}",
          expiry: 60,
          claims: {
            iss: helpdesk.context.account.subdomain,
            sub: agent.id,
            name: agent.name,
            // A fresh id per request: the server accepts a token for an action only once.
            jti: crypto.randomUUID(),
          },
        },
      });
    } catch (failure) {
      throw toApiError(failure);
    }
  };
}

/** One call to our server: a path under the server, with the method and body. */
export type Call = <T>(path: string, init?: CallOptions) => Promise<T>;

/**
 * Calls our server from the approve page a helpdesk links to (Gorgias has no iframe sidebar):
 * the link's token, signed by the server for one ticket and agent, is the credential.
 */
export function createLinkCall(token: string, origin = window.location.origin): Call {
  return async function call<T>(path: string, init: CallOptions = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, origin), {
        method: init.method ?? "GET",
        headers: {
          Authorization: `Bearer ${token}`,
          ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    } catch (failure) {
      throw toApiError(failure);
    }
    const text = await response.text();
    if (!response.ok) {
      throw toApiError({ status: response.status, responseText: text });
    }
    return (init.text ? text : JSON.parse(text)) as T;
  };
}

/** The brief's calls, over whichever transport the page has. */
export function createApi(call: Call) {
  return {
    getTicket: (ticketId: number) => call<TicketSummary>(`/api/tickets/${ticketId}`),
    getBrief: (ticketId: number, refresh = false) =>
      call<BriefView>(`/api/tickets/${ticketId}/brief${refresh ? "?refresh=1" : ""}`),
    approve: (ticketId: number, body: { draftId: string; text: string; idempotencyKey: string }) =>
      call<ApproveOutcome>(`/api/tickets/${ticketId}/approve`, { method: "POST", body }),
    escalate: (ticketId: number, options: { note?: string; group?: string } = {}) =>
      call<{ message: string }>(`/api/tickets/${ticketId}/escalate`, {
        method: "POST",
        body: {
          ...(options.note ? { note: options.note } : {}),
          ...(options.group ? { group: options.group } : {}),
        },
      }),
  };
}

export type Api = ReturnType<typeof createApi>;
