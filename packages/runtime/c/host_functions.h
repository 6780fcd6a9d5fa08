/* yoke's host functions (yokecd/yoke internal/wasi/host/host.go), one line
   each: HOST_FUNCTION(import name in module "host", __yoke method, number of
   strings). Every import is (i32 state_ptr, i64 per string) -> i64. This is
   an X-macro: host_abi.c makes the imports of it, bindings.c the __yoke
   methods. It mirrors the table HOST_FUNCTIONS in packages/sdk/src/abi.ts;
   packages/testing/test/abi-table.test.ts fails when they disagree. */
HOST_FUNCTION(k8s_lookup, "lookup", 4)
HOST_FUNCTION(k8s_rest_mapping, "restMapping", 2)
