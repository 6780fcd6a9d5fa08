// Whether and when the ATC runs an instance's flight again, after a
// reconcile (yokecd/yoke pkg/k8s/ctrl controller.go, reconciler_instance.go,
// cmd/atc/handler.go): an event its mode reacts to runs it at once; else the
// reconcile's RequeueAfter (the 5 s readiness requeue, fixDriftInterval);
// else an error's backoff (1 s, 2 s, 4 s ... 15 min). A timer whose run
// changed nothing would only repeat itself: the simulation stops there.
import { formatGoDuration } from "@yoke-flight/openapi/go-duration";

export interface RequeueFacts {
  /** Events the ATC received while the cluster's controllers ran (spec changes, watched resources). */
  events: string[];
  /** The reconcile's RequeueAfter, if any. */
  requeueAfterMs: number | undefined;
  /** Whether the reconcile was waiting for resources (the 5 s requeue) rather than fixing drift. */
  waiting: boolean;
  error: string | undefined;
  /** Consecutive failed reconciles, this one included. */
  failures: number;
  /** The reconcile left the flight's output and the cluster as the one before did. */
  repeated: boolean;
}

export type RequeueDecision = { again: true; trigger: string; afterMs: number } | { again: false; settled: string };

export function requeueDecision(f: RequeueFacts): RequeueDecision {
  if (f.events.length) return { again: true, trigger: f.events.join("; "), afterMs: 1000 };
  const timer =
    f.requeueAfterMs !== undefined
      ? { ms: f.requeueAfterMs, why: f.waiting ? "waiting for the release to become ready" : "fixDriftInterval" }
      : f.error
        ? { ms: Math.min(2 ** (f.failures - 1), 900) * 1000, why: "the reconcile failed (backoff)" }
        : undefined;
  if (!timer) return { again: false, settled: "no event or requeue: the ATC waits for a change" };
  if (f.repeated) return { again: false, settled: `requeued every ${formatGoDuration(timer.ms)} (${timer.why}), but a run changes nothing any more` };
  return { again: true, trigger: `requeued after ${formatGoDuration(timer.ms)}: ${timer.why}`, afterMs: timer.ms };
}
