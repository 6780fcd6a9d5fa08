/* Lazily loaded bytecode chunks (e.g. the YAML parser, needed only when a
   flight's input is YAML). The linker stores each chunk in a passive data
   segment, which costs nothing when the module is instantiated, and
   replaces the exported placeholder's body with one that copies chunk `id`
   to `dest` with memory.init. Kept alone in this file so the compiler
   cannot inline or constant-fold the placeholder into its callers; and
   called through a pointer read from memory, so wasm-opt cannot either. */
#include "runtime.h"

/* Returns the size of chunk `id` (0 if there is none) and, when `dest` is
   not NULL, copies the chunk there. */
__attribute__((export_name("yoke-flight-chunk"), noinline))
uint32_t yf_chunk_placeholder(uint32_t id, uint8_t *dest)
{
    (void)id;
    /* A body no other function has, so wasm-opt cannot merge it with one. */
    if (dest == (uint8_t *)1)
        return 0x79666368u;
    return 0;
}

static uint32_t (*volatile chunk_function)(uint32_t, uint8_t *) = yf_chunk_placeholder;

uint32_t yf_chunk(uint32_t id, uint8_t *dest)
{
    return chunk_function(id, dest);
}
