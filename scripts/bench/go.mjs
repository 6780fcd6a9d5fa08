// The TypeScript flights against the Go flights, under yoke's own wazero:
// runs test/conformance's TestBenchReport (go test) and reads its JSON.
// Skipped, loudly, where scripts/setup-go.sh could not prepare the suite.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { goSuiteSkipped, goTest } from "../../test/conformance/go-suite.mjs";
import { round } from "./stats.mjs";

export function benchGo() {
  const skipped = goSuiteSkipped();
  if (skipped) return { skipped };
  const { go, report } = goTestReport(["-run", "^TestBenchReport$"], {});
  if (!report) throw new Error(`go test -run TestBenchReport failed:\n${go.stdout}${go.stderr}`);
  for (const flight of ["pipeline", "app"]) {
    const { typescript: ts, go: g } = report[flight];
    // Ratios Go / TypeScript: how many times larger or slower the Go flight is.
    report[flight].goOverTypescript = Object.fromEntries(Object.keys(ts).map((k) => [k, round(g[k] / ts[k], 1)]));
  }
  return report;
}

/**
 * Compile + first run of each file under yoke's wazero (test/conformance
 * TestBenchFirstResult), or { skipped } where the suite cannot run.
 * files: { name: path }.
 */
export function benchGoFirstResult(files, stdin) {
  const skipped = goSuiteSkipped();
  if (skipped) return { skipped };
  const list = Object.entries(files)
    .map(([name, path]) => `${name}=${path}`)
    .join(",");
  const { go, report } = goTestReport(["-run", "^TestBenchFirstResult$"], { YF_BENCH_FILES: list, YF_BENCH_STDIN: stdin });
  if (!report) throw new Error(`go test -run TestBenchFirstResult failed:\n${go.stdout}${go.stderr}`);
  return report;
}

/** Runs the Go suite with `args`; the JSON it writes to $YF_BENCH_OUT (in a temp dir removed afterwards), when it passed. */
function goTestReport(args, env) {
  const dir = mkdtempSync(join(tmpdir(), "yoke-flight-gobench-"));
  try {
    const out = join(dir, "report.json");
    const go = goTest(args, { env: { ...env, YF_BENCH_OUT: out } });
    return { go, report: go.status === 0 ? JSON.parse(readFileSync(out, "utf8")) : undefined };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
