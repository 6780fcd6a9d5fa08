/* Lazily loaded bytecode chunks (e.g. the YAML parser, needed only when a
   flight's input is YAML). The linker compresses each chunk (the format is
   described in packages/runtime/src/chunk-codec.ts), stores it in a passive
   data segment, which costs nothing when the module is instantiated, and
   replaces the exported placeholder's body with one that copies chunk `id`
   to `dest` with memory.init. The placeholder is kept alone in this file so
   the compiler cannot inline or constant-fold it into its callers; and
   called through a pointer read from memory, so wasm-opt cannot either. */
#include <stdlib.h>
#include <string.h>
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

enum { MIN_MATCH = 4, HEADER_SIZE = 4 };

/* A length: the nibble, plus extension bytes when it is 15. */
static int read_length(const uint8_t **s, const uint8_t *end, size_t cap, size_t *n)
{
    if (*n != 15)
        return 0;
    uint8_t b;
    do {
        if (*s == end || *n > cap)
            return -1;
        b = *(*s)++;
        *n += b;
    } while (b == 255);
    return 0;
}

/* Decodes `in` (a compressed chunk without its header) into exactly `cap`
   bytes at `out`. 0 on success, -1 if the input is corrupt: every read and
   write is checked against its bounds first. */
static int decode(const uint8_t *s, const uint8_t *end, uint8_t *out, size_t cap)
{
    size_t o = 0;
    for (;;) {
        if (s == end)
            return -1;
        unsigned token = *s++;
        size_t literals = token >> 4;
        if (read_length(&s, end, cap, &literals) < 0 || literals > (size_t)(end - s) || literals > cap - o)
            return -1;
        memcpy(out + o, s, literals);
        s += literals;
        o += literals;
        if (s == end)
            return o == cap ? 0 : -1;
        if (end - s < 2)
            return -1;
        size_t offset = s[0] | (size_t)s[1] << 8;
        s += 2;
        size_t length = token & 15;
        if (read_length(&s, end, cap, &length) < 0)
            return -1;
        length += MIN_MATCH;
        if (offset == 0 || offset > o || length > cap - o)
            return -1;
        if (offset >= length) /* apart: one memory.copy */
            memcpy(out + o, out + o - offset, length);
        else /* overlapping: repeats what it copies */
            for (size_t i = 0; i < length; i++)
                out[o + i] = out[o + i - offset];
        o += length;
    }
}

int yf_chunk_read(uint32_t id, uint8_t **bytes, uint32_t *size)
{
    *bytes = NULL;
    *size = 0;
    uint32_t stored = chunk_function(id, NULL);
    if (stored == 0)
        return YF_CHUNK_MISSING;
    uint8_t *compressed = malloc(stored);
    if (!compressed)
        return YF_CHUNK_NO_MEMORY;
    chunk_function(id, compressed);
    uint32_t cap = stored < HEADER_SIZE ? 0 : compressed[0] | compressed[1] << 8 | compressed[2] << 16 | (uint32_t)compressed[3] << 24;
    /* Each byte of input yields at most 255 + MIN_MATCH bytes of output. */
    if (stored < HEADER_SIZE || cap / (255 + MIN_MATCH) > stored) {
        free(compressed);
        return YF_CHUNK_CORRUPT;
    }
    uint8_t *out = malloc(cap ? cap : 1);
    if (!out) {
        free(compressed);
        return YF_CHUNK_NO_MEMORY;
    }
    int decoded = decode(compressed + HEADER_SIZE, compressed + stored, out, cap);
    free(compressed);
    if (decoded < 0) {
        free(out);
        return YF_CHUNK_CORRUPT;
    }
    *bytes = out;
    *size = cap;
    return YF_CHUNK_OK;
}
