/* buf.c - growable buffer with a cap and a sticky failure flag. */
#include "core/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void peel_buf_init(peel_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max ? max : PEEL_BUF_DEFAULT_MAX;
    b->failed = false;
}

void peel_buf_release(peel_buf *b)
{
    free(b->data);
    peel_buf_init(b, b->max);
}

void peel_buf_reset(peel_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
    b->failed = false;
}

char *peel_buf_detach(peel_buf *b)
{
    char *p = b->data;
    if (!p)
        p = calloc(1, 1);
    peel_buf_init(b, b->max);
    return p;
}

int peel_buf_reserve(peel_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (extra > b->max - b->len) {
        b->failed = true;
        return -1;
    }
    need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    /* Never more room than max allows: the inline append in buf.h relies on
     * cap - len - 1 <= max - len. */
    if (b->max < SIZE_MAX && cap > b->max + 1)
        cap = b->max + 1;
    p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

int peel_buf_append_grow_(peel_buf *b, const void *p, size_t n)
{
    if (peel_buf_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int peel_buf_puts(peel_buf *b, const char *s)
{
    return peel_buf_append(b, s, strlen(s));
}

int peel_buf_putc(peel_buf *b, char c)
{
    if (b->data && b->cap - b->len > 1) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return 0;
    }
    return peel_buf_append_grow_(b, &c, 1);
}

int peel_buf_vprintf(peel_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || peel_buf_reserve(b, (size_t)n) < 0) {
        b->failed = true;
        return -1;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int peel_buf_printf(peel_buf *b, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = peel_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return r;
}

/* A plain decimal integer, without printf's format parsing (pages and JSON
 * write many ids and counts). */
int peel_buf_put_i64(peel_buf *b, int64_t v)
{
    char tmp[24], *q = tmp + sizeof tmp;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

    do {
        *--q = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--q = '-';
    return peel_buf_append(b, q, (size_t)(tmp + sizeof tmp - q));
}

void peel_buf_truncate(peel_buf *b, size_t len)
{
    if (len < b->len) {
        b->len = len;
        b->data[len] = '\0';
    }
}

const char *peel_buf_str(const peel_buf *b)
{
    return b->data ? b->data : "";
}
