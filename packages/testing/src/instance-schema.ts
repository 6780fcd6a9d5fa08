// The instance as the API server stores it: validated against the Airway's
// CRD schema, defaults applied, unknown fields pruned, CEL rules
// (x-kubernetes-validations) checked, errors in the API server's words
// (k8s.io/apiextensions-apiserver structural schema validation,
// kube-openapi validate errors, field.ErrorList). Used for the instance
// before the flight sees it, and for each status write the ATC makes.
// JSON Schema by ajv, CEL by @marcbachmann/cel-js.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { evaluate } from "@marcbachmann/cel-js";
import type { Airway, JSONSchemaProps } from "@yoke-flight/openapi";
import { groupOf, versionOf, type KubeObject } from "./refs.js";

export class InvalidInstanceError extends Error {
  override name = "InvalidInstanceError";
  constructor(
    readonly object: KubeObject,
    readonly causes: string[],
  ) {
    super(
      `${object.kind}.${groupOf(object.apiVersion)} ${JSON.stringify(object.metadata.name)} is invalid: ${causes.length === 1 ? causes[0] : `[${causes.join(", ")}]`}`,
    );
  }
}

export interface InstanceSchema {
  /** The object as stored: defaults applied, unknown fields pruned. Throws InvalidInstanceError. */
  admit(object: KubeObject): KubeObject;
}

/** The schema of the Airway's version the object is written at, or undefined when the Airway has none for it. */
export function instanceSchema(airway: Pick<Airway, "spec">, apiVersion: string): InstanceSchema | undefined {
  const version = airway.spec.template?.versions?.find((v) => v.name === versionOf(apiVersion));
  const schema = version?.schema?.openAPIV3Schema;
  if (!schema) return undefined;
  const validate = compile(schema);
  return {
    admit(object) {
      const { apiVersion: av, kind, metadata, ...body } = structuredClone(object);
      const errors: string[] = [];
      if (!validate(body)) errors.push(...(validate.errors ?? []).map((e) => describe(e, body)));
      if (errors.length === 0) errors.push(...celErrors(schema, body, ""));
      if (errors.length) throw new InvalidInstanceError(object, errors);
      return { apiVersion: av, kind, metadata, ...body } as KubeObject;
    },
  };
}

const ajv = new Ajv({ strict: false, allErrors: true, useDefaults: true, removeAdditional: true, validateFormats: false });

const compiled = new Map<string, ValidateFunction>();

/** One ajv validator per distinct schema (tests simulate the same Airway many times). */
function compile(schema: JSONSchemaProps): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(pruningSchema(structuredClone(schema) as Record<string, unknown>, true));
    compiled.set(key, validate);
  }
  return validate;
}

/** Marks every object without x-kubernetes-preserve-unknown-fields or additionalProperties as closed, so ajv prunes what the API server prunes. */
function pruningSchema(node: Record<string, unknown>, root = false): Record<string, unknown> {
  if (root) {
    const props = (node.properties ?? {}) as Record<string, unknown>;
    for (const k of ["apiVersion", "kind", "metadata"]) delete props[k];
    node.properties = props;
  }
  delete node["x-kubernetes-validations"];
  // OpenAPI v3.0's boolean exclusiveMaximum/Minimum, in JSON Schema's numeric form.
  for (const [exclusive, bound] of [
    ["exclusiveMaximum", "maximum"],
    ["exclusiveMinimum", "minimum"],
  ] as const) {
    if (node[exclusive] === true) {
      node[exclusive] = node[bound];
      delete node[bound];
    } else if (node[exclusive] === false) delete node[exclusive];
  }
  const props = node.properties as Record<string, Record<string, unknown>> | undefined;
  if (props) for (const child of Object.values(props)) pruningSchema(child);
  if (node.items && typeof node.items === "object") pruningSchema(node.items as Record<string, unknown>);
  if (node.additionalProperties && typeof node.additionalProperties === "object") pruningSchema(node.additionalProperties as Record<string, unknown>);
  for (const k of ["allOf", "anyOf", "oneOf"]) (node[k] as Record<string, unknown>[] | undefined)?.forEach((s) => pruningSchema(s));
  if (node.type === "object" && node.additionalProperties === undefined && !node["x-kubernetes-preserve-unknown-fields"]) {
    node.additionalProperties = false;
  }
  return node;
}

/** "/spec/items/0/name" -> "spec.items[0].name" (field.Path's String()). */
function fieldPath(pointer: string, extra?: string): string {
  const parts = pointer
    .split("/")
    .slice(1)
    .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
  if (extra !== undefined) parts.push(extra);
  return parts.reduce((path, p) => (/^\d+$/.test(p) ? `${path}[${p}]` : path ? `${path}.${p}` : p), "");
}

const goValue = (v: unknown) =>
  typeof v === "string" ? JSON.stringify(v) : typeof v === "object" && v !== null ? JSON.stringify(JSON.stringify(v)) : String(v);

function valueAt(body: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], body);
}

/** One ajv error in the API server's words. */
function describe(e: ErrorObject, body: unknown): string {
  const path = fieldPath(e.instancePath);
  const value = valueAt(body, e.instancePath);
  const invalid = (message: string) => `${path}: Invalid value: ${goValue(value)}: ${path} in body ${message}`;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return `${fieldPath(e.instancePath, String(p.missingProperty))}: Required value`;
    case "type": {
      const actual = Array.isArray(value) ? "array" : value === null ? "null" : Number.isInteger(value) ? "integer" : typeof value;
      return `${path}: Invalid value: ${JSON.stringify(actual)}: ${path} in body must be of type ${p.type}: ${JSON.stringify(actual)}`;
    }
    case "maximum":
      return invalid(`should be less than or equal to ${p.limit}`);
    case "minimum":
      return invalid(`should be greater than or equal to ${p.limit}`);
    case "exclusiveMaximum":
      return invalid(`should be less than ${p.limit}`);
    case "exclusiveMinimum":
      return invalid(`should be greater than ${p.limit}`);
    case "multipleOf":
      return invalid(`should be a multiple of ${p.multipleOf}`);
    case "pattern":
      return invalid(`should match '${p.pattern}'`);
    case "minLength":
      return invalid(`should be at least ${p.limit} chars long`);
    case "maxLength":
      return `${path}: Too long: may not be more than ${p.limit} bytes`;
    case "minItems":
      return invalid(`should have at least ${p.limit} items`);
    case "maxItems":
      return `${path}: Too many: ${(value as unknown[]).length}: must have at most ${p.limit} items`;
    case "minProperties":
      return invalid(`should have at least ${p.limit} properties`);
    case "maxProperties":
      return `${path}: Too many: ${Object.keys(value as object).length}: must have at most ${p.limit} items`;
    case "enum":
      return `${path}: Unsupported value: ${goValue(value)}: supported values: ${(p.allowedValues as unknown[]).map(goValue).join(", ")}`;
    default:
      return `${path}: Invalid value: ${goValue(value)}: ${e.message ?? e.keyword}`;
  }
}

type Rule = { rule: string; message?: string; fieldPath?: string };

/** x-kubernetes-validations, evaluated with `self` bound to the value (rules on oldSelf only apply to updates and are skipped on create). */
function celErrors(schema: JSONSchemaProps, value: unknown, path: string): string[] {
  if (value === undefined || value === null) return [];
  const errors: string[] = [];
  const node = schema as JSONSchemaProps & { "x-kubernetes-validations"?: Rule[] };
  for (const rule of node["x-kubernetes-validations"] ?? []) {
    if (/\boldSelf\b/.test(rule.rule)) continue;
    let ok: unknown;
    try {
      ok = evaluate(rule.rule, { self: celValue(schema, value) });
    } catch (e) {
      errors.push(`${path || "<nil>"}: Invalid value: ${JSON.stringify(celType(schema, value))}: compilation failed: ${(e as Error).message}`);
      continue;
    }
    if (ok !== true)
      errors.push(`${path || "<nil>"}: Invalid value: ${JSON.stringify(celType(schema, value))}: ${rule.message ?? `failed rule: ${rule.rule}`}`);
  }
  if (Array.isArray(value) && schema.items && !Array.isArray(schema.items)) {
    value.forEach((item, i) => errors.push(...celErrors(schema.items as JSONSchemaProps, item, `${path}[${i}]`)));
  } else if (typeof value === "object") {
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      errors.push(...celErrors(child, (value as Record<string, unknown>)[key], path ? `${path}.${key}` : key));
    }
  }
  return errors;
}

function celType(schema: JSONSchemaProps, value: unknown): string {
  return typeof schema.type === "string" ? schema.type : Array.isArray(value) ? "array" : typeof value;
}

/** JSON to CEL values: integers of an integer schema become CEL ints (bigint). */
function celValue(schema: JSONSchemaProps | undefined, value: unknown): unknown {
  if (typeof value === "number") return schema?.type === "integer" || (schema?.type === undefined && Number.isInteger(value)) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map((v) => celValue(schema?.items as JSONSchemaProps | undefined, v));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        celValue(schema?.properties?.[k] ?? (typeof schema?.additionalProperties === "object" ? schema.additionalProperties : undefined), v),
      ]),
    );
  }
  return value;
}
