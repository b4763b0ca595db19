/* pool.h - a request-scoped arena.
 *
 * Everything a request allocates for its own use (decoded form values, query
 * arguments, header values) comes from its pool and is freed in one place,
 * peel_pool_free(), when the request ends.  Allocation never fails silently:
 * NULL means out of memory and the caller answers 500.
 */
#ifndef PEEL_WEB_POOL_H
#define PEEL_WEB_POOL_H

#include <stddef.h>

typedef struct peel_pool peel_pool;

peel_pool *peel_pool_new(void);
void peel_pool_free(peel_pool *p);
/* Zeroed memory, aligned for any type; NULL on out of memory. */
void *peel_pool_alloc(peel_pool *p, size_t n);
/* A NUL-terminated copy of s[0..n). */
char *peel_pool_strndup(peel_pool *p, const char *s, size_t n);
char *peel_pool_strdup(peel_pool *p, const char *s);
char *peel_pool_printf(peel_pool *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
