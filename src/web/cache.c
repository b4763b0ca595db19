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
 */
#include "web/cache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/hash.h"
#include "core/str.h"

typedef struct entry {
    struct entry *next;          /* in its bucket */
    struct entry *newer, *older; /* the LRU list */
    uint64_t hash, epoch;
    size_t size; /* the whole allocation */
    size_t klen, blen;
    const char *key, *body, *ctype; /* inside the allocation */
    const char *hname[PEEL_REQ_MAX_HEADERS], *hvalue[PEEL_REQ_MAX_HEADERS];
    size_t nheaders;
    char etag[PEEL_ETAG_SIZE];
} entry;

struct peel_cache {
    pthread_mutex_t lock;
    _Atomic uint64_t epoch;
    entry **buckets;
    size_t nbuckets; /* a power of two */
    entry *newest, *oldest;
    size_t cap;
    peel_cache_stats st;
};

/* The routes whose pages the public may be served from the cache: their
 * data changes only when records are edited or imported. */
static const char *const cached_routes[] = {
    "/", "/crime", "/crime/pack/*", "/figures", "/figures/plan", "/figures/*", NULL,
};

bool peel_cache_route(const char *pattern)
{
    for (size_t i = 0; cached_routes[i]; i++)
        if (!strcmp(pattern, cached_routes[i]))
            return true;
    return false;
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
    c->cap = cap;
    c->st.cap = cap;
    atomic_init(&c->epoch, 0);
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

uint64_t peel_cache_advance(peel_cache *c, uint64_t count)
{
    uint64_t now = atomic_load(&c->epoch);
    if (count <= now)
        return now;
    pthread_mutex_lock(&c->lock);
    now = atomic_load(&c->epoch);
    if (count > now) {
        atomic_store(&c->epoch, count);
        c->st.invalidations++;
        drop_all(c);
        now = count;
    }
    pthread_mutex_unlock(&c->lock);
    return now;
}

static entry *find(peel_cache *c, const char *key, size_t klen, uint64_t h)
{
    for (entry *e = c->buckets[h & (c->nbuckets - 1)]; e; e = e->next)
        if (e->hash == h && e->klen == klen && !memcmp(e->key, key, klen))
            return e;
    return NULL;
}

bool peel_cache_get(peel_cache *c, const char *key, size_t klen, uint64_t epoch, peel_req *r,
                    char etag[PEEL_ETAG_SIZE])
{
    uint64_t h = hash_key(key, klen);
    bool hit = false;

    pthread_mutex_lock(&c->lock);
    entry *e = find(c, key, klen, h);
    if (e && (e->epoch != epoch || epoch != atomic_load(&c->epoch))) {
        unlink_entry(c, e);
        e = NULL;
    }
    if (e) {
        peel_buf_reset(&r->out);
        if (peel_buf_append(&r->out, e->body, e->blen) == 0) {
            /* most recently used: to the front of the list */
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
            hit = r->ctype != NULL;
        }
    }
    if (hit)
        c->st.hits++;
    else
        c->st.misses++;
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

void peel_cache_put(peel_cache *c, const char *key, size_t klen, uint64_t epoch, const peel_req *r,
                    const char *etag)
{
    size_t clen = strlen(r->ctype), size = sizeof(entry) + klen + 1 + r->out.len + 1 + clen + 1;
    uint64_t h = hash_key(key, klen);

    for (size_t i = 0; i < r->nheaders; i++)
        size += strlen(r->hname[i]) + 1 + strlen(r->hvalue[i]) + 1;
    /* Never one entry larger than a quarter of the cap: it would empty the
     * cache for one page. */
    if (size > c->cap / 4)
        return;
    entry *e = malloc(size);
    if (!e)
        return;
    *e = (entry){.hash = h, .epoch = epoch, .size = size, .klen = klen, .blen = r->out.len};
    char *p = (char *)(e + 1);
#define COPY(dst, src, n)                                                                          \
    do {                                                                                           \
        memcpy(p, (src), (n));                                                                     \
        p[(n)] = '\0';                                                                             \
        (dst) = p;                                                                                 \
        p += (n) + 1;                                                                              \
    } while (0)
    COPY(e->key, key, klen);
    COPY(e->body, r->out.len ? r->out.data : "", r->out.len);
    COPY(e->ctype, r->ctype, clen);
    for (size_t i = 0; i < r->nheaders; i++) {
        COPY(e->hname[i], r->hname[i], strlen(r->hname[i]));
        COPY(e->hvalue[i], r->hvalue[i], strlen(r->hvalue[i]));
    }
#undef COPY
    e->nheaders = r->nheaders;
    memcpy(e->etag, etag, PEEL_ETAG_SIZE);

    pthread_mutex_lock(&c->lock);
    if (epoch != atomic_load(&c->epoch)) {
        /* the database changed while the page was built */
        pthread_mutex_unlock(&c->lock);
        free(e);
        return;
    }
    entry *old = find(c, key, klen, h);
    if (old)
        unlink_entry(c, old);
    while (c->oldest && c->st.bytes + size > c->cap) {
        unlink_entry(c, c->oldest);
        c->st.evictions++;
    }
    if (c->st.entries + 1 > c->nbuckets)
        grow(c);
    e->next = c->buckets[h & (c->nbuckets - 1)];
    c->buckets[h & (c->nbuckets - 1)] = e;
    e->older = c->newest;
    if (c->newest)
        c->newest->newer = e;
    c->newest = e;
    if (!c->oldest)
        c->oldest = e;
    c->st.entries++;
    c->st.bytes += size;
    c->st.stores++;
    if (c->st.bytes > c->st.peak_bytes)
        c->st.peak_bytes = c->st.bytes;
    pthread_mutex_unlock(&c->lock);
}

void peel_cache_stats_get(peel_cache *c, peel_cache_stats *out)
{
    pthread_mutex_lock(&c->lock);
    *out = c->st;
    pthread_mutex_unlock(&c->lock);
}
