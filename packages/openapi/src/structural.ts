// The checks the Kubernetes API server applies to a CRD's openAPIV3Schema
// (apiextensions v1; k8s.io/apiextensions-apiserver pkg/apiserver/schema/validation.go
// and pkg/apis/apiextensions/validation ValidateCustomResourceDefinitionOpenAPISchema):
// every node typed, no keyword it forbids, value validations (anyOf, allOf,
// oneOf, not) that only validate. Held to a real kube-apiserver v1.36.3 by
// test/control-plane/schemas.test.ts. Run on every Airway by defineAirway and
// by `flight schema` / `flight airway`. CEL rules are not compiled here.
import { KUBERNETES_EXTENSIONS, type JSONSchemaProps } from "./schema-props.js";

const FORBIDDEN = ["$ref", "$schema", "id", "definitions", "patternProperties", "dependencies", "additionalItems"];
const TYPES = new Set(["object", "array", "string", "integer", "number", "boolean"]);
const JUNCTORS = ["anyOf", "allOf", "oneOf"] as const;
/** What a value validation (inside anyOf, allOf, oneOf, not) may not say: it may only validate. */
const NOT_IN_VALUE_VALIDATIONS = ["type", "description", "title", "default", "additionalProperties", ...KUBERNETES_EXTENSIONS];

type Node = JSONSchemaProps & Record<string, unknown>;

/** What the API server would reject, one line per problem, each with its path; empty when structural. */
export function structuralProblems(schema: JSONSchemaProps, path = "<root>"): string[] {
  const problems = nodeProblems(schema as Node, path);
  if (path === "<root>") {
    if (schema.type !== undefined && schema.type !== "object") problems.unshift(`${path}: type must be object at the root, not ${schema.type}`);
    if (schema.additionalProperties !== undefined) problems.unshift(`${path}: additionalProperties must not be used at the root`);
  }
  return problems;
}

function nodeProblems(node: Node, path: string): string[] {
  const problems: string[] = [];
  const at = (message: string) => problems.push(`${path}: ${message}`);
  for (const key of FORBIDDEN) if (key in node) at(`${key} is not allowed in a structural schema`);
  const intOrString = node["x-kubernetes-int-or-string"] === true;
  const preserve = node["x-kubernetes-preserve-unknown-fields"] === true;
  if (node.type === undefined || node.type === "") {
    if (!intOrString && !preserve) at("type is missing (required unless x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields)");
  } else if (!TYPES.has(node.type)) {
    at(`type ${JSON.stringify(node.type)} is not one of ${[...TYPES].join(", ")}`);
  }
  if (node["x-kubernetes-preserve-unknown-fields"] === false) at("x-kubernetes-preserve-unknown-fields must be true or absent");
  if (intOrString && preserve) at("x-kubernetes-preserve-unknown-fields must be false with x-kubernetes-int-or-string");
  if (node.uniqueItems === true) at("uniqueItems: true is rejected for CRDs (quadratic to check); use x-kubernetes-list-type: set (@listType set)");
  const additional = node.additionalProperties;
  if (additional !== undefined && additional !== true && Object.keys(node.properties ?? {}).length) {
    at("properties and additionalProperties are mutually exclusive");
  }
  if (Array.isArray(node.items)) at("items must be one schema, not a list (tuples are not structural)");
  if (node.type === "array" && !node.items) at("an array needs items");
  problems.push(...listProblems(node, path));
  problems.push(...valueValidationProblems(node, path));
  for (const [name, child] of Object.entries(node.properties ?? {}))
    problems.push(...nodeProblems(child as Node, path === "<root>" ? name : `${path}.${name}`));
  if (node.items && !Array.isArray(node.items)) problems.push(...nodeProblems(node.items as Node, `${path}[]`));
  if (additional && typeof additional === "object") problems.push(...nodeProblems(additional as Node, `${path}[*]`));
  return problems;
}

function listProblems(node: Node, path: string): string[] {
  const problems: string[] = [];
  const at = (message: string) => problems.push(`${path}: ${message}`);
  const listType = node["x-kubernetes-list-type"];
  const keys = node["x-kubernetes-list-map-keys"] ?? [];
  if (listType !== undefined && node.type !== "array") at("x-kubernetes-list-type applies only to arrays");
  if (listType !== undefined && !["atomic", "set", "map"].includes(listType)) at(`x-kubernetes-list-type ${listType} is not atomic, set or map`);
  if (keys.length && listType !== "map") at("x-kubernetes-list-map-keys needs x-kubernetes-list-type: map");
  const mapType = node["x-kubernetes-map-type"];
  if (mapType !== undefined && node.type !== "object") at("x-kubernetes-map-type applies only to objects");
  if (mapType !== undefined && mapType !== "atomic" && mapType !== "granular") at(`x-kubernetes-map-type ${mapType} is not atomic or granular`);
  if (listType !== "map") return problems;
  if (!keys.length) at("x-kubernetes-list-type: map needs x-kubernetes-list-map-keys");
  const items = Array.isArray(node.items) ? undefined : node.items;
  if (items && items.type !== "object") at("the items of a map-list must be objects");
  for (const key of keys) {
    const property = items?.properties?.[key];
    if (!property) at(`list map key ${key} is not a property of the items`);
    else if (property.type === "object" || property.type === "array") at(`list map key ${key} must be a scalar`);
    else if (!items!.required?.includes(key) && property.default === undefined) at(`list map key ${key} must be required or have a default`);
  }
  return problems;
}

/** anyOf, allOf, oneOf and not may only validate; x-kubernetes-int-or-string allows one exact anyOf. */
function valueValidationProblems(node: Node, path: string): string[] {
  const problems: string[] = [];
  const intOrStringAnyOf = (v: unknown) => Array.isArray(v) && v.length === 2 && sameJSON(v[0], { type: "integer" }) && sameJSON(v[1], { type: "string" });
  const exempt = node["x-kubernetes-int-or-string"] === true;
  for (const junctor of JUNCTORS) {
    const list = node[junctor];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.push(`${path}: ${junctor} must be a list of schemas`);
      continue;
    }
    if (junctor === "anyOf" && exempt && intOrStringAnyOf(list)) continue;
    list.forEach((v, i) => {
      const skipAnyOf = junctor === "allOf" && i === 0 && exempt && intOrStringAnyOf((v as Node).anyOf);
      problems.push(...nestedProblems(v as Node, `${path}.${junctor}[${i}]`, skipAnyOf));
    });
  }
  if (node.not !== undefined) problems.push(...nestedProblems(node.not as Node, `${path}.not`, false));
  return problems;
}

function nestedProblems(node: Node, path: string, skipAnyOf: boolean): string[] {
  const problems: string[] = [];
  for (const key of NOT_IN_VALUE_VALIDATIONS) {
    if (node[key] === undefined || node[key] === false) continue;
    const hint =
      key === "type" && path.endsWith("anyOf[0]") ? " (x-kubernetes-int-or-string allows exactly anyOf: [{type: integer}, {type: string}], in this order)" : "";
    problems.push(`${path}: ${key} is not allowed in a value validation (anyOf, allOf, oneOf, not)${hint}`);
  }
  if (node.nullable === true) problems.push(`${path}: nullable is not allowed in a value validation (anyOf, allOf, oneOf, not)`);
  if (node.properties?.metadata) problems.push(`${path}.metadata: must not be specified in a value validation`);
  const inner: Node = skipAnyOf ? { ...node, anyOf: undefined } : node;
  problems.push(...valueValidationProblems({ ...inner, "x-kubernetes-int-or-string": undefined } as Node, path));
  for (const [name, child] of Object.entries(node.properties ?? {})) problems.push(...nestedProblems(child as Node, `${path}.${name}`, false));
  if (node.items && !Array.isArray(node.items)) problems.push(...nestedProblems(node.items as Node, `${path}[]`, false));
  return problems;
}

function sameJSON(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function assertStructural(schema: JSONSchemaProps, what = "schema"): void {
  const problems = structuralProblems(schema);
  if (problems.length) throw new Error(`${what} is not a structural schema:\n  ${problems.join("\n  ")}`);
}
