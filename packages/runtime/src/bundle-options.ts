// How a flight's TypeScript is bundled for the engine: the esbuild options
// `flight build` uses and the harness's in-process mode reuses, so both run
// the same JavaScript (same syntax lowering, same names, same refusals).
// Typed structurally: this package does not depend on esbuild.
import { builtinModules } from "node:module";

/** The language level QuickJS 2025-04-26 runs natively; esbuild lowers anything newer. */
export const ENGINE_TARGET = "es2022";

/** esbuild options for a flight's bundle (without entry, output and source map settings). */
export const FLIGHT_BUNDLE_OPTIONS = {
  bundle: true,
  format: "esm" as const,
  platform: "neutral" as const,
  target: ENGINE_TARGET,
  mainFields: ["module", "main"],
  // Always drop whitespace and simplify syntax (smaller bytecode, faster
  // loading); rename identifiers only with --minify, so stack traces keep
  // readable function names by default.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none" as const,
  charset: "utf8" as const,
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "silent" as const,
};

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

interface ResolvingBuild {
  onResolve(options: { filter: RegExp }, callback: (args: { path: string }) => { errors: { text: string }[] } | undefined): void;
}

/** An esbuild plugin that refuses imports of Node's modules, which a flight cannot use. */
export const rejectNodeBuiltins = {
  name: "yoke-flight-no-node-builtins",
  setup(build: ResolvingBuild): void {
    build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (!builtins.has(args.path) && !args.path.startsWith("node:")) return undefined;
      return {
        errors: [
          {
            text:
              `a flight cannot import "${args.path}": flights run in WebAssembly with no Node.js APIs, file system or network; ` +
              "read the input with input(), write with output(), and read the cluster with k8s.lookup()",
          },
        ],
      };
    });
  },
};
