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
    p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

int peel_buf_append(peel_buf *b, const void *p, size_t n)
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
    return peel_buf_append(b, &c, 1);
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
