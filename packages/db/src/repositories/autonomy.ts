import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../client";
import {
  type AutopilotLimits,
  actions,
  auditEvents,
  autopilotLimits,
  type VoiceExample,
  voiceExamples,
} from "../schema";

/** The installation's circuit-breaker limits, or null while it uses the defaults. */
export async function findAutopilotLimits(
  db: Database,
  installationId: string,
): Promise<AutopilotLimits | null> {
  const rows = await db
    .select()
    .from(autopilotLimits)
    .where(eq(autopilotLimits.installationId, installationId))
    .limit(1);
  return rows[0] ?? null;
}

export async function saveAutopilotLimits(
  db: Database,
  installationId: string,
  limits: { dailyAmount: number; dailyCount: number; changedBy: string },
): Promise<AutopilotLimits> {
  const rows = await db
    .insert(autopilotLimits)
    .values({ installationId, ...limits })
    .onConflictDoUpdate({ target: autopilotLimits.installationId, set: limits })
    .returning();
  const row = rows[0];
  if (!row) {
    throw new Error("autopilot limits upsert returned no row");
  }
  return row;
}

/**
 * Actions of one actor, oldest first; `clientKeyPrefix` narrows them to the client keys that
 * start with it (autopilot's keys name the day they were taken on).
 */
export async function listActionsByActor(
  db: Database,
  installationId: string,
  query: { actor: string; clientKeyPrefix?: string },
) {
  const conditions = [eq(actions.installationId, installationId), eq(actions.actor, query.actor)];
  if (query.clientKeyPrefix !== undefined) {
    const pattern = `${query.clientKeyPrefix.replace(/[\\%_]/g, "\\$&")}%`;
    conditions.push(sql`${actions.request}->>'clientKey' like ${pattern}`);
  }
  return db
    .select()
    .from(actions)
    .where(and(...conditions))
    .orderBy(actions.createdAt, actions.id);
}

/** Whether an audit event of this type whose `data[key]` equals `value` exists. */
export async function hasAuditEvent(
  db: Database,
  installationId: string,
  query: { type: string; key: string; value: string; ticketId?: string },
): Promise<boolean> {
  const conditions = [
    eq(auditEvents.installationId, installationId),
    eq(auditEvents.type, query.type),
    sql`${auditEvents.data}->>${query.key} = ${query.value}`,
  ];
  if (query.ticketId !== undefined) {
    conditions.push(eq(auditEvents.ticketId, query.ticketId));
  }
  const rows = await db
    .select({ seq: auditEvents.seq })
    .from(auditEvents)
    .where(and(...conditions))
    .limit(1);
  return rows.length > 0;
}

/** Keeps an approved, edited reply as an example of the brand's voice for its intent. */
export async function addVoiceExample(
  db: Database,
  installationId: string,
  example: { draftId: string | null; intent: string; text: string; addedBy: string },
): Promise<VoiceExample> {
  const rows = await db
    .insert(voiceExamples)
    .values({ installationId, ...example })
    .returning();
  const row = rows[0];
  if (!row) {
    throw new Error("voice example insert returned no row");
  }
  return row;
}

/** Examples still in use, newest first; for one intent when given. */
export async function listVoiceExamples(
  db: Database,
  installationId: string,
  query: { intent?: string; limit?: number } = {},
): Promise<VoiceExample[]> {
  const conditions = [
    eq(voiceExamples.installationId, installationId),
    isNull(voiceExamples.removedBy),
  ];
  if (query.intent !== undefined) {
    conditions.push(eq(voiceExamples.intent, query.intent));
  }
  return db
    .select()
    .from(voiceExamples)
    .where(and(...conditions))
    .orderBy(desc(voiceExamples.createdAt), desc(voiceExamples.id))
    .limit(query.limit ?? 200);
}

/** Stops using an example for drafts; returns false when there was none in use. */
export async function removeVoiceExample(
  db: Database,
  installationId: string,
  exampleId: string,
  removedBy: string,
): Promise<boolean> {
  const rows = await db
    .update(voiceExamples)
    .set({ removedBy })
    .where(
      and(
        eq(voiceExamples.installationId, installationId),
        eq(voiceExamples.id, exampleId),
        isNull(voiceExamples.removedBy),
      ),
    )
    .returning({ id: voiceExamples.id });
  return rows.length > 0;
}
