// Build step of @yoke-flight/cli: copies the workspace's pnpm catalog
// (pnpm-workspace.yaml, `catalog:`) into dist/catalog.json, so the project
// `flight init` writes pins the versions this workspace builds and tests with.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import yaml from "js-yaml";

const workspace = new URL("../../../pnpm-workspace.yaml", import.meta.url);
const catalog = yaml.load(readFileSync(workspace, "utf8")).catalog;
if (!catalog || typeof catalog !== "object") {
  console.error(`copy-catalog: ${workspace.pathname} has no catalog: section`);
  process.exit(1);
}
mkdirSync(new URL("../dist/", import.meta.url), { recursive: true });
writeFileSync(new URL("../dist/catalog.json", import.meta.url), JSON.stringify(catalog, null, 2) + "\n");
