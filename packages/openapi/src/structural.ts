// The checks the Kubernetes API server applies to a CRD's openAPIV3Schema
// (structural schemas, apiextensions v1): every node typed, no $ref or other
// keywords it forbids, value validations only where they can apply. Run on
// every generated schema by the tests and by `flight schema` / `flight airway`.
import type { JSONSchemaProps } from "./schema-props.js";

const FORBIDDEN = ["$ref", "$schema", "id", "definitions", "patternProperties", "dependencies", "additionalItems", "allOf", "oneOf", "not"];
const TYPES = new Set(["object", "array", "string", "integer", "number", "boolean"]);

/** What the API server would reject, one line per problem, each with its path; empty when structural. */
export function structuralProblems(schema: JSONSchemaProps, path = "<root>"): string[] {
  const problems: string[] = [];
  const node = schema as Record<string, unknown>;
  const at = (message: string) => problems.push(`${path}: ${message}`);
  for (const key of FORBIDDEN) if (key in node) at(`${key} is not allowed in a structural schema`);
  const intOrString = schema["x-kubernetes-int-or-string"] === true;
  const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true;
  if (schema.type === undefined || schema.type === "") {
    if (!intOrString && !preserve) at("type is missing (required unless x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields)");
  } else if (!TYPES.has(schema.type)) {
    at(`type ${JSON.stringify(schema.type)} is not one of ${[...TYPES].join(", ")}`);
  }
  if (schema["x-kubernetes-preserve-unknown-fields"] === false) at("x-kubernetes-preserve-unknown-fields must be true or absent");
  if (schema.uniqueItems === true) at("uniqueItems: true is rejected for CRDs (quadratic to check); use x-kubernetes-list-type: set (@listType set)");
  if (schema.additionalProperties === false) at("additionalProperties: false is rejected; leave it out (unknown fields are pruned)");
  if (schema.additionalProperties !== undefined && schema.properties && Object.keys(schema.properties).length) {
    at("properties and additionalProperties are mutually exclusive");
  }
  if (Array.isArray(node.items)) at("items must be one schema, not a list (tuples are not structural)");
  if (schema.type === "array" && !schema.items) at("an array needs items");
  if (schema.anyOf) {
    if (!intOrString) at("anyOf is only allowed for x-kubernetes-int-or-string here");
    schema.anyOf.forEach((s, i) => {
      const extra = Object.keys(s).filter((k) => k !== "type");
      if (extra.length || (s.type !== "string" && s.type !== "integer")) at(`anyOf[${i}] may only give type: string or integer`);
    });
  }
  for (const key of ["minimum", "maximum", "multipleOf"] as const) {
    if (schema[key] !== undefined && schema.type !== "integer" && schema.type !== "number" && !intOrString) at(`${key} applies only to numbers, this is ${schema.type}`);
  }
  for (const key of ["minLength", "maxLength", "pattern"] as const) {
    if (schema[key] !== undefined && schema.type !== "string" && !intOrString) at(`${key} applies only to strings, this is ${schema.type}`);
  }
  for (const key of ["minItems", "maxItems"] as const) {
    if (schema[key] !== undefined && schema.type !== "array") at(`${key} applies only to arrays, this is ${schema.type}`);
  }
  const listType = schema["x-kubernetes-list-type"];
  if (listType !== undefined) {
    if (schema.type !== "array") at("x-kubernetes-list-type applies only to arrays");
    if (!["atomic", "set", "map"].includes(listType)) at(`x-kubernetes-list-type ${listType} is not atomic, set or map`);
    if (listType === "map") {
      const keys = schema["x-kubernetes-list-map-keys"] ?? [];
      if (!keys.length) at("x-kubernetes-list-type: map needs x-kubernetes-list-map-keys");
      for (const key of keys) {
        if (!schema.items?.properties?.[key]) at(`list map key ${key} is not a property of the items`);
        else if (!schema.items.required?.includes(key) && schema.items.properties[key]!.default === undefined) at(`list map key ${key} must be required or have a default`);
      }
    }
  }
  for (const [name, child] of Object.entries(schema.properties ?? {})) problems.push(...structuralProblems(child, path === "<root>" ? name : `${path}.${name}`));
  if (schema.items && !Array.isArray(schema.items)) problems.push(...structuralProblems(schema.items, `${path}[]`));
  if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
    problems.push(...structuralProblems(schema.additionalProperties, `${path}[*]`));
  }
  for (const required of schema.required ?? []) {
    if (!schema.properties?.[required]) at(`required property ${required} is not in properties`);
  }
  return problems;
}

export function assertStructural(schema: JSONSchemaProps, what = "schema"): void {
  const problems = structuralProblems(schema);
  if (problems.length) throw new Error(`${what} is not a structural schema:\n  ${problems.join("\n  ")}`);
}
