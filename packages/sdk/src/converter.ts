// Converter modules: the conversion webhook the ATC serves for an Airway
// whose spec.wasmUrls.converter is set (yokecd/yoke cmd/atc/handler.go,
// POST /crdconvert/{airway}; yoke's own Go converter:
// cmd/atc/internal/testing/apis/backend/converter/main.go). The ATC passes
// the raw apiextensions.k8s.io/v1 ConversionReview on stdin, argv
// ["converter"] and no env, then json.Unmarshals stdout on top of the review
// it received. Build converters with `flight build --converter`: the ATC
// gives them no host functions.
import { FlightInputError } from "./errors.js";
import { encodeGoJSON } from "./go-json.js";
import { host, runState } from "./host.js";
import { inputText, parseInput } from "./input.js";
import type { Resource } from "./types.js";

/** apiextensions.k8s.io/v1 ConversionRequest. */
export interface ConversionRequest {
  uid: string;
  desiredAPIVersion: string;
  objects: Resource[];
}

/** metav1.Status as a conversion response carries it. */
export interface ConversionResult {
  metadata: Record<string, never>;
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
}

/** apiextensions.k8s.io/v1 ConversionResponse. */
export interface ConversionResponse {
  uid: string;
  convertedObjects?: Resource[];
  result: ConversionResult;
}

/** apiextensions.k8s.io/v1 ConversionReview. */
export interface ConversionReview {
  kind: "ConversionReview";
  apiVersion: "apiextensions.k8s.io/v1";
  request?: ConversionRequest | null;
  response?: ConversionResponse;
}

/**
 * Converts one object to `desiredAPIVersion`. The returned object's
 * apiVersion is set to desiredAPIVersion, and its kind, metadata and status
 * are the original's unless it sets its own. Throwing fails the whole review
 * with the error's message, as the API server expects.
 */
export type ConvertFunction<From extends object = Resource, To extends object = Resource> = (
  object: From,
  desiredAPIVersion: string,
) => To | Omit<To, "apiVersion">;

/**
 * Answers the ConversionReview on stdin: each object is converted with
 * `fn` (objects already at the desired version are passed through), and the
 * response is written to stdout as the ATC reads it (`request: null`,
 * `response.uid`, `response.result.status`, `response.convertedObjects` in
 * the request's order). Call it once, as the whole of a converter module.
 */
export function convert<From extends object = Resource, To extends object = Resource>(fn: ConvertFunction<From, To>): void {
  const review = conversionResponse(readReview(), fn);
  const state = runState();
  state.outputWritten = true;
  host().write(1, encodeGoJSON(review));
}

/** The review the ATC expects back for `review`: pure, for tests and in-process use. */
export function conversionResponse<From extends object = Resource, To extends object = Resource>(
  review: ConversionReview,
  fn: ConvertFunction<From, To>,
): ConversionReview {
  const request = review.request!;
  const answer = (response: Omit<ConversionResponse, "uid">): ConversionReview => ({
    kind: "ConversionReview",
    apiVersion: "apiextensions.k8s.io/v1",
    request: null,
    response: { uid: request.uid, ...response },
  });
  const failure = (message: string, reason: string) => answer({ result: { metadata: {}, status: "Failure", message, reason } });

  const desired = request.desiredAPIVersion;
  if (typeof desired !== "string" || desired === "" || desired.split("/").length > 2) {
    return failure(`could not parse desired api version: ${JSON.stringify(desired)}`, "BadRequest");
  }
  const converted: Resource[] = [];
  for (const [i, object] of (request.objects ?? []).entries()) {
    const what = `objects[${i}] (${object?.kind ?? "?"} ${object?.metadata?.name ?? "?"}, ${object?.apiVersion ?? "?"})`;
    if (object?.apiVersion === desired) {
      converted.push(object);
      continue;
    }
    let result: unknown;
    try {
      result = fn(object as unknown as From, desired);
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      host().write(2, `converting ${what} to ${desired}: ${error.stack ?? error.message}\n`);
      return failure(`converting ${what} to ${desired}: ${error.message}`, "InternalError");
    }
    const problem = resultProblem(result, desired);
    if (problem) return failure(`converting ${what} to ${desired}: ${problem}`, "InternalError");
    converted.push(completed(result as Partial<Resource>, object, desired));
  }
  return answer({ convertedObjects: converted, result: { metadata: {}, status: "Success" } });
}

/** The converted object with what the API server requires carried over from the original. */
function completed(result: Partial<Resource>, original: Resource, desired: string): Resource {
  const { apiVersion: _drop, kind, metadata, ...rest } = result;
  const out: Resource = { apiVersion: desired, kind: kind ?? original.kind, metadata: metadata ?? original.metadata, ...rest };
  // The ATC means to copy the status back but writes it to a copy of each object
  // (cmd/atc/handler.go), so a converter must carry it itself.
  if (!("status" in result) && original.status !== undefined) out.status = original.status;
  return out;
}

function resultProblem(result: unknown, desired: string): string | undefined {
  if (typeof result !== "object" || result === null || Array.isArray(result)) {
    return `the convert function returned ${Array.isArray(result) ? "an array" : String(result)}, not an object`;
  }
  if (typeof (result as { then?: unknown }).then === "function") {
    return "the convert function returned a Promise: conversion is synchronous (the ATC reads stdout when the module exits)";
  }
  const apiVersion = (result as { apiVersion?: unknown }).apiVersion;
  if (apiVersion !== undefined && apiVersion !== desired) {
    return `the convert function returned apiVersion ${JSON.stringify(apiVersion)}, not the desired ${desired}`;
  }
  return undefined;
}

function readReview(): ConversionReview {
  const text = inputText();
  if (text.trim() === "") {
    throw new FlightInputError("a converter's input is empty: the ATC passes a ConversionReview on stdin");
  }
  const review = parseInput(text) as ConversionReview;
  const request = review?.request;
  if (review?.kind !== "ConversionReview" || !request || typeof request !== "object") {
    throw new FlightInputError(`a converter's input must be an apiextensions.k8s.io/v1 ConversionReview with a request, not ${describe(review)}`);
  }
  if (!Array.isArray(request.objects)) throw new FlightInputError("the ConversionReview's request.objects is not a list");
  return review;
}

function describe(value: unknown): string {
  const o = value as { kind?: unknown; apiVersion?: unknown } | null;
  if (o && typeof o === "object" && typeof o.kind === "string") return `a ${o.kind}${o.apiVersion ? ` (${String(o.apiVersion)})` : ""}`;
  return Array.isArray(value) ? "a list" : typeof value;
}

/** True when the module runs as a converter (the ATC passes argv ["converter"]). */
export function isConverterRun(): boolean {
  return host().args()[0] === "converter";
}
