// A CRD in one stage and an instance of it in the next (the main use of
// stages); with spec.oneStage both in one stage, which yoke splits itself.
import { input, output, outputStages } from "@yoke-flight/sdk";

const owner = input<{ metadata: { name: string }; spec?: { oneStage?: boolean } }>();
const crd = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.stage.example.com" },
  spec: {
    group: "stage.example.com",
    names: { kind: "Widget", plural: "widgets" },
    scope: "Namespaced",
    versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
  },
};
const widget = { apiVersion: "stage.example.com/v1", kind: "Widget", metadata: { name: owner.metadata.name }, spec: { size: 3 } };
if (owner.spec?.oneStage) output([crd, widget]);
else outputStages([[crd], [widget]]);
