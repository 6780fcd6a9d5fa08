// What every `flight` sub-command provides. Each command lives in its own
// file under src/commands and is registered in src/commands/index.ts.

export interface Command {
  name: string;
  /** The full text of `flight <name> --help`. */
  help: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** A user mistake: printed as `flight <cmd>: <message>` with exit code 2 (usage) or 1. */
export class UserError extends Error {
  override name = "UserError";
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Exit codes shared by all commands (documented in README.md). */
export const ExitCode = {
  ok: 0,
  /** The command ran and failed: a build error, a flight that failed, a bad input file. */
  failure: 1,
  /** The command line itself is wrong: unknown flag, missing argument. */
  usage: 2,
} as const;
