// The kinds a fake cluster serves out of the box: Kubernetes' built-in
// resources (what discovery returns on a plain cluster; every served version,
// the group's preferred version first) and yoke's own. CRDs are added per
// cluster. test/control-plane/lookups.test.ts checks the built-ins against
// kube-apiserver v1.36.3's discovery.
import type { RestMapping } from "@yoke-flight/sdk";

/** A kind the cluster serves: the five fields of a rest mapping, as the SDK's RestMapping names them. */
export type ApiResource = RestMapping;

const r = (group: string, version: string, kind: string, resource: string, namespaced = true): ApiResource => ({
  group,
  version,
  kind,
  resource,
  namespaced,
});

/**
 * kube-apiserver v1.36.3's discovery, in its order (GA APIs only, as a
 * default cluster serves), and yoke's own kinds: per group version, its
 * kinds, a trailing * marking a cluster-scoped one.
 */
const DISCOVERY: [groupVersion: string, kinds: string][] = [
  [
    "v1",
    "Binding ComponentStatus* ConfigMap Endpoints Event LimitRange Namespace* Node* PersistentVolumeClaim PersistentVolume* Pod PodTemplate " +
      "ReplicationController ResourceQuota Secret ServiceAccount Service",
  ],
  ["apiregistration.k8s.io/v1", "APIService*"],
  ["apps/v1", "ControllerRevision DaemonSet Deployment ReplicaSet StatefulSet"],
  ["events.k8s.io/v1", "Event"],
  ["authentication.k8s.io/v1", "SelfSubjectReview* TokenReview*"],
  ["authorization.k8s.io/v1", "LocalSubjectAccessReview SelfSubjectAccessReview* SelfSubjectRulesReview* SubjectAccessReview*"],
  ["autoscaling/v2", "HorizontalPodAutoscaler"],
  ["autoscaling/v1", "HorizontalPodAutoscaler"],
  ["batch/v1", "CronJob Job"],
  ["certificates.k8s.io/v1", "CertificateSigningRequest*"],
  ["networking.k8s.io/v1", "IngressClass* Ingress IPAddress* NetworkPolicy ServiceCIDR*"],
  ["policy/v1", "PodDisruptionBudget"],
  ["rbac.authorization.k8s.io/v1", "ClusterRoleBinding* ClusterRole* RoleBinding Role"],
  ["storage.k8s.io/v1", "CSIDriver* CSINode* CSIStorageCapacity StorageClass* VolumeAttachment* VolumeAttributesClass*"],
  [
    "admissionregistration.k8s.io/v1",
    "MutatingAdmissionPolicy* MutatingAdmissionPolicyBinding* MutatingWebhookConfiguration* " +
      "ValidatingAdmissionPolicy* ValidatingAdmissionPolicyBinding* ValidatingWebhookConfiguration*",
  ],
  ["apiextensions.k8s.io/v1", "CustomResourceDefinition*"],
  ["scheduling.k8s.io/v1", "PriorityClass*"],
  ["coordination.k8s.io/v1", "Lease"],
  ["node.k8s.io/v1", "RuntimeClass*"],
  ["discovery.k8s.io/v1", "EndpointSlice"],
  ["resource.k8s.io/v1", "DeviceClass* ResourceClaim ResourceClaimTemplate ResourceSlice*"],
  ["flowcontrol.apiserver.k8s.io/v1", "FlowSchema* PriorityLevelConfiguration*"],
  // yoke's own, served once yoke's CRDs are installed.
  ["yoke.cd/v1alpha1", "Airway* Flight ClusterFlight*"],
];

/** The resource name Kubernetes gives a built-in kind: k8s.io/gengo's plural namer (Endpoints is already plural). */
function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower === "endpoints") return lower;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

export const BUILTIN_API_RESOURCES: readonly ApiResource[] = DISCOVERY.flatMap(([groupVersion, kinds]) => {
  const [group, version] = groupVersion.includes("/") ? (groupVersion.split("/") as [string, string]) : ["", groupVersion];
  return kinds.split(" ").map((entry) => {
    const kind = entry.replace(/\*$/, "");
    return r(group, version, kind, pluralOf(kind), !entry.endsWith("*"));
  });
});

/** The API resource a CustomResourceDefinition object defines (its served versions, storage version first). */
export function apiResourcesFromCRD(crd: {
  spec: { group: string; names: { kind: string; plural: string }; scope: string; versions?: { name: string; served?: boolean; storage?: boolean }[] };
}): ApiResource[] {
  const versions = [...(crd.spec.versions ?? [])].filter((v) => v.served !== false).sort((a, b) => Number(!!b.storage) - Number(!!a.storage));
  return versions.map((v) => r(crd.spec.group, v.name, crd.spec.names.kind, crd.spec.names.plural, crd.spec.scope !== "Cluster"));
}
