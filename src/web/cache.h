/* cache.h - the page cache: public pages built once per change of what
 * they read, served again from memory with a strong ETag (and 304 Not
 * Modified for a matching If-None-Match).
 *
 * What is cached: a GET (or HEAD) of a route marked for the cache
 * (peel_route.cached: the front door, /crime, the district packs,
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
 * Invalidation is by the change counts (peel_store_changes_each), one per
 * group of what pages read (the crime data, the papers, each record type's
 * table ...), the same numbers in every connection and process for the
 * same state of the database, each raised in the transaction of every
 * commit that wrote its group (not a sign-in or a session's touch).  The
 * server reads them all as the snapshot's first read (peel_cache_snap),
 * and builds a page with a trace on its connection (store.h, peel_reads):
 * the store marks each group any read touched, so the page is kept with
 * the groups it read, not a list declared beside the handler that could
 * miss one.  Its stamp is the sum of those groups' counts, and of every
 * group no read can mark (SQLite's count of a transaction's writes too
 * many to list, "peel_overflow": writes of anything).  An entry is
 * served only to a request whose snapshot gives its groups the same sum
 * -- the very same data for that page -- dropped when a request's snapshot
 * gives more, and never replaced by a page of an older snapshot; so a page
 * is never served older than a change it read, and an edit of a person
 * leaves /figures, which counts no people, where it was (server.c,
 * serve_get).  There is no serving of a stale page while a fresh one is
 * built: a withdrawn record must vanish at once.
 *
 * Builds of one page are collapsed into one (single flight): a request that
 * misses while another builds the same key for the same snapshot waits for
 * that build (at most PEEL_CACHE_WAIT_MS) and is served its page; when the
 * build fails, or its page may not be kept, the waiters build their own.
 * The builder always hands its answer over (peel_cache_put, with nothing
 * to keep after a failure), and a flight older than the wait is never
 * waited for, so a lost builder delays requests, never stops them.
 *
 * Memory is bounded: the entries' bytes (key, body, headers and the entry
 * itself; pages and parts of pages, peel_cache_part, alike) never exceed
 * the cap given to peel_cache_new; a new entry evicts
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
#include "store/store.h"
#include "web/http.h"

/* The default cap of the cache's bytes, and the environment variable that
 * sets another (PEEL_CACHE_BYTES=0 turns the cache off). */
#define PEEL_CACHE_DEFAULT_BYTES ((size_t)32 << 20)
#define PEEL_CACHE_ENV "PEEL_CACHE_BYTES"

/* A strong ETag: a quoted hex digest of the body. */
#define PEEL_ETAG_SIZE 36

typedef struct peel_cache peel_cache;

/* How long a request waits for another's build of the same page. */
#define PEEL_CACHE_WAIT_MS 10000

typedef struct peel_cache_stats {
    uint64_t hits, misses, stores, evictions;
    uint64_t invalidations;          /* pages dropped for a change they read */
    uint64_t waits;                  /* requests that waited for another's build */
    uint64_t shared;                 /* ... and were served its page */
    uint64_t part_hits, part_builds; /* parts of pages (peel_cache_part) */
    size_t entries, bytes, cap, peak_bytes;
} peel_cache_stats;

/* A cache holding at most cap bytes; NULL when out of memory. */
peel_cache *peel_cache_new(size_t cap);
void peel_cache_free(peel_cache *c);

/* The cap from PEEL_CACHE_BYTES (a whole number of bytes, optionally with
 * a K, M or G suffix), else the default; false with err for one that does
 * not read. */
bool peel_cache_cap_from_env(size_t *cap, peel_err *err);

/* Whether no record type is named like a group of the change counts
 * (store.h: it would be counted with the group); an error naming it. */
bool peel_cache_groups_ok(peel_err *err);

/* Every group's change count in one snapshot. */
typedef struct peel_cache_snap peel_cache_snap;

/* The counts of the store's snapshot (read first in its read transaction),
 * the caller's to free; NULL with err. */
peel_cache_snap *peel_cache_snap_read(peel_store *s, peel_err *err);
void peel_cache_snap_free(peel_cache_snap *sn);

/* An empty snapshot, and one group's count set in it (for tests: a group
 * set twice counts twice); NULL or false when out of memory. */
peel_cache_snap *peel_cache_snap_new(void);
bool peel_cache_snap_set(peel_cache_snap *sn, const char *group, uint64_t count);

/* The stamp of what reads names in sn: the sum of those groups' counts
 * (of every group's, for all). */
uint64_t peel_cache_snap_stamp(const peel_cache_snap *sn, const peel_reads *reads);

/* Whether the request's reader is one the cache serves (the public). */
bool peel_cache_reader(const peel_req *r);

/* Whether the answer the handler made may be kept: 200, a page, no
 * Set-Cookie, no Cache-Control of its own, no CSRF token, nothing
 * sensitive. */
bool peel_cache_response_ok(const peel_req *r);

/* The key of a request into key (reset first); false when it cannot be
 * built (out of memory). */
bool peel_cache_key(const peel_req *r, peel_buf *key);

/* One build of a page others may wait for (single flight). */
typedef struct peel_cache_flight peel_cache_flight;

/* The page under key for the snapshot sn: on a hit (a page whose groups
 * have the same counts in sn as when it was built), the body is copied
 * into r->out (reset first), r->ctype, the handler's headers and status 200
 * set (strings in r->pool), its ETag into etag, and true returned.  An
 * entry one of whose groups has changed is dropped.  On a miss, when
 * another request is building the same page for the same snapshot (every
 * group's count the same), waits for it (at most
 * PEEL_CACHE_WAIT_MS) and is served its page; else *lead is set when the
 * caller is to build the page for the waiters to come, and the caller must
 * then call peel_cache_put with it, whatever the build's outcome. */
bool peel_cache_get(peel_cache *c, const char *key, size_t klen, const peel_cache_snap *sn,
                    peel_req *r, char etag[PEEL_ETAG_SIZE], peel_cache_flight **lead);

/* Keeps r's answer under key, built from snapshot sn after reading reads,
 * with its ETag (r NULL: the build failed or may not be kept: nothing
 * kept), and ends lead's flight (NULL: none), waking its waiters.  Nothing
 * is kept when an entry of a later snapshot is there, the entry is too
 * large, or memory is short (the cache is an optimisation: a failure to
 * keep is no error). */
void peel_cache_put(peel_cache *c, peel_cache_flight *lead, const char *key, size_t klen,
                    const peel_cache_snap *sn, const peel_reads *reads, const peel_req *r,
                    const char *etag);

/* A part of a public page, kept apart so that a change the part did not
 * read leaves it built when the page around it must be built again (the
 * front door's sections: a person's edit rebuilds the count of people,
 * and takes its crime at a glance and its figures as they were).  It is
 * appended to r->out from the cache when what it read has the same counts
 * in r's snapshot (r->snap) as when it was kept, else written by fn, under
 * a trace of its own, and kept (when fn succeeds and shows nothing
 * sensitive).  Either way the page's trace takes the part's groups.  name
 * names the part among all pages'; the key holds the reader's audience
 * and the day as a page's does.  Without a cache or a snapshot, or for a
 * reader the cache does not serve, simply fn.  fn's return, or -1.
 *
 * What fn reads must come from the store within fn, not from what the
 * request kept of an earlier read, or the part would not know it read it
 * (a request's memo marks the group again when it serves, as the
 * references' names do: peel_store_mark). */
typedef int (*peel_cache_part_fn)(peel_req *r, peel_err *err);
int peel_cache_part(peel_req *r, const char *name, peel_cache_part_fn fn, peel_err *err);

/* The strong ETag of a body. */
void peel_cache_etag(const char *body, size_t len, char out[PEEL_ETAG_SIZE]);

/* Whether an If-None-Match header's value names etag (or is "*"); weak
 * comparison, as RFC 9110 asks for If-None-Match. */
bool peel_cache_etag_match(const char *if_none_match, const char *etag);

void peel_cache_stats_get(peel_cache *c, peel_cache_stats *out);

#endif
