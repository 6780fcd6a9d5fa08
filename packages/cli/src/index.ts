export { main } from "./main.js";
export { buildFlight, type BuildOptions, type BuildResult, type SourceMapMode } from "./flight-build/build-flight.js";
export { BuildFailure, MessagesFailure } from "./flight-build/failure.js";
export { bundle, ENGINE_TARGET, type Bundle } from "./flight-build/bundle.js";
