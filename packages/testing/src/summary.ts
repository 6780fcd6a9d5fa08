// A flight run or a simulation as a plain, stable object: what snapshots
// should hold (no timings, no raw stderr).
import { HOST_STATE_NAMES, HostState, hostFunctionOf, type HostCall, type HostStateCode } from "@yoke-flight/sdk/abi";
import type { LookupRecord } from "./host-emulation.js";
import type { FlightRun } from "./run-flight.js";
import type { Simulation } from "./simulate.js";

export function summarizeRun(run: FlightRun) {
  return {
    ok: run.ok,
    exitCode: run.exitCode,
    ...(run.error !== undefined && { error: run.error }),
    resources: run.resources,
    lookups: run.lookups.map(describeLookup),
  };
}

export function summarizeSimulation(simulation: Simulation) {
  return simulation.iterations.map((it) => ({
    trigger: it.trigger,
    ...(it.error !== undefined ? { error: it.error } : {}),
    applied: it.applied.map((r) => `${r.kind}/${r.metadata.name}`),
    ...(it.takeoff === "noop" ? { takeoff: "no-op: same resources as the active revision" } : {}),
    ...(it.pruned.length ? { pruned: it.pruned } : {}),
    ...(it.notReady.length ? { notReady: it.notReady } : {}),
    ...(it.statusWrites.some((w) => w.rejected)
      ? { rejectedStatusWrites: it.statusWrites.filter((w) => w.rejected).map((w) => `${w.what}: ${w.rejected}`) }
      : {}),
    ...(it.refused.length ? { refused: it.refused } : {}),
    status: withoutConditions(it.status),
    ready: `${it.ready.status} (${it.ready.reason}): ${it.ready.message}`,
    ...(it.changes.length ? { then: it.changes } : {}),
  }));
}

function describeLookup(l: LookupRecord): string {
  const state = HOST_STATE_NAMES[l.state as HostStateCode] ?? String(l.state);
  return `${l.call} ${describeArgs(l)}: ${state}${l.state === HostState.ok ? "" : ` (${String(l.result)})`}`;
}

/** How the summary words what some calls asked for; any other call of the table reads `param="value", ...`. */
const DESCRIPTIONS: Partial<Record<HostCall, (args: string[]) => string>> = {
  lookup: ([name, namespace, kind, apiVersion]) => `${kind} ${apiVersion} ${namespace ? `${namespace}/` : ""}${name}`,
  restMapping: ([groupOrApiVersion, kind]) => `${kind} in ${groupOrApiVersion || '""'}`,
};

/** What a call asked for, by the ABI table's parameters of that call. */
function describeArgs(l: LookupRecord): string {
  const f = hostFunctionOf(l.call);
  if (!f) throw new Error(`summary: no host function ${String(l.call)} in @yoke-flight/sdk/abi's HOST_FUNCTIONS`);
  return DESCRIPTIONS[f.call]?.(l.args) ?? f.params.map((p, i) => `${p}=${JSON.stringify(l.args[i])}`).join(", ");
}

function withoutConditions(status: unknown): unknown {
  if (!status || typeof status !== "object") return status;
  const { conditions: _c, ...rest } = status as Record<string, unknown>;
  return rest;
}
