import { Button } from "@zendeskgarden/react-buttons";
import { Skeleton } from "@zendeskgarden/react-loaders";
import { Alert, Paragraph, Title } from "@zendeskgarden/react-notifications";
import { type RefObject, useCallback, useEffect, useRef, useState } from "react";
import { ApiError, createApi, type TicketSummary } from "./api";
import { TicketCard } from "./components/ticket-card";
import { useHelpdesk } from "./zaf/client-provider";

type Load =
  | { state: "loading" }
  | { state: "ready"; ticket: TicketSummary }
  | { state: "failed"; message: string };

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

export function App() {
  const helpdesk = useHelpdesk();
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const ref = useAutoResize();

  const fetchTicket = useCallback(async () => {
    setLoad({ state: "loading" });
    try {
      const ticketId = helpdesk.context.ticketId;
      if (typeof ticketId !== "number") {
        throw new ApiError(0, "Open a ticket to see Countersign's brief.", null);
      }
      const user = await helpdesk.client.get("currentUser");
      const current = user.currentUser as { id: number | string; name: string };
      const api = createApi(helpdesk, { id: String(current.id), name: current.name });
      setLoad({ state: "ready", ticket: await api.getTicket(ticketId) });
    } catch (error) {
      const message = error instanceof Error ? error.message : "Something went wrong.";
      setLoad({ state: "failed", message });
    }
  }, [helpdesk]);

  useEffect(() => {
    void fetchTicket();
  }, [fetchTicket]);

  return (
    <main ref={ref} style={{ padding: 12, display: "grid", gap: 12 }}>
      {load.state === "loading" && (
        <div role="status" aria-label="Loading the brief">
          <Skeleton />
          <Skeleton width="60%" />
          <Skeleton width="80%" />
        </div>
      )}
      {load.state === "failed" && (
        <Alert type="error" role="alert">
          <Title>Countersign could not load this ticket</Title>
          <Paragraph>{load.message}</Paragraph>
          <Button size="small" onClick={() => void fetchTicket()}>
            Try again
          </Button>
        </Alert>
      )}
      {load.state === "ready" && <TicketCard ticket={load.ticket} />}
    </main>
  );
}
