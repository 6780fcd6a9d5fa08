// `pnpm bench` is a script, not a test, so nothing else notices when it stops
// running (its Node hosts once kept answering in a shape the ABI had left).
// This runs each benchmark case once against the built example, untimed.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { cases, measureRuns } from "../../scripts/bench/flights.mjs";

const examples = new URL("../../examples/", import.meta.url);

describe("the benchmark's example cases", () => {
  it.each(Object.keys(cases))("%s runs to exit 0 with the bench's host", (name) => {
    const wasm = readFileSync(new URL(`${name}/dist/flight.wasm`, examples));
    expect(() => measureRuns(wasm, cases[name], { runs: 1, warmup: 0 })).not.toThrow();
  });
});
