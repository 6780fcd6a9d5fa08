// Every Airway the project produces, as users get them: both examples'
// airway.ts and their checked-in airway.yaml, the Airway of a project made by
// `flight init` (printed by `flight airway`), and Airways wrapping the schema
// fixtures (packages/openapi/test/fixtures/rules.ts, test/conformance/schematypes).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadYaml } from "@kubernetes/client-node";
import { createSchemaProgram, schemaFrom, type Airway } from "@yoke-flight/openapi";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const FLIGHT = createRequire(import.meta.url)
  .resolve("@yoke-flight/cli/package.json")
  .replace(/package\.json$/, "bin/flight.js");

export interface ProducedAirway {
  /** Where it comes from. */
  source: string;
  airway: Airway;
}

/** An example's Airway as its airway.ts gives it, out of exampleAirways(). */
export function exampleAirway(produced: ProducedAirway[], example: string): Airway {
  return produced.find((a) => a.source === `examples/${example}/airway.ts`)!.airway;
}

/** An example's built flight. */
export const exampleWasm = (example: string): string => join(ROOT, "examples", example, "dist", "flight.wasm");

/** Crossplane's CloudSQLInstance CRD, reduced to open schemas with a status subresource: the kind the App example applies. */
export const CLOUDSQL_CRD = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "cloudsqlinstances.database.gcp.crossplane.io" },
  spec: {
    group: "database.gcp.crossplane.io",
    scope: "Cluster",
    names: { kind: "CloudSQLInstance", plural: "cloudsqlinstances" },
    versions: [
      {
        name: "v1beta1",
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: "object",
            properties: {
              spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
              status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
            },
          },
        },
      },
    ],
  },
};

export async function exampleAirways(): Promise<ProducedAirway[]> {
  const produced: ProducedAirway[] = [];
  for (const example of ["pipeline", "app"]) {
    const dir = join(ROOT, "examples", example);
    produced.push({ source: `examples/${example}/airway.ts`, airway: (await import(join(dir, "airway.ts"))).default as Airway });
    produced.push({ source: `examples/${example}/airway.yaml`, airway: loadYaml<Airway>(readFileSync(join(dir, "airway.yaml"), "utf8")) });
  }
  return produced;
}

/** `flight init` in a temp dir, then `flight airway airway.ts` there, as the template's README says. */
export function templateAirway(): ProducedAirway {
  const dir = mkdtempSync(join(tmpdir(), "flight-init-airway-"));
  try {
    run(["init", dir, "--name", "backend"], ROOT);
    // The template's dependencies, from this workspace instead of npm.
    symlinkSync(fileURLToPath(new URL("../node_modules", import.meta.url)), join(dir, "node_modules"), "dir");
    const yaml = run(["airway", "airway.ts"], dir);
    return { source: "flight init template (flight airway airway.ts)", airway: loadYaml<Airway>(yaml) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(args: string[], cwd: string): string {
  const result = spawnSync(process.execPath, [FLIGHT, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  if (result.status !== 0) throw new Error(`flight ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

export const FIXTURE_GROUP = "fixtures.yoke-flight.dev";

/** An Airway whose CRD has the schema fixture as its root schema. */
export function fixtureAirway(kind: string, openAPIV3Schema: Airway["spec"]["template"]["versions"][number]["schema"]["openAPIV3Schema"]): Airway {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: "yoke.cd/v1alpha1",
    kind: "Airway",
    metadata: { name: `${plural}.${FIXTURE_GROUP}` },
    spec: {
      wasmUrls: { flight: "http://127.0.0.1/flight.wasm" },
      template: {
        group: FIXTURE_GROUP,
        names: { kind, plural },
        scope: "Namespaced",
        versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema } }],
      },
    },
  };
}

export function fixtureAirways(): ProducedAirway[] {
  const rules = join(ROOT, "packages/openapi/test/fixtures/rules.ts");
  const types = join(ROOT, "test/conformance/schematypes/types.ts");
  const program = createSchemaProgram([rules, types]);
  const from = (file: string, type: string, kind = type): ProducedAirway => ({
    source: `${file.slice(ROOT.length)} ${type}`,
    airway: fixtureAirway(kind, schemaFrom({ file, type, program })),
  });
  return [from(rules, "Resource", "Rules"), ...["Scalars", "Collections", "Kubernetes", "Tags", "Tree"].map((type) => from(types, type))];
}
