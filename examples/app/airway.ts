// The Airway for App: the CRD apps.examples.com, its schema from the
// TypeScript type, bound to the flight. The flight reads the connection
// Secret Crossplane writes, which the release does not own: the matcher
// grants that lookup. `flight airway airway.ts` prints it (airway.yaml).
import { defineAirway, schemaFrom } from "@yoke-flight/openapi";

export default defineAirway({
  metadata: { name: "apps.examples.com" },
  spec: {
    wasmUrls: { flight: "oci://ghcr.io/yoke-flight/examples/app:v0.1.0" },
    // Re-run on changes to the CloudSQLInstance, the Deployment and the looked-up Secret.
    mode: "dynamic",
    clusterAccess: true,
    resourceAccessMatchers: ["Secret"],
    timeout: "10s",
    template: {
      group: "examples.com",
      names: { kind: "App", plural: "apps", singular: "app" },
      scope: "Namespaced",
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: { openAPIV3Schema: schemaFrom({ file: new URL("./src/types.ts", import.meta.url), type: "App" }) },
          subresources: { status: {} },
          additionalPrinterColumns: [{ name: "Status", type: "string", jsonPath: ".status.msg" }],
        },
      ],
    },
  },
});
