// The Pipeline Airway served in two versions: v1 (storage, what the
// pipeline flight reads) and v2, with a converter module the ATC runs as the
// CRD's conversion webhook (spec.wasmUrls.converter). `flight airway
// airway.ts` prints it (checked in as airway.yaml).
import { defineAirway, schemaFrom } from "@yoke-flight/openapi";

const schema = (file: string, type: string) => ({ openAPIV3Schema: schemaFrom({ file: new URL(file, import.meta.url), type }) });

export default defineAirway({
  metadata: { name: "pipelines.examples.com" },
  spec: {
    wasmUrls: {
      flight: "oci://ghcr.io/yoke-flight/examples/pipeline:v0.1.0",
      converter: "oci://ghcr.io/yoke-flight/examples/pipeline-converter:v0.1.0",
    },
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
          schema: schema("../pipeline/src/types.ts", "Pipeline"),
          subresources: { status: {} },
          additionalPrinterColumns: [{ name: "Status", type: "string", jsonPath: ".status.msg" }],
        },
        {
          name: "v2",
          served: true,
          storage: false,
          schema: schema("./src/types.ts", "PipelineV2"),
          subresources: { status: {} },
          additionalPrinterColumns: [{ name: "Status", type: "string", jsonPath: ".status.msg" }],
        },
      ],
    },
  },
});
