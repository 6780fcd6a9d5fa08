// Resource access matchers, exactly as yoke evaluates them
// (yokecd/yoke internal/matcher.go): "$namespace/$Kind.Group:$name", where
// the namespace and the name may be left out (meaning "*").
import { groupKind, groupOf, type KubeObject } from "./refs.js";

export function parseMatcher(matcher: string): [namespace: string, groupKind: string, name: string] {
  let ns: string;
  let gkn: string;
  const slash = matcher.indexOf("/");
  if (slash < 0) {
    ns = "*";
    gkn = matcher;
  } else {
    ns = matcher.slice(0, slash);
    gkn = matcher.slice(slash + 1);
  }
  const colon = gkn.indexOf(":");
  return colon < 0 ? [ns, gkn, "*"] : [ns, gkn.slice(0, colon), gkn.slice(colon + 1)];
}

/** MatchResource: whether a matcher allows access to an existing resource. */
export function matchResource(resource: KubeObject, matcher: string): boolean {
  if (matcher === "") return false;
  if (matcher === "*") return true;
  const [ns, gk, name] = parseMatcher(matcher);
  if (ns !== "*" && (resource.metadata.namespace ?? "") !== ns) return false;
  if (gk !== "*" && groupKind(groupOf(resource.apiVersion), resource.kind) !== gk) return false;
  if (name !== "*" && (resource.metadata.name ?? "") !== name) return false;
  return true;
}

/** MatcherContains: whether a matcher covers a reference "ns/Kind.group:name" (used for objects that do not exist). */
export function matcherContains(parent: string, child: string): boolean {
  const [pns, pgk, pname] = parseMatcher(parent);
  const [cns, cgk, cname] = parseMatcher(child);
  return (pns === "*" || pns === cns) && (pgk === "*" || pgk === cgk) && (pname === "*" || pname === cname);
}
