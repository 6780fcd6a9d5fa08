// Loads a TypeScript module (an airway.ts) in this process: esbuild bundles
// the author's own files, leaves packages to Node, and gives each file its
// own import.meta.url so `new URL("./src/types.ts", import.meta.url)` works.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { UserError } from "./command.js";
import { MessagesFailure, fromEsbuild } from "./flight-build/failure.js";
import { sourceFileProblem } from "./flight-file.js";

export async function loadModule(entry: string): Promise<Record<string, unknown>> {
  const file = resolve(entry);
  const problem = sourceFileProblem(file);
  if (problem) throw new UserError(`${entry}: ${problem}`);
  let result: esbuild.BuildResult & { outputFiles: esbuild.OutputFile[] };
  try {
    result = await esbuild.build({
      entryPoints: [file],
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      sourcemap: "inline",
      logLevel: "silent",
      plugins: [
        {
          name: "own-import-meta",
          setup(build) {
            build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
              const source = readFileSync(args.path, "utf8");
              const url = JSON.stringify(pathToFileURL(args.path).href);
              const contents = source
                .replace(/\bimport\.meta\.url\b/g, url)
                .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(args.path)))
                .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path));
              const loader = args.path.endsWith("x") ? (args.path.endsWith(".tsx") ? "tsx" : "jsx") : /\.[cm]?ts$/.test(args.path) ? "ts" : "js";
              return { contents, loader };
            });
          },
        },
      ],
    });
  } catch (e) {
    const errors = (e as esbuild.BuildFailure).errors ?? [];
    if (!errors.length) throw e;
    throw new MessagesFailure(errors.map(fromEsbuild));
  }
  // Next to a node_modules, so the bundle's package imports resolve as the author's would.
  const out = join(cacheDir(dirname(file)), `module-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(out, result.outputFiles[0]!.contents);
  try {
    return (await import(pathToFileURL(out).href)) as Record<string, unknown>;
  } finally {
    rmSync(out, { force: true });
  }
}

function cacheDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "node_modules"))) {
      const cache = join(dir, "node_modules", ".cache", "yoke-flight");
      mkdirSync(cache, { recursive: true });
      return cache;
    }
    if (dirname(dir) === dir) return tmpdir();
  }
}
