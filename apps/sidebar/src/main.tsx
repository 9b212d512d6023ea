import { Alert, Paragraph, Title } from "@zendeskgarden/react-notifications";
import { DEFAULT_THEME, ThemeProvider } from "@zendeskgarden/react-theming";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app";
import { ClientProvider } from "./zaf/client-provider";

function OutsideHelpdesk() {
  return (
    <main style={{ padding: 12 }}>
      <Alert type="info">
        <Title>Countersign runs inside your helpdesk</Title>
        <Paragraph>
          Open a ticket in Zendesk (or in the local helpdesk at the server's home page) to see
          Countersign's brief for it.
        </Paragraph>
      </Alert>
    </main>
  );
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ThemeProvider theme={DEFAULT_THEME}>
        <ClientProvider outside={<OutsideHelpdesk />}>
          <App />
        </ClientProvider>
      </ThemeProvider>
    </StrictMode>,
  );
}
