// metav1.Condition handling as apimachinery's meta.SetStatusCondition does it.

export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown" | string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}

/** Sets a condition; the transition time changes only when the status does. Returns whether anything changed. */
export function setStatusCondition(conditions: Condition[], next: Condition, now: string): boolean {
  const existing = conditions.find((c) => c.type === next.type);
  if (!existing) {
    conditions.push({ ...next, lastTransitionTime: next.lastTransitionTime ?? now });
    return true;
  }
  let changed = false;
  if (existing.status !== next.status) {
    existing.status = next.status;
    existing.lastTransitionTime = next.lastTransitionTime ?? now;
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

/** A condition of the given type is present with status "True" (and, if it says, for this generation). */
export function meetsConditions(resource: { metadata?: Record<string, unknown>; status?: unknown }, ...types: string[]): boolean {
  const conditions = ((resource.status as { conditions?: Condition[] } | undefined)?.conditions) ?? [];
  return types.every((type) => {
    const c = conditions.find((x) => x.type === type);
    if (!c) return false;
    if (c.observedGeneration && c.observedGeneration !== ((resource.metadata?.generation as number | undefined) ?? 0)) return false;
    return c.status === "True";
  });
}
