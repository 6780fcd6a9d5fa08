// Loading a built flight for the harness: its compiled module (cached, and
// with a memory cap when asked for) and its source map, to point errors at
// the TypeScript.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { FlightSourceMap, WasmModule, hasPositionTable, isGzip, isGzipPath, readModuleFile } from "@yoke-flight/runtime";

/** Where `flight build --sourcemap=inline` puts the source map. */
const SOURCE_MAP_SECTION = "yoke-flight.sourcemap";

export type FlightSource = string | Uint8Array | { bytes: Uint8Array; sourceMap?: string };

export interface LoadedFlight {
  bytes: Uint8Array;
  hash: string;
  sourceMap?: FlightSourceMap;
}

const byPath = new Map<string, { mtimeMs: number; size: number; flight: LoadedFlight }>();
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
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.flight;
    // As yoke: a .gz module is gunzipped; its source map is the one `flight build` wrote beside the .wasm.
    const bytes = readModuleFile(path);
    const mapPath = `${isGzipPath(path) ? path.slice(0, -".gz".length) : path}.map`;
    const flight = describe(bytes, existsSync(mapPath) ? readFileSync(mapPath, "utf8") : undefined, dirname(mapPath));
    byPath.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, flight });
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
  // A module with a position table prints TypeScript positions itself.
  if (parsed && hasPositionTable(parsed)) return { bytes, hash };
  const inline = parsed?.custom(SOURCE_MAP_SECTION);
  const map = externalMap ?? (inline ? new TextDecoder().decode(inline) : undefined);
  const shown = (s: string) => {
    const abs = isAbsolute(s) ? s : resolve(mapDir, s);
    const rel = relative(process.cwd(), abs);
    return rel.startsWith("..") ? abs : rel;
  };
  return { bytes, hash, sourceMap: map ? new FlightSourceMap(map, shown) : undefined };
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
