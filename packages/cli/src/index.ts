export { main } from "./main.js";
export { buildFlight, SOURCE_MAP_SECTION, type BuildOptions, type BuildResult, type SourceMapMode } from "./build/build-flight.js";
export { BuildFailure } from "./build/failure.js";
export { bundle, ENGINE_TARGET, type Bundle } from "./build/bundle.js";
