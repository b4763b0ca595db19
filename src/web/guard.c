/* guard.c - per-request deadlines and per-address connection caps
 * (guard.h).  One table of slots, one per open connection, under one mutex;
 * the accept policy counts an address's slots, and the watchdog walks the
 * table a few times a second.  With a thousand slots both are a few
 * microseconds. */
#include "web/guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct slot {
    bool used;
    int fd;
    unsigned char addr[16]; /* IPv4 as ::ffff:a.b.c.d */
    int64_t deadline;       /* monotonic ms; 0 none */
} slot;

struct peel_guard {
    peel_guard_limits lim;
    unsigned char exempt[16];
    bool has_exempt;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    bool stop;
    size_t nslots;
    slot slots[];
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The address as 16 bytes; false for a family other than IPv4 or IPv6. */
static bool addr_key(const struct sockaddr *sa, unsigned char out[16])
{
    if (!sa)
        return false;
    if (sa->sa_family == AF_INET) {
        memset(out, 0, 10);
        out[10] = out[11] = 0xff;
        memcpy(out + 12, &((const struct sockaddr_in *)sa)->sin_addr, 4);
        return true;
    }
    if (sa->sa_family == AF_INET6) {
        memcpy(out, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
        return true;
    }
    return false;
}

static void *watchdog(void *arg)
{
    peel_guard *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stop) {
        struct timespec until;
        int64_t now = now_ms();
        for (size_t i = 0; i < g->nslots; i++) {
            slot *s = &g->slots[i];
            if (s->used && s->deadline && now > s->deadline) {
                /* Under the lock: the slot's CLOSED notice, which comes
                 * before libmicrohttpd closes the descriptor, waits for it,
                 * so fd is still this connection's. */
                shutdown(s->fd, SHUT_RDWR);
                s->deadline = 0;
            }
        }
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 200 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&g->wake, &g->lock, &until);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

peel_guard *peel_guard_new(const peel_guard_limits *lim)
{
    /* libmicrohttpd may hold a few connections beyond its limit while it
     * refuses them; those get no slot and no deadline of their own. */
    size_t n = (size_t)lim->max_conns + 64;
    peel_guard *g = calloc(1, sizeof *g + n * sizeof(slot));

    if (!g)
        return NULL;
    g->lim = *lim;
    g->nslots = n;
    if (lim->exempt) {
        /* Room for either family, so the key reader never reads past it. */
        struct sockaddr_storage ss = {0};
        struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
        if (inet_pton(AF_INET, lim->exempt, &s4->sin_addr) == 1) {
            s4->sin_family = AF_INET;
            g->has_exempt = addr_key((struct sockaddr *)&ss, g->exempt);
        } else if (inet_pton(AF_INET6, lim->exempt, &s6->sin6_addr) == 1) {
            s6->sin6_family = AF_INET6;
            g->has_exempt = addr_key((struct sockaddr *)&ss, g->exempt);
        }
    }
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->wake, NULL);
    if (pthread_create(&g->thread, NULL, watchdog, g) != 0) {
        pthread_cond_destroy(&g->wake);
        pthread_mutex_destroy(&g->lock);
        free(g);
        return NULL;
    }
    return g;
}

void peel_guard_free(peel_guard *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    g->stop = true;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    pthread_join(g->thread, NULL);
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

enum MHD_Result peel_guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    peel_guard *g = cls;
    unsigned char key[16];
    unsigned n = 0;
    (void)addrlen;

    if (!addr_key(addr, key))
        return MHD_YES;
    if (g->has_exempt && !memcmp(key, g->exempt, 16))
        return MHD_YES;
    pthread_mutex_lock(&g->lock);
    for (size_t i = 0; i < g->nslots && n < g->lim.per_addr; i++)
        if (g->slots[i].used && !memcmp(g->slots[i].addr, key, 16))
            n++;
    pthread_mutex_unlock(&g->lock);
    return n < g->lim.per_addr ? MHD_YES : MHD_NO;
}

void peel_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                       enum MHD_ConnectionNotificationCode code)
{
    peel_guard *g = cls;
    slot *s = *socket_context;

    pthread_mutex_lock(&g->lock);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *fd =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *ad =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        for (size_t i = 0; fd && i < g->nslots; i++) {
            if (g->slots[i].used)
                continue;
            s = &g->slots[i];
            s->used = true;
            s->fd = fd->connect_fd;
            if (!ad || !addr_key(ad->client_addr, s->addr))
                memset(s->addr, 0, 16);
            s->deadline = now_ms() + g->lim.header_ms;
            *socket_context = s;
            break;
        }
    } else if (s) {
        s->used = false;
        s->deadline = 0;
        *socket_context = NULL;
    }
    pthread_mutex_unlock(&g->lock);
}

static void set_deadline(peel_guard *g, struct MHD_Connection *conn, unsigned ms)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    slot *s = ci ? ci->socket_context : NULL;

    if (!g || !s)
        return;
    pthread_mutex_lock(&g->lock);
    if (s->used)
        s->deadline = ms ? now_ms() + ms : 0;
    pthread_mutex_unlock(&g->lock);
}

void peel_guard_headers_done(peel_guard *g, struct MHD_Connection *conn)
{
    set_deadline(g, conn, g ? g->lim.body_ms : 0);
}

void peel_guard_body_done(peel_guard *g, struct MHD_Connection *conn)
{
    set_deadline(g, conn, 0);
}

void peel_guard_request_done(peel_guard *g, struct MHD_Connection *conn)
{
    set_deadline(g, conn, g ? g->lim.header_ms : 0);
}
