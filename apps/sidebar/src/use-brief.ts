import { useCallback, useEffect, useRef, useState } from "react";
import type { Api } from "./api";
import type { AutonomyMode, Brief } from "./brief-types";

export type BriefState =
  | { state: "loading"; since: number }
  | { state: "ready"; brief: Brief; preparedAt: string; mode: AutonomyMode }
  | { state: "failed"; message: string };

/** Loads the ticket's brief, polling with backoff while the server prepares it. */
export function useBrief(api: Api | null, ticketId: number | null) {
  const [state, setState] = useState<BriefState>({ state: "loading", since: Date.now() });
  const generation = useRef(0);

  const load = useCallback(
    async (refresh: boolean) => {
      if (!api || ticketId === null) {
        return;
      }
      const mine = ++generation.current;
      setState({ state: "loading", since: Date.now() });
      let wait = 300;
      let first = true;
      for (;;) {
        try {
          const view = await api.getBrief(ticketId, refresh && first);
          first = false;
          if (mine !== generation.current) {
            return;
          }
          if (view.status === "ready") {
            setState({
              state: "ready",
              brief: view.brief,
              preparedAt: view.preparedAt,
              mode: view.mode,
            });
            return;
          }
          if (view.status === "failed") {
            setState({ state: "failed", message: view.error });
            return;
          }
        } catch (error) {
          if (mine === generation.current) {
            setState({ state: "failed", message: (error as Error).message });
          }
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(wait * 1.5, 2000);
      }
    },
    [api, ticketId],
  );

  useEffect(() => {
    void load(false);
    return () => {
      generation.current += 1;
    };
  }, [load]);

  return { state, reload: () => load(false), regenerate: () => load(true) };
}
