// What yoke tells a flight about its invocation (pkg/flight/flight.go):
// YOKE_RELEASE, YOKE_NAMESPACE / NAMESPACE, YOKE_VERSION, and args[0].
import { host } from "./host.js";

const lastSegment = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/**
 * The release name. For the ATC this is the custom resource's
 * group.Kind.namespace.name; for `yoke takeoff` the release argument.
 */
export function release(): string {
  const fromEnv = lastSegment(env("YOKE_RELEASE") ?? "");
  if (fromEnv) return fromEnv;
  return lastSegment(host().args()[0] ?? "");
}

/** The namespace the release is deployed to. */
export function namespace(): string {
  return env("YOKE_NAMESPACE") || env("NAMESPACE") || "";
}

/** The version of yoke running the flight. */
export function yokeVersion(): string {
  return env("YOKE_VERSION") ?? "";
}

/** An environment variable (yoke passes the Airway's and its own). */
export function env(name: string): string | undefined {
  return host().env()[name];
}

/** The flight's arguments after the program name (`yoke takeoff release flight -- args...`). */
export function args(): string[] {
  return host().args().slice(1);
}
