/* The native half of the flight API: the `__yoke` global that the SDK calls,
   and the JavaScript prelude (console, timers, base64, TextEncoder) that runs
   once when the runtime is initialised. */
#include <stdlib.h>
#include <string.h>

#include "runtime.h"
#include "prelude.h" /* generated from js/prelude.js: yf_prelude_js, yf_prelude_js_len */

static JSValue prelude_format_error = JS_UNDEFINED;
static JSValue prelude_next_timer = JS_UNDEFINED;

/* __yoke.readStdin(): the whole of stdin as a UTF-8 decoded string. */
static JSValue js_read_stdin(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    size_t len = 0;
    char *data = yf_read_all(0, &len);
    if (!data)
        return JS_ThrowOutOfMemory(ctx);
    JSValue str = JS_NewStringLen(ctx, data, len);
    free(data);
    return str;
}

/* __yoke.write(fd, text): fd 1 is the flight's output, fd 2 its log. */
static JSValue js_write(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int32_t fd;
    size_t len;
    if (argc < 2 || JS_ToInt32(ctx, &fd, argv[0]) < 0)
        return JS_ThrowTypeError(ctx, "write(fd, text) needs a file descriptor");
    if (fd != 1 && fd != 2)
        return JS_ThrowRangeError(ctx, "a flight can only write to stdout (1) or stderr (2), not %d", fd);
    const char *text = JS_ToCStringLen(ctx, &len, argv[1]);
    if (!text)
        return JS_EXCEPTION;
    int rc = fd == 2 ? yf_write_mapped(fd, text, len) : yf_write_all(fd, text, len);
    JS_FreeCString(ctx, text);
    if (rc < 0)
        return JS_ThrowInternalError(ctx, "writing to %s failed", fd == 1 ? "stdout" : "stderr");
    return JS_UNDEFINED;
}

static JSValue js_env(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    return yf_environ_object(ctx);
}

static JSValue js_args(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    return yf_args_array(ctx);
}

static JSValue js_exit(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int32_t code = 0;
    if (argc > 0 && JS_ToInt32(ctx, &code, argv[0]) < 0)
        return JS_EXCEPTION;
    yf_exit(code);
}

/* Turns a host buffer into [state, text] and frees it. */
static JSValue host_result(JSContext *ctx, uint32_t state, uint64_t buffer)
{
    char *ptr = (char *)(uintptr_t)(buffer >> 32);
    uint32_t len = (uint32_t)buffer;
    JSValue text = JS_NewStringLen(ctx, len ? ptr : "", len);
    free(ptr);
    if (JS_IsException(text))
        return text;
    JSValue result = JS_NewArray(ctx);
    JS_SetPropertyUint32(ctx, result, 0, JS_NewUint32(ctx, state));
    JS_SetPropertyUint32(ctx, result, 1, text);
    return result;
}

static int to_strings(JSContext *ctx, int argc, JSValueConst *argv, int n, const char **s, size_t *len)
{
    for (int i = 0; i < n; i++) {
        if (i >= argc || !JS_IsString(argv[i])) {
            for (int j = 0; j < i; j++)
                JS_FreeCString(ctx, s[j]);
            JS_ThrowTypeError(ctx, "host call argument %d must be a string", i + 1);
            return -1;
        }
        s[i] = JS_ToCStringLen(ctx, &len[i], argv[i]);
        if (!s[i]) {
            for (int j = 0; j < i; j++)
                JS_FreeCString(ctx, s[j]);
            return -1;
        }
    }
    return 0;
}

/* __yoke.<method>(...strings) -> [state, text] for every line of
   host_functions.h; magic is the function (enum yf_host_function). */
static JSValue js_host_call(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv, int magic)
{
    const char *s[YF_HOST_MAX_STRINGS];
    size_t len[YF_HOST_MAX_STRINGS];
    uint32_t state;
    int n = yf_host_strings[magic];
    if (to_strings(ctx, argc, argv, n, s, len) < 0)
        return JS_EXCEPTION;
    uint64_t buffer = yf_host_call((enum yf_host_function)magic, &state, s, len);
    for (int i = 0; i < n; i++)
        JS_FreeCString(ctx, s[i]);
    return host_result(ctx, state, buffer);
}

/* __yoke.loadChunk(id): evaluates a lazily loaded chunk (an ES module the
   linker stored in the flight) and returns its default export. */
static JSValue js_load_chunk(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    uint32_t id;
    if (argc < 1 || JS_ToUint32(ctx, &id, argv[0]) < 0)
        return JS_ThrowTypeError(ctx, "loadChunk(id) needs a chunk number");
    uint8_t *bytes;
    uint32_t size;
    switch (yf_chunk_read(id, &bytes, &size)) {
    case YF_CHUNK_MISSING:
        return JS_ThrowReferenceError(ctx, "this flight has no chunk %u: it was not built by flight build", id);
    case YF_CHUNK_NO_MEMORY:
        return JS_ThrowOutOfMemory(ctx);
    case YF_CHUNK_CORRUPT:
        return JS_ThrowInternalError(ctx, "chunk %u is corrupt: rebuild the flight", id);
    }
    JSValue module = JS_ReadObject(ctx, bytes, size, JS_READ_OBJ_BYTECODE);
    free(bytes);
    if (JS_IsException(module))
        return module;
    if (JS_VALUE_GET_TAG(module) != JS_TAG_MODULE) {
        JS_FreeValue(ctx, module);
        return JS_ThrowTypeError(ctx, "chunk %u is not a module", id);
    }
    JSModuleDef *def = JS_VALUE_GET_PTR(module);
    if (JS_ResolveModule(ctx, module) < 0) {
        JS_FreeValue(ctx, module);
        return JS_EXCEPTION;
    }
    JSValue evaluated = JS_EvalFunction(ctx, module);
    if (JS_IsException(evaluated))
        return evaluated;
    /* A chunk has no top-level await: its body has run by now. */
    int state = JS_PromiseState(ctx, evaluated);
    if (state == JS_PROMISE_REJECTED) {
        JSValue reason = JS_PromiseResult(ctx, evaluated);
        JS_FreeValue(ctx, evaluated);
        return JS_Throw(ctx, reason);
    }
    JS_FreeValue(ctx, evaluated);
    JSValue ns = JS_GetModuleNamespace(ctx, def);
    if (JS_IsException(ns))
        return ns;
    JSValue exported = JS_GetPropertyStr(ctx, ns, "default");
    JS_FreeValue(ctx, ns);
    return exported;
}

static const JSCFunctionListEntry yoke_funcs[] = {
    JS_CFUNC_DEF("readStdin", 0, js_read_stdin),
    JS_CFUNC_DEF("write", 2, js_write),
    JS_CFUNC_DEF("env", 0, js_env),
    JS_CFUNC_DEF("args", 0, js_args),
    JS_CFUNC_DEF("exit", 1, js_exit),
#define HOST_FUNCTION(import, method, nstrings) JS_CFUNC_MAGIC_DEF(method, nstrings, js_host_call, YF_HOST_##import),
#include "host_functions.h"
#undef HOST_FUNCTION
    JS_CFUNC_DEF("loadChunk", 1, js_load_chunk),
    JS_CFUNC_DEF("goJSON", 1, yf_go_json),
    JS_CFUNC_DEF("writeGoJSON", 2, yf_write_go_json),
    JS_CFUNC_DEF("parseYaml", 1, yf_parse_yaml),
    JS_PROP_STRING_DEF("abi", "yoke-flight/1", 0),
};

int yf_install_bindings(JSContext *ctx)
{
    JSValue global = JS_GetGlobalObject(ctx);
    JSValue yoke = JS_NewObject(ctx);
    JS_SetPropertyFunctionList(ctx, yoke, yoke_funcs, sizeof(yoke_funcs) / sizeof(yoke_funcs[0]));
    JS_DefinePropertyValueStr(ctx, global, "__yoke", JS_DupValue(ctx, yoke), JS_PROP_CONFIGURABLE);

    /* The prelude is a function expression taking `__yoke`; it installs the
       globals and returns the internals the C side calls back into. */
    JSValue fn = JS_Eval(ctx, (const char *)yf_prelude_js, yf_prelude_js_len, "<prelude>",
                         JS_EVAL_TYPE_GLOBAL);
    JSValue internals = JS_IsException(fn) ? fn : JS_Call(ctx, fn, JS_UNDEFINED, 1, (JSValueConst *)&yoke);
    JS_FreeValue(ctx, fn);
    JS_FreeValue(ctx, yoke);
    JS_FreeValue(ctx, global);
    if (JS_IsException(internals))
        return -1;
    prelude_format_error = JS_GetPropertyStr(ctx, internals, "formatError");
    prelude_next_timer = JS_GetPropertyStr(ctx, internals, "nextTimer");
    JS_FreeValue(ctx, internals);
    return 0;
}

JSValue yf_format_error(JSContext *ctx, JSValueConst error)
{
    return JS_Call(ctx, prelude_format_error, JS_UNDEFINED, 1, &error);
}

/* Runs the earliest due timer. Returns 1 if one ran, 0 if none is left,
   -1 if it threw (the exception is pending in ctx). */
int yf_run_next_timer(JSContext *ctx)
{
    JSValue ran = JS_Call(ctx, prelude_next_timer, JS_UNDEFINED, 0, NULL);
    if (JS_IsException(ran))
        return -1;
    int result = JS_ToBool(ctx, ran);
    JS_FreeValue(ctx, ran);
    return result;
}
