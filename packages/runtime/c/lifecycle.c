/* The runtime's lifecycle, shaped as a Javy plugin (bytecodealliance/javy,
   docs/docs-using-extending.md): initialize-runtime, cabi_realloc,
   compile-src and invoke (the `import_namespace` custom section is added
   when the module is pre-initialised: wasm-ld --strip-all drops custom
   sections).
   A flight module adds a `_start` that copies its bytecode in and calls
   `invoke`, exactly as Javy's static code generator does. */
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

/* QuickJS's own limit on native stack use; the linker gives the module a
   640 KiB stack (packages/runtime/Makefile), and deep recursion must end in
   a catchable RangeError well before it is exhausted. 512 KiB gives about
   2,300 levels of JavaScript recursion with the -Oz engine, as many as the
   -Os engine had with 768 KiB, and fits Node's default native stack. */
#define YF_JS_STACK_LIMIT (512 * 1024)

/* We call the C constructors ourselves, once, instead of letting wasm-ld wrap
   every export in them (which would rerun libc start-up on each host call). */
extern void __wasm_call_ctors(void);
static int started;
static JSRuntime *rt;
static JSContext *ctx;
/* A flight's module, read from bytecode when the flight was built (see preload). */
static JSValue preloaded = JS_UNDEFINED;

/* Promise rejections nobody handled, in the order they happened. */
typedef struct { JSValue promise, reason; } rejection;
static rejection *rejections;
static size_t rejection_count, rejection_cap;

static void track_rejection(JSContext *c, JSValueConst promise, JSValueConst reason,
                            JS_BOOL is_handled, void *opaque)
{
    if (is_handled) {
        for (size_t i = 0; i < rejection_count; i++) {
            if (JS_VALUE_GET_PTR(rejections[i].promise) == JS_VALUE_GET_PTR(promise)) {
                JS_FreeValue(c, rejections[i].promise);
                JS_FreeValue(c, rejections[i].reason);
                rejections[i] = rejections[--rejection_count];
                return;
            }
        }
        return;
    }
    if (rejection_count == rejection_cap) {
        size_t cap = rejection_cap ? rejection_cap * 2 : 8;
        rejection *grown = realloc(rejections, cap * sizeof(rejection));
        if (!grown)
            return;
        rejections = grown;
        rejection_cap = cap;
    }
    rejections[rejection_count].promise = JS_DupValue(c, promise);
    rejections[rejection_count].reason = JS_DupValue(c, reason);
    rejection_count++;
}

/* The prelude's source (bindings.c, generated from js/prelude.js): once it
   is compiled its text is dead, and zeroing it keeps 12 KB of it out of
   every pre-initialised module (the snapshot stores only non-zero bytes). */
extern unsigned char yf_prelude_js[];
extern unsigned int yf_prelude_js_len;

static void init_runtime(void)
{
    if (!started) {
        started = 1;
        __wasm_call_ctors();
    }
    if (ctx)
        return;
    rt = yf_new_runtime();
    if (!rt)
        yf_exit(70);
    /* Keep line and column numbers for stack traces; drop the source text. */
    JS_SetStripInfo(rt, JS_STRIP_SOURCE);
    JS_SetMaxStackSize(rt, YF_JS_STACK_LIMIT);
    JS_SetHostPromiseRejectionTracker(rt, track_rejection, NULL);
    ctx = yf_new_context(rt);
    if (!ctx)
        yf_exit(70);
    yf_seed_random(ctx, 0x9E3779B97F4A7C15ull);
    if (yf_install_bindings(ctx) < 0) {
        JSValue error = JS_GetException(ctx);
        yf_report_and_exit(ctx, error);
    }
    memset(yf_prelude_js, 0, yf_prelude_js_len);
    JS_RunGC(rt);
}

/* Prints an uncaught error (message, stack, causes) to stderr and exits 1,
   as a Go flight does when run() returns an error. */
_Noreturn void yf_report_and_exit(JSContext *c, JSValueConst error)
{
    if (yf_report_out_of_memory(c, error))
        yf_exit(1);
    JSValue text = yf_format_error(c, error);
    const char *str = NULL;
    size_t len = 0;
    if (JS_IsException(text)) {
        /* The formatter itself failed (e.g. out of memory): say what we can. */
        JS_FreeValue(c, JS_GetException(c));
        str = JS_ToCStringLen(c, &len, error);
    } else {
        str = JS_ToCStringLen(c, &len, text);
    }
    if (str) {
        yf_write_mapped(2, str, len);
        yf_write_all(2, "\n", 1);
    } else {
        static const char fallback[] = "Uncaught exception (it could not be printed)\n";
        yf_write_all(2, fallback, sizeof(fallback) - 1);
    }
    yf_exit(1);
}

static _Noreturn void fail_with_pending_exception(JSContext *c)
{
    JSValue error = JS_GetException(c);
    yf_report_and_exit(c, error);
    __builtin_unreachable();
}

/* Runs promise jobs until none are left, then timers in due order, until
   there is no work at all. */
static void run_event_loop(void)
{
    for (;;) {
        JSContext *job_ctx;
        int r;
        while ((r = JS_ExecutePendingJob(rt, &job_ctx)) != 0) {
            if (r < 0)
                fail_with_pending_exception(job_ctx);
        }
        r = yf_run_next_timer(ctx);
        if (r < 0)
            fail_with_pending_exception(ctx);
        if (r == 0)
            return;
    }
}

/* Drives a completion value (maybe a promise) to the end. */
static void settle(JSValue value, const char *what)
{
    if (JS_IsException(value))
        fail_with_pending_exception(ctx);
    run_event_loop();
    switch (JS_PromiseState(ctx, value)) {
    case JS_PROMISE_REJECTED: {
        JSValue reason = JS_PromiseResult(ctx, value);
        yf_report_and_exit(ctx, reason);
    }
    case JS_PROMISE_PENDING: {
        JSValue error = JS_NewError(ctx);
        JS_DefinePropertyValueStr(ctx, error, "message",
                                  JS_NewString(ctx, what), JS_PROP_C_W_E);
        yf_report_and_exit(ctx, error);
    }
    default:
        break;
    }
    JS_FreeValue(ctx, value);
}

static void fail_on_unhandled_rejections(void)
{
    if (rejection_count == 0)
        return;
    JSValue reason = rejections[0].reason;
    yf_write_all(2, "Unhandled promise rejection: ", 29);
    yf_report_and_exit(ctx, reason);
}

__attribute__((export_name("initialize-runtime")))
void yf_initialize_runtime(void)
{
    init_runtime();
}

__attribute__((export_name("cabi_realloc")))
void *yf_cabi_realloc(void *orig_ptr, uint32_t orig_len, uint32_t align, uint32_t new_len)
{
    if (!started) {
        started = 1;
        __wasm_call_ctors();
    }
    if (new_len == 0) {
        free(orig_ptr);
        return (void *)(uintptr_t)align;
    }
    void *ptr = realloc(orig_ptr, new_len);
    if (!ptr)
        __builtin_trap();
    return ptr;
}

/* Result area of compile-src: discriminant (0 ok, 1 error), pointer, length. */
static uint32_t compile_result[3];

static uint32_t *compile_named(const char *src, uint32_t len, const char *filename, int strip_debug)
{
    init_runtime();
    char *code = malloc((size_t)len + 1);
    if (!code)
        __builtin_trap();
    memcpy(code, src, len);
    code[len] = '\0';
    if (strip_debug)
        JS_SetStripInfo(rt, JS_STRIP_DEBUG);
    JSValue fn = JS_Eval(ctx, code, len, filename, JS_EVAL_TYPE_MODULE | JS_EVAL_FLAG_COMPILE_ONLY);
    JS_SetStripInfo(rt, JS_STRIP_SOURCE);
    free(code);
    size_t out_len = 0;
    uint8_t *out = NULL;
    if (JS_IsException(fn)) {
        JSValue error = JS_GetException(ctx);
        JSValue text = yf_format_error(ctx, error);
        const char *str = JS_ToCStringLen(ctx, &out_len, JS_IsException(text) ? error : text);
        out = malloc(out_len);
        memcpy(out, str, out_len);
        JS_FreeCString(ctx, str);
        JS_FreeValue(ctx, text);
        JS_FreeValue(ctx, error);
        compile_result[0] = 1;
    } else {
        out = JS_WriteObject(ctx, &out_len, fn, JS_WRITE_OBJ_BYTECODE);
        JS_FreeValue(ctx, fn);
        compile_result[0] = out ? 0 : 1;
        if (!out) {
            static const char msg[] = "could not serialise the compiled bytecode";
            out = (uint8_t *)msg;
            out_len = sizeof(msg) - 1;
        }
    }
    compile_result[1] = (uint32_t)(uintptr_t)out;
    compile_result[2] = (uint32_t)out_len;
    return compile_result;
}

__attribute__((export_name("compile-src")))
uint32_t *yf_compile_src(const char *src, uint32_t len)
{
    return compile_named(src, len, "flight.js", 0);
}

/* Not part of Javy's interface: compiles under another file name. The lazily
   loaded chunks use it, so that their stack frames are not taken for the
   flight's own `flight.js`, whose positions the position table maps.
   With strip_debug, the bytecode keeps no line numbers (about a third
   smaller: the libraries in chunks are not the flight author's code). */
__attribute__((export_name("yoke-flight-compile-named")))
uint32_t *yf_compile_named(const char *name, uint32_t name_len, const char *src, uint32_t len,
                           uint32_t strip_debug)
{
    char filename[64];
    if (name_len >= sizeof(filename))
        name_len = sizeof(filename) - 1;
    memcpy(filename, name, name_len);
    filename[name_len] = '\0';
    return compile_named(src, len, filename, strip_debug != 0);
}

/* Not part of Javy's interface: yoke-flight's linker calls this once at
   build time, then snapshots the module, so a flight does not pay for
   reading its bytecode on every run. invoke() with no bytecode runs it. */
__attribute__((export_name("preload")))
void yf_preload(uint8_t *bytecode, uint32_t bytecode_len)
{
    init_runtime();
    JSValue obj = JS_ReadObject(ctx, bytecode, bytecode_len, JS_READ_OBJ_BYTECODE);
    if (JS_IsException(obj))
        fail_with_pending_exception(ctx);
    if (JS_VALUE_GET_TAG(obj) == JS_TAG_MODULE && JS_ResolveModule(ctx, obj) < 0)
        fail_with_pending_exception(ctx);
    JS_FreeValue(ctx, preloaded);
    preloaded = obj;
    /* Keep the snapshot free of the copied bytecode. */
    memset(bytecode, 0, bytecode_len);
    free(bytecode);
    JS_RunGC(rt);
}

__attribute__((export_name("invoke")))
void yf_invoke(const uint8_t *bytecode, uint32_t bytecode_len,
               uint32_t has_fn_name, const char *fn_name, uint32_t fn_name_len)
{
    init_runtime();
    yf_stop_scrubbing();
    /* A pre-initialised runtime resumes on a different stack and with the
       Math.random state of the snapshot: refresh both for this run. */
    JS_UpdateStackTop(rt);
    yf_seed_random(ctx, yf_random_u64());

    JSValue obj;
    if (bytecode_len == 0 && !JS_IsUndefined(preloaded)) {
        obj = preloaded;
        preloaded = JS_UNDEFINED;
    } else {
        obj = JS_ReadObject(ctx, bytecode, bytecode_len, JS_READ_OBJ_BYTECODE);
        if (JS_IsException(obj))
            fail_with_pending_exception(ctx);
    }

    JSModuleDef *module = NULL;
    if (JS_VALUE_GET_TAG(obj) == JS_TAG_MODULE) {
        module = JS_VALUE_GET_PTR(obj);
        /* Resolving an already resolved (preloaded) module is a no-op. */
        if (JS_ResolveModule(ctx, obj) < 0) {
            JS_FreeValue(ctx, obj);
            fail_with_pending_exception(ctx);
        }
    }
    settle(JS_EvalFunction(ctx, obj),
           "the flight's top-level await never settled: nothing was left to run");

    if (has_fn_name) {
        if (!module) {
            JS_ThrowTypeError(ctx, "only a module can export a function to invoke");
            fail_with_pending_exception(ctx);
        }
        JSValue ns = JS_GetModuleNamespace(ctx, module);
        JSAtom name = JS_NewAtomLen(ctx, fn_name, fn_name_len);
        JSValue fn = JS_GetProperty(ctx, ns, name);
        JS_FreeAtom(ctx, name);
        JS_FreeValue(ctx, ns);
        if (!JS_IsFunction(ctx, fn)) {
            JS_ThrowTypeError(ctx, "the module exports no function named %.*s", (int)fn_name_len, fn_name);
            fail_with_pending_exception(ctx);
        }
        settle(JS_Call(ctx, fn, JS_UNDEFINED, 0, NULL),
               "the exported function returned a promise that never settled");
        JS_FreeValue(ctx, fn);
    }
    fail_on_unhandled_rejections();
}

/* Not part of Javy's interface: where yoke-flight's linker lays a flight out
   the way Javy does (its bytecode read on every run), it stores the bytecode
   compressed, as chunk `id` (c/chunks.c), and _start calls this: decompress,
   then run it as invoke() does. A large bundle's module is a third smaller;
   decompressing costs about 1 ms per MB of bytecode. */
__attribute__((export_name("yoke-flight-invoke-chunk")))
void yf_invoke_chunk(uint32_t id)
{
    uint8_t *bytecode;
    uint32_t size;
    int read = yf_chunk_read(id, &bytecode, &size);
    if (read != YF_CHUNK_OK) {
        init_runtime();
        if (read == YF_CHUNK_NO_MEMORY)
            JS_ThrowOutOfMemory(ctx);
        else
            JS_ThrowInternalError(ctx, "the flight's bytecode (chunk %u) is %s: rebuild the flight", id,
                                  read == YF_CHUNK_MISSING ? "missing" : "corrupt");
        fail_with_pending_exception(ctx);
    }
    yf_invoke(bytecode, size, 0, NULL, 0);
}
