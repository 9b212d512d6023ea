import { useEffect, useState } from "react";
import { BarChart } from "./charts";
import type { Metrics, PeriodFigures, SettingsApi } from "./settings-api";
import { cell, errorBox, hint, section, table } from "./styles";

const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;
const seconds = (value: number) =>
  value >= 3600
    ? `${Math.round(value / 360) / 10} h`
    : value >= 60
      ? `${Math.round(value / 6) / 10} min`
      : `${Math.round(value)} s`;
const dollars = (value: number) => `$${value.toFixed(4)}`;

const charts: { key: keyof PeriodFigures; title: string; format: (value: number) => string }[] = [
  { key: "autonomousResolutionRate", title: "Autonomous resolution rate", format: percent },
  { key: "escalationRate", title: "Escalation rate", format: percent },
  { key: "escalationAccuracy", title: "Escalation accuracy", format: percent },
  { key: "firstResponseMedianSeconds", title: "First-response time (median)", format: seconds },
  { key: "timeToApproveMedianSeconds", title: "Time to approve (median)", format: seconds },
  { key: "costPerTicketUsd", title: "Model cost per ticket", format: dollars },
];

function latestOf(metrics: Metrics): PeriodFigures | null {
  return metrics.periods.at(-1) ?? null;
}

/** The dashboard: weekly or daily figures, each with its definition beside it. */
export function MetricsDashboard({ api }: { api: SettingsApi }) {
  const [period, setPeriod] = useState<"week" | "day">("week");
  const [metrics, setMetrics] = useState<Metrics | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .getMetrics(period)
      .then((answer) => live && setMetrics(answer))
      .catch((failure: Error) => live && setError(failure.message));
    return () => {
      live = false;
    };
  }, [api, period]);

  if (error) {
    return (
      <div role="alert" style={errorBox}>
        {error}
      </div>
    );
  }
  if (!metrics) {
    return <p>Loading the figures…</p>;
  }
  const latest = latestOf(metrics);
  return (
    <div>
      <fieldset style={{ border: 0, padding: 0, marginBottom: 12 }}>
        <legend>Period</legend>
        {(["week", "day"] as const).map((option) => (
          <label key={option} style={{ marginRight: 12 }}>
            <input
              type="radio"
              name="period"
              checked={period === option}
              onChange={() => setPeriod(option)}
            />{" "}
            {option === "week" ? "Weekly" : "Daily"}
          </label>
        ))}
      </fieldset>
      {metrics.periods.length === 0 ? <p>No tickets in this range yet.</p> : null}
      <div
        style={{
          display: "grid",
          gridTemplateColumns: "repeat(auto-fill, minmax(340px, 1fr))",
          gap: 12,
        }}
      >
        {charts.map((chart) => (
          <section key={chart.key} style={section} aria-label={chart.title}>
            <h3 style={{ margin: "0 0 4px", fontSize: 14 }}>{chart.title}</h3>
            <BarChart
              title={chart.title}
              format={chart.format}
              points={metrics.periods.map((figures) => ({
                label: figures.period,
                value: figures[chart.key] as number | null,
              }))}
            />
            <p style={hint}>{metrics.definitions[chart.key]}</p>
          </section>
        ))}
      </div>

      {latest ? (
        <section style={section} aria-label="Categories">
          <h3 style={{ marginTop: 0, fontSize: 14 }}>Categories, period of {latest.period}</h3>
          <table style={table}>
            <thead>
              <tr>
                {[
                  "Category",
                  "Tickets",
                  "Approved without edits",
                  "Mean edit distance",
                  "Shadow agreement",
                ].map((heading) => (
                  <th key={heading} style={cell}>
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Object.entries(latest.categories).map(([intent, figures]) => (
                <tr key={intent}>
                  <td style={cell}>
                    {intent}
                    {latest.falling
                      .filter((fall) => fall.intent === intent)
                      .map(
                        (fall) =>
                          ` ⚠ ${fall.metric === "shadowAgreement" ? "shadow agreement" : "approval without edits"} fell from ${percent(fall.from)} to ${percent(fall.to)}`,
                      )
                      .join("")}
                  </td>
                  <td style={cell}>{figures.tickets}</td>
                  <td style={cell}>
                    {figures.approvalWithoutEditsRate === null
                      ? "–"
                      : `${percent(figures.approvalWithoutEditsRate)} (${figures.approvedWithoutEdits}/${figures.approved})`}
                  </td>
                  <td style={cell}>
                    {figures.meanEditDistance === null ? "–" : figures.meanEditDistance.toFixed(1)}
                  </td>
                  <td style={cell}>
                    {figures.shadowAgreement === null
                      ? "–"
                      : `${percent(figures.shadowAgreement)} (${figures.shadowMatched}/${figures.shadowCompared})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p style={hint}>{metrics.definitions.approvalWithoutEditsRate}</p>
          <p style={hint}>{metrics.definitions.meanEditDistance}</p>
          <p style={hint}>{metrics.definitions.falling}</p>
          <h3 style={{ fontSize: 14 }}>Knowledge gaps</h3>
          {Object.keys(latest.knowledgeGaps).length === 0 ? (
            <p>None this period.</p>
          ) : (
            <ul>
              {Object.entries(latest.knowledgeGaps).map(([intent, count]) => (
                <li key={intent}>
                  {intent}: {count}
                </li>
              ))}
            </ul>
          )}
          <p style={hint}>{metrics.definitions.knowledgeGaps}</p>
        </section>
      ) : null}

      <section style={section} aria-label="Autopilot suggestions">
        <h3 style={{ marginTop: 0, fontSize: 14 }}>Ready for autopilot?</h3>
        {metrics.autopilotSuggestions.length === 0 ? (
          <p>No category runs in shadow mode yet.</p>
        ) : (
          <ul>
            {metrics.autopilotSuggestions.map((suggestion) => (
              <li key={suggestion.intent}>
                <strong>{suggestion.intent}</strong>:{" "}
                {suggestion.suggested ? "suggested for autopilot — " : "not yet — "}
                {suggestion.why}
              </li>
            ))}
          </ul>
        )}
        <p style={hint}>{metrics.definitions.autopilotSuggestion}</p>
      </section>
    </div>
  );
}
