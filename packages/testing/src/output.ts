// Reading a flight's stdout the way yoke does (internal/unmarshalling.go
// ParseStages): one resource, a list of resources, or a list of stages;
// Namespaces and CRDs of a stage are applied in a stage of their own first.
import { loadAll } from "js-yaml";
import type { KubeObject } from "./refs.js";

export interface ParsedOutput {
  /** The stages yoke applies, in order. */
  stages: KubeObject[][];
  /** Every resource, in the order the flight wrote them. */
  resources: KubeObject[];
}

export class OutputError extends Error {
  override name = "OutputError";
}

const isObject = (v: unknown): v is KubeObject => !!v && typeof v === "object" && !Array.isArray(v);

export function parseFlightOutput(stdout: string): ParsedOutput {
  if (stdout.trim() === "") throw new OutputError("the flight wrote nothing to stdout (yoke: resource provided is either empty or invalid)");
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch (jsonError) {
    try {
      // A stream of YAML documents, each a resource, is one stage (yoke's YAMLToJSONDecoder loop).
      const docs = loadAll(stdout).filter((d) => d !== null && d !== undefined);
      value = docs.length === 1 ? docs[0] : docs.every(isObject) ? docs : undefined;
      if (value === undefined) throw new Error("mixed documents");
    } catch {
      const preview = stdout.length > 80 ? `${stdout.slice(0, 80)}…` : stdout;
      throw new OutputError(`the flight's stdout is not JSON or YAML (${(jsonError as Error).message}): ${JSON.stringify(preview)}`);
    }
  }
  let written: KubeObject[][];
  if (isObject(value)) written = [[value]];
  else if (Array.isArray(value) && value.every(isObject)) written = [value];
  else if (Array.isArray(value) && value.every((s) => Array.isArray(s) && s.every(isObject))) written = value as KubeObject[][];
  else throw new OutputError("the flight's output must be a resource, a list of resources, or a list of lists of resources");

  written.flat().forEach((r, i) => {
    if (typeof r.apiVersion !== "string" || typeof r.kind !== "string" || !r.metadata || typeof r.metadata.name !== "string") {
      throw new OutputError(`resource ${i} of the flight's output has no apiVersion, kind or metadata.name`);
    }
  });

  const stages: KubeObject[][] = [];
  for (const stage of written) {
    const pre = stage.filter(isPreStage);
    const rest = stage.filter((r) => !isPreStage(r));
    if (pre.length) stages.push(pre);
    if (rest.length) stages.push(rest);
  }
  return { stages, resources: written.flat() };
}

function isPreStage(r: KubeObject): boolean {
  return (r.kind === "Namespace" && r.apiVersion === "v1") || (r.kind === "CustomResourceDefinition" && r.apiVersion.startsWith("apiextensions.k8s.io/"));
}
