// `flight build --schematic name=file`, `--schematic-cmd name[=args]` and
// `--schema airway.ts`, turned into the schematics to embed (see
// module-packaging.ts; yoke's own `yoke schematics set [--cmd]` in
// yokecd/yoke pkg/yoke/yoke_schematics.go).
import { readFileSync } from "node:fs";
import { ExitCode, UserError } from "../command.js";
import type { SchematicSpec } from "./module-packaging.js";

export async function schematicSpecs(flags: { data: string[]; cmd: string[]; schema?: string }): Promise<SchematicSpec[]> {
  const specs: SchematicSpec[] = [];
  for (const flag of flags.data) {
    const { name, value: file } = nameAndValue(flag, "--schematic");
    if (!file) throw new UserError(`--schematic ${flag}: expected name=file`, ExitCode.usage);
    let data: Uint8Array;
    try {
      data = new Uint8Array(readFileSync(file));
    } catch (e) {
      throw new UserError(`--schematic ${flag}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? `no such file ${file}` : (e as Error).message}`);
    }
    if (data.length === 0) throw new UserError(`--schematic ${flag}: ${file} is empty (yoke refuses a schematic with no data)`);
    specs.push({ name, data });
  }
  for (const flag of flags.cmd) {
    const { name, value } = nameAndValue(flag, "--schematic-cmd");
    specs.push({ name, args: value === undefined ? [name] : cmdArgs(value, flag) });
  }
  if (flags.schema) specs.push({ name: "schema", data: await airwaySchema(flags.schema) });
  const names = specs.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new UserError(`the schematic ${twice} is given twice: a module holds one schematic per name`, ExitCode.usage);
  return specs;
}

function nameAndValue(flag: string, option: string): { name: string; value?: string } {
  const eq = flag.indexOf("=");
  const name = eq < 0 ? flag : flag.slice(0, eq);
  if (!name) throw new UserError(`${option} ${flag}: the schematic needs a name`, ExitCode.usage);
  return { name, value: eq < 0 ? undefined : flag.slice(eq + 1) };
}

function cmdArgs(value: string, flag: string): string[] {
  if (!value.trimStart().startsWith("[")) return value.split(",").filter((a) => a !== "");
  let args: unknown;
  try {
    args = JSON.parse(value);
  } catch (e) {
    throw new UserError(`--schematic-cmd ${flag}: the args are not a JSON array: ${(e as Error).message}`, ExitCode.usage);
  }
  if (!Array.isArray(args) || args.some((a) => typeof a !== "string")) {
    throw new UserError(`--schematic-cmd ${flag}: the args must be an array of strings`, ExitCode.usage);
  }
  return args as string[];
}

/** The input schema of the Airway airway.ts exports by default, as indented JSON. */
async function airwaySchema(file: string): Promise<Uint8Array> {
  const { loadModule } = await import("../load-module.js");
  const { airwayInputSchema, airwayProblems, AirwayError, SchemaError } = await import("@yoke-flight/openapi");
  const { pickAirways } = await import("../commands/airway.js");
  let module: Record<string, unknown>;
  try {
    module = await loadModule(file);
  } catch (e) {
    if (e instanceof AirwayError || e instanceof SchemaError) throw new UserError(`--schema ${file}: ${e.message}`);
    throw e;
  }
  const airways = pickAirways(module, file);
  if (airways.length !== 1) throw new UserError(`--schema ${file}: exports ${airways.length} Airways: export one as default`);
  const airway = airways[0]!;
  const problems = airwayProblems(airway);
  if (problems.length) throw new UserError(`--schema ${file}: ${new AirwayError(problems, airway.metadata?.name).message}`);
  try {
    return new TextEncoder().encode(`${JSON.stringify(airwayInputSchema(airway), null, 2)}\n`);
  } catch (e) {
    throw new UserError(`--schema ${file}: ${(e as Error).message}`);
  }
}
