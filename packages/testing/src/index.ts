// @yoke-flight/testing: run flights offline as yoke and its Air Traffic Controller run them.
export { runFlight, DEFAULT_TIMEOUT_MS, YOKE_VERSION, type FlightRun, type RunFlightOptions } from "./run-flight.js";
export { invocationDefaults } from "./invocation.js";
export { FakeCluster, type ClusterState, type Denial } from "./cluster.js";
export { BUILTIN_API_RESOURCES, apiResourcesFromCRD, type ApiResource } from "./api-resources.js";
export { emulateHost, type ClusterAccess, type Emulation, type LookupRecord, type Tracked } from "./host-emulation.js";
export { matchResource, matcherContains, parseMatcher } from "./matcher.js";
export { parseFlightOutput, OutputError, type ParsedOutput } from "./output.js";
export {
  atcReleaseName,
  canonical,
  groupKind,
  ownerFrom,
  ownerOf,
  resourceRef,
  withYokeMetadata,
  ANNOTATION_NAMESPACE,
  ANNOTATION_RELEASE,
  LABEL_MANAGED_BY,
  type KubeObject,
} from "./refs.js";
export { goMarshal } from "./go-json.js";
/** The states yoke's host functions answer with (wasm.State). */
export { HostState } from "@yoke-flight/runtime";
export { liveDiff, LiveDiffError, type DiffEntry, type FieldChange } from "./live-diff.js";
export {
  liveHost,
  loadKubeConfig,
  KubeConfigError,
  servedKinds,
  restMappingOf,
  readObject,
  asIs,
  statusOf,
  type LiveHost,
  type LiveHostOptions,
  type AsyncHostHandlers,
  type Mapping,
} from "./live-host.js";
export {
  cassetteOf,
  cassetteYAML,
  writeCassette,
  readCassette,
  parseCassette,
  replayHost,
  clusterFromCassette,
  redactSecret,
  answerOf,
  CassetteError,
  CASSETTE_VERSION,
  REDACTED_DATA,
  REDACTED_STRING,
  type Cassette,
  type CassetteCall,
  type RecordedRun,
  type ReplayHost,
} from "./cassette.js";
export * as messages from "./messages.js";
export { poolSize, stopWorker } from "./pool.js";
export { loadFlight, FlightSourceError, type FlightSource, type ModuleSource } from "./flight-module.js";
export {
  simulateAirway,
  SimulationError,
  type AirwayLike,
  type AirwayMode,
  type Controller,
  type ControllerContext,
  type Iteration,
  type Simulation,
  type SimulateOptions,
} from "./simulate.js";
export {
  jobController,
  deploymentController,
  connectionSecretController,
  crdController,
  endpointSliceController,
  statefulSetController,
  daemonSetController,
  defaultControllers,
  finishedJobStatus,
} from "./controllers.js";
export { loadCustomReadiness, LABEL_RESOURCE_READINESS, type CustomCheck } from "./custom-readiness.js";
export { releaseReadiness, type ReleaseReadiness, type CheckReadiness } from "./release-readiness.js";
export { instanceSchema, InvalidInstanceError, type InstanceSchema } from "./instance-schema.js";
export {
  reconcile,
  admitByWebhook,
  AdmissionError,
  effectiveMode,
  flightInput,
  READY,
  ANNOTATION_OVERRIDE_FLIGHT,
  ANNOTATION_OVERRIDE_MODE,
  type ReconcileContext,
  type ReconcileMemory,
  type ReconcileResult,
  type StatusWrite,
} from "./reconcile.js";
export { takeoff, dryRunTakeoff, desiredStages, isIdentity, applyResource, type TakeoffParams, type TakeoffResult } from "./takeoff.js";
export { readiness, type Readiness } from "./readiness.js";
export { setStatusCondition, meetsConditions, type Condition } from "./conditions.js";
export { summarizeRun, summarizeSimulation } from "./summary.js";
export { runConverter, unmarshalOnto, type ConverterOptions, type ConverterRun, type ConversionReviewAnswer } from "./converter.js";
export { readSchematics, getSchematic, type SchematicsListing } from "./schematics.js";
export { simulateFlight, type SimulateFlightOptions, type FlightSimulation, type FlightIteration, type FlightResourceSpec } from "./simulate-flight.js";
export { requeueDecision, type RequeueFacts, type RequeueDecision } from "./requeue.js";
