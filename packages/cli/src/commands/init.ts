import { relative, resolve } from "node:path";
import { parse } from "../args.js";
import { ExitCode, UserError, type Command } from "../command.js";
import { scaffold } from "../init/scaffold.js";

export const init: Command = {
  name: "init",
  help: `Usage: flight init [dir] [options]

Creates a flight project in <dir> (default: the current directory):
  src/types.ts         the custom resource's TypeScript type
  src/flight.ts        the flight
  airway.ts            its Airway (CRD schema generated from src/types.ts)
  test/flight.test.ts  vitest tests running the built flight.wasm offline
  package.json         scripts: build, test, airway
  tsconfig.json

Options:
      --name <name>  package name (default: the directory's name)
      --force        overwrite files that already exist
  -h, --help         show this help

Exit codes: 0 created, 1 the directory already has these files, 2 usage error.`,

  async run(argv) {
    const args = parse("init", argv, { name: { type: "string" }, force: { type: "boolean" } });
    if (args.positionals.length > 1) throw new UserError(`unexpected arguments: ${args.positionals.slice(1).join(" ")}`, ExitCode.usage);
    const dir = args.positionals[0] ?? ".";
    const written = scaffold({ dir, name: args.values.name, force: args.values.force });
    const where = relative(process.cwd(), resolve(dir)) || ".";
    console.log(`created a flight in ${where}:\n${written.map((f) => `  ${f}`).join("\n")}\n`);
    console.log(`next:\n${where === "." ? "" : `  cd ${where}\n`}  npm install\n  npm run build\n  npm test`);
    return ExitCode.ok;
  },
};
