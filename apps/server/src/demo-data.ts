import { readFile } from "node:fs/promises";
import { HelpdeskTicket } from "@countersign/helpdesk";
import { describeIssues, toFieldIssues, ValidationError } from "@countersign/shared";
import { z } from "zod";

/** The demo data file's envelope; `store` is read by the demo store, `tickets` by the helpdesk. */
export const DemoData = z.object({
  version: z.literal(1),
  store: z.unknown().optional(),
  tickets: z.array(HelpdeskTicket),
});
export type DemoData = z.infer<typeof DemoData>;

/** Reads and validates a demo data file; the error names the file and every bad field. */
export async function loadDemoData(path: string): Promise<DemoData> {
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
  return parsed.data;
}
