import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";

export const MOCK_BASE_URL = "http://anthropic.test";
export const MESSAGES_URL = `${MOCK_BASE_URL}/v1/messages`;

/** A mocked Anthropic API; every request body is kept for assertions. */
export function createAnthropicMock() {
  const server = setupServer();
  const requests: Array<{ body: Record<string, unknown>; headers: Headers; raw: string }> = [];
  server.events.on("request:start", async ({ request }) => {
    if (request.url === MESSAGES_URL) {
      const raw = await request.clone().text();
      requests.push({
        body: JSON.parse(raw) as Record<string, unknown>,
        headers: request.headers,
        raw,
      });
    }
  });
  return { server, requests };
}

export interface MockUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/** A `Message` as the API returns it, with one text block. */
export function messageResponse(
  text: string,
  options: { stopReason?: string; usage?: MockUsage; model?: string } = {},
) {
  return HttpResponse.json({
    id: "msg_test",
    type: "message",
    role: "assistant",
    model: options.model ?? "claude-haiku-5-5",
    content: [{ type: "text", text }],
    stop_reason: options.stopReason ?? "end_turn",
    stop_sequence: null,
    usage: {
      input_tokens: 120,
      output_tokens: 40,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      ...options.usage,
    },
  });
}

/** Replies to POST /v1/messages with `reply` (called once per attempt). */
export function onMessages(reply: (body: Record<string, unknown>) => Response | Promise<Response>) {
  return http.post(MESSAGES_URL, async ({ request }) =>
    reply((await request.json()) as Record<string, unknown>),
  );
}

/**
 * A retryable error with no body: the SDK cancels an unread body before retrying, and a
 * mocked body can hang on cancel (reference/anthropic.md §6).
 */
export function retryableError(status: number) {
  return new HttpResponse(null, { status, headers: { "retry-after-ms": "0" } });
}
