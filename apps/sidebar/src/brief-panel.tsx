import { Button } from "@zendeskgarden/react-buttons";
import { Skeleton } from "@zendeskgarden/react-loaders";
import { Alert, Paragraph, Title } from "@zendeskgarden/react-notifications";
import { Tag } from "@zendeskgarden/react-tags";
import { SM } from "@zendeskgarden/react-typography";
import { useMemo } from "react";
import type { Api } from "./api";
import { CustomerCard } from "./components/customer-card";
import { DecisionCard } from "./components/decision-card";
import { DraftActions, type ReplyHost } from "./components/draft-actions";
import { OrderCard } from "./components/order-card";
import { Triage } from "./components/triage";
import { humanise } from "./format";
import { useBrief } from "./use-brief";

/**
 * Shadow mode: Countersign measures its decision and draft against the reply the agent writes,
 * so it keeps them out of sight; a draft the agent could copy would measure nothing.
 */
function ShadowNotice({ intent }: { intent: string }) {
  return (
    <Alert type="info" role="note" aria-label="Shadow mode">
      <Title>
        Shadow mode <Tag size="small">{humanise(intent)}</Tag>
      </Title>
      <Paragraph>
        Countersign is measuring this category: it has prepared a decision and a draft, and will
        compare them with the reply you send. Answer the customer in the helpdesk as you normally
        would; nothing is carried out from here.
      </Paragraph>
    </Alert>
  );
}

interface Props {
  /** Null until the page knows who is signed in. */
  api: Api | null;
  ticketId: number;
  host: ReplyHost;
}

/**
 * A ticket's brief and its actions: what the Zendesk sidebar shows, and the approve page a
 * helpdesk without an iframe sidebar (Gorgias) links to.
 */
export function BriefPanel({ api, ticketId, host }: Props) {
  const { state, reload, regenerate } = useBrief(api, ticketId);
  const isVip = useMemo(
    () =>
      state.state === "ready" &&
      state.brief.decision.reasons.some(
        (reason) => reason.rule.includes("vip") && reason.outcome === "fail",
      ),
    [state],
  );

  return (
    <>
      {state.state === "loading" && (
        <div role="status" aria-label="Preparing the brief" style={{ display: "grid", gap: 6 }}>
          <SM>Reading the ticket, the order and the policy…</SM>
          <Skeleton />
          <Skeleton width="60%" />
          <Skeleton width="80%" />
        </div>
      )}
      {state.state === "failed" && (
        <Alert type="error" role="alert">
          <Title>Countersign could not prepare this ticket</Title>
          <Paragraph>{state.message}</Paragraph>
          <Button size="small" onClick={() => void regenerate()}>
            Try again
          </Button>
        </Alert>
      )}
      {state.state === "ready" && api && (
        <>
          <Triage classification={state.brief.classification} />
          <CustomerCard
            customer={state.brief.customer}
            requester={state.brief.ticket.requester}
            isVip={isVip}
          />
          <OrderCard order={state.brief.order} choiceReason={state.brief.orderChoice.reason} />
          {state.mode === "shadow" ? (
            <ShadowNotice intent={state.brief.classification.intent} />
          ) : (
            <>
              <DecisionCard decision={state.brief.decision} />
              <DraftActions
                key={state.brief.draft.id}
                api={api}
                brief={state.brief}
                host={host}
                onStale={() => void reload()}
                onRegenerate={() => void regenerate()}
              />
            </>
          )}
        </>
      )}
    </>
  );
}
