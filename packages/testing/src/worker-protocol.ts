// Messages between runFlight (main thread) and the worker that runs flights.
import type { ClusterState } from "./cluster.js";
import type { ClusterAccess, LookupRecord, Tracked } from "./host-emulation.js";
import type { RemoteHost } from "./remote-host.js";

export interface Job {
  id: number;
  module: WebAssembly.Module;
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

export interface JobResult {
  id: number;
  exitCode: number;
  stdout: string;
  stderr: string;
  lookups: LookupRecord[];
  tracked: Tracked;
  /** The flight broke the ABI or trapped (yoke reports these as errors too). */
  crash?: string;
  durationMs: number;
}
