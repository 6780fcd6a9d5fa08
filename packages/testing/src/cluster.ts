// A fake Kubernetes cluster for tests: objects by group, kind, namespace and
// name, the API resources it serves (built-ins, plus CRDs), and the denials
// an API server could answer with. Objects are kept exactly as given; every
// change bumps a version kept beside them, which the reconcile simulator
// watches.
import { BUILTIN_API_RESOURCES, apiResourcesFromCRD, type ApiResource } from "./api-resources.js";
import { noKindMatch } from "./messages.js";
import { groupKind, groupOf, versionOf, type KubeObject } from "./refs.js";
import { matchResource, parseMatcher } from "./matcher.js";

export interface Denial {
  /** Which requests: a resource access matcher ("ns/Kind.group:name", "*"...). */
  matcher: string;
  /** forbidden: an RBAC denial (state 5); unauthenticated: bad credentials (state 4); error: any other failure (state 2). */
  as: "forbidden" | "unauthenticated" | "error";
  message?: string;
}

/** What a FakeCluster holds, in a form that can be sent to a worker thread. */
export interface ClusterState {
  objects: KubeObject[];
  apiResources: ApiResource[];
  denials: Denial[];
  /** Who the API server sees making requests (for RBAC messages). */
  user: string;
  /** true: `apiResources` lists only the kinds served besides the built-ins, which are all served as they are (compactState). */
  builtinApiResources?: boolean;
}

export class FakeCluster {
  private readonly objects = new Map<string, KubeObject>();
  private readonly versions = new Map<string, number>();
  private readonly resources: ApiResource[];
  private readonly denials: Denial[] = [];
  private version = 0;
  user = "system:serviceaccount:atc:atc";

  constructor(objects: KubeObject[] = [], options: { apiResources?: ApiResource[] } = {}) {
    this.resources = [...BUILTIN_API_RESOURCES, ...(options.apiResources ?? [])];
    for (const o of objects) this.put(o);
  }

  /** The cluster given, or a new one holding the objects given (the `cluster` option of runFlight and the simulations). */
  static of(cluster: FakeCluster | KubeObject[] = []): FakeCluster {
    return cluster instanceof FakeCluster ? cluster : new FakeCluster(cluster);
  }

  static from(state: ClusterState): FakeCluster {
    const cluster = new FakeCluster();
    const builtins = state.builtinApiResources ? BUILTIN_API_RESOURCES : [];
    cluster.resources.splice(0, cluster.resources.length, ...builtins, ...state.apiResources);
    cluster.denials.push(...state.denials);
    cluster.user = state.user;
    for (const o of state.objects) cluster.objects.set(key(o), o);
    return cluster;
  }

  state(): ClusterState {
    return { objects: [...this.objects.values()], apiResources: [...this.resources], denials: [...this.denials], user: this.user };
  }

  /**
   * The state, without the built-in API resources when all of them are served
   * as they are (`from` puts them back): what is posted to a worker with every
   * run, 8 KB of its 8.4 KB less to clone.
   */
  compactState(): ClusterState {
    const state = this.state();
    if (!BUILTIN_API_RESOURCES.every((r, i) => this.resources[i] === r)) return state;
    return { ...state, apiResources: state.apiResources.slice(BUILTIN_API_RESOURCES.length), builtinApiResources: true };
  }

  /** Serves a custom resource kind (as a CRD would), or adds the kinds of a CustomResourceDefinition object. */
  addApiResource(resource: ApiResource): this {
    this.resources.push(resource);
    return this;
  }

  apiResources(): readonly ApiResource[] {
    return this.resources;
  }

  /** The RESTMapper's answer for a group and kind at one of these versions (any when none): the API resource, or meta.NoKindMatchError's text. */
  restMapping(group: string, kind: string, versions: string[]): ApiResource | string {
    const candidates = this.resources.filter((r) => r.group === group && r.kind === kind);
    const wanted = versions.filter((v) => v !== "");
    const found = wanted.length ? candidates.find((r) => wanted.includes(r.version)) : candidates[0];
    return found ?? noKindMatch(group, kind, versions);
  }

  /** The mapping of an object's apiVersion and kind (client.LookupResourceMapping). */
  mapping(apiVersion: string, kind: string): ApiResource | string {
    return this.restMapping(groupOf(apiVersion), kind, [versionOf(apiVersion)]);
  }

  /** Makes the API server refuse requests that match. */
  deny(denial: Denial): this {
    this.denials.push(denial);
    return this;
  }

  denialFor(resource: { namespace: string; group: string; kind: string; name: string }): Denial | undefined {
    return this.denials.find((d) => {
      if (d.matcher === "*") return true;
      const [ns, gk, name] = parseMatcher(d.matcher);
      return (
        (ns === "*" || ns === resource.namespace) && (gk === "*" || gk === groupKind(resource.group, resource.kind)) && (name === "*" || name === resource.name)
      );
    });
  }

  /** Creates or replaces an object exactly as given. Returns the stored copy. */
  put(object: KubeObject): KubeObject {
    validate(object);
    if (object.kind === "CustomResourceDefinition" && groupOf(object.apiVersion) === "apiextensions.k8s.io") {
      for (const r of apiResourcesFromCRD(object as never)) {
        if (!this.resources.some((x) => x.group === r.group && x.version === r.version && x.kind === r.kind)) this.resources.push(r);
      }
    }
    const stored = structuredClone(object);
    this.objects.set(key(object), stored);
    this.versions.set(key(object), ++this.version);
    return stored;
  }

  get(apiVersionOrGroup: { group: string; kind: string; namespace?: string; name: string }): KubeObject | undefined {
    return this.objects.get(keyOf(apiVersionOrGroup.group, apiVersionOrGroup.kind, apiVersionOrGroup.namespace ?? "", apiVersionOrGroup.name));
  }

  /** Finds by apiVersion (any version of the group), kind, name and namespace. */
  find(apiVersion: string, kind: string, name: string, namespace = ""): KubeObject | undefined {
    return this.get({ group: groupOf(apiVersion), kind, name, namespace });
  }

  delete(object: { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string } }): boolean {
    const k = keyOf(groupOf(object.apiVersion), object.kind, object.metadata.namespace ?? "", object.metadata.name ?? "");
    this.versions.delete(k);
    return this.objects.delete(k);
  }

  /** How many times the object at this reference ("ns/Kind.group:name") has changed; undefined if it does not exist. */
  versionOf(ref: string): number | undefined {
    return this.versions.get(ref);
  }

  /** Every object, optionally only those a matcher selects ("Job.batch", "default/*"...). */
  list(matcher = "*"): KubeObject[] {
    return [...this.objects.values()].filter((o) => matchResource(o, matcher));
  }

  /** Changes an object's status (as a controller would). */
  setStatus(object: { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string } }, status: unknown): KubeObject {
    const current = this.find(object.apiVersion, object.kind, object.metadata.name ?? "", object.metadata.namespace);
    if (!current) throw new Error(`no ${object.kind} ${object.metadata.namespace ?? ""}/${object.metadata.name} in the fake cluster`);
    return this.put({ ...current, status });
  }
}

function validate(object: KubeObject): void {
  if (!object || typeof object !== "object") throw new TypeError("a cluster object must be an object");
  if (typeof object.apiVersion !== "string" || !object.apiVersion) throw new TypeError("a cluster object needs an apiVersion");
  if (typeof object.kind !== "string" || !object.kind) throw new TypeError(`a cluster object needs a kind (apiVersion ${object.apiVersion})`);
  if (!object.metadata?.name) throw new TypeError(`a cluster object needs metadata.name (${object.kind} ${object.apiVersion})`);
}

const keyOf = (group: string, kind: string, namespace: string, name: string) => `${namespace}/${groupKind(group, kind)}:${name}`;
const key = (o: KubeObject) => keyOf(groupOf(o.apiVersion), o.kind, o.metadata.namespace ?? "", o.metadata.name ?? "");
