// Runs every `bench/*.bench.ts` under apps/, packages/ and tests/ in its own process, prints one line
// per figure and writes them all to bench/results.json. A bench file reports a figure by
// printing a JSON line {"name", "value", "unit"}; any other line it prints is shown as is.
import { spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

interface Figure {
  name: string;
  value: number;
  unit: string;
  source: string;
}

const root = join(import.meta.dirname, "..");
const only = process.argv.slice(2);

function benchFiles(): string[] {
  const files: string[] = [];
  for (const group of ["packages", "apps", "."]) {
    const packages = group === "." ? ["tests"] : readdirSync(join(root, group));
    for (const pkg of packages) {
      const dir = join(root, group, pkg, "bench");
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        if (name.endsWith(".bench.ts")) {
          files.push(join(dir, name));
        }
      }
    }
  }
  return files.filter((file) => only.length === 0 || only.some((part) => file.includes(part)));
}

function isFigure(value: unknown): value is Omit<Figure, "source"> {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const record = value as Record<string, unknown>;
  return (
    typeof record.name === "string" &&
    typeof record.value === "number" &&
    typeof record.unit === "string"
  );
}

const figures: Figure[] = [];
let failed = 0;
for (const file of benchFiles()) {
  const source = relative(root, file);
  console.log(`# ${source}`);
  const run = spawnSync(process.execPath, ["--import", "tsx", file], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  for (const line of run.stdout.split("\n")) {
    if (line.trim() === "") {
      continue;
    }
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = null;
    }
    if (isFigure(parsed)) {
      figures.push({ ...parsed, source });
      console.log(`${parsed.name}: ${parsed.value} ${parsed.unit}`);
    } else {
      console.log(line);
    }
  }
  if (run.status !== 0) {
    failed += 1;
    console.error(`${source} exited with ${run.status ?? run.signal}`);
  }
}

writeFileSync(
  join(root, "bench", "results.json"),
  `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, figures }, null, 2)}\n`,
);
console.log(`${figures.length} figures written to bench/results.json`);
process.exitCode = failed === 0 ? 0 : 1;
