export { type Action, actions, type NewAction } from "./actions";
export { type AuditEvent, auditEvents } from "./audit-events";
export {
  type AutopilotLimits,
  autopilotLimits,
  type VoiceExample,
  voiceExamples,
} from "./autonomy";
export { newId } from "./columns";
export { type Draft, type DraftEdit, draftEdits, drafts } from "./drafts";
export { type Installation, installations, type NewInstallation } from "./installations";
export { type OutboxMessage, outbox } from "./outbox";
export { type SettingsVersion, settingsVersions } from "./settings";
export { type ShopifySession, shopifySessions } from "./shopify-sessions";
export { type Brief, briefs, type NewTicket, type Ticket, tickets } from "./tickets";
export { type WebhookDelivery, webhookDeliveries } from "./webhook-deliveries";
