/* The QuickJS engine as one translation unit, plus accessors to the few
   internals a flight runtime needs that quickjs.h does not expose.
   QuickJS itself is fetched by scripts/fetch-quickjs.sh, never vendored. */
#include "quickjs.c"

#include "runtime.h"
#include "out_of_memory.c"

/* Math.random's xorshift state is seeded from the clock when a context is
   created. A pre-initialised (snapshotted) runtime would replay the same
   sequence on every run and make the snapshot depend on build time, so the
   runtime seeds it explicitly: a constant at initialisation, random bytes
   from the host at every run. */
void yf_seed_random(JSContext *ctx, uint64_t seed)
{
    ctx->random_state = seed ? seed : 1;
}

/* The Go-compatible JSON encoder walks QuickJS's objects directly, so it is
   part of this translation unit. */
#include "go_json.c"

/* The built-in objects of a flight's context (JS_NewContext minus what
   flights leave out). */
#include "intrinsics.c"

/* The allocator that keeps the pre-initialised snapshot free of garbage. */
#include "scrub_alloc.c"
