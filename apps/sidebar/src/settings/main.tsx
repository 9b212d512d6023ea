import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ClientProvider } from "../zaf/client-provider";
import { SettingsApp } from "./settings-app";

function OutsideHelpdesk() {
  return (
    <main style={{ padding: 16 }}>
      <p role="alert">
        Countersign's settings open inside your helpdesk: in Zendesk from the navigation bar, or
        from Settings in the local helpdesk at the server's home page.
      </p>
    </main>
  );
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ClientProvider outside={<OutsideHelpdesk />}>
        <SettingsApp />
      </ClientProvider>
    </StrictMode>,
  );
}
