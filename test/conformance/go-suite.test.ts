// The Go half of the conformance suite: our flights inside yoke itself
// (yoke.EvalFlight, wazero, yoke's real host functions against a test API
// server) and the Go flights on the same table. Prepared by scripts/setup-go.sh;
// where yoke's Go module cannot be had, this prints a loud SKIPPED line.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const suite = fileURLToPath(new URL(".", import.meta.url));
const cache = fileURLToPath(new URL("../../.cache/conformance/", import.meta.url));
const status = existsSync(`${cache}status`) ? readFileSync(`${cache}status`, "utf8").trim() : "skipped: scripts/setup-go.sh has not run";
const ready = status === "ready";

if (!ready) {
  process.stderr.write(`\n*** SKIPPED: Go conformance suite (test/conformance): ${status.replace(/^skipped: /, "")}\n\n`);
}

describe.skipIf(!ready)("under yoke's real host (go test)", () => {
  it("every scenario passes with the TypeScript and the Go flights, and every broken ABI fails", () => {
    const go = spawnSync("go", ["test", "-modfile", `${cache}go.mod`, "-count=1", "-json", "."], {
      cwd: suite, encoding: "utf8", maxBuffer: 64 << 20, timeout: 15 * 60_000,
      env: { ...process.env, GOFLAGS: "-mod=mod -buildvcs=false", GOTOOLCHAIN: "local" },
    });
    const events = go.stdout.split("\n").filter(Boolean).flatMap((line) => {
      try { return [JSON.parse(line) as { Action: string; Test?: string; Output?: string }]; } catch { return []; }
    });
    const passed = events.filter((e) => e.Action === "pass" && e.Test).map((e) => e.Test!);
    const failed = events.filter((e) => e.Action === "fail" && e.Test).map((e) => e.Test!);
    const output = (test: string) => events.filter((e) => e.Test === test && e.Output).map((e) => e.Output).join("");
    const report = failed.length
      ? failed.map((t) => `--- ${t}\n${output(t)}`).join("\n")
      : `${go.stderr}\n${events.filter((e) => e.Output && !e.Test).map((e) => e.Output).join("")}`;
    expect(failed, report).toEqual([]);
    expect(go.status, report).toBe(0);
    // Both flights per row, and the four broken modules.
    const table = JSON.parse(readFileSync(`${suite}scenarios.json`, "utf8")) as { scenarios: unknown[] };
    expect(passed.filter((t) => /^TestScenarios\/.+\/(typescript|go)$/.test(t))).toHaveLength(2 * table.scenarios.length);
    expect(passed.filter((t) => t.startsWith("TestBrokenABI/"))).toHaveLength(4);
  }, 16 * 60_000);
});
