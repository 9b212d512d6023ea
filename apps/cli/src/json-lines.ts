import { once } from "node:events";
import { createInterface } from "node:readline";

/** Writes, waiting for the stream to drain when its buffer is full (a slow reader downstream). */
export async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) {
    await once(out, "drain");
  }
}

/** Yields each non-blank input line as it arrives; rejects if the input cannot be read. */
export async function* readLines(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  let failure: Error | null = null;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  input.once("error", (error: Error) => {
    failure = error;
    lines.close();
  });
  let first = true;
  for await (const rawLine of lines) {
    const line = first ? rawLine.replace(/^\uFEFF/, "") : rawLine;
    first = false;
    if (line.trim() !== "") {
      yield line;
    }
  }
  if (failure !== null) {
    throw failure;
  }
}
