import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import ZAFClient from "zendesk_app_framework_sdk";
import type { ZafClient, ZafContext, ZafMetadata } from "./types";

export interface Helpdesk {
  client: ZafClient;
  context: ZafContext;
  metadata: ZafMetadata;
}

const HelpdeskContext = createContext<Helpdesk | null>(null);

/** The connected helpdesk; only usable below `ClientProvider`. */
export function useHelpdesk(): Helpdesk {
  const helpdesk = useContext(HelpdeskContext);
  if (!helpdesk) {
    throw new Error("useHelpdesk is used outside ClientProvider");
  }
  return helpdesk;
}

interface ClientProviderProps {
  children: ReactNode;
  /** Shown when the page was not opened inside a helpdesk. */
  outside: ReactNode;
}

/** Connects to the helpdesk over ZAF and renders nothing until it has registered the app. */
export function ClientProvider({ children, outside }: ClientProviderProps) {
  const client = useMemo(() => ZAFClient.init(), []);
  const [helpdesk, setHelpdesk] = useState<Helpdesk | null>(null);

  useEffect(() => {
    if (client === false) {
      return;
    }
    const onRegistered = (data: unknown) => {
      const registered = data as { context: ZafContext; metadata: ZafMetadata };
      setHelpdesk({ client, context: registered.context, metadata: registered.metadata });
    };
    client.on("app.registered", onRegistered);
    return () => client.off("app.registered", onRegistered);
  }, [client]);

  if (client === false) {
    return <>{outside}</>;
  }
  if (!helpdesk) {
    return null;
  }
  return <HelpdeskContext.Provider value={helpdesk}>{children}</HelpdeskContext.Provider>;
}
