// Runs one scenario of the table through the Node harness, exactly as the Go
// suite runs it through yoke: same cluster (objects and API resources),
// same access, same stdin.
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { FakeCluster, runFlight } from "@yoke-flight/testing";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export function tsFlightPath(flight) {
  const example = here(`../../examples/${flight}/dist/flight.wasm`);
  return existsSync(example) ? example : here(`./dist/${flight}.wasm`);
}

export function runScenario(table, scenario) {
  const cluster = FakeCluster.from({
    objects: scenario.cluster,
    apiResources: table.apiResources,
    denials: scenario.denials ?? [],
    user: "system:serviceaccount:atc:atc",
  });
  return runFlight(tsFlightPath(scenario.flight), {
    input: scenario.input,
    release: scenario.release,
    namespace: scenario.namespace,
    clusterAccess: scenario.clusterAccess,
    resourceAccessMatchers: scenario.resourceAccessMatchers,
    cluster,
  });
}
