// The runtime as one object: its bytes, its compiled module, and the two
// steps a flight goes through with it: compile (JavaScript to the engine's
// bytecode) and link (runtime + bytecode = flight.wasm).
import { readFileSync } from "node:fs";
import { compileSource, type CompileOptions } from "./compile.js";
import { link, type LinkOptions } from "./link.js";
import { runtimeWasmPath } from "./paths.js";
import { withoutHostImports } from "./without-host.js";

export class FlightRuntime {
  private compiled: WebAssembly.Module | undefined;
  private converter: FlightRuntime | undefined;

  /** @param bytes a runtime module: runtime.wasm, or one built from it (see withoutHostImports) */
  constructor(readonly bytes: Uint8Array<ArrayBuffer>) {}

  /** The runtime compiled by this process's engine, made on first use. */
  get module(): WebAssembly.Module {
    return (this.compiled ??= new WebAssembly.Module(this.bytes));
  }

  /** QuickJS bytecode of a JavaScript module; throws CompileError with QuickJS's message and position. */
  compile(source: string, options: CompileOptions = {}): Uint8Array {
    return compileSource(this.module, source, options);
  }

  /** A flight: this runtime linked with the bytecode (preloaded or not, see LinkOptions.preload). */
  link(options: LinkOptions): Uint8Array<ArrayBuffer> {
    return link(this.bytes, options);
  }

  /** This runtime with no `host` imports, for converters (the ATC runs them with no host functions); made once. */
  withoutHostImports(): FlightRuntime {
    return (this.converter ??= new FlightRuntime(withoutHostImports(this.bytes)));
  }
}

let shipped: FlightRuntime | undefined;

/** The runtime this package ships (runtime.wasm), read once per process. */
export function loadRuntime(): FlightRuntime {
  if (!shipped) {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(readFileSync(runtimeWasmPath));
    } catch {
      throw new Error(`the yoke-flight runtime is missing at ${runtimeWasmPath}; in a checkout, run ./scripts/setup.sh to build it`);
    }
    shipped = new FlightRuntime(bytes);
  }
  return shipped;
}
