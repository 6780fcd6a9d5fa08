// Converter, schematics, gzip and signing checked with yoke's own internal
// code (yokeinternal/features_test.go): `go test -overlay` places that file
// in yoke's internal/wasi directory for the duration of the run, the only
// way a test may import yoke's internal packages (the ATC's module cache,
// wasi.Execute, xcrypto). Where yoke's Go module does not resolve, this
// prints the suite's SKIPPED line.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper shared with scripts/bench/go.mjs
import { goSuiteSkipped } from "./go-suite.mjs";

const skipped = goSuiteSkipped() as string | undefined;
if (skipped) process.stderr.write(`\n*** SKIPPED: yoke-internal checks (test/conformance/yokeinternal): ${skipped}\n\n`);

const suite = fileURLToPath(new URL(".", import.meta.url));
const root = fileURLToPath(new URL("../../", import.meta.url));
const modfile = join(root, ".cache/conformance/go.mod");
const goEnv = { ...process.env, GOFLAGS: "-mod=mod -buildvcs=false", GOTOOLCHAIN: "local" };

function go(args: string[], env: Record<string, string> = {}) {
  return spawnSync("go", args, { cwd: suite, encoding: "utf8", maxBuffer: 64 << 20, timeout: 15 * 60_000, env: { ...goEnv, ...env } });
}

describe.skipIf(skipped !== undefined)("under yoke's internal code (go test -overlay)", () => {
  it(
    "the ATC runs our converter, yoke reads our schematics and .gz, and signing covers our sections",
    () => {
      const yokeDir = go(["list", "-modfile", modfile, "-m", "-f", "{{.Dir}}", "github.com/yokecd/yoke"]).stdout.trim();
      expect(yokeDir, "go list -m github.com/yokecd/yoke").not.toBe("");
      const temp = mkdtempSync(join(tmpdir(), "yoke-flight-overlay-"));
      try {
        const overlay = join(temp, "overlay.json");
        const placed = join(yokeDir, "internal/wasi/yokeflight_features_test.go");
        writeFileSync(overlay, JSON.stringify({ Replace: { [placed]: join(suite, "yokeinternal/features_test.go") } }));
        const schematics = join(suite, "dist/schematics.wasm");
        const run = go(
          [
            "test",
            "-modfile",
            modfile,
            "-overlay",
            overlay,
            "-tags",
            "yoke_internal",
            "-count=1",
            "-v",
            "-run",
            "^(TestConverterUnderTheATC|TestSchematicsUnderYoke|TestGzipUnderTheATCCache|TestSigningCoversOurSections)$",
            "github.com/yokecd/yoke/internal/wasi",
          ],
          {
            YOKE_FLIGHT_CONVERTER: join(root, "examples/pipeline-versions/dist/converter.wasm"),
            YOKE_FLIGHT_HOST_FLIGHT: join(root, "examples/pipeline/dist/flight.wasm"),
            YOKE_FLIGHT_SCHEMATICS: schematics,
            YOKE_FLIGHT_SCHEMATICS_README: join(suite, "flights/schematics-readme.md"),
            YOKE_FLIGHT_SCHEMATICS_SHA256: createHash("sha256").update(readFileSync(schematics)).digest("hex"),
          },
        );
        const report = `${run.stdout}\n${run.stderr}`;
        expect(run.status, report).toBe(0);
        for (const test of ["TestConverterUnderTheATC", "TestSchematicsUnderYoke", "TestGzipUnderTheATCCache", "TestSigningCoversOurSections"]) {
          expect(report).toContain(`--- PASS: ${test} `);
        }
      } finally {
        rmSync(temp, { recursive: true, force: true });
      }
    },
    16 * 60_000,
  );
});
