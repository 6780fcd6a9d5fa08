// The Pipeline converter: the ATC serves the CRD's conversion webhook with
// this module (the Airway's spec.wasmUrls.converter). Built with
// `flight build --converter`, so it imports no host function, as the ATC
// requires. Status is carried over by the SDK.
import { convert } from "@yoke-flight/sdk";
import type { PipelineV1, PipelineV2 } from "./types.js";

type Pipeline = PipelineV1 | PipelineV2;

export function toV2(pipeline: PipelineV1): Omit<PipelineV2, "apiVersion"> {
  const { image, backoffLimit } = pipeline.spec ?? {};
  const job = { ...(image !== undefined && { image }), ...(backoffLimit !== undefined && { retries: backoffLimit }) };
  return { kind: "Pipeline", metadata: pipeline.metadata, ...(pipeline.spec && { spec: Object.keys(job).length ? { job } : {} }) };
}

export function toV1(pipeline: PipelineV2): Omit<PipelineV1, "apiVersion"> {
  const { image, retries } = pipeline.spec?.job ?? {};
  const spec = { ...(image !== undefined && { image }), ...(retries !== undefined && { backoffLimit: retries }) };
  return { kind: "Pipeline", metadata: pipeline.metadata, ...(pipeline.spec && { spec }) };
}

convert<Pipeline, Pipeline>((pipeline, desiredAPIVersion) => {
  if (pipeline.apiVersion === "examples.com/v1" && desiredAPIVersion === "examples.com/v2") return toV2(pipeline);
  if (pipeline.apiVersion === "examples.com/v2" && desiredAPIVersion === "examples.com/v1") return toV1(pipeline);
  throw new Error(`cannot convert ${pipeline.apiVersion} to ${desiredAPIVersion}: this converter knows examples.com/v1 and examples.com/v2`);
});
