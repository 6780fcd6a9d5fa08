// The harness's FakeCluster against a real kube-apiserver v1.36.3: for
// objects created in the real server (owned by a release through yoke's
// annotations or its deprecated labels, owned by another, not owned,
// namespaced and cluster-scoped, a custom resource, missing, denied by RBAC
// to the restricted identity), a real built flight (test/conformance's
// lookup and restmapping probes) run by runFlight on a FakeCluster holding
// the same objects gets the same state and message as yoke's host gets from
// the real server (lib/yoke-host.ts, host.go step by step).
import { fileURLToPath } from "node:url";
import { ApisApi, type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { airwayCRD, type Airway } from "@yoke-flight/openapi";
import { BUILTIN_API_RESOURCES, FakeCluster, goMarshal, runFlight, type KubeObject } from "@yoke-flight/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleAirways } from "./lib/airways.js";
import { IDENTITIES, useControlPlane, type Identity } from "./lib/control-plane.js";
import { apply, established, read } from "./lib/kube.js";
import { STATE, servedKinds, yokeLookup, yokeRestMapping, type HostAnswer } from "./lib/yoke-host.js";

const LOOKUP = fileURLToPath(new URL("../conformance/dist/lookup.wasm", import.meta.url));
const REST_MAPPING = fileURLToPath(new URL("../conformance/dist/restmapping.wasm", import.meta.url));
const RELEASE = "rel";
const RELEASE_NAMESPACE = "default";
const OWNER = `${RELEASE_NAMESPACE}/${RELEASE}`;

const controlPlane = useControlPlane();
const pipelineAirway = (await exampleAirways()).find((e) => e.source === "examples/pipeline/airway.yaml")!.airway as Airway;

const owned = { annotations: { "instance.atc.yoke.cd/release": RELEASE, "instance.atc.yoke.cd/namespace": RELEASE_NAMESPACE } };
const ownedByOther = { annotations: { "instance.atc.yoke.cd/release": "other", "instance.atc.yoke.cd/namespace": RELEASE_NAMESPACE } };
const ownedByLabels = { labels: { "app.kubernetes.io/yoke-release": RELEASE, "app.kubernetes.io/yoke-release-namespace": RELEASE_NAMESPACE } };
const job = (name: string) => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name, namespace: "default", ...owned },
  spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "step", image: "busybox:1.36" }] } } },
});

/** What the tests create in the real server (as admin). */
const OBJECTS: KubernetesObject[] = [
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "demo" } },
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "owned-ns", ...owned } },
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "owned", namespace: "default", ...owned }, data: { a: "<b>&" } } as KubernetesObject,
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "foreign", namespace: "default", ...ownedByOther } },
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "plain", namespace: "default" } },
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "legacy", namespace: "default", ...ownedByLabels } },
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "owned-in-demo", namespace: "demo", ...owned } },
  { apiVersion: "v1", kind: "Secret", metadata: { name: "owned-secret", namespace: "default", ...owned }, stringData: { k: "v" } } as KubernetesObject,
  job("owned-job") as KubernetesObject,
  { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "owned-pipeline", namespace: "default", ...owned }, spec: {} } as KubernetesObject,
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "owned-role", ...owned }, rules: [] } as KubernetesObject,
  // The restricted identity may get ConfigMaps, Jobs and Pipelines; not Secrets, Namespaces or ClusterRoles.
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "lookup-reader" },
    rules: [
      { apiGroups: [""], resources: ["configmaps"], verbs: ["get"] },
      { apiGroups: ["batch"], resources: ["jobs"], verbs: ["get"] },
      { apiGroups: ["examples.com"], resources: ["pipelines"], verbs: ["get"] },
    ],
  } as KubernetesObject,
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "lookup-reader" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "lookup-reader" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: IDENTITIES.restricted.user }],
  } as KubernetesObject,
];
/** The same denials, for the FakeCluster. */
const RESTRICTED_DENIALS = ["*/Secret", "*/Namespace", "*/ClusterRole.rbac.authorization.k8s.io"];

let stored: KubeObject[] = [];
beforeAll(async () => {
  const kc = controlPlane().kubeConfig();
  const crd = airwayCRD(pipelineAirway);
  await apply(kc, crd);
  await established(kc, crd.metadata.name);
  for (const object of OBJECTS) await apply(kc, object);
  // The FakeCluster holds the objects exactly as the server stores them.
  stored = [await read<KubeObject & KubernetesObject>(kc, crd)];
  for (const object of OBJECTS) stored.push(await read<KubeObject & KubernetesObject>(kc, object as never));
}, 60_000);

function fakeCluster(identity: Identity): FakeCluster {
  const cluster = new FakeCluster(structuredClone(stored));
  cluster.user = IDENTITIES[identity].user;
  if (identity === "restricted") for (const matcher of RESTRICTED_DENIALS) cluster.deny({ matcher, as: "forbidden" });
  return cluster;
}

/** The probe flight's report of a host answer (flights/lookup.ts). */
function report(answer: HostAnswer): string {
  if (answer.state === STATE.ok) return `found ${goMarshal(answer.result).trimEnd()}`;
  const kind =
    { [STATE.notFound]: "not found", [STATE.forbidden]: "forbidden", [STATE.unauthenticated]: "unauthenticated", [STATE.featureNotGranted]: "not granted" }[
      answer.state
    ] ?? "error";
  return `${kind}: ${answer.result}`;
}

type Lookup = [name: string, namespace: string, kind: string, apiVersion: string, expected: string];
const AS_ADMIN: Lookup[] = [
  ["owned", "default", "ConfigMap", "v1", "found"],
  ["owned", "", "ConfigMap", "v1", "found"],
  ["owned", "default", "ConfigMap", "", "found"],
  ["foreign", "default", "ConfigMap", "v1", "forbidden"],
  ["plain", "default", "ConfigMap", "v1", "forbidden"],
  ["legacy", "default", "ConfigMap", "v1", "found"],
  ["owned-in-demo", "demo", "ConfigMap", "v1", "found"],
  ["owned-in-demo", "", "ConfigMap", "v1", "not found"],
  ["missing", "default", "ConfigMap", "v1", "not found"],
  ["owned-secret", "default", "Secret", "v1", "found"],
  ["owned-job", "default", "Job", "batch/v1", "found"],
  ["missing-job", "demo", "Job", "batch/v1", "not found"],
  ["owned-pipeline", "default", "Pipeline", "examples.com/v1", "found"],
  ["missing-pipeline", "default", "Pipeline", "examples.com/v1", "not found"],
  ["owned-ns", "", "Namespace", "v1", "found"],
  ["owned-ns", "demo", "Namespace", "v1", "found"],
  ["demo", "", "Namespace", "v1", "forbidden"],
  ["missing-ns", "", "Namespace", "v1", "not found"],
  ["owned-role", "", "ClusterRole", "rbac.authorization.k8s.io/v1", "found"],
  ["x", "default", "Nope", "v1", "error"],
  ["x", "default", "Deployment", "apps/v9", "error"],
  ["x", "default", "Pipeline", "examples.com/v2", "error"],
  ["x", "default", "ConfigMap", "a/b/c", "error"],
];
const AS_RESTRICTED: Lookup[] = [
  ["owned", "default", "ConfigMap", "v1", "found"],
  ["owned-job", "default", "Job", "batch/v1", "found"],
  ["owned-pipeline", "default", "Pipeline", "examples.com/v1", "found"],
  ["owned-secret", "default", "Secret", "v1", "forbidden"],
  ["missing-secret", "demo", "Secret", "v1", "forbidden"],
  ["owned-ns", "", "Namespace", "v1", "forbidden"],
  ["owned-role", "", "ClusterRole", "rbac.authorization.k8s.io/v1", "forbidden"],
  ["missing", "default", "ConfigMap", "v1", "not found"],
];

describe.each([
  ["admin", AS_ADMIN],
  ["restricted", AS_RESTRICTED],
] as const)("k8s_lookup as the %s identity", (identity, lookups) => {
  it.each(lookups)("%s in %j (%s %s): %s", async (name, namespace, kind, apiVersion, expected) => {
    const yoke = await yokeLookup(controlPlane().kubeConfig(identity), OWNER, name, namespace, kind, apiVersion);
    expect(report(yoke).startsWith(`${expected}`), report(yoke)).toBe(true);
    const run = await runFlight(LOOKUP, {
      input: { name, namespace, kind, apiVersion },
      release: RELEASE,
      namespace: RELEASE_NAMESPACE,
      clusterAccess: true,
      cluster: fakeCluster(identity),
    });
    expect(run.error).toBeUndefined();
    expect(run.lookups.map((l) => l.state)).toEqual([yoke.state]);
    expect((run.resources[0] as unknown as { data: { result: string } }).data.result).toBe(report(yoke));
  });
});

it("the harness serves exactly the kinds a plain kube-apiserver v1.36.3 serves (plus yoke's own; the Pipeline CRD is this file's)", async () => {
  const served = (await servedKinds(controlPlane().kubeConfig()))
    .filter((m) => m.Group !== "examples.com")
    .map((m) => ({ group: m.Group, version: m.Version, kind: m.Kind, resource: m.Resource, namespaced: m.Namespaced }));
  expect(BUILTIN_API_RESOURCES.filter((r) => r.group !== "yoke.cd")).toEqual(served);
});

describe("k8s_rest_mapping", () => {
  const PROBES: [string, string][] = [
    ["apps/v1", "Deployment"],
    ["apps", "Deployment"],
    ["", "ConfigMap"],
    ["v1", "ConfigMap"],
    ["", "Namespace"],
    ["batch", "Job"],
    ["examples.com", "Pipeline"],
    ["examples.com/v1", "Pipeline"],
    ["examples.com/v2", "Pipeline"],
    ["autoscaling", "HorizontalPodAutoscaler"],
    ["autoscaling/v1", "HorizontalPodAutoscaler"],
    ["apps/v9", "Deployment"],
    ["", "Nope"],
    ["rbac.authorization.k8s.io", "ClusterRole"],
    ["apps/v1/x", "Deployment"],
    // Every kind the harness serves out of the box, except yoke's own (served once yoke's CRDs are installed).
    ...BUILTIN_API_RESOURCES.filter((r) => r.group !== "yoke.cd").map((r): [string, string] => [r.group, r.kind]),
  ];

  /** Every kind the harness serves out of the box, in every version the real server serves its group. */
  async function everyServedVersion(kc: KubeConfig): Promise<[string, string][]> {
    const groups = (await kc.makeApiClient(ApisApi).getAPIVersions()).groups;
    return BUILTIN_API_RESOURCES.filter((r) => r.group !== "yoke.cd" && r.group !== "").flatMap((r) =>
      (groups.find((g) => g.name === r.group)?.versions ?? []).map((v): [string, string] => [v.groupVersion, r.kind]),
    );
  }

  it.each(["admin", "restricted"] as const)("as the %s identity: the same mappings and errors as the real server's discovery", async (identity) => {
    const kc: KubeConfig = controlPlane().kubeConfig(identity);
    const probes = [...PROBES, ...(await everyServedVersion(kc))];
    const expected: Record<string, string> = {};
    for (const [i, [groupOrApiVersion, kind]] of probes.entries()) {
      const answer = await yokeRestMapping(kc, groupOrApiVersion, kind);
      const m = answer.result as { Group: string; Version: string; Kind: string; Resource: string; Namespaced: boolean };
      expected[i] = answer.state === STATE.ok ? `${m.Group} ${m.Version} ${m.Kind} ${m.Resource} ${m.Namespaced}` : `error: ${answer.result}`;
    }
    const run = await runFlight(REST_MAPPING, { input: { kinds: probes }, clusterAccess: true, cluster: fakeCluster(identity) });
    expect(run.error).toBeUndefined();
    const labelled = (data: Record<string, string>) => Object.fromEntries(Object.entries(data).map(([i, v]) => [`${probes[Number(i)]!.join(" ")}`, v]));
    expect(labelled((run.resources[0] as unknown as { data: Record<string, string> }).data)).toEqual(labelled(expected));
  });
});
