import { Alert, Paragraph, Title } from "@zendeskgarden/react-notifications";
import { type RefObject, useEffect, useMemo, useRef, useState } from "react";
import { type Api, createApi, createSignedCall } from "./api";
import { BriefPanel } from "./brief-panel";
import type { ReplyHost } from "./components/draft-actions";
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
        setApi(createApi(createSignedCall(helpdesk, { id: String(user.id), name: user.name })));
      }
    });
    return () => {
      live = false;
    };
  }, [helpdesk]);
  return api;
}

/** The Zendesk ticket sidebar: the brief of the ticket the agent has open. */
export function App() {
  const helpdesk = useHelpdesk();
  const ref = useAutoResize();
  const api = useApi();
  const ticketId = typeof helpdesk.context.ticketId === "number" ? helpdesk.context.ticketId : null;
  const host = useMemo<ReplyHost>(
    () => ({
      escalationGroup: helpdesk.metadata.settings.escalation_group?.trim() || undefined,
      insert: {
        label: "Insert into reply",
        async run(text) {
          await helpdesk.client.invoke("comment.appendText", text);
          return "Draft inserted into the reply box.";
        },
      },
    }),
    [helpdesk],
  );

  return (
    <main ref={ref} style={{ padding: 12, display: "grid", gap: 12 }}>
      {ticketId === null ? (
        <Alert type="info">
          <Title>Open a ticket</Title>
          <Paragraph>Countersign prepares a brief for each ticket.</Paragraph>
        </Alert>
      ) : (
        <BriefPanel api={api} ticketId={ticketId} host={host} />
      )}
    </main>
  );
}
