// Writing the flight's result to stdout: the resources (yoke's
// flight.Resources, where null entries are dropped) or stages (an array of
// resource arrays, applied one after the other).
import { encodeInJavaScript } from "./go-json.js";
import { FlightOutputError } from "./errors.js";
import { host, runState } from "./host.js";
import type { Resource } from "./types.js";

/**
 * An object that is not an array: any interface for a Kubernetes object
 * (kubernetes-models' IDeployment, your custom resource's type) fits, while
 * strings, numbers and nested lists are type errors, not run-time surprises.
 */
export type KubernetesObject = object & { readonly length?: never };

/** A resource, or null / undefined / false for "nothing here" (dropped, like nil in Go). */
export type ResourceEntry = Resource | KubernetesObject | null | undefined | false;
export type Stage = readonly ResourceEntry[];

/** Writes the flight's resources. Call it once per run. */
export function output(resources: readonly ResourceEntry[] | ResourceEntry): void {
  const list = Array.isArray(resources) ? resources : [resources];
  write(clean(list, "resources"));
}

/**
 * Writes the resources, then fails the run with the error, as Go's
 * flight.JSONEncodeWithError does: the flight exits non-zero with the error's
 * message, and the ATC still applies the identity resource's status it
 * wrote (an instance can say why it failed). Nothing else is applied.
 */
export function outputWithError(resources: ResourceEntry[] | ResourceEntry, error: unknown): never {
  output(resources);
  throw error instanceof Error ? error : new Error(String(error));
}

/** Writes the flight's stages: yoke applies each stage before the next. */
export function outputStages(stages: readonly Stage[]): void {
  if (!Array.isArray(stages) || stages.some((s) => !Array.isArray(s))) {
    throw new FlightOutputError("outputStages() takes an array of stages, each an array of resources");
  }
  write(stages.map((stage, i) => clean(stage, `stages[${i}]`)));
}

function write(value: unknown): void {
  const state = runState();
  if (state.outputWritten) {
    throw new FlightOutputError("the flight's output was already written: call output() once per run");
  }
  const h = host();
  // Natively in a flight.wasm: no JavaScript string of the whole output is made.
  if (h.writeGoJSON?.(1, value)) {
    state.outputWritten = true;
    return;
  }
  const text = encodeInJavaScript(value);
  state.outputWritten = true;
  h.write(1, text);
}

function clean(entries: readonly ResourceEntry[], path: string): object[] {
  const out: object[] = [];
  entries.forEach((entry, i) => {
    if (entry === null || entry === undefined || entry === false) return;
    checkResource(entry, `${path}[${i}]`);
    out.push(entry);
  });
  return out;
}

function checkResource(entry: unknown, path: string): void {
  if (typeof entry !== "object" || Array.isArray(entry)) {
    throw new FlightOutputError(`${path} is not a Kubernetes object (got ${Array.isArray(entry) ? "an array" : typeof entry})`);
  }
  const r = entry as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; generateName?: unknown } };
  if (typeof r.apiVersion !== "string" || r.apiVersion === "") throw new FlightOutputError(`${path}.apiVersion is missing`);
  if (typeof r.kind !== "string" || r.kind === "") throw new FlightOutputError(`${path}.kind is missing (apiVersion ${r.apiVersion})`);
  const name = r.metadata?.name ?? r.metadata?.generateName;
  if (typeof name !== "string" || name === "") {
    throw new FlightOutputError(`${path}.metadata.name is missing (${r.kind} ${r.apiVersion})`);
  }
}
