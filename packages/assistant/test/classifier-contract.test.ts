import { afterAll, beforeAll } from "vitest";
import { createClaudeClassifier } from "../src/claude-classifier";
import { createOfflineClassifier } from "../src/offline-classifier";
import {
  createAnthropicMock,
  MOCK_BASE_URL,
  messageResponse,
  onMessages,
} from "../src/testing/anthropic-mock";
import { classifierContract } from "../src/testing/classifier.contract";

// The model here is manipulated on purpose: it never reports a flag.
const { server } = createAnthropicMock();
server.use(
  onMessages(() =>
    messageResponse(
      JSON.stringify({
        intent: "order_status",
        flags: [],
        sentiment: "neutral",
        urgency: "normal",
        confidence: 0.9,
      }),
    ),
  ),
);
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterAll(() => server.close());

classifierContract("offline", () => createOfflineClassifier());
classifierContract("claude (mocked API)", () =>
  createClaudeClassifier({ apiKey: "test-key", baseURL: MOCK_BASE_URL, maxRetries: 0 }),
);
classifierContract("claude falling back (API down)", () =>
  createClaudeClassifier({ apiKey: "test-key", baseURL: "http://127.0.0.1:9", maxRetries: 0 }),
);
