import { randomBytes } from "node:crypto";
import { text, timestamp } from "drizzle-orm/pg-core";

/** A sortable, prefixed id: `tkt_` + time + randomness, e.g. `tkt_0mb3x9k2a1c8e7f6d5`. */
export function newId(prefix: string): string {
  const time = Date.now().toString(36).padStart(9, "0");
  return `${prefix}_${time}${randomBytes(6).toString("hex")}`;
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
