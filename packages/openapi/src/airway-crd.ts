// The CustomResourceDefinition the ATC applies for an Airway
// (yokecd/yoke internal/atc/reconciler_airway.go, pkg/apis/v1alpha1 Airway.CRD):
// the template, with the status subresource on every version, a status
// schema that holds flight.Conditions, and "status" dropped from the root's
// required list.
import type { Airway, CustomResourceDefinitionSpec } from "./airway.js";
import type { JSONSchemaProps } from "./schema-props.js";
import { conditionsSchema } from "./special-types.js";

export interface CustomResourceDefinition {
  apiVersion: "apiextensions.k8s.io/v1";
  kind: "CustomResourceDefinition";
  metadata: { name: string; ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; blockOwnerDeletion: boolean }[] };
  spec: CustomResourceDefinitionSpec;
}

/** The CRD the ATC applies for the Airway; pass the Airway's uid to get the ATC's ownerReference too. */
export function airwayCRD(airway: Airway, uid?: string): CustomResourceDefinition {
  if (airway.spec.wasmUrls.converter) {
    throw new Error(`Airway ${airway.metadata.name}: spec.wasmUrls.converter: the conversion webhook points at the ATC's service; airwayCRD does not make one`);
  }
  const template = structuredClone(airway.spec.template);
  for (const version of template.versions) {
    version.subresources = { ...version.subresources, status: {} };
    const root: JSONSchemaProps = version.schema?.openAPIV3Schema ?? { type: "object", properties: {} };
    root.properties ??= {};
    const status = root.properties.status;
    if (!status) {
      root.properties.status = { type: "object", properties: { conditions: conditionsSchema() } };
    } else {
      if (status.type !== "object") throw new Error(`invalid airway: status must be an object but got type: ${JSON.stringify(status.type ?? "")}`);
      status.properties ??= {};
      status.properties.conditions ??= conditionsSchema();
      if (root.required?.includes("status")) root.required = root.required.filter((r) => r !== "status");
    }
    version.schema = { openAPIV3Schema: root };
  }
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: {
      name: airway.metadata.name,
      ...(uid && { ownerReferences: [{ apiVersion: airway.apiVersion, kind: airway.kind, name: airway.metadata.name, uid, blockOwnerDeletion: true }] }),
    },
    spec: template,
  };
}
