export {
  createDatabase,
  type Database,
  type DatabaseConfig,
  type DatabaseHandle,
  withTransaction,
} from "./client";
export {
  type ActionRecord,
  findActionByKey,
  listActionsOfTicket,
  listStaleActions,
  recordAction,
  transitionAction,
  updateActionState,
} from "./repositories/actions";
export {
  type AuditEntry,
  type AuditQuery,
  appendAuditEvent,
  listAuditEvents,
} from "./repositories/audit-events";
export {
  addVoiceExample,
  findAutopilotLimits,
  hasAuditEvent,
  listActionsByActor,
  listVoiceExamples,
  removeVoiceExample,
  saveAutopilotLimits,
} from "./repositories/autonomy";
export {
  attachDraftToBrief,
  type BriefRecord,
  type DraftRecord,
  findBriefOfDraft,
  findDraft,
  findTicketsBriefedOnOrder,
  insertDraft,
  listTicketsAwaitingBrief,
  recordDraftEdit,
  saveReadyBrief,
  type TicketAwaitingBrief,
} from "./repositories/briefs";
export {
  ensureInstallation,
  findInstallationById,
  findInstallationBySubdomain,
} from "./repositories/installations";
export { withAdvisoryLock } from "./repositories/locks";
export {
  claimDueOutbox,
  enqueueOutbox,
  listOutboxOfAction,
  markOutboxFailed,
  markOutboxSent,
  type OutboxRecord,
} from "./repositories/outbox";
export {
  externalTicketIds,
  listActionsOfTickets,
  listAuditEventsOfTickets,
  listBriefsInPeriod,
  listDraftsWithEdits,
  listRecentAuditEventsOfTypes,
  listRepliesOfActions,
  type Period,
} from "./repositories/reports";
export {
  findCurrentSettings,
  listSettingsVersions,
  type SettingsInput,
  saveSettingsVersion,
} from "./repositories/settings";
export {
  deleteShopifySession,
  findShopOwner,
  loadShopifySession,
  rotateShopifySession,
  type ShopifySessionRecord,
  type ShopifySessionTokens,
  saveShopifySession,
} from "./repositories/shopify-sessions";
export {
  findLatestBrief,
  findTicketByExternalId,
  findTicketWithLatestBrief,
  type TicketSnapshot,
  upsertTicket,
} from "./repositories/tickets";
export {
  type DeliveryRecord,
  recordWebhookDelivery,
} from "./repositories/webhook-deliveries";
export {
  type Action,
  type AuditEvent,
  type AutopilotLimits,
  type Brief,
  type Draft,
  type DraftEdit,
  type Installation,
  newId,
  type OutboxMessage,
  type SettingsVersion,
  type ShopifySession,
  type Ticket,
  type VoiceExample,
  type WebhookDelivery,
} from "./schema";
