import { relative, resolve } from "node:path";
import { parse } from "../args.js";
import { ExitCode, UserError, type Command } from "../command.js";
import { buildFlight, type BuildOptions, type BuildResult, type SourceMapMode } from "../flight-build/build-flight.js";
import { watchAndRebuild } from "../flight-build/watch.js";
import { progress } from "../progress.js";
import { schematicSpecs } from "../flight-build/schematic-options.js";

const MODES: SourceMapMode[] = ["external", "inline", "none"];

export const build: Command = {
  name: "build",
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
      --preload           pre-load the bytecode into the module's snapshot
                          (the default up to 256 KB of bytecode)
      --no-preload        link the way Javy's static code generator does: the
                          bytecode is read on every run (the default above
                          256 KB: a much smaller module, sooner first result)
      --javy              link with the Javy CLI (javy build -C plugin=...)
                          instead of the built-in linker; needs 'javy' on PATH
      --converter         build a converter module (spec.wasmUrls.converter):
                          no host imports, as the ATC runs converters with no
                          host functions; cluster lookups answer "not granted"
      --schematic <name=file>
                          embed the file's bytes as the schematic <name>
                          (yoke.schematics:<name>, read by 'yoke schematics
                          get <name>'); repeatable
      --schematic-cmd <name[=args]>
                          embed a schematic answered by running the module
                          with argv ["schematics", ...args] (the SDK's
                          schematics()); args: a JSON array, or words split on
                          commas; default ["<name>"]; repeatable
      --schema <airway.ts>
                          embed the Airway's input schema (its storage
                          version, narrowed to spec.objectPath) as the
                          schematic "schema"
      --gzip              also write <out>.gz, which yoke loads like the
                          module (checksums are over the decompressed bytes)
  -w, --watch             rebuild when the flight's sources change (Ctrl-C stops)
  -q, --quiet             print nothing on success
  -h, --help              show this help

Exit codes: 0 built, 1 the flight has errors (printed as file:line:column),
2 usage error.`,

  async run(argv) {
    const args = parse(
      "build",
      argv.map((a) => (a === "--sourcemap" ? "--sourcemap=external" : a)),
      {
        out: { type: "string", short: "o" },
        minify: { type: "boolean" },
        sourcemap: { type: "string" },
        "no-typecheck": { type: "boolean" },
        preload: { type: "boolean" },
        "no-preload": { type: "boolean" },
        javy: { type: "boolean" },
        converter: { type: "boolean" },
        schematic: { type: "string", multiple: true },
        "schematic-cmd": { type: "string", multiple: true },
        schema: { type: "string" },
        gzip: { type: "boolean" },
        watch: { type: "boolean", short: "w" },
        quiet: { type: "boolean", short: "q" },
      },
    );
    const [entry, ...extra] = args.positionals;
    if (!entry) throw new UserError("missing the flight's entry file, e.g. 'flight build flight.ts'", ExitCode.usage);
    if (extra.length) throw new UserError(`unexpected arguments: ${extra.join(" ")}`, ExitCode.usage);
    const sourcemap = (args.values.sourcemap ?? "external") as SourceMapMode;
    if (!MODES.includes(sourcemap)) {
      throw new UserError(`--sourcemap must be one of ${MODES.join(", ")}, not '${sourcemap}'`, ExitCode.usage);
    }
    const options: BuildOptions = {
      entry,
      outFile: args.values.out,
      minify: args.values.minify,
      sourcemap,
      typecheck: !args.values["no-typecheck"],
      preload: args.values["no-preload"] ? false : args.values.preload ? true : undefined,
      javy: args.values.javy,
      converter: args.values.converter,
      gzip: args.values.gzip,
      schematics: await schematicSpecs({
        data: args.values.schematic ?? [],
        cmd: args.values["schematic-cmd"] ?? [],
        schema: args.values.schema,
      }),
    };
    const quiet = args.values.quiet ?? false;
    if (!args.values.watch) {
      report(await buildWithProgress(options), quiet);
      return ExitCode.ok;
    }
    await watch(options, quiet);
    return ExitCode.ok;
  },
};

async function buildWithProgress(options: BuildOptions): Promise<BuildResult> {
  const status = progress();
  try {
    return await buildFlight({ ...options, onProgress: (step) => status.step(step) });
  } finally {
    status.done();
  }
}

function report(result: BuildResult, quiet: boolean): void {
  for (const warning of result.warnings) console.error(`flight build: ${warning}`);
  if (quiet) return;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const detail = result.bytecodeSize ? `, bytecode ${kb(result.bytecodeSize)}` : "";
  console.log(`${relative(process.cwd(), result.outFile)}  ${kb(result.wasmSize)}${detail}  in ${result.milliseconds.total.toFixed(0)} ms`);
  if (result.gzip)
    console.log(`${relative(process.cwd(), result.gzip.file)}  ${kb(result.gzip.size)}  sha256 (decompressed, as yoke checks it) ${result.checksum}`);
}

/** Builds, then rebuilds on every change until the process is interrupted. */
async function watch(options: BuildOptions, quiet: boolean): Promise<void> {
  let inputs = [resolve(options.entry)];
  const watcher = watchAndRebuild({
    build: async () => {
      try {
        const result = await buildWithProgress(options);
        inputs = result.inputs;
        report(result, quiet);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        console.error(`flight build: ${e.message}`);
      }
      if (!quiet) console.error("watching for changes (Ctrl-C to stop)");
      return inputs;
    },
  });
  await watcher.rebuilt;
  await new Promise<void>((done) => {
    process.once("SIGINT", () => {
      watcher.close();
      done();
    });
  });
}
