import { relative } from "node:path";
import { parse } from "../args.js";
import { ExitCode, UserError, type Command } from "../command.js";
import { buildFlight, type SourceMapMode } from "../build/build-flight.js";

const MODES: SourceMapMode[] = ["external", "inline", "none"];

export const build: Command = {
  name: "build",
  summary: "build a TypeScript flight into a WebAssembly module yoke runs",
  help: `Usage: flight build <entry.ts> [options]

Bundles the flight with esbuild, type-checks it, compiles it to QuickJS
bytecode and links it into the yoke-flight runtime: the result is a WASI
module for 'yoke takeoff' and the Air Traffic Controller.

Options:
  -o, --out <file>        output file (default: flight.wasm beside the entry)
      --minify            also rename identifiers (whitespace and syntax are
                          always minified); stack traces still map back to
                          your TypeScript through the source map
      --sourcemap[=mode]  external (default): write <out>.map, used by
                          'flight run' and the test harness to point errors at
                          your TypeScript; inline: embed it in the module;
                          none: no source map
      --no-typecheck      skip the TypeScript type-check
      --no-preload        link the way Javy's static code generator does: the
                          bytecode is read on every run instead of being
                          pre-loaded into the module's snapshot (smaller
                          module, about 0.4 ms slower per run)
      --javy              link with the Javy CLI (javy build -C plugin=...)
                          instead of the built-in linker; needs 'javy' on PATH
  -q, --quiet             print nothing on success
  -h, --help              show this help

Exit codes: 0 built, 1 the flight has errors (printed as file:line:column),
2 usage error.`,

  async run(argv) {
    const args = parse("build", argv.map((a) => (a === "--sourcemap" ? "--sourcemap=external" : a)), {
      out: { type: "string", short: "o" },
      minify: { type: "boolean" },
      sourcemap: { type: "string" },
      "no-typecheck": { type: "boolean" },
      "no-preload": { type: "boolean" },
      javy: { type: "boolean" },
      quiet: { type: "boolean", short: "q" },
    });
    const [entry, ...extra] = args.positionals;
    if (!entry) throw new UserError("missing the flight's entry file, e.g. 'flight build flight.ts'", ExitCode.usage);
    if (extra.length) throw new UserError(`unexpected arguments: ${extra.join(" ")}`, ExitCode.usage);
    const sourcemap = (args.values.sourcemap ?? "external") as SourceMapMode;
    if (!MODES.includes(sourcemap)) {
      throw new UserError(`--sourcemap must be one of ${MODES.join(", ")}, not '${sourcemap}'`, ExitCode.usage);
    }
    const result = await buildFlight({
      entry,
      outFile: args.values.out,
      minify: args.values.minify,
      sourcemap,
      typecheck: !args.values["no-typecheck"],
      preload: !args.values["no-preload"],
      javy: args.values.javy,
    });
    if (!args.values.quiet) {
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const detail = result.bytecodeSize ? `, bytecode ${kb(result.bytecodeSize)}` : "";
      console.log(`${relative(process.cwd(), result.outFile)}  ${kb(result.wasmSize)}${detail}  in ${result.milliseconds.total.toFixed(0)} ms`);
    }
    return ExitCode.ok;
  },
};
