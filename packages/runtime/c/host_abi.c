/* yoke's host ABI (yokecd/yoke internal/wasm, internal/wasi, internal/wasi/host).
   - Strings go to the host packed as ptr<<32 | len (wasm.String).
   - The host writes a u32 state at statePtr only when the call fails:
     0 ok, 1 cluster access not granted, 2 error, 3 not found,
     4 unauthenticated, 5 forbidden. The guest must zero it first.
   - The host returns a buffer it allocated through our exported `malloc`,
     packed the same way: the JSON result, or the error message.
   The functions themselves are the lines of host_functions.h. */
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

/* The i64 parameters of an import taking n strings, and the arguments of its call. */
#define YF_I64S_1 uint64_t
#define YF_I64S_2 YF_I64S_1, uint64_t
#define YF_I64S_3 YF_I64S_2, uint64_t
#define YF_I64S_4 YF_I64S_3, uint64_t
#define YF_I64S_5 YF_I64S_4, uint64_t
#define YF_I64S_6 YF_I64S_5, uint64_t
#define YF_PACKED_1(p) p[0]
#define YF_PACKED_2(p) YF_PACKED_1(p), p[1]
#define YF_PACKED_3(p) YF_PACKED_2(p), p[2]
#define YF_PACKED_4(p) YF_PACKED_3(p), p[3]
#define YF_PACKED_5(p) YF_PACKED_4(p), p[4]
#define YF_PACKED_6(p) YF_PACKED_5(p), p[5]

/* One import per host function: host.<import>(i32 state_ptr, i64 per string) -> i64. */
#define HOST_FUNCTION(import, method, nstrings)                                   \
    _Static_assert(nstrings >= 1 && nstrings <= YF_HOST_MAX_STRINGS, #import);    \
    __attribute__((import_module("host"), import_name(#import)))                  \
    extern uint64_t yf_import_##import(uint32_t state_ptr, YF_I64S_##nstrings);
#include "host_functions.h"
#undef HOST_FUNCTION

const uint8_t yf_host_strings[YF_HOST_FUNCTION_COUNT] = {
#define HOST_FUNCTION(import, method, nstrings) [YF_HOST_##import] = nstrings,
#include "host_functions.h"
#undef HOST_FUNCTION
};

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

/* Each import called with its strings taken from an array: one signature for all. */
typedef uint64_t (*host_thunk)(uint32_t state_ptr, const uint64_t *packed);
#define HOST_FUNCTION(import, method, nstrings)                                     \
    static uint64_t call_##import(uint32_t state_ptr, const uint64_t *packed)      \
    {                                                                              \
        return yf_import_##import(state_ptr, YF_PACKED_##nstrings(packed));        \
    }
#include "host_functions.h"
#undef HOST_FUNCTION

static const host_thunk host_thunks[YF_HOST_FUNCTION_COUNT] = {
#define HOST_FUNCTION(import, method, nstrings) [YF_HOST_##import] = call_##import,
#include "host_functions.h"
#undef HOST_FUNCTION
};

uint64_t yf_host_call(enum yf_host_function f, uint32_t *state, const char *const *strings, const size_t *lens)
{
    uint64_t packed[YF_HOST_MAX_STRINGS];
    for (int i = 0; i < yf_host_strings[f]; i++)
        packed[i] = pack(strings[i], lens[i]);
    *state = 0;
    return host_thunks[f]((uint32_t)(uintptr_t)state, packed);
}
