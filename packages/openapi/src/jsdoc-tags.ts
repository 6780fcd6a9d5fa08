// JSDoc tags on a property: the TypeScript spelling of the struct tags
// yoke's Go SchemaFrom reads (Description, Enum, Default, Minimum, ...,
// XValidations), plus the Kubernetes markers a structural schema may carry.
import ts from "typescript";
import type { JSONSchemaProps, ValidationRule } from "./schema-props.js";

type Fail = { fail(message: string): never };

const NUMBERS = ["minimum", "maximum", "multipleOf"] as const;
const INTEGERS = ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"] as const;
const STRINGS = ["pattern", "format"] as const;
/** Documentation-only tags, left alone. */
const DOC_TAGS = new Set([
  "see",
  "example",
  "examples",
  "deprecated",
  "remarks",
  "since",
  "link",
  "todo",
  "internal",
  "public",
  "privateRemarks",
  "inheritDoc",
  "note",
  "version",
  "author",
]);

export const SCHEMA_TAGS = [
  "description",
  "enum",
  "default",
  ...NUMBERS,
  "exclusiveMinimum",
  "exclusiveMaximum",
  ...INTEGERS,
  ...STRINGS,
  "uniqueItems",
  "xValidations",
  "validation",
  "integer",
  "unsigned",
  "nullable",
  "preserveUnknownFields",
  "embeddedResource",
  "listType",
  "listMapKeys",
  "mapType",
];

/** The field schema with the property's comment and tags applied. */
export function applyTags(field: JSONSchemaProps, property: ts.Symbol, checker: ts.TypeChecker, on: Fail): JSONSchemaProps {
  const out: JSONSchemaProps = { ...field };
  const comment = ts.displayPartsToString(property.getDocumentationComment(checker)).trim();
  if (comment) out.description = comment;
  for (const { name, text } of rawTags(property)) {
    const bad = (what: string): never => on.fail(`@${name} ${text}: ${what}`);
    if (DOC_TAGS.has(name)) continue;
    switch (name) {
      case "description":
        out.description = text;
        break;
      case "enum":
        out.enum = text.startsWith("[") ? (json(text, bad) as unknown[]) : text.split(",").map((s) => s.trim());
        if (!Array.isArray(out.enum)) bad("expected a comma-separated list or a JSON array");
        break;
      case "default":
      case "defaultValue":
        out.default = text === "" ? bad("expected a value") : parseLoose(text);
        break;
      case "exclusiveMinimum":
      case "exclusiveMaximum": {
        const bound = name === "exclusiveMinimum" ? "minimum" : "maximum";
        if (text === "" || text === "true" || text === "false") out[name] = text !== "false";
        else {
          out[bound] = number(text, bad);
          out[name] = true;
        }
        break;
      }
      case "uniqueItems":
      case "nullable":
      case "integer":
      case "unsigned":
      case "preserveUnknownFields":
      case "embeddedResource": {
        if (!["", "true", "false"].includes(text)) bad("expected nothing, true or false");
        const on = text !== "false";
        if (name === "uniqueItems") out.uniqueItems = on;
        if (name === "nullable") out.nullable = on;
        if (name === "preserveUnknownFields") out["x-kubernetes-preserve-unknown-fields"] = on;
        if (name === "embeddedResource") out["x-kubernetes-embedded-resource"] = on;
        if ((name === "integer" || name === "unsigned") && on) {
          if (out.type !== "number" && out.type !== "integer") bad(`only a number can be an integer, this is ${out.type ?? "not typed"}`);
          out.type = "integer";
          if (name === "unsigned") out.minimum = 0;
        }
        break;
      }
      case "xValidations": {
        const rules = json(text, bad);
        if (!Array.isArray(rules) || !rules.every(isRule)) bad('expected a JSON array of rules: [{"rule": "...", "message": "..."}]');
        out["x-kubernetes-validations"] = [...(out["x-kubernetes-validations"] ?? []), ...(rules as ValidationRule[])];
        break;
      }
      case "validation": {
        const rule = text.startsWith("{") ? json(text, bad) : { rule: text };
        if (!isRule(rule) || !rule.rule) bad('expected a CEL rule, or a JSON object {"rule": "...", "message": "..."}');
        out["x-kubernetes-validations"] = [...(out["x-kubernetes-validations"] ?? []), rule as ValidationRule];
        break;
      }
      case "listType":
      case "mapType":
        if (!text) bad("expected a value");
        out[name === "listType" ? "x-kubernetes-list-type" : "x-kubernetes-map-type"] = text;
        break;
      case "listMapKeys":
        out["x-kubernetes-list-map-keys"] = text
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      default:
        if ((NUMBERS as readonly string[]).includes(name)) out[name as (typeof NUMBERS)[number]] = number(text, bad);
        else if ((INTEGERS as readonly string[]).includes(name)) out[name as (typeof INTEGERS)[number]] = integer(text, bad);
        else if ((STRINGS as readonly string[]).includes(name)) out[name as (typeof STRINGS)[number]] = text || bad("expected a value");
        else on.fail(`unknown JSDoc tag @${name}; schema tags are @${SCHEMA_TAGS.join(", @")}`);
    }
  }
  return out;
}

/**
 * The property's JSDoc tags with their text as written: TypeScript parses
 * some tags' text its own way (`@enum red,green` as a type expression).
 */
function rawTags(property: ts.Symbol): { name: string; text: string }[] {
  const tags: { name: string; text: string }[] = [];
  for (const declaration of property.declarations ?? []) {
    const source = declaration.getSourceFile().text;
    for (const tag of ts.getJSDocTags(declaration)) {
      const raw = source.slice(tag.tagName.end, tag.end).replace(/\*\/\s*$/, "");
      const text = raw
        .split("\n")
        .map((line) => line.replace(/^\s*\*\s?/, ""))
        .join("\n")
        .trim();
      tags.push({ name: tag.tagName.text, text });
    }
  }
  return tags;
}

function json(text: string, bad: (what: string) => never): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    return bad(`not JSON (${(e as Error).message})`);
  }
}

/** A JSON value, or the text as a string (`@default busybox`). */
function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function number(text: string, bad: (what: string) => never): number {
  const n = Number(text);
  return text !== "" && Number.isFinite(n) ? n : bad("expected a number");
}

function integer(text: string, bad: (what: string) => never): number {
  const n = number(text, bad);
  return Number.isInteger(n) && n >= 0 ? n : bad("expected a non-negative integer");
}

function isRule(value: unknown): value is ValidationRule {
  return !!value && typeof value === "object" && typeof (value as ValidationRule).rule === "string";
}
