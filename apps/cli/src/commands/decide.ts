import { readFile } from "node:fs/promises";
import {
  type Case,
  createReplay,
  type Decision,
  evaluate,
  parseCase,
  parsePolicy,
  type ResolvedPolicy,
} from "@countersign/policy";
import { describeIssues } from "@countersign/shared";
import type { Command, CommandIo } from "../commands";
import { readLines, write } from "../json-lines";

const USAGE = `Usage: countersign decide [--compare <policy.json>] < cases.jsonl

Decides returns-policy cases. Reads JSON Lines on standard input, one
{"id", "case", "policy"?} per line ("policy" omitted = the default policy), and writes
{"id", "decision"} per line, in order. A line that fails validation yields
{"id", "error": "<field>: <what is wrong>"} and the run goes on.

Options:
  --compare <file>  Decide every case under its own policy (or the default) and under the
                    policy in <file>, then print one JSON report: the decisions that change
                    and the money each policy would move, by currency.
  -h, --help        Show this help.

Example:
  npx countersign decide < packages/policy/__fixtures__/replay-sample.jsonl
`;

type CaseId = string | number | null;

/** One input line, validated: either a case with its policy, or an error naming the field. */
type ParsedLine =
  | { ok: true; id: CaseId; input: Case; policy: ResolvedPolicy }
  | { ok: false; id: CaseId; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses and validates one JSON line; never throws. */
export function parseLine(line: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return { ok: false, id: null, error: `line: not valid JSON (${(error as Error).message})` };
  }
  if (!isRecord(raw)) {
    return { ok: false, id: null, error: 'line: expected an object {"id", "case", "policy"?}' };
  }
  const id = raw.id ?? null;
  if (id !== null && typeof id !== "string" && typeof id !== "number") {
    return { ok: false, id: null, error: "id: expected a string or a number" };
  }
  const policy = parsePolicy(raw.policy, "policy");
  if (!policy.ok) {
    return { ok: false, id, error: describeIssues(policy.error.issues) };
  }
  if (raw.case === undefined) {
    return { ok: false, id, error: "case: missing" };
  }
  const parsed = parseCase(raw.case, "case");
  if (!parsed.ok) {
    return { ok: false, id, error: describeIssues(parsed.error.issues) };
  }
  return { ok: true, id, input: parsed.value, policy: policy.value };
}

async function loadComparePolicy(path: string): Promise<ResolvedPolicy | string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    return `cannot read ${path}: ${(error as Error).message}`;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return `${path}: not valid JSON (${(error as Error).message})`;
  }
  const policy = parsePolicy(raw, "compare");
  return policy.ok ? policy.value : `${path}: ${describeIssues(policy.error.issues)}`;
}

function parseArgs(args: string[]): { help: boolean; compare: string | null } | string {
  let compare: string | null = null;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === "-h" || arg === "--help") {
      return { help: true, compare: null };
    }
    if (arg === "--compare") {
      const next = args[index + 1];
      if (next === undefined || next.startsWith("-")) {
        return "--compare needs a policy file";
      }
      compare = next;
      index += 1;
    } else if (arg.startsWith("--compare=")) {
      compare = arg.slice("--compare=".length);
    } else {
      return `unknown option "${arg}"`;
    }
  }
  return { help: false, compare };
}

async function decideAll(io: CommandIo): Promise<void> {
  for await (const line of readLines(io.stdin)) {
    const parsed = parseLine(line);
    const out: { id: CaseId; decision: Decision } | { id: CaseId; error: string } = parsed.ok
      ? { id: parsed.id, decision: evaluate(parsed.input, parsed.policy) }
      : { id: parsed.id, error: parsed.error };
    await write(io.stdout, `${JSON.stringify(out)}\n`);
  }
}

async function compareAll(io: CommandIo, compared: ResolvedPolicy): Promise<void> {
  const run = createReplay(compared);
  for await (const line of readLines(io.stdin)) {
    const parsed = parseLine(line);
    if (parsed.ok) {
      run.add(parsed.id, parsed.input, parsed.policy);
    } else {
      run.addError(parsed.id, parsed.error);
    }
  }
  await write(io.stdout, `${JSON.stringify(run.report(), null, 2)}\n`);
}

/** `countersign decide`: policy decisions, JSON Lines in and out (design/policy.md). */
export const decideCommand: Command = {
  summary: "Decide returns-policy cases: JSON Lines in, one decision per line out",
  async run(args, io) {
    const options = parseArgs(args);
    if (typeof options === "string") {
      io.stderr.write(`countersign decide: ${options}\n\n${USAGE}`);
      return 2;
    }
    if (options.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    let compared: ResolvedPolicy | null = null;
    if (options.compare !== null) {
      const loaded = await loadComparePolicy(options.compare);
      if (typeof loaded === "string") {
        io.stderr.write(`countersign decide: ${loaded}\n`);
        return 2;
      }
      compared = loaded;
    }
    try {
      if (compared === null) {
        await decideAll(io);
      } else {
        await compareAll(io, compared);
      }
    } catch (error) {
      io.stderr.write(`countersign decide: stopped: ${(error as Error).message}\n`);
      return 1;
    }
    return 0;
  },
};
