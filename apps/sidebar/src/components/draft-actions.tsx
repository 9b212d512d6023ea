import { Button } from "@zendeskgarden/react-buttons";
import { Field, Hint, Label, Textarea } from "@zendeskgarden/react-forms";
import { Alert, Paragraph, Title } from "@zendeskgarden/react-notifications";
import { Tag } from "@zendeskgarden/react-tags";
import { SM } from "@zendeskgarden/react-typography";
import { useMemo, useState } from "react";
import { type Api, ApiError } from "../api";
import type { Brief } from "../brief-types";

/** What the page around the brief offers: the helpdesk's reply box, its escalation group. */
export interface ReplyHost {
  /** The group Escalate hands the ticket to; the server's default when absent. */
  escalationGroup?: string;
  /** Puts the draft where the agent writes (or copies it); resolves to a status sentence. */
  insert: { label: string; run(text: string): Promise<string> };
}

interface Props {
  api: Api;
  brief: Brief;
  host: ReplyHost;
  /** Called after the server refused because the facts changed: load the fresh brief. */
  onStale(): void;
  onRegenerate(): void;
}

type Outcome = { kind: "done" | "refused" | "error"; message: string } | null;

export function DraftActions({ api, brief, host, onStale, onRegenerate }: Props) {
  const [text, setText] = useState(brief.draft.text);
  const [busy, setBusy] = useState<"approve" | "escalate" | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  // One key per draft: a retry or a double click is the same approval.
  const idempotencyKey = useMemo(
    () => `${brief.draft.id}:${crypto.randomUUID()}`,
    [brief.draft.id],
  );
  const needsPerson = brief.decision.approval === "human" || brief.decision.action === "escalate";
  const done = outcome?.kind === "done";
  const canApprove = !needsPerson && busy === null && !done && text.trim() !== "";

  async function approve() {
    setBusy("approve");
    try {
      const result = await api.approve(brief.ticket.id, {
        draftId: brief.draft.id,
        text,
        idempotencyKey,
      });
      setOutcome({
        kind: result.state === "succeeded" ? "done" : "refused",
        message: result.message,
      });
    } catch (error) {
      const failure = error instanceof ApiError ? error : null;
      setOutcome({
        kind: failure?.status === 409 || failure?.status === 403 ? "refused" : "error",
        message: (error as Error).message,
      });
      if (failure?.status === 409) {
        window.setTimeout(onStale, 1500);
      }
    } finally {
      setBusy(null);
    }
  }

  async function escalate() {
    setBusy("escalate");
    try {
      const group = host.escalationGroup;
      const result = await api.escalate(brief.ticket.id, group ? { group } : {});
      setOutcome({ kind: "done", message: result.message });
    } catch (error) {
      setOutcome({ kind: "error", message: (error as Error).message });
    } finally {
      setBusy(null);
    }
  }

  async function insert() {
    try {
      setOutcome({ kind: "done", message: await host.insert.run(text) });
    } catch (error) {
      setOutcome({ kind: "error", message: (error as Error).message });
    }
  }

  return (
    <section aria-label="Reply" style={{ display: "grid", gap: 8 }}>
      {needsPerson && brief.escalationSummary && (
        <Alert type="warning">
          <Title>A person should handle this ticket</Title>
          {brief.escalationSummary.map((line) => (
            <Paragraph key={line}>{line}</Paragraph>
          ))}
        </Alert>
      )}
      <Field>
        <Label>Draft reply</Label>
        <Hint>
          {brief.draft.source === "offline" ? (
            <Tag size="small" hue="grey">
              Offline draft
            </Tag>
          ) : (
            "Drafted by Claude"
          )}{" "}
          Edit it before you approve{needsPerson ? "." : " (Ctrl+Enter approves)."}
        </Hint>
        <Textarea
          value={text}
          minRows={6}
          maxRows={16}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            // Ctrl+Enter (⌘+Enter on a Mac) approves: the fast path for an agent at the keyboard.
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && canApprove) {
              event.preventDefault();
              void approve();
            }
          }}
          readOnly={done}
        />
      </Field>
      {!brief.draft.factCheck.ok && (
        <Alert type="warning" role="alert">
          <Title>Check these before sending</Title>
          {brief.draft.factCheck.problems.map((problem) => (
            <Paragraph key={problem.text}>
              “{problem.text}”: {problem.reason}
            </Paragraph>
          ))}
        </Alert>
      )}
      <div style={{ display: "flex", flexWrap: "wrap", gap: 6 }}>
        {!needsPerson && (
          <Button isPrimary onClick={() => void approve()} disabled={!canApprove}>
            {busy === "approve" ? "Approving…" : brief.approveLabel}
          </Button>
        )}
        <Button onClick={() => void escalate()} disabled={busy !== null || done}>
          {busy === "escalate" ? "Escalating…" : "Escalate"}
        </Button>
        <Button onClick={() => void insert()} disabled={busy !== null}>
          {host.insert.label}
        </Button>
        <Button isBasic onClick={onRegenerate} disabled={busy !== null || done}>
          Regenerate
        </Button>
      </div>
      <div role="status" aria-live="polite">
        {outcome && (
          <SM style={{ color: outcome.kind === "done" ? "#038153" : "#cc3340" }}>
            {outcome.message}
          </SM>
        )}
      </div>
    </section>
  );
}
