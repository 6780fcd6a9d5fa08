// One instance per resettable module (reset-exports.ts), kept between runs
// and put back before each as instantiation left it: its memory's bytes and
// its mutable globals. A fresh instance per run, as yoke makes, costs a fresh
// linear memory each time, and V8 collecting those (external memory) made the
// tail of runs in Node: p99 30x the median (issue 15). Its imports forward to
// the current run's, so each run still has its own WASI and host.
import { RESET_EXPORTS } from "./reset-exports.js";

type Imports = WebAssembly.Imports;
type ImportedFunction = (...args: unknown[]) => unknown;

/** The names of a module's reset exports for its globals; undefined when it has no reset exports. */
function resetGlobalNames(module: WebAssembly.Module): string[] | undefined {
  const names = WebAssembly.Module.exports(module).map((e) => e.name);
  if (!names.includes(RESET_EXPORTS.memory)) return undefined;
  return names.filter((n) => n.startsWith(RESET_EXPORTS.globalPrefix));
}

class KeptInstance {
  readonly instance: WebAssembly.Instance;
  private current: Imports;
  private readonly memory: WebAssembly.Memory;
  private readonly image: Uint8Array;
  private readonly globals: [WebAssembly.Global, unknown][];

  constructor(module: WebAssembly.Module, globalNames: string[], imports: Imports) {
    this.current = imports;
    const forwarding: Imports = {};
    for (const { module: from, name } of WebAssembly.Module.imports(module)) {
      // Left out when `imports` lacks it, as instantiating with `imports` would: the LinkError names it.
      if (imports[from]?.[name]) (forwarding[from] ??= {})[name] = (...args: unknown[]) => (this.current[from]![name] as ImportedFunction)(...args);
    }
    this.instance = new WebAssembly.Instance(module, forwarding);
    this.memory = this.instance.exports[RESET_EXPORTS.memory] as WebAssembly.Memory;
    this.image = new Uint8Array(this.memory.buffer).slice();
    this.globals = globalNames.map((n) => {
      const global = this.instance.exports[n] as WebAssembly.Global;
      return [global, global.value];
    });
  }

  /** After a run: puts the instance back as instantiation left it, for a run with `imports`; false when it cannot (its memory grew). */
  reset(imports: Imports): boolean {
    if (this.memory.buffer.byteLength !== this.image.length) return false;
    new Uint8Array(this.memory.buffer).set(this.image);
    for (const [global, value] of this.globals) global.value = value;
    this.current = imports;
    return true;
  }
}

/** An instance lent for one run; `release` gives it back for the next. */
export interface Lease {
  instance: WebAssembly.Instance;
  /** true: kept from an earlier run and put back; false: instantiated for this one. */
  reset: boolean;
  release(): void;
}

/** What is kept for one module: its globals' reset exports, and an instance per set of import modules. */
interface Kept {
  globalNames: string[];
  byImports: Map<string, KeptInstance>;
}

/**
 * Instances of resettable modules, one per module and set of import modules.
 * While one is lent, a nested run of the same module gets its own.
 */
export class KeptInstances {
  private readonly modules = new WeakMap<WebAssembly.Module, Kept | null>();

  /** An instance of `module` ready for a run with `imports`, or undefined when the module is not resettable. */
  take(module: WebAssembly.Module, imports: Imports): Lease | undefined {
    let kept = this.modules.get(module);
    if (kept === undefined) {
      const globalNames = resetGlobalNames(module);
      this.modules.set(module, (kept = globalNames ? { globalNames, byImports: new Map() } : null));
    }
    if (kept === null) return undefined;
    const { byImports } = kept;
    const key = Object.keys(imports).sort().join("\0");
    const previous = byImports.get(key);
    byImports.delete(key);
    const reset = previous?.reset(imports) ?? false;
    const lent = reset ? previous! : new KeptInstance(module, kept.globalNames, imports);
    return { instance: lent.instance, reset, release: () => void byImports.set(key, lent) };
  }
}
