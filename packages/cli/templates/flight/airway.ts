// The Airway: installs the backends.examples.com CRD, with its schema made
// from the Backend type, and binds it to the flight. Print it for kubectl
// with `npm run airway`; set wasmUrls.flight to where you publish the module.
import { defineAirway, schemaFrom } from "@yoke-flight/openapi";

export default defineAirway({
  metadata: { name: "backends.examples.com" },
  spec: {
    wasmUrls: { flight: "oci://registry.example.com/{{name}}:v0.1.0" },
    // Run the flight again when the Deployment or Service changes.
    mode: "dynamic",
    clusterAccess: true,
    template: {
      group: "examples.com",
      names: { kind: "Backend", plural: "backends", singular: "backend" },
      scope: "Namespaced",
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: { openAPIV3Schema: schemaFrom({ file: new URL("./src/types.ts", import.meta.url), type: "Backend" }) },
          subresources: { status: {} },
        },
      ],
    },
  },
});
