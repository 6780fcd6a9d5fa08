/* Out of memory, said in words. When QuickJS cannot allocate even the error
   it would throw, it throws `null`, and a flight used to die with
   "Uncaught null". The runtime's allocator notes the first allocation that
   failed (its size, and the JavaScript stack, written into a static buffer:
   nothing can be allocated at that point), and the report names the memory
   limit the host enforces (found by growing the memory until the host
   refuses, which costs nothing until then) and where the flight was.
   Included by engine.c, not compiled on its own: it needs QuickJS's
   internals (stack frames, the default allocator). */
#include "runtime.h"

#define OOM_TRACE_SIZE 2048
#define OOM_MAX_FRAMES 16
#define WASM_PAGE 65536u

static int own_string8(JSValueConst obj, JSAtom atom, const char **text, size_t *len);

static struct {
    int failed;
    size_t request;
    char trace[OOM_TRACE_SIZE];
    size_t trace_len;
} oom;

static void trace_append(const char *s, size_t n)
{
    if (oom.trace_len + n > sizeof(oom.trace))
        n = sizeof(oom.trace) - oom.trace_len;
    memcpy(oom.trace + oom.trace_len, s, n);
    oom.trace_len += n;
}

static void trace_append_uint(uint32_t v)
{
    char digits[YF_UINT_DIGITS];
    trace_append(digits, yf_format_uint(digits, v));
}

/* The JavaScript stack, as QuickJS prints it, without allocating. The
   innermost frame's position is its last call (QuickJS records the exact
   pc only when it builds an error). */
static void capture_stack(JSRuntime *rt)
{
    if (list_empty(&rt->context_list))
        return;
    JSContext *ctx = list_entry(rt->context_list.next, JSContext, link);
    int frames = 0;
    for (JSStackFrame *sf = rt->current_stack_frame; sf && frames < OOM_MAX_FRAMES; sf = sf->prev_frame) {
        if (JS_VALUE_GET_TAG(sf->cur_func) != JS_TAG_OBJECT)
            continue;
        JSObject *p = JS_VALUE_GET_OBJ(sf->cur_func);
        if (!js_class_has_bytecode(p->class_id))
            continue;
        JSFunctionBytecode *b = p->u.func.function_bytecode;
        char name[ATOM_GET_STR_BUF_SIZE];
        /* The function's `name`, as QuickJS's own stack traces print it. */
        const char *shown;
        size_t shown_len;
        trace_append("    at ", 7);
        if (own_string8(sf->cur_func, JS_ATOM_name, &shown, &shown_len) && shown_len > 0)
            trace_append(shown, shown_len);
        else
            trace_append("<anonymous>", 11);
        if (b->has_debug && sf->cur_pc) {
            int column = 0;
            int line = find_line_num(ctx, b, (uint32_t)(sf->cur_pc - b->byte_code_buf - 1), &column);
            const char *file = JS_AtomGetStrRT(rt, name, sizeof(name), b->debug.filename);
            trace_append(" (", 2);
            trace_append(file, strlen(file));
            trace_append(":", 1);
            trace_append_uint((uint32_t)line);
            trace_append(":", 1);
            trace_append_uint((uint32_t)column);
            trace_append(")", 1);
        }
        trace_append("\n", 1);
        frames++;
    }
}

static void note_failed_allocation(JSMallocState *s, size_t size)
{
    if (oom.failed)
        return;
    oom.failed = 1;
    oom.request = size;
    capture_stack(container_of(s, JSRuntime, malloc_state));
}

static void *watched_malloc(JSMallocState *s, size_t size)
{
    void *ptr = js_def_malloc(s, size);
    if (unlikely(!ptr))
        note_failed_allocation(s, size);
    return ptr;
}

static void *watched_realloc(JSMallocState *s, void *old, size_t size)
{
    void *ptr = js_def_realloc(s, old, size);
    if (unlikely(!ptr && size))
        note_failed_allocation(s, size);
    return ptr;
}

/* watched_malloc and watched_realloc are the runtime's allocator
   (scrub_alloc.c builds the JSMallocFunctions on them). */

/* QuickJS's own out-of-memory error: an InternalError "out of memory". */
static int is_out_of_memory_error(JSContext *ctx, JSValueConst error)
{
    static const char expected[] = "out of memory";
    const char *message;
    size_t len;
    if (JS_VALUE_GET_TAG(error) != JS_TAG_OBJECT || JS_VALUE_GET_OBJ(error)->class_id != JS_CLASS_ERROR)
        return 0;
    return own_string8(error, JS_ATOM_message, &message, &len) && len == sizeof(expected) - 1 &&
           memcmp(message, expected, len) == 0;
}

/* The most memory the host allows: grows the memory, page by page in
   halving steps, until the host refuses (or the failed request would have
   fitted, in which case the host is not what stopped it). */
static uint32_t probe_memory_limit(size_t request, int *at_limit)
{
    size_t wanted = (request + WASM_PAGE - 1) / WASM_PAGE;
    size_t grown = 0;
    for (size_t step = wanted; step > 0 && grown < wanted;) {
        if (step > wanted - grown)
            step = wanted - grown;
        if (__builtin_wasm_memory_grow(0, step) == (size_t)-1)
            step /= 2;
        else
            grown += step;
    }
    *at_limit = wanted > 0 && grown < wanted;
    return (uint32_t)__builtin_wasm_memory_size(0);
}

/* An 8-bit string property of an object, read without allocating. */
static int own_string8(JSValueConst obj, JSAtom atom, const char **text, size_t *len)
{
    if (JS_VALUE_GET_TAG(obj) != JS_TAG_OBJECT)
        return 0;
    JSProperty *pr = NULL;
    JSShapeProperty *prs = find_own_property(&pr, JS_VALUE_GET_OBJ(obj), atom);
    if (!prs || (prs->flags & JS_PROP_TMASK) != JS_PROP_NORMAL || JS_VALUE_GET_TAG(pr->u.value) != JS_TAG_STRING)
        return 0;
    JSString *str = JS_VALUE_GET_STRING(pr->u.value);
    if (str->is_wide_char)
        return 0;
    *text = (const char *)str->u.str8;
    *len = str->len;
    return 1;
}

static void write_size(uint64_t bytes)
{
    char text[32];
    uint64_t tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
    const char *unit = " MiB";
    if (bytes < 1024) {
        int n = snprintf(text, sizeof(text), "%u bytes", (unsigned)bytes);
        yf_write_all(2, text, (size_t)n);
        return;
    }
    if (bytes < 1024 * 1024) {
        tenths = (bytes * 10 + 512) / 1024;
        unit = " KiB";
    }
    int n = tenths % 10 ? snprintf(text, sizeof(text), "%llu.%llu%s", (unsigned long long)(tenths / 10),
                                   (unsigned long long)(tenths % 10), unit)
                        : snprintf(text, sizeof(text), "%llu%s", (unsigned long long)(tenths / 10), unit);
    yf_write_all(2, text, (size_t)n);
}

int yf_report_out_of_memory(JSContext *ctx, JSValueConst error)
{
    int noted_null = oom.failed && JS_IsNull(error);
    if (!noted_null && !is_out_of_memory_error(ctx, error))
        return 0;
    int at_limit = 0;
    uint32_t pages = probe_memory_limit(oom.failed ? oom.request : 0, &at_limit);
    static const char head[] = "out of memory: ";
    yf_write_all(2, head, sizeof(head) - 1);
    if (oom.failed) {
        static const char asked[] = "the flight needed ";
        yf_write_all(2, asked, sizeof(asked) - 1);
        write_size(oom.request);
        static const char more[] = " more, having used ";
        yf_write_all(2, more, sizeof(more) - 1);
    } else {
        static const char using[] = "the flight is using ";
        yf_write_all(2, using, sizeof(using) - 1);
    }
    if (at_limit) {
        static const char limit[] = "all of its ";
        yf_write_all(2, limit, sizeof(limit) - 1);
        write_size((uint64_t)pages * WASM_PAGE);
        static const char tail[] =
            ", the most memory its host allows (yoke: `--max-memory-mib`, or the Airway's spec.maxMemoryMib)\n";
        yf_write_all(2, tail, sizeof(tail) - 1);
    } else {
        write_size((uint64_t)pages * WASM_PAGE);
        static const char tail[] = " of memory\n";
        yf_write_all(2, tail, sizeof(tail) - 1);
    }
    /* QuickJS's own stack when it could build the error (exact positions),
       else the one noted when the allocation failed. */
    const char *stack;
    size_t stack_len;
    if (own_string8(error, JS_ATOM_stack, &stack, &stack_len))
        yf_write_mapped(2, stack, stack_len);
    else
        yf_write_mapped(2, oom.trace, oom.trace_len);
    return 1;
}
