export {
  Case,
  CaseCustomer,
  type CaseInput,
  CaseLineItem,
  CaseOrder,
  CaseShipment,
  CaseTicket,
  NewAddress,
  parseCase,
} from "./case";
export { Decision, DecisionLineItem, Reason, type ReasonOutcome } from "./decision";
export { decide, evaluate } from "./evaluate";
export { caseJsonSchema, decisionJsonSchema, policyJsonSchema } from "./json-schema";
export {
  DamagedResolution,
  DEFAULT_POLICY,
  Policy,
  parsePolicy,
  ResolvedPolicy,
  resolvePolicy,
  TagWindow,
  VipPolicy,
  WindowStart,
} from "./policy";
export {
  createReplay,
  type DecisionSummary,
  type Replay,
  type ReplayCase,
  type ReplayChange,
  type ReplayReport,
  type ReplaySide,
  replay,
} from "./replay";
export type { Rule, RuleContext, RuleStep } from "./rule";
export { RULES } from "./rules";
export {
  Action,
  Approval,
  Flag,
  INTENTS_NEEDING_ORDER,
  Intent,
  Requested,
  Sentiment,
  ShipmentStatus,
  Urgency,
} from "./taxonomy";
