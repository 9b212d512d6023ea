import type { DecisionSummary, PolicyReplay } from "./settings-api";
import { cell, table } from "./styles";

function describe(decision: DecisionSummary): string {
  const amount = decision.amount === null ? "" : ` ${decision.amount.toFixed(2)}`;
  return `${decision.action}${amount} · tier ${decision.tier} · ${decision.approval}`;
}

/** What the proposed policy would have decided differently over the last 30 days. */
export function ReplayReport({ report }: { report: PolicyReplay }) {
  const delta = Object.entries(report.moneyDelta)
    .filter(([, amount]) => amount !== 0)
    .map(([currency, amount]) => `${amount > 0 ? "+" : ""}${amount.toFixed(2)} ${currency}`)
    .join(", ");
  return (
    <section aria-label="Replay" style={{ margin: "8px 0" }}>
      <p role="status">
        Replayed {report.cases} tickets from the last 30 days: {report.changed}{" "}
        {report.changed === 1 ? "decision changes" : "decisions change"}
        {delta ? ` (money moved ${delta})` : ""}.
      </p>
      {report.changes.length > 0 ? (
        <table style={table}>
          <thead>
            <tr>
              <th style={cell}>Ticket</th>
              <th style={cell}>Now</th>
              <th style={cell}>Under the proposed policy</th>
            </tr>
          </thead>
          <tbody>
            {report.changes.map((change) => (
              <tr key={change.ticketId}>
                <td style={cell}>
                  #{change.ticketId} {change.subject}
                </td>
                <td style={cell}>{describe(change.before)}</td>
                <td style={cell}>{describe(change.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {report.errors.length > 0 ? (
        <p>{report.errors.length} tickets could not be replayed.</p>
      ) : null}
    </section>
  );
}
