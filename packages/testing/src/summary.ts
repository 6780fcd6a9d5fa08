// A flight run or a simulation as a plain, stable object: what snapshots
// should hold (no timings, no raw stderr).
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
    ...(it.statusWrites.some((w) => w.rejected) ? { rejectedStatusWrites: it.statusWrites.filter((w) => w.rejected).map((w) => `${w.what}: ${w.rejected}`) } : {}),
    ...(it.refused.length ? { refused: it.refused } : {}),
    status: withoutConditions(it.status),
    ready: `${it.ready.status} (${it.ready.reason}): ${it.ready.message}`,
    ...(it.changes.length ? { then: it.changes } : {}),
  }));
}

function describeLookup(l: LookupRecord): string {
  const what = l.call === "lookup" ? `${l.args[2]} ${l.args[3]} ${l.args[1] ? `${l.args[1]}/` : ""}${l.args[0]}` : `${l.args[1]} in ${l.args[0] || '""'}`;
  const states = ["ok", "not granted", "error", "not found", "unauthenticated", "forbidden"];
  return `${l.call} ${what}: ${states[l.state] ?? l.state}${l.state === 0 ? "" : ` (${String(l.result)})`}`;
}

function withoutConditions(status: unknown): unknown {
  if (!status || typeof status !== "object") return status;
  const { conditions: _c, ...rest } = status as Record<string, unknown>;
  return rest;
}
