// Types whose schema yoke's Go SchemaFrom fixes by name rather than by
// shape (metav1.Time and Duration, intstr.IntOrString, resource.Quantity,
// flight.Conditions, Go's integer kinds). In TypeScript they are the type
// aliases @yoke-flight/sdk exports under these names (and the matching
// names of @kubernetes-models/apimachinery), recognised wherever a
// property's declared type refers to one of them.
import type { JSONSchemaProps } from "./schema-props.js";

/** resource.Quantity's pattern, as yoke writes it. */
export const QUANTITY_PATTERN = String.raw`^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$`;

/**
 * intstr.IntOrString. yoke's SchemaFrom writes anyOf [string, integer]; the API
 * server accepts only [integer, string] in this order (apiextensions-apiserver
 * schema/validation.go intOrStringAnyOf) and rejects yoke's as not structural
 * (test/control-plane/schemas.test.ts). This is the one place schemaFrom
 * differs from yoke on purpose.
 */
const intOrString = (): JSONSchemaProps => ({ "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] });
const quantity = (): JSONSchemaProps => ({ "x-kubernetes-int-or-string": true, pattern: QUANTITY_PATTERN });
const string = (): JSONSchemaProps => ({ type: "string" });
const integer = (): JSONSchemaProps => ({ type: "integer" });
const unsigned = (): JSONSchemaProps => ({ type: "integer", minimum: 0 });

/** metav1.Condition through yoke's SchemaFrom: required in Go's field order. */
export const condition = (): JSONSchemaProps => ({
  type: "object",
  properties: {
    type: { type: "string" },
    status: { type: "string" },
    observedGeneration: { type: "integer" },
    lastTransitionTime: { type: "string" },
    reason: { type: "string" },
    message: { type: "string" },
  },
  required: ["type", "status", "lastTransitionTime", "reason", "message"],
});

/** flight.Conditions: a list of metav1.Condition, a map-list keyed by type. */
export const conditionsSchema = (): JSONSchemaProps => ({
  type: "array",
  items: condition(),
  "x-kubernetes-list-map-keys": ["type"],
  "x-kubernetes-list-type": "map",
});

/** Go's number kinds: recognised by name in any type alias, since authors may declare their own `type int = number`. */
export const NUMBER_ALIASES: Record<string, () => JSONSchemaProps> = {
  int: integer,
  integer,
  int8: integer,
  int16: integer,
  int32: integer,
  int64: integer,
  uint: unsigned,
  uint8: unsigned,
  uint16: unsigned,
  uint32: unsigned,
  uint64: unsigned,
  float32: () => ({ type: "number" }),
  float64: () => ({ type: "number" }),
};

/** Every special type; the ones beyond NUMBER_ALIASES only as declared by the SDK or @kubernetes-models. */
export const SPECIAL_TYPES: Record<string, () => JSONSchemaProps> = {
  ...NUMBER_ALIASES,
  Quantity: quantity,
  IQuantity: quantity,
  IntOrString: intOrString,
  IIntOrString: intOrString,
  Time: string,
  ITime: string,
  MicroTime: string,
  IMicroTime: string,
  Duration: string,
  Condition: condition,
  Conditions: conditionsSchema,
};
