// A pool of warm workers that run flights for runFlight, as many at once as
// the machine has cores (YOKE_FLIGHT_WORKERS overrides it), so concurrent
// runs go in parallel and a runaway flight holds up only its own run: a
// flight still running after STALLED_MS (most take a few milliseconds; one
// that takes longer is often spinning until its timeout) no longer counts
// against the pool's size, so queued runs start beside it, up to
// MAX_WORKERS_PER_SLOT workers per core. A flight's timeout counts from when it
// starts on a worker, not from when it was queued. A run that times out takes
// its worker with it (terminating the worker is the only way to stop a
// flight that never returns); the next run gets a fresh one.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { FakeCluster } from "./cluster.js";
import type { ProcessResult } from "./invocation.js";
import type { Job, JobResult } from "./worker-protocol.js";

export class TimeoutError extends Error {
  override name = "TimeoutError";
}

interface Queued {
  job: Job;
  timeoutMs: number;
  resolve(r: ProcessResult): void;
  reject(e: Error): void;
}

interface Running extends Queued {
  startedAt: number;
  timers: NodeJS.Timeout[];
}

const STALLED_MS = 250;
const MAX_WORKERS_PER_SLOT = 4;

/** How many flights run at once: one per core, and at least two, so one runaway never blocks the rest. */
export function poolSize(): number {
  const configured = Number(process.env.YOKE_FLIGHT_WORKERS);
  if (Number.isInteger(configured) && configured > 0) return configured;
  return Math.max(2, availableParallelism());
}

const idle: Worker[] = [];
const running = new Map<Worker, Running>();
const queue: Queued[] = [];
let nextId = 1;
const moduleIds = new WeakMap<WebAssembly.Module, number>();
let nextModuleId = 1;

/** A number that stays the module object's, posted with each of its jobs (a posted module arrives as a new object). */
function moduleId(module: WebAssembly.Module): number {
  let id = moduleIds.get(module);
  if (id === undefined) moduleIds.set(module, (id = nextModuleId++));
  return id;
}

function spawn(): Worker {
  const w = new Worker(new URL("./worker.js", import.meta.url), {
    // QuickJS's own stack limit must be reached before Node's.
    resourceLimits: { stackSizeMb: 64 },
  });
  w.on("message", ({ id, ...result }: JobResult) => {
    const done = running.get(w);
    if (!done || done.job.id !== id) return;
    running.delete(w);
    done.timers.forEach(clearTimeout);
    idle.push(w);
    done.resolve(result);
    dispatch();
  });
  w.on("error", (error) => retire(w, error));
  w.on("exit", (code) => retire(w, new Error(`the flight worker stopped (exit code ${code})`)));
  // A warm worker must not keep the test process alive (unref after the
  // listeners, which ref the port); a running job's timer does.
  w.unref();
  return w;
}

/** The worker died, errored or was stopped: fail the job it was running and carry on without it. */
function retire(w: Worker, error: Error): void {
  const at = idle.indexOf(w);
  if (at >= 0) idle.splice(at, 1);
  const failed = running.get(w);
  running.delete(w);
  if (failed) {
    failed.timers.forEach(clearTimeout);
    failed.reject(error);
  }
  dispatch();
}

/** Starts queued jobs on idle workers, spawning new ones while fewer than the pool's size are making progress. */
function dispatch(): void {
  const size = poolSize();
  while (queue.length > 0 && (idle.length > 0 || (progressing() < size && running.size < size * MAX_WORKERS_PER_SLOT))) {
    start(idle.pop() ?? spawn(), queue.shift()!);
  }
}

/** Workers whose flight started less than STALLED_MS ago. */
function progressing(): number {
  const now = performance.now();
  let n = 0;
  for (const r of running.values()) if (now - r.startedAt < STALLED_MS) n++;
  return n;
}

function start(w: Worker, next: Queued): void {
  const timeout = setTimeout(() => {
    if (running.get(w)?.job.id !== next.job.id) return;
    running.delete(w);
    void w.terminate();
    next.reject(new TimeoutError(`timed out after ${next.timeoutMs} ms`));
    dispatch();
  }, next.timeoutMs);
  // Once this flight counts as stalled, a queued run may start beside it.
  const stalled = setTimeout(dispatch, STALLED_MS + 1);
  stalled.unref();
  running.set(w, { ...next, startedAt: performance.now(), timers: [timeout, stalled] });
  w.postMessage(next.job, next.job.remote ? [next.job.remote.port] : []);
}

/** Runs the job on a worker of the pool: its result (a TimeoutError after `timeoutMs`). */
export function runJob(job: Omit<Job, "id" | "moduleId">, timeoutMs: number): Promise<ProcessResult> {
  return new Promise<ProcessResult>((resolve, reject) => {
    queue.push({ job: { ...job, id: nextId++, moduleId: moduleId(job.module) }, timeoutMs, resolve, reject });
    dispatch();
  });
}

/** What a run outside any release is given (a converter's review, a schematics command): no cluster, no access, no environment. */
export interface StandaloneRun {
  args: string[];
  stdin: string;
  /** The name the run goes by (yoke's release argument). */
  release: string;
  /** false: the module imports no host functions (a converter). */
  hostFunctions?: boolean;
}

/** Runs a module the way yoke runs converters and schematics commands: with no cluster and no cluster access. */
export function runStandalone(module: WebAssembly.Module, run: StandaloneRun, timeoutMs: number): Promise<ProcessResult> {
  return runJob({ module, env: {}, cluster: new FakeCluster([]).compactState(), namespace: "", access: { enabled: false }, ...run }, timeoutMs);
}

/** Stops every worker of the pool (not needed in tests: idle workers do not keep the process alive). */
export async function stopWorker(): Promise<void> {
  const workers = [...idle, ...running.keys()];
  idle.length = 0;
  await Promise.all(workers.map((w) => w.terminate()));
}
