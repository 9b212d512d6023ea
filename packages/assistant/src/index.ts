export {
  type Classification,
  type ClassificationSource,
  type Classifier,
  ModelClassification,
  TicketInput,
  type Usage,
} from "./classification";
export {
  buildClassifierMessage,
  CLASSIFICATION_JSON_SCHEMA,
  CLASSIFIER_SYSTEM_PROMPT,
  type ClaudeClassifierConfig,
  createClaudeClassifier,
  ModelOutputError,
} from "./claude-classifier";
export { type Entities, extractEntities } from "./extract";
export {
  classifyOffline,
  createOfflineClassifier,
  type IntentScores,
  scoreIntents,
} from "./offline-classifier";
export {
  type ApiUsage,
  DEFAULT_MODELS,
  DEFAULT_PRICES,
  type ModelPrice,
  priceUsage,
} from "./pricing";
export { redactPaymentDetails } from "./redact";
export {
  detectFlags,
  type FlagEvidence,
  type SafeguardResult,
  unionFlags,
} from "./safeguards";
