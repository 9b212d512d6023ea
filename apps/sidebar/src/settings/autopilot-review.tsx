import { useCallback, useEffect, useState } from "react";
import type { AutopilotReview, Settings, SettingsApi } from "./settings-api";
import { button, cell, errorBox, hint, secondaryButton, section, table } from "./styles";

type Undo = NonNullable<NonNullable<AutopilotReview["review"]>["undo"]>;

/** How each outcome of an undo is labelled; a failed one asks a person to act. */
const undoLabel: Record<Undo["state"], string> = {
  undone: "Undone in Shopify",
  failed: "Not undone: do it by hand",
  not_reversible: "Cannot be reversed",
  nothing_to_undo: "Nothing to undo",
  pending: "Outcome unknown",
};

function UndoOutcome({ undo }: { undo: Undo }) {
  const needsPerson = undo.state === "failed" || undo.state === "pending";
  return (
    <div style={{ marginTop: 4, fontSize: 12, color: needsPerson ? "#8c232c" : "#49545c" }}>
      <strong>{undoLabel[undo.state]}.</strong> {undo.message}
    </div>
  );
}

/** What autopilot did, for the team to read, keep or reverse; and today's spending. */
export function AutopilotReviewQueue({ api }: { api: SettingsApi }) {
  const [items, setItems] = useState<AutopilotReview[] | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string>("");
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [queue, current] = await Promise.all([api.getReviews(), api.getSettings()]);
    setItems(queue.items);
    setSettings(current);
  }, [api]);

  useEffect(() => {
    load().catch((failure: Error) => setError(failure.message));
  }, [load]);

  async function review(item: AutopilotReview, verdict: "ok" | "reverse") {
    setError(null);
    setBusy(item.actionId);
    setStatus(verdict === "reverse" ? "Reversing…" : "");
    try {
      const reviewed = await api.review(item.actionId, verdict, null);
      setStatus(
        verdict === "ok"
          ? "Kept."
          : `Reversed: the category is back on approval. ${reviewed.review?.undo?.message ?? ""}`.trim(),
      );
      await load();
    } catch (failure) {
      setStatus("");
      setError((failure as Error).message);
    } finally {
      setBusy(null);
    }
  }

  if (!items || !settings) {
    return error ? (
      <div role="alert" style={errorBox}>
        {error}
      </div>
    ) : (
      <p>Loading what autopilot did…</p>
    );
  }
  const today = settings.autopilotToday;
  const limits = settings.autopilotLimits;
  return (
    <div>
      <section style={section} aria-label="Circuit breaker">
        <h2 style={{ fontSize: 16, marginTop: 0 }}>Today ({today.day})</h2>
        <p>
          Autopilot moved {today.spent.toFixed(2)} in {today.count} refunds today, of at most{" "}
          {limits.dailyAmount.toFixed(2)} in {limits.dailyCount}.{" "}
          {today.tripped
            ? "The limit was reached: autopilot tickets wait for an agent's approval until tomorrow."
            : "Within the limits."}
        </p>
      </section>
      <section style={section} aria-label="Review queue">
        <h2 style={{ fontSize: 16, marginTop: 0 }}>Review queue</h2>
        <p style={hint}>
          Reversing takes the category back to one-click approval and undoes in Shopify what can be
          undone, once: a return autopilot opened is cancelled, a replacement that has not shipped
          is cancelled, a changed address is put back. A refund or a cancellation cannot be taken
          back; the outcome is shown here and noted on the ticket.
        </p>
        {items.length === 0 ? <p>Autopilot has not acted yet.</p> : null}
        {items.length > 0 ? (
          <table style={table}>
            <thead>
              <tr>
                {["When", "Ticket", "Category", "Action", "Review"].map((heading) => (
                  <th key={heading} style={cell}>
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.actionId}>
                  <td style={cell}>{item.at.replace("T", " ").slice(0, 16)}</td>
                  <td style={cell}>#{item.ticketId}</td>
                  <td style={cell}>{item.intent}</td>
                  <td style={cell}>
                    {item.action}
                    {item.amount === null
                      ? ""
                      : ` ${item.amount.toFixed(2)} ${item.currency ?? ""}`}{" "}
                    ({item.state})
                  </td>
                  <td style={cell}>
                    {item.review ? (
                      <>
                        {`${item.review.verdict === "ok" ? "Kept" : "Reversed"} by ${item.review.by}`}
                        {item.review.undo ? <UndoOutcome undo={item.review.undo} /> : null}
                      </>
                    ) : settings.viewer.canEdit ? (
                      <span style={{ display: "flex", gap: 6 }}>
                        <button
                          type="button"
                          style={button}
                          disabled={busy !== null}
                          onClick={() => void review(item, "ok")}
                        >
                          Keep
                        </button>
                        <button
                          type="button"
                          style={secondaryButton}
                          disabled={busy !== null}
                          onClick={() => void review(item, "reverse")}
                        >
                          Reverse
                        </button>
                      </span>
                    ) : (
                      "Waiting for a lead"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <p role="status" aria-live="polite" style={hint}>
          {status}
        </p>
        {error ? (
          <div role="alert" style={errorBox}>
            {error}
          </div>
        ) : null}
      </section>
    </div>
  );
}
