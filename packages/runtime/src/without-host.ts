// A runtime with no `host.*` imports, for converter modules. The ATC runs a
// converter with an empty host module (yokecd/yoke cmd/atc/handler.go: the
// /crdconvert handler compiles it with cache.ModuleAttrs{}, so
// internal/wasi.Compile registers no host function), and wazero refuses to
// instantiate a module that imports one: `"k8s_lookup" is not exported in
// module "host"`. Each host import becomes a local function that answers as
// yoke does when cluster access is not granted (state 1, no buffer), so the
// SDK's lookups throw ErrClusterAccessNotGranted instead of the module
// failing to start.
import { HOST_MODULE, HostState } from "@yoke-flight/sdk/abi";
import { Reader } from "./wasm/bytes.js";
import { emitFunction } from "./wasm/emit.js";
import { remapFunctionIndices } from "./wasm/function-indices.js";
import { ExternalKind, ValType, WasmModule } from "./wasm/module.js";

/** yoke's host module name (internal/wasi: runtime.NewHostModuleBuilder("host")): the ABI table's. */
export { HOST_MODULE };

export function withoutHostImports(wasm: Uint8Array): Uint8Array<ArrayBuffer> {
  const module = WasmModule.parse(wasm);
  const imports = module.imports();
  const types = module.types();
  const funcImports = imports.filter((i) => i.kind === ExternalKind.func);
  const dropped = funcImports.map((i) => i.module === HOST_MODULE);
  const droppedCount = dropped.filter(Boolean).length;
  if (droppedCount === 0) return module.emit();
  if (imports.some((i) => i.module === HOST_MODULE && i.kind !== ExternalKind.func)) {
    throw new Error(`the module imports a non-function from "${HOST_MODULE}": cannot replace it`);
  }

  const keptImports = funcImports.length - droppedCount;
  const defined = module.functions();
  const newIndex: number[] = [];
  let kept = 0;
  let stub = 0;
  funcImports.forEach((_, i) => {
    newIndex[i] = dropped[i] ? keptImports + defined.length + stub++ : kept++;
  });
  remapFunctionIndices(module, (index) => (index < funcImports.length ? newIndex[index]! : index - droppedCount));

  const stubTypes: number[] = [];
  const stubBodies: Uint8Array[] = [];
  funcImports.forEach((imp, i) => {
    if (!dropped[i]) return;
    const typeIndex = new Reader(imp.desc).u32();
    const type = types[typeIndex];
    if (!type || type.params[0] !== ValType.i32 || type.results.length !== 1 || type.results[0] !== ValType.i64) {
      throw new Error(`${imp.module}.${imp.name} does not have yoke's host function shape (i32 state, ...) -> i64`);
    }
    stubTypes.push(typeIndex);
    stubBodies.push(notGrantedBody());
  });

  module.setImports(imports.filter((i) => i.module !== HOST_MODULE));
  module.setFunctions([...defined, ...stubTypes]);
  module.setCodeBodies([...module.codeBodies(), ...stubBodies]);
  // A name section would now name the wrong functions.
  module.removeCustom("name");
  return module.emit();
}

/** `*(u32*)state = 1; return 0`: yoke's answer when cluster access is not granted, without a buffer. */
function notGrantedBody(): Uint8Array {
  const state = 0; // the parameter: where the state goes
  return emitFunction()
    .localGet(state)
    .i32Const(HostState.featureNotGranted)
    .i32Store()
    .i64Const(0n) // no buffer
    .end()
    .finish();
}

/** The `module.name` of every function import, e.g. to prove a converter imports nothing from the host. */
export function functionImports(wasm: Uint8Array): string[] {
  return WasmModule.parse(wasm)
    .imports()
    .filter((i) => i.kind === ExternalKind.func)
    .map((i) => `${i.module}.${i.name}`);
}
