// The kinds a fake cluster serves out of the box: Kubernetes' built-in
// resources (what discovery returns on a plain cluster) and yoke's own.
// CRDs are added per cluster.

export interface ApiResource {
  group: string;
  version: string;
  kind: string;
  /** The plural resource name, as in the REST path. */
  resource: string;
  namespaced: boolean;
}

const r = (group: string, version: string, kind: string, resource: string, namespaced = true): ApiResource => ({
  group, version, kind, resource, namespaced,
});

export const BUILTIN_API_RESOURCES: readonly ApiResource[] = [
  r("", "v1", "ConfigMap", "configmaps"),
  r("", "v1", "Endpoints", "endpoints"),
  r("", "v1", "Event", "events"),
  r("", "v1", "LimitRange", "limitranges"),
  r("", "v1", "Namespace", "namespaces", false),
  r("", "v1", "Node", "nodes", false),
  r("", "v1", "PersistentVolume", "persistentvolumes", false),
  r("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims"),
  r("", "v1", "Pod", "pods"),
  r("", "v1", "ReplicationController", "replicationcontrollers"),
  r("", "v1", "ResourceQuota", "resourcequotas"),
  r("", "v1", "Secret", "secrets"),
  r("", "v1", "Service", "services"),
  r("", "v1", "ServiceAccount", "serviceaccounts"),
  r("apps", "v1", "ControllerRevision", "controllerrevisions"),
  r("apps", "v1", "DaemonSet", "daemonsets"),
  r("apps", "v1", "Deployment", "deployments"),
  r("apps", "v1", "ReplicaSet", "replicasets"),
  r("apps", "v1", "StatefulSet", "statefulsets"),
  r("batch", "v1", "CronJob", "cronjobs"),
  r("batch", "v1", "Job", "jobs"),
  r("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers"),
  r("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets"),
  r("networking.k8s.io", "v1", "Ingress", "ingresses"),
  r("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false),
  r("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies"),
  r("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices"),
  r("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
  r("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
  r("rbac.authorization.k8s.io", "v1", "Role", "roles"),
  r("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings"),
  r("storage.k8s.io", "v1", "StorageClass", "storageclasses", false),
  r("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false),
  r("coordination.k8s.io", "v1", "Lease", "leases"),
  r("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false),
  r("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false),
  r("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false),
  r("yoke.cd", "v1alpha1", "Airway", "airways", false),
  r("yoke.cd", "v1alpha1", "Flight", "flights"),
  r("yoke.cd", "v1alpha1", "ClusterFlight", "clusterflights", false),
];

/** The API resource a CustomResourceDefinition object defines (its served versions, storage version first). */
export function apiResourcesFromCRD(crd: {
  spec: { group: string; names: { kind: string; plural: string }; scope: string; versions?: { name: string; served?: boolean; storage?: boolean }[] };
}): ApiResource[] {
  const versions = [...(crd.spec.versions ?? [])].filter((v) => v.served !== false).sort((a, b) => Number(!!b.storage) - Number(!!a.storage));
  return versions.map((v) => r(crd.spec.group, v.name, crd.spec.names.kind, crd.spec.names.plural, crd.spec.scope !== "Cluster"));
}
