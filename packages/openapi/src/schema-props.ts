// apiextensions.k8s.io/v1 JSONSchemaProps, the subset yoke's SchemaFrom
// writes, and its JSON encoding in the order Go's encoding/json writes it
// (struct field order; map keys sorted), so a schema from TypeScript can be
// compared with yoke's byte for byte.

export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

export interface JSONSchemaProps {
  description?: string;
  type?: string;
  format?: string;
  default?: unknown;
  maximum?: number;
  exclusiveMaximum?: boolean;
  minimum?: number;
  exclusiveMinimum?: boolean;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  maxItems?: number;
  minItems?: number;
  uniqueItems?: boolean;
  multipleOf?: number;
  enum?: unknown[];
  maxProperties?: number;
  minProperties?: number;
  required?: string[];
  items?: JSONSchemaProps;
  anyOf?: JSONSchemaProps[];
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  nullable?: boolean;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-list-type"?: string;
  "x-kubernetes-map-type"?: string;
  "x-kubernetes-validations"?: ValidationRule[];
}

/** The x-kubernetes-* extensions of apiextensions v1 JSONSchemaProps, in Go's field order. */
export const KUBERNETES_EXTENSIONS = [
  "x-kubernetes-preserve-unknown-fields",
  "x-kubernetes-embedded-resource",
  "x-kubernetes-int-or-string",
  "x-kubernetes-list-map-keys",
  "x-kubernetes-list-type",
  "x-kubernetes-map-type",
  "x-kubernetes-validations",
] as const;

/** JSONSchemaProps' JSON field order (k8s.io/apiextensions-apiserver types_jsonschema.go). */
const FIELD_ORDER = [
  "id",
  "$schema",
  "$ref",
  "description",
  "type",
  "format",
  "title",
  "default",
  "maximum",
  "exclusiveMaximum",
  "minimum",
  "exclusiveMinimum",
  "maxLength",
  "minLength",
  "pattern",
  "maxItems",
  "minItems",
  "uniqueItems",
  "multipleOf",
  "enum",
  "maxProperties",
  "minProperties",
  "required",
  "items",
  "allOf",
  "oneOf",
  "anyOf",
  "not",
  "properties",
  "additionalProperties",
  "patternProperties",
  "dependencies",
  "additionalItems",
  "definitions",
  "externalDocs",
  "example",
  "nullable",
  ...KUBERNETES_EXTENSIONS,
];
const RULE_ORDER = ["rule", "message", "messageExpression", "reason", "fieldPath", "optionalOldSelf"];
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions", "dependencies"]);
const SCHEMAS = new Set(["items", "not", "additionalProperties", "additionalItems"]);
const SCHEMA_LISTS = new Set(["allOf", "oneOf", "anyOf"]);

/**
 * The schema with its keys in Go's order and Go's omitempty applied (empty
 * lists, empty maps, false and "" left out), ready for JSON.stringify.
 */
export function goOrdered(schema: JSONSchemaProps): JSONSchemaProps {
  const out: Record<string, unknown> = {};
  const source = schema as Record<string, unknown>;
  for (const key of FIELD_ORDER) {
    const value = source[key];
    if (value === undefined || value === false || value === "") continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (SCHEMA_MAPS.has(key)) {
      const entries = Object.entries(value as Record<string, JSONSchemaProps>);
      if (entries.length === 0) continue;
      out[key] = Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, goOrdered(v)]));
    } else if (SCHEMAS.has(key)) {
      out[key] = typeof value === "boolean" ? value : goOrdered(value as JSONSchemaProps);
    } else if (SCHEMA_LISTS.has(key)) {
      out[key] = (value as JSONSchemaProps[]).map(goOrdered);
    } else if (key === "x-kubernetes-validations") {
      out[key] = (value as ValidationRule[]).map((rule) =>
        Object.fromEntries(
          RULE_ORDER.filter((k) => k === "rule" || ((rule as unknown as Record<string, unknown>)[k] ?? "") !== "").map((k) => [
            k,
            (rule as unknown as Record<string, unknown>)[k],
          ]),
        ),
      );
    } else {
      out[key] = value;
    }
  }
  for (const key of Object.keys(source)) {
    if (!FIELD_ORDER.includes(key)) throw new Error(`schema field ${key} is not a JSONSchemaProps field`);
  }
  return out as JSONSchemaProps;
}
