/** What the host page knows and answers `get` with, as Zendesk's agent workspace would. */
export interface HostTicket {
  id: number;
  subject: string;
  status: string;
  tags: string[];
  requester: { name: string; email: string };
  comments: { id: number; author: string; body: string; public: boolean; createdAt: string }[];
}

export interface HostAgent {
  id: string;
  name: string;
  email: string;
  role: string;
}

export interface HostUser {
  id: number;
  name: string;
  email: string;
  role: string;
  locale: string;
}

export interface Composer {
  text: string;
  type: "publicReply" | "internalNote";
}

export interface HostState {
  /** Null on a page with no ticket (the nav bar). */
  ticket: HostTicket | null;
  currentUser: HostUser;
  subdomain: string;
  composer: Composer;
}

/** The object tree `client.get("ticket.requester.email")` walks. */
export function dataTree(state: HostState): Record<string, unknown> {
  return {
    ...(state.ticket
      ? { ticket: { ...state.ticket, requester: { id: 1, ...state.ticket.requester } } }
      : {}),
    currentUser: state.currentUser,
    currentAccount: { subdomain: state.subdomain },
    comment: { text: state.composer.text, type: state.composer.type, useRichText: false },
  };
}

/** Reads a dotted path; `undefined` means the path does not exist. */
export function readPath(tree: Record<string, unknown>, path: string): unknown {
  let value: unknown = tree;
  for (const part of path.split(".")) {
    if (typeof value !== "object" || value === null || !(part in value)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
