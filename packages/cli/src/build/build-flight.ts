// `flight build`: TypeScript in, yoke-ready WebAssembly out.
//   bundle (esbuild) + type-check (tsc)  ->  bytecode (the runtime's own
//   compile-src)  ->  static link into the pre-initialised runtime.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import {
  CompileError, FlightSourceMap, compileSource, encodePositionTable, linkFlight, loadRuntime, moduleChecksum, preloadFlight, withoutHostImports,
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

/**
 * Above this much bytecode a flight is linked without preloading. Measured
 * by `pnpm bench` (issue 15): for the examples (70 KB of bytecode) the
 * snapshot adds 4% to the module and saves 0.03-0.4 ms per run; for a
 * flight bundling zod and lodash-es (570 KB) it doubles the module (2.2 MB
 * against 1.1 MB) for the same first result under yoke's wazero (compile +
 * first run, about 170 ms either way: compiling the engine dominates) and
 * later runs about 1.5x faster (30 ms against 45 ms); `--preload` chooses that.
 */
export const PRELOAD_MAX_BYTECODE = 256 * 1024;

/** The custom section that carries the source map when it is inlined. */
export const SOURCE_MAP_SECTION = "yoke-flight.sourcemap";

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
   * bytecode is copied in and read on every run. Default: preload when the
   * bytecode is at most PRELOAD_MAX_BYTECODE.
   */
  preload?: boolean;
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

/** The "file:line:col" a diagnostic starts with. */
const position = (diagnostic: string) => /^[^:]*:\d+:\d+/.exec(diagnostic)?.[0];

export async function buildFlight(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const entry = resolve(options.entry);
  const problem = sourceFileProblem(entry);
  if (problem) throw new BuildFailure([`${options.entry}: error: ${problem}`]);
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
    const at = new Set(e.diagnostics.map(position));
    throw new BuildFailure([...e.diagnostics, ...typeErrors.filter((d) => !at.has(position(d)))]);
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
    code, map, functions: instrumented.functions, sourceNames: bundleSources.map((s) => relative(root, s)),
  });
  // Source paths in the map, relative to the directory of the wasm it travels with.
  map.sources = bundleSources.map((s) => relative(dirname(outFile), s));
  map.file = basename(outFile);
  const mapJson = JSON.stringify(map);
  const sourceMap = new FlightSourceMap(mapJson, (s) => relativeToCwd(resolve(dirname(outFile), s)));

  mkdirSync(dirname(outFile), { recursive: true });
  if (options.javy && (options.converter || options.schematics?.length || options.gzip)) {
    throw new BuildFailure(["error: --javy cannot be combined with --converter, --schematic or --gzip"]);
  }
  if (options.javy) {
    const wasm = await buildWithJavy(code, outFile, sourceMap);
    if (mode === "external") writeFileSync(`${outFile}.map`, mapJson);
    const total = performance.now() - started;
    return {
      outFile, wasmSize: wasm.length, bytecodeSize: 0, bundleSize: bundled.code.length, inputs: bundled.inputs,
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
    bytecode = compileSource(runtime.module, code);
    // The chunks are libraries (js-yaml): their bytecode keeps no line numbers.
    chunks = bundled.chunks.map((c) => compileSource(runtime.module, c.code, `${c.name}.js`, { stripDebug: true }));
  } catch (e) {
    if (e instanceof CompileError) {
      const firstLine = e.message.split("\n")[0];
      const at = e.line !== undefined ? sourceMap.original(e.line, e.column ?? 1) : undefined;
      const where = at ? `${at.source}:${at.line}:${at.column}: ` : "";
      throw new BuildFailure([`${where}error: QuickJS cannot compile this: ${firstLine}`]);
    }
    throw e;
  }
  const compileMs = performance.now() - t1;

  options.onProgress?.("linking");
  const t2 = performance.now();
  const customSections: Record<string, Uint8Array> = {};
  if (mode === "inline") customSections[SOURCE_MAP_SECTION] = new TextEncoder().encode(mapJson);
  const totalBytecode = bytecode.length + chunks.reduce((n, c) => n + c.length, 0);
  const link = (options.preload ?? totalBytecode <= PRELOAD_MAX_BYTECODE) ? preloadFlight : linkFlight;
  const runtimeBytes = options.converter ? converterRuntime(runtime.bytes) : runtime.bytes;
  const wasm = withSchematics(link(runtimeBytes, bytecode, { customSections, chunks, positionTable }), options.schematics ?? []);
  if (options.converter) assertNoHostImports(wasm);
  writeFileSync(outFile, wasm);
  const gzip = options.gzip ? writeGzip(outFile, wasm) : undefined;
  if (mode === "external") writeFileSync(`${outFile}.map`, mapJson);
  const linkMs = performance.now() - t2;

  return {
    outFile,
    wasmSize: wasm.length,
    bytecodeSize: bytecode.length + chunks.reduce((n, c) => n + c.length, 0),
    bundleSize: code.length,
    positionTableSize: positionTable.length,
    inputs: bundled.inputs,
    warnings: warningsFor(outFile, wasm.length, bundled),
    checksum: moduleChecksum(wasm),
    gzip,
    milliseconds: { bundle: bundleMs, typecheck: typecheckMs, compile: compileMs, link: linkMs, total: performance.now() - started },
  };
}

function warningsFor(outFile: string, wasmSize: number, bundled: Bundle): string[] {
  const size = sizeWarning(outFile, wasmSize, bundled.code.length + bundled.chunks.reduce((n, c) => n + c.code.length, 0), bundled.contributions);
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

let converterRuntimeCache: { from: Uint8Array; bytes: Uint8Array } | undefined;

/** The runtime without host imports (see @yoke-flight/runtime withoutHostImports), made once per process. */
function converterRuntime(runtime: Uint8Array): Uint8Array {
  if (converterRuntimeCache?.from !== runtime) converterRuntimeCache = { from: runtime, bytes: withoutHostImports(runtime) };
  return converterRuntimeCache.bytes;
}
