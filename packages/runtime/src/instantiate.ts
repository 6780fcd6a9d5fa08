// Instantiating the runtime (or a flight) with the pure-JS WASI host: the
// one place that wires WASI imports to an instance. Build steps (compiling
// to bytecode, pre-initialising) run it isolated: a deterministic WASI and
// every other import a function that fails, since host functions are only
// there when a flight runs under yoke.
import { Wasi } from "./wasi.js";

const WASI_MODULE = "wasi_snapshot_preview1";

/**
 * An instance whose WASI imports are `wasi`, plus `imports` for other
 * modules. `wasi.start(instance)` binds it to the instance's memory.
 */
export function instantiate(module: WebAssembly.Module, wasi: Wasi, imports: WebAssembly.Imports = {}): WebAssembly.Instance {
  return new WebAssembly.Instance(module, withWasi(module, wasi, imports));
}

/** `imports` plus `wasi`'s, under the module name WASI preview 1 imports from. */
export function withWasi(module: WebAssembly.Module, wasi: Wasi, imports: WebAssembly.Imports = {}): WebAssembly.Imports {
  return { ...imports, [WASI_MODULE]: wasi.imports(module) };
}

/**
 * An instance for a build step: deterministic WASI (clock at 0, zero random
 * bytes, no input), and each non-WASI import throws naming itself and `step`.
 * @param step what is being done, e.g. "compiling"
 */
export function instantiateIsolated(module: WebAssembly.Module, step: string): WebAssembly.Instance {
  const stubs: WebAssembly.Imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module === WASI_MODULE) continue;
    (stubs[imp.module] ??= {})[imp.name] = () => {
      throw new Error(`${imp.module}.${imp.name} was called while ${step}; host functions are only available at run time`);
    };
  }
  const wasi = new Wasi({ deterministic: true });
  const instance = instantiate(module, wasi, stubs);
  wasi.bind(instance);
  return instance;
}
