// `npm start`: builds the browser parts when they are missing or older than their sources, then
// runs the server from its TypeScript source.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

const browserParts = [
  { workspace: "@countersign/sidebar", dir: "apps/sidebar", output: "dist/index.html" },
  { workspace: "@countersign/local-helpdesk", dir: "apps/local-helpdesk", output: "dist/host.js" },
];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

for (const part of browserParts) {
  const output = join(root, part.dir, part.output);
  const stale =
    !existsSync(output) || newestSource(join(root, part.dir, "src")) > statSync(output).mtimeMs;
  if (stale) {
    const build = spawnSync("npm", ["run", "build", "--workspace", part.workspace], {
      cwd: root,
      stdio: "inherit",
      // An inherited NODE_ENV other than production would bundle React's development build.
      env: { ...process.env, NODE_ENV: "production" },
    });
    if (build.status !== 0) {
      console.error(`Building ${part.workspace} failed; see the output above.`);
      process.exit(build.status ?? 1);
    }
  }
}

const { register } = await import("tsx/esm/api");
register();
await import("../apps/server/src/main.ts");
