// @yoke-flight/openapi: Kubernetes structural schemas from TypeScript types, and typed Airways.
export { schemaFrom, createSchemaProgram, type SchemaFromOptions } from "./schema-from.js";
export { SchemaError, type SchemaErrorLocation } from "./schema-error.js";
export { goOrdered, type JSONSchemaProps, type ValidationRule } from "./schema-props.js";
export { QUANTITY_PATTERN } from "./special-types.js";
export { SCHEMA_TAGS } from "./jsdoc-tags.js";
export { structuralProblems, assertStructural } from "./structural.js";
export {
  defineAirway,
  airwayProblems,
  AirwayError,
  AIRWAY_MODES,
  type Airway,
  type AirwayInput,
  type AirwaySpec,
  type AirwayMode,
  type WasmURLs,
  type PruneOptions,
  type CustomResourceDefinitionSpec,
  type CustomResourceDefinitionVersion,
  type CustomResourceDefinitionNames,
  type CustomResourceColumnDefinition,
} from "./airway.js";
export { airwayToYAML, orderedSchemas } from "./airway-yaml.js";
export { airwayInputSchema } from "./airway-schema.js";
export {
  withOverrides,
  overrideProblems,
  ANNOTATION_OVERRIDE_FLIGHT,
  ANNOTATION_OVERRIDE_MODE,
  type OverrideAnnotations,
  type Overrides,
} from "./overrides.js";
export { airwayCRD, type CustomResourceDefinition } from "./airway-crd.js";
export { GO_DURATION, parseGoDuration, formatGoDuration } from "./go-duration.js";
