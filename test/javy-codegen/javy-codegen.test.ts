// Javy compatibility, proven with Javy's own code generator (javy-codegen,
// the library behind `javy build`): it takes runtime.wasm as its plugin,
// Wizer-initialises it, compiles with our compile-src, links statically and
// runs wasm-opt. The result must behave exactly like `flight build`'s output.
//
// Building the Rust driver takes ~20 minutes (wasmtime, binaryen), too long
// for CI: run ./scripts/check-javy.sh once to build it; without it this
// test is skipped with a notice.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { bundle } from "@yoke-flight/cli";
import { HostState, runWasm, runtimeWasmPath, type HostHandlers } from "@yoke-flight/runtime";

const root = new URL("../../", import.meta.url).pathname;
const driver = join(root, "test", "javy-codegen", "target", "release", "yoke-flight-javy-check");
const available = existsSync(driver);
if (!available) console.warn(`SKIPPED: Javy code generator check (build it with ./scripts/check-javy.sh): ${driver} not found`);

const host: HostHandlers = {
  lookup: (name, _ns, kind, apiVersion) =>
    name.endsWith("-one") || kind === "Secret"
      ? [HostState.ok, JSON.stringify({ apiVersion, kind, metadata: { name }, status: { conditions: [{ type: "Complete", status: "True" }] } })]
      : [HostState.notFound, `"${name}" not found`],
  restMapping: () => [HostState.featureNotGranted, ""],
};
const inputs = {
  pipeline: { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "demo" } },
  app: { apiVersion: "examples.com/v1", kind: "App", metadata: { name: "demo", namespace: "default" }, spec: { image: "nginx" } },
};

describe.skipIf(!available)("javy-codegen with runtime.wasm as the plugin", () => {
  it.each(Object.entries(inputs))("builds %s into a flight that behaves like flight build's", async (name, input) => {
    const dir = mkdtempSync(join(tmpdir(), "javy-codegen-"));
    try {
      const js = join(dir, "flight.js");
      writeFileSync(js, (await bundle(join(root, "examples", name, "src", "flight.ts"), { minify: false })).code);
      const out = join(dir, "flight.wasm");
      const built = spawnSync(driver, [runtimeWasmPath, js, out], { encoding: "utf8" });
      expect(built.stderr).toBe("");
      expect(built.status).toBe(0);
      const options = { args: ["demo"], stdin: JSON.stringify(input), host };
      const javy = runWasm(new WebAssembly.Module(readFileSync(out)), options);
      const ours = runWasm(new WebAssembly.Module(readFileSync(join(root, "examples", name, "dist", "flight.wasm"))), options);
      expect(javy.exitCode).toBe(0);
      expect(Buffer.from(javy.stdout).equals(Buffer.from(ours.stdout))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
