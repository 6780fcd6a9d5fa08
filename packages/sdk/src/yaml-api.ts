// The SDK's YAML API (`import { yaml } from "@yoke-flight/sdk"`): typed
// wrappers over the js-yaml the SDK bundles, so a flight needs neither
// js-yaml nor @types/js-yaml of its own, and pays for js-yaml only when it
// calls one of these (see yaml.cts).
import { parseYaml, parseYamlAll, stringifyYaml } from "./yaml.cjs";

/**
 * Parses one YAML (or JSON) document. Throws on a syntax error (the message
 * names line and column) and on text with several documents: use parseAll.
 * The type parameter describes the result; nothing is validated.
 */
export function parse<T = unknown>(text: string): T {
  return parseYaml(text) as T;
}

/**
 * Parses every document of a YAML stream (`---` separated), such as a file
 * of several manifests. Empty documents are `null` entries.
 */
export function parseAll<T = unknown>(text: string): T[] {
  return parseYamlAll(text) as T[];
}

/** Writes a value as a YAML document (block style, no anchors, long lines kept whole). */
export function stringify(value: unknown): string {
  return stringifyYaml(value);
}
