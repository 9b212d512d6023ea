import { randomUUID } from "node:crypto";
import type { LocalHelpdeskEvent } from "@countersign/helpdesk";
import type { Deps } from "../deps";
import { signZendeskWebhook } from "../webhooks/signatures";

interface Fetcher {
  fetch(request: Request): Response | Promise<Response>;
}

export interface LocalHelpdeskWebhooks {
  /** Stops announcing and waits for the deliveries under way. */
  stop(): Promise<void>;
}

/** Zendesk's timestamps carry whole seconds. */
function zendeskTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The body Zendesk's webhook event subscription would send for the event. The local helpdesk
 * has no user ids: the requester is `requester-<ticket>`, every agent (and the app) `agent`.
 */
export function zendeskEventBody(event: LocalHelpdeskEvent, at: Date): Record<string, unknown> {
  const requesterId = `requester-${event.ticketId}`;
  const envelope = {
    account_id: 0,
    id: randomUUID(),
    time: zendeskTime(at),
    zendesk_event_version: "2022-11-06",
    subject: `zen:ticket:${event.ticketId}`,
  };
  if (event.type === "ticket.comment_added") {
    const { comment } = event;
    const fromCustomer = comment.author === "customer";
    return {
      type: "zen:event-type:ticket.comment_added",
      ...envelope,
      detail: { id: String(event.ticketId), requester_id: requesterId },
      event: {
        comment: {
          id: String(comment.id),
          is_public: comment.public,
          author: { id: fromCustomer ? requesterId : "agent", is_staff: !fromCustomer },
        },
      },
    };
  }
  return {
    type: "zen:event-type:ticket.status_changed",
    ...envelope,
    detail: {
      id: String(event.ticketId),
      requester_id: requesterId,
      status: event.current.toUpperCase(),
    },
    event: { current: event.current.toUpperCase(), previous: event.previous.toUpperCase() },
  };
}

/**
 * Tells the server what happens in the local helpdesk the way Zendesk does: each comment and
 * status change becomes a signed event-subscription delivery to `/webhooks/zendesk`, so the
 * demo takes the same path (signature, deduplication, the jobs it queues) as a Zendesk account.
 * The deliveries are signed with the local helpdesk's secret, which `webhookSecretFor` answers
 * for its installation.
 */
export function announceLocalHelpdeskEvents(deps: Deps, app: Fetcher): LocalHelpdeskWebhooks {
  const local = deps.localHelpdesk;
  if (!local) {
    return { stop: async () => {} };
  }
  const { helpdesk, subdomain, secret } = local;
  const endpoint = new URL(
    `/webhooks/zendesk?subdomain=${encodeURIComponent(subdomain)}`,
    deps.config.publicUrl,
  ).toString();
  const underWay = new Set<Promise<void>>();

  async function deliver(event: LocalHelpdeskEvent): Promise<void> {
    const at = deps.clock();
    const timestamp = zendeskTime(at);
    const body = JSON.stringify(zendeskEventBody(event, at));
    const response = await app.fetch(
      new Request(endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-zendesk-webhook-signature": signZendeskWebhook(secret, timestamp, body),
          "x-zendesk-webhook-signature-timestamp": timestamp,
        },
        body,
      }),
    );
    await response.arrayBuffer();
    if (!response.ok) {
      deps.logger.warn("the server refused the local helpdesk's webhook", {
        type: event.type,
        ticketId: event.ticketId,
        status: response.status,
      });
    }
  }

  const unsubscribe = helpdesk.subscribe((event) => {
    const delivery = deliver(event)
      .catch((error: unknown) => {
        deps.logger.error("the local helpdesk's webhook failed", {
          type: event.type,
          ticketId: event.ticketId,
          error: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => {
        underWay.delete(delivery);
      });
    underWay.add(delivery);
  });

  return {
    async stop() {
      unsubscribe();
      await Promise.allSettled([...underWay]);
    },
  };
}
