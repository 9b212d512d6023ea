import { Alert, Paragraph, Title } from "@zendeskgarden/react-notifications";
import { DEFAULT_THEME, ThemeProvider } from "@zendeskgarden/react-theming";
import { SM, XL } from "@zendeskgarden/react-typography";
import { StrictMode, useMemo } from "react";
import { createRoot } from "react-dom/client";
import { createApi, createLinkCall } from "../api";
import { BriefPanel } from "../brief-panel";
import type { ReplyHost } from "../components/draft-actions";
import { type LinkReading, readTicketLink, type TicketLink } from "./ticket-link";

const refusals: Record<Exclude<LinkReading, { ok: true }>["reason"], string> = {
  missing:
    "This page opens from the Countersign widget on a ticket. Open the ticket in your helpdesk and follow the widget's approve link.",
  malformed:
    "This link is incomplete. Open the ticket in your helpdesk and follow the widget's approve link again.",
  expired:
    "This link has expired. Open the ticket in your helpdesk: the widget shows a fresh link once the ticket changes or is reassigned.",
};

/** Where the reply goes: Gorgias has no app-side reply box, so the agent copies it. */
const copyHost: ReplyHost = {
  insert: {
    label: "Copy reply",
    async run(text) {
      await navigator.clipboard.writeText(text);
      return "Reply copied: paste it into the ticket's reply box.";
    },
  },
};

function ApprovePage({ link }: { link: TicketLink }) {
  const api = useMemo(() => createApi(createLinkCall(link.token)), [link.token]);
  return (
    <main style={{ padding: 16, display: "grid", gap: 12, maxWidth: 640, margin: "0 auto" }}>
      <header>
        <XL tag="h1">Ticket {link.ticketId}</XL>
        <SM>
          Signed for agent {link.agentId} on {link.account}, valid until{" "}
          {link.expiresAt.toLocaleString()}. Approving carries out the decision below and sends the
          reply on the ticket.
        </SM>
      </header>
      <BriefPanel api={api} ticketId={link.ticketId} host={copyHost} />
    </main>
  );
}

function Refused({ message }: { message: string }) {
  return (
    <main style={{ padding: 16, maxWidth: 640, margin: "0 auto" }}>
      <Alert type="warning" role="alert">
        <Title>Countersign cannot open this ticket</Title>
        <Paragraph>{message}</Paragraph>
      </Alert>
    </main>
  );
}

const reading = readTicketLink(window.location.hash, new Date());
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ThemeProvider theme={DEFAULT_THEME}>
        {reading.ok ? (
          <ApprovePage link={reading.link} />
        ) : (
          <Refused message={refusals[reading.reason]} />
        )}
      </ThemeProvider>
    </StrictMode>,
  );
}
