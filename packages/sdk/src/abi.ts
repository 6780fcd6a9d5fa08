// yoke's host ABI as one table (yokecd/yoke internal/wasm/wasm.go State,
// internal/wasi/host/host.go): the host functions a flight imports from
// module "host", the strings each takes, the states a call ends in, and the
// messages. The SDK (guest), the runtime's Node host, the harness's
// emulation and summaries all read it; packages/runtime/test/abi-table.test.ts
// holds the C imports of runtime.wasm to it.

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
  0: "ok", 1: "not granted", 2: "error", 3: "not found", 4: "unauthenticated", 5: "forbidden",
};

/**
 * The host functions. Each takes a pointer to the state (i32), then each
 * string packed as (pointer << 32 | length) in an i64, and returns the answer
 * packed the same way. `call` is the method name the SDK's host and the
 * harness's handlers use for it.
 */
export const HOST_FUNCTIONS = {
  k8s_lookup: { call: "lookup", params: ["name", "namespace", "kind", "apiVersion"] },
  k8s_rest_mapping: { call: "restMapping", params: ["groupOrApiVersion", "kind"] },
} as const;
export type HostFunctionName = keyof typeof HOST_FUNCTIONS;
export type HostCall = (typeof HOST_FUNCTIONS)[HostFunctionName]["call"];

/** What yoke's host answers when the flight has no cluster access (host.ErrFeatureNotGranted). */
export const FEATURE_NOT_GRANTED = "feature not granted";

/** The error the Go SDK turns that state into (pkg/flight/wasi/k8s ErrorClusterAccessNotGranted). */
export const CLUSTER_ACCESS_NOT_GRANTED = "access to the cluster has not been granted for this flight invocation";
