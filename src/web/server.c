/* server.c - `peel serve`: the libmicrohttpd daemon, its limits, the route
 * table, the per-thread database connections, the access log and a clean
 * shutdown.
 *
 * A request is handled in three steps.  The first callback, with the
 * headers only, sets up a peel_req (its pool), decides who is asking
 * (session or bearer token) and from that its body limit -- the upload
 * limit, and a temporary file for the body, only for someone allowed to
 * write the type -- and refuses an oversized body from its Content-Length
 * at once; the next callbacks collect the body; the last one dispatches:
 * route lookup (the generic routes, then each module's table, handed over
 * in peel_web_config.routes), the page's access rule from policy.c, form parsing
 * and the CSRF check for every form post,
 * a read transaction around every GET, then the handler.  All of this is
 * in one place so no handler can forget a step.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"
#include "model/attach.h"
#include "render/html.h"
#include "store/web_db.h"
#include "web/auth.h"
#include "web/cache.h"
#include "web/guard.h"
#include "web/http.h"
#include "web/policy.h"

void peel_web_config_defaults(peel_web_config *c)
{
    *c = (peel_web_config){
        .listen = "127.0.0.1:8080",
        .session_idle = 30 * 60,
        .max_body = 1 << 20,
        .max_upload = 32 << 20,
        .max_attach = PEEL_ATTACH_MAX_DEFAULT,
        .max_anon_body = 64 << 10,
        .upload_dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
        .conn_timeout = 30,
        .header_timeout = 10,
        .body_timeout = 60,
        .max_conns = 1024,
        .max_conns_per_addr = 64,
        .access_log = true,
    };
}

/* ---- routes ---- */

/* The generic routes; modules add theirs through peel_web_config.routes. */
static const peel_route routes[] = {
    /* the front door: every module's panels, so every group */
    {"GET", "/", peel_page_home, PEEL_PAGE_EVERYONE, NULL, .cached = true},
    {"GET", "/signin", peel_page_signin_form, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"POST", "/signin", peel_page_signin, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"POST", "/signin/code", peel_page_signin_code, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"POST", "/signout", peel_page_signout, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/static/*", peel_page_static, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/records/*", peel_rec_list, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"POST", "/records/*", peel_rec_create, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"GET", "/records/*/new", peel_rec_new, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"GET", "/records/*/export.csv", peel_rec_csv, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"GET", "/records/*/upload", peel_rec_upload_form, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"POST", "/records/*/upload", peel_rec_upload, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"GET", "/records/*/*", peel_rec_show, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"POST", "/records/*/*", peel_rec_update, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"GET", "/records/*/*/edit", peel_rec_edit, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"GET", "/records/*/*/delete", peel_rec_delete_form, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"POST", "/records/*/*/delete", peel_rec_delete, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"GET", "/api/v1", peel_api_index, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"GET", "/api/v1/openapi.json", peel_api_openapi, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"GET", "/api/v1/*", peel_api_list, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"POST", "/api/v1/*", peel_api_create, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"GET", "/api/v1/*/*", peel_api_get, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"GET", "/api/v1/*/*/related", peel_api_related, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"PATCH", "/api/v1/*/*", peel_api_patch, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"DELETE", "/api/v1/*/*", peel_api_delete, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {0},
};

#define MAX_PARAMS 4

/* Matches path against pattern, capturing "*" segments (never empty). */
static bool match(const char *pattern, const char *path, peel_str *params)
{
    size_t np = 0;
    const char *p = pattern, *s = path;

    if (!strcmp(pattern, "/"))
        return !strcmp(path, "/");
    while (*p && *s) {
        if (*p != '/' || *s != '/')
            return false;
        p++;
        s++;
        size_t pl = strcspn(p, "/"), sl = strcspn(s, "/");
        if (pl == 1 && *p == '*') {
            if (sl == 0 || np >= MAX_PARAMS)
                return false;
            params[np++] = (peel_str){s, sl};
        } else if (pl != sl || memcmp(p, s, pl) != 0) {
            return false;
        }
        p += pl;
        s += sl;
    }
    return *p == '\0' && *s == '\0';
}

/* How general a pattern is: one bit per segment, the leftmost the highest,
 * set where the segment is "*".  When several routes match a path the
 * smallest key wins, so a literal segment beats a wildcard at the first place
 * they differ (/api/v1/crime/summary beats the record route /api/v1/TYPE/ID
 * written with two wildcards) whatever order
 * the module tables are in; equal keys keep table order. */
static unsigned specificity(const char *pattern)
{
    unsigned key = 0, bit = 1u << 15;

    for (const char *p = pattern; *p && bit; p++) {
        if (*p != '/')
            continue;
        if (p[1] == '*' && (p[2] == '/' || p[2] == '\0'))
            key |= bit;
        bit >>= 1;
    }
    return key;
}

/* ---- the database connections ----
 *
 * Each connection has a thread of its own (libmicrohttpd's thread per
 * connection), so a request that takes long -- a page being built, a write
 * waiting for the writers' lock -- holds up no other connection, and a page
 * from the cache is never queued behind one.  What bounds the work is this
 * pool of database connections: a request takes one to learn who is asking
 * and gives it back before its body is read, then takes one again to be
 * answered, so a slow upload holds none.  At most `cap` are open; a request
 * finding none free waits for one, up to POOL_WAIT_S, then gets a 503. */

#define POOL_MAX 256
/* malloc: a block this large or larger is a mapping of its own; the arenas'
 * free pages are given back this often (see peel_web_serve). */
#define PEEL_MMAP_MIN (128 << 10)
#define PEEL_TRIM_S 10
#define POOL_WAIT_S 10

static struct {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    peel_store *all[POOL_MAX];
    size_t nall, opening; /* open, and being opened outside the lock */
    peel_store *idle[POOL_MAX];
    size_t nidle;
    size_t cap;
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .freed = PTHREAD_COND_INITIALIZER};

/* A database connection for this request; NULL with err set, and *busy
 * when none came free in time. */
static peel_store *store_take(const peel_web_config *cfg, bool *busy, peel_err *err)
{
    peel_store *s = NULL;
    struct timespec until;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += POOL_WAIT_S;
    pthread_mutex_lock(&pool.lock);
    while (!pool.nidle && pool.nall + pool.opening >= pool.cap)
        if (pthread_cond_timedwait(&pool.freed, &pool.lock, &until) != 0 && !pool.nidle &&
            pool.nall + pool.opening >= pool.cap) {
            pthread_mutex_unlock(&pool.lock);
            *busy = true;
            peel_err_set(err, PEEL_EIO, "every database connection is in use");
            return NULL;
        }
    if (pool.nidle) {
        s = pool.idle[--pool.nidle];
        pthread_mutex_unlock(&pool.lock);
        return s;
    }
    pool.opening++;
    pthread_mutex_unlock(&pool.lock);
    int rc = peel_store_open(cfg->db_path, false, &s, err);
    pthread_mutex_lock(&pool.lock);
    pool.opening--;
    if (rc == 0)
        pool.all[pool.nall++] = s;
    else
        pthread_cond_signal(&pool.freed); /* the slot is free again */
    pthread_mutex_unlock(&pool.lock);
    return rc == 0 ? s : NULL;
}

/* Gives a request's connection back, clean: whatever it had begun and not
 * finished is rolled back first. */
static void store_give(peel_store *s)
{
    if (!s)
        return;
    peel_store_rollback(s);
    pthread_mutex_lock(&pool.lock);
    pool.idle[pool.nidle++] = s;
    pthread_cond_signal(&pool.freed);
    pthread_mutex_unlock(&pool.lock);
}

static void close_stores(void)
{
    pthread_mutex_lock(&pool.lock);
    for (size_t i = 0; i < pool.nall; i++)
        peel_store_close(pool.all[i]);
    pool.nall = pool.nidle = 0;
    pthread_mutex_unlock(&pool.lock);
}

/* ---- requests ---- */

typedef struct server {
    const peel_web_config *cfg;
    struct MHD_Daemon *d;
    peel_guard *guard;
    peel_cache *cache; /* public pages (cache.h); NULL: off */
    bool read_only;    /* the database is a standby's: reads only */
    atomic_int inflight;
} server;

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

typedef struct req_state {
    peel_req r;
    struct timespec t0;
    size_t bytes;
    bool queued;
    int upload_fd;     /* an upload's body, in an unlinked temporary file; -1 none */
    size_t upload_len; /* bytes written to it */
    char *upload_map;  /* the file mapped, once the body is complete */
} req_state;

/* Takes a database connection for the request unless it has one: false
 * with err set, or answered 503 when none came free in time. */
static bool take_store(req_state *st, peel_err *err)
{
    peel_req *r = &st->r;
    bool busy = false;

    if (r->store)
        return true;
    if ((r->store = store_take(r->cfg, &busy, err)))
        return true;
    if (busy) {
        peel_req_error(r, 503, "busy", NULL,
                       "the server is busy: please try again in a few seconds");
        peel_req_add_header(r, "Retry-After", "5");
    }
    return false;
}

static void give_store(req_state *st)
{
    store_give(st->r.store);
    st->r.store = NULL;
}

/* The type named by an upload's path, POST /records/TYPE/upload (NULL when
 * the path is not one or names no type). */
static const peel_type *upload_type(const char *method, const char *path)
{
    size_t n = strlen(path);
    char name[64];

    if (strcmp(method, "POST") != 0 || strncmp(path, "/records/", 9) != 0 || n < 9 + 1 + 7 ||
        strcmp(path + n - 7, "/upload") != 0 || n - 16 >= sizeof name ||
        memchr(path + 9, '/', n - 16))
        return NULL;
    memcpy(name, path + 9, n - 16);
    name[n - 16] = '\0';
    return peel_type_find(name);
}

/* The type named by a paper's upload, POST /records/TYPE/ID/attachments or
 * /api/v1/TYPE/ID/attachments (NULL when the path is not one or names no
 * type that takes papers). */
static const peel_type *attach_type(const char *method, const char *path)
{
    const char *p, *slash;
    char name[64];

    if (strcmp(method, "POST") != 0)
        return NULL;
    if (!strncmp(path, "/records/", 9))
        p = path + 9;
    else if (!strncmp(path, "/api/v1/", 8))
        p = path + 8;
    else
        return NULL;
    slash = strchr(p, '/');
    if (!slash || (size_t)(slash - p) >= sizeof name || !slash[1])
        return NULL;
    {
        const char *id = slash + 1, *rest = strchr(id, '/');
        if (!rest || rest == id || strcmp(rest, "/attachments") != 0)
            return NULL;
    }
    memcpy(name, p, (size_t)(slash - p));
    name[slash - p] = '\0';
    const peel_type *t = peel_type_find(name);
    return t && t->attachments ? t : NULL;
}

/* An unlinked temporary file in dir, for an upload's body: gone when
 * closed, whatever happens to the server. */
static int upload_file(const char *dir)
{
#ifdef O_TMPFILE
    int fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
#endif
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/peel-upload-XXXXXX", dir), fd2;
    if (n < 0 || (size_t)n >= sizeof path)
        return -1;
    fd2 = mkstemp(path);
    if (fd2 >= 0)
        unlink(path);
    return fd2;
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Decides, from the headers alone, how much body this request may send:
 * who is asking comes first, so only someone allowed to write the type gets
 * the upload limit (its body goes to a temporary file, not memory); the
 * public get a small one.  Answers itself (false) when the request is
 * refused before its body. */
static bool body_limit(req_state *st, peel_err *err)
{
    peel_req *r = &st->r;
    const peel_type *t = upload_type(r->method, r->path);
    const peel_type *papers = t ? NULL : attach_type(r->method, r->path);

    r->body_max = r->role == PEEL_ROLE_PUBLIC ? r->cfg->max_anon_body : r->cfg->max_body;
    if (papers) {
        /* A paper: its writers only, refused before a byte of the body is
         * read; the cap is the file's plus room for the form's fields. */
        if (!peel_reader_type_writable(peel_req_reader(r), papers)) {
            peel_req_error(r, 403, "forbidden", NULL,
                           r->user[0] ? "your account cannot attach papers to %s"
                                      : "sign in to attach papers to %s",
                           papers->plural);
            return false;
        }
        t = papers;
    }
    if (!t)
        return true;
    if (!peel_reader_type_writable(peel_req_reader(r), t)) {
        peel_req_error(r, 403, "forbidden", NULL,
                       r->user[0] ? "your account cannot change %s" : "sign in to change %s",
                       t->plural);
        return false;
    }
    st->upload_fd = upload_file(r->cfg->upload_dir);
    if (st->upload_fd < 0) {
        peel_err_set(err, PEEL_EIO, "cannot make a temporary file in %s: %s", r->cfg->upload_dir,
                     strerror(errno));
        return false;
    }
    r->body_max = papers ? r->cfg->max_attach + (64 << 10) : r->cfg->max_upload;
    return true;
}

/* The peer's address as text ("-" when unknown). */
static void peer_addr(struct MHD_Connection *conn, char out[INET6_ADDRSTRLEN])
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, INET6_ADDRSTRLEN, "-");
    if (!ci || !ci->client_addr)
        return;
    if (ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)ci->client_addr)->sin_addr, out,
                  INET6_ADDRSTRLEN);
    else if (ci->client_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)ci->client_addr)->sin6_addr, out,
                  INET6_ADDRSTRLEN);
}

/* Normalises an IPv4 or IPv6 address (spaces around it allowed) into out;
 * false when s (n bytes) is not one. */
static bool parse_addr(const char *s, size_t n, char out[INET6_ADDRSTRLEN])
{
    char tmp[INET6_ADDRSTRLEN];
    unsigned char bin[16];

    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= sizeof tmp)
        return false;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    if (inet_pton(AF_INET, tmp, bin) == 1)
        return inet_ntop(AF_INET, bin, out, INET6_ADDRSTRLEN) != NULL;
    if (inet_pton(AF_INET6, tmp, bin) == 1)
        return inet_ntop(AF_INET6, bin, out, INET6_ADDRSTRLEN) != NULL;
    return false;
}

/* Who the client is, for throttles and the log: the peer, unless the peer
 * is the configured trusted proxy, whose last X-Forwarded-For entry (the
 * address it saw; entries before it are whatever the client wrote) and
 * X-Forwarded-Proto are believed.  Anyone else's forwarding headers are
 * ignored: a client could write any address there. */
static void client_addr(peel_req *r, const char *peer)
{
    char fwd[INET6_ADDRSTRLEN];
    const char *xff, *last, *proto;

    r->addr = peel_pool_strdup(r->pool, peer);
    r->secure = r->cfg->secure_cookies;
    if (!r->cfg->trusted_proxy || strcmp(peer, r->cfg->trusted_proxy) != 0)
        return;
    xff = peel_req_header(r, "X-Forwarded-For");
    if (xff) {
        last = strrchr(xff, ',');
        last = last ? last + 1 : xff;
        if (parse_addr(last, strlen(last), fwd))
            r->addr = peel_pool_strdup(r->pool, fwd);
    }
    proto = peel_req_header(r, "X-Forwarded-Proto");
    if (proto && !strcmp(proto, "https"))
        r->secure = true;
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    peel_req *r = cls;
    (void)kind;
    if (r->nargs >= PEEL_REQ_MAX_ARGS) {
        r->args_overflow = true;
        return MHD_NO;
    }
    r->args[r->nargs++] =
        (peel_kv){.name = key, .value = value ? value : "", .len = value ? strlen(value) : 0};
    return MHD_YES;
}

/* A handler may set a policy of its own, which replaces this one (respond);
 * only pages_crime.c does, for the self-contained pack's hashed <style>. */
static const char default_csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                                  "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
                                  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

static void security_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "Content-Security-Policy", default_csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
}

static enum MHD_Result respond(req_state *st)
{
    peel_req *r = &st->r;
    struct MHD_Response *resp;
    size_t len = r->out.len;
    char *body = len ? peel_buf_detach(&r->out) : NULL;
    bool has_cache = false;
    enum MHD_Result rc;

    give_store(st); /* the answer is made: sending it needs no database */
    if (len && !body) {
        len = 0;
        r->status = 500;
    }
    if (r->has_file) {
        free(body);
        body = NULL;
        len = r->file_len;
        resp = MHD_create_response_from_fd((uint64_t)r->file_len, r->file_fd);
        r->has_file = false; /* libmicrohttpd closes it now, or here below */
        if (!resp)
            close(r->file_fd);
    } else {
        resp = MHD_create_response_from_buffer(
            len, body ? body : (void *)"", body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    }
    if (!resp) {
        free(body);
        return MHD_NO;
    }
    security_headers(resp);
    if (r->ctype)
        MHD_add_response_header(resp, "Content-Type", r->ctype);
    for (size_t i = 0; i < r->nheaders; i++) {
        if (!strcmp(r->hname[i], "Content-Security-Policy"))
            MHD_del_response_header(resp, "Content-Security-Policy", default_csp);
        MHD_add_response_header(resp, r->hname[i], r->hvalue[i]);
        if (!strcmp(r->hname[i], "Cache-Control"))
            has_cache = true;
    }
    if (!has_cache)
        MHD_add_response_header(resp, "Cache-Control",
                                r->has_session || r->is_api ? "no-store" : "no-cache");
    st->bytes = len;
    rc = MHD_queue_response(r->conn, r->status ? r->status : 500, resp);
    MHD_destroy_response(resp);
    st->queued = true;
    return rc;
}

/* Parses a form post's body by its content type; answers 415/400 itself. */
static bool parse_form(peel_req *r)
{
    const char *ct = peel_req_header(r, "Content-Type");
    bool ok;

    if (peel_req_ctype_is(ct, "application/x-www-form-urlencoded")) {
        ok = peel_req_parse_urlencoded(r->pool, r->body_data ? r->body_data : "", r->body_len,
                                       r->form, PEEL_REQ_MAX_ARGS, &r->nform);
    } else if (peel_req_ctype_is(ct, "multipart/form-data")) {
        ok = r->body_len > 0 &&
             peel_req_parse_multipart(r->pool, r->body_data, r->body_len,
                                      peel_req_header_param(r->pool, ct, "boundary"), r->form,
                                      PEEL_REQ_MAX_ARGS, &r->nform);
    } else {
        peel_req_error(r, 415, "unsupported_media_type", NULL,
                       "a form must be sent as application/x-www-form-urlencoded or "
                       "multipart/form-data");
        return false;
    }
    if (!ok)
        peel_req_error(r, 400, "bad_form", NULL, "the form data could not be read");
    return ok;
}

/* A GET: one snapshot and one lock for all its queries, and for the pages
 * the page cache keeps (cache.h: the public's, of the routes marked for
 * it), the cache's part.  The change counts are the snapshot's first read;
 * a page is built under a trace of what it reads (store.h, peel_reads),
 * and its stamp, the sum of the counts of the groups it read, is the same
 * for every snapshot showing the same data to that page and grows with
 * every commit that changed what it read, in that commit's transaction.
 * Whatever it did not read cannot change it: its bytes come from the
 * request's key (audience, day, path, query) and what it read.  A page is
 * served from the cache only when its groups give the same stamp in the
 * request's snapshot, and kept only when no page of a later snapshot is
 * there: so a page served was built from the same data, for what it
 * shows, as the request's own snapshot, never older than a commit that
 * snapshot holds.  A miss while another request builds the same page for
 * the same snapshot waits for that build (cache.h, single flight); the
 * request that builds hands its answer over whatever the outcome.  The
 * answer, cached or built, then carries a strong ETag, and an
 * If-None-Match naming it gets 304 Not Modified with no body. */
static int serve_get(server *srv, peel_req *r, const peel_route *hit, const peel_str *params,
                     peel_err *err)
{
    peel_cache *c = srv->cache && hit->cached && peel_cache_reader(r) ? srv->cache : NULL;
    peel_cache_flight *lead = NULL;
    peel_reads reads = {0};
    bool keyed = false, cached = false, ok;
    char etag[PEEL_ETAG_SIZE] = "";
    peel_buf key;
    int rc;

    if (peel_webdb_read_begin(r->store, err) < 0)
        return -1;
    peel_buf_init(&key, 16 << 10);
    if (c) {
        if (!(r->snap = peel_cache_snap_read(r->store, err))) {
            peel_webdb_read_end(r->store);
            peel_buf_release(&key);
            return -1;
        }
        keyed = peel_cache_key(r, &key);
        if (keyed)
            cached = peel_cache_get(c, key.data, key.len, r->snap, r, etag, &lead);
    }
    if (!cached) {
        /* what the build reads, for the page to be kept with */
        if (c)
            peel_store_trace(r->store, &reads);
        rc = hit->fn(r, params, err);
        peel_store_trace(r->store, NULL);
    } else {
        rc = 0;
    }
    peel_webdb_read_end(r->store);
    ok = c && rc == 0 && (cached || peel_cache_response_ok(r));
    if (ok && !cached)
        peel_cache_etag(r->out.len ? r->out.data : "", r->out.len, etag);
    /* always, when keyed and built: the waiters of lead's flight wake */
    if (keyed && !cached)
        peel_cache_put(c, lead, key.data, key.len, r->snap, &reads, ok ? r : NULL, etag);
    peel_cache_snap_free(r->snap);
    r->snap = NULL;
    if (ok) {
        peel_req_add_header(r, "ETag", peel_pool_strdup(r->pool, etag));
        peel_req_add_header(r, "Vary", "Cookie");
        if (peel_cache_etag_match(peel_req_header(r, "If-None-Match"), etag)) {
            r->status = 304;
            peel_buf_reset(&r->out);
        }
    }
    peel_buf_release(&key);
    return rc;
}

static int dispatch(server *srv, peel_req *r, peel_err *err)
{
    peel_str params[MAX_PARAMS] = {0};
    const peel_route *hit = NULL;
    unsigned hit_key = 0;
    bool path_known = false;
    char allow[64] = "";
    const char *method = !strcmp(r->method, "HEAD") ? "GET" : r->method;

    /* Generic routes first, then each module's table. */
    for (size_t t = 0; t == 0 || r->cfg->routes[t - 1]; t++) {
        const peel_route *table = t == 0 ? routes : r->cfg->routes[t - 1];
        for (const peel_route *rt = table; rt->method; rt++) {
            peel_str p[MAX_PARAMS] = {0};
            if (!match(rt->pattern, r->path, p))
                continue;
            path_known = true;
            if (!strstr(allow, rt->method)) {
                size_t k = strlen(allow);
                snprintf(allow + k, sizeof allow - k, "%s%s", k ? ", " : "", rt->method);
            }
            unsigned key = specificity(rt->pattern);
            if (!strcmp(rt->method, method) && (!hit || key < hit_key)) {
                hit = rt;
                hit_key = key;
                memcpy(params, p, sizeof params);
            }
        }
    }
    if (r->args_overflow)
        return peel_req_error(r, 400, "bad_query", NULL, "too many query parameters");
    if (!path_known)
        return peel_req_error(r, 404, "not_found", NULL, "there is no page at this address");
    if (!hit) {
        peel_req_add_header(r, "Allow", peel_pool_strdup(r->pool, allow));
        return peel_req_error(r, 405, "method_not_allowed", NULL,
                              "%s is not allowed here (allowed: %s)", r->method, allow);
    }
    /* Who may open the page: policy.c decides, here it is enforced. */
    if (!peel_policy_page_readable(r->role, hit->access)) {
        if (r->role == PEEL_ROLE_PUBLIC && !r->is_api)
            return peel_req_error(r, 403, "forbidden", NULL, "sign in to see this page");
        return peel_req_error(r, 403, "forbidden", NULL, "your account cannot see this page");
    }
    if (!r->is_api && !strcmp(method, "POST")) {
        if (!parse_form(r))
            return 0;
        if (!peel_auth_csrf_ok(r)) {
            if (r->session_expired)
                return peel_req_error(r, 403, "session_expired", NULL,
                                      "your session has expired: sign in again, then repeat "
                                      "what you were doing");
            return peel_req_error(r, 403, "csrf", NULL,
                                  "this form has expired or did not come from peel: go back, "
                                  "reload the page and try again");
        }
    }
    if (r->is_api && !strcmp(method, "POST") && attach_type(method, r->path) &&
        peel_req_ctype_is(peel_req_header(r, "Content-Type"), "multipart/form-data")) {
        /* A paper sent to the API: a form with its file (no cookie, so no
         * CSRF token: the API identifies by bearer token only). */
        if (!parse_form(r))
            return 0;
    } else if (r->is_api && (!strcmp(method, "POST") || !strcmp(method, "PATCH"))) {
        if (!peel_req_ctype_is(peel_req_header(r, "Content-Type"), "application/json"))
            return peel_req_error(r, 415, "unsupported_media_type", NULL,
                                  "send the record as application/json");
    }
    /* A GET only reads (the session touch happened in identify, before). */
    if (!strcmp(method, "GET"))
        return serve_get(srv, r, hit, params, err);
    return hit->fn(r, params, err);
}

/* The time stamp of the access log, formatted once per second per thread. */
static const char *log_stamp(void)
{
    static _Thread_local int64_t at = -1;
    static _Thread_local char stamp[24];
    int64_t now = peel_clock_now();
    if (now != at) {
        peel_clock_format(now, stamp);
        at = now;
    }
    return stamp;
}

/* One line per request, written with one write(2) so lines from the worker
 * threads never interleave.  The line is assembled by hand: at tens of
 * thousands of requests a second, stdio's formatting and stream locking were
 * 6-9% of a public page's CPU time (bench/web/README.md). */
static void access_log(req_state *st)
{
    peel_req *r = &st->r;
    char line[400];
    size_t k = 0;
    double ms = ms_since(&st->t0);
    int n;

    if (!r->cfg->access_log)
        return;
#define LOG_PUTS(s)                                                                                \
    for (const char *q_ = (s); *q_ && k < sizeof line - 64; q_++)                                  \
        line[k++] = *q_;
    LOG_PUTS(log_stamp());
    line[k++] = ' ';
    LOG_PUTS(r->method ? r->method : "-");
    line[k++] = ' ';
    /* The path only: query strings may carry record contents (filters). */
    for (const char *p = r->path ? r->path : ""; *p && k < 250; p++)
        line[k++] = (*p > 0x20 && *p < 0x7f) ? *p : '?';
    n = snprintf(line + k, sizeof line - k, " %u %zu %.1fms ", r->status, st->bytes, ms);
    k += n > 0 && (size_t)n < sizeof line - k ? (size_t)n : 0;
    LOG_PUTS(r->user[0] ? r->user : "-");
#undef LOG_PUTS
    line[k++] = '\n';
    if (write(STDERR_FILENO, line, k) < 0) {
        /* Nowhere left to say so. */
    }
}

/* Turns a failure without an answer into a 500 (or a 400 for bad input),
 * after rolling back whatever the request had begun. */
static void fail(peel_req *r, peel_err *err)
{
    if (r->store)
        peel_store_rollback(r->store);
    peel_log_error("%s %s: %s", r->method, "request", err->msg[0] ? err->msg : "no answer");
    peel_req_error(r, err->code == PEEL_EINPUT ? 400 : 500, "internal", NULL, "%s",
                   err->code == PEEL_EINPUT ? err->msg
                                            : "something went wrong on our side: "
                                              "nothing was changed");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **ctx)
{
    server *srv = cls;
    req_state *st = *ctx;
    peel_req *r;
    peel_err err = PEEL_ERR_INIT;
    (void)version;

    if (!st) {
        const char *cl;
        st = calloc(1, sizeof *st);
        if (!st)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &st->t0);
        *ctx = st;
        atomic_fetch_add(&srv->inflight, 1);
        r = &st->r;
        r->conn = conn;
        r->cfg = srv->cfg;
        r->cache = srv->cache;
        r->pool = peel_pool_new();
        r->method = method;
        r->path = url;
        r->is_api = !strncmp(url, "/api/", 5) || !strcmp(url, "/api");
        st->upload_fd = -1;
        peel_guard_headers_done(srv->guard, conn);
        peel_buf_init(&r->out, 64 << 20);
        peel_buf_init(&r->scratch, 1 << 20);
        if (!r->pool)
            return MHD_NO;
        char addr[INET6_ADDRSTRLEN];
        peer_addr(conn, addr);
        client_addr(r, addr);
        /* A standby answers reads only, and says so before any body. */
        if (srv->read_only && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
            peel_req_error(r, 503, "read_only", NULL,
                           "this address only reads: it serves a copy of the database, where "
                           "nothing can be saved and nobody can sign in; to sign in or save, "
                           "use the main address");
            return respond(st);
        }
        /* Who is asking, before any of the body is read; the database
         * connection is given back while the body comes. */
        if (!take_store(st, &err) || !peel_auth_identify(r, &err) || !body_limit(st, &err)) {
            if (!r->answered)
                fail(r, &err);
            return respond(st);
        }
        give_store(st);
        peel_buf_init(&r->body, r->body_max);
        cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl) {
            long long n;
            if (!peel_str_to_i64(peel_str_c(cl), &n) || n < 0 ||
                (unsigned long long)n > r->body_max) {
                peel_req_error(r, 413, "too_large", NULL,
                               "the request body is larger than the %zu bytes allowed",
                               r->body_max);
                return respond(st);
            }
        }
        return MHD_YES;
    }
    r = &st->r;
    if (st->queued) {
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) {
        if (r->body_too_big || r->body_lost) {
            /* read and dropped, to answer at the end: answering now would
             * close the connection on data not yet read, and the client
             * would get a reset instead of the answer */
        } else if (st->upload_fd >= 0) {
            if (*upload_size > r->body_max - st->upload_len)
                r->body_too_big = true;
            else if (!write_all(st->upload_fd, upload_data, *upload_size))
                r->body_lost = true;
            else
                st->upload_len += *upload_size;
        } else if (peel_buf_append(&r->body, upload_data, *upload_size) < 0) {
            r->body_too_big = true;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->body_too_big) {
        peel_req_error(r, 413, "too_large", NULL,
                       "the request body is larger than the %zu bytes allowed", r->body_max);
        return respond(st);
    }
    peel_guard_body_done(srv->guard, conn);
    if (r->body_lost || (st->upload_fd >= 0 && st->upload_len &&
                         (st->upload_map = mmap(NULL, st->upload_len, PROT_READ | PROT_WRITE,
                                                MAP_PRIVATE, st->upload_fd, 0)) == MAP_FAILED)) {
        st->upload_map = NULL;
        peel_log_error("%s %s: the upload could not be stored: %s", method, "request",
                       strerror(errno));
        peel_req_error(r, 500, "internal", NULL,
                       "the upload could not be stored on our side: nothing was changed");
        return respond(st);
    }
    if (st->upload_fd >= 0) {
        r->body_data = st->upload_map;
        r->body_len = st->upload_len;
    } else {
        r->body_data = r->body.data;
        r->body_len = r->body.len;
    }
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, r);
    if (!take_store(st, &err) || dispatch(srv, r, &err) < 0 || !r->answered) {
        if (!r->answered)
            fail(r, &err);
    }
    return respond(st);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **ctx,
                         enum MHD_RequestTerminationCode code)
{
    server *srv = cls;
    req_state *st = *ctx;
    (void)code;
    peel_guard_request_done(srv->guard, conn);
    if (!st)
        return;
    give_store(st);
    if (st->queued)
        access_log(st);
    peel_buf_release(&st->r.out);
    peel_buf_release(&st->r.scratch);
    peel_buf_release(&st->r.body);
    if (st->r.has_file)
        close(st->r.file_fd);
    if (st->upload_map)
        munmap(st->upload_map, st->upload_len);
    if (st->upload_fd >= 0)
        close(st->upload_fd);
    peel_pool_free(st->r.pool);
    free(st);
    *ctx = NULL;
    atomic_fetch_sub(&srv->inflight, 1);
}

/* ---- start and stop ---- */

static int parse_listen(const char *s, struct sockaddr_in *sa, peel_err *err)
{
    const char *colon = strrchr(s, ':');
    char host[64];
    long long port;

    if (!colon || (size_t)(colon - s) >= sizeof host ||
        !peel_str_to_i64(peel_str_c(colon + 1), &port) || port < 0 || port > 65535)
        return peel_err_set(err, PEEL_EINPUT, "--listen: '%s' is not HOST:PORT", s);
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, !strcmp(host, "localhost") ? "127.0.0.1" : host, &sa->sin_addr) != 1)
        return peel_err_set(err, PEEL_EINPUT, "--listen: '%s' is not an IPv4 address", host);
    return 0;
}

int peel_web_serve(const peel_web_config *cfg, peel_err *err)
{
    server srv = {.cfg = cfg};
    struct sockaddr_in sa;
    sigset_t sigs;
    int sig = 0;
    unsigned threads = cfg->threads;
    const union MHD_DaemonInfo *info;

    if (!peel_registry_ready() || !cfg->routes || !cfg->panels)
        return peel_err_set(err, PEEL_EINTERNAL,
                            "the modules are not initialised: call peel_app_init and "
                            "peel_app_web_config before peel_web_serve");
    if (sodium_init() < 0)
        return peel_err_set(err, PEEL_EINTERNAL, "libsodium failed to start");
    if (parse_listen(cfg->listen, &sa, err) < 0 || peel_webdb_configure(err) < 0)
        return -1;
    /* glibc gives threads up to 8 malloc arenas per CPU, and each keeps what
     * it once held: with a thread per connection the server's memory grew
     * under load for as long as it ran (bench/load/mix.sh on 2 CPUs: 116 to
     * 177 MiB in four minutes).  With one arena per CPU it grows far less,
     * though not flat: over 45 minutes the heap's highest samples still
     * rose from 165 to 260 MiB and its lowest from 33 to 100 MiB, with no
     * leak (LeakSanitizer found none).  So a block of PEEL_MMAP_MIN or more
     * (a page being built, a pack) is always its own mapping, given back
     * when freed -- glibc would otherwise raise that bound as such blocks
     * are freed and take them from the arenas -- and the main thread gives
     * the arenas' free pages back every PEEL_TRIM_S seconds (malloc_trim,
     * below).  Then its lowest and mean samples stayed level over 25
     * minutes (bench/README.md). */
    {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        mallopt(M_ARENA_MAX, n > 2 && n < 64 ? (int)n : 2);
        mallopt(M_MMAP_THRESHOLD, PEEL_MMAP_MIN);
    }
    if (!threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 && n < 16 ? 4 * (unsigned)n : 64;
        threads = threads < 8 ? 8 : threads;
    }
    pool.cap = threads < POOL_MAX ? threads : POOL_MAX;
    peel_assets_init();
    if (!peel_cache_groups_ok(err))
        return -1;
    {
        size_t cap;
        if (!peel_cache_cap_from_env(&cap, err))
            return -1;
        if (cap && !(srv.cache = peel_cache_new(cap)))
            return peel_err_set(err, PEEL_ENOMEM, "cannot make the page cache");
    }
    {
        peel_store *s = NULL;
        int rc = peel_store_open(cfg->db_path, false, &s, err);
        if (rc == 0 && (srv.read_only = peel_store_read_only(s)))
            fprintf(stderr, "peel serve: the database is read-only (a standby): serving reads "
                            "only\n");
        if (rc == 0)
            rc = peel_auth_init(s, err);
        if (s)
            peel_store_close(s);
        if (rc < 0) {
            peel_cache_free(srv.cache);
            return -1;
        }
    }
    /* Worker threads inherit a mask without these, so only sigwait sees them. */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* The connection memory limit bounds a request's headers.  libmicrohttpd
     * zeroes this pool for every request on a connection, so it is kept at
     * its default of 32 KiB (64 KiB made the zeroing a sixth of a list
     * page's instructions, bench/web/README.md). */
    srv.guard = peel_guard_new(&(peel_guard_limits){
        .max_conns = cfg->max_conns,
        .per_addr = cfg->max_conns_per_addr,
        .header_ms = cfg->header_timeout * 1000,
        .body_ms = cfg->body_timeout * 1000,
        .exempt = cfg->trusted_proxy,
    });
    if (!srv.guard) {
        peel_cache_free(srv.cache);
        pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
        return peel_err_set(err, PEEL_ENOMEM, "cannot start the connection watchdog");
    }
    /* The idle timeout still ends a connection that stops reading its
     * answer; the guard's deadlines end one that is slow to ask.  Without a
     * trusted proxy libmicrohttpd enforces the per-address cap exactly; with
     * one, only the guard does, so the proxy itself is not capped. */
    /* A thread per connection (see "the database connections" above), and
     * poll(2), not epoll, in the thread that accepts: MHD_quiesce_daemon on
     * an epoll thread pool raced a worker that dropped the listening socket
     * from its own epoll set first, and libmicrohttpd 0.9.75 then aborted the
     * process ("Failed to remove listen FD from epoll set", seen at SIGTERM
     * under load).  With poll the quiesce is a wake-up through the ITC. */
    srv.d = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
            MHD_USE_ITC | MHD_USE_TURBO,
        0, peel_guard_accept, srv.guard, on_request, &srv, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_LIMIT, cfg->max_conns,
        MHD_OPTION_CONNECTION_TIMEOUT, cfg->conn_timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)(32 << 10), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        cfg->trusted_proxy ? 0u : cfg->max_conns_per_addr, MHD_OPTION_NOTIFY_CONNECTION,
        peel_guard_notify, srv.guard, MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
        MHD_OPTION_END);
    if (!srv.d) {
        peel_guard_free(srv.guard);
        peel_cache_free(srv.cache);
        pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
        return peel_err_set(err, PEEL_EIO, "cannot listen on %s: %s", cfg->listen,
                            errno ? strerror(errno) : "the address may be in use");
    }
    info = MHD_get_daemon_info(srv.d, MHD_DAEMON_INFO_BIND_PORT);
    char host[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
    printf("peel serve: listening on http://%s:%u/ (%u requests at once)\n", host,
           info ? (unsigned)info->port : (unsigned)ntohs(sa.sin_port), threads);
    fflush(stdout);

    for (;;) {
        struct timespec every = {.tv_sec = PEEL_TRIM_S};
        if ((sig = sigtimedwait(&sigs, NULL, &every)) > 0)
            break;
        if (errno == EAGAIN)
            malloc_trim(0);
    }
    /* The listening socket is shut before the message, so whoever reads
     * the message can rely on new connections being refused.  shutdown()
     * first: a worker still inside poll() holds a reference to the socket,
     * and until it lets go a plain close() leaves the kernel completing
     * handshakes into the backlog. */
    MHD_socket lsock = MHD_quiesce_daemon(srv.d);
    if (lsock != MHD_INVALID_SOCKET) {
        shutdown(lsock, SHUT_RDWR);
        close(lsock);
    }
    fprintf(stderr, "peel serve: %s received, finishing requests in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    for (int i = 0; i < 100 && atomic_load(&srv.inflight) > 0; i++)
        usleep(100 * 1000);
    MHD_stop_daemon(srv.d);
    peel_guard_free(srv.guard);
    if (srv.cache) {
        peel_cache_stats cs;
        peel_cache_stats_get(srv.cache, &cs);
        fprintf(stderr,
                "peel serve: page cache: %llu hits, %llu misses, %llu kept, %llu evicted, "
                "%llu invalidations; %zu pages in %zu bytes (peak %zu, cap %zu); %llu waited "
                "for another's build, %llu served by it; %llu parts reused, %llu built\n",
                (unsigned long long)cs.hits, (unsigned long long)cs.misses,
                (unsigned long long)cs.stores, (unsigned long long)cs.evictions,
                (unsigned long long)cs.invalidations, cs.entries, cs.bytes, cs.peak_bytes, cs.cap,
                (unsigned long long)cs.waits, (unsigned long long)cs.shared,
                (unsigned long long)cs.part_hits, (unsigned long long)cs.part_builds);
        peel_cache_free(srv.cache);
    }
    close_stores();
    pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
    printf("peel serve: stopped\n");
    return 0;
}
