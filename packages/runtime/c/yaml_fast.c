/* A native reader for the common subset of YAML that Kubernetes resources
   are written in: block mappings and sequences, plain, single- and
   double-quoted one-line scalars, comments, one leading `---`. It builds
   the same values as js-yaml 4's load() with its default schema (which the
   SDK uses, packages/sdk/src/yaml.cts) and gives up on anything else --
   anchors, aliases, tags, block and multi-line scalars, flow collections
   other than [] and {}, numbers other than plain decimals, timestamps,
   duplicate keys, several documents, tabs -- by returning undefined, so the
   SDK falls back to js-yaml, which then parses it or reports the error. */
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

typedef struct {
    const char *start, *end; /* the line's content, from its first non-space character */
    int indent;
} YamlLine;

typedef struct {
    JSContext *ctx;
    YamlLine *lines;
    int count, next;
    char *buf; /* scratch for decoded quoted scalars */
    size_t cap;
} YamlReader;

enum { YAML_OK = 0, YAML_UNSUPPORTED = 1, YAML_ERROR = -1 };

#define MAX_DEPTH 200

static int is_space_or_end(const char *p, const char *end) { return p == end || *p == ' '; }

/* Splits the text into significant lines: no blank or comment-only lines.
   Returns YAML_UNSUPPORTED for what this reader does not handle. */
static int yaml_split_lines(YamlReader *r, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    int cap = 1024, seen_content = 0;
    r->lines = malloc(sizeof(YamlLine) * cap);
    if (!r->lines)
        return YAML_ERROR;
    while (p < end) {
        const char *eol = memchr(p, '\n', end - p);
        const char *line_end = eol ? eol : end;
        const char *next = eol ? eol + 1 : end;
        if (line_end > p && line_end[-1] == '\r')
            line_end--;
        const char *q = p;
        while (q < line_end && *q == ' ')
            q++;
        for (const unsigned char *c = (const unsigned char *)p; c < (const unsigned char *)line_end; c++) {
            /* Tabs, control characters, DEL, C1 controls, BOMs, U+FFFE/U+FFFF
               and (lone) surrogates: js-yaml's rules differ or it rejects them. */
            const unsigned char *le = (const unsigned char *)line_end;
            if (*c < 0x20 || *c == 0x7f || (*c == 0xc2 && c + 1 < le && c[1] < 0xa0) ||
                (*c == 0xed && c + 1 < le && c[1] >= 0xa0) ||
                (*c == 0xef && c + 2 < le && ((c[1] == 0xbb && c[2] == 0xbf) || (c[1] == 0xbf && c[2] >= 0xbe))))
                return YAML_UNSUPPORTED;
        }
        if (q == line_end || *q == '#') {
            p = next;
            continue;
        }
        if (*q == '%' || (q == p && line_end - q >= 3 && (!memcmp(q, "---", 3) || !memcmp(q, "...", 3)) &&
                          (line_end - q == 3 || q[3] == ' '))) {
            /* One `---` (with nothing else on the line) may start the document. */
            const char *rest = q + 3;
            while (rest < line_end && *rest == ' ')
                rest++;
            if (*q != '-' || seen_content || (rest < line_end && *rest != '#'))
                return YAML_UNSUPPORTED;
            seen_content = 1;
            p = next;
            continue;
        }
        seen_content = 1;
        if (r->count == cap) {
            cap *= 2;
            YamlLine *grown = realloc(r->lines, sizeof(YamlLine) * cap);
            if (!grown)
                return YAML_ERROR;
            r->lines = grown;
        }
        r->lines[r->count++] = (YamlLine){ q, line_end, (int)(q - p) };
        p = next;
    }
    return r->count ? YAML_OK : YAML_UNSUPPORTED;
}

/* The end of a value's text: before a ` #` comment and trailing spaces. */
static const char *yaml_value_end(const char *p, const char *end)
{
    const char *q = p;
    while (q < end && !(*q == '#' && q > p && q[-1] == ' '))
        q++;
    while (q > p && q[-1] == ' ')
        q--;
    return q;
}

static int yaml_reserve(YamlReader *r, size_t n)
{
    if (n <= r->cap)
        return 0;
    size_t cap = r->cap ? r->cap : 256;
    while (cap < n)
        cap *= 2;
    char *grown = realloc(r->buf, cap);
    if (!grown)
        return -1;
    r->buf = grown;
    r->cap = cap;
    return 0;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static size_t put_utf8(char *out, uint32_t c)
{
    if (c < 0x80) { out[0] = c; return 1; }
    if (c < 0x800) { out[0] = 0xc0 | (c >> 6); out[1] = 0x80 | (c & 63); return 2; }
    if (c < 0x10000) { out[0] = 0xe0 | (c >> 12); out[1] = 0x80 | ((c >> 6) & 63); out[2] = 0x80 | (c & 63); return 3; }
    out[0] = 0xf0 | (c >> 18); out[1] = 0x80 | ((c >> 12) & 63); out[2] = 0x80 | ((c >> 6) & 63); out[3] = 0x80 | (c & 63);
    return 4;
}

/* A quoted scalar starting at *pp (at the quote) that closes on this line.
   Leaves *pp after the closing quote. */
static int yaml_quoted(YamlReader *r, const char **pp, const char *end, JSValue *out)
{
    const char *p = *pp;
    char quote = *p++;
    if (yaml_reserve(r, (size_t)(end - p) * 4 + 4) < 0)
        return YAML_ERROR;
    size_t n = 0;
    for (;;) {
        if (p >= end)
            return YAML_UNSUPPORTED; /* continues on the next line */
        char c = *p++;
        if (c == quote) {
            if (quote == '\'' && p < end && *p == '\'') {
                r->buf[n++] = '\'';
                p++;
                continue;
            }
            break;
        }
        if (c != '\\' || quote == '\'') {
            r->buf[n++] = c;
            continue;
        }
        if (p >= end)
            return YAML_UNSUPPORTED;
        char e = *p++;
        int digits = 0;
        switch (e) {
        case '0': r->buf[n++] = 0; break;
        case 'a': r->buf[n++] = 7; break;
        case 'b': r->buf[n++] = 8; break;
        case 't': r->buf[n++] = 9; break;
        case 'n': r->buf[n++] = 10; break;
        case 'v': r->buf[n++] = 11; break;
        case 'f': r->buf[n++] = 12; break;
        case 'r': r->buf[n++] = 13; break;
        case 'e': r->buf[n++] = 27; break;
        case ' ': r->buf[n++] = ' '; break;
        case '"': r->buf[n++] = '"'; break;
        case '/': r->buf[n++] = '/'; break;
        case '\\': r->buf[n++] = '\\'; break;
        case 'N': n += put_utf8(r->buf + n, 0x85); break;
        case '_': n += put_utf8(r->buf + n, 0xa0); break;
        case 'L': n += put_utf8(r->buf + n, 0x2028); break;
        case 'P': n += put_utf8(r->buf + n, 0x2029); break;
        case 'x': digits = 2; break;
        case 'u': digits = 4; break;
        case 'U': digits = 8; break;
        default: return YAML_UNSUPPORTED;
        }
        if (digits) {
            uint32_t code = 0;
            for (int i = 0; i < digits; i++) {
                int h = p < end ? hex_value(*p++) : -1;
                if (h < 0)
                    return YAML_UNSUPPORTED;
                code = code * 16 + h;
            }
            /* Lone surrogates and code points past U+10FFFF have no UTF-8: leave them to js-yaml. */
            if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff)
                return YAML_UNSUPPORTED;
            n += put_utf8(r->buf + n, code);
        }
    }
    *pp = p;
    *out = JS_NewStringLen(r->ctx, r->buf, n);
    return JS_IsException(*out) ? YAML_ERROR : YAML_OK;
}

static int match_word(const char *p, size_t n, const char *a, const char *b, const char *c)
{
    size_t len = strlen(a);
    return n == len && (!memcmp(p, a, n) || !memcmp(p, b, n) || !memcmp(p, c, n));
}

/* A plain scalar, resolved as js-yaml's default schema does for the forms
   this reader accepts: null, booleans, decimal integers and decimals, and
   strings that start with a letter or another unambiguous character. */
static int yaml_plain(YamlReader *r, const char *p, const char *end, int is_key, JSValue *out)
{
    size_t n = end - p;
    if (n == 0)
        return YAML_UNSUPPORTED;
    unsigned char c = *p;
    if (strchr("[]{},#&*!|>'\"%@`", c) || ((c == '-' || c == '?' || c == ':') && is_space_or_end(p + 1, end)))
        return YAML_UNSUPPORTED;
    if (end[-1] == ':')
        return YAML_UNSUPPORTED;
    for (const char *q = p; q + 1 < end; q++) {
        if (q[0] == ':' && q[1] == ' ')
            return YAML_UNSUPPORTED; /* a second mapping on one line */
    }
    if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
        /* Numbers only as -?(0|[1-9][0-9]*)(\.[0-9]+)? with at most 15
           digits. Other text that starts like a number is a string when it
           has a character no int, float or timestamp can have ("128Mi",
           "500m"); the rest (octal, hex, exponents, .inf, dates) is left
           to js-yaml. */
        const char *q = p;
        int digits = 0, dot = 0, strict = 1;
        if (*q == '-')
            q++;
        if (q == end || *q < '0' || *q > '9' || (*q == '0' && q + 1 < end && q[1] != '.'))
            strict = 0;
        for (; strict && q < end; q++) {
            if (*q >= '0' && *q <= '9')
                digits++;
            else if (*q == '.' && !dot && q + 1 < end && q[1] >= '0' && q[1] <= '9')
                dot = 1;
            else
                strict = 0;
        }
        if (strict && digits <= 15 && !(n == 2 && p[0] == '-' && p[1] == '0')) {
            if (is_key && dot)
                return YAML_UNSUPPORTED; /* js-yaml would write the key as String(number) */
            if (is_key) {
                *out = JS_NewStringLen(r->ctx, p, n);
                return JS_IsException(*out) ? YAML_ERROR : YAML_OK;
            }
            char number[24];
            memcpy(number, p, n);
            number[n] = 0;
            double d = strtod(number, NULL);
            *out = dot ? JS_NewFloat64(r->ctx, d) : JS_NewInt64(r->ctx, (int64_t)d);
            return YAML_OK;
        }
        int surely_text = 0;
        for (q = p; q < end && !surely_text; q++)
            surely_text = !strchr("0123456789abcdefABCDEFxXoObB_+-.eEinINtTzZ: ", *q);
        if (!surely_text)
            return YAML_UNSUPPORTED;
        *out = JS_NewStringLen(r->ctx, p, n);
        return JS_IsException(*out) ? YAML_ERROR : YAML_OK;
    }
    if (match_word(p, n, "null", "Null", "NULL") || (n == 1 && c == '~')) {
        if (is_key)
            return YAML_UNSUPPORTED;
        *out = JS_NULL;
        return YAML_OK;
    }
    int t = match_word(p, n, "true", "True", "TRUE"), f = match_word(p, n, "false", "False", "FALSE");
    if (t || f) {
        if (is_key)
            return YAML_UNSUPPORTED;
        *out = JS_NewBool(r->ctx, t);
        return YAML_OK;
    }
    if (is_key && n == 2 && !memcmp(p, "<<", 2))
        return YAML_UNSUPPORTED; /* a merge key */
    *out = JS_NewStringLen(r->ctx, p, n);
    return JS_IsException(*out) ? YAML_ERROR : YAML_OK;
}

/* A scalar value written on the line after `key: ` or `- `. */
static int yaml_inline_value(YamlReader *r, const char *p, const char *end, JSValue *out)
{
    if (*p == '"' || *p == '\'') {
        int rc = yaml_quoted(r, &p, end, out);
        if (rc != YAML_OK)
            return rc;
        while (p < end && *p == ' ')
            p++;
        if (p < end && *p != '#') {
            JS_FreeValue(r->ctx, *out);
            return YAML_UNSUPPORTED;
        }
        return YAML_OK;
    }
    const char *value_end = yaml_value_end(p, end);
    if (value_end - p == 2 && (!memcmp(p, "[]", 2) || !memcmp(p, "{}", 2))) {
        *out = *p == '[' ? JS_NewArray(r->ctx) : JS_NewObject(r->ctx);
        return JS_IsException(*out) ? YAML_ERROR : YAML_OK;
    }
    return yaml_plain(r, p, value_end, 0, out);
}

static int yaml_node(YamlReader *r, int indent, int depth, JSValue *out);

/* What follows `key:` or `-` with nothing after it: a nested block, or null. */
static int yaml_nested(YamlReader *r, int parent_indent, int allow_same_indent_sequence, int depth, JSValue *out)
{
    if (r->next < r->count) {
        YamlLine *l = &r->lines[r->next];
        int is_item = *l->start == '-' && is_space_or_end(l->start + 1, l->end);
        if (l->indent > parent_indent || (allow_same_indent_sequence && l->indent == parent_indent && is_item))
            return yaml_node(r, l->indent, depth + 1, out);
    }
    *out = JS_NULL;
    return YAML_OK;
}

/* After a value written on its own line, nothing may be indented deeper
   (that would be a multi-line scalar). */
static int yaml_no_continuation(YamlReader *r, int indent)
{
    return r->next < r->count && r->lines[r->next].indent > indent ? YAML_UNSUPPORTED : YAML_OK;
}

/* Finds the `:` that ends a plain key on this line (followed by a space or
   the end of the line); NULL when there is none. */
static const char *yaml_key_colon(const char *p, const char *end)
{
    for (const char *q = p; q < end; q++) {
        if (*q == '#' && q > p && q[-1] == ' ')
            return NULL;
        if (*q == ':' && is_space_or_end(q + 1, end))
            return q;
    }
    return NULL;
}

static int yaml_mapping(YamlReader *r, int indent, int depth, JSValue *out)
{
    JSContext *ctx = r->ctx;
    JSValue obj = JS_NewObject(ctx);
    if (JS_IsException(obj))
        return YAML_ERROR;
    int rc = YAML_OK;
    while (rc == YAML_OK && r->next < r->count && r->lines[r->next].indent == indent) {
        YamlLine *l = &r->lines[r->next];
        const char *p = l->start, *end = l->end;
        if (*p == '-' && is_space_or_end(p + 1, end)) {
            rc = YAML_UNSUPPORTED; /* a sequence item among mapping entries */
            break;
        }
        JSValue key;
        const char *after;
        if (*p == '"' || *p == '\'') {
            rc = yaml_quoted(r, &p, end, &key);
            if (rc != YAML_OK)
                break;
            if (p >= end || *p != ':' || !is_space_or_end(p + 1, end)) {
                JS_FreeValue(ctx, key);
                rc = YAML_UNSUPPORTED;
                break;
            }
            after = p + 1;
        } else {
            const char *colon = yaml_key_colon(p, end);
            const char *key_end = colon;
            while (key_end && key_end > p && key_end[-1] == ' ')
                key_end--;
            if (!colon || (rc = yaml_plain(r, p, key_end, 1, &key)) != YAML_OK) {
                if (rc == YAML_OK)
                    rc = YAML_UNSUPPORTED;
                break;
            }
            after = colon + 1;
        }
        JSAtom atom = JS_ValueToAtom(ctx, key);
        JS_FreeValue(ctx, key);
        if (atom == JS_ATOM_NULL) {
            rc = YAML_ERROR;
            break;
        }
        r->next++;
        while (after < end && *after == ' ')
            after++;
        JSValue value;
        if (after == end || *after == '#') {
            rc = yaml_nested(r, indent, 1, depth, &value);
        } else {
            rc = yaml_inline_value(r, after, end, &value);
            if (rc == YAML_OK && (rc = yaml_no_continuation(r, indent)) != YAML_OK)
                JS_FreeValue(ctx, value);
        }
        if (rc == YAML_OK) {
            int exists = JS_GetOwnProperty(ctx, NULL, obj, atom);
            if (exists != 0) {
                JS_FreeValue(ctx, value);
                rc = exists < 0 ? YAML_ERROR : YAML_UNSUPPORTED; /* a duplicate key: js-yaml reports it */
            } else if (JS_DefinePropertyValue(ctx, obj, atom, value, JS_PROP_C_W_E) < 0) {
                rc = YAML_ERROR;
            }
        }
        JS_FreeAtom(ctx, atom);
    }
    if (rc != YAML_OK) {
        JS_FreeValue(ctx, obj);
        return rc;
    }
    *out = obj;
    return YAML_OK;
}

static int yaml_sequence(YamlReader *r, int indent, int depth, JSValue *out)
{
    JSContext *ctx = r->ctx;
    JSValue arr = JS_NewArray(ctx);
    if (JS_IsException(arr))
        return YAML_ERROR;
    uint32_t index = 0;
    int rc = YAML_OK;
    while (rc == YAML_OK && r->next < r->count && r->lines[r->next].indent == indent) {
        YamlLine *l = &r->lines[r->next];
        /* A mapping entry at this indentation ends a sequence that is the
           value of a key at the same indentation; the caller checks it. */
        if (*l->start != '-' || !is_space_or_end(l->start + 1, l->end))
            break;
        const char *p = l->start + 1;
        while (p < l->end && *p == ' ')
            p++;
        JSValue item;
        if (p == l->end || *p == '#') {
            r->next++;
            rc = yaml_nested(r, indent, 0, depth, &item);
        } else if (*p == '-' && is_space_or_end(p + 1, l->end)) {
            rc = YAML_UNSUPPORTED; /* - - nested sequences on one line */
        } else if ((*p != '"' && *p != '\'' && yaml_key_colon(p, l->end)) ||
                   ((*p == '"' || *p == '\'') && memchr(p + 1, *p, l->end - p - 1) &&
                    yaml_key_colon(memchr(p + 1, *p, l->end - p - 1), l->end))) {
            /* `- key: value`: a mapping whose first entry shares the item's line. */
            l->indent = indent + (int)(p - l->start);
            l->start = p;
            rc = yaml_mapping(r, l->indent, depth + 1, &item);
        } else {
            r->next++;
            rc = yaml_inline_value(r, p, l->end, &item);
            if (rc == YAML_OK && (rc = yaml_no_continuation(r, indent)) != YAML_OK)
                JS_FreeValue(ctx, item);
        }
        if (rc == YAML_OK && JS_DefinePropertyValueUint32(ctx, arr, index++, item, JS_PROP_C_W_E) < 0)
            rc = YAML_ERROR;
    }
    if (rc != YAML_OK) {
        JS_FreeValue(ctx, arr);
        return rc;
    }
    *out = arr;
    return YAML_OK;
}

static int yaml_node(YamlReader *r, int indent, int depth, JSValue *out)
{
    if (depth > MAX_DEPTH)
        return YAML_UNSUPPORTED;
    YamlLine *l = &r->lines[r->next];
    if (*l->start == '-' && is_space_or_end(l->start + 1, l->end))
        return yaml_sequence(r, indent, depth, out);
    return yaml_mapping(r, indent, depth, out);
}

/* __yoke.parseYaml(text): the document as js-yaml's load() gives it, or
   undefined when this reader leaves it to js-yaml. */
JSValue yf_parse_yaml(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    size_t len;
    const char *text = argc > 0 ? JS_ToCStringLen(ctx, &len, argv[0]) : NULL;
    if (!text)
        return JS_EXCEPTION;
    YamlReader r = { .ctx = ctx };
    JSValue value = JS_UNDEFINED;
    int rc = yaml_split_lines(&r, text, len);
    if (rc == YAML_OK)
        rc = yaml_node(&r, r.lines[0].indent, 0, &value);
    if (rc == YAML_OK && r.next != r.count) {
        JS_FreeValue(ctx, value); /* lines left over: indented less than the document, say */
        rc = YAML_UNSUPPORTED;
    }
    free(r.lines);
    free(r.buf);
    JS_FreeCString(ctx, text);
    if (rc == YAML_ERROR)
        return JS_HasException(ctx) ? JS_EXCEPTION : JS_ThrowOutOfMemory(ctx);
    return rc == YAML_OK ? value : JS_UNDEFINED;
}
