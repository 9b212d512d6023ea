import { parseArgs } from "node:util";
import type { Command, CommandIo } from "../commands";

const USAGE = `Usage: countersign zendesk-setup --subdomain <acme> --backend-url <https://…>
                                 (--email <you@acme.com> --api-token <token> | --oauth-token <token>)

Creates, in your Zendesk account, what tells Countersign about new tickets so the brief is
ready before an agent opens them, and about agents' answers so shadow mode is measured:
  - a webhook to <backend-url>/webhooks/zendesk?subdomain=<acme>, signed by Zendesk;
  - a trigger "Countersign: new ticket" (ticket is created) that calls it;
  - a trigger "Countersign: customer replied" (public comment by the requester) that calls it;
  - a trigger "Countersign: agent replied" (public comment by an agent) that calls it;
  - a trigger "Countersign: ticket solved" (status changed to solved) that calls it.
Running it again reuses what exists and adds what is missing. It prints the webhook's signing secret: set it as
ZENDESK_WEBHOOK_SECRET on the server.

Each option falls back to the environment: ZENDESK_SUBDOMAIN, ZENDESK_EMAIL,
ZENDESK_API_TOKEN, ZENDESK_OAUTH_TOKEN, PUBLIC_URL.
`;

const webhookName = "Countersign: ticket events";
const createdTitle = "Countersign: new ticket";
const repliedTitle = "Countersign: customer replied";
const agentRepliedTitle = "Countersign: agent replied";
const solvedTitle = "Countersign: ticket solved";

interface Options {
  subdomain: string;
  backendUrl: string;
  authorization: string;
}

class SetupError extends Error {}

function readOptions(args: string[], env: Record<string, string | undefined>): Options | string {
  const { values } = parseArgs({
    args,
    options: {
      subdomain: { type: "string" },
      email: { type: "string" },
      "api-token": { type: "string" },
      "oauth-token": { type: "string" },
      "backend-url": { type: "string" },
    },
    strict: true,
  });
  const subdomain = values.subdomain ?? env.ZENDESK_SUBDOMAIN;
  const email = values.email ?? env.ZENDESK_EMAIL;
  const apiToken = values["api-token"] ?? env.ZENDESK_API_TOKEN;
  const oauthToken = values["oauth-token"] ?? env.ZENDESK_OAUTH_TOKEN;
  const backendUrl = values["backend-url"] ?? env.PUBLIC_URL;
  if (!subdomain || !/^[a-z0-9][a-z0-9-]*$/i.test(subdomain)) {
    return "--subdomain is required: the part before .zendesk.com";
  }
  if (!backendUrl || !/^https:\/\/[^\s/]+/.test(backendUrl)) {
    return "--backend-url is required and must be https:// (Zendesk calls it from the internet)";
  }
  let authorization: string;
  if (oauthToken) {
    authorization = `Bearer ${oauthToken}`;
  } else if (email && apiToken) {
    authorization = `Basic ${Buffer.from(`${email}/token:${apiToken}`).toString("base64")}`;
  } else {
    return "credentials are required: --email and --api-token, or --oauth-token";
  }
  return { subdomain, backendUrl: backendUrl.replace(/\/$/, ""), authorization };
}

function createApi(options: Options) {
  const base = `https://${options.subdomain}.zendesk.com`;
  return async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: options.authorization,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      const hint =
        response.status === 401 || response.status === 403
          ? " (check the credentials: an admin's API token is needed)"
          : "";
      throw new SetupError(`Zendesk answered ${response.status} to ${method} ${path}${hint}`);
    }
    return (await response.json()) as T;
  };
}

/** The body our trigger sends; routes/webhooks.ts reads exactly these two fields. */
function triggerBody(
  type: "ticket.created" | "ticket.customer_comment" | "ticket.agent_comment" | "ticket.solved",
): string {
  return JSON.stringify({ type, ticket_id: "{{ticket.id}}" });
}

interface Webhook {
  id: string;
  name: string;
  endpoint: string;
}

interface Trigger {
  id: number;
  title: string;
}

async function setUp(options: Options, io: CommandIo): Promise<void> {
  const call = createApi(options);
  const endpoint = `${options.backendUrl}/webhooks/zendesk?subdomain=${options.subdomain}`;

  const existing = await call<{ webhooks: Webhook[] }>(
    "GET",
    `/api/v2/webhooks?filter[name_contains]=${encodeURIComponent("Countersign")}`,
  );
  let webhook = existing.webhooks.find((candidate) => candidate.endpoint === endpoint);
  if (webhook) {
    io.stdout.write(`webhook ${webhook.id} already sends to ${endpoint}\n`);
  } else {
    const created = await call<{ webhook: Webhook }>("POST", "/api/v2/webhooks", {
      webhook: {
        name: webhookName,
        status: "active",
        endpoint,
        http_method: "POST",
        request_format: "json",
        subscriptions: ["conditional_ticket_events"],
      },
    });
    webhook = created.webhook;
    io.stdout.write(`created webhook ${webhook.id} → ${endpoint}\n`);
  }

  const triggers = await call<{ triggers: Trigger[] }>("GET", "/api/v2/triggers?per_page=100");
  const wanted = [
    {
      title: createdTitle,
      conditions: { all: [{ field: "update_type", operator: "is", value: "Create" }] },
      body: triggerBody("ticket.created"),
    },
    {
      title: repliedTitle,
      conditions: {
        all: [
          { field: "update_type", operator: "is", value: "Change" },
          { field: "comment_is_public", operator: "is", value: "true" },
          { field: "role", operator: "is", value: "end_user" },
        ],
      },
      body: triggerBody("ticket.customer_comment"),
    },
    {
      // Shadow mode compares the agent's reply with the draft as soon as it is sent.
      title: agentRepliedTitle,
      conditions: {
        all: [
          { field: "update_type", operator: "is", value: "Change" },
          { field: "comment_is_public", operator: "is", value: "true" },
          { field: "role", operator: "is_not", value: "end_user" },
        ],
      },
      body: triggerBody("ticket.agent_comment"),
    },
    {
      title: solvedTitle,
      conditions: {
        all: [
          { field: "update_type", operator: "is", value: "Change" },
          { field: "status", operator: "value", value: "solved" },
        ],
      },
      body: triggerBody("ticket.solved"),
    },
  ];
  for (const trigger of wanted) {
    const found = triggers.triggers.find((candidate) => candidate.title === trigger.title);
    if (found) {
      io.stdout.write(`trigger "${trigger.title}" already exists (${found.id})\n`);
      continue;
    }
    const created = await call<{ trigger: Trigger }>("POST", "/api/v2/triggers", {
      trigger: {
        title: trigger.title,
        active: true,
        conditions: trigger.conditions,
        actions: [{ field: "notification_webhook", value: [webhook.id, trigger.body] }],
      },
    });
    io.stdout.write(`created trigger "${trigger.title}" (${created.trigger.id})\n`);
  }

  const signing = await call<{ signing_secret: { secret: string; algorithm: string } }>(
    "GET",
    `/api/v2/webhooks/${webhook.id}/signing_secret`,
  );
  io.stdout.write(
    `\nSet this on the Countersign server, then restart it:\nZENDESK_WEBHOOK_SECRET=${signing.signing_secret.secret}\n`,
  );
}

export const zendeskSetupCommand: Command = {
  summary:
    "Create the Zendesk webhook and triggers: new tickets, customer and agent replies, solved",
  async run(args, io) {
    if (args.includes("--help") || args.includes("-h")) {
      io.stdout.write(USAGE);
      return 0;
    }
    let options: Options | string;
    try {
      options = readOptions(args, process.env);
    } catch (error) {
      options = error instanceof Error ? error.message : String(error);
    }
    if (typeof options === "string") {
      io.stderr.write(`countersign zendesk-setup: ${options}\n\n${USAGE}`);
      return 2;
    }
    try {
      await setUp(options, io);
      return 0;
    } catch (error) {
      if (error instanceof SetupError) {
        io.stderr.write(`countersign zendesk-setup: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
