// The TypeScript flights against the Go flights, under yoke's own wazero:
// runs test/conformance's TestBenchReport (go test) and reads its JSON.
// Skipped, loudly, where scripts/setup-go.sh could not prepare the suite.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { round } from "./stats.mjs";

const root = new URL("../../", import.meta.url).pathname;
const cache = join(root, ".cache/conformance");

export function benchGo() {
  const status = existsSync(join(cache, "status")) ? readFileSync(join(cache, "status"), "utf8").trim() : "skipped: scripts/setup-go.sh has not run";
  if (status !== "ready") return { skipped: status.replace(/^skipped: /, "") };
  const out = join(mkdtempSync(join(tmpdir(), "yoke-flight-gobench-")), "go-bench.json");
  const go = spawnSync("go", ["test", "-modfile", join(cache, "go.mod"), "-count=1", "-run", "^TestBenchReport$", "."], {
    cwd: join(root, "test/conformance"), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, YF_BENCH_OUT: out, GOFLAGS: "-mod=mod -buildvcs=false", GOTOOLCHAIN: "local" },
  });
  if (go.status !== 0) throw new Error(`go test -run TestBenchReport failed:\n${go.stdout}${go.stderr}`);
  const report = JSON.parse(readFileSync(out, "utf8"));
  for (const flight of ["pipeline", "app"]) {
    const { typescript: ts, go: g } = report[flight];
    // Ratios Go / TypeScript: how many times larger or slower the Go flight is.
    report[flight].goOverTypescript = Object.fromEntries(Object.keys(ts).map((k) => [k, round(g[k] / ts[k], 1)]));
  }
  return report;
}
