import { readFile } from "node:fs/promises";
import { HelpdeskTicket } from "@countersign/helpdesk";
import { describeIssues, toFieldIssues, ValidationError } from "@countersign/shared";
import {
  anchorDemoStore,
  type DemoStore,
  parseDemoStore,
  shiftTimestamp,
} from "@countersign/shopify";
import { z } from "zod";

/** The demo data file: the demo store's data and the local helpdesk's tickets (demo/README.md). */
export const DemoData = z.object({
  version: z.literal(1),
  store: z.unknown(),
  tickets: z.array(HelpdeskTicket),
});

export interface DemoWorld {
  store: DemoStore;
  tickets: HelpdeskTicket[];
}

/**
 * Reads and validates a demo data file, then moves every date so the newest order sits where
 * the file's anchor says relative to `now`: return windows and ETAs mean the same whenever the
 * demo runs. Tickets move by the same amount as the store.
 */
export async function loadDemoData(path: string, now: Date): Promise<DemoWorld> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new ValidationError(`Cannot read demo data from ${path}: ${(error as Error).message}`);
  }
  const parsed = DemoData.safeParse(raw);
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error);
    throw new ValidationError(
      `Demo data in ${path} is not valid: ${describeIssues(issues)}`,
      issues,
    );
  }
  const { store, shiftMs } = anchorDemoStore(parseDemoStore(parsed.data.store), now);
  const tickets = parsed.data.tickets.map((ticket) => ({
    ...ticket,
    createdAt: shiftTimestamp(ticket.createdAt, shiftMs),
    comments: ticket.comments.map((comment) => ({
      ...comment,
      createdAt: shiftTimestamp(comment.createdAt, shiftMs),
    })),
  }));
  return { store, tickets };
}
