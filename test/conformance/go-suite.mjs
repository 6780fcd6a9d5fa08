// The Go conformance suite as scripts/setup-go.sh leaves it in
// .cache/conformance, for the two callers that run it: go-suite.test.ts
// and `pnpm bench` (scripts/bench/go.mjs).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const suite = fileURLToPath(new URL(".", import.meta.url));
const cache = fileURLToPath(new URL("../../.cache/conformance/", import.meta.url));

/** Why the suite cannot run, or undefined when setup-go.sh made it ready. */
export function goSuiteSkipped() {
  const status = existsSync(`${cache}status`) ? readFileSync(`${cache}status`, "utf8").trim() : "skipped: scripts/setup-go.sh has not run";
  return status === "ready" ? undefined : status.replace(/^skipped: /, "");
}

/** `go test <args> .` in test/conformance against the go.mod setup-go.sh wrote. */
export function goTest(args, { env = {}, timeout } = {}) {
  return spawnSync("go", ["test", "-modfile", `${cache}go.mod`, "-count=1", ...args, "."], {
    cwd: suite,
    encoding: "utf8",
    maxBuffer: 64 << 20,
    timeout,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env, GOFLAGS: "-mod=mod -buildvcs=false", GOTOOLCHAIN: "local" },
  });
}
