import { index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, installationId } from "./columns";
import { installations } from "./installations";
import { briefs, tickets } from "./tickets";

/** A reply as the assistant proposed it, with its fact check and model cost. */
export const drafts = pgTable(
  "drafts",
  {
    id: id("drf"),
    installationId: installationId().references(() => installations.id, { onDelete: "cascade" }),
    ticketId: text("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    briefId: text("brief_id").references(() => briefs.id, { onDelete: "set null" }),
    intent: text("intent"),
    proposedText: text("proposed_text").notNull(),
    source: text("source", { enum: ["claude", "offline"] }).notNull(),
    factCheck: jsonb("fact_check").$type<Record<string, unknown>>(),
    usage: jsonb("usage").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (table) => [index("drafts_ticket_idx").on(table.installationId, table.ticketId)],
);

/** What the agent actually sent or saved, so edit rate and edit distance can be measured. */
export const draftEdits = pgTable(
  "draft_edits",
  {
    id: id("edt"),
    installationId: installationId().references(() => installations.id, { onDelete: "cascade" }),
    draftId: text("draft_id")
      .notNull()
      .references(() => drafts.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    editDistance: integer("edit_distance").notNull(),
    editedBy: text("edited_by").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("draft_edits_draft_idx").on(table.installationId, table.draftId)],
);

export type Draft = typeof drafts.$inferSelect;
export type DraftEdit = typeof draftEdits.$inferSelect;
