/* cache.h - the page cache: public pages built once per change of the
 * database, served again from memory with a strong ETag (and 304 Not
 * Modified for a matching If-None-Match).
 *
 * What is cached: a GET (or HEAD) of a route the cache names
 * (peel_cache_route: the front door, /crime, the district packs,
 * /figures), asked by the public (no session, no expired session, not the
 * API), answered 200 with no Set-Cookie, no Cache-Control of the handler's
 * own, no CSRF token in the page (one would tie it to one visitor's cookie)
 * and nothing OFFICIAL-SENSITIVE.  Signed-in staff, the Panel and admins
 * never read from it or write to it: they always get a fresh page.
 *
 * The key is everything that changes the bytes: the audience (the reader's
 * role, and whether the site is served over HTTPS), the day ("today" of
 * the clock, which the front door's upcoming meetings depend on), the path
 * and the query string normalised (parameters sorted by name then value,
 * re-encoded), so ?a=1&b=2 and ?b=2&a=1 are one page.
 *
 * Invalidation is by an epoch: the database's change count
 * (peel_store_changes), the same number in every connection and process
 * for the same state of what pages show, raised in the transaction of
 * every commit that changed it (not a sign-in or a session's touch).  The
 * server reads it as its snapshot's first read and hands it to
 * peel_cache_advance; the highest seen is the epoch, and moving it drops
 * every entry.  An entry records the count of the snapshot it was built
 * from and is stored and served only while that is the epoch, so a page
 * is served only to a request whose snapshot shows the very same data, and
 * the first page built after a change is kept (server.c, serve_get).
 *
 * Memory is bounded: the entries' bytes (key, body, headers and the entry
 * itself) never exceed the cap given to peel_cache_new; a new entry evicts
 * the least recently used ones until it fits, and one larger than a quarter
 * of the cap is not kept.  The hash table's buckets (one pointer each, at
 * most two per entry) are outside the cap.  A hit copies the body out under the lock, so an evicted
 * entry is freed at once, never held by a response in flight.
 *
 * Thread safety: every function may be called from any worker thread.
 * Ownership: the cache owns its entries; peel_cache_free frees them all.
 */
#ifndef PEEL_WEB_CACHE_H
#define PEEL_WEB_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "web/http.h"

/* The default cap of the cache's bytes, and the environment variable that
 * sets another (PEEL_CACHE_BYTES=0 turns the cache off). */
#define PEEL_CACHE_DEFAULT_BYTES ((size_t)32 << 20)
#define PEEL_CACHE_ENV "PEEL_CACHE_BYTES"

/* A strong ETag: a quoted hex digest of the body. */
#define PEEL_ETAG_SIZE 36

typedef struct peel_cache peel_cache;

typedef struct peel_cache_stats {
    uint64_t hits, misses, stores, evictions, invalidations;
    size_t entries, bytes, cap, peak_bytes;
} peel_cache_stats;

/* A cache holding at most cap bytes; NULL when out of memory. */
peel_cache *peel_cache_new(size_t cap);
void peel_cache_free(peel_cache *c);

/* The cap from PEEL_CACHE_BYTES (a whole number of bytes, optionally with
 * a K, M or G suffix), else the default; false with err for one that does
 * not read. */
bool peel_cache_cap_from_env(size_t *cap, peel_err *err);

/* Whether the pages of a route (by its pattern) may be cached for the
 * public: their data changes only on import or edit. */
bool peel_cache_route(const char *pattern);

/* Whether the request's reader is one the cache serves (the public). */
bool peel_cache_reader(const peel_req *r);

/* Whether the answer the handler made may be kept: 200, a page, no
 * Set-Cookie, no Cache-Control of its own, no CSRF token, nothing
 * sensitive. */
bool peel_cache_response_ok(const peel_req *r);

/* The key of a request into key (reset first); false when it cannot be
 * built (out of memory). */
bool peel_cache_key(const peel_req *r, peel_buf *key);

/* A snapshot whose change count is count was seen: when it is past the
 * epoch, it becomes the epoch and every entry is dropped.  Returns the
 * epoch now: a page built from that snapshot may be served and kept only
 * when it is count. */
uint64_t peel_cache_advance(peel_cache *c, uint64_t count);

/* The page under key built at epoch: on a hit, the body is copied into
 * r->out (reset first), r->ctype, the handler's headers and status 200 set
 * (strings in r->pool), its ETag into etag, and true returned.  An entry of
 * another epoch is dropped and missed. */
bool peel_cache_get(peel_cache *c, const char *key, size_t klen, uint64_t epoch, peel_req *r,
                    char etag[PEEL_ETAG_SIZE]);

/* Keeps r's answer under key, built at epoch, with its ETag; nothing when
 * the epoch has moved on meanwhile, the entry is too large, or memory is
 * short (the cache is an optimisation: a failure to keep is no error). */
void peel_cache_put(peel_cache *c, const char *key, size_t klen, uint64_t epoch, const peel_req *r,
                    const char *etag);

/* The strong ETag of a body. */
void peel_cache_etag(const char *body, size_t len, char out[PEEL_ETAG_SIZE]);

/* Whether an If-None-Match header's value names etag (or is "*"); weak
 * comparison, as RFC 9110 asks for If-None-Match. */
bool peel_cache_etag_match(const char *if_none_match, const char *etag);

void peel_cache_stats_get(peel_cache *c, peel_cache_stats *out);

#endif
