/* The built-in objects a flight's context gets: QuickJS's JS_NewContext
   (quickjs.c) without the parts a flight has no use for, so that their code
   and tables are not linked into every module. #included by engine.c, after
   quickjs.c, to reuse its internals.
   Left out, and documented in README.md ("What the engine leaves out"):
   - String.prototype.normalize and the Unicode normalization tables (about
     20 KB): calling it throws a TypeError saying so; localeCompare compares
     UTF-16 code units, as QuickJS does when built without those tables.
   - WeakRef and FinalizationRegistry: a run is short and single-threaded,
     and the globals are absent, so feature detection (`typeof WeakRef`)
     falls back as it would in any engine without them.
   - Property escapes in regular expressions (\p{L}, \P{Script=Greek}, with
     the u flag) and Unicode identifier tables (engine_config.h): such a
     pattern is a SyntaxError saying so, at build time for a literal. */

static JSValue yf_string_normalize_unavailable(JSContext *ctx, JSValueConst this_val,
                                               int argc, JSValueConst *argv)
{
    return JS_ThrowTypeError(ctx, "String.prototype.normalize is not available in flights "
                                  "(the engine is built without Unicode normalization tables)");
}

static JSValue yf_string_locale_compare(JSContext *ctx, JSValueConst this_val,
                                        int argc, JSValueConst *argv)
{
    JSValue a = JS_ToStringCheckObject(ctx, this_val);
    if (JS_IsException(a))
        return JS_EXCEPTION;
    JSValue b = JS_ToString(ctx, argv[0]);
    if (JS_IsException(b)) {
        JS_FreeValue(ctx, a);
        return JS_EXCEPTION;
    }
    int cmp = js_string_compare(ctx, JS_VALUE_GET_STRING(a), JS_VALUE_GET_STRING(b));
    JS_FreeValue(ctx, a);
    JS_FreeValue(ctx, b);
    return JS_NewInt32(ctx, cmp < 0 ? -1 : cmp > 0);
}

static const JSCFunctionListEntry yf_string_proto_funcs[] = {
    JS_CFUNC_DEF("normalize", 0, yf_string_normalize_unavailable ),
    JS_CFUNC_DEF("localeCompare", 1, yf_string_locale_compare ),
};

JSContext *yf_new_context(JSRuntime *rt)
{
    JSContext *ctx = JS_NewContextRaw(rt);
    if (!ctx)
        return NULL;
    JS_AddIntrinsicBaseObjects(ctx);
    JS_AddIntrinsicDate(ctx);
    JS_AddIntrinsicEval(ctx);
    JS_SetPropertyFunctionList(ctx, ctx->class_proto[JS_CLASS_STRING], yf_string_proto_funcs,
                               countof(yf_string_proto_funcs));
    JS_AddIntrinsicRegExp(ctx);
    JS_AddIntrinsicJSON(ctx);
    JS_AddIntrinsicProxy(ctx);
    JS_AddIntrinsicMapSet(ctx);
    JS_AddIntrinsicTypedArrays(ctx);
    JS_AddIntrinsicPromise(ctx);
    return ctx;
}

/* Does a u-flag pattern use \p{...} or \P{...}? */
static int yf_has_property_escape(const char *buf, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (buf[i] != '\\')
            continue;
        if (buf[i + 1] == 'p' || buf[i + 1] == 'P')
            return 1;
        i++; /* skip the escaped character (e.g. \\p is a backslash and p) */
    }
    return 0;
}

/* Every regular expression is compiled here (the linker wraps lre_compile,
   see the Makefile): a pattern that fails because it needs the Unicode
   property tables gets an error that says so instead of "invalid escape
   sequence". */
uint8_t *__real_lre_compile(int *plen, char *error_msg, int error_msg_size,
                            const char *buf, size_t buf_len, int re_flags, void *opaque);

uint8_t *__wrap_lre_compile(int *plen, char *error_msg, int error_msg_size,
                            const char *buf, size_t buf_len, int re_flags, void *opaque)
{
    uint8_t *bc = __real_lre_compile(plen, error_msg, error_msg_size, buf, buf_len, re_flags, opaque);
    if (!bc && (re_flags & LRE_FLAG_UNICODE) && yf_has_property_escape(buf, buf_len) &&
        strcmp(error_msg, "invalid escape sequence in regular expression") == 0)
        snprintf(error_msg, error_msg_size, "%s", "\\p{...} property escapes are not available in flights");
    return bc;
}

#ifndef CONFIG_ALL_UNICODE
/* Without the full Unicode tables, libunicode.h's identifier checks still
   call these: accept any non-ASCII character that is not a space, as
   QuickJS's own build without CONFIG_ALL_UNICODE does. */
int lre_is_id_start(uint32_t c)
{
    return !lre_is_space_non_ascii(c);
}

int lre_is_id_continue(uint32_t c)
{
    return !lre_is_space_non_ascii(c);
}
#endif
