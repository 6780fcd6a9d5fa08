// The situations the App flight can find itself in, as cluster states.
import { withYokeMetadata, type ApiResource, type KubeObject, type RunFlightOptions } from "@yoke-flight/testing";

export const app = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "examples.com/v1",
  kind: "App",
  metadata: { name: "web", namespace: "team-a" },
  spec: { image: "ghcr.io/acme/web:1.4.0", ...spec },
});
export const RELEASE = "examples.com.App.team-a.web";

/** The kinds a cluster with Crossplane's GCP provider and the App CRD serves. */
export const CRDS: ApiResource[] = [
  { group: "database.gcp.crossplane.io", version: "v1beta1", kind: "CloudSQLInstance", resource: "cloudsqlinstances", namespaced: false },
  { group: "examples.com", version: "v1", kind: "App", resource: "apps", namespaced: true },
];

/** The connection Secret Crossplane writes: not part of the release. */
export const connectionSecret: KubeObject = {
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "web", namespace: "team-a" },
  data: { password: "czNjcjN0" },
};

/** The release's Deployment, as the Deployment controller reports it. */
export const deployment = (available: boolean): KubeObject =>
  withYokeMetadata(
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "team-a", generation: 1 },
      status: {
        observedGeneration: 1,
        replicas: 1,
        availableReplicas: available ? 1 : 0,
        readyReplicas: available ? 1 : 0,
        updatedReplicas: 1,
        conditions: [{ type: "Available", status: available ? "True" : "False" }],
      },
    },
    RELEASE,
    "team-a",
    "atc.yoke",
  );

const access = { clusterAccess: true, resourceAccessMatchers: ["Secret"] };

export const scenarios: Record<string, RunFlightOptions> = {
  "secret not created yet": { input: app(), ...access, cluster: [] },
  "secret present, no deployment yet": { input: app(), ...access, cluster: [connectionSecret] },
  "deployment not available": { input: app(), ...access, cluster: [connectionSecret, deployment(false)] },
  "deployment available": { input: app(), ...access, cluster: [connectionSecret, deployment(true)] },
  "secret present but no matcher for it": { input: app(), clusterAccess: true, cluster: [connectionSecret] },
  "custom replicas, tier and region": {
    input: app({ replicas: 3, database: { tier: "db-custom-2-7680", region: "europe-west1" } }),
    ...access,
    cluster: [connectionSecret],
  },
  "no cluster access": { input: app(), clusterAccess: false },
};
