// `flight build`'s warning for a module that grew far past the runtime: the
// bundle is inside it twice (bytecode, and the engine's snapshot after
// pre-loading), and every run of the flight loads all of it. Names the
// inputs that dominate, from esbuild's metafile, grouped by npm package.
import { relativeToCwd } from "./failure.js";

/** A module above this warns: about 5× a typical flight (the runtime alone is about 750 KB). */
export const MODULE_SIZE_WARNING_BYTES = 4 * 1024 * 1024;

const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;

/** The package a bundled file comes from (`node_modules/<name>` or `<@scope/name>`), else the file itself. */
function owner(path: string): string {
  const match = /^(.*[\\/]node_modules[\\/])((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(path);
  return match ? `${match[2]!.replace(/\\/g, "/")} (npm package)` : relativeToCwd(path);
}

export function sizeWarning(outFile: string, wasmSize: number, bundleSize: number, contributions: { path: string; bytes: number }[]): string | undefined {
  if (wasmSize <= MODULE_SIZE_WARNING_BYTES) return undefined;
  const byOwner = new Map<string, number>();
  for (const { path, bytes } of contributions) byOwner.set(owner(path), (byOwner.get(owner(path)) ?? 0) + bytes);
  // The five largest, leaving out what is under 1% of the bundle.
  const top = [...byOwner]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .filter(([, bytes], i) => i === 0 || bytes * 100 >= bundleSize);
  const width = Math.max(...top.map(([name]) => name.length));
  return [
    `warning: ${relativeToCwd(outFile)} is ${mb(wasmSize)} (a typical flight is under 1 MB): ` +
      `the flight's JavaScript is ${mb(bundleSize)}, and every run loads all of it. Most of it comes from:`,
    ...top.map(([name, bytes]) => `  ${name.padEnd(width)}  ${mb(bytes)} (${Math.round((100 * bytes) / Math.max(bundleSize, 1))}%)`),
    "Import only what the flight uses (a package's deep imports, `import type` for types), " +
      "and read large data from the cluster (k8s.lookup) instead of bundling it.",
  ].join("\n");
}
