// Runs flights for runFlight, off the main thread: an endless loop can be
// stopped by terminating this worker, and its large stack lets QuickJS
// report deep recursion as a JavaScript error instead of overflowing Node's.
import { parentPort } from "node:worker_threads";
import { runWasm } from "@yoke-flight/runtime";
import { FakeCluster } from "./cluster.js";
import { emulateHost } from "./host-emulation.js";
import { remoteHandlers } from "./remote-host.js";
import type { Job, JobResult } from "./worker-protocol.js";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** The modules most recently run, by the id the pool gave them: the first copy posted is the one run again. */
const modules = new Map<number, WebAssembly.Module>();
const KEPT_MODULES = 8;

/**
 * The worker's copy of the job's module. runWasm keeps an instance per module
 * object (one with reset exports, put back between runs), so a module must
 * stay the same object from job to job; the least recently run is let go.
 */
function jobModule({ moduleId, module }: Job): WebAssembly.Module {
  const kept = modules.get(moduleId) ?? module;
  modules.delete(moduleId);
  modules.set(moduleId, kept);
  if (modules.size > KEPT_MODULES) modules.delete(modules.keys().next().value!);
  return kept;
}

parentPort!.on("message", (job: Job) => {
  const started = performance.now();
  const emulation = emulateHost({
    cluster: FakeCluster.from(job.cluster),
    release: job.release,
    namespace: job.namespace,
    access: job.access,
  });
  let result: Pick<JobResult, "exitCode" | "stdout" | "stderr" | "crash">;
  try {
    const host = job.remote ? remoteHandlers(job.remote) : emulation.handlers;
    const run = runWasm(jobModule(job), { args: job.args, env: job.env, stdin: job.stdin, host, hostFunctions: job.hostFunctions });
    result = { exitCode: run.exitCode, stdout: text(run.stdout), stderr: text(run.stderr), crash: run.crash };
  } catch (e) {
    // Instantiation itself failed (e.g. a module that imports what yoke does not provide).
    const error = e as Error;
    result = { exitCode: -1, stdout: "", stderr: "", crash: `${error.name}: ${error.message}` };
  }
  parentPort!.postMessage({
    ...result,
    id: job.id,
    lookups: emulation.lookups,
    tracked: emulation.tracked(),
    durationMs: performance.now() - started,
  } satisfies JobResult);
});
