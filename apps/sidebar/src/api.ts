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

/** The sidebar's calls. */
export function createApi(helpdesk: Helpdesk, agent: Agent) {
  const call = createSignedCall(helpdesk, agent);

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
