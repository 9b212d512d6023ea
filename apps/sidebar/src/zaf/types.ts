/** The parts of the ZAF client the sidebar uses (the SDK ships no types). */
export interface ZafClient {
  on(event: string, handler: (data: unknown) => void): void;
  off(event: string, handler: (data: unknown) => void): void;
  get(
    paths: string | string[],
  ): Promise<Record<string, unknown> & { errors: Record<string, unknown> }>;
  set(path: string, value: unknown): Promise<unknown>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  request<T = unknown>(options: ZafRequestOptions): Promise<T>;
  context(): Promise<ZafContext>;
  metadata(): Promise<ZafMetadata>;
}

export interface ZafRequestOptions {
  url: string;
  type?: "GET" | "POST" | "PUT" | "DELETE";
  data?: string;
  contentType?: string;
  dataType?: "json" | "text";
  headers?: Record<string, string>;
  secure?: boolean;
  cors?: boolean;
  jwt?: {
    algorithm: "HS256";
    secret_key: string;
    expiry: number;
    claims: Record<string, unknown>;
  };
}

export interface ZafContext {
  product: string;
  location: string;
  ticketId?: number;
  instanceGuid: string;
  account: { subdomain: string };
}

export interface ZafMetadata {
  appId: number;
  installationId: number;
  settings: Record<string, string | undefined>;
}

/** What the helpdesk answers when a proxied request fails (jQuery's xhr shape). */
export interface ZafRequestFailure {
  status: number;
  statusText?: string;
  responseText?: string;
}
