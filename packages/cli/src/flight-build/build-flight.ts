// `flight build`: TypeScript in, yoke-ready WebAssembly out.
//   bundle (esbuild) + type-check (tsc)  ->  bytecode (the runtime's own
//   compile-src)  ->  static link into the pre-initialised runtime.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, relative, resolve, sep } from "node:path";
import {
  CompileError,
  FlightSourceMap,
  encodePositionTable,
  fileLocation,
  loadRuntime,
  message,
  moduleChecksum,
  samePlace,
  type Message,
} from "@yoke-flight/runtime";
import { assertNoHostImports, withSchematics, writeGzip, type SchematicSpec } from "./module-packaging.js";
import { bundle, type Bundle } from "./bundle.js";
import { sizeWarning } from "./size-warning.js";
import { BuildFailure, relativeToCwd } from "./failure.js";
import { typecheck } from "./typecheck.js";
import { buildWithJavy } from "./javy.js";
import { sourceFileProblem } from "../flight-file.js";
import { instrument } from "./instrument.js";

export type SourceMapMode = "external" | "inline" | "none";

export interface BuildOptions {
  entry: string;
  /** Default: flight.wasm next to the entry's project (its directory). */
  outFile?: string;
  minify?: boolean;
  /** external (default): <out>.map beside the wasm; inline: a custom section; none. */
  sourcemap?: SourceMapMode;
  typecheck?: boolean;
  /**
   * Read the bytecode into the engine at build time and snapshot it, or,
   * when false, link the way Javy's static code generator does: the
   * bytecode is copied in and read on every run. Default ("auto"): preload
   * when the bytecode is at most PRELOAD_MAX_BYTECODE (@yoke-flight/runtime).
   */
  preload?: boolean | "auto";
  /** Link with the Javy CLI instead of our TypeScript linker. */
  javy?: boolean;
  /** A converter module: no host imports, as the ATC runs converters with no host functions. */
  converter?: boolean;
  /** Schematics to embed (yoke.schematics:<name>, yoke.schematics.cmd:<name>), in order. */
  schematics?: SchematicSpec[];
  /** Also write <out>.gz. */
  gzip?: boolean;
  /** Told about each step as it starts, for progress display. */
  onProgress?: (step: "bundling and type-checking" | "compiling to bytecode" | "linking") => void;
}

export interface BuildResult {
  outFile: string;
  wasmSize: number;
  bytecodeSize: number;
  bundleSize: number;
  /** Bytes of the position table embedded for stack traces (0 with --javy). */
  positionTableSize?: number;
  /** Every source file the flight was built from. */
  inputs: string[];
  /** Things the author should know about a build that succeeded (a module far larger than usual). */
  warnings: string[];
  /** sha256 of the module, as yoke checks it (flightChecksum, stow's sha256_ tag). */
  checksum?: string;
  /** <out>.gz and its size, with gzip. */
  gzip?: { file: string; size: number };
  milliseconds: { bundle: number; typecheck: number; compile: number; link: number; total: number };
}

export async function buildFlight(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const entry = resolve(options.entry);
  const problem = sourceFileProblem(entry);
  if (problem) throw new BuildFailure([message(problem, fileLocation(options.entry))]);
  const outFile = resolve(options.outFile ?? resolve(dirname(entry), "flight.wasm"));
  const mode = options.sourcemap ?? "external";

  options.onProgress?.("bundling and type-checking");
  // Javy links one bundle; our linker also stores lazily loaded chunks.
  const bundling = bundle(entry, { minify: options.minify ?? false, lazyChunks: !options.javy });
  const t0 = performance.now();
  const typeErrors = options.typecheck === false ? [] : typecheck(entry);
  const typecheckMs = performance.now() - t0;
  const bundled = await bundling.catch((e: unknown) => {
    // Report type errors too when both fail, but not twice for one position.
    if (!(e instanceof BuildFailure)) throw e;
    throw new BuildFailure([...e.messages, ...typeErrors.filter((t) => !e.messages.some((m) => samePlace(m, t)))]);
  });
  if (typeErrors.length > 0) throw new BuildFailure(typeErrors);
  const bundleMs = performance.now() - started;

  const map = JSON.parse(bundled.map) as { sources: string[]; names?: string[]; mappings: string; file?: string };
  const bundleSources = map.sources.map((s) => resolve(bundled.dir, s));
  // Throw sites and renamed functions, for the errors the module reports itself.
  const instrumented = instrument(bundled.code, map, (i) => readSource(bundleSources[i]));
  const code = instrumented.code;
  map.mappings = instrumented.mappings;
  // The module prints source paths relative to the project (the directory of
  // the entry's package.json), like Go's `-trimpath`: the same wherever it is built.
  const root = projectRoot(entry);
  const positionTable = encodePositionTable({
    code,
    map,
    functions: instrumented.functions,
    sourceNames: bundleSources.map((s) => relative(root, s)),
    // Dependencies: a frame in them names file and line (the table of a zod + lodash-es bundle: 333 → 135 KB).
    lineOnly: bundleSources.map((s) => s.split(sep).includes("node_modules")),
  });
  // Source paths in the map, relative to the directory of the wasm it travels with.
  map.sources = bundleSources.map((s) => relative(dirname(outFile), s));
  map.file = basename(outFile);
  const mapJson = JSON.stringify(map);
  const sourceMap = new FlightSourceMap(mapJson, (s) => relativeToCwd(resolve(dirname(outFile), s)));

  mkdirSync(dirname(outFile), { recursive: true });
  if (options.javy && (options.converter || options.schematics?.length || options.gzip)) {
    throw new BuildFailure([message("--javy cannot be combined with --converter, --schematic or --gzip")]);
  }
  if (options.javy) {
    const wasm = await buildWithJavy(code, outFile, sourceMap);
    if (mode === "external") writeFileSync(`${outFile}.map`, mapJson);
    const total = performance.now() - started;
    return {
      outFile,
      wasmSize: wasm.length,
      bytecodeSize: 0,
      bundleSize: bundled.code.length,
      inputs: bundled.inputs,
      warnings: warningsFor(outFile, wasm.length, bundled),
      milliseconds: { bundle: bundleMs, typecheck: typecheckMs, compile: 0, link: total - bundleMs, total },
    };
  }

  const runtime = loadRuntime();
  options.onProgress?.("compiling to bytecode");
  const t1 = performance.now();
  let bytecode: Uint8Array;
  let chunks: Uint8Array[];
  try {
    bytecode = runtime.compile(code);
    // The chunks are libraries (js-yaml): their bytecode keeps no line numbers.
    chunks = bundled.chunks.map((c) => runtime.compile(c.code, { filename: `${c.name}.js`, stripDebug: true }));
  } catch (e) {
    if (e instanceof CompileError) throw new BuildFailure([quickJsMessage(e.diagnostic, sourceMap)]);
    throw e;
  }
  const compileMs = performance.now() - t1;

  options.onProgress?.("linking");
  const t2 = performance.now();
  const linker = options.converter ? runtime.withoutHostImports() : runtime;
  const linked = linker.link({
    bytecode,
    chunks,
    positionTable,
    preload: options.preload ?? "auto",
    sourceMap: mode === "inline" ? mapJson : undefined,
  });
  const wasm = withSchematics(linked, options.schematics ?? []);
  if (options.converter) assertNoHostImports(wasm);
  writeFileSync(outFile, wasm);
  const gzip = options.gzip ? writeGzip(outFile, wasm) : undefined;
  if (mode === "external") writeFileSync(`${outFile}.map`, mapJson);
  const linkMs = performance.now() - t2;
  const bytecodeSize = bytecode.length + chunks.reduce((n, c) => n + c.length, 0);

  return {
    outFile,
    wasmSize: wasm.length,
    bytecodeSize,
    bundleSize: code.length,
    positionTableSize: positionTable.length,
    inputs: bundled.inputs,
    warnings: warningsFor(outFile, wasm.length, bundled, bytecodeSize),
    checksum: moduleChecksum(wasm),
    gzip,
    milliseconds: { bundle: bundleMs, typecheck: typecheckMs, compile: compileMs, link: linkMs, total: performance.now() - started },
  };
}

/** QuickJS's compile error at the author's TypeScript position (none when the map does not know it: flight.js is no file of theirs). */
export function quickJsMessage(diagnostic: Message, sourceMap: FlightSourceMap): Message {
  const location = diagnostic.location && sourceMap.originalLocation(diagnostic.location, readSource);
  return { ...diagnostic, text: `QuickJS cannot compile this: ${diagnostic.text}`, location: location ?? null };
}

function warningsFor(outFile: string, wasmSize: number, bundled: Bundle, bytecodeSize = 0): string[] {
  const bundleSize = bundled.code.length + bundled.chunks.reduce((n, c) => n + c.code.length, 0);
  const size = sizeWarning(outFile, { wasmSize, bytecodeSize, bundleSize }, bundled.contributions);
  return size ? [size] : [];
}

/** The directory of the nearest package.json above the entry (else the entry's directory). */
function projectRoot(entry: string): string {
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return dirname(entry);
  }
}

function readSource(path: string | undefined): string | undefined {
  try {
    return path ? readFileSync(path, "utf8") : undefined;
  } catch {
    return undefined;
  }
}
