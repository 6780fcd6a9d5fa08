import type { Airway } from "@yoke-flight/openapi";
import { parse } from "../args.js";
import { ExitCode, UserError, type Command } from "../command.js";
import { fromSchemaError } from "../flight-build/failure.js";

export const airway: Command = {
  name: "airway",
  help: `Usage: flight airway <airway.ts> [--json] [--export <name>]

Loads the module and prints the Airway (yoke.cd/v1alpha1) it exports by
default, or every exported Airway, after checking it as the API server and
the ATC would: the name is <plural>.<group>, one storage version, structural
schemas, http(s):// or oci:// flight URLs, Go durations, known mode.

  import { defineAirway, schemaFrom } from "@yoke-flight/openapi";
  export default defineAirway({ metadata: { name: "pipelines.examples.com" }, spec: { ... } });

Options:
      --json             print JSON instead of YAML
      --export <name>    print this named export instead of the default
  -h, --help             show this help

Exit codes: 0 printed, 1 the module fails or an Airway is invalid (each
problem names its field path), 2 usage error.`,

  async run(argv) {
    const args = parse("airway", argv, { json: { type: "boolean" }, export: { type: "string" } });
    const [file, ...extra] = args.positionals;
    if (!file) throw new UserError("expected the module, e.g. 'flight airway airway.ts'", ExitCode.usage);
    if (extra.length) throw new UserError(`unexpected arguments: ${extra.join(" ")}`, ExitCode.usage);
    const { loadModule } = await import("../load-module.js");
    const { AirwayError, SchemaError, airwayProblems, airwayToYAML, orderedSchemas } = await import("@yoke-flight/openapi");
    let module: Record<string, unknown>;
    try {
      module = await loadModule(file);
    } catch (e) {
      if (e instanceof SchemaError) throw fromSchemaError(e);
      if (e instanceof AirwayError) throw new UserError(`${file}: ${e.message}`);
      throw e;
    }
    const airways = pickAirways(module, file, args.values.export);
    for (const a of airways) {
      const problems = airwayProblems(a);
      if (problems.length) throw new UserError(`${file}: ${new AirwayError(problems, a.metadata?.name).message}`);
    }
    process.stdout.write(
      args.values.json
        ? JSON.stringify(airways.length === 1 ? orderedSchemas(airways[0]!) : airways.map(orderedSchemas), null, 2) + "\n"
        : airways.map(airwayToYAML).join("---\n"),
    );
    return ExitCode.ok;
  },
};

export function pickAirways(module: Record<string, unknown>, file: string, name?: string): Airway[] {
  if (name) {
    if (!(name in module)) throw new UserError(`${file} has no export ${name} (exports: ${Object.keys(module).join(", ") || "none"})`);
    return [module[name] as Airway];
  }
  if (module.default !== undefined) return [module.default as Airway];
  const airways = Object.values(module).filter((v): v is Airway => !!v && typeof v === "object" && (v as Airway).kind === "Airway");
  if (!airways.length) throw new UserError(`${file} exports no Airway: export default defineAirway({ ... })`);
  return airways;
}
