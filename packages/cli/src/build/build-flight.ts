// `flight build`: TypeScript in, yoke-ready WebAssembly out.
//   bundle (esbuild) + type-check (tsc)  ->  bytecode (the runtime's own
//   compile-src)  ->  static link into the pre-initialised runtime.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import {
  CompileError, FlightSourceMap, compileSource, linkFlight, loadRuntime, preloadFlight,
} from "@yoke-flight/runtime";
import { bundle } from "./bundle.js";
import { BuildFailure, relativeToCwd } from "./failure.js";
import { typecheck } from "./typecheck.js";
import { buildWithJavy } from "./javy.js";

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
  /** Told about each step as it starts, for progress display. */
  onProgress?: (step: "bundling and type-checking" | "compiling to bytecode" | "linking") => void;
}

export interface BuildResult {
  outFile: string;
  wasmSize: number;
  bytecodeSize: number;
  bundleSize: number;
  /** Every source file the flight was built from. */
  inputs: string[];
  milliseconds: { bundle: number; typecheck: number; compile: number; link: number; total: number };
}

/** The "file:line:col" a diagnostic starts with. */
const position = (diagnostic: string) => /^[^:]*:\d+:\d+/.exec(diagnostic)?.[0];

export async function buildFlight(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const entry = resolve(options.entry);
  if (!existsSync(entry)) throw new BuildFailure([`${options.entry}: error: no such file`]);
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

  // Source paths in the map, relative to the directory of the wasm it travels with.
  const map = JSON.parse(bundled.map) as { sources: string[]; file?: string };
  map.sources = map.sources.map((s) => relative(dirname(outFile), resolve(bundled.dir, s)));
  map.file = basename(outFile);
  const mapJson = JSON.stringify(map);
  const sourceMap = new FlightSourceMap(mapJson, (s) => relativeToCwd(resolve(dirname(outFile), s)));

  mkdirSync(dirname(outFile), { recursive: true });
  if (options.javy) {
    const wasm = await buildWithJavy(bundled.code, outFile, sourceMap);
    if (mode === "external") writeFileSync(`${outFile}.map`, mapJson);
    const total = performance.now() - started;
    return {
      outFile, wasmSize: wasm.length, bytecodeSize: 0, bundleSize: bundled.code.length, inputs: bundled.inputs,
      milliseconds: { bundle: bundleMs, typecheck: typecheckMs, compile: 0, link: total - bundleMs, total },
    };
  }

  const runtime = loadRuntime();
  options.onProgress?.("compiling to bytecode");
  const t1 = performance.now();
  let bytecode: Uint8Array;
  let chunks: Uint8Array[];
  try {
    bytecode = compileSource(runtime.module, bundled.code);
    chunks = bundled.chunks.map((c) => compileSource(runtime.module, c.code));
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
  const wasm = link(runtime.bytes, bytecode, { customSections, chunks });
  writeFileSync(outFile, wasm);
  if (mode === "external") writeFileSync(`${outFile}.map`, mapJson);
  const linkMs = performance.now() - t2;

  return {
    outFile,
    wasmSize: wasm.length,
    bytecodeSize: bytecode.length + chunks.reduce((n, c) => n + c.length, 0),
    bundleSize: bundled.code.length,
    inputs: bundled.inputs,
    milliseconds: { bundle: bundleMs, typecheck: typecheckMs, compile: compileMs, link: linkMs, total: performance.now() - started },
  };
}
