/** What every sub-command gets: its arguments and the process streams (tests pass their own). */
export interface CommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface Command {
  /** One line for `countersign --help`. */
  summary: string;
  /** Runs the command and resolves to the process exit code. */
  run(args: string[], io: CommandIo): Promise<number>;
}

/** Sub-commands, loaded only when called so `--help` stays instant. */
export const commands: Record<string, () => Promise<Command>> = {
  classify: async () => (await import("./commands/classify")).classifyCommand,
  decide: async () => (await import("./commands/decide")).decideCommand,
  worker: async () => (await import("./commands/worker")).workerCommand,
  "zendesk-setup": async () => (await import("./commands/zendesk-setup")).zendeskSetupCommand,
};
