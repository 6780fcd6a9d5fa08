// @yoke-flight/testing: run flights offline as yoke and its Air Traffic Controller run them.
export { runFlight, YOKE_VERSION, type FlightRun, type RunFlightOptions } from "./run-flight.js";
export { FakeCluster, type ClusterState, type Denial } from "./cluster.js";
export { BUILTIN_API_RESOURCES, apiResourcesFromCRD, type ApiResource } from "./api-resources.js";
export { emulateHost, type ClusterAccess, type Emulation, type LookupRecord, type Tracked } from "./host-emulation.js";
export { matchResource, matcherContains, parseMatcher } from "./matcher.js";
export { parseFlightOutput, OutputError, type ParsedOutput } from "./output.js";
export {
  atcReleaseName, canonical, groupKind, ownerFrom, ownerOf, resourceRef, withYokeMetadata,
  ANNOTATION_NAMESPACE, ANNOTATION_RELEASE, LABEL_MANAGED_BY, type KubeObject,
} from "./refs.js";
export { goMarshal } from "./go-json.js";
export * as messages from "./messages.js";
export { stopWorker } from "./pool.js";
export { loadFlight, type FlightSource } from "./flight-module.js";
export {
  simulateAirway, SimulationError,
  type AirwayLike, type AirwayMode, type Controller, type ControllerContext, type Iteration, type Simulation, type SimulateOptions,
} from "./simulate.js";
export { jobController, deploymentController, connectionSecretController, finishedJobStatus } from "./controllers.js";
export { readiness, type Readiness } from "./readiness.js";
export { setStatusCondition, meetsConditions, type Condition } from "./conditions.js";
export { summarizeRun, summarizeSimulation } from "./summary.js";
export { runInProcess } from "./in-process.js";
