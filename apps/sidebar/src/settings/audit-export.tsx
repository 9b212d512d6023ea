import { useState } from "react";
import type { SettingsApi } from "./settings-api";
import { button, errorBox, field, hint, secondaryButton } from "./styles";

function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The audit trail of a ticket or a period, downloaded as CSV or JSON. */
export function AuditExport({ api }: { api: SettingsApi }) {
  const [ticketId, setTicketId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function run(format: "csv" | "json") {
    setError(null);
    setDone(null);
    const query = new URLSearchParams();
    if (ticketId.trim() !== "") {
      query.set("ticketId", ticketId.trim());
    }
    if (from !== "") {
      query.set("from", new Date(`${from}T00:00:00Z`).toISOString());
    }
    if (to !== "") {
      query.set("to", new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000).toISOString());
    }
    try {
      const answer = await api.exportAudit(query.toString(), format);
      const name = `countersign-audit${ticketId ? `-ticket-${ticketId}` : ""}.${format}`;
      const content = typeof answer === "string" ? answer : JSON.stringify(answer, null, 2);
      download(name, format === "csv" ? "text/csv" : "application/json", content);
      const count =
        format === "json"
          ? (answer as { events: unknown[] }).events.length
          : Math.max(0, content.trim().split("\r\n").length - 1);
      setDone(`Exported ${count} events as ${format.toUpperCase()}.`);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }

  return (
    <div>
      <p style={hint}>
        Every brief, decision, edit, approval, refusal, action, webhook and settings change, as
        appended (never changed afterwards): who, what, when and why. A ticket's export is the
        evidence for a chargeback.
      </p>
      <div style={field}>
        <label htmlFor="audit-ticket">Ticket id (empty for every ticket)</label>
        <input
          id="audit-ticket"
          inputMode="numeric"
          value={ticketId}
          onChange={(e) => setTicketId(e.target.value)}
        />
      </div>
      <div style={field}>
        <label htmlFor="audit-from">From (UTC day)</label>
        <input id="audit-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </div>
      <div style={field}>
        <label htmlFor="audit-to">To (UTC day, included)</label>
        <input id="audit-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </div>
      <p style={{ display: "flex", gap: 8 }}>
        <button type="button" style={button} onClick={() => void run("csv")}>
          Export CSV
        </button>
        <button type="button" style={secondaryButton} onClick={() => void run("json")}>
          Export JSON
        </button>
      </p>
      {error ? (
        <div role="alert" style={errorBox}>
          {error}
        </div>
      ) : null}
      {done ? <p role="status">{done}</p> : null}
    </div>
  );
}
