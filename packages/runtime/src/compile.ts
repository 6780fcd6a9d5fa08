// Compiles JavaScript to QuickJS bytecode by calling the runtime's own
// `compile-src` export (the Javy plugin interface), so the bytecode always
// matches the engine that will run it.
import { message, type Message } from "./diagnostics.js";
import { instantiateIsolated } from "./instantiate.js";
import { BUNDLE_NAME, positionPattern } from "./source-map.js";

export interface CompileOptions {
  /**
   * The name stack traces print for this code: the flight is `flight.js`
   * (BUNDLE_NAME, the default), whose positions its position table maps;
   * give other code (lazily loaded chunks) another name.
   */
  filename?: string;
  /**
   * Keep no line numbers in the bytecode (about a third smaller); only with a
   * filename. The CLI strips the lazily loaded libraries (js-yaml), whose
   * frames are not the flight author's code.
   */
  stripDebug?: boolean;
}

/** QuickJS refused the source: `message` is its text; `diagnostic` says where, in the compiled file. */
export class CompileError extends Error {
  override name = "CompileError";
  constructor(
    message: string,
    readonly diagnostic: Message,
  ) {
    super(message);
  }
}

export function compileSource(runtime: WebAssembly.Module, source: string, options: CompileOptions = {}): Uint8Array {
  const instance = instantiateIsolated(runtime, "compiling");
  const {
    cabi_realloc,
    "compile-src": compile,
    "yoke-flight-compile-named": compileNamed,
    memory,
  } = instance.exports as {
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
  if (options.filename === undefined) {
    ret = compile(copyIn(src), src.length);
  } else {
    const name = new TextEncoder().encode(options.filename);
    const namePtr = copyIn(name);
    ret = compileNamed(namePtr, name.length, copyIn(src), src.length, options.stripDebug ? 1 : 0);
  }
  const view = new DataView(memory.buffer);
  const [tag, outPtr, outLen] = [0, 4, 8].map((o) => view.getUint32(ret + o, true)) as [number, number, number];
  const out = new Uint8Array(memory.buffer, outPtr, outLen).slice();
  if (tag !== 0) {
    const text = new TextDecoder().decode(out);
    throw new CompileError(text, compileMessage(text, options.filename ?? BUNDLE_NAME));
  }
  return out;
}

/**
 * QuickJS's error text (`SyntaxError: ...` then `    at flight.js:L:C`) as a
 * Message: the first line, at the first position in `file` (no lineText:
 * a bundle's line is the whole minified flight).
 */
export function compileMessage(text: string, file: string): Message {
  const at = positionPattern(file).exec(text);
  const firstLine = text.split("\n")[0]!;
  return message(firstLine, at ? { file, line: Number(at[1]), column: Number(at[2]) - 1, lineText: "" } : null);
}
