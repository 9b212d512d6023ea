export {
  type Classification,
  type ClassificationSource,
  type Classifier,
  ModelClassification,
  TicketInput,
  type Usage,
} from "./classification";
export { type Entities, extractEntities } from "./extract";
export {
  classifyOffline,
  createOfflineClassifier,
  type IntentScores,
  scoreIntents,
} from "./offline-classifier";
export {
  detectFlags,
  type FlagEvidence,
  type SafeguardResult,
  unionFlags,
} from "./safeguards";
