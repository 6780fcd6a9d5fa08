// runFlight: a built flight.wasm, run as yoke runs it (same env, args,
// stdin, host functions, timeout and memory limit), against a fake cluster,
// in a worker thread; or, given `{ entry }`, the flight's TypeScript run
// in-process (in-process.ts) with the same invocation and result.
import { FlightSourceError, MemoryLimitError, compiledModule, resolveFlight, type FlightSource, type LoadedFlight } from "./flight-module.js";
import { runInProcess } from "./in-process.js";
import { DEFAULT_TIMEOUT_MS, failed, flightRun, invocation, type FlightRun, type RunFlightOptions } from "./invocation.js";
import { timeoutExceeded } from "./messages.js";
import { TimeoutError, runJob } from "./pool.js";
import { readCassette, replayHost, type Cassette } from "./cassette.js";
import { liveHost } from "./live-host.js";
import { serveHost } from "./remote-host.js";

export { DEFAULT_TIMEOUT_MS, YOKE_VERSION, type FlightRun, type RunFlightOptions } from "./invocation.js";

/**
 * Runs the flight as yoke runs it: a built module (path, bytes) in a worker,
 * or `{ entry }`, its TypeScript, in this process. A source that is neither
 * throws a FlightSourceError; a module that does not compile is the flight's
 * failure, as in yoke.
 */
export async function runFlight(flight: FlightSource, options: RunFlightOptions = {}): Promise<FlightRun> {
  const resolved = resolveFlight(flight);
  if (resolved.kind === "module") return runModule(resolved.flight, options);
  const remoteOption = options.replay !== undefined ? "replay" : options.kubeConfig !== undefined ? "kubeConfig" : undefined;
  if (remoteOption) {
    throw new FlightSourceError(`runFlight({ entry }) runs against the emulated cluster only: ${remoteOption} needs the built module (pass its .wasm path)`);
  }
  return runInProcess(resolved.entry, options);
}

async function runModule(loaded: LoadedFlight, options: RunFlightOptions): Promise<FlightRun> {
  let module: WebAssembly.Module;
  try {
    module = compiledModule(loaded, options.maxMemoryMib);
  } catch (e) {
    // An invalid module is the flight's failure, reported as yoke reports it, not the test's crash.
    if (!(e instanceof WebAssembly.CompileError) && !(e instanceof MemoryLimitError)) throw e;
    return failed(`failed to compile module: ${e.message.replace(/^WebAssembly\.Module\(\): /, "")}`, {});
  }
  const cassette = typeof options.replay === "string" ? readCassette(options.replay) : options.replay;
  const call = invocation(cassette ? withCassetteDefaults(options, cassette) : options);
  const replay = cassette && replayHost(cassette, typeof options.replay === "string" ? `cassette ${options.replay}` : "the cassette", options);
  const live = options.kubeConfig && liveHost({ kubeConfig: options.kubeConfig, release: call.release, namespace: call.namespace, access: call.access });
  const remote = replay ?? live;
  const served = remote && serveHost(remote.handlers);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  let job;
  try {
    job = await runJob(
      {
        module,
        args: call.args,
        env: call.env,
        stdin: call.stdin,
        cluster: call.cluster.compactState(),
        release: call.release,
        namespace: call.namespace,
        access: call.access,
        remote: served?.remote,
      },
      timeoutMs,
    );
    if (remote) job = { ...job, lookups: remote.calls };
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    return failed(timeoutExceeded(timeoutMs), { durationMs: performance.now() - started });
  } finally {
    served?.close();
  }
  replay?.check();
  const map = (text: string) => (loaded.sourceMap ? loaded.sourceMap.rewrite(text) : text);
  return flightRun({ ...job, stderr: map(job.stderr), rawStderr: job.stderr });
}

/** The cassette's invocation, where the options do not say otherwise. */
function withCassetteDefaults(options: RunFlightOptions, cassette: Cassette): RunFlightOptions {
  return {
    ...options,
    release: options.release ?? cassette.release,
    namespace: options.namespace ?? cassette.namespace,
    env: options.env ?? cassette.env,
    args: options.args ?? cassette.args,
    clusterAccess: options.clusterAccess ?? cassette.clusterAccess,
    resourceAccessMatchers: options.resourceAccessMatchers ?? cassette.resourceAccessMatchers,
  };
}
