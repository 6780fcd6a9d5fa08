// The `flight` command line: dispatches to a sub-command and turns errors
// into a message on stderr and a non-zero exit code.
import { ExitCode, UserError } from "./command.js";
import { commands } from "./commands/index.js";
import { fileProblem } from "./flight-file.js";

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "flight: build, test and ship yoke flights written in TypeScript",
    "",
    "Usage: flight <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run 'flight <command> --help' for a command's options.",
    "Exit codes: 0 success, 1 failure (build error, failing flight, bad input), 2 usage error.",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name ? ExitCode.ok : ExitCode.usage;
  }
  if (name === "--version" || name === "-v") {
    const { createRequire } = await import("node:module");
    console.log(createRequire(import.meta.url)("../package.json").version);
    return ExitCode.ok;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    console.error(`flight: unknown command '${name}'\n\n${usage()}`);
    return ExitCode.usage;
  }
  const command = await entry.load();
  const own = rest.includes("--") ? rest.slice(0, rest.indexOf("--")) : rest; // after --: the flight's arguments
  if (own.includes("--help") || own.includes("-h")) {
    console.log(command.help);
    return ExitCode.ok;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UserError) {
      console.error(`flight ${command.name}: ${e.message}`);
      return e.exitCode;
    }
    console.error(`flight ${command.name}: ${unexpected(e)}`);
    return ExitCode.failure;
  }
}

/**
 * An error no command turned into a message: one line all the same (a file
 * problem names the file), the stack only with FLIGHT_DEBUG=1.
 */
export function unexpected(e: unknown): string {
  if (process.env.FLIGHT_DEBUG) return e instanceof Error ? (e.stack ?? e.message) : String(e);
  const error = e as NodeJS.ErrnoException;
  if (error?.code && error.path) return `${error.path}: ${fileProblem(error)}`;
  const message = (error instanceof Error ? error.message : String(e)).split("\n")[0];
  return `${message} (an unexpected error: FLIGHT_DEBUG=1 shows where it happened)`;
}
