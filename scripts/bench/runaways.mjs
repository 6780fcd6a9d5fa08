// How long N runaway flights (endless loops) take through runFlight when
// started together, each with the same timeout: a measurement for the
// harness's worker pool, run by hand (not part of pnpm bench: it spins every
// core for N × timeout / workers). Usage: node scripts/bench/runaways.mjs [N] [timeoutMs]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFlight } from "@yoke-flight/cli";
import { runFlight, stopWorker } from "@yoke-flight/testing";

const count = Number(process.argv[2] ?? 50);
const timeoutMs = Number(process.argv[3] ?? 2000);
const dir = mkdtempSync(join(tmpdir(), "yoke-flight-runaways-"));
try {
  writeFileSync(join(dir, "endless.ts"), "let n = 0;\nfor (;;) n++;\n");
  const endless = (await buildFlight({ entry: join(dir, "endless.ts"), outFile: join(dir, "endless.wasm"), typecheck: false })).outFile;
  const started = performance.now();
  const runs = await Promise.all(Array.from({ length: count }, () => runFlight(endless, { timeoutMs })));
  const wallMs = performance.now() - started;
  const timedOut = runs.filter((r) => r.error === `execution timeout (${timeoutMs >= 1000 ? `${timeoutMs / 1000}s` : `${timeoutMs}ms`}) exceeded`).length;
  console.log(JSON.stringify({ flights: count, timeoutMs, timedOut, wallMs: Math.round(wallMs) }));
} finally {
  await stopWorker();
  rmSync(dir, { recursive: true, force: true });
}
