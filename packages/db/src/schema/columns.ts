import { randomBytes } from "node:crypto";
import { text, timestamp } from "drizzle-orm/pg-core";

let lastMs = 0;
let sequence = 0;

/**
 * A prefixed id that sorts by creation within this process (`tkt_` + time + counter +
 * randomness, e.g. `tkt_0mb3x9k2a0000c8e7f6d5a4b3`): a counter orders ids
 * made in the same millisecond (queries break timestamp ties by id), then randomness so
 * processes never collide.
 */
export function newId(prefix: string): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else {
    sequence += 1;
  }
  const time = lastMs.toString(36).padStart(9, "0");
  const order = sequence.toString(36).padStart(4, "0");
  return `${prefix}_${time}${order}${randomBytes(6).toString("hex")}`;
}

/** Primary key column whose default is a new prefixed id. */
export function id(prefix: string) {
  return text("id")
    .primaryKey()
    .$defaultFn(() => newId(prefix));
}

export function createdAt() {
  return timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
}

export function updatedAt() {
  return timestamp("updated_at", { withTimezone: true, mode: "date" })
    .notNull()
    .defaultNow()
    .$onUpdateFn(() => new Date());
}

/** Every tenant-owned row points at its installation; queries always filter on it. */
export function installationId() {
  return text("installation_id").notNull();
}
