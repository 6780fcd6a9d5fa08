// Bundles a flight's TypeScript entry and everything it imports into one
// ES module for QuickJS, with a source map back to the TypeScript.
import { builtinModules } from "node:module";
import { dirname, join, resolve } from "node:path";
import * as esbuild from "esbuild";
import { BUNDLE_NAME } from "@yoke-flight/runtime";
import { BuildFailure, relativeToCwd } from "./failure.js";

/** The language level QuickJS 2025-04-26 runs natively; esbuild lowers anything newer. */
export const ENGINE_TARGET = "es2022";

export interface Bundle {
  code: string;
  /** The source map as JSON; its sources are relative to `dir`. */
  map: string;
  /** The directory the bundle (and its map) is considered to live in. */
  dir: string;
  /** Absolute paths of every file that went into the bundle (for --watch). */
  inputs: string[];
}

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const rejectNodeBuiltins: esbuild.Plugin = {
  name: "yoke-flight-no-node-builtins",
  setup(build) {
    build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (!builtins.has(args.path) && !args.path.startsWith("node:")) return undefined;
      return {
        errors: [{
          text: `a flight cannot import "${args.path}": flights run in WebAssembly with no Node.js APIs, file system or network; ` +
            "read the input with input(), write with output(), and read the cluster with k8s.lookup()",
        }],
      };
    });
  },
};

export async function bundle(entry: string, options: { minify: boolean }): Promise<Bundle> {
  const dir = dirname(entry);
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      outfile: join(dir, BUNDLE_NAME),
      bundle: true,
      write: false,
      format: "esm",
      platform: "neutral",
      target: ENGINE_TARGET,
      mainFields: ["module", "main"],
      // Always drop whitespace and simplify syntax (smaller bytecode, faster
      // loading); rename identifiers only with --minify, so stack traces keep
      // readable function names by default.
      minifyWhitespace: true,
      minifySyntax: true,
      minifyIdentifiers: options.minify,
      sourcemap: "external",
      sourcesContent: false,
      legalComments: "none",
      charset: "utf8",
      define: { "process.env.NODE_ENV": '"production"' },
      logLevel: "silent",
      metafile: true,
      plugins: [rejectNodeBuiltins],
    });
    const code = result.outputFiles.find((f) => f.path.endsWith(".js"))!.text;
    const map = result.outputFiles.find((f) => f.path.endsWith(".map"))!.text;
    const inputs = Object.keys(result.metafile.inputs).map((p) => resolve(p));
    return { code, map, dir, inputs };
  } catch (e) {
    const failure = e as esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw e;
    throw new BuildFailure(failure.errors.map(formatMessage));
  }
}

function formatMessage(m: esbuild.Message): string {
  const where = m.location ? `${relativeToCwd(m.location.file)}:${m.location.line}:${m.location.column + 1}: ` : "";
  return `${where}error: ${m.text}`;
}
