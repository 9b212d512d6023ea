import type { Database } from "../client";
import { webhookDeliveries } from "../schema";

export interface DeliveryRecord {
  source: string;
  deliveryId: string;
  topic: string;
  installationId?: string | null;
}

/** Records a delivery; false when the same delivery was already accepted (a redelivery). */
export async function recordWebhookDelivery(
  db: Database,
  record: DeliveryRecord,
): Promise<boolean> {
  const inserted = await db
    .insert(webhookDeliveries)
    .values({ ...record, installationId: record.installationId ?? null })
    .onConflictDoNothing({ target: [webhookDeliveries.source, webhookDeliveries.deliveryId] })
    .returning({ id: webhookDeliveries.id });
  return inserted.length === 1;
}
