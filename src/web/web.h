/* web.h - peel's web application: `peel serve` and the account commands.
 *
 * The server (server.c) owns a libmicrohttpd daemon with its own thread pool;
 * each worker thread opens its own connection to the database.  Everything
 * a page, the API or a download shows passes the one classification gate,
 * model/reader.c (the request's reader).  Ownership: peel_web_serve() runs until SIGINT or SIGTERM
 * and frees everything it made before returning.
 */
#ifndef PEEL_WEB_WEB_H
#define PEEL_WEB_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

struct peel_route;
struct peel_panel;

typedef struct peel_web_config {
    const char *db_path;
    const char *listen;        /* "127.0.0.1:8080" */
    bool secure_cookies;       /* served over HTTPS: Secure, __Host- cookies */
    bool admin_second_factor;  /* admins sign in only with a second factor */
    const char *trusted_proxy; /* the reverse proxy whose X-Forwarded-For/-Proto are believed */
    unsigned threads;          /* requests worked on at once; 0: 4 per CPU, at least 8 */
    int64_t session_idle;      /* seconds of inactivity before a session ends */
    size_t max_body;           /* forms and JSON */
    size_t max_upload;         /* CSV uploads, by those allowed to write the type */
    size_t max_attach;         /* a paper attached to a record (model/attach.h) */
    size_t max_anon_body;      /* any body from someone not signed in */
    const char *upload_dir;    /* where uploads are spooled (unlinked at once) */
    unsigned conn_timeout;     /* seconds a connection may sit idle */
    unsigned header_timeout;   /* seconds to send a request's headers (guard.h) */
    unsigned body_timeout;     /* seconds to send its body, after the headers */
    unsigned max_conns;
    unsigned max_conns_per_addr;
    bool access_log; /* one line per request on stderr */
    /* The modules' pages and home-page panels (http.h), each list ended by
     * NULL: set from the module table by peel_app_web_config. */
    const struct peel_route *const *routes;
    const struct peel_panel *const *panels;
    const struct peel_api_doc *const *api_docs; /* the modules' JSON routes, for OpenAPI */
} peel_web_config;

void peel_web_config_defaults(peel_web_config *c);

/* Serves until SIGINT/SIGTERM; in-flight requests finish first.  Refuses to
 * start without the record types registered and the modules' routes set
 * (peel_app_init, peel_app_web_config). */
int peel_web_serve(const peel_web_config *c, peel_err *err);

/* Accounts (auth.c).  Passwords are hashed with argon2id; tokens and
 * passwords are never stored or printed except the token once, here. */
int peel_web_password_hash(const char *password, char out[128], peel_err *err);
/* Adds or updates the user NAME with ROLE (NULL keeps it) and password. */
int peel_web_user_set(peel_store *s, const char *actor, const char *name, const char *role,
                      const char *password, bool create, peel_err *err);
/* Creates an API token for user NAME; writes it (NUL-terminated) to out. */
int peel_web_token_add(peel_store *s, const char *name, const char *label, char out[64],
                       peel_err *err);

#endif
