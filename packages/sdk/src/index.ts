// @yoke-flight/sdk: everything a flight imports.
export { input, inputText, parseInput, type InputOptions } from "./input.js";
export { output, outputStages, outputWithError, type KubernetesObject, type ResourceEntry, type Stage } from "./output.js";
export { release, namespace, yokeVersion, env, args } from "./environment.js";
export * as k8s from "./k8s.js";
export * as yaml from "./yaml-api.js";
export type { GoRestMapping, ResourceIdentifier, RestMapping } from "./k8s.js";
export {
  ErrNotFound,
  ErrForbidden,
  ErrUnauthenticated,
  ErrClusterAccessNotGranted,
  isErrNotFound,
  isErrForbidden,
  isErrUnauthenticated,
  isErrClusterAccessNotGranted,
  FlightInputError,
  FlightOutputError,
} from "./errors.js";
export { findCondition, hasCondition, setCondition, type StatusCondition } from "./conditions.js";
export { encodeGoJSON } from "./go-json.js";
export { seededRandom, now } from "./determinism.js";
export { setHost, type FlightHost, type HostReply } from "./host.js";
export type * from "./types.js";
export {
  convert,
  conversionResponse,
  isConverterRun,
  type ConvertFunction,
  type ConversionReview,
  type ConversionRequest,
  type ConversionResponse,
  type ConversionResult,
} from "./converter.js";
export { schematics, isSchematicsRun, type SchematicAnswer } from "./schematics.js";
