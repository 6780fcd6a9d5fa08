/* The flight's position table (generated column -> TypeScript source, line,
   column, and original function names; see src/position-table.ts), read only
   when an error is reported. The linker stores the table in a passive data
   segment, which costs nothing when the module starts, and replaces this
   function's body with one that copies `len` bytes from `offset` to `dest`
   with memory.init. Kept alone in this file (like chunks.c) so the compiler
   cannot inline or constant-fold the placeholder into its callers; and
   called through a pointer read from memory, so wasm-opt cannot either. */
#include "runtime.h"

/* Returns the table's size (0 if the flight has none) and, when `dest` is
   not NULL, copies bytes [offset, offset + len) of it there. */
__attribute__((export_name("yoke-flight-positions"), noinline))
uint32_t yf_position_table_placeholder(uint32_t offset, uint32_t len, uint8_t *dest)
{
    (void)offset;
    (void)len;
    /* A body no other function has, so wasm-opt cannot merge it with one. */
    if (dest == (uint8_t *)1)
        return 0x79667074u;
    return 0;
}

static uint32_t (*volatile position_table_function)(uint32_t, uint32_t, uint8_t *) = yf_position_table_placeholder;

uint32_t yf_position_table(uint32_t offset, uint32_t len, uint8_t *dest)
{
    return position_table_function(offset, len, dest);
}
