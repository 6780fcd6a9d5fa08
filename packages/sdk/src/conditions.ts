// Status conditions: reading them as yoke's readiness does
// (internal/k8s/readiness.go MeetsConditions: a condition observed for an
// older generation does not count) and setting them as apimachinery's
// meta.SetStatusCondition does (the transition time moves only when the
// status changes).

import { now } from "./determinism.js";
import type { Condition } from "./types.js";

/**
 * A condition as read from any object: metav1.Condition (the `Condition` of
 * types.ts, its one definition) with every field but `type` optional and
 * any status text.
 */
export type StatusCondition = Pick<Condition, "type"> & Partial<Omit<Condition, "type" | "status">> & { status?: string };

interface WithConditions {
  metadata?: { generation?: number } | null;
  status?: { conditions?: StatusCondition[] | null } | null;
}

/**
 * The condition of the given type, if the object reports it for its current
 * generation: one with an observedGeneration (> 0) other than
 * metadata.generation is stale and ignored, as yoke's MeetsConditions does.
 */
export function findCondition(resource: WithConditions | null | undefined, type: string): StatusCondition | undefined {
  const condition = resource?.status?.conditions?.find((c) => c.type === type);
  if (!condition) return undefined;
  const observed = condition.observedGeneration ?? 0;
  if (observed > 0 && observed !== (resource?.metadata?.generation ?? 0)) return undefined;
  return condition;
}

/**
 * Whether the object has a current condition of this type (and, when given,
 * this status: "True", "False" or "Unknown"). `hasCondition(obj, type, "True")`
 * is yoke's MeetsConditions for one type.
 */
export function hasCondition(resource: WithConditions | null | undefined, type: string, status?: string): boolean {
  const condition = findCondition(resource, type);
  return condition !== undefined && (status === undefined || condition.status === status);
}

type ConditionInput = Omit<StatusCondition, "status"> & { status: "True" | "False" | "Unknown" | string };

/**
 * Sets a condition in obj.status.conditions with meta.SetStatusCondition's
 * semantics: added when missing; lastTransitionTime set only when the status
 * changes (now, unless given); reason, message and observedGeneration
 * replaced. observedGeneration defaults to obj.metadata.generation.
 * Returns whether anything changed.
 */
export function setCondition(resource: WithConditions & object, condition: ConditionInput): boolean {
  const target = resource as { metadata?: { generation?: number } | null; status?: { conditions?: StatusCondition[] | null } | null };
  target.status ??= {};
  const conditions = (target.status.conditions ??= []);
  const next: StatusCondition = {
    ...condition,
    observedGeneration: condition.observedGeneration ?? target.metadata?.generation ?? undefined,
  };
  if (next.observedGeneration === undefined) delete next.observedGeneration;
  const existing = conditions.find((c) => c.type === next.type);
  if (!existing) {
    conditions.push({ ...next, lastTransitionTime: next.lastTransitionTime ?? now() });
    return true;
  }
  let changed = false;
  if (existing.status !== next.status) {
    existing.status = next.status;
    existing.lastTransitionTime = next.lastTransitionTime ?? now();
    changed = true;
  }
  for (const field of ["reason", "message", "observedGeneration"] as const) {
    if (existing[field] !== next[field]) {
      (existing as unknown as Record<string, unknown>)[field] = next[field];
      changed = true;
    }
  }
  return changed;
}
