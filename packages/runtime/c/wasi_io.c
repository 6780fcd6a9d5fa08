/* Direct WASI preview 1 I/O. stdout carries only the flight's output, so
   nothing goes through stdio buffers that would need flushing at exit. */
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#include "runtime.h"

int yf_write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        __wasi_ciovec_t iov = { (const uint8_t *)buf, len };
        __wasi_size_t written = 0;
        __wasi_errno_t err = __wasi_fd_write(fd, &iov, 1, &written);
        if (err == __WASI_ERRNO_INTR || err == __WASI_ERRNO_AGAIN)
            continue;
        if (err != 0 || written == 0)
            return -1;
        buf += written;
        len -= written;
    }
    return 0;
}

char *yf_read_all(int fd, size_t *out_len)
{
    size_t cap = 16 * 1024, len = 0;
    char *buf = malloc(cap + 1);
    if (!buf)
        return NULL;
    for (;;) {
        if (len == cap) {
            char *grown = realloc(buf, cap * 2 + 1);
            if (!grown) {
                free(buf);
                return NULL;
            }
            buf = grown;
            cap *= 2;
        }
        __wasi_iovec_t iov = { (uint8_t *)buf + len, cap - len };
        __wasi_size_t n = 0;
        __wasi_errno_t err = __wasi_fd_read(fd, &iov, 1, &n);
        if (err == __WASI_ERRNO_INTR || err == __WASI_ERRNO_AGAIN)
            continue;
        /* A host that gives no stdin (EBADF) reads as empty input. */
        if (err != 0 || n == 0)
            break;
        len += n;
    }
    buf[len] = '\0';
    *out_len = len;
    return buf;
}

/* Reads a WASI string vector (environ or args) into fresh buffers. */
typedef __wasi_errno_t (*sizes_fn)(__wasi_size_t *, __wasi_size_t *);
typedef __wasi_errno_t (*get_fn)(uint8_t **, uint8_t *);

static int read_vector(sizes_fn sizes, get_fn get, uint8_t ***items, uint8_t **data, size_t *count)
{
    __wasi_size_t n = 0, size = 0;
    *items = NULL;
    *data = NULL;
    *count = 0;
    if (sizes(&n, &size) != 0)
        return 0;
    *items = malloc((n + 1) * sizeof(uint8_t *));
    *data = malloc(size + 1);
    if (!*items || !*data || get(*items, *data) != 0) {
        free(*items);
        free(*data);
        *items = NULL;
        *data = NULL;
        return -1;
    }
    *count = n;
    return 0;
}

JSValue yf_environ_object(JSContext *ctx)
{
    uint8_t **items, *data;
    size_t count;
    JSValue obj = JS_NewObject(ctx);
    if (read_vector(__wasi_environ_sizes_get, __wasi_environ_get, &items, &data, &count) < 0)
        return obj;
    for (size_t i = 0; i < count; i++) {
        const char *entry = (const char *)items[i];
        const char *eq = strchr(entry, '=');
        size_t key_len = eq ? (size_t)(eq - entry) : strlen(entry);
        const char *value = eq ? eq + 1 : "";
        JSAtom key = JS_NewAtomLen(ctx, entry, key_len);
        JS_DefinePropertyValue(ctx, obj, key, JS_NewString(ctx, value), JS_PROP_C_W_E);
        JS_FreeAtom(ctx, key);
    }
    free(items);
    free(data);
    return obj;
}

JSValue yf_args_array(JSContext *ctx)
{
    uint8_t **items, *data;
    size_t count;
    JSValue arr = JS_NewArray(ctx);
    if (read_vector(__wasi_args_sizes_get, __wasi_args_get, &items, &data, &count) < 0)
        return arr;
    for (size_t i = 0; i < count; i++)
        JS_SetPropertyUint32(ctx, arr, (uint32_t)i, JS_NewString(ctx, (const char *)items[i]));
    free(items);
    free(data);
    return arr;
}

uint64_t yf_random_u64(void)
{
    uint64_t value = 0;
    if (__wasi_random_get((uint8_t *)&value, sizeof(value)) != 0)
        value = 0;
    return value;
}

_Noreturn void yf_exit(int code)
{
    __wasi_proc_exit((__wasi_exitcode_t)code);
}
