import { afterAll, beforeAll } from "vitest";
import { createClaudeDrafter } from "../src/claude-drafter";
import { createTemplateDrafter } from "../src/template-drafter";
import {
  createAnthropicMock,
  MOCK_BASE_URL,
  messageResponse,
  onMessages,
} from "../src/testing/anthropic-mock";
import { drafterContract } from "../src/testing/drafter.contract";
import { draftInput } from "./support/draft-fixtures";

// One canned reply for every action: right for some decisions, wrong for others.
const { server } = createAnthropicMock();
server.use(
  onMessages(() =>
    messageResponse(
      JSON.stringify({ reply: "Hi Priya,\n\nWe've refunded $60.00.\n\nWarmly,\nThe Lumen team" }),
    ),
  ),
);
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterAll(() => server.close());

drafterContract(
  "template",
  () => createTemplateDrafter(),
  (action) => draftInput(action),
);
drafterContract(
  "claude (mocked API)",
  () => createClaudeDrafter({ apiKey: "test-key", baseURL: MOCK_BASE_URL, maxRetries: 0 }),
  (action) => draftInput(action),
);
