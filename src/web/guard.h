/* guard.h - what one client may hold of the server's connections (guard.c):
 * a deadline for each request's headers and for its body, and a cap on the
 * connections open from one address.
 *
 * libmicrohttpd's own timeout counts idle time only, so a client trickling
 * a header line every few seconds kept its connection for ever; a thousand
 * of them took every connection.  The guard notes when each connection
 * must have sent its request by, and a watchdog thread shuts down (shutdown(2),
 * never close(2): libmicrohttpd owns the descriptor) any that has not, so
 * libmicrohttpd reads the end of the stream and closes it as usual.
 *
 * Ownership: peel_guard_new() starts the watchdog; peel_guard_free() stops
 * it, after the daemon has stopped. */
#ifndef PEEL_WEB_GUARD_H
#define PEEL_WEB_GUARD_H

#include <microhttpd.h>
#include <stdbool.h>
#include <sys/socket.h>

typedef struct peel_guard peel_guard;

typedef struct peel_guard_limits {
    unsigned max_conns; /* connections in all (the daemon's limit) */
    unsigned per_addr;  /* connections from one address */
    unsigned header_ms; /* from connecting, or the last answer, to a request's last header */
    unsigned body_ms;   /* from the last header to the body's last byte */
    const char *exempt; /* an address without the per-address cap (the trusted proxy), or NULL */
} peel_guard_limits;

/* NULL when out of memory or the thread cannot start. */
peel_guard *peel_guard_new(const peel_guard_limits *lim);
void peel_guard_free(peel_guard *g);

/* libmicrohttpd's accept policy (MHD_start_daemon's apc, cls the guard):
 * refuses an address already holding per_addr connections. */
enum MHD_Result peel_guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
/* MHD_OPTION_NOTIFY_CONNECTION: starts and ends the connection's watch. */
void peel_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                       enum MHD_ConnectionNotificationCode code);

/* The request's phases, from server.c's callbacks. */
void peel_guard_headers_done(peel_guard *g, struct MHD_Connection *conn); /* body deadline */
void peel_guard_body_done(peel_guard *g, struct MHD_Connection *conn);    /* answering: none */
void peel_guard_request_done(peel_guard *g, struct MHD_Connection *conn); /* next request's */

#endif
