// Command-line parsing shared by the commands: node:util's parseArgs with
// errors turned into usage errors that name the command.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ExitCode, UserError } from "./command.js";

export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UserError(`${(e as Error).message}\nRun 'flight ${command} --help' for usage.`, ExitCode.usage);
  }
}
