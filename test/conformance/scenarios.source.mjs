// The conformance scenarios, before their expectations are filled in by
// generate.mjs. Each is one flight invocation: input, cluster, access.
import { BUILTIN_API_RESOURCES, withYokeMetadata } from "@yoke-flight/testing";

const CRDS = [
  { group: "examples.com", version: "v1", kind: "Pipeline", resource: "pipelines", namespaced: true },
  { group: "examples.com", version: "v1", kind: "App", resource: "apps", namespaced: true },
  { group: "database.gcp.crossplane.io", version: "v1beta1", kind: "CloudSQLInstance", resource: "cloudsqlinstances", namespaced: false },
];
export const apiResources = [...BUILTIN_API_RESOURCES, ...CRDS];

const PIPELINE_RELEASE = "examples.com.Pipeline.default.demo";
const APP_RELEASE = "examples.com.App.default.web";
const pipeline = (spec = {}) => ({ apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "demo", namespace: "default" }, spec });
const app = (spec = {}) => ({
  apiVersion: "examples.com/v1",
  kind: "App",
  metadata: { name: "web", namespace: "default" },
  spec: { image: "ghcr.io/acme/web:1.4.0", ...spec },
});
const job = (step, condition) =>
  withYokeMetadata(
    {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: `demo-${step}`, namespace: "default" },
      ...(condition && { status: { conditions: [{ type: condition, status: "True" }] } }),
    },
    PIPELINE_RELEASE,
    "default",
    "atc.yoke",
  );
const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "web", namespace: "default" }, data: { password: "czNjcjN0" } };
const deployment = (available) =>
  withYokeMetadata(
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default", generation: 1 },
      status: {
        observedGeneration: 1,
        replicas: 1,
        availableReplicas: available ? 1 : 0,
        conditions: [{ type: "Available", status: available ? "True" : "False" }],
      },
    },
    APP_RELEASE,
    "default",
    "atc.yoke",
  );
const ownedConfigMap = withYokeMetadata(
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "default" }, data: { mode: "fast", level: "3" } },
  "r",
  "default",
);
const ownedNamespace = withYokeMetadata({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } }, "r", "default");

const onPipeline = (name, extra) => ({
  name: `pipeline: ${name}`,
  flight: "pipeline",
  release: PIPELINE_RELEASE,
  namespace: "default",
  input: pipeline(),
  clusterAccess: true,
  resourceAccessMatchers: [],
  cluster: [],
  denials: [],
  ...extra,
});
const onApp = (name, extra) => ({
  name: `app: ${name}`,
  flight: "app",
  release: APP_RELEASE,
  namespace: "default",
  input: app(),
  clusterAccess: true,
  resourceAccessMatchers: ["Secret"],
  cluster: [],
  denials: [],
  ...extra,
});
const lookupOf = (name, id, extra) => ({
  name: `lookup: ${name}`,
  flight: "lookup",
  release: "r",
  namespace: "default",
  input: id,
  clusterAccess: true,
  resourceAccessMatchers: [],
  cluster: [ownedConfigMap, ownedNamespace, secret],
  denials: [],
  ...extra,
});

export const scenarios = [
  onPipeline("cluster access not granted", { clusterAccess: false }),
  onPipeline("nothing started yet", {}),
  onPipeline("job one running", { cluster: [job("one")] }),
  onPipeline("job one complete", { cluster: [job("one", "Complete")] }),
  onPipeline("jobs one and two complete", { cluster: [job("one", "Complete"), job("two", "Complete")] }),
  onPipeline("all jobs complete", { cluster: [job("one", "Complete"), job("two", "Complete"), job("three", "Complete")] }),
  onPipeline("job two failed", { cluster: [job("one", "Complete"), job("two", "Failed")] }),
  onPipeline("custom image and backoff limit", { input: pipeline({ image: "alpine:3.20", backoffLimit: 2 }) }),
  onPipeline("job lookup forbidden by RBAC", { cluster: [job("one", "Complete")], denials: [{ matcher: "default/Job.batch:demo-two", as: "forbidden" }] }),

  onApp("cluster access not granted", { clusterAccess: false }),
  onApp("connection secret not created yet", {}),
  onApp("secret found through the Secret matcher", { cluster: [secret] }),
  onApp("secret outside the release without a matcher", { resourceAccessMatchers: [], cluster: [secret] }),
  onApp("deployment not available", { cluster: [secret, deployment(false)] }),
  onApp("deployment available", { cluster: [secret, deployment(true)] }),
  onApp("custom replicas, tier and region", { input: app({ replicas: 3, database: { tier: "db-custom-2-7680", region: "europe-west1" } }), cluster: [secret] }),
  onApp("deployment lookup unauthenticated", { cluster: [secret], denials: [{ matcher: "Deployment.apps", as: "unauthenticated" }] }),

  lookupOf("found, owned by the release", { name: "settings", namespace: "default", kind: "ConfigMap", apiVersion: "v1" }),
  lookupOf("namespace defaults to default", { name: "settings", kind: "ConfigMap", apiVersion: "v1" }),
  lookupOf("cluster-scoped, owned", { name: "team", kind: "Namespace", apiVersion: "v1" }),
  lookupOf("not found", { name: "nope", namespace: "default", kind: "ConfigMap", apiVersion: "v1" }),
  lookupOf("outside the release: forbidden", { name: "web", namespace: "default", kind: "Secret", apiVersion: "v1" }),
  lookupOf(
    "outside the release, allowed by a matcher",
    { name: "web", namespace: "default", kind: "Secret", apiVersion: "v1" },
    { resourceAccessMatchers: ["default/Secret:web"] },
  ),
  lookupOf("unknown kind", { name: "x", namespace: "default", kind: "Widget", apiVersion: "examples.com/v1" }),
  lookupOf(
    "unauthenticated",
    { name: "settings", namespace: "default", kind: "ConfigMap", apiVersion: "v1" },
    { denials: [{ matcher: "*", as: "unauthenticated" }] },
  ),
  lookupOf("cluster access not granted", { name: "settings", namespace: "default", kind: "ConfigMap", apiVersion: "v1" }, { clusterAccess: false }),

  {
    name: "restmapping: built-in kinds, a CRD, the v1 quirk and an unknown kind",
    flight: "restmapping",
    release: "r",
    namespace: "default",
    input: {
      kinds: [
        ["apps/v1", "Deployment"],
        ["", "Namespace"],
        ["batch", "Job"],
        ["examples.com/v1", "Pipeline"],
        ["v1", "Secret"],
        ["examples.com", "Nope"],
      ],
    },
    clusterAccess: true,
    resourceAccessMatchers: [],
    cluster: [],
    denials: [],
  },
  {
    name: "restmapping: cluster access not granted",
    flight: "restmapping",
    release: "r",
    namespace: "default",
    input: { kinds: [["apps/v1", "Deployment"]] },
    clusterAccess: false,
    resourceAccessMatchers: [],
    cluster: [],
    denials: [],
  },
];
