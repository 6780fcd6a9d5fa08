// Reading status conditions, the usual way a flight decides whether a Job
// finished or a Deployment is available.

export interface StatusCondition {
  type: string;
  status?: string;
  reason?: string;
  message?: string;
}

interface WithConditions {
  status?: { conditions?: StatusCondition[] | null } | null;
}

/** The condition of the given type, if the object reports it. */
export function findCondition(resource: WithConditions | null | undefined, type: string): StatusCondition | undefined {
  return resource?.status?.conditions?.find((c) => c.type === type);
}

/**
 * Whether the object has a condition of this type (and, when given, this
 * status: "True", "False" or "Unknown").
 */
export function hasCondition(resource: WithConditions | null | undefined, type: string, status?: string): boolean {
  const condition = findCondition(resource, type);
  return condition !== undefined && (status === undefined || condition.status === status);
}
