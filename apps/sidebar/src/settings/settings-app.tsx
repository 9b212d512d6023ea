import { useCallback, useEffect, useMemo, useState } from "react";
import { useHelpdesk } from "../zaf/client-provider";
import { AuditExport } from "./audit-export";
import { AutopilotReviewQueue } from "./autopilot-review";
import { MetricsDashboard } from "./metrics-dashboard";
import { PolicyEditor } from "./policy-editor";
import { ReplayReport } from "./replay-report";
import {
  createSettingsApi,
  type PolicyReplay,
  type Settings,
  type SettingsApi,
} from "./settings-api";
import { button, errorBox, field, hint, okBox, secondaryButton, section } from "./styles";

const MODES: { value: string; label: string }[] = [
  { value: "off", label: "Off" },
  { value: "shadow", label: "Shadow (prepare, never act)" },
  { value: "approve", label: "Approve (one click)" },
  { value: "autopilot", label: "Autopilot (no click where allowed)" },
];

const list = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

/** Between two example replies in their text box. */
const EXAMPLE_SEPARATOR = "\n---\n";

type Tab = "settings" | "metrics" | "autopilot" | "audit";

/** The founder's page: settings, metrics and the audit log, in the helpdesk's nav bar. */
export function SettingsApp() {
  const helpdesk = useHelpdesk();
  const [api, setApi] = useState<SettingsApi | null>(null);
  const [tab, setTab] = useState<Tab>("settings");

  useEffect(() => {
    void helpdesk.client.get("currentUser").then((answer) => {
      const user = answer.currentUser as { id: number | string; name: string };
      setApi(createSettingsApi(helpdesk, { id: String(user.id), name: user.name }));
    });
  }, [helpdesk]);

  if (!api) {
    return null;
  }
  const tabs: { id: Tab; label: string }[] = [
    { id: "settings", label: "Settings" },
    { id: "metrics", label: "Metrics" },
    { id: "autopilot", label: "Autopilot" },
    { id: "audit", label: "Audit log" },
  ];
  return (
    <main style={{ padding: 16, maxWidth: 1100 }}>
      <h1 style={{ fontSize: 20, margin: "0 0 12px" }}>Countersign</h1>
      <div
        role="tablist"
        aria-label="Countersign pages"
        style={{ display: "flex", gap: 8, marginBottom: 16 }}
      >
        {tabs.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            aria-selected={tab === item.id}
            style={tab === item.id ? button : secondaryButton}
            onClick={() => setTab(item.id)}
          >
            {item.label}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === "settings" ? <SettingsForm api={api} /> : null}
        {tab === "metrics" ? <MetricsDashboard api={api} /> : null}
        {tab === "autopilot" ? <AutopilotReviewQueue api={api} /> : null}
        {tab === "audit" ? <AuditExport api={api} /> : null}
      </div>
    </main>
  );
}

function SettingsForm({ api }: { api: SettingsApi }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [policy, setPolicy] = useState<Record<string, unknown>>({});
  const [modes, setModes] = useState<Record<string, string>>({});
  const [voice, setVoice] = useState({
    tone: "",
    greeting: "",
    signOff: "",
    wordsToUse: "",
    wordsToAvoid: "",
    exampleReplies: "",
  });
  const [leadRoles, setLeadRoles] = useState("");
  const [limits, setLimits] = useState({ dailyAmount: "", dailyCount: "" });
  const [reason, setReason] = useState("");
  const [replay, setReplay] = useState<{ policy: string; report: PolicyReplay } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const load = useCallback(async () => {
    const current = await api.getSettings();
    setSettings(current);
    setPolicy(current.policy);
    setModes(current.modes);
    setVoice({
      tone: current.brandVoice.tone,
      greeting: current.brandVoice.greeting,
      signOff: current.brandVoice.signOff,
      wordsToUse: current.brandVoice.wordsToUse.join(", "),
      wordsToAvoid: current.brandVoice.wordsToAvoid.join(", "),
      exampleReplies: current.brandVoice.exampleReplies.join(EXAMPLE_SEPARATOR),
    });
    setLeadRoles(current.leadRoles.join(", "));
    setLimits({
      dailyAmount: String(current.autopilotLimits.dailyAmount),
      dailyCount: String(current.autopilotLimits.dailyCount),
    });
    setReplay(null);
  }, [api]);

  useEffect(() => {
    load().catch((failure: Error) => setError(failure.message));
  }, [load]);

  const policyKey = useMemo(() => JSON.stringify(policy), [policy]);
  if (!settings) {
    return error ? (
      <div role="alert" style={errorBox}>
        {error}
      </div>
    ) : (
      <p>Loading the settings…</p>
    );
  }
  const policyChanged = policyKey !== JSON.stringify(settings.policy);
  const replayed = replay?.policy === policyKey;
  const canEdit = settings.viewer.canEdit;

  async function runReplay() {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      setReplay({ policy: policyKey, report: await api.replay(policy) });
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    if (!settings) {
      return;
    }
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const answer = await api.saveSettings({
        expectedVersion: settings.version,
        policy,
        brandVoice: {
          tone: voice.tone,
          greeting: voice.greeting,
          signOff: voice.signOff,
          wordsToUse: list(voice.wordsToUse),
          wordsToAvoid: list(voice.wordsToAvoid),
          exampleReplies: voice.exampleReplies
            .split(/\n-{3,}\n/)
            .map((reply) => reply.trim())
            .filter((reply) => reply !== ""),
        },
        modes,
        leadRoles: list(leadRoles),
        autopilotLimits: {
          dailyAmount: Number(limits.dailyAmount),
          dailyCount: Number(limits.dailyCount),
        },
        reason: reason.trim() === "" ? null : reason.trim(),
      });
      await load();
      setReason("");
      setSaved(`Saved as version ${answer.version}. The next briefs follow it.`);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function removeExample(id: string) {
    setError(null);
    try {
      await api.removeExample(id);
      const current = await api.getSettings();
      setSettings({ ...settings, voiceExamples: current.voiceExamples } as Settings);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }

  return (
    <form
      aria-label="Settings"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <p style={hint}>
        Version {settings.version} · you are {settings.viewer.role}
        {canEdit ? "" : " — only a lead can change these settings"}
      </p>
      <fieldset disabled={!canEdit || busy} style={{ border: 0, padding: 0, margin: 0 }}>
        <section style={section} aria-label="Returns policy">
          <h2 style={{ fontSize: 16, marginTop: 0 }}>Returns policy</h2>
          <p style={hint}>
            Empty fields use the value shown in grey (the default or the value in force).
          </p>
          <PolicyEditor
            properties={settings.policySchema.properties}
            value={policy}
            effective={settings.effectivePolicy}
            onChange={(next) => {
              setPolicy(next);
              setSaved(null);
            }}
          />
          <p>
            <button type="button" style={secondaryButton} onClick={() => void runReplay()}>
              Replay the last 30 days
            </button>
          </p>
          {replay && replayed ? <ReplayReport report={replay.report} /> : null}
          {policyChanged && !replayed ? (
            <p style={hint}>Replay the last 30 days under the changed policy before saving it.</p>
          ) : null}
        </section>

        <section style={section} aria-label="Modes per category">
          <h2 style={{ fontSize: 16, marginTop: 0 }}>Autonomy per category</h2>
          <p style={hint}>
            Autopilot acts only where the decision needs no approval (tier 1–2, within the no-click
            limit) and within the daily limits below; tier 3 and 4 always wait for a person.
          </p>
          {Object.entries(modes).map(([intent, mode]) => (
            <div key={intent} style={field}>
              <label htmlFor={`mode-${intent}`}>{intent}</label>
              <select
                id={`mode-${intent}`}
                value={mode}
                onChange={(event) => setModes({ ...modes, [intent]: event.target.value })}
              >
                {MODES.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <div style={field}>
            <label htmlFor="limit-amount">Autopilot refunds per day, at most (money)</label>
            <input
              id="limit-amount"
              type="number"
              min={0}
              step="any"
              value={limits.dailyAmount}
              onChange={(event) => setLimits({ ...limits, dailyAmount: event.target.value })}
            />
          </div>
          <div style={field}>
            <label htmlFor="limit-count">Autopilot refunds per day, at most (count)</label>
            <input
              id="limit-count"
              type="number"
              min={0}
              step={1}
              value={limits.dailyCount}
              onChange={(event) => setLimits({ ...limits, dailyCount: event.target.value })}
            />
          </div>
        </section>

        <section style={section} aria-label="Brand voice">
          <h2 style={{ fontSize: 16, marginTop: 0 }}>Brand voice</h2>
          {(
            [
              ["tone", "Tone"],
              ["greeting", "Greeting"],
              ["signOff", "Sign-off"],
              ["wordsToUse", "Words to use (comma-separated)"],
              ["wordsToAvoid", "Words to avoid (comma-separated)"],
              [
                "exampleReplies",
                "Example replies you are proud of (separate them with a line of ---)",
              ],
            ] as const
          ).map(([key, label]) => (
            <div key={key} style={field}>
              <label htmlFor={`voice-${key}`}>{label}</label>
              {key === "signOff" || key === "exampleReplies" ? (
                <textarea
                  id={`voice-${key}`}
                  value={voice[key]}
                  onChange={(event) => setVoice({ ...voice, [key]: event.target.value })}
                />
              ) : (
                <input
                  id={`voice-${key}`}
                  value={voice[key]}
                  onChange={(event) => setVoice({ ...voice, [key]: event.target.value })}
                />
              )}
            </div>
          ))}
          <h3 style={{ fontSize: 14 }}>Learnt from your edits</h3>
          <p style={hint}>
            Replies a lead edited and approved; later drafts of the same category imitate their
            voice (never their facts).
          </p>
          {settings.voiceExamples.length === 0 ? <p>None yet.</p> : null}
          <ul style={{ paddingLeft: 16 }}>
            {settings.voiceExamples.map((example) => (
              <li key={example.id} style={{ marginBottom: 8 }}>
                <div style={hint}>
                  {example.intent} · {example.createdAt.slice(0, 10)} · {example.addedBy}
                </div>
                <div style={{ whiteSpace: "pre-wrap" }}>{example.text}</div>
                <button
                  type="button"
                  style={secondaryButton}
                  aria-label={`Remove example ${example.id}`}
                  onClick={() => void removeExample(example.id)}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        </section>

        <section style={section} aria-label="Lead roles">
          <h2 style={{ fontSize: 16, marginTop: 0 }}>Lead roles</h2>
          <p style={hint}>In force: {settings.effectiveLeadRoles.summary}</p>
          <div style={field}>
            <label htmlFor="lead-roles">
              Helpdesk roles that approve as a lead (comma-separated)
              {settings.effectiveLeadRoles.source === "zendesk_app"
                ? ", used only while the Zendesk app's Lead roles setting is empty"
                : ""}
            </label>
            <input
              id="lead-roles"
              value={leadRoles}
              onChange={(event) => setLeadRoles(event.target.value)}
            />
          </div>
        </section>

        <div style={field}>
          <label htmlFor="reason">Why this change (kept in the audit log)</label>
          <input id="reason" value={reason} onChange={(event) => setReason(event.target.value)} />
        </div>
        <p>
          <button type="submit" style={button} disabled={policyChanged && !replayed}>
            Save settings
          </button>
        </p>
      </fieldset>
      {error ? (
        <div role="alert" style={errorBox}>
          {error}
        </div>
      ) : null}
      {saved ? (
        <div role="status" style={okBox}>
          {saved}
        </div>
      ) : null}
      <section style={section} aria-label="History">
        <h2 style={{ fontSize: 16, marginTop: 0 }}>History</h2>
        {settings.history.length === 0 ? <p>No changes yet: the defaults are in force.</p> : null}
        <ul>
          {settings.history.map((entry) => (
            <li key={entry.version}>
              Version {entry.version} · {entry.createdAt.replace("T", " ").slice(0, 16)} ·{" "}
              {entry.changedBy}
              {entry.reason ? ` — ${entry.reason}` : ""}
            </li>
          ))}
        </ul>
      </section>
    </form>
  );
}
