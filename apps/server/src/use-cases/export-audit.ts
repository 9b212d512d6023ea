import {
  externalTicketIds,
  findTicketByExternalId,
  type Installation,
  listAuditEvents,
} from "@countersign/db";
import type { Deps } from "../deps";

/** Most events one export returns; narrow the period for more. */
export const AUDIT_EXPORT_LIMIT = 10_000;

export interface AuditRecord {
  seq: number;
  at: string;
  /** The helpdesk's ticket id, or null for events about the account (settings…). */
  ticketId: string | null;
  actor: string;
  type: string;
  /** The stated reason, where the event has one. */
  why: string | null;
  data: Record<string, unknown>;
}

export interface AuditQueryInput {
  installation: Installation;
  ticketId?: number;
  from?: Date;
  to?: Date;
}

function whyOf(data: Record<string, unknown>): string | null {
  for (const key of ["reason", "message", "error"]) {
    const value = data[key];
    if (typeof value === "string" && value !== "") {
      return value;
    }
  }
  return null;
}

/** The audit trail of one ticket or one period, oldest first, as it was appended. */
export async function listAudit({
  deps,
  input,
}: {
  deps: Deps;
  input: AuditQueryInput;
}): Promise<AuditRecord[]> {
  const db = deps.database.db;
  let ticketRowId: string | undefined;
  if (input.ticketId !== undefined) {
    const row = await findTicketByExternalId(db, input.installation.id, String(input.ticketId));
    if (!row) {
      return [];
    }
    ticketRowId = row.id;
  }
  const events = await listAuditEvents(db, input.installation.id, {
    ticketId: ticketRowId,
    from: input.from,
    to: input.to,
    limit: AUDIT_EXPORT_LIMIT,
  });
  const rowIds = [...new Set(events.flatMap((event) => (event.ticketId ? [event.ticketId] : [])))];
  const external = await externalTicketIds(db, input.installation.id, rowIds);
  return events.map((event) => ({
    seq: event.seq,
    at: event.createdAt.toISOString(),
    ticketId: event.ticketId ? (external.get(event.ticketId) ?? null) : null,
    actor: event.actor,
    type: event.type,
    why: whyOf(event.data),
    data: event.data,
  }));
}

function csvCell(value: string): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** RFC 4180 CSV, one line per event, `data` as JSON in the last column. */
export function auditToCsv(records: AuditRecord[]): string {
  const header = ["seq", "at", "ticket_id", "actor", "type", "why", "data"];
  const lines = records.map((record) =>
    [
      String(record.seq),
      record.at,
      record.ticketId ?? "",
      record.actor,
      record.type,
      record.why ?? "",
      JSON.stringify(record.data),
    ]
      .map(csvCell)
      .join(","),
  );
  return `${[header.join(","), ...lines].join("\r\n")}\r\n`;
}
