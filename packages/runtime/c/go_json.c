/* Native JSON encoder that writes what Go's encoding/json Encoder writes
   (encode.go: appendString with escapeHTML, floatEncoder, Encoder.Encode's
   trailing newline), straight into UTF-8 bytes: <, >, & and U+2028/U+2029
   escaped as \u003c \u003e \u0026 \u2028 \u2029, lone surrogates (invalid
   UTF-8 in Go) as \ufffd, other control characters as \b \f \n \r \t or
   \u00XX, float64 as Go's 'f'/'e' cut-offs write it (which equal
   JavaScript's Number-to-String ones, and -0 as "-0").
   It walks QuickJS's objects directly (shapes and fast arrays), so it is
   #included by engine.c, after quickjs.c, rather than built on its own.
   Anything it does not handle exactly as the SDK's JavaScript encoder
   (packages/sdk/src/go-json.ts) does -- NaN, functions, symbols, bigints,
   Maps, Sets, cycles, proxies, very deep nesting -- makes it give up
   without writing anything, and the SDK falls back to that encoder, which
   names the path of the problem. */

#define GO_JSON_MAX_DEPTH 256

typedef struct {
    JSRuntime *rt;
    uint8_t *buf;
    size_t len, cap;
    int depth;
    int protos_plain; /* neither Object.prototype nor Array.prototype has toJSON */
    JSObject *stack[GO_JSON_MAX_DEPTH]; /* objects being encoded, for cycles */
} GoJSON;

/* Outcome of encoding one value. */
enum { GO_JSON_OK = 0, GO_JSON_UNUSUAL = 1, GO_JSON_ERROR = -1 };

static int go_json_reserve(GoJSON *g, size_t extra)
{
    if (g->len + extra <= g->cap)
        return 0;
    size_t cap = g->cap ? g->cap : 4096;
    while (cap < g->len + extra)
        cap *= 2;
    uint8_t *grown = js_realloc_rt(g->rt, g->buf, cap);
    if (!grown)
        return -1;
    g->buf = grown;
    g->cap = cap;
    return 0;
}

static inline void go_json_put(GoJSON *g, uint8_t c) { g->buf[g->len++] = c; }

static void go_json_put_str(GoJSON *g, const char *s, size_t n)
{
    memcpy(g->buf + g->len, s, n);
    g->len += n;
}

/* For ASCII: 0 = copy as is, else the character after the backslash
   ('u' for \u00XX). Go's escapeHTML set plus JSON's mandatory escapes. */
static const uint8_t go_json_ascii_escape[128] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    ['"'] = '"', ['\\'] = '\\', ['<'] = 'u', ['>'] = 'u', ['&'] = 'u',
};

static const char go_json_hex[] = "0123456789abcdef";

static void go_json_put_u_escape(GoJSON *g, uint32_t c)
{
    uint8_t *q = g->buf + g->len;
    q[0] = '\\';
    q[1] = 'u';
    q[2] = go_json_hex[(c >> 12) & 15];
    q[3] = go_json_hex[(c >> 8) & 15];
    q[4] = go_json_hex[(c >> 4) & 15];
    q[5] = go_json_hex[c & 15];
    g->len += 6;
}

static inline void go_json_put_ascii(GoJSON *g, uint8_t c)
{
    uint8_t e = go_json_ascii_escape[c];
    if (!e) {
        go_json_put(g, c);
    } else if (e == 'u') {
        go_json_put_u_escape(g, c);
    } else {
        go_json_put(g, '\\');
        go_json_put(g, e);
    }
}

/* A quoted string; every character needs at most 6 output bytes. */
static int go_json_string(GoJSON *g, JSString *p)
{
    uint32_t n = p->len, i = 0;
    if (go_json_reserve(g, (size_t)n * 6 + 2) < 0)
        return -1;
    go_json_put(g, '"');
    if (!p->is_wide_char) {
        const uint8_t *s = p->u.str8;
        while (i < n) {
            /* Copy the longest run that needs no escaping in one go. */
            uint32_t start = i;
            while (i < n && s[i] < 0x80 && !go_json_ascii_escape[s[i]])
                i++;
            go_json_put_str(g, (const char *)s + start, i - start);
            if (i == n)
                break;
            uint8_t c = s[i++];
            if (c < 0x80) {
                go_json_put_ascii(g, c);
            } else {
                go_json_put(g, 0xc0 | (c >> 6));
                go_json_put(g, 0x80 | (c & 0x3f));
            }
        }
    } else {
        const uint16_t *s = p->u.str16;
        while (i < n) {
            uint32_t c = s[i++];
            if (c < 0x80) {
                go_json_put_ascii(g, c);
            } else if (c < 0x800) {
                go_json_put(g, 0xc0 | (c >> 6));
                go_json_put(g, 0x80 | (c & 0x3f));
            } else if (c == 0x2028 || c == 0x2029) {
                go_json_put_u_escape(g, c);
            } else if (c >= 0xd800 && c <= 0xdfff) {
                if (c <= 0xdbff && i < n && s[i] >= 0xdc00 && s[i] <= 0xdfff) {
                    c = 0x10000 + ((c - 0xd800) << 10) + (s[i++] - 0xdc00);
                    go_json_put(g, 0xf0 | (c >> 18));
                    go_json_put(g, 0x80 | ((c >> 12) & 0x3f));
                    go_json_put(g, 0x80 | ((c >> 6) & 0x3f));
                    go_json_put(g, 0x80 | (c & 0x3f));
                } else {
                    go_json_put_u_escape(g, 0xfffd); /* Go: invalid UTF-8 -> \ufffd */
                }
            } else {
                go_json_put(g, 0xe0 | (c >> 12));
                go_json_put(g, 0x80 | ((c >> 6) & 0x3f));
                go_json_put(g, 0x80 | (c & 0x3f));
            }
        }
    }
    go_json_put(g, '"');
    return 0;
}

static int go_json_number(GoJSON *g, double d)
{
    char buf[64];
    JSDTOATempMem mem;
    if (go_json_reserve(g, sizeof(buf)) < 0)
        return -1;
    if (d == 0 && signbit(d)) {
        go_json_put_str(g, "-0", 2); /* strconv.AppendFloat(-0, 'f', -1, 64) */
        return 0;
    }
    /* JavaScript's shortest round-trip digits, with exponent below 1e-6 and
       from 1e21: the same cut-offs and spelling as Go's floatEncoder. */
    int len = js_dtoa(buf, d, 10, 0, JS_DTOA_FORMAT_FREE, &mem);
    go_json_put_str(g, buf, len);
    return 0;
}

static int go_json_value(JSContext *ctx, GoJSON *g, JSValueConst val, JSAtom key);

/* Calls val.toJSON(key) when there is such a method, as JSON.stringify does.
   Returns the value to encode (a new reference) or JS_EXCEPTION. */
static JSValue go_json_to_json(JSContext *ctx, GoJSON *g, JSValueConst val, JSAtom key)
{
    JSObject *p = JS_VALUE_GET_OBJ(val);
    JSObject *proto = p->shape->proto;
    /* The common case answered without a lookup: a plain object or array
       with no own toJSON, whose prototype has none either. */
    if (g->protos_plain && proto &&
        (proto == JS_VALUE_GET_OBJ(ctx->class_proto[JS_CLASS_OBJECT]) ||
         proto == JS_VALUE_GET_OBJ(ctx->class_proto[JS_CLASS_ARRAY])) &&
        !find_own_property1(p, JS_ATOM_toJSON))
        return JS_DupValue(ctx, val);
    JSValue f = JS_GetProperty(ctx, val, JS_ATOM_toJSON);
    if (JS_IsException(f))
        return f;
    if (!JS_IsFunction(ctx, f)) {
        JS_FreeValue(ctx, f);
        return JS_DupValue(ctx, val);
    }
    JSValue name = JS_AtomToString(ctx, key);
    if (JS_IsException(name)) {
        JS_FreeValue(ctx, f);
        return name;
    }
    JSValue v = JS_CallFree(ctx, f, val, 1, (JSValueConst *)&name);
    JS_FreeValue(ctx, name);
    return v;
}

static int go_json_has_to_json(JSContext *ctx, JSValueConst obj)
{
    return JS_HasProperty(ctx, obj, JS_ATOM_toJSON) != 0;
}

static int go_json_array(JSContext *ctx, GoJSON *g, JSValueConst val, JSObject *p)
{
    if (go_json_reserve(g, 1) < 0)
        return GO_JSON_ERROR;
    go_json_put(g, '[');
    uint32_t len;
    if (js_get_length32(ctx, &len, val))
        return GO_JSON_ERROR;
    for (uint32_t i = 0; i < len; i++) {
        if (i > 0) {
            if (go_json_reserve(g, 1) < 0)
                return GO_JSON_ERROR;
            go_json_put(g, ',');
        }
        JSValue item;
        if (p->fast_array && i < p->u.array.count)
            item = JS_DupValue(ctx, p->u.array.u.values[i]);
        else if (JS_IsException(item = JS_GetPropertyUint32(ctx, val, i)))
            return GO_JSON_ERROR;
        size_t before = g->len;
        JSAtom key = i <= JS_ATOM_MAX_INT ? __JS_AtomFromUInt32(i) : JS_ATOM_empty_string;
        int r = go_json_value(ctx, g, item, key);
        JS_FreeValue(ctx, item);
        if (r != GO_JSON_OK)
            return r;
        if (g->len == before) { /* undefined (or toJSON gave undefined): null, as JSON.stringify */
            if (go_json_reserve(g, 4) < 0)
                return GO_JSON_ERROR;
            go_json_put_str(g, "null", 4);
        }
    }
    if (go_json_reserve(g, 1) < 0)
        return GO_JSON_ERROR;
    go_json_put(g, ']');
    return GO_JSON_OK;
}

/* A key: a string atom's text, or an integer key's digits. */
static int go_json_key(JSContext *ctx, GoJSON *g, JSAtom atom)
{
    if (__JS_AtomIsTaggedInt(atom)) {
        if (go_json_reserve(g, 16) < 0)
            return -1;
        go_json_put(g, '"');
        g->len += u64toa((char *)g->buf + g->len, __JS_AtomToUInt32(atom));
        go_json_put(g, '"');
        return 0;
    }
    return go_json_string(g, ctx->rt->atom_array[atom]);
}

/* Encodes one member "key":value; undefined values are left out. */
static int go_json_member(JSContext *ctx, GoJSON *g, JSAtom atom, JSValueConst item, int *first)
{
    if (JS_IsUndefined(item))
        return GO_JSON_OK;
    size_t mark = g->len;
    if (go_json_reserve(g, 1) < 0)
        return GO_JSON_ERROR;
    if (!*first)
        go_json_put(g, ',');
    if (go_json_key(ctx, g, atom) < 0 || go_json_reserve(g, 1) < 0)
        return GO_JSON_ERROR;
    go_json_put(g, ':');
    size_t before = g->len;
    int r = go_json_value(ctx, g, item, atom);
    if (r != GO_JSON_OK)
        return r;
    if (g->len == before)
        g->len = mark; /* toJSON gave undefined: the member is left out */
    else
        *first = 0;
    return GO_JSON_OK;
}

/* Own enumerable string keys in the order Object.keys gives them. */
static int go_json_object_generic(JSContext *ctx, GoJSON *g, JSValueConst val, int *first)
{
    JSPropertyEnum *tab;
    uint32_t len;
    if (JS_GetOwnPropertyNames(ctx, &tab, &len, val, JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY) < 0)
        return GO_JSON_ERROR;
    int r = GO_JSON_OK;
    for (uint32_t i = 0; i < len && r == GO_JSON_OK; i++) {
        JSValue item = JS_GetProperty(ctx, val, tab[i].atom);
        if (JS_IsException(item)) {
            r = GO_JSON_ERROR;
            break;
        }
        r = go_json_member(ctx, g, tab[i].atom, item, first);
        JS_FreeValue(ctx, item);
    }
    js_free_prop_enum(ctx, tab, len);
    return r;
}

/* A plain object: walks its shape directly when every property is a plain
   data property with a string key (so insertion order is Object.keys order
   and reading runs no code); otherwise asks for the keys. */
static int go_json_object(JSContext *ctx, GoJSON *g, JSValueConst val, JSObject *p)
{
    int first = 1;
    if (go_json_reserve(g, 1) < 0)
        return GO_JSON_ERROR;
    go_json_put(g, '{');
    JSShape *sh = p->shape;
    JSShapeProperty *prs = get_shape_prop(sh);
    int plain = !p->is_exotic;
    for (int i = 0; plain && i < sh->prop_count; i++) {
        JSAtom atom = prs[i].atom;
        if (atom == JS_ATOM_NULL)
            continue;
        if (__JS_AtomIsTaggedInt(atom) || (prs[i].flags & JS_PROP_TMASK) != JS_PROP_NORMAL)
            plain = 0;
    }
    int r;
    if (!plain) {
        r = go_json_object_generic(ctx, g, val, &first);
    } else {
        r = GO_JSON_OK;
        for (int i = 0; i < sh->prop_count && r == GO_JSON_OK; i++) {
            JSAtom atom = prs[i].atom;
            if (atom == JS_ATOM_NULL || !(prs[i].flags & JS_PROP_ENUMERABLE))
                continue;
            if (ctx->rt->atom_array[atom]->atom_type != JS_ATOM_TYPE_STRING)
                continue; /* symbol keys are not part of JSON */
            JSValue item = JS_DupValue(ctx, p->prop[i].u.value);
            r = go_json_member(ctx, g, atom, item, &first);
            JS_FreeValue(ctx, item);
            /* A toJSON further down changed this object: start over slowly. */
            if (r == GO_JSON_OK && p->shape != sh)
                r = GO_JSON_UNUSUAL;
        }
    }
    if (r != GO_JSON_OK)
        return r;
    if (go_json_reserve(g, 1) < 0)
        return GO_JSON_ERROR;
    go_json_put(g, '}');
    return GO_JSON_OK;
}

static int go_json_container(JSContext *ctx, GoJSON *g, JSValueConst val)
{
    JSObject *p = JS_VALUE_GET_OBJ(val);
    if (p->class_id != JS_CLASS_OBJECT && p->class_id != JS_CLASS_ARRAY)
        return GO_JSON_UNUSUAL; /* Map, Set, Date without toJSON, boxed values, proxies... */
    if (g->depth >= GO_JSON_MAX_DEPTH)
        return GO_JSON_UNUSUAL;
    for (int i = 0; i < g->depth; i++) {
        if (g->stack[i] == p)
            return GO_JSON_UNUSUAL; /* a cycle */
    }
    g->stack[g->depth++] = p;
    int r = p->class_id == JS_CLASS_ARRAY ? go_json_array(ctx, g, val, p) : go_json_object(ctx, g, val, p);
    g->depth--;
    return r;
}

/* Encodes val (after toJSON). Writes nothing for undefined. */
static int go_json_value(JSContext *ctx, GoJSON *g, JSValueConst val, JSAtom key)
{
    switch (JS_VALUE_GET_NORM_TAG(val)) {
    case JS_TAG_NULL:
        if (go_json_reserve(g, 4) < 0)
            return GO_JSON_ERROR;
        go_json_put_str(g, "null", 4);
        return GO_JSON_OK;
    case JS_TAG_BOOL:
        if (go_json_reserve(g, 5) < 0)
            return GO_JSON_ERROR;
        if (JS_VALUE_GET_BOOL(val))
            go_json_put_str(g, "true", 4);
        else
            go_json_put_str(g, "false", 5);
        return GO_JSON_OK;
    case JS_TAG_INT: {
        if (go_json_reserve(g, 16) < 0)
            return GO_JSON_ERROR;
        g->len += i32toa((char *)g->buf + g->len, JS_VALUE_GET_INT(val));
        return GO_JSON_OK;
    }
    case JS_TAG_FLOAT64: {
        double d = JS_VALUE_GET_FLOAT64(val);
        if (!isfinite(d))
            return GO_JSON_UNUSUAL;
        return go_json_number(g, d) < 0 ? GO_JSON_ERROR : GO_JSON_OK;
    }
    case JS_TAG_STRING:
        return go_json_string(g, JS_VALUE_GET_STRING(val)) < 0 ? GO_JSON_ERROR : GO_JSON_OK;
    case JS_TAG_STRING_ROPE: {
        JSValue flat = JS_ToString(ctx, val);
        if (JS_IsException(flat))
            return GO_JSON_ERROR;
        int r = go_json_string(g, JS_VALUE_GET_STRING(flat)) < 0 ? GO_JSON_ERROR : GO_JSON_OK;
        JS_FreeValue(ctx, flat);
        return r;
    }
    case JS_TAG_UNDEFINED:
        return GO_JSON_OK;
    case JS_TAG_OBJECT: {
        if (JS_IsFunction(ctx, val))
            return GO_JSON_UNUSUAL;
        JSValue v = go_json_to_json(ctx, g, val, key);
        if (JS_IsException(v))
            return GO_JSON_ERROR;
        int r;
        if (JS_VALUE_GET_TAG(v) == JS_TAG_OBJECT && JS_VALUE_GET_PTR(v) == JS_VALUE_GET_PTR(val))
            r = go_json_container(ctx, g, v);
        else if (JS_IsObject(v) && JS_IsFunction(ctx, v))
            r = GO_JSON_UNUSUAL;
        else if (JS_IsObject(v))
            r = go_json_container(ctx, g, v);
        else
            r = go_json_value(ctx, g, v, key); /* a primitive from toJSON */
        JS_FreeValue(ctx, v);
        return r;
    }
    default: /* symbol, bigint */
        return GO_JSON_UNUSUAL;
    }
}

/* Encodes val; returns GO_JSON_OK with the bytes (and a newline) in g. */
static int go_json_encode(JSContext *ctx, GoJSON *g, JSValueConst val)
{
    memset(g, 0, offsetof(GoJSON, stack));
    g->rt = ctx->rt;
    g->protos_plain = !go_json_has_to_json(ctx, ctx->class_proto[JS_CLASS_OBJECT]) &&
                      !go_json_has_to_json(ctx, ctx->class_proto[JS_CLASS_ARRAY]);
    int r = go_json_value(ctx, g, val, JS_ATOM_empty_string);
    if (r == GO_JSON_OK && g->len == 0) {
        if (go_json_reserve(g, 4) < 0)
            r = GO_JSON_ERROR;
        else
            go_json_put_str(g, "null", 4); /* undefined at the top, as the SDK writes it */
    }
    if (r == GO_JSON_OK && go_json_reserve(g, 1) < 0)
        r = GO_JSON_ERROR;
    if (r == GO_JSON_OK)
        go_json_put(g, '\n');
    if (r == GO_JSON_ERROR && !JS_HasException(ctx))
        JS_ThrowOutOfMemory(ctx);
    return r;
}

/* __yoke.goJSON(value): the text Go's json.Encoder writes for value, or
   undefined when the SDK's JavaScript encoder must decide. */
JSValue yf_go_json(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    GoJSON *g = js_malloc_rt(ctx->rt, sizeof(GoJSON));
    if (!g)
        return JS_ThrowOutOfMemory(ctx);
    int r = go_json_encode(ctx, g, argc > 0 ? argv[0] : JS_UNDEFINED);
    JSValue result = r == GO_JSON_OK ? JS_NewStringLen(ctx, (const char *)g->buf, g->len)
                   : r == GO_JSON_UNUSUAL ? JS_UNDEFINED : JS_EXCEPTION;
    js_free_rt(ctx->rt, g->buf);
    js_free_rt(ctx->rt, g);
    return result;
}

/* __yoke.writeGoJSON(fd, value): writes that text to fd without making a
   JavaScript string of it. Returns false (having written nothing) when the
   SDK's JavaScript encoder must decide. */
JSValue yf_write_go_json(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int32_t fd;
    if (argc < 2 || JS_ToInt32(ctx, &fd, argv[0]) < 0)
        return JS_ThrowTypeError(ctx, "writeGoJSON(fd, value) needs a file descriptor");
    if (fd != 1 && fd != 2)
        return JS_ThrowRangeError(ctx, "a flight can only write to stdout (1) or stderr (2), not %d", fd);
    GoJSON *g = js_malloc_rt(ctx->rt, sizeof(GoJSON));
    if (!g)
        return JS_ThrowOutOfMemory(ctx);
    int r = go_json_encode(ctx, g, argv[1]);
    JSValue result = r == GO_JSON_ERROR ? JS_EXCEPTION : JS_NewBool(ctx, r == GO_JSON_OK);
    if (r == GO_JSON_OK && yf_write_all(fd, (const char *)g->buf, g->len) < 0)
        result = JS_ThrowInternalError(ctx, "writing to %s failed", fd == 1 ? "stdout" : "stderr");
    js_free_rt(ctx->rt, g->buf);
    js_free_rt(ctx->rt, g);
    return result;
}
