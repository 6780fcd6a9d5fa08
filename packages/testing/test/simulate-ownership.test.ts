// simulateAirway refuses, as yoke does, to apply over a resource another
// release owns (internal/k8s/k8s.go checkOwnership); the message is the one
// `yoke takeoff` prints against a real API server (test/control-plane/yoke.test.ts).
// For a new instance the ATC's admission webhook dry-runs the takeoff first
// (cmd/atc/handler.go), so the refusal reaches the user when they create it.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ANNOTATION_RELEASE, FakeCluster, connectionSecretController, simulateAirway, withYokeMetadata } from "@yoke-flight/testing";

const WASM = fileURLToPath(new URL("../../../examples/app/dist/flight.wasm", import.meta.url));
const CRDS = [
  { group: "database.gcp.crossplane.io", version: "v1beta1", kind: "CloudSQLInstance", resource: "cloudsqlinstances", namespaced: false },
  { group: "examples.com", version: "v1", kind: "App", resource: "apps", namespaced: true },
];
const app = (namespace: string) => ({ apiVersion: "examples.com/v1", kind: "App", metadata: { name: "web", namespace }, spec: { image: "app:1" } });
const database = { apiVersion: "database.gcp.crossplane.io/v1beta1", kind: "CloudSQLInstance", metadata: { name: "web" }, spec: {} };

describe("simulateAirway and resource ownership", () => {
  it("an App in another namespace cannot take over the cluster-scoped CloudSQLInstance of the App in default", async () => {
    const cluster = new FakeCluster([withYokeMetadata(database, "examples.com.App.default.web", "default", "atc.yoke")], { apiResources: CRDS });
    const simulation = simulateAirway({
      flight: WASM,
      mode: "dynamic",
      clusterAccess: true,
      instance: app("other"),
      cluster,
      controllers: [connectionSecretController()],
    });
    await expect(simulation).rejects.toThrow(
      'admission webhook "apps.examples.com" denied the request: applying resource returned errors during dry-run. Either the inputs are invalid or the package implementation has errors: ' +
        'failed to apply resources: dry run: _/database.gcp.crossplane.io/v1beta1/cloudsqlinstance/web: failed to validate resource release: expected release "other/examples.com.App.other.web" but resource is already owned by "default/examples.com.App.default.web"',
    );
    expect(cluster.find(database.apiVersion, database.kind, "web")).toMatchObject({
      metadata: { annotations: { [ANNOTATION_RELEASE]: "examples.com.App.default.web" } },
    });
  });

  it("nor apply over one that no release owns", async () => {
    const cluster = new FakeCluster([database], { apiResources: CRDS });
    const simulation = simulateAirway({ flight: WASM, mode: "dynamic", clusterAccess: true, instance: app("default"), cluster });
    await expect(simulation).rejects.toThrow(/expected release "default\/examples.com.App.default.web" but resource is already owned by ""$/);
  });
});
