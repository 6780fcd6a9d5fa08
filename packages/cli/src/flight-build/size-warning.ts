// `flight build`'s warning for a flight that grew far past the runtime: its
// module, or the bytecode every run reads (stored compressed in a large
// module, so the module alone can understate it). Names the
// inputs that dominate, from esbuild's metafile, grouped by npm package.
import { relativeToCwd } from "./failure.js";

/** A module or bytecode above this warns: about 7× a typical flight (the runtime alone is about 510 KB). */
export const MODULE_SIZE_WARNING_BYTES = 4 * 1024 * 1024;

const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;

/** The package a bundled file comes from (`node_modules/<name>` or `<@scope/name>`), else the file itself. */
function owner(path: string): string {
  const match = /^(.*[\\/]node_modules[\\/])((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(path);
  return match ? `${match[2]!.replace(/\\/g, "/")} (npm package)` : relativeToCwd(path);
}

export interface FlightSizes {
  wasmSize: number;
  /** The flight's bytecode and chunks, as a run reads them (decompressed). */
  bytecodeSize: number;
  /** The bundled JavaScript. */
  bundleSize: number;
}

export function sizeWarning(outFile: string, sizes: FlightSizes, contributions: { path: string; bytes: number }[]): string | undefined {
  const { wasmSize, bytecodeSize, bundleSize } = sizes;
  if (Math.max(wasmSize, bytecodeSize) <= MODULE_SIZE_WARNING_BYTES) return undefined;
  const byOwner = new Map<string, number>();
  for (const { path, bytes } of contributions) byOwner.set(owner(path), (byOwner.get(owner(path)) ?? 0) + bytes);
  // The five largest, leaving out what is under 1% of the bundle.
  const top = [...byOwner]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .filter(([, bytes], i) => i === 0 || bytes * 100 >= bundleSize);
  const width = Math.max(...top.map(([name]) => name.length));
  return [
    `warning: ${relativeToCwd(outFile)} is ${mb(wasmSize)} with ${mb(bytecodeSize)} of bytecode (a typical flight is under 1 MB): ` +
      `the flight's JavaScript is ${mb(bundleSize)}, and every run loads all of it. Most of it comes from:`,
    ...top.map(([name, bytes]) => `  ${name.padEnd(width)}  ${mb(bytes)} (${Math.round((100 * bytes) / Math.max(bundleSize, 1))}%)`),
    "Import only what the flight uses (a package's deep imports, `import type` for types), " +
      "and read large data from the cluster (k8s.lookup) instead of bundling it.",
  ].join("\n");
}
