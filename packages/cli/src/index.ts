export { main } from "./main.js";
export { buildFlight, SOURCE_MAP_SECTION, type BuildOptions, type BuildResult, type SourceMapMode } from "./flight-build/build-flight.js";
export { BuildFailure } from "./flight-build/failure.js";
export { bundle, ENGINE_TARGET, type Bundle } from "./flight-build/bundle.js";
