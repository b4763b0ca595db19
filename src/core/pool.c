/* pool.c - the arena of a request or a report: a list of chunks, bump
 * allocation, freed at once.  Large allocations get a chunk of their own so a big upload copy does
 * not waste the rest of a small chunk. */
#include "core/pool.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 8192
#define ALIGN 16

typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} chunk;

struct peel_pool {
    chunk *head;
};

peel_pool *peel_pool_new(void)
{
    return calloc(1, sizeof(peel_pool));
}

void peel_pool_free(peel_pool *p)
{
    if (!p)
        return;
    for (chunk *c = p->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(p);
}

void *peel_pool_alloc(peel_pool *p, size_t n)
{
    chunk *c = p->head;
    size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);

    if (need < n)
        return NULL;
    if (!c || c->size - c->used < need) {
        size_t size = need > CHUNK / 2 ? need : CHUNK;
        if (size > SIZE_MAX - sizeof(chunk))
            return NULL;
        chunk *nc = malloc(sizeof(chunk) + size);
        if (!nc)
            return NULL;
        nc->used = 0;
        nc->size = size;
        if (need > CHUNK / 2 && c) {
            /* A big block: keep the current chunk at the head for small ones. */
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            p->head = nc;
        }
        c = nc;
    }
    void *ptr = c->data + c->used;
    c->used += need;
    memset(ptr, 0, n);
    return ptr;
}

char *peel_pool_strndup(peel_pool *p, const char *s, size_t n)
{
    char *d = n + 1 ? peel_pool_alloc(p, n + 1) : NULL;
    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *peel_pool_strdup(peel_pool *p, const char *s)
{
    return peel_pool_strndup(p, s ? s : "", s ? strlen(s) : 0);
}

char *peel_pool_printf(peel_pool *p, const char *fmt, ...)
{
    va_list ap;
    int n;
    char *d;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !(d = peel_pool_alloc(p, (size_t)n + 1)))
        return NULL;
    va_start(ap, fmt);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return d;
}
