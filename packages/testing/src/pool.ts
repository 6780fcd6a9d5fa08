// One warm worker per test process, reused across runs, running one flight
// at a time (a flight's timeout must count from when it starts, not from
// when it was queued). A run that times out takes the worker with it: that
// is the only way to stop a flight that never returns; the next run gets a
// fresh one.
import { Worker } from "node:worker_threads";
import type { Job, JobResult } from "./worker-protocol.js";

export class TimeoutError extends Error {
  override name = "TimeoutError";
}

interface Queued {
  job: Job;
  timeoutMs: number;
  resolve(r: JobResult): void;
  reject(e: Error): void;
}

let worker: Worker | undefined;
let active: (Queued & { timer: NodeJS.Timeout }) | undefined;
const queue: Queued[] = [];
let nextId = 1;

function spawn(): Worker {
  const w = new Worker(new URL("./worker.js", import.meta.url), {
    // QuickJS's own stack limit must be reached before Node's.
    resourceLimits: { stackSizeMb: 64 },
  });
  w.on("message", (result: JobResult) => {
    if (!active || active.job.id !== result.id) return;
    const done = active;
    active = undefined;
    clearTimeout(done.timer);
    done.resolve(result);
    startNext();
  });
  w.on("error", (error) => finish(w, error));
  w.on("exit", (code) => finish(w, new Error(`the flight worker stopped (exit code ${code})`)));
  // A warm worker must not keep the test process alive (unref after the listeners, which ref the port).
  w.unref();
  return w;
}

/** The worker died or errored: fail the job it was running and carry on with a new one. */
function finish(w: Worker, error: Error): void {
  if (worker !== w) return;
  worker = undefined;
  const failed = active;
  active = undefined;
  if (failed) {
    clearTimeout(failed.timer);
    failed.reject(error);
  }
  startNext();
}

function startNext(): void {
  if (active || queue.length === 0) return;
  const next = queue.shift()!;
  worker ??= spawn();
  const w = worker;
  const timer = setTimeout(() => {
    if (active?.job.id !== next.job.id) return;
    active = undefined;
    worker = undefined;
    void w.terminate();
    next.reject(new TimeoutError(`timed out after ${next.timeoutMs} ms`));
    startNext();
  }, next.timeoutMs);
  active = { ...next, timer };
  w.postMessage(next.job);
}

export function runJob(job: Omit<Job, "id">, timeoutMs: number): Promise<JobResult> {
  return new Promise<JobResult>((resolve, reject) => {
    queue.push({ job: { ...job, id: nextId++ }, timeoutMs, resolve, reject });
    startNext();
  });
}

/** Stops the worker (not needed in tests: it does not keep the process alive). */
export async function stopWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  await w?.terminate();
}
