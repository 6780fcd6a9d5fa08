/* QuickJS's allocator, with freed memory zeroed while the runtime is being
   pre-initialised. The snapshot (src/snapshot.ts) stores every non-zero
   byte of memory, and without this it would also store whatever the
   initialisation (compiling the prelude, reading a preloaded flight's
   bytecode) allocated and freed again. #included by engine.c, after
   quickjs.c, to reuse its default allocator; scrubbing stops when a run
   starts, so it costs nothing at run time. Allocations go through
   out_of_memory.c's watched_malloc/watched_realloc, which note the first
   one that fails for the out-of-memory report. */

static int yf_scrubbing = 1;

static void yf_scrubbing_free(JSMallocState *s, void *ptr)
{
    if (yf_scrubbing && ptr)
        memset(ptr, 0, js_def_malloc_usable_size(ptr));
    js_def_free(s, ptr);
}

static void *yf_scrubbing_realloc(JSMallocState *s, void *ptr, size_t size)
{
    if (!yf_scrubbing || !ptr)
        return watched_realloc(s, ptr, size);
    if (size == 0) {
        yf_scrubbing_free(s, ptr);
        return NULL;
    }
    size_t old_size = js_def_malloc_usable_size(ptr);
    if (size <= old_size) {
        memset((uint8_t *)ptr + size, 0, old_size - size);
        return watched_realloc(s, ptr, size);
    }
    /* Grow by moving, so the old block is zeroed before it is freed. */
    void *moved = watched_malloc(s, size);
    if (!moved)
        return NULL;
    memcpy(moved, ptr, old_size);
    yf_scrubbing_free(s, ptr);
    return moved;
}

static const JSMallocFunctions yf_malloc_funcs = {
    watched_malloc,
    yf_scrubbing_free,
    yf_scrubbing_realloc,
    js_def_malloc_usable_size,
};

JSRuntime *yf_new_runtime(void)
{
    return JS_NewRuntime2(&yf_malloc_funcs, NULL);
}

void yf_stop_scrubbing(void)
{
    yf_scrubbing = 0;
}
