// What `yoke takeoff` would do to a live cluster with a flight's resources,
// found read-only (discovery and GETs): each desired resource, marked as
// yoke marks it (internal.AddYokeMetadata, manager "yoke") and given the
// release's namespace when its kind is namespaced (setTargetNS in
// yokecd/yoke pkg/yoke/yoke_takeoff.go), is compared with the live object:
// create when absent, change when a field it sets differs, unchanged
// otherwise. Fields the server adds (status, defaults, uid...) are not
// differences: server-side apply leaves them.
import type { KubeConfig } from "@kubernetes/client-node";
import { readObject, restMappingOf, statusOf } from "./live-host.js";
import { canonical, groupOf, versionOf, withYokeMetadata, type KubeObject } from "./refs.js";

export interface FieldChange {
  /** Dotted path of the field, e.g. spec.replicas or data["a.b"]. */
  path: string;
  live: unknown;
  desired: unknown;
}

export interface DiffEntry {
  action: "create" | "change" | "unchanged";
  /** namespace/group/version/kind/name */
  ref: string;
  desired: KubeObject;
  changes: FieldChange[];
}

export class LiveDiffError extends Error {
  override name = "LiveDiffError";
}

export async function liveDiff(kc: KubeConfig, resources: KubeObject[], target: { release: string; namespace: string }): Promise<DiffEntry[]> {
  const entries: DiffEntry[] = [];
  for (const resource of resources) {
    const desired = withYokeMetadata(resource, target.release, target.namespace);
    const mapping = await restMappingOf(kc, groupOf(desired.apiVersion), desired.kind, [versionOf(desired.apiVersion)]);
    if (mapping instanceof Error) throw new LiveDiffError(`${canonical(desired)}: ${mapping.message}`);
    if (mapping.Namespaced && !desired.metadata.namespace) desired.metadata.namespace = target.namespace;
    let live: KubeObject | undefined;
    try {
      live = await readObject<KubeObject>(kc, desired);
    } catch (e) {
      const status = statusOf(e);
      if (status.reason !== "NotFound") throw new LiveDiffError(`${canonical(desired)}: ${status.message}`);
    }
    const changes = live ? fieldChanges(live, desired, "") : [];
    entries.push({ action: !live ? "create" : changes.length ? "change" : "unchanged", ref: canonical(desired), desired, changes });
  }
  return entries;
}

/** The fields the desired object sets that the live one lacks or holds differently (lists compared whole). */
function fieldChanges(live: unknown, desired: unknown, path: string): FieldChange[] {
  if (isObject(desired) && isObject(live)) {
    return Object.keys(desired).flatMap((k) => fieldChanges(live[k], desired[k], path ? `${path}${segment(k)}` : k));
  }
  return same(live, desired) ? [] : [{ path, live, desired }];
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => isObject(b[i]) && isObject(x) ? fieldChanges(x, b[i], "").length === 0 : same(x, b[i]));
  if (isObject(a) && isObject(b)) return fieldChanges(a, b, "").length === 0;
  return a === b;
}

const segment = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
