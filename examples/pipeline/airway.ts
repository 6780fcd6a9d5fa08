// The Airway for Pipeline: the CRD pipelines.examples.com, its schema from
// the TypeScript type, bound to the flight. `flight airway airway.ts` prints
// it as YAML for kubectl apply (checked in as airway.yaml).
import { defineAirway, schemaFrom } from "@yoke-flight/openapi";

export default defineAirway({
  metadata: { name: "pipelines.examples.com" },
  spec: {
    wasmUrls: { flight: "oci://ghcr.io/yoke-flight/examples/pipeline:v0.1.0" },
    // Re-run the flight whenever one of its Jobs changes.
    mode: "dynamic",
    clusterAccess: true,
    template: {
      group: "examples.com",
      names: { kind: "Pipeline", plural: "pipelines", singular: "pipeline" },
      scope: "Namespaced",
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: { openAPIV3Schema: schemaFrom({ file: new URL("./src/types.ts", import.meta.url), type: "Pipeline" }) },
          subresources: { status: {} },
          additionalPrinterColumns: [{ name: "Status", type: "string", jsonPath: ".status.msg" }],
        },
      ],
    },
  },
});
