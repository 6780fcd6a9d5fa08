// A module older than its sources: runFlight warns, once per module, naming
// the newer sources (it runs the module as built); runFlight({ entry }) always runs
// the sources as they are now.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { buildFlight } from "@yoke-flight/cli";
import { runFlight } from "@yoke-flight/testing";
import "@yoke-flight/testing/vitest";

const dir = mkdtempSync(join(tmpdir(), "flight-stale-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const entry = join(dir, "flight.ts");
const wasm = join(dir, "flight.wasm");
const writeFlight = (name: string) =>
  writeFileSync(
    entry,
    `(globalThis as any).__yoke.write(1, JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: ${JSON.stringify(name)} } }));\n`,
  );
const build = () => buildFlight({ entry, outFile: wasm, typecheck: false });
/** Marks the source as modified `seconds` after now (so it is newer than the module just built). */
const touch = (seconds: number) => utimesSync(entry, new Date(), new Date(Date.now() + seconds * 1000));

let warn: ReturnType<typeof vi.spyOn>;
beforeAll(async () => {
  writeFlight("first");
  await build();
});
afterEach(() => warn?.mockRestore());

describe("a module older than its sources", () => {
  it("runs without a warning while the module is newer than its sources", async () => {
    warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await runFlight(wasm)).toContainResource({ kind: "ConfigMap", name: "first" });
    expect(warn).not.toHaveBeenCalled();
  });

  it("warns once per module, naming the newer source, and still runs the module as built", async () => {
    writeFlight("second");
    touch(5);
    warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await runFlight(wasm)).toContainResource({ kind: "ConfigMap", name: "first" });
    expect(await runFlight(wasm)).toContainResource({ kind: "ConfigMap", name: "first" });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /flight\.wasm is older than .*flight\.ts: these runs test the module as it was built, not your latest code; rebuild it \(flight build\)$/,
    );
  });

  it("in-process, runs the sources as they are now", async () => {
    expect(await runFlight({ entry })).toContainResource({ kind: "ConfigMap", name: "second" });
    writeFlight("third");
    touch(10);
    expect(await runFlight({ entry })).toContainResource({ kind: "ConfigMap", name: "third" });
  });

  it("is quiet again once rebuilt", async () => {
    await build();
    utimesSync(wasm, new Date(), new Date(Date.now() + 20_000));
    warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await runFlight(wasm)).toContainResource({ kind: "ConfigMap", name: "third" });
    expect(warn).not.toHaveBeenCalled();
  });
});
