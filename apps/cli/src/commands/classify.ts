import {
  type Classification,
  type Classifier,
  createClaudeClassifier,
  createOfflineClassifier,
  TicketInput,
} from "@countersign/assistant";
import { describeIssues, toFieldIssues } from "@countersign/shared";
import type { Command, CommandIo } from "../commands";
import { readLines, write } from "../json-lines";

const USAGE = `Usage: countersign classify [--offline] [--model <id>] [--concurrency <n>] < tickets.jsonl

Classifies support tickets. Reads JSON Lines on standard input, one
{"id", "subject"?, "body"} per line, and writes one line per ticket, in order:
{"id", "intent", "flags", "sentiment", "urgency", "confidence", "source", "entities", …}.
A malformed line yields {"id": <id or null>, "error": "<what is wrong>"} and the run goes on.

With ANTHROPIC_API_KEY set it asks Claude (ANTHROPIC_BASE_URL overrides the endpoint) and
falls back to the built-in rules when the model fails; otherwise it uses the rules only.

Options:
  --offline          Use the built-in rules even when a key is set.
  --model <id>       Claude model id (default claude-haiku-5-5).
  --concurrency <n>  Tickets in flight at once with Claude (default 4); output stays in order.
  -h, --help         Show this help.

Example:
  npx countersign classify --offline < packages/assistant/__fixtures__/emails.jsonl
`;

type TicketId = string | number | null;

interface Options {
  help: boolean;
  offline: boolean;
  model: string | null;
  concurrency: number;
}

function parseArgs(args: string[]): Options | string {
  const options: Options = { help: false, offline: false, model: null, concurrency: 4 };
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === "-h" || arg === "--help") {
      options.help = true;
    } else if (arg === "--offline") {
      options.offline = true;
    } else if (arg === "--model" || arg === "--concurrency") {
      const next = args[index + 1];
      if (next === undefined || next.startsWith("-")) {
        return `${arg} needs a value`;
      }
      index += 1;
      if (arg === "--model") {
        options.model = next;
      } else {
        const value = Number(next);
        if (!Number.isInteger(value) || value < 1 || value > 64) {
          return "--concurrency must be a whole number from 1 to 64";
        }
        options.concurrency = value;
      }
    } else {
      return `unknown option "${arg}"`;
    }
  }
  return options;
}

type ParsedLine = { ok: true; ticket: TicketInput } | { ok: false; id: TicketId; error: string };

function idOf(raw: unknown): TicketId {
  if (typeof raw === "object" && raw !== null && "id" in raw) {
    const id = (raw as { id: unknown }).id;
    return typeof id === "string" || typeof id === "number" ? id : null;
  }
  return null;
}

/** Parses one input line; never throws. */
export function parseTicketLine(line: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return { ok: false, id: null, error: `line: not valid JSON (${(error as Error).message})` };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, id: null, error: 'line: expected an object {"id", "subject"?, "body"}' };
  }
  const parsed = TicketInput.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, id: idOf(raw), error: describeIssues(toFieldIssues(parsed.error)) };
  }
  return { ok: true, ticket: parsed.data };
}

function outputLine(id: TicketId, result: Classification): Record<string, unknown> {
  return {
    id,
    intent: result.intent,
    flags: result.flags,
    sentiment: result.sentiment,
    urgency: result.urgency,
    confidence: result.confidence,
    source: result.source,
    ...(result.fallbackReason === undefined ? {} : { fallbackReason: result.fallbackReason }),
    entities: result.entities,
    requested: result.requested,
    ...(result.usage === undefined ? {} : { usage: result.usage }),
  };
}

async function classifyLine(classifier: Classifier, line: string): Promise<string> {
  const parsed = parseTicketLine(line);
  if (!parsed.ok) {
    return `${JSON.stringify({ id: parsed.id, error: parsed.error })}\n`;
  }
  const id = parsed.ticket.id ?? null;
  try {
    return `${JSON.stringify(outputLine(id, await classifier.classify(parsed.ticket)))}\n`;
  } catch (error) {
    return `${JSON.stringify({ id, error: (error as Error).message })}\n`;
  }
}

/** Classifies with up to `concurrency` tickets in flight, writing results in input order. */
async function classifyAll(io: CommandIo, classifier: Classifier, concurrency: number) {
  const pending: Array<Promise<string>> = [];
  for await (const line of readLines(io.stdin)) {
    pending.push(classifyLine(classifier, line));
    if (pending.length >= concurrency) {
      await write(io.stdout, await (pending.shift() as Promise<string>));
    }
  }
  for (const next of pending) {
    await write(io.stdout, await next);
  }
}

/** `countersign classify`: the pinned ticket classification command (design/taxonomy.md). */
export const classifyCommand: Command = {
  summary: "Classify support tickets: JSON Lines in, intent, flags and confidence out",
  async run(args, io) {
    const options = parseArgs(args);
    if (typeof options === "string") {
      io.stderr.write(`countersign classify: ${options}\n\n${USAGE}`);
      return 2;
    }
    if (options.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const apiKey = process.env.ANTHROPIC_API_KEY?.trim() ?? "";
    const baseURL = process.env.ANTHROPIC_BASE_URL?.trim() || undefined;
    const useModel = !options.offline && apiKey !== "";
    const classifier = useModel
      ? createClaudeClassifier({
          apiKey,
          ...(baseURL === undefined ? {} : { baseURL }),
          ...(options.model === null ? {} : { model: options.model }),
        })
      : createOfflineClassifier();
    try {
      await classifyAll(io, classifier, useModel ? options.concurrency : 1);
    } catch (error) {
      io.stderr.write(`countersign classify: stopped: ${(error as Error).message}\n`);
      return 1;
    }
    return 0;
  },
};
