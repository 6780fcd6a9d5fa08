// The schema of what an Airway's flight reads on stdin: the storage
// version's openAPIV3Schema (the ATC always runs the flight on the storage
// version, yokecd/yoke pkg/apis/v1alpha1 WasmURLs.Flight), narrowed to
// spec.objectPath when the Airway passes only part of the resource.
// `flight build --schema airway.ts` embeds it as the schematic "schema".
import type { Airway } from "./airway.js";
import { goOrdered, type JSONSchemaProps } from "./schema-props.js";

export function airwayInputSchema(airway: Airway): JSONSchemaProps {
  const versions = airway.spec?.template?.versions ?? [];
  const storage = versions.find((v) => v.storage);
  if (!storage) throw new Error(`Airway ${airway.metadata?.name ?? ""}: no storage version in spec.template.versions`);
  let schema = storage.schema.openAPIV3Schema;
  const path: string[] = [];
  for (const segment of airway.spec.objectPath ?? []) {
    path.push(segment);
    const next = schema.properties?.[segment];
    if (!next) throw new Error(`Airway ${airway.metadata.name}: spec.objectPath ${path.join(".")} is not a property of the ${storage.name} schema`);
    schema = next;
  }
  return goOrdered(schema);
}
