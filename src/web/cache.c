/* cache.c - the page cache of public pages (cache.h says what and why).
 *
 * One mutex guards the table: lookups copy a body of tens of kilobytes
 * under it, far less than the milliseconds a pack takes to build.  Entries
 * are chained in a hash table of a power-of-two number of buckets (grown as
 * entries are added) and in one doubly linked list, most recently used
 * first; the least recently used are evicted when a new entry would take
 * the bytes over the cap.  Each entry is one allocation: the struct, then
 * the key, the body, the content type and the handler's headers, each
 * NUL-terminated; its size is what the cap counts.
 *
 * The chains are this file's own rather than core/hash.h's table, which by
 * design removes nothing one at a time (it keeps its keys in one arena):
 * least-recently-used eviction removes one entry at a time, and its key's
 * bytes must go with it for the cap to hold.  The hash is core/hash.h's.
 *
 * Builds in progress (flights) are a short list under the same mutex, at
 * most one per worker thread; their waiters sleep on one condition
 * variable, broadcast when any flight ends.  A flight is freed by whoever
 * lets go of it last, its builder or its last waiter.
 */
#include "web/cache.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/assert.h"
#include "core/clock.h"
#include "core/hash.h"
#include "core/str.h"
#include "model/model.h"

typedef struct entry {
    struct entry *next;          /* in its bucket */
    struct entry *newer, *older; /* the LRU list */
    uint64_t hash;
    uint64_t stamp;      /* the sum of its groups' counts when built */
    uint64_t total;      /* the sum of every group's count when built */
    const char **groups; /* what it read (static strings, inside the allocation) */
    size_t ngroups;
    bool all;    /* it read everything */
    size_t size; /* the whole allocation */
    size_t klen, blen;
    const char *key, *body, *ctype; /* inside the allocation */
    const char *hname[PEEL_REQ_MAX_HEADERS], *hvalue[PEEL_REQ_MAX_HEADERS];
    size_t nheaders;
    char etag[PEEL_ETAG_SIZE];
} entry;

enum flight_state { FLIGHT_BUILDING, FLIGHT_KEPT, FLIGHT_FAILED };

struct peel_cache_flight {
    struct peel_cache_flight *next; /* in the cache's list while building */
    uint64_t hash, stamp;
    int64_t started_ms;
    enum flight_state state;
    int refs; /* the builder and each waiter */
    size_t klen;
    char key[]; /* klen bytes, NUL-terminated */
};

struct peel_cache {
    pthread_mutex_t lock;
    pthread_cond_t landed; /* a flight ended */
    entry **buckets;
    size_t nbuckets; /* a power of two */
    entry *newest, *oldest;
    peel_cache_flight *flights;
    size_t cap;
    peel_cache_stats st;
};

/* ---- the change counts of a snapshot ---- */

static const char *const named_groups[] = {PEEL_CHANGES_CRIME, PEEL_CHANGES_PAPERS,
                                           PEEL_CHANGES_LIFECYCLE, PEEL_CHANGES_AUDIT, NULL};

bool peel_cache_groups_ok(peel_err *err)
{
    /* a record type named like a group would be counted with the group */
    for (size_t i = 0; named_groups[i]; i++)
        if (peel_type_find(named_groups[i])) {
            peel_err_set(err, PEEL_EINTERNAL,
                         "record type %s is named like a group of the change counts",
                         named_groups[i]);
            return false;
        }
    return true;
}

struct peel_cache_snap {
    peel_buf names; /* each group's name, NUL-terminated */
    size_t n, cap;
    struct snap_group {
        size_t name; /* offset in names */
        uint64_t count;
    } * g;
    uint64_t total;
    uint64_t unnamed; /* of the groups no read marks (named, below) */
};

/* Whether a read can mark group: one of the four, the notes kept with the
 * database, or a record type's.  A group no read marks -- the one SQLite
 * counts a transaction's writes in when they are too many to list
 * ("peel_overflow"), a table of a type not declared -- stands for writes
 * of anything, so every stamp counts it. */
static bool named(const char *group)
{
    for (size_t i = 0; named_groups[i]; i++)
        if (!strcmp(named_groups[i], group))
            return true;
    return !strcmp(group, "peel_meta") || peel_type_find(group) != NULL;
}

peel_cache_snap *peel_cache_snap_new(void)
{
    peel_cache_snap *sn = calloc(1, sizeof *sn);
    if (sn)
        peel_buf_init(&sn->names, 4 << 10);
    return sn;
}

void peel_cache_snap_free(peel_cache_snap *sn)
{
    if (!sn)
        return;
    peel_buf_release(&sn->names);
    free(sn->g);
    free(sn);
}

bool peel_cache_snap_set(peel_cache_snap *sn, const char *group, uint64_t count)
{
    if (sn->n == sn->cap) {
        size_t cap = sn->cap ? sn->cap * 2 : 128;
        struct snap_group *g = realloc(sn->g, cap * sizeof *g);
        if (!g)
            return false;
        sn->g = g;
        sn->cap = cap;
    }
    size_t at = sn->names.len;
    peel_buf_append(&sn->names, group, strlen(group) + 1);
    if (sn->names.failed)
        return false;
    sn->g[sn->n++] = (struct snap_group){at, count};
    sn->total += count;
    if (!named(group))
        sn->unnamed += count;
    return true;
}

static int snap_cb(void *ctx, const char *group, uint64_t n, peel_err *err)
{
    if (!peel_cache_snap_set(ctx, group, n))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory reading the change counts");
    return 0;
}

peel_cache_snap *peel_cache_snap_read(peel_store *s, peel_err *err)
{
    peel_cache_snap *sn = peel_cache_snap_new();
    if (!sn) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory reading the change counts");
        return NULL;
    }
    if (peel_store_changes_each(s, snap_cb, sn, err) < 0) {
        peel_cache_snap_free(sn);
        return NULL;
    }
    return sn;
}

static uint64_t snap_count(const peel_cache_snap *sn, const char *group)
{
    for (size_t i = 0; i < sn->n; i++)
        if (!strcmp(sn->names.data + sn->g[i].name, group))
            return sn->g[i].count;
    return 0; /* never written */
}

/* The sum of the counts of the n groups g (or of all) in sn, and of the
 * groups no read marks. */
static uint64_t stamp_of(const peel_cache_snap *sn, const char *const *g, size_t n, bool all)
{
    uint64_t sum = sn->unnamed;
    if (all)
        return sn->total;
    for (size_t i = 0; i < n; i++)
        sum += snap_count(sn, g[i]);
    return sum;
}

uint64_t peel_cache_snap_stamp(const peel_cache_snap *sn, const peel_reads *reads)
{
    return stamp_of(sn, reads->group, reads->n, reads->all);
}

bool peel_cache_reader(const peel_req *r)
{
    return r->role == PEEL_ROLE_PUBLIC && !r->has_session && !r->session_expired && !r->is_api &&
           !r->user[0];
}

bool peel_cache_response_ok(const peel_req *r)
{
    if (!r->answered || r->status != 200 || r->has_file || !r->ctype || r->out.failed ||
        r->csrf[0] || r->sensitive_shown || r->nproblems || !peel_cache_reader(r))
        return false;
    for (size_t i = 0; i < r->nheaders; i++)
        if (!strcasecmp(r->hname[i], "Set-Cookie") || !strcasecmp(r->hname[i], "Cache-Control") ||
            !strcasecmp(r->hname[i], "ETag"))
            return false;
    return true;
}

/* ---- the key ---- */

static void put_encoded(peel_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            peel_buf_putc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            peel_buf_append(b, e, 3);
        }
    }
}

static int kv_cmp(const void *a, const void *b)
{
    const peel_kv *x = *(const peel_kv *const *)a, *y = *(const peel_kv *const *)b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    size_t n = x->len < y->len ? x->len : y->len;
    c = memcmp(x->value, y->value, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

bool peel_cache_key(const peel_req *r, peel_buf *key)
{
    const peel_kv *sorted[PEEL_REQ_MAX_ARGS];
    size_t n = r->nargs < PEEL_REQ_MAX_ARGS ? r->nargs : PEEL_REQ_MAX_ARGS;

    peel_buf_reset(key);
    /* The audience first: only the public is cached today, but the role
     * keeps a page built for one reader from ever matching another's. */
    peel_buf_printf(key, "%d|%s|%ld|", (int)r->role, r->secure ? "https" : "http",
                    (long)peel_clock_today());
    peel_buf_puts(key, r->path ? r->path : "");
    for (size_t i = 0; i < n; i++)
        sorted[i] = &r->args[i];
    if (n > 1)
        qsort(sorted, n, sizeof sorted[0], kv_cmp);
    for (size_t i = 0; i < n; i++) {
        peel_buf_putc(key, i ? '&' : '?');
        put_encoded(key, sorted[i]->name, strlen(sorted[i]->name));
        peel_buf_putc(key, '=');
        put_encoded(key, sorted[i]->value, sorted[i]->len);
    }
    return !key->failed;
}

/* ---- ETags ---- */

void peel_cache_etag(const char *body, size_t len, char out[PEEL_ETAG_SIZE])
{
    unsigned char h[16];
    static const char hex[] = "0123456789abcdef";

    crypto_generichash(h, sizeof h, (const unsigned char *)body, len, NULL, 0);
    out[0] = '"';
    for (size_t i = 0; i < sizeof h; i++) {
        out[1 + 2 * i] = hex[h[i] >> 4];
        out[2 + 2 * i] = hex[h[i] & 15];
    }
    out[1 + 2 * sizeof h] = '"';
    out[2 + 2 * sizeof h] = '\0';
}

bool peel_cache_etag_match(const char *inm, const char *etag)
{
    size_t el = strlen(etag);

    if (!inm)
        return false;
    for (const char *p = inm; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p)
            break;
        if (*p == '*')
            return true;
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        const char *end = p;
        if (*end == '"') {
            end = strchr(end + 1, '"');
            end = end ? end + 1 : p + strlen(p);
        } else {
            end += strcspn(end, ", \t");
        }
        if ((size_t)(end - p) == el && !memcmp(p, etag, el))
            return true;
        p = end;
    }
    return false;
}

/* ---- the table ---- */

static uint64_t hash_key(const char *k, size_t n)
{
    return peel_hash_bytes(k, n);
}

peel_cache *peel_cache_new(size_t cap)
{
    peel_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->nbuckets = 64;
    c->buckets = calloc(c->nbuckets, sizeof *c->buckets);
    if (!c->buckets || pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c->buckets);
        free(c);
        return NULL;
    }
    if (pthread_cond_init(&c->landed, NULL) != 0) {
        pthread_mutex_destroy(&c->lock);
        free(c->buckets);
        free(c);
        return NULL;
    }
    c->cap = cap;
    c->st.cap = cap;
    return c;
}

static void unlink_entry(peel_cache *c, entry *e)
{
    entry **pp = &c->buckets[e->hash & (c->nbuckets - 1)];
    while (*pp && *pp != e)
        pp = &(*pp)->next;
    if (*pp)
        *pp = e->next;
    if (e->newer)
        e->newer->older = e->older;
    else
        c->newest = e->older;
    if (e->older)
        e->older->newer = e->newer;
    else
        c->oldest = e->newer;
    c->st.entries--;
    c->st.bytes -= e->size;
    free(e);
}

static void drop_all(peel_cache *c)
{
    while (c->oldest)
        unlink_entry(c, c->oldest);
}

void peel_cache_free(peel_cache *c)
{
    if (!c)
        return;
    drop_all(c);
    free(c->buckets);
    /* no flight outlives the requests in flight, which end before this */
    PEEL_ASSERT(!c->flights);
    pthread_cond_destroy(&c->landed);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

bool peel_cache_cap_from_env(size_t *cap, peel_err *err)
{
    const char *s = getenv(PEEL_CACHE_ENV);
    long long n;
    size_t len, mul = 1;
    char digits[32];

    *cap = PEEL_CACHE_DEFAULT_BYTES;
    if (!s || !*s)
        return true;
    len = strlen(s);
    switch (s[len - 1]) {
    case 'K':
    case 'k':
        mul = (size_t)1 << 10;
        len--;
        break;
    case 'M':
    case 'm':
        mul = (size_t)1 << 20;
        len--;
        break;
    case 'G':
    case 'g':
        mul = (size_t)1 << 30;
        len--;
        break;
    default:
        break;
    }
    if (len == 0 || len >= sizeof digits)
        goto bad;
    memcpy(digits, s, len);
    digits[len] = '\0';
    if (!peel_str_to_i64(peel_str_c(digits), &n) || n < 0 || (unsigned long long)n > SIZE_MAX / mul)
        goto bad;
    *cap = (size_t)n * mul;
    return true;
bad:
    peel_err_set(err, PEEL_EINPUT,
                 "%s: '%.40s' is not a number of bytes (e.g. 33554432, 32M; 0 turns the page "
                 "cache off)",
                 PEEL_CACHE_ENV, s);
    return false;
}

static entry *find(peel_cache *c, const char *key, size_t klen, uint64_t h)
{
    for (entry *e = c->buckets[h & (c->nbuckets - 1)]; e; e = e->next)
        if (e->hash == h && e->klen == klen && !memcmp(e->key, key, klen))
            return e;
    return NULL;
}

/* ---- flights ---- */

static peel_cache_flight *flight_find(peel_cache *c, const char *key, size_t klen, uint64_t h,
                                      uint64_t stamp)
{
    for (peel_cache_flight *f = c->flights; f; f = f->next)
        if (f->hash == h && f->stamp == stamp && f->klen == klen && !memcmp(f->key, key, klen))
            return f;
    return NULL;
}

static void flight_unlist(peel_cache *c, peel_cache_flight *f)
{
    for (peel_cache_flight **pp = &c->flights; *pp; pp = &(*pp)->next)
        if (*pp == f) {
            *pp = f->next;
            f->next = NULL;
            return;
        }
}

/* Lets go of f (under the lock): freed by the last to hold it. */
static void flight_release(peel_cache_flight *f)
{
    if (--f->refs == 0)
        free(f);
}

static struct timespec deadline_after(int64_t ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += (time_t)(ms / 1000);
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Copies e into r (under the lock) and makes it the most recently used. */
static bool serve_entry(peel_cache *c, entry *e, peel_req *r, char etag[PEEL_ETAG_SIZE])
{
    peel_buf_reset(&r->out);
    if (peel_buf_append(&r->out, e->body, e->blen) != 0)
        return false;
    if (e->newer) {
        e->newer->older = e->older;
        if (e->older)
            e->older->newer = e->newer;
        else
            c->oldest = e->newer;
        e->newer = NULL;
        e->older = c->newest;
        c->newest->newer = e;
        c->newest = e;
    }
    r->ctype = peel_pool_strdup(r->pool, e->ctype);
    r->nheaders = 0;
    for (size_t i = 0; i < e->nheaders; i++)
        peel_req_add_header(r, peel_pool_strdup(r->pool, e->hname[i]),
                            peel_pool_strdup(r->pool, e->hvalue[i]));
    memcpy(etag, e->etag, PEEL_ETAG_SIZE);
    r->status = 200;
    r->answered = true;
    return r->ctype != NULL;
}

/* The stamp of e's groups in sn: the same as e->stamp when none of what e
 * read has changed, more when something has, less when sn is older. */
static uint64_t entry_now(const entry *e, const peel_cache_snap *sn)
{
    return stamp_of(sn, e->groups, e->ngroups, e->all);
}

bool peel_cache_get(peel_cache *c, const char *key, size_t klen, const peel_cache_snap *sn,
                    peel_req *r, char etag[PEEL_ETAG_SIZE], peel_cache_flight **lead)
{
    uint64_t h = hash_key(key, klen), stamp = sn->total;
    int64_t start = now_ms();
    struct timespec until = deadline_after(PEEL_CACHE_WAIT_MS);
    bool hit = false, waited = false;

    *lead = NULL;
    pthread_mutex_lock(&c->lock);
    for (;;) {
        entry *e = find(c, key, klen, h);
        uint64_t now = e ? entry_now(e, sn) : 0;
        if (e && e->stamp < now) {
            /* a change the page read was committed since it was built */
            unlink_entry(c, e);
            c->st.invalidations++;
            e = NULL;
        }
        if (e) {
            /* a page built from data this request must not see yet: it
             * builds its own, keeping none */
            hit = e->stamp == now && serve_entry(c, e, r, etag);
            break;
        }
        peel_cache_flight *f = flight_find(c, key, klen, h, stamp);
        if (!f) {
            if (waited)
                break; /* the build waited for kept nothing: build alone */
            f = malloc(sizeof *f + klen + 1);
            if (f) {
                *f = (peel_cache_flight){
                    .hash = h, .stamp = stamp, .started_ms = start, .refs = 1, .klen = klen};
                memcpy(f->key, key, klen);
                f->key[klen] = '\0';
                f->next = c->flights;
                c->flights = f;
                *lead = f;
            }
            break;
        }
        /* Another request builds it: wait, unless that build began longer
         * ago than any wait (its builder lost or far too slow). */
        if (start - f->started_ms >= PEEL_CACHE_WAIT_MS)
            break;
        if (!waited)
            c->st.waits++;
        waited = true;
        f->refs++;
        int rc = 0;
        while (f->state == FLIGHT_BUILDING && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&c->landed, &c->lock, &until);
        enum flight_state st = f->state;
        flight_release(f);
        if (st != FLIGHT_KEPT)
            break; /* failed, not kept, or waited too long: build alone */
        /* kept: look again (found, unless already evicted or replaced) */
    }
    if (hit) {
        c->st.hits++;
        if (waited)
            c->st.shared++;
    } else {
        c->st.misses++;
    }
    pthread_mutex_unlock(&c->lock);
    return hit;
}

static void grow(peel_cache *c)
{
    size_t n = c->nbuckets * 2;
    entry **b = calloc(n, sizeof *b);
    if (!b)
        return; /* longer chains, still correct */
    for (size_t i = 0; i < c->nbuckets; i++) {
        for (entry *e = c->buckets[i], *next; e; e = next) {
            next = e->next;
            e->next = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
        }
    }
    free(c->buckets);
    c->buckets = b;
    c->nbuckets = n;
}

/* Ends lead's flight (under the lock): kept or not, its waiters wake. */
static void land(peel_cache *c, peel_cache_flight *lead, bool kept)
{
    if (!lead)
        return;
    flight_unlist(c, lead);
    lead->state = kept ? FLIGHT_KEPT : FLIGHT_FAILED;
    if (lead->refs > 1)
        pthread_cond_broadcast(&c->landed);
    flight_release(lead);
}

/* A new entry holding body, its content type and headers (n of them), or
 * NULL (too large, out of memory). */
static entry *entry_make(peel_cache *c, const char *key, size_t klen, uint64_t h,
                         const peel_cache_snap *sn, const peel_reads *reads, const char *body,
                         size_t blen, const char *ctype, const char *const *hname,
                         const char *const *hvalue, size_t n, const char *etag)
{
    size_t clen = strlen(ctype), ng = reads->all ? 0 : reads->n;
    size_t size = sizeof(entry) + ng * sizeof(const char *) + klen + 1 + blen + 1 + clen + 1;

    for (size_t i = 0; i < n; i++)
        size += strlen(hname[i]) + 1 + strlen(hvalue[i]) + 1;
    /* Never one entry larger than a quarter of the cap: it would empty the
     * cache for one page. */
    if (size > c->cap / 4)
        return NULL;
    entry *e = malloc(size);
    if (!e)
        return NULL;
    *e = (entry){.hash = h,
                 .stamp = peel_cache_snap_stamp(sn, reads),
                 .total = sn->total,
                 .groups = (const char **)(void *)(e + 1),
                 .ngroups = ng,
                 .all = reads->all,
                 .size = size,
                 .klen = klen,
                 .blen = blen};
    memcpy(e->groups, reads->group, ng * sizeof(const char *));
    char *p = (char *)(e->groups + ng);
#define COPY(dst, src, len)                                                                        \
    do {                                                                                           \
        memcpy(p, (src), (len));                                                                   \
        p[(len)] = '\0';                                                                           \
        (dst) = p;                                                                                 \
        p += (len) + 1;                                                                            \
    } while (0)
    COPY(e->key, key, klen);
    COPY(e->body, blen ? body : "", blen);
    COPY(e->ctype, ctype, clen);
    for (size_t i = 0; i < n; i++) {
        COPY(e->hname[i], hname[i], strlen(hname[i]));
        COPY(e->hvalue[i], hvalue[i], strlen(hvalue[i]));
    }
#undef COPY
    e->nheaders = n;
    memcpy(e->etag, etag, PEEL_ETAG_SIZE);
    return e;
}

/* Puts e under its key (under the lock), unless an entry built from a
 * later snapshot is there: false then, and e is the caller's to free. */
static bool insert(peel_cache *c, entry *e)
{
    entry *old = find(c, e->key, e->klen, e->hash);
    if (old && old->total > e->total)
        return false; /* a page of a later change is there already */
    if (old)
        unlink_entry(c, old);
    while (c->oldest && c->st.bytes + e->size > c->cap) {
        unlink_entry(c, c->oldest);
        c->st.evictions++;
    }
    if (c->st.entries + 1 > c->nbuckets)
        grow(c);
    e->next = c->buckets[e->hash & (c->nbuckets - 1)];
    c->buckets[e->hash & (c->nbuckets - 1)] = e;
    e->older = c->newest;
    if (c->newest)
        c->newest->newer = e;
    c->newest = e;
    if (!c->oldest)
        c->oldest = e;
    c->st.entries++;
    c->st.bytes += e->size;
    if (c->st.bytes > c->st.peak_bytes)
        c->st.peak_bytes = c->st.bytes;
    return true;
}

void peel_cache_put(peel_cache *c, peel_cache_flight *lead, const char *key, size_t klen,
                    const peel_cache_snap *sn, const peel_reads *reads, const peel_req *r,
                    const char *etag)
{
    uint64_t h = hash_key(key, klen);
    entry *e = r ? entry_make(c, key, klen, h, sn, reads, r->out.data, r->out.len, r->ctype,
                              r->hname, r->hvalue, r->nheaders, etag)
                 : NULL;
    bool kept;

    pthread_mutex_lock(&c->lock);
    kept = e && insert(c, e);
    if (kept)
        c->st.stores++;
    land(c, lead, kept);
    pthread_mutex_unlock(&c->lock);
    if (!kept)
        free(e);
}

/* ---- parts of pages ---- */

int peel_cache_part(peel_req *r, const char *name, peel_cache_part_fn fn, peel_err *err)
{
    peel_cache *c = r->cache;
    uint64_t h;
    peel_buf key;
    size_t start = r->out.len;
    bool sensitive = r->sensitive_shown, done = false;
    peel_reads own = {0}, *outer;
    int rc;

    if (!c || !r->snap || !peel_cache_reader(r))
        return fn(r, err);
    peel_buf_init(&key, 1 << 10);
    peel_buf_printf(&key, "part|%d|%s|%ld|%s", (int)r->role, r->secure ? "https" : "http",
                    (long)peel_clock_today(), name);
    if (key.failed) {
        peel_buf_release(&key);
        return fn(r, err);
    }
    h = hash_key(key.data, key.len);
    outer = peel_store_trace(r->store, NULL);
    pthread_mutex_lock(&c->lock);
    entry *e = find(c, key.data, key.len, h);
    uint64_t now = e ? entry_now(e, r->snap) : 0;
    if (e && e->stamp < now) {
        unlink_entry(c, e); /* counted as the part's build below */
        e = NULL;
    }
    if (e && e->stamp == now && peel_buf_append(&r->out, e->body, e->blen) == 0) {
        c->st.part_hits++;
        done = true;
        /* the page holding the part read what the part read */
        own.all = e->all;
        for (size_t i = 0; i < e->ngroups; i++)
            peel_reads_add(&own, e->groups[i]);
    }
    pthread_mutex_unlock(&c->lock);
    if (done) {
        rc = 0;
        goto out;
    }
    peel_store_trace(r->store, &own);
    rc = fn(r, err);
    peel_store_trace(r->store, NULL);
    if (rc == 0 && !r->out.failed && !r->nproblems && r->sensitive_shown == sensitive &&
        r->out.len >= start) {
        char etag[PEEL_ETAG_SIZE] = "";
        e = entry_make(c, key.data, key.len, h, r->snap, &own, r->out.data + start,
                       r->out.len - start, "", NULL, NULL, 0, etag);
        pthread_mutex_lock(&c->lock);
        if (e && insert(c, e)) {
            c->st.part_builds++;
            e = NULL;
        }
        pthread_mutex_unlock(&c->lock);
        free(e);
    }
out:
    peel_store_trace(r->store, outer);
    if (outer)
        peel_reads_merge(outer, &own);
    peel_buf_release(&key);
    return rc;
}

void peel_cache_stats_get(peel_cache *c, peel_cache_stats *out)
{
    pthread_mutex_lock(&c->lock);
    *out = c->st;
    pthread_mutex_unlock(&c->lock);
}
