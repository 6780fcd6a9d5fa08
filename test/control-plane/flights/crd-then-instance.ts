// A flight whose output creates a CRD and an instance of it in one run
// (yoke applies the CRD in a stage of its own first), for the ATC scenarios
// of test/control-plane/atc.test.ts.
import { input, output } from "@yoke-flight/sdk";

const stack = input<{ apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec?: { size?: number }; status?: unknown }>();
const group = "widgets.yoke-flight.dev";
stack.status = { msg: "widget requested" };
output([
  stack,
  {
    apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: `widgets.${group}` },
    spec: {
      group, scope: "Namespaced", names: { kind: "Widget", plural: "widgets" },
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: { size: { type: "integer" } } } } } } }],
    },
  },
  { apiVersion: `${group}/v1`, kind: "Widget", metadata: { name: stack.metadata.name }, spec: { size: stack.spec?.size ?? 1 } },
]);
