import { doublePrecision, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, installationId, updatedAt } from "./columns";
import { drafts } from "./drafts";
import { installations } from "./installations";

/**
 * The spending circuit breaker of an installation: how much money, and how many money-moving
 * actions, autopilot may carry out in one UTC day before it drops back to approve.
 */
export const autopilotLimits = pgTable("autopilot_limits", {
  installationId: installationId()
    .primaryKey()
    .references(() => installations.id, { onDelete: "cascade" }),
  dailyAmount: doublePrecision("daily_amount").notNull(),
  dailyCount: integer("daily_count").notNull(),
  changedBy: text("changed_by").notNull(),
  updatedAt: updatedAt(),
});

/**
 * A reply a lead approved after editing it: an example of the brand's voice for later drafts of
 * the same intent. Removing one hides it from drafting; the row stays for the audit trail.
 */
export const voiceExamples = pgTable("voice_examples", {
  id: id("vex"),
  installationId: installationId().references(() => installations.id, { onDelete: "cascade" }),
  draftId: text("draft_id").references(() => drafts.id, { onDelete: "set null" }),
  intent: text("intent").notNull(),
  text: text("text").notNull(),
  addedBy: text("added_by").notNull(),
  removedBy: text("removed_by"),
  createdAt: createdAt(),
});

export type AutopilotLimits = typeof autopilotLimits.$inferSelect;
export type VoiceExample = typeof voiceExamples.$inferSelect;
