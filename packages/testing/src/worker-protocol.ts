// Messages between runFlight (main thread) and the worker that runs flights.
import type { ClusterState } from "./cluster.js";
import type { ClusterAccess } from "./host-emulation.js";
import type { ProcessResult } from "./invocation.js";
import type { RemoteHost } from "./remote-host.js";

export interface Job {
  id: number;
  module: WebAssembly.Module;
  /** The same for every job that posts the same module object, so the worker keeps one copy (and its instance). */
  moduleId: number;
  args: string[];
  env: Record<string, string>;
  stdin: string | Uint8Array;
  cluster: ClusterState;
  release: string;
  namespace: string;
  access: ClusterAccess;
  /** false: no `host` module, as the ATC runs converters. */
  hostFunctions?: boolean;
  /** Host calls answered on the main thread (a live cluster, a cassette) instead of the emulation. */
  remote?: RemoteHost;
}

/** The run's result, with the job's id: stderr as the flight wrote it (the main thread maps it). */
export interface JobResult extends ProcessResult {
  id: number;
}
