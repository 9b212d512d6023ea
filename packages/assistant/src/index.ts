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
  CLASSIFIER_EXAMPLES,
  CLASSIFIER_SYSTEM_PROMPT,
  type ClaudeClassifierConfig,
  createClaudeClassifier,
  describeModelFailure,
  ModelOutputError,
} from "./claude-classifier";
export {
  type ClaudeDrafterConfig,
  createClaudeDrafter,
  DRAFTER_SYSTEM_PROMPT,
  voicePrompt,
} from "./claude-drafter";
export { buildDraftModelInput, type DraftModelInput } from "./draft-input";
export type {
  BrandVoice,
  Draft,
  Drafter,
  DraftInput,
  FactCheck,
  FactProblem,
  OrderFacts,
  OrderItemFacts,
  PostalAddress,
} from "./draft-types";
export { summariseEscalation } from "./escalation-summary";
export { type Entities, extractEntities } from "./extract";
export { checkFacts } from "./fact-check";
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
export { detectRequested } from "./requested";
export {
  detectFlags,
  type FlagEvidence,
  type SafeguardResult,
  unionFlags,
} from "./safeguards";
export {
  createTemplateDrafter,
  draftFromTemplate,
  formatAmount,
  formatDate,
} from "./template-drafter";
