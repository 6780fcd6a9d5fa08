// metav1.Condition handling for the simulation, from the SDK that flights
// use (its one home): meta.SetStatusCondition, and yoke's MeetsConditions
// (internal/k8s/readiness.go).
import { hasCondition, setCondition, type StatusCondition } from "@yoke-flight/sdk";

export type Condition = StatusCondition & { status: string };

/** Sets a condition; the transition time (`now`, the simulated clock) changes only when the status does. Returns whether anything changed. */
export function setStatusCondition(conditions: Condition[], next: Condition, now: string): boolean {
  const holder = { status: { conditions } };
  return setCondition(holder, { ...next, lastTransitionTime: next.lastTransitionTime ?? now });
}

/** yoke's MeetsConditions: every type present with status "True", and observed for this generation when it says. */
export function meetsConditions(resource: { metadata?: Record<string, unknown>; status?: unknown }, ...types: string[]): boolean {
  const status = resource.status;
  if (!status || typeof status !== "object") return false;
  const holder = { metadata: { generation: (resource.metadata?.generation as number | undefined) ?? 0 }, status: status as { conditions?: StatusCondition[] } };
  return types.every((type) => hasCondition(holder, type, "True"));
}
