// What `yoke takeoff` would do to a live cluster with a flight's resources,
// found read-only (discovery and GETs): each desired resource, marked as
// yoke marks it (internal.AddYokeMetadata, manager "yoke") and given the
// release's namespace when its kind is namespaced (setTargetNS in
// yokecd/yoke pkg/yoke/yoke_takeoff.go), is compared with the live object:
// create when absent, change when a field it sets differs, unchanged
// otherwise. Fields the server adds (status, defaults, uid...) are not
// differences: server-side apply leaves them. Remove: what the release's
// active revision holds (the Secret yoke keeps per revision, labelled
// internal.yoke/release=sha1(release); internal/k8s/k8s.go GetRelease,
// GetRevisionResources) that the flight no longer outputs and still exists,
// CRDs and Namespaces excepted as yoke takeoff's defaults do (PruneReleaseDiff).
// Reading the revisions is the one LIST (an HTTP GET) this sends.
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { readObject, restMappingOf, statusOf } from "./live-host.js";
import { canonical, groupOf, resourceRef, versionOf, withYokeMetadata, type KubeObject } from "./refs.js";

export interface FieldChange {
  /** Dotted path of the field, e.g. spec.replicas or data["a.b"]. */
  path: string;
  live: unknown;
  desired: unknown;
}

export interface DiffEntry {
  action: "create" | "change" | "unchanged" | "remove";
  /** namespace/group/version/kind/name */
  ref: string;
  /** The resource as yoke would apply it; for a removal, as the active revision holds it. */
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
  const kept = new Set(entries.map((e) => resourceRef(e.desired)));
  for (const previous of await activeRevisionResources(kc, target.release, target.namespace)) {
    if (kept.has(resourceRef(previous))) continue;
    if (previous.kind === "CustomResourceDefinition" || (previous.kind === "Namespace" && groupOf(previous.apiVersion) === "")) continue;
    try {
      await readObject(kc, previous);
    } catch (e) {
      if (statusOf(e).reason === "NotFound") continue;
      throw new LiveDiffError(`${canonical(previous)}: ${statusOf(e).message}`);
    }
    entries.push({ action: "remove", ref: canonical(previous), desired: previous, changes: [] });
  }
  return entries;
}

export const LABEL_REVISION_RELEASE = "internal.yoke/release";
export const ANNOTATION_ACTIVE_AT = "internal.yoke/active-at";

/** The resources of the release's active revision (the one last made active), or none for a new release. */
export async function activeRevisionResources(kc: KubeConfig, release: string, namespace: string): Promise<KubeObject[]> {
  const labelSelector = `${LABEL_REVISION_RELEASE}=${createHash("sha1").update(release).digest("hex")}`;
  let secrets;
  try {
    secrets = (await kc.makeApiClient(CoreV1Api).listNamespacedSecret({ namespace, labelSelector })).items;
  } catch (e) {
    throw new LiveDiffError(`reading release ${release}'s revisions in ${namespace}: ${statusOf(e).message}`);
  }
  const activeAt = (s: (typeof secrets)[number]) => Date.parse(s.metadata?.annotations?.[ANNOTATION_ACTIVE_AT] ?? "") || 0;
  const active = secrets.reduce<(typeof secrets)[number] | undefined>((best, s) => (!best || activeAt(s) > activeAt(best) ? s : best), undefined);
  const data = active?.data?.resources;
  if (!data) return [];
  const raw = Buffer.from(data, "base64");
  let text: string;
  try {
    text = gunzipSync(raw).toString("utf8");
  } catch {
    text = raw.toString("utf8"); // revisions of older yoke versions are not gzipped
  }
  return ((JSON.parse(text) as KubeObject[][] | null) ?? []).flat();
}

/** The fields the desired object sets that the live one lacks or holds differently (lists compared whole). */
function fieldChanges(live: unknown, desired: unknown, path: string): FieldChange[] {
  if (isObject(desired) && isObject(live)) {
    return Object.keys(desired).flatMap((k) => fieldChanges(live[k], desired[k], path ? `${path}${segment(k)}` : k));
  }
  return same(live, desired) ? [] : [{ path, live, desired }];
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => (isObject(b[i]) && isObject(x) ? fieldChanges(x, b[i], "").length === 0 : same(x, b[i])));
  if (isObject(a) && isObject(b)) return fieldChanges(a, b, "").length === 0;
  return a === b;
}

const segment = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
