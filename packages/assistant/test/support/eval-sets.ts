import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { Flag, Intent } from "../../src/taxonomy";

/** One labelled message: the text and every intent id that counts as correct. */
export interface EvalRow {
  id: string;
  subject?: string;
  body: string;
  accepted: Intent[];
  /** The intent a confusion matrix files the row under (the first accepted one). */
  expected: Intent;
  flags: Flag[];
  sourceLabel: string;
}

const packageRoot = join(import.meta.dirname, "..", "..");
const evalDir = join(packageRoot, "eval-data");

const LabelEntry = z.object({ intent: z.array(Intent).min(1), flags: z.array(Flag).optional() });
const LabelMap = z.object({
  bitext_customer_support: z.record(z.string(), LabelEntry),
  clinc150: z.record(z.string(), LabelEntry),
});
type LabelEntry = z.infer<typeof LabelEntry>;

function labelMap(): z.infer<typeof LabelMap> {
  return LabelMap.parse(JSON.parse(readFileSync(join(evalDir, "label-map.json"), "utf8")));
}

function row(id: string, body: string, label: string, entry: LabelEntry): EvalRow {
  const [expected] = entry.intent as [Intent, ...Intent[]];
  return {
    id,
    body,
    accepted: entry.intent,
    expected,
    flags: entry.flags ?? [],
    sourceLabel: label,
  };
}

/** Bitext customer-support sample (4,514 rows), labels mapped by label-map.json. */
export function loadBitext(): EvalRow[] {
  const map = labelMap().bitext_customer_support;
  const csv = readFileSync(
    join(evalDir, "bitext-customer-support", "Bitext_Sample_Customer_Support_Training_Dataset.csv"),
    "utf8",
  );
  const records = parse(csv, { columns: true, skip_empty_lines: true }) as Array<
    Record<string, string>
  >;
  return records.map((record, index) => {
    const label = record.intent ?? "";
    const entry = map[label];
    if (entry === undefined) {
      throw new Error(`label-map.json has no entry for Bitext label "${label}"`);
    }
    return row(`bitext-${index}`, record.instruction ?? "", label, entry);
  });
}

/** CLINC150, every split: order_status against 149 other intents and out-of-scope queries. */
export function loadClinc(): EvalRow[] {
  const map = labelMap().clinc150;
  const fallback = map._every_other_label;
  if (fallback === undefined) {
    throw new Error("label-map.json has no clinc150._every_other_label");
  }
  const data = z
    .record(z.string(), z.array(z.tuple([z.string(), z.string()])))
    .parse(JSON.parse(readFileSync(join(evalDir, "clinc150", "data_full.json"), "utf8")));
  const rows: EvalRow[] = [];
  for (const [split, items] of Object.entries(data)) {
    items.forEach(([text, label], index) => {
      rows.push(row(`clinc-${split}-${index}`, text, label, map[label] ?? fallback));
    });
  }
  return rows;
}

const EmailLine = z.object({
  id: z.string(),
  subject: z.string().optional(),
  body: z.string(),
  intent: z.array(Intent).min(1),
  flags: z.array(Flag),
  maxConfidence: z.number().optional(),
});
export type EmailLine = z.infer<typeof EmailLine>;

/** Hand-written multi-sentence emails with their expected labels. */
export function loadEmails(): EmailLine[] {
  return readFileSync(join(packageRoot, "__fixtures__", "emails.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => EmailLine.parse(JSON.parse(line)));
}

export interface EvalReport {
  total: number;
  correct: number;
  accuracy: number;
  /** expected intent → predicted intent → count. */
  confusion: Map<Intent, Map<Intent, number>>;
  misses: Array<{ row: EvalRow; predicted: Intent }>;
}

/** Scores predictions against the accepted labels of each row. */
export function evaluate(rows: EvalRow[], predict: (row: EvalRow) => Intent): EvalReport {
  const confusion = new Map<Intent, Map<Intent, number>>();
  const misses: EvalReport["misses"] = [];
  let correct = 0;
  for (const item of rows) {
    const predicted = predict(item);
    const hit = item.accepted.includes(predicted);
    if (hit) {
      correct += 1;
    } else {
      misses.push({ row: item, predicted });
    }
    const filedUnder = hit ? predicted : item.expected;
    const line = confusion.get(filedUnder) ?? new Map<Intent, number>();
    line.set(predicted, (line.get(predicted) ?? 0) + 1);
    confusion.set(filedUnder, line);
  }
  return { total: rows.length, correct, accuracy: correct / rows.length, confusion, misses };
}

/** Plain-text confusion matrix: rows are the expected intent, columns the predicted one. */
export function formatConfusion(report: EvalReport): string[] {
  const intents = Intent.options.filter(
    (intent) =>
      report.confusion.has(intent) ||
      [...report.confusion.values()].some((line) => line.has(intent)),
  );
  const short = (intent: string) => intent.slice(0, 8).padStart(8);
  const lines = [`${"expected \\ got".padEnd(20)}${intents.map(short).join(" ")}`];
  for (const expected of intents) {
    const line = report.confusion.get(expected);
    if (line === undefined) {
      continue;
    }
    const cells = intents.map((got) => String(line.get(got) ?? 0).padStart(8));
    lines.push(`${expected.padEnd(20)}${cells.join(" ")}`);
  }
  return lines;
}
