import type { Command } from "../command.js";

/** A sub-command as `flight --help` lists it; its module (and what it imports) loads only when it runs. */
export interface CommandEntry {
  name: string;
  /** One line for `flight --help`. */
  summary: string;
  load(): Promise<Command>;
}

// One entry per sub-command; each lives in its own file.
export const commands: CommandEntry[] = [
  { name: "build", summary: "build a TypeScript flight into a WebAssembly module yoke runs", load: async () => (await import("./build.js")).build },
  { name: "run", summary: "run a built flight with yoke's host functions emulated, and print its output", load: async () => (await import("./run.js")).run },
  { name: "schema", summary: "print the Kubernetes structural OpenAPI schema of a TypeScript type", load: async () => (await import("./schema.js")).schema },
  { name: "airway", summary: "print the Airway an airway.ts defines, as YAML for kubectl apply", load: async () => (await import("./airway.js")).airway },
  {
    name: "schematics",
    summary: "list a module's schematics, or print one, as 'yoke schematics ls|get' does",
    load: async () => (await import("./schematics.js")).schematics,
  },
  {
    name: "init",
    summary: "create a new flight project: a typed custom resource, its flight, Airway and tests",
    load: async () => (await import("./init.js")).init,
  },
];
