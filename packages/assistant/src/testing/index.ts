export {
  createAnthropicMock,
  MESSAGES_URL,
  MOCK_BASE_URL,
  type MockUsage,
  messageResponse,
  onMessages,
  retryableError,
} from "./anthropic-mock";
export { classifierContract } from "./classifier.contract";
export { drafterContract } from "./drafter.contract";
