/* yoke's host ABI (yokecd/yoke internal/wasm, internal/wasi, internal/wasi/host).
   - Strings go to the host packed as ptr<<32 | len (wasm.String).
   - The host writes a u32 state at statePtr only when the call fails:
     0 ok, 1 cluster access not granted, 2 error, 3 not found,
     4 unauthenticated, 5 forbidden. The guest must zero it first.
   - The host returns a buffer it allocated through our exported `malloc`,
     packed the same way: the JSON result, or the error message. */
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

__attribute__((import_module("host"), import_name("k8s_lookup")))
extern uint64_t yf_import_k8s_lookup(uint32_t state_ptr, uint64_t name, uint64_t ns,
                                     uint64_t kind, uint64_t api_version);

__attribute__((import_module("host"), import_name("k8s_rest_mapping")))
extern uint64_t yf_import_k8s_rest_mapping(uint32_t state_ptr, uint64_t group_or_api_version,
                                           uint64_t kind);

static inline uint64_t pack(const void *ptr, size_t len)
{
    return ((uint64_t)(uintptr_t)ptr << 32) | (uint64_t)(uint32_t)len;
}

/* Exported as `malloc` for the host; a different C name keeps libc's malloc. */
__attribute__((export_name("malloc")))
uint64_t yf_export_malloc(uint32_t size)
{
    /* yoke's Go guest answers malloc(0) with a null buffer. */
    if (size == 0)
        return 0;
    void *ptr = malloc(size);
    if (!ptr) {
        static const char msg[] =
            "yoke-flight: the host asked for a buffer larger than the flight's memory can hold\n";
        yf_write_all(2, msg, sizeof(msg) - 1);
        __builtin_trap();
    }
    return pack(ptr, size);
}

uint64_t yf_k8s_lookup(uint32_t *state, const char *name, size_t name_len,
                       const char *ns, size_t ns_len, const char *kind, size_t kind_len,
                       const char *api_version, size_t api_version_len)
{
    *state = 0;
    return yf_import_k8s_lookup((uint32_t)(uintptr_t)state, pack(name, name_len), pack(ns, ns_len),
                                pack(kind, kind_len), pack(api_version, api_version_len));
}

uint64_t yf_k8s_rest_mapping(uint32_t *state, const char *group_or_api_version, size_t gv_len,
                             const char *kind, size_t kind_len)
{
    *state = 0;
    return yf_import_k8s_rest_mapping((uint32_t)(uintptr_t)state, pack(group_or_api_version, gv_len),
                                      pack(kind, kind_len));
}
