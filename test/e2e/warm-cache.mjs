#!/usr/bin/env node
// Run by scripts/setup.sh: performs the end-to-end flow online once, so that
// every package it installs is in .cache/npm for the offline e2e test.
// Skipped when the dependencies it installs have not changed since.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { NPM_CACHE, PACKAGES, ROOT, cleanup, runFlow } from "./flow.mjs";

const inputs = ["pnpm-lock.yaml", "packages/cli/src/init/scaffold.ts", ...PACKAGES.map((p) => `packages/${p}/package.json`)];
const hash = createHash("sha256");
for (const file of inputs) hash.update(readFileSync(join(ROOT, file)));
const stamp = join(NPM_CACHE, ".yoke-flight-e2e-stamp");
const digest = hash.digest("hex");
if (existsSync(stamp) && readFileSync(stamp, "utf8") === digest) {
  console.log("npm cache for the e2e test is up to date");
  process.exit(0);
}
const started = Date.now();
const result = runFlow({ offline: false });
cleanup(result.work);
writeFileSync(stamp, digest);
console.log(`npm cache for the e2e test ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
