// Compiles JavaScript to QuickJS bytecode by calling the runtime's own
// `compile-src` export (the Javy plugin interface), so the bytecode always
// matches the engine that will run it.
import { Wasi } from "./wasi.js";

export class CompileError extends Error {
  override name = "CompileError";
  constructor(
    message: string,
    /** Position in the compiled source, when QuickJS reported one (1-based). */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/**
 * @param filename the name stack traces print for this code: the flight is
 *   `flight.js` (BUNDLE_NAME), whose positions its position table maps; give
 *   other code (lazily loaded chunks) another name
 * @param options.stripDebug keep no line numbers in the bytecode (about a
 *   third smaller); only with a filename. The CLI strips the lazily loaded
 *   libraries (js-yaml), whose frames are not the flight author's code.
 */
export function compileSource(runtime: WebAssembly.Module, source: string, filename?: string, options: { stripDebug?: boolean } = {}): Uint8Array {
  const wasi = new Wasi({ deterministic: true });
  const imports: WebAssembly.Imports = { wasi_snapshot_preview1: wasi.imports(runtime) };
  for (const imp of WebAssembly.Module.imports(runtime)) {
    if (imp.module !== "wasi_snapshot_preview1") {
      (imports[imp.module] ??= {})[imp.name] = () => {
        throw new Error(`${imp.module}.${imp.name} cannot be called while compiling`);
      };
    }
  }
  const instance = new WebAssembly.Instance(runtime, imports);
  wasi.bind(instance);
  const { cabi_realloc, "compile-src": compile, "yoke-flight-compile-named": compileNamed, memory } = instance.exports as {
    cabi_realloc: (p: number, o: number, a: number, n: number) => number;
    "compile-src": (p: number, n: number) => number;
    "yoke-flight-compile-named": (np: number, nn: number, p: number, n: number, strip: number) => number;
    memory: WebAssembly.Memory;
  };
  const copyIn = (bytes: Uint8Array) => {
    const ptr = cabi_realloc(0, 0, 1, bytes.length);
    new Uint8Array(memory.buffer, ptr, bytes.length).set(bytes);
    return ptr;
  };
  const src = new TextEncoder().encode(source);
  let ret: number;
  if (filename === undefined) {
    ret = compile(copyIn(src), src.length);
  } else {
    const name = new TextEncoder().encode(filename);
    const namePtr = copyIn(name);
    ret = compileNamed(namePtr, name.length, copyIn(src), src.length, options.stripDebug ? 1 : 0);
  }
  const view = new DataView(memory.buffer);
  const [tag, outPtr, outLen] = [0, 4, 8].map((o) => view.getUint32(ret + o, true)) as [number, number, number];
  const out = new Uint8Array(memory.buffer, outPtr, outLen).slice();
  if (tag !== 0) {
    const message = new TextDecoder().decode(out);
    const at = /flight\.js:(\d+):(\d+)/.exec(message);
    throw new CompileError(message, at ? Number(at[1]) : undefined, at ? Number(at[2]) : undefined);
  }
  return out;
}
