// Runs a flight module once, synchronously, with the pure-JS WASI host and
// yoke's host functions answered by the given handlers.
import { FEATURE_NOT_GRANTED, hostCalls } from "@yoke-flight/sdk/abi";
import { hostImports, type HostHandlers, type HostReply, HostState } from "./host-abi.js";
import { withWasi } from "./instantiate.js";
import { KeptInstances } from "./kept-instances.js";
import { Wasi } from "./wasi.js";

export interface RunOptions {
  args?: string[];
  env?: Record<string, string>;
  stdin?: Uint8Array | string;
  /** Answers to the host functions (host.k8s_lookup, ...); by default cluster access is not granted. */
  host?: HostHandlers;
  /** false: provide no `host` module at all, as the ATC runs converters (default true). */
  hostFunctions?: boolean;
}

export interface RunResult {
  /** The WASI exit code; -1 when the module trapped or broke the ABI (as yoke reports it). */
  exitCode: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** What stopped the module when it did not exit by itself: a trap or a HostAbiError. */
  crash?: string;
  /** "fresh": instantiated for this run; "reset": an instance kept from an earlier run, put back as instantiation left it. */
  instance: "fresh" | "reset";
}

const notGranted: HostReply = [HostState.featureNotGranted, FEATURE_NOT_GRANTED];
export const noClusterAccess: HostHandlers = hostCalls(() => () => notGranted);

const keptInstances = new KeptInstances();

/**
 * Runs `module` once. A module with reset exports (withResetExports) runs in
 * an instance kept from its last run and put back as instantiation left it;
 * any other gets a fresh instance.
 */
export function runWasm(module: WebAssembly.Module, options: RunOptions = {}): RunResult {
  const wasi = new Wasi({ args: options.args, env: options.env, stdin: options.stdin });
  let instance: WebAssembly.Instance | undefined;
  const host: WebAssembly.Imports = {};
  if (options.hostFunctions !== false) host.host = hostImports(() => instance!, options.host ?? noClusterAccess);
  const imports = withWasi(module, wasi, host);
  const lease = keptInstances.take(module, imports);
  instance = lease?.instance ?? new WebAssembly.Instance(module, imports);
  const how = lease?.reset ? "reset" : "fresh";
  try {
    const exitCode = wasi.start(instance);
    return { exitCode, stdout: wasi.stdout(), stderr: wasi.stderr(), instance: how };
  } catch (e) {
    // A trap or a broken ABI: keep what the flight printed before it.
    const error = e as Error;
    return { exitCode: -1, stdout: wasi.stdout(), stderr: wasi.stderr(), crash: `${error.name}: ${error.message}`, instance: how };
  } finally {
    lease?.release();
  }
}
