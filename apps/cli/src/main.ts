import { type CommandIo, commands } from "./commands";

const processIo: CommandIo = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
};

/** Dispatches `countersign <command> [args…]`; resolves to the exit code. */
export async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(await usage());
    return 0;
  }
  const load = commands[name];
  if (load === undefined) {
    io.stderr.write(`countersign: unknown command "${name}"\n\n${await usage()}`);
    return 2;
  }
  const command = await load();
  return command.run(rest, io);
}

async function usage(): Promise<string> {
  const lines = await Promise.all(
    Object.entries(commands).map(async ([name, load]) => {
      const command = await load();
      return `  ${name.padEnd(10)} ${command.summary}`;
    }),
  );
  return [
    "Usage: countersign <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `countersign <command> --help` for a command's options.",
    "",
  ].join("\n");
}
