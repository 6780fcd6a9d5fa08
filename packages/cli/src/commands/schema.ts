import { parse } from "../args.js";
import { ExitCode, UserError, type Command } from "../command.js";
import { sourceFileProblem } from "../flight-file.js";
import { fromSchemaError } from "../flight-build/failure.js";

export const schema: Command = {
  name: "schema",
  help: `Usage: flight schema <file.ts> <Type> [--yaml]

Prints the OpenAPI v3 schema (apiextensions.k8s.io/v1 JSONSchemaProps) of an
exported interface or type alias, made as yoke's Go openapi.SchemaFrom makes
it from a Go type: no $ref, required = the non-optional properties,
apiVersion/kind/metadata left out at the top, int/Quantity/IntOrString/
Time/Duration/Conditions from @yoke-flight/sdk, string literal unions as
enums, JSDoc tags (@minimum, @pattern, @default, @validation, ...) applied.
The schema is checked to be structural, as the API server requires.

Options:
      --yaml        print YAML instead of JSON
  -h, --help        show this help

Exit codes: 0 printed, 1 the type cannot be made into a structural schema
(the error names file:line, the type and the property path), 2 usage error.`,

  async run(argv) {
    const args = parse("schema", argv, { yaml: { type: "boolean" } });
    const [file, type, ...extra] = args.positionals;
    if (!file || !type) throw new UserError("expected a file and a type, e.g. 'flight schema src/types.ts Pipeline'", ExitCode.usage);
    if (extra.length) throw new UserError(`unexpected arguments: ${extra.join(" ")}`, ExitCode.usage);
    const problem = sourceFileProblem(file);
    if (problem) throw new UserError(`${file}: ${problem}`);
    const { SchemaError, goOrdered, schemaFrom, structuralProblems } = await import("@yoke-flight/openapi");
    let result;
    try {
      result = goOrdered(schemaFrom({ file, type }));
    } catch (e) {
      if (e instanceof SchemaError) throw fromSchemaError(e);
      throw e;
    }
    const problems = structuralProblems(result);
    if (problems.length) throw new UserError(`the schema of ${type} is not structural:\n  ${problems.join("\n  ")}`);
    const { dump } = await import("js-yaml");
    process.stdout.write(args.values.yaml ? dump(result, { noRefs: true, lineWidth: -1 }) : JSON.stringify(result, null, 2) + "\n");
    return ExitCode.ok;
  },
};
