// Go's json.Marshal of an unstructured object (map[string]any): keys sorted,
// <, > and & escaped; and of a struct, fields in declaration order. This is how yoke's host answers a lookup, so a flight
// in the harness reads the same bytes it would read under yoke.
import { encodeGoJSON } from "@yoke-flight/sdk";
import { HostState, hostFunctionOf, type HostCall, type HostReply, type HostStateCode } from "@yoke-flight/sdk/abi";

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
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

/** The body yoke's host answers a successful host call with: its result marshalled as the ABI table says (a map or a struct). */
export function goMarshalAnswer(call: HostCall, result: unknown): string {
  const answer = hostFunctionOf(call)?.answer;
  if (!answer) throw new Error(`no host function ${String(call)} in @yoke-flight/sdk/abi's HOST_FUNCTIONS`);
  if (answer === "map") return goMarshal(result);
  const struct = result as Record<string, unknown>;
  return goMarshalStruct(Object.fromEntries(answer.map((field) => [field, struct[field]])));
}

/** What the flight gets for a host call that ended in `state`: the result marshalled when ok, else the error message. */
export function hostReply(call: HostCall, state: HostStateCode, result: unknown): HostReply {
  return [state, state === HostState.ok ? goMarshalAnswer(call, result) : String(result)];
}
