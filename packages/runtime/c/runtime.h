/* Shared declarations of the yoke-flight runtime: QuickJS inside a WASI
   preview 1 module that speaks yoke's host ABI and Javy's plugin interface. */
#ifndef YF_RUNTIME_H
#define YF_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include "quickjs.h"

/* engine.c */
void yf_seed_random(JSContext *ctx, uint64_t seed);
/* intrinsics.c (part of engine.c): JS_NewContext without what flights leave out */
JSContext *yf_new_context(JSRuntime *rt);

/* scrub_alloc.c (part of engine.c): zero freed memory until a run starts */
JSRuntime *yf_new_runtime(void);
void yf_stop_scrubbing(void);

/* go_json.c (part of engine.c): __yoke.goJSON and __yoke.writeGoJSON */
JSValue yf_go_json(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv);
JSValue yf_write_go_json(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv);

/* wasi_io.c: raw WASI calls, no stdio buffering */
int yf_write_all(int fd, const char *buf, size_t len);
char *yf_read_all(int fd, size_t *len);
JSValue yf_environ_object(JSContext *ctx);
JSValue yf_args_array(JSContext *ctx);
uint64_t yf_random_u64(void);
_Noreturn void yf_exit(int code);

/* host_abi.c: yoke's host functions, one per line of host_functions.h */
enum yf_host_function {
#define HOST_FUNCTION(import, method, nstrings) YF_HOST_##import,
#include "host_functions.h"
#undef HOST_FUNCTION
    YF_HOST_FUNCTION_COUNT
};
/* The most strings a host function takes (host_abi.c checks the table against it). */
#define YF_HOST_MAX_STRINGS 6
/* How many strings each host function takes. */
extern const uint8_t yf_host_strings[YF_HOST_FUNCTION_COUNT];
/* Calls host function `f` with its strings (pointer and length each): zeroes
   *state, and returns the host's buffer packed ptr<<32 | len. */
uint64_t yf_host_call(enum yf_host_function f, uint32_t *state, const char *const *strings, const size_t *lens);

/* yaml_fast.c: __yoke.parseYaml, the common subset of YAML natively */
JSValue yf_parse_yaml(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv);

/* bindings.c: the __yoke global and the prelude (console, timers, ...) */
int yf_install_bindings(JSContext *ctx);
JSValue yf_format_error(JSContext *ctx, JSValueConst error);
int yf_run_next_timer(JSContext *ctx);

/* chunks.c: chunk `id`, decompressed into a buffer the caller frees */
enum yf_chunk_status { YF_CHUNK_OK, YF_CHUNK_MISSING, YF_CHUNK_NO_MEMORY, YF_CHUNK_CORRUPT };
int yf_chunk_read(uint32_t id, uint8_t **bytes, uint32_t *size);

/* position_table.c: replaced by the linker */
uint32_t yf_position_table(uint32_t offset, uint32_t len, uint8_t *dest);

/* positions.c: writes text with flight.js:L:C mapped to the TypeScript */
int yf_write_mapped(int fd, const char *text, size_t len);
/* The decimal digits of v, written without allocating; returns how many. */
#define YF_UINT_DIGITS 10
size_t yf_format_uint(char digits[YF_UINT_DIGITS], uint32_t v);

/* out_of_memory.c and scrub_alloc.c (part of engine.c) */
JSRuntime *yf_new_runtime(void);
int yf_report_out_of_memory(JSContext *ctx, JSValueConst error);

/* lifecycle.c */
_Noreturn void yf_report_and_exit(JSContext *ctx, JSValueConst error);

#endif
