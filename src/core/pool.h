/* pool.h - an arena for work with one end: a web request, a report build.
 *
 * Everything the work allocates for its own use (a request's decoded form
 * values, query arguments and header values; a report's cells) comes from its
 * pool and is freed in one place, peel_pool_free(), when the work ends.  The
 * pool owns every block it hands out; nothing from it is freed on its own.
 * Allocation never fails silently: NULL means out of memory (a request
 * answers 500, a report returns PEEL_ENOMEM).
 */
#ifndef PEEL_CORE_POOL_H
#define PEEL_CORE_POOL_H

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
