import type { Database } from "@countersign/db";
import { and, eq } from "drizzle-orm";

/**
 * Forgets an accepted delivery whose work could not be queued, so the sender's retry is
 * accepted again instead of being taken for a repeat.
 */
export async function forgetWebhookDelivery(
  db: Database,
  source: string,
  deliveryId: string,
): Promise<void> {
  const { webhookDeliveries } = db._.fullSchema;
  await db
    .delete(webhookDeliveries)
    .where(and(eq(webhookDeliveries.source, source), eq(webhookDeliveries.deliveryId, deliveryId)));
}
