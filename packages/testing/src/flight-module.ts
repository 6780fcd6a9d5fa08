// Loading a built flight for the harness: its compiled module (cached, and
// with a memory cap when asked for) and its source map, to point errors at
// the TypeScript and to tell when a source is newer than the module (a
// warning, once per module: the runs test the old code). resolveFlight is
// the one place that tells what kind of flight source it was given.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { FlightSourceMap, SOURCE_MAP_SECTION, hasPositionTable, isGzip, isGzipPath, isScriptPath, unpackModule, withResetExports } from "@yoke-flight/runtime";
import { WasmModule } from "@yoke-flight/runtime/wasm";

/**
 * A flight, as every function of the harness that runs one takes it
 * (runFlight, simulateAirway, simulateFlight, runConverter, readSchematics):
 * - a path to the built module, `.wasm` or `.wasm.gz` (its `.map` beside it is read);
 * - the module's bytes (gzipped or not), or `{ bytes, sourceMap }` with the source map's JSON;
 * - `{ entry }`: the flight's TypeScript entry, bundled as `flight build` bundles it and run in this process
 *   (fast, debuggable; no memory limit, no live cluster or cassette).
 */
export type FlightSource = string | Uint8Array | { bytes: Uint8Array; sourceMap?: string } | { entry: string };

/** A flight source that is a built module (everything but `{ entry }`). */
export type ModuleSource = Exclude<FlightSource, { entry: string }>;

/** What a flight source turned out to be: a built module, loaded, or a TypeScript entry (an absolute path that exists). */
export type ResolvedFlight = { kind: "module"; flight: LoadedFlight } | { kind: "entry"; entry: string };

/** A flight source that cannot be run: a missing file, something that is not a module, an entry that is not there. */
export class FlightSourceError extends Error {
  override name = "FlightSourceError";
}

export interface LoadedFlight {
  bytes: Uint8Array;
  hash: string;
  sourceMap?: FlightSourceMap;
  /** Absolute paths of the sources the source map lists. */
  sources: string[];
}

const byPath = new Map<string, { mtimeMs: number; size: number; flight: LoadedFlight }>();
/** Modules already warned about, by path and modification time. */
const warnedStale = new Set<string>();
const modules = new Map<string, WebAssembly.Module>();

/** What `source` is: a built module (loaded, its source map read) or a TypeScript entry; a FlightSourceError when it is neither. */
export function resolveFlight(source: FlightSource): ResolvedFlight {
  if (isEntry(source)) return { kind: "entry", entry: entryPath(source.entry) };
  return { kind: "module", flight: loadFlight(source) };
}

/** The built module `source` names; a FlightSourceError for `{ entry }` (`needs` says what needs a module) or a source that is no module. */
export function loadFlight(source: FlightSource, needs = "this"): LoadedFlight {
  if (typeof source === "string") return loadPath(source);
  if (source instanceof Uint8Array) return describe(moduleBytes(source, "the module given as bytes"), undefined, process.cwd());
  if (isEntry(source)) {
    throw new FlightSourceError(`${needs} needs a built module, not { entry: ${JSON.stringify(source.entry)} }: build it (flight build) and pass the .wasm`);
  }
  if (source && typeof source === "object" && source.bytes instanceof Uint8Array) {
    return describe(moduleBytes(source.bytes, "the module given as bytes"), source.sourceMap, process.cwd());
  }
  throw new FlightSourceError(
    `not a flight: give a path to a .wasm or .wasm.gz, its bytes, { bytes, sourceMap } or { entry } (the TypeScript entry), not ${shown(source)}`,
  );
}

const isEntry = (source: FlightSource): source is { entry: string } =>
  !!source && typeof source === "object" && !(source instanceof Uint8Array) && "entry" in source;

/** The absolute path of a TypeScript entry, checked to be a source file. */
function entryPath(entry: unknown): string {
  if (typeof entry !== "string" || entry === "") throw new FlightSourceError(`{ entry } takes the path of the flight's TypeScript entry, not ${shown(entry)}`);
  const path = resolve(entry);
  const stat = statOrUndefined(path);
  if (!stat) throw new FlightSourceError(`no flight entry at ${entry}: { entry } takes the flight's TypeScript entry, e.g. src/flight.ts`);
  if (stat.isDirectory()) throw new FlightSourceError(`${entry} is a directory: { entry } takes the flight's TypeScript entry, e.g. src/flight.ts`);
  if (/\.wasm(\.gz)?$/.test(entry)) throw new FlightSourceError(`${entry} is a built module, not TypeScript: pass the path itself, not { entry }`);
  return path;
}

function loadPath(source: string): LoadedFlight {
  const path = resolve(source);
  const stat = statOrUndefined(path);
  if (!stat) throw new FlightSourceError(`no flight module at ${source}: build it first (flight build)`);
  if (stat.isDirectory()) throw new FlightSourceError(`${source} is a directory, not a flight module: give the built .wasm, e.g. dist/flight.wasm`);
  if (isScriptPath(source)) {
    throw new FlightSourceError(
      `${source} is TypeScript, not a built module: build it (flight build ${source}) or run it in-process with { entry: ${JSON.stringify(source)} }`,
    );
  }
  const cached = byPath.get(path);
  let flight = cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size ? cached.flight : undefined;
  if (!flight) {
    // As yoke: a .gz module is gunzipped; its source map is the one `flight build` wrote beside the .wasm.
    const mapPath = `${isGzipPath(path) ? path.slice(0, -".gz".length) : path}.map`;
    flight = describe(
      moduleBytes(new Uint8Array(readFileSync(path)), source, isGzipPath(path)),
      existsSync(mapPath) ? readFileSync(mapPath, "utf8") : undefined,
      dirname(mapPath),
    );
    byPath.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, flight });
  }
  warnIfStale(source, stat.mtimeMs, flight.sources);
  return flight;
}

/**
 * The module in `bytes`, gunzipped when gzipped (yoke gunzips .gz files and
 * Content-Encoding: gzip). Bytes that do not even start as a module are the
 * caller's mistake (an error); a module that starts right but does not
 * compile is the flight's failure, as yoke reports it ("failed to compile module").
 */
function moduleBytes(bytes: Uint8Array, where: string, gzipped = isGzip(bytes)): Uint8Array {
  const module = unpackModule(bytes, gzipped);
  switch (module.problem?.kind) {
    case "not-gzip":
      throw new FlightSourceError(`${where} is not a valid gzip file (${module.problem.detail}): rebuild it (flight build --gzip)`);
    case "empty":
      throw new FlightSourceError(`${where} is empty (0 bytes), not a WebAssembly module: rebuild it (flight build)`);
    case "not-wasm":
      throw new FlightSourceError(`${where} is not a WebAssembly module (it does not start with the bytes \\0asm): rebuild it (flight build)`);
  }
  return module.bytes;
}

const statOrUndefined = (path: string) => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

/** A value in an error: short. */
const shown = (value: unknown): string => {
  if (value === null || typeof value !== "object") return String(value === undefined ? "undefined" : JSON.stringify(value));
  return `an object with ${Object.keys(value).length ? `keys ${Object.keys(value).join(", ")}` : "no keys"}`;
};

function describe(bytes: Uint8Array, externalMap: string | undefined, mapDir: string): LoadedFlight {
  const hash = createHash("sha256").update(bytes).digest("hex");
  const parsed = parsedOrUndefined(bytes);
  const inline = parsed?.custom(SOURCE_MAP_SECTION);
  const map = externalMap ?? (inline ? new TextDecoder().decode(inline) : undefined);
  const sources = map ? ((JSON.parse(map) as { sources?: string[] }).sources ?? []).map((s) => resolve(mapDir, s)) : [];
  // A module with a position table prints TypeScript positions itself: its map only tells which sources it was built from.
  const mapsItself = parsed !== undefined && hasPositionTable(parsed);
  return { bytes, hash, sourceMap: map && !mapsItself ? new FlightSourceMap(map, (s) => shownSource(s, mapDir)) : undefined, sources };
}

/**
 * Warns, once per module, when one of the flight's own sources (not those
 * under node_modules) was modified after the module was built.
 */
function warnIfStale(shown: string, builtMs: number, sources: string[]): void {
  const key = `${resolve(shown)}:${builtMs}`;
  if (warnedStale.has(key)) return;
  const newer = sources.filter((s) => !s.split(sep).includes("node_modules") && modifiedMs(s) > builtMs);
  if (newer.length === 0) return;
  warnedStale.add(key);
  const names = newer.map((s) => shownSource(s, process.cwd())).join(", ");
  console.warn(
    `@yoke-flight/testing: ${shown} is older than ${names}: these runs test the module as it was built, not your latest code; rebuild it (flight build)`,
  );
}

const modifiedMs = (path: string) => statOrUndefined(path)?.mtimeMs ?? 0;

/** How a source of a map in `mapDir` is shown in errors: relative to the working directory when under it. */
export function shownSource(source: string, mapDir: string): string {
  const abs = isAbsolute(source) ? source : resolve(mapDir, source);
  const rel = relative(process.cwd(), abs);
  return rel.startsWith("..") ? abs : rel;
}

/** The module's sections; none for a module that does not parse. */
function parsedOrUndefined(bytes: Uint8Array): WasmModule | undefined {
  try {
    return WasmModule.parse(bytes);
  } catch {
    return undefined; // compiling it fails and says why (runFlight reports that as the flight's failure)
  }
}

/** The module cannot run with the memory limit asked for: yoke fails to compile it. */
export class MemoryLimitError extends Error {
  override name = "MemoryLimitError";
}

/**
 * The compiled module, with its memory capped at `maxMemoryMib` when given:
 * yoke sets wazero's memory limit to min(16 × MiB, 65536) pages
 * (internal/wasi/wasi.go), so growing past it fails inside the flight.
 */
export function compiledModule(flight: LoadedFlight, maxMemoryMib?: number): WebAssembly.Module {
  const pages = maxMemoryMib ? Math.min(16 * maxMemoryMib, 65536) : undefined;
  const key = `${flight.hash}:${pages ?? "none"}`;
  let module = modules.get(key);
  if (!module) {
    let bytes = flight.bytes;
    if (pages !== undefined) {
      const parsed = parseOrCompileError(bytes);
      const limits = parsed.memory();
      if (limits.min > pages) {
        throw new MemoryLimitError(`maxMemoryMib ${maxMemoryMib} is too small: the flight starts with ${Math.ceil(limits.min / 16)} MiB of memory`);
      }
      parsed.setMemory({ min: limits.min, max: Math.min(pages, limits.max ?? pages) });
      bytes = parsed.emit();
    }
    // Runs then reuse one instance, put back as instantiation left it (p99 in Node, issue 15).
    module = new WebAssembly.Module(withResetExports(bytes) as Uint8Array<ArrayBuffer>);
    modules.set(key, module);
  }
  return module;
}

/** The parsed module; for bytes that are no valid module, the engine's CompileError, which says why. */
function parseOrCompileError(bytes: Uint8Array): WasmModule {
  try {
    return WasmModule.parse(bytes);
  } catch (e) {
    new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>); // throws the CompileError naming the problem
    throw e;
  }
}
