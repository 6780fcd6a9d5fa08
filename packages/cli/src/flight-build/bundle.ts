// Bundles a flight's TypeScript entry and everything it imports into one
// ES module for QuickJS, with a source map back to the TypeScript.
import { dirname, join, resolve } from "node:path";
import * as esbuild from "esbuild";
import { BUNDLE_NAME, FLIGHT_BUNDLE_OPTIONS, rejectNodeBuiltins } from "@yoke-flight/runtime";
import { BuildFailure, fromEsbuild } from "./failure.js";

export { ENGINE_TARGET } from "@yoke-flight/runtime";

export interface Bundle {
  code: string;
  /** The source map as JSON; its sources are relative to `dir`. */
  map: string;
  /** The directory the bundle (and its map) is considered to live in. */
  dir: string;
  /** Absolute paths of every file that went into the bundle (for --watch). */
  inputs: string[];
  /** Lazily loaded chunks, in the order of their numbers (see LAZY_CHUNKS). */
  chunks: { name: string; code: string }[];
  /** How many bytes of the bundle each input gave, largest first (esbuild's metafile). */
  contributions: { path: string; bytes: number }[];
}

/**
 * Dependencies the SDK require()s only when needed, built as separate chunks
 * that the runtime loads on first use (`__yoke.loadChunk`): each is the
 * source of an ES module whose default export is what require() returns.
 * js-yaml is about 180 KB of a flight and 25% of its start-up time when
 * loaded eagerly, and a flight under the ATC only ever gets JSON.
 */
export const LAZY_CHUNKS: Record<string, string> = {
  "js-yaml": 'export { default } from "js-yaml";',
};

const CHUNK_NAMESPACE = "yoke-flight-chunk";

/** Turns `require("js-yaml")` into a call that loads the chunk; records which chunks are used. */
function lazyChunks(used: { name: string; resolveDir: string }[]): esbuild.Plugin {
  return {
    name: "yoke-flight-lazy-chunks",
    setup(build) {
      const names = Object.keys(LAZY_CHUNKS).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
      build.onResolve({ filter: new RegExp(`^(${names.join("|")})$`) }, (args) => {
        if (args.kind !== "require-call") return undefined; // an import stays an ordinary, eager dependency
        return { path: args.path, namespace: CHUNK_NAMESPACE, pluginData: { resolveDir: args.resolveDir } };
      });
      build.onLoad({ filter: /.*/, namespace: CHUNK_NAMESPACE }, (args) => {
        let id = used.findIndex((c) => c.name === args.path);
        if (id < 0) id = used.push({ name: args.path, resolveDir: (args.pluginData as { resolveDir: string }).resolveDir }) - 1;
        return { contents: `module.exports = globalThis.__yoke.loadChunk(${id});`, loader: "js" };
      });
    },
  };
}

export async function bundle(entry: string, options: { minify: boolean; lazyChunks?: boolean }): Promise<Bundle> {
  const dir = dirname(entry);
  const used: { name: string; resolveDir: string }[] = [];
  const common = {
    ...FLIGHT_BUNDLE_OPTIONS,
    write: false,
    minifyIdentifiers: options.minify,
  } satisfies esbuild.BuildOptions;
  try {
    const result = await esbuild.build({
      ...common,
      entryPoints: [entry],
      outfile: join(dir, BUNDLE_NAME),
      sourcemap: "external",
      sourcesContent: false,
      metafile: true,
      plugins: [rejectNodeBuiltins, ...(options.lazyChunks === false ? [] : [lazyChunks(used)])],
    });
    const code = result.outputFiles.find((f) => f.path.endsWith(".js"))!.text;
    const map = result.outputFiles.find((f) => f.path.endsWith(".map"))!.text;
    const inputs = Object.keys(result.metafile.inputs)
      .filter((p) => !p.startsWith(`${CHUNK_NAMESPACE}:`))
      .map((p) => resolve(p));
    const chunks = await Promise.all(
      used.map(async ({ name, resolveDir }) => {
        // A library compiled without line numbers (build-flight.ts): short names cost it nothing more.
        const chunk = await esbuild.build({
          ...common,
          minifyIdentifiers: true,
          stdin: { contents: LAZY_CHUNKS[name]!, resolveDir, sourcefile: `${name}.chunk.js` },
        });
        return { name, code: chunk.outputFiles[0]!.text };
      }),
    );
    const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined) ?? Object.values(result.metafile.outputs)[0];
    const contributions = Object.entries(output?.inputs ?? {})
      .filter(([p]) => !p.startsWith(`${CHUNK_NAMESPACE}:`))
      .map(([p, { bytesInOutput }]) => ({ path: resolve(p), bytes: bytesInOutput }))
      .sort((a, b) => b.bytes - a.bytes);
    return { code, map, dir, inputs, chunks, contributions };
  } catch (e) {
    const failure = e as esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw e;
    throw new BuildFailure(failure.errors.map(fromEsbuild));
  }
}
