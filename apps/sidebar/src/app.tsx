import { Button } from "@zendeskgarden/react-buttons";
import { Skeleton } from "@zendeskgarden/react-loaders";
import { Alert, Paragraph, Title } from "@zendeskgarden/react-notifications";
import { SM } from "@zendeskgarden/react-typography";
import { type RefObject, useEffect, useMemo, useRef, useState } from "react";
import { type Api, createApi } from "./api";
import { CustomerCard } from "./components/customer-card";
import { DecisionCard } from "./components/decision-card";
import { DraftActions } from "./components/draft-actions";
import { OrderCard } from "./components/order-card";
import { Triage } from "./components/triage";
import { useBrief } from "./use-brief";
import { useHelpdesk } from "./zaf/client-provider";

/** Keeps the sidebar iframe as tall as its content. */
function useAutoResize(): RefObject<HTMLElement> {
  const { client } = useHelpdesk();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) {
      return;
    }
    const observer = new ResizeObserver(() => {
      const height = Math.ceil(element.getBoundingClientRect().height) + 16;
      void client.invoke("resize", { width: "100%", height: `${height}px` });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [client]);
  return ref;
}

/** The signed-in agent, read once from the helpdesk. */
function useApi(): Api | null {
  const helpdesk = useHelpdesk();
  const [api, setApi] = useState<Api | null>(null);
  useEffect(() => {
    let live = true;
    void helpdesk.client.get("currentUser").then((answer) => {
      const user = answer.currentUser as { id: number | string; name: string };
      if (live) {
        setApi(createApi(helpdesk, { id: String(user.id), name: user.name }));
      }
    });
    return () => {
      live = false;
    };
  }, [helpdesk]);
  return api;
}

export function App() {
  const helpdesk = useHelpdesk();
  const ref = useAutoResize();
  const api = useApi();
  const ticketId = typeof helpdesk.context.ticketId === "number" ? helpdesk.context.ticketId : null;
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
    <main ref={ref} style={{ padding: 12, display: "grid", gap: 12 }}>
      {ticketId === null && (
        <Alert type="info">
          <Title>Open a ticket</Title>
          <Paragraph>Countersign prepares a brief for each ticket.</Paragraph>
        </Alert>
      )}
      {ticketId !== null && state.state === "loading" && (
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
          <DecisionCard decision={state.brief.decision} />
          <DraftActions
            key={state.brief.draft.id}
            api={api}
            brief={state.brief}
            onStale={() => void reload()}
            onRegenerate={() => void regenerate()}
          />
        </>
      )}
    </main>
  );
}
