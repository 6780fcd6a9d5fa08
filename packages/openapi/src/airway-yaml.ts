// An Airway as YAML for `kubectl apply -f`: keys in the order written,
// schemas in Go's field order (as yoke would print them), no anchors.
import { dump } from "js-yaml";
import type { Airway } from "./airway.js";
import { goOrdered } from "./schema-props.js";

export function airwayToYAML(airway: Airway): string {
  return dump(orderedSchemas(airway), { noRefs: true, lineWidth: -1, quotingType: '"' });
}

/** The Airway with each version's openAPIV3Schema in Go's field order. */
export function orderedSchemas(airway: Airway): Airway {
  const template = airway.spec.template;
  return {
    ...airway,
    spec: {
      ...airway.spec,
      template: {
        ...template,
        versions: template.versions.map((v) => ({ ...v, schema: { ...v.schema, openAPIV3Schema: goOrdered(v.schema.openAPIV3Schema) } })),
      },
    },
  };
}
