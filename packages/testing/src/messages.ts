// The exact error texts a flight sees through yoke's host functions, as
// produced by yoke (internal/wasi/host) and the Kubernetes libraries it
// uses (apimachinery's StatusError and NoKindMatchError, the API server).
import { formatGoDuration } from "@yoke-flight/openapi/go-duration";

/** host.ErrFeatureNotGranted: the ABI table's. */
export { FEATURE_NOT_GRANTED } from "@yoke-flight/sdk/abi";

/** The API server's NotFound: `jobs.batch "x" not found`, or `secrets "x" not found` for the core group. */
export function notFound(group: string, resource: string, name: string): string {
  return `${group ? `${resource}.${group}` : resource} ${JSON.stringify(name)} not found`;
}

/** kerrors.NewForbidden(schema.GroupResource{}, "", ...) for a resource outside the release. */
export const OWNERSHIP_FORBIDDEN = "forbidden: cannot access resource outside of target release ownership";

/**
 * The API server's RBAC denial of a get (apiserver's forbiddenMessage):
 * "in the namespace" for a namespaced object, "at the cluster scope" for a
 * cluster-scoped one; a Namespace is its own namespace (the request's
 * namespace is its name). Checked against kube-apiserver v1.36.3 by
 * test/control-plane/lookups.test.ts.
 */
export function rbacForbidden(group: string, resource: string, name: string, namespace: string, user: string): string {
  const gr = group ? `${resource}.${group}` : resource;
  const requestNamespace = group === "" && resource === "namespaces" ? name : namespace;
  const where = requestNamespace ? `in the namespace ${JSON.stringify(requestNamespace)}` : "at the cluster scope";
  return `${gr} ${JSON.stringify(name)} is forbidden: User ${JSON.stringify(user)} cannot get resource ${JSON.stringify(resource)} in API group ${JSON.stringify(group)} ${where}`;
}

/** The API server's answer to a request without valid credentials. */
export const UNAUTHORIZED = "Unauthorized";

/** meta.NoKindMatchError */
export function noKindMatch(group: string, kind: string, versions: string[]): string {
  const searched = [...new Set(versions.map((v) => (group ? `${group}/${v}` : v)))].sort();
  if (searched.length === 0) return `no matches for kind ${JSON.stringify(kind)} in group ${JSON.stringify(group)}`;
  if (searched.length === 1) return `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(searched[0])}`;
  return `no matches for kind ${JSON.stringify(kind)} in versions [${searched.map((s) => JSON.stringify(s)).join(" ")}]`;
}

/** schema.ParseGroupVersion's error for a malformed apiVersion. */
export function badGroupVersion(apiVersion: string): string {
  return `unexpected GroupVersion string: ${apiVersion}`;
}

/** yoke's timeout error (internal/wasi/wasi.go), with Go's duration format. */
export function timeoutExceeded(ms: number): string {
  return `execution timeout (${formatGoDuration(ms)}) exceeded`;
}

/** xerr.MultiErrFrom(msg, errs...).Error(): nil (undefined) without errors; "msg: err" for one; a "- " list for more. */
export function multiErr(message: string, errors: string[]): string | undefined {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return `${message}: ${errors[0]}`;
  return `${message}:${errors.map((e) => `\n  - ${e.replaceAll("\n", "\n  ")}`).join("")}`;
}

/**
 * yoke's refusal to apply over a resource another release (or none) owns
 * (internal/k8s/k8s.go checkOwnership, one error of ApplyResources' dry run;
 * `yoke takeoff` prints it after "failed to apply resources: dry run: ",
 * test/control-plane/yoke.test.ts).
 */
export function ownershipConflict(canonicalName: string, owner: string, existingOwner: string): string {
  return `${canonicalName}: failed to validate resource release: expected release ${JSON.stringify(owner)} but resource is already owned by ${JSON.stringify(existingOwner)}`;
}
