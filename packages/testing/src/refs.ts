// How yoke names and owns resources (yokecd/yoke internal/unstructured.go,
// internal/revision.go, internal/atc/reconciler_airway.go).

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

export const LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
export const ANNOTATION_RELEASE = "instance.atc.yoke.cd/release";
export const ANNOTATION_NAMESPACE = "instance.atc.yoke.cd/namespace";
const DEPRECATED_LABEL_RELEASE = "app.kubernetes.io/yoke-release";
const DEPRECATED_LABEL_RELEASE_NS = "app.kubernetes.io/yoke-release-namespace";

/** "apps/v1" -> "apps"; "v1" -> "". */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

export function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf("/") + 1);
}

/** schema.GroupKind.String(): "Deployment.apps", or "Secret" for the core group. */
export function groupKind(group: string, kind: string): string {
  return group ? `${kind}.${group}` : kind;
}

/** internal.ResourceRef: "namespace/Kind.group:name". */
export function resourceRef(resource: KubeObject): string {
  return `${resource.metadata.namespace ?? ""}/${groupKind(groupOf(resource.apiVersion), resource.kind)}:${resource.metadata.name ?? ""}`;
}

/** internal.Canonical: "namespace/group/version/kind/name" in lower case, "_" for no namespace and "core" for the core group. */
export function canonical(resource: KubeObject): string {
  return [
    resource.metadata.namespace || "_",
    groupOf(resource.apiVersion) || "core",
    versionOf(resource.apiVersion),
    resource.kind,
    resource.metadata.name ?? "",
  ]
    .join("/")
    .toLowerCase();
}

/** internal.GetOwner: "namespace/release" from yoke's annotations (or its deprecated labels), or "". */
export function ownerOf(resource: KubeObject): string {
  const a = resource.metadata.annotations ?? {};
  const l = resource.metadata.labels ?? {};
  const release = a[ANNOTATION_RELEASE] || l[DEPRECATED_LABEL_RELEASE] || "";
  const namespace = a[ANNOTATION_NAMESPACE] || l[DEPRECATED_LABEL_RELEASE_NS] || "";
  return release && namespace ? `${namespace}/${release}` : "";
}

/** internal.OwnerFrom */
export function ownerFrom(release: string, namespace: string): string {
  return `${namespace}/${release}`;
}

/** Marks a resource as yoke does when it applies it for a release (internal.AddYokeMetadata). */
export function withYokeMetadata<T extends KubeObject>(resource: T, release: string, namespace: string, manager = "yoke"): T {
  const copy = structuredClone(resource);
  copy.metadata.labels = { ...copy.metadata.labels, [LABEL_MANAGED_BY]: manager };
  copy.metadata.annotations = { ...copy.metadata.annotations, [ANNOTATION_RELEASE]: release, [ANNOTATION_NAMESPACE]: namespace };
  return copy;
}

/** The ATC's release name for an instance (ReleaseName): group.Kind[.namespace].name */
export function atcReleaseName(instance: KubeObject): string {
  return [groupOf(instance.apiVersion), instance.kind, instance.metadata.namespace, instance.metadata.name]
    .filter((e) => e !== undefined && e !== "")
    .join(".");
}
