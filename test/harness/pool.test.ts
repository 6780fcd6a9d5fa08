// Runaway flights fail their own run, and only theirs: runFlight runs
// flights in a pool of workers, concurrent runs go in parallel, and a worker
// whose flight times out is replaced.
import { describe, expect, it } from "vitest";
import { poolSize, runFlight } from "@yoke-flight/testing";
import "@yoke-flight/testing/vitest";
import { flight } from "./build.js";

describe("the worker pool", () => {
  it("has one worker per core, and at least two", async () => {
    const { availableParallelism } = await import("node:os");
    expect(poolSize()).toBe(Math.max(2, availableParallelism()));
  });

  it("runs a good flight beside runaway ones, which each fail with yoke's message, in parallel", async () => {
    const [endless, good] = await Promise.all([flight("endless"), flight("stages")]);
    const runaways = 2 * poolSize();
    const timeoutMs = 2_000;
    const started = performance.now();
    let goodDoneAfter = Infinity;
    const [goodRun, ...runs] = await Promise.all([
      // Queued after the runaways: it must not wait for them to time out.
      (async () => {
        await Promise.resolve();
        const run = await runFlight(good);
        goodDoneAfter = performance.now() - started;
        return run;
      })(),
      ...Array.from({ length: runaways }, () => runFlight(endless, { timeoutMs })),
    ]);
    const wallMs = performance.now() - started;
    expect(goodRun).toSucceed();
    for (const run of runs) expect(run).toFailWith("execution timeout (2s) exceeded");
    // Behind the runaways in a pool that waited for them, it would end after 2 × timeoutMs.
    expect(goodDoneAfter).toBeLessThan(1.5 * timeoutMs);
    // One at a time, they would take runaways × timeoutMs.
    expect(wallMs).toBeLessThan((runaways * timeoutMs) / 2);
  });
});
