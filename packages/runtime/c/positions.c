/* Maps the `flight.js:LINE:COLUMN` positions in what the module prints
   (uncaught errors, anything on stderr) to the author's TypeScript, and
   minified function names to the original ones, through the position table
   the linker embedded (position_table.c; format in src/position-table.ts).
   This is what a Go flight gets for free (`main.go:17`): it works under any
   WASI host, with no source map file.
   Nothing here runs unless such a position is written. It allocates nothing
   (the table is read through a small static window), so it also works when
   the flight ran out of memory. */
#include <string.h>

#include "runtime.h"

#define MAGIC "yfp1"
#define WINDOW_SIZE 1024
#define NAME_MAX_LEN 1024

static uint8_t window[WINDOW_SIZE];
static uint32_t window_start, window_len;

/* Table layout, found once: where each section starts (0: no table). */
static struct {
    int checked;
    uint32_t size, sources, names, lines, functions;
} table;

typedef struct {
    uint32_t pos;
    int bad;
} reader;

static int next_byte(reader *r)
{
    if (r->bad || r->pos >= table.size) {
        r->bad = 1;
        return 0;
    }
    if (r->pos < window_start || r->pos >= window_start + window_len) {
        uint32_t n = table.size - r->pos;
        if (n > WINDOW_SIZE)
            n = WINDOW_SIZE;
        yf_position_table(r->pos, n, window);
        window_start = r->pos;
        window_len = n;
    }
    return window[r->pos++ - window_start];
}

/* Unsigned LEB128. */
static uint32_t read_u(reader *r)
{
    uint32_t value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        int b = next_byte(r);
        value |= (uint32_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return value;
    }
    r->bad = 1;
    return 0;
}

/* Zigzag-encoded signed LEB128. */
static int32_t read_s(reader *r)
{
    uint32_t v = read_u(r);
    return (int32_t)(v >> 1) ^ -(int32_t)(v & 1);
}

static void skip_strings(reader *r)
{
    uint32_t count = read_u(r);
    for (uint32_t i = 0; i < count && !r->bad; i++)
        r->pos += read_u(r);
}

static void skip_lines(reader *r)
{
    uint32_t lines = read_u(r);
    for (uint32_t l = 0; l < lines && !r->bad; l++) {
        uint32_t segments = read_u(r);
        for (uint32_t s = 0; s < segments && !r->bad; s++) {
            if (read_u(r) & 1) {
                read_s(r);
                read_s(r);
                read_s(r);
            }
        }
    }
}

static int table_available(void)
{
    if (table.checked)
        return table.size > 0;
    table.checked = 1;
    table.size = yf_position_table(0, 0, NULL);
    reader r = { 0, 0 };
    for (int i = 0; i < 4; i++) {
        if (next_byte(&r) != MAGIC[i])
            r.bad = 1;
    }
    table.sources = r.pos;
    skip_strings(&r);
    table.names = r.pos;
    skip_strings(&r);
    table.lines = r.pos;
    skip_lines(&r);
    table.functions = r.pos;
    if (r.bad)
        table.size = 0;
    return table.size > 0;
}

/* Copies string `index` of the section at `section` into buf (NUL-terminated). */
static int string_at(uint32_t section, uint32_t index, char *buf, size_t cap)
{
    reader r = { section, 0 };
    uint32_t count = read_u(&r);
    if (index >= count)
        return -1;
    for (uint32_t i = 0; i < index && !r.bad; i++)
        r.pos += read_u(&r);
    uint32_t len = read_u(&r);
    if (r.bad || len >= cap)
        return -1;
    for (uint32_t i = 0; i < len; i++)
        buf[i] = (char)next_byte(&r);
    buf[len] = '\0';
    return r.bad ? -1 : 0;
}

typedef struct {
    uint32_t source, line, column; /* line and column 1-based */
} original_position;

/* The original position of a 1-based generated line and column (in code
   points, as QuickJS counts them): the last mapping at or before it on its
   line, as source maps are read. */
static int find_original(uint32_t line, uint32_t column, original_position *out)
{
    reader r = { table.lines, 0 };
    uint32_t lines = read_u(&r);
    int32_t source = 0, src_line = 0, src_column = 0;
    int found = 0;
    if (line == 0 || column == 0 || line > lines)
        return 0;
    for (uint32_t l = 0; l < line && !r.bad; l++) {
        uint32_t segments = read_u(&r);
        uint32_t gen_column = 0;
        for (uint32_t s = 0; s < segments && !r.bad; s++) {
            uint32_t head = read_u(&r);
            gen_column += head >> 1;
            int mapped = head & 1;
            if (mapped) {
                source += read_s(&r);
                src_line += read_s(&r);
                src_column += read_s(&r);
            }
            if (l == line - 1 && gen_column <= column - 1) {
                found = mapped;
                out->source = (uint32_t)source;
                out->line = (uint32_t)src_line + 1;
                out->column = (uint32_t)src_column + 1;
            }
        }
    }
    return found && !r.bad;
}

static int before(uint32_t l1, uint32_t c1, uint32_t l2, uint32_t c2)
{
    return l1 < l2 || (l1 == l2 && c1 < c2);
}

/* The original name of the innermost renamed function around a 1-based
   position, if the frame's printed name is the one it was renamed to. */
static int find_original_name(const char *shown, size_t shown_len, uint32_t line, uint32_t column,
                              char *buf, size_t cap)
{
    line--;
    column--;
    reader r = { table.functions, 0 };
    uint32_t count = read_u(&r);
    uint32_t start_line = 0;
    int32_t best_generated = -1, best_original = -1;
    for (uint32_t i = 0; i < count && !r.bad; i++) {
        start_line += read_u(&r);
        uint32_t start_column = read_u(&r);
        uint32_t end_line = start_line + read_u(&r);
        uint32_t end_column = read_u(&r);
        uint32_t generated = read_u(&r), original = read_u(&r);
        /* Functions are sorted by start: the last one that contains the
           position is the innermost. */
        if (!before(line, column, start_line, start_column) && before(line, column, end_line, end_column)) {
            best_generated = (int32_t)generated;
            best_original = (int32_t)original;
        }
    }
    if (r.bad || best_generated < 0)
        return 0;
    if (string_at(table.names, (uint32_t)best_generated, buf, cap) < 0)
        return 0;
    if (strlen(buf) != shown_len || memcmp(buf, shown, shown_len) != 0)
        return 0;
    return string_at(table.names, (uint32_t)best_original, buf, cap) == 0;
}

static const char BUNDLE[] = "flight.js:";
#define BUNDLE_LEN (sizeof(BUNDLE) - 1)

static int part_of_path(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.' || c == '/';
}

/* The next `flight.js:` at or after p that is not part of a longer path. */
static const char *find_bundle(const char *p, const char *end)
{
    for (const char *start = p; p + BUNDLE_LEN <= end; p++) {
        if (memcmp(p, BUNDLE, BUNDLE_LEN) == 0 && (p == start || !part_of_path(p[-1])))
            return p;
    }
    return NULL;
}

static const char *parse_uint(const char *p, const char *end, uint32_t *value)
{
    const char *start = p;
    uint32_t v = 0;
    while (p < end && *p >= '0' && *p <= '9' && p - start < 9)
        v = v * 10 + (uint32_t)(*p++ - '0');
    *value = v;
    return p > start ? p : NULL;
}

size_t yf_format_uint(char digits[YF_UINT_DIGITS], uint32_t v)
{
    char reversed[YF_UINT_DIGITS];
    size_t n = 0;
    do {
        reversed[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        digits[i] = reversed[n - 1 - i];
    return n;
}

static void write_uint(int fd, uint32_t v)
{
    char digits[YF_UINT_DIGITS];
    yf_write_all(fd, digits, yf_format_uint(digits, v));
}

/* A `flight.js:L:C` at p: its line and column, and where it ends. */
static const char *parse_position(const char *p, const char *end, uint32_t *line, uint32_t *column)
{
    p = parse_uint(p + BUNDLE_LEN, end, line);
    if (!p || p >= end || *p != ':')
        return NULL;
    return parse_uint(p + 1, end, column);
}

/* The name of a stack frame line `    at NAME (` that ends at `paren`. */
static int frame_name(const char *line, const char *paren, const char **name, size_t *len)
{
    const char *p = line;
    while (p < paren && *p == ' ')
        p++;
    if (paren - p < 5 || memcmp(p, "at ", 3) != 0 || paren[-1] != ' ')
        return 0;
    *name = p + 3;
    *len = (size_t)(paren - 1 - *name);
    return *len > 0;
}

static void write_mapped_line(int fd, const char *line, const char *end)
{
    const char *p = line;
    const char *hit;
    while ((hit = find_bundle(p, end)) != NULL) {
        uint32_t gen_line, gen_column;
        original_position pos;
        char source[NAME_MAX_LEN];
        const char *after = parse_position(hit, end, &gen_line, &gen_column);
        if (!after || !find_original(gen_line, gen_column, &pos) ||
            string_at(table.sources, pos.source, source, sizeof(source)) < 0) {
            yf_write_all(fd, p, (size_t)(hit + BUNDLE_LEN - p));
            p = hit + BUNDLE_LEN;
            continue;
        }
        const char *name;
        size_t name_len;
        char original[NAME_MAX_LEN];
        if (p == line && hit > line && hit[-1] == '(' && frame_name(line, hit - 1, &name, &name_len) &&
            find_original_name(name, name_len, gen_line, gen_column, original, sizeof(original))) {
            yf_write_all(fd, p, (size_t)(name - p));
            yf_write_all(fd, original, strlen(original));
            yf_write_all(fd, " (", 2);
        } else {
            yf_write_all(fd, p, (size_t)(hit - p));
        }
        yf_write_all(fd, source, strlen(source));
        yf_write_all(fd, ":", 1);
        write_uint(fd, pos.line);
        yf_write_all(fd, ":", 1);
        write_uint(fd, pos.column);
        p = after;
    }
    yf_write_all(fd, p, (size_t)(end - p));
}

int yf_write_mapped(int fd, const char *text, size_t len)
{
    const char *end = text + len;
    if (!find_bundle(text, end) || !table_available())
        return yf_write_all(fd, text, len);
    for (const char *line = text; line < end;) {
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        const char *stop = eol ? eol + 1 : end;
        write_mapped_line(fd, line, eol ? eol : end);
        if (eol)
            yf_write_all(fd, "\n", 1);
        line = stop;
    }
    return 0;
}
