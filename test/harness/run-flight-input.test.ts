// runFlight with input given as bytes (passed unchanged, as `flight run`
// passes a file), in the .wasm and in-process alike, and modules that cannot
// run (truncated, or a memory limit below their start) reported as yoke
// reports them: the flight's failure, not a thrown error.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runFlight } from "@yoke-flight/testing";
import { WasmModule } from "@yoke-flight/runtime/wasm";
import { flight } from "./build.js";

const yamlStream = new TextEncoder().encode("kind: First\n---\nkind: Second\n");

describe("runFlight input as bytes", () => {
  it("reach the flight unchanged, and in-process mode reads the same", async () => {
    const wasm = await runFlight(await flight("echo-invocation"), { input: yamlStream, args: ["x"], env: { EXTRA: "y" } });
    expect(wasm.ok, wasm.error).toBe(true);
    expect(wasm.resources[0]!.data).toMatchObject({ input: '{"kind":"First"}', args: '["x"]' });
    expect(wasm.stderr).toContain("the input holds 2 YAML documents");
    const inProcess = await runFlight(
      { entry: fileURLToPath(new URL("./flights/echo-invocation.ts", import.meta.url)) },
      { input: yamlStream, args: ["x"], env: { EXTRA: "y" } },
    );
    expect(inProcess.stdout).toBe(wasm.stdout);
  });
});

describe("modules that cannot run", () => {
  it("a truncated module fails to compile, as in yoke", async () => {
    const bytes = readFileSync(await flight("echo-invocation"));
    const run = await runFlight(bytes.subarray(0, 4000), { input: "{}" });
    expect(run.ok).toBe(false);
    expect(run.error).toMatch(/^failed to compile module: /);
  });

  it("a memory limit below what the module starts with fails to compile, naming both", async () => {
    // Our flights start with 14 pages (a 640 KiB stack and the snapshot), under 1 MiB: give one 2 MiB.
    const module = WasmModule.parse(readFileSync(await flight("echo-invocation")));
    expect(module.memory().min).toBeLessThanOrEqual(16);
    expect((await runFlight(module.emit(), { input: "{}", maxMemoryMib: 1 })).ok).toBe(true);
    module.setMemory({ min: 32 });
    const run = await runFlight(module.emit(), { input: "{}", maxMemoryMib: 1 });
    expect(run.ok).toBe(false);
    expect(run.error).toBe("failed to compile module: maxMemoryMib 1 is too small: the flight starts with 2 MiB of memory");
  });
});
