// Go's json.Marshal of an unstructured object (map[string]any): keys sorted,
// <, > and & escaped; and of a struct, fields in declaration order. This is how yoke's host answers a lookup, so a flight
// in the harness reads the same bytes it would read under yoke.
import { encodeGoJSON } from "@yoke-flight/sdk";

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function goMarshal(value: unknown): string {
  return encodeGoJSON(sortKeys(value)).slice(0, -1);
}

/** Go's json.Marshal of a struct: its fields in declaration order (the object's own order), <, > and & escaped. */
export function goMarshalStruct(value: Record<string, unknown>): string {
  return encodeGoJSON(value).slice(0, -1);
}
