// yoke's host ABI as one table (yokecd/yoke internal/wasm/wasm.go State,
// internal/wasi/host/host.go): the host functions a flight imports from
// module "host", the strings each takes, the states a call ends in, and the
// messages. The SDK (guest), the runtime's Node host, the harness's
// emulation, in-process sandbox, cassettes and summaries all derive from it;
// packages/testing/test/abi-table.test.ts holds every copy to it (the C
// runtime's packages/runtime/c/host_functions.h and runtime.wasm's imports
// among them).

/** The import module of yoke's host functions. */
export const HOST_MODULE = "host";

/** wasm.State: how a host call ended. */
export const HostState = {
  ok: 0,
  featureNotGranted: 1,
  error: 2,
  notFound: 3,
  unauthenticated: 4,
  forbidden: 5,
} as const;
export type HostStateCode = (typeof HostState)[keyof typeof HostState];

/** Each state as summaries and messages name it. */
export const HOST_STATE_NAMES: Record<HostStateCode, string> = {
  0: "ok",
  1: "not granted",
  2: "error",
  3: "not found",
  4: "unauthenticated",
  5: "forbidden",
};

/**
 * The host functions. Each takes a pointer to the state (i32), then each
 * string packed as (pointer << 32 | length) in an i64, and returns the answer
 * packed the same way. `call` is the method name of the SDK's host
 * (`__yoke.<call>`) and of every harness's handlers; `params` name the
 * strings; `answer` is how yoke's host marshals a successful answer: "map"
 * (a Go map, keys sorted: unstructured.Unstructured) or a Go struct's fields
 * in declaration order (host.RestMapping).
 */
export const HOST_FUNCTIONS = {
  k8s_lookup: { call: "lookup", params: ["name", "namespace", "kind", "apiVersion"], answer: "map" },
  k8s_rest_mapping: {
    call: "restMapping",
    params: ["groupOrApiVersion", "kind"],
    answer: ["Group", "Version", "Kind", "Resource", "Namespaced"],
  },
} as const;
export type HostFunctionName = keyof typeof HOST_FUNCTIONS;
export type HostCall = (typeof HOST_FUNCTIONS)[HostFunctionName]["call"];

/**
 * A host call's answer, one shape from the host to the SDK: the state and the
 * host's buffer as text (the JSON result when ok, else the error message).
 */
export type HostReply = [state: HostStateCode, text: string];

type Strings<P extends readonly unknown[]> = { -readonly [I in keyof P]: string };

/** One string per parameter of a host call, as the table lists them. */
export type HostArgs<C extends HostCall> = Strings<Extract<(typeof HOST_FUNCTIONS)[HostFunctionName], { call: C }>["params"]>;

/**
 * One method per host function, named by its `call` and taking its strings:
 * the SDK's host (R = HostReply), the Node host's handlers, a live cluster's
 * (R = Promise<HostReply>).
 */
export type HostCalls<R> = { [C in HostCall]: (...args: HostArgs<C>) => R };

/** One entry of the table, as code that treats every function alike reads it. */
export interface HostFunction {
  call: HostCall;
  params: readonly string[];
  answer: "map" | readonly string[];
}

/** The table's entries as [import name, entry], in order. */
export const HOST_FUNCTION_ENTRIES = Object.entries(HOST_FUNCTIONS) as [HostFunctionName, HostFunction][];

/** The entry of the function the SDK and the handlers call `call`, or undefined. */
export function hostFunctionOf(call: string): HostFunction | undefined {
  return HOST_FUNCTION_ENTRIES.find(([, f]) => f.call === call)?.[1];
}

/** Calls the method of `calls` for host function `call` with its strings (read by index, as Reflect.apply does). */
export function invokeHost<R>(calls: HostCalls<R>, call: HostCall, args: readonly string[]): R {
  return Reflect.apply(calls[call] as (...args: string[]) => R, calls, args);
}

/**
 * An object with one method per host function, each made by `method` from
 * the function's entry: how a host that treats every call alike (a recorder,
 * a relay, "not granted") is written once for all of them.
 */
export function hostCalls<R>(method: (call: HostCall, params: readonly string[], name: HostFunctionName) => (...args: string[]) => R): HostCalls<R> {
  return Object.fromEntries(HOST_FUNCTION_ENTRIES.map(([name, f]) => [f.call, method(f.call, f.params, name)])) as unknown as HostCalls<R>;
}

/** What yoke's host answers when the flight has no cluster access (host.ErrFeatureNotGranted). */
export const FEATURE_NOT_GRANTED = "feature not granted";

/** The error the Go SDK turns that state into (pkg/flight/wasi/k8s ErrorClusterAccessNotGranted). */
export const CLUSTER_ACCESS_NOT_GRANTED = "access to the cluster has not been granted for this flight invocation";
