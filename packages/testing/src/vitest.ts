// vitest matchers for flights. Register them once, in a setup file or at the
// top of a test file:  import "@yoke-flight/testing/vitest";
import { expect, vi } from "vitest";
import { DEFAULT_TIMEOUT_MS } from "./invocation.js";
import { resourceRef, type KubeObject } from "./refs.js";
import type { FlightRun } from "./run-flight.js";
import type { Simulation } from "./simulate.js";

export interface ResourceQuery {
  kind: string;
  name?: string;
  namespace?: string;
  apiVersion?: string;
  /** Other fields the resource must contain (deeply). */
  [field: string]: unknown;
}

interface FlightMatchers<R = unknown> {
  /** The run (or list of resources) has a resource of this kind and name, containing the other fields given. */
  toContainResource(query: ResourceQuery): R;
  /** The flight exited 0 and wrote a valid output. */
  toSucceed(): R;
  /** The flight failed, with this text (or pattern) in its error. */
  toFailWith(expected: string | RegExp): R;
  /** The simulation (or run's identity resource) ends with this status (deeply contained). */
  toHaveStatus(expected: Record<string, unknown>): R;
  /**
   * The same exit code, stdout and host calls as the other run (and the same
   * first line of error): for in-process versus .wasm parity.
   */
  toBehaveLike(other: FlightRun): R;
}

declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Assertion<T = any> extends FlightMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends FlightMatchers {}
}

/**
 * A test must outlast the flights it runs, or a looping flight fails with
 * vitest's generic "Test timed out in 5000ms" (and the next test may too)
 * instead of yoke's "execution timeout (10s) exceeded": raise the file's
 * testTimeout to yoke's default flight timeout plus 5 s, unless it is longer.
 */
export const FLIGHT_TEST_TIMEOUT_MS = DEFAULT_TIMEOUT_MS + 5_000;
const runnerConfig = (globalThis as { __vitest_worker__?: { config?: { testTimeout?: number } } }).__vitest_worker__?.config;
if (runnerConfig?.testTimeout !== undefined && runnerConfig.testTimeout < FLIGHT_TEST_TIMEOUT_MS) {
  vi.setConfig({ testTimeout: FLIGHT_TEST_TIMEOUT_MS });
}

const resourcesOf = (received: unknown): KubeObject[] => (Array.isArray(received) ? (received as KubeObject[]) : ((received as FlightRun).resources ?? []));

const describeRun = (run: FlightRun) => (run.ok ? "it succeeded" : `it failed: ${run.error}`);

expect.extend({
  toContainResource(received: unknown, query: ResourceQuery) {
    const { kind, name, namespace, apiVersion, ...fields } = query;
    const resources = resourcesOf(received);
    const candidates = resources.filter(
      (r) =>
        r.kind === kind &&
        (name === undefined || r.metadata.name === name) &&
        (namespace === undefined || r.metadata.namespace === namespace) &&
        (apiVersion === undefined || r.apiVersion === apiVersion),
    );
    const match = candidates.find((r) => this.equals(r, expect.objectContaining(fields)));
    const wanted = `${kind}${name ? ` ${namespace ? `${namespace}/` : ""}${name}` : ""}`;
    const present = resources.map((r) => `${r.kind} ${r.metadata.namespace ? `${r.metadata.namespace}/` : ""}${r.metadata.name}`).join(", ") || "none";
    return {
      pass: match !== undefined,
      message: () =>
        match
          ? `expected the output not to contain ${wanted}`
          : candidates.length
            ? `${wanted} is in the output but differs:\n${this.utils.diff(expect.objectContaining(fields), candidates[0])}`
            : `expected the output to contain ${wanted}; it has: ${present}${Array.isArray(received) ? "" : ` (${describeRun(received as FlightRun)})`}`,
    };
  },

  toSucceed(received: FlightRun) {
    return {
      pass: received.ok,
      message: () => (received.ok ? "expected the flight to fail, but it succeeded" : `expected the flight to succeed, but ${describeRun(received)}`),
    };
  },

  toFailWith(received: FlightRun, expected: string | RegExp) {
    const error = received.error ?? "";
    const pass = !received.ok && (typeof expected === "string" ? error.includes(expected) : expected.test(error));
    return {
      pass,
      message: () =>
        received.ok
          ? `expected the flight to fail with ${String(expected)}, but it succeeded`
          : `expected the flight's error to match ${String(expected)}, got:\n${error}`,
    };
  },

  toHaveStatus(received: Simulation | FlightRun, expected: Record<string, unknown>) {
    const status = "iterations" in received ? received.status : identityStatus(received);
    return {
      pass: this.equals(status, expect.objectContaining(expected)),
      message: () => `expected status ${this.utils.printExpected(expected)}, got ${this.utils.printReceived(status)}`,
    };
  },

  toBehaveLike(received: FlightRun, other: FlightRun) {
    const firstLine = (run: FlightRun) => (run.ok ? undefined : run.error?.split("\n")[0]);
    const view = (run: FlightRun) => ({ exitCode: run.exitCode, stdout: run.stdout, lookups: run.lookups, error: firstLine(run) });
    return {
      pass: this.equals(view(received), view(other)),
      message: () => `expected the runs to behave alike:\n${this.utils.diff(view(other), view(received))}`,
    };
  },
});

/** A run's status: that of the first resource it wrote with one (the flight's own custom resource). */
function identityStatus(run: FlightRun): unknown {
  return run.resources.find((r) => r.status !== undefined)?.status;
}

export { resourceRef };
