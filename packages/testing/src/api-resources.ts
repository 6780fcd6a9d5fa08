// The kinds a fake cluster serves out of the box: Kubernetes' built-in
// resources (what discovery returns on a plain cluster; every served version,
// the group's preferred version first) and yoke's own. CRDs are added per
// cluster. test/control-plane/lookups.test.ts checks the built-ins against
// kube-apiserver v1.36.3's discovery.

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
  // kube-apiserver v1.36.3's discovery, in its order (GA APIs only, as a default cluster serves).
  r("", "v1", "Binding", "bindings"),
  r("", "v1", "ComponentStatus", "componentstatuses", false),
  r("", "v1", "ConfigMap", "configmaps"),
  r("", "v1", "Endpoints", "endpoints"),
  r("", "v1", "Event", "events"),
  r("", "v1", "LimitRange", "limitranges"),
  r("", "v1", "Namespace", "namespaces", false),
  r("", "v1", "Node", "nodes", false),
  r("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims"),
  r("", "v1", "PersistentVolume", "persistentvolumes", false),
  r("", "v1", "Pod", "pods"),
  r("", "v1", "PodTemplate", "podtemplates"),
  r("", "v1", "ReplicationController", "replicationcontrollers"),
  r("", "v1", "ResourceQuota", "resourcequotas"),
  r("", "v1", "Secret", "secrets"),
  r("", "v1", "ServiceAccount", "serviceaccounts"),
  r("", "v1", "Service", "services"),
  r("apiregistration.k8s.io", "v1", "APIService", "apiservices", false),
  r("apps", "v1", "ControllerRevision", "controllerrevisions"),
  r("apps", "v1", "DaemonSet", "daemonsets"),
  r("apps", "v1", "Deployment", "deployments"),
  r("apps", "v1", "ReplicaSet", "replicasets"),
  r("apps", "v1", "StatefulSet", "statefulsets"),
  r("events.k8s.io", "v1", "Event", "events"),
  r("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", false),
  r("authentication.k8s.io", "v1", "TokenReview", "tokenreviews", false),
  r("authorization.k8s.io", "v1", "LocalSubjectAccessReview", "localsubjectaccessreviews"),
  r("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false),
  r("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false),
  r("authorization.k8s.io", "v1", "SubjectAccessReview", "subjectaccessreviews", false),
  r("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers"),
  r("autoscaling", "v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers"),
  r("batch", "v1", "CronJob", "cronjobs"),
  r("batch", "v1", "Job", "jobs"),
  r("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests", false),
  r("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false),
  r("networking.k8s.io", "v1", "Ingress", "ingresses"),
  r("networking.k8s.io", "v1", "IPAddress", "ipaddresses", false),
  r("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies"),
  r("networking.k8s.io", "v1", "ServiceCIDR", "servicecidrs", false),
  r("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets"),
  r("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
  r("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
  r("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings"),
  r("rbac.authorization.k8s.io", "v1", "Role", "roles"),
  r("storage.k8s.io", "v1", "CSIDriver", "csidrivers", false),
  r("storage.k8s.io", "v1", "CSINode", "csinodes", false),
  r("storage.k8s.io", "v1", "CSIStorageCapacity", "csistoragecapacities"),
  r("storage.k8s.io", "v1", "StorageClass", "storageclasses", false),
  r("storage.k8s.io", "v1", "VolumeAttachment", "volumeattachments", false),
  r("storage.k8s.io", "v1", "VolumeAttributesClass", "volumeattributesclasses", false),
  r("admissionregistration.k8s.io", "v1", "MutatingAdmissionPolicy", "mutatingadmissionpolicies", false),
  r("admissionregistration.k8s.io", "v1", "MutatingAdmissionPolicyBinding", "mutatingadmissionpolicybindings", false),
  r("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false),
  r("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy", "validatingadmissionpolicies", false),
  r("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings", false),
  r("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false),
  r("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false),
  r("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false),
  r("coordination.k8s.io", "v1", "Lease", "leases"),
  r("node.k8s.io", "v1", "RuntimeClass", "runtimeclasses", false),
  r("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices"),
  r("resource.k8s.io", "v1", "DeviceClass", "deviceclasses", false),
  r("resource.k8s.io", "v1", "ResourceClaim", "resourceclaims"),
  r("resource.k8s.io", "v1", "ResourceClaimTemplate", "resourceclaimtemplates"),
  r("resource.k8s.io", "v1", "ResourceSlice", "resourceslices", false),
  r("flowcontrol.apiserver.k8s.io", "v1", "FlowSchema", "flowschemas", false),
  r("flowcontrol.apiserver.k8s.io", "v1", "PriorityLevelConfiguration", "prioritylevelconfigurations", false),
  // yoke's own, served once yoke's CRDs are installed.
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
