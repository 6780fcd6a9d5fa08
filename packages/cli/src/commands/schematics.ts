// `flight schematics <module> [name]`: `yoke schematics --wasm <module> ls`
// and `get <name>` (yokecd/yoke cmd/yoke/cmd_schematics.go), on a local
// module or its .gz, with the command form run as yoke runs it.
import { getSchematic, readSchematics } from "@yoke-flight/testing";
import { parse } from "../args.js";
import { ExitCode, UserError, type Command } from "../command.js";

export const schematics: Command = {
  name: "schematics",
  help: `Usage: flight schematics <flight.wasm[.gz]> [name]

Without a name, lists the module's schematics as 'yoke schematics --wasm
<module> ls' does. With a name, prints that schematic as 'yoke schematics
--wasm <module> get <name>' does: the stored bytes, or for a command form
(flight build --schematic-cmd) the module's output when run with argv
["schematics", ...args], no stdin, no env and no cluster access.

Options:
      --timeout <ms>   stop a command form after this long (default 10000)
  -h, --help           show this help

Exit codes: 0 printed, 1 no such schematic or the module failed, 2 usage error.`,

  async run(argv) {
    const args = parse("schematics", argv, { timeout: { type: "string" } });
    const [module, name, ...extra] = args.positionals;
    if (!module) throw new UserError("missing the module, e.g. 'flight schematics flight.wasm'", ExitCode.usage);
    if (extra.length) throw new UserError(`unexpected arguments: ${extra.join(" ")}`, ExitCode.usage);
    const timeoutMs = args.values.timeout === undefined ? undefined : Number(args.values.timeout);
    if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
      throw new UserError(`--timeout must be a positive whole number, not '${args.values.timeout}'`, ExitCode.usage);
    }
    try {
      if (name === undefined) {
        for (const n of readSchematics(module).names) process.stdout.write(`${n}\n`);
      } else {
        process.stdout.write(await getSchematic(module, name, { timeoutMs }));
      }
    } catch (e) {
      throw new UserError(`${module}: ${(e as Error).message}`);
    }
    return ExitCode.ok;
  },
};
