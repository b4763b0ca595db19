/* buf.h - the growable byte buffer every page, JSON body, CSV row and SQL
 * text is built in.
 *
 * Invariants: data is NUL-terminated whenever it is non-NULL; len never
 * exceeds max; after a failed append (out of memory, or the append would
 * pass max) the buffer keeps its old contents and `failed` stays set, so a
 * run of appends can be checked once at the end.  The buffer owns data;
 * peel_buf_release() frees it, peel_buf_detach() hands it to the caller.
 */
#ifndef PEEL_CORE_BUF_H
#define PEEL_CORE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define PEEL_BUF_DEFAULT_MAX ((size_t)256 << 20) /* 256 MiB */

typedef struct peel_buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max;  /* largest len allowed */
    bool failed; /* sticky: some append failed */
} peel_buf;

#define PEEL_BUF_INIT                                                                              \
    {                                                                                              \
        NULL, 0, 0, PEEL_BUF_DEFAULT_MAX, false                                                    \
    }

void peel_buf_init(peel_buf *b, size_t max);
void peel_buf_release(peel_buf *b); /* frees data, back to empty */
void peel_buf_reset(peel_buf *b);   /* len = 0, keeps memory, clears failed */
char *peel_buf_detach(peel_buf *b); /* caller frees; never NULL unless OOM */

/* Appends return 0, or -1 on failure (and set failed). */
int peel_buf_append_grow_(peel_buf *b, const void *p, size_t n);
/* The common case (it fits) inline: pages are built from tens of thousands
 * of short appends a second (bench/web/README.md). */
static inline int peel_buf_append(peel_buf *b, const void *p, size_t n)
{
    /* cap > len whenever data is set, and cap <= max + 1 (peel_buf_reserve). */
    if (b->data && n < b->cap - b->len) {
        if (n)
            memcpy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = '\0';
        return 0;
    }
    return peel_buf_append_grow_(b, p, n);
}
int peel_buf_puts(peel_buf *b, const char *s);
int peel_buf_putc(peel_buf *b, char c);
int peel_buf_printf(peel_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int peel_buf_vprintf(peel_buf *b, const char *fmt, va_list ap);
int peel_buf_put_i64(peel_buf *b, int64_t v); /* decimal */
int peel_buf_reserve(peel_buf *b, size_t extra);
void peel_buf_truncate(peel_buf *b, size_t len);

/* "" when empty, never NULL. */
const char *peel_buf_str(const peel_buf *b);

#endif
