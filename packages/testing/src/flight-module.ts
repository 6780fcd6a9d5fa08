// Loading a built flight for the harness: its compiled module (cached, and
// with a memory cap when asked for) and its source map, to point errors at
// the TypeScript and to tell when a source is newer than the module (a
// warning, once per module: the runs test the old code).
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  FlightSourceMap, SOURCE_MAP_SECTION, hasPositionTable, isGzip, isGzipPath, readModuleFile,
} from "@yoke-flight/runtime";
import { WasmModule } from "@yoke-flight/runtime/wasm";

export type FlightSource = string | Uint8Array | { bytes: Uint8Array; sourceMap?: string };

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

export function loadFlight(source: FlightSource): LoadedFlight {
  if (typeof source === "string") {
    const path = resolve(source);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new Error(`no flight module at ${source}: build it first (flight build)`);
    }
    const cached = byPath.get(path);
    let flight = cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size ? cached.flight : undefined;
    if (!flight) {
      // As yoke: a .gz module is gunzipped; its source map is the one `flight build` wrote beside the .wasm.
      const mapPath = `${isGzipPath(path) ? path.slice(0, -".gz".length) : path}.map`;
      flight = describe(readModuleFile(path), existsSync(mapPath) ? readFileSync(mapPath, "utf8") : undefined, dirname(mapPath));
      byPath.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, flight });
    }
    warnIfStale(source, stat.mtimeMs, flight.sources);
    return flight;
  }
  if (source instanceof Uint8Array) return describe(gunzipped(source), undefined, process.cwd());
  return describe(gunzipped(source.bytes), source.sourceMap, process.cwd());
}

/** Bytes served gzipped (yoke reads Content-Encoding: gzip and .gz URLs) are the module they decompress to. */
const gunzipped = (bytes: Uint8Array): Uint8Array => (isGzip(bytes) ? new Uint8Array(gunzipSync(bytes)) : bytes);

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
  console.warn(`@yoke-flight/testing: ${shown} is older than ${names}: these runs test the module as it was built, not your latest code; rebuild it (flight build)`);
}

const modifiedMs = (path: string) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};

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
    module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
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
