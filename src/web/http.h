/* http.h - the request as the web modules see it, and the helpers that answer.
 *
 * One peel_req lives for one HTTP request.  Its pool owns every string it
 * points at; `out` is the response body, handed to libmicrohttpd at the end.
 * Handlers return 0 once they have set a response (peel_req_html, _json,
 * _error, _redirect...), or -1 with err set for a failure that becomes a 500.
 * Boundary helpers named ...OrReply in spirit (peel_req_type_or_404 etc.)
 * answer themselves and return false; the handler then returns 0.
 */
#ifndef PEEL_WEB_HTTP_H
#define PEEL_WEB_HTTP_H

#include <stdbool.h>
#include <stdint.h>

struct json_t;

#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"
#include "core/pool.h"
#include "core/str.h"
#include "model/reader.h"
#include "model/record.h"
#include "store/store.h"
#include "web/web.h"

typedef struct peel_kv {
    const char *name;
    const char *value; /* NUL-terminated; may hold NULs before len for uploads */
    size_t len;
    const char *filename; /* multipart file parts only */
} peel_kv;

/* One problem for a page's error summary (peel_page_error_summary): the id
 * of the control it links to (NULL: the page or address as a whole), the
 * control's label and the message.  A query or form parameter that did not
 * read also keeps its name and what was typed, to show it again. */
typedef struct peel_problem {
    const char *id;
    const char *label;
    const char *msg;
    const char *name;
    const char *typed;
} peel_problem;

#define PEEL_REQ_MAX_HEADERS 8
#define PEEL_REQ_MAX_PROBLEMS 8
#define PEEL_REQ_MAX_ARGS 64

#define PEEL_REQ_MAX_ALT 4

typedef struct peel_req {
    struct MHD_Connection *conn;
    const peel_web_config *cfg;
    peel_pool *pool;
    peel_store *store;
    /* The page cache (web/cache.h), NULL when it is off: for the parts of
     * a page kept apart from it (peel_cache_part). */
    struct peel_cache *cache;
    /* The change counts of the request's snapshot, when the cache may
     * keep what it builds (a public GET of a cached route), else NULL. */
    struct peel_cache_snap *snap;
    const char *method;
    const char *path;
    const char *addr; /* client address, for rate limits (server.c client_addr) */
    bool secure;      /* served over HTTPS: --secure-cookies, or the trusted proxy says so */
    bool is_api;

    /* Body, collected before the handler runs: in `body`, or for an upload
     * in a temporary file mapped into memory.  body_data/body_len point at
     * whichever holds it (writable: the multipart parser ends values in
     * place). */
    peel_buf body;
    size_t body_max;
    bool body_too_big;
    bool body_lost; /* writing an upload to its file failed */
    char *body_data;
    size_t body_len;

    /* Query arguments and form fields (urlencoded or multipart). */
    peel_kv args[PEEL_REQ_MAX_ARGS];
    size_t nargs;
    bool args_overflow;
    peel_kv form[PEEL_REQ_MAX_ARGS];
    size_t nform;
    bool form_overflow;

    /* Parameters that did not read (params.c), in pool memory: the page
     * shows them in its error summary and its controls, with status 400. */
    peel_problem problems[PEEL_REQ_MAX_PROBLEMS];
    size_t nproblems;

    /* Who is asking. */
    peel_role role;
    int64_t user_id;
    char user[72];        /* sign-in name, "" for the public */
    char cookie_tok[64];  /* the session or anonymous cookie value */
    char csrf[48];        /* the CSRF token forms must carry */
    bool has_session;     /* signed in through a session cookie */
    bool session_expired; /* a session cookie came in but had expired */

    /* References already turned into text on this request (list pages name
     * the same few referenced records on many rows). */
    struct peel_refcache {
        const char *type;
        int64_t id;
        const char *text;
        bool link;
    } refcache[32];
    size_t nrefcache;

    /* Response. */
    unsigned status;
    peel_buf out;
    peel_buf scratch; /* a value's text on its way into out (reset before each use) */
    const char *ctype;
    const char *hname[PEEL_REQ_MAX_HEADERS], *hvalue[PEEL_REQ_MAX_HEADERS];
    size_t nheaders;
    bool answered;
    /* A file sent as the body instead of out (a paper's download): the
     * server hands the descriptor to libmicrohttpd, which closes it. */
    bool has_file;
    int file_fd;
    size_t file_len;
    bool sensitive_shown; /* the page shows OFFICIAL-SENSITIVE material */
    size_t banner_at;     /* where page_end puts the sensitive-material banner */
    /* Feeds the page's head names as rel="alternate" (peel_page_alternate):
     * static strings. */
    struct peel_alternate {
        const char *type, *href, *title;
    } alt[PEEL_REQ_MAX_ALT];
    size_t nalt;
} peel_req;

/* ---- reading the request ---- */
const char *peel_req_header(peel_req *r, const char *name);
const char *peel_req_arg(peel_req *r, const char *name);      /* query */
const peel_kv *peel_req_field(peel_req *r, const char *name); /* form */
/* Parses an urlencoded string into kv (pool copies); false on overflow or bad
 * encoding.  Used for query strings (server.c) and form bodies. */
bool peel_req_parse_urlencoded(peel_pool *pool, const char *s, size_t n, peel_kv *kv, size_t max,
                               size_t *nkv);
/* multipart/form-data with the given boundary; false when malformed. */
bool peel_req_parse_multipart(peel_pool *pool, const char *body, size_t n, const char *boundary,
                              peel_kv *kv, size_t max, size_t *nkv);
/* The value of param (e.g. "boundary") in a header like Content-Type. */
const char *peel_req_header_param(peel_pool *pool, const char *header, const char *param);
bool peel_req_ctype_is(const char *ctype, const char *want);

/* ---- query and form parameters as a page reads them (params.c) ----
 * Each reader takes the parameter's name (also its control's id,
 * "filter-NAME") and the label its control has on the page.  An absent or
 * empty parameter gives dflt.  One that does not read gives dflt too,
 * returns false and is recorded in r->problems with its label and what was
 * typed; the page then shows its form again with the error summary (status
 * 400), never a dead end.  A GET reads the query, a POST its form. */
bool peel_param_date(peel_req *r, const char *name, const char *label, peel_date dflt,
                     peel_date *out); /* ISO or UK: "2023-04-01", "01/04/2023" */
bool peel_param_month(peel_req *r, const char *name, const char *label, peel_month dflt,
                      peel_month *out); /* "2023-04" */
bool peel_param_fy(peel_req *r, const char *name, const char *label, peel_fy dflt,
                   peel_fy *out); /* "2023-24" */
bool peel_param_year(peel_req *r, const char *name, const char *label, int dflt,
                     int *out); /* 1900 to 2999 */
/* A whole number from min to max. */
bool peel_param_int(peel_req *r, const char *name, const char *label, long long min, long long max,
                    long long dflt, long long *out);
/* A list's paging, under the names its JSON answer uses: page (from 1) and
 * per_page (1 to max_per, dflt_per when absent).  The list pages' own
 * spellings, _page and _per, are read too; a problem is named after the
 * parameter given. */
bool peel_param_paging(peel_req *r, long long max_per, long long dflt_per, long long *page,
                       long long *per);
/* Whether name is one of the paging parameters peel_param_paging reads. */
bool peel_param_is_paging(const char *name);
/* The index of the value in values[] (NULL-terminated), or -1 when absent. */
bool peel_param_choice(peel_req *r, const char *name, const char *label, const char *const *values,
                       int *out);
/* The text of a parameter; NULL when absent or empty. */
const char *peel_param_text(peel_req *r, const char *name);
/* Records a problem with parameter name (NULL: with the address). */
void peel_param_problem(peel_req *r, const char *name, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The problem recorded for name, or NULL. */
const peel_problem *peel_param_problem_of(const peel_req *r, const char *name);
/* Every query parameter must be one of names[] (NULL-terminated) and valid
 * UTF-8: the others are recorded as problems with the address; false then. */
bool peel_params_allowed(peel_req *r, const char *const *names);

/* ---- answering ---- */
void peel_req_add_header(peel_req *r, const char *name, const char *value);
int peel_req_html_page(peel_req *r, unsigned status); /* out already holds the page */
int peel_req_redirect(peel_req *r, const char *location);
/* A short page or JSON error, by r->is_api. */
int peel_req_error(peel_req *r, unsigned status, const char *code, const char *field,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int peel_req_json(peel_req *r, unsigned status, struct json_t *j); /* steals j */
/* out already holds a JSON document (written with model/json.h's writer);
 * a failed buffer becomes a 500. */
int peel_req_json_ready(peel_req *r, unsigned status);
/* One record as JSON, through the classification gate (model/reader.h). */
int peel_req_json_record(peel_req *r, unsigned status, const peel_record *rec);

/* ---- page furniture (pages.c) ---- */
/* Appends the layout's head and header; title is escaped. */
void peel_page_begin(peel_req *r, const char *title);
/* Before peel_page_begin: a feed of what the page shows, named in the head
 * as <link rel="alternate"> (type "application/atom+xml", "text/calendar");
 * the strings must outlive the request (static or pool).  Past
 * PEEL_REQ_MAX_ALT, ignored. */
void peel_page_alternate(peel_req *r, const char *type, const char *href, const char *title);
/* Closes the layout (adds the sensitive-material banner when r->sensitive_shown). */
void peel_page_end(peel_req *r);
/* The GOV.UK error summary: "There is a problem", then each problem,
 * linking to its control when it has one.  Nothing when n is 0. */
void peel_page_error_summary(peel_req *r, const peel_problem *p, size_t n);
/* A text input for a query parameter, labelled, with its hint: when the
 * parameter did not read, what was typed, its error message, aria-invalid
 * and aria-describedby; else value. */
void peel_page_param_input(peel_req *r, const char *name, const char *label, const char *hint,
                           const char *value);
/* The hidden CSRF input. */
void peel_page_csrf(peel_req *r);
/* The record's name for people: its title field, else "TYPE ID". */
void peel_page_record_title(const peel_record *rec, peel_buf *out);
/* The OFFICIAL-SENSITIVE tag (and marks the page as showing such material). */
void peel_page_sensitive_tag(peel_req *r);

/* ---- handlers and routes ---- */
typedef int (*peel_handler)(peel_req *r, const peel_str *params, peel_err *err);

/* Who may open a route: decided by policy.c (peel_policy_page_readable) and
 * enforced by the server's dispatch before the handler runs. */
typedef enum peel_page_access {
    PEEL_PAGE_BY_HANDLER, /* the handler applies the gate per record type (generic pages) */
    PEEL_PAGE_EVERYONE,   /* every role; what it shows passes peel_reader_record_visible */
    PEEL_PAGE_STAFF,      /* staff and admin only (may show OFFICIAL-SENSITIVE, marked) */
    PEEL_PAGE_ADMIN,      /* admin only (accounts and their API tokens) */
    PEEL_PAGE_PANEL       /* Panel members, staff and admin; 403 for the public (the action
                             tracker: what it shows passes the reader) */
} peel_page_access;

/* A route: METHOD and a pattern of segments ("*" captures one, up to 4).
 * `nav`, when set, puts a GET route without "*" in the navigation of the
 * roles that may open it. */
typedef struct peel_route {
    const char *method;
    const char *pattern;
    peel_handler fn;
    peel_page_access access;
    const char *nav;
    /* The public's GETs of it are kept by the page cache (web/cache.h)
     * until a change of what their build read. */
    bool cached;
} peel_route;

/* A JSON route's entry in the OpenAPI document (api.c): its path, what it
 * answers, its query parameters (names, NULL-ended; the paging pair _page
 * and _per is added) and what each item of its "data" array is.  Declared
 * beside the route by the file that owns it, named by its module. */
typedef struct peel_api_doc {
    const char *path;
    const char *summary;
    const char *const *params;
    const char *items;
} peel_api_doc;
extern const peel_api_doc peel_api_docs_register[]; /* pages_register.c */
extern const peel_api_doc peel_api_docs_crime[];    /* api_crime.c */

/* Extra routes, declared by the file that owns the content and named by its
 * module (src/app/module.h), which hands them to the server through
 * peel_web_config.routes; each table ends with {0}.  Dispatch does every
 * cross-cutting step for them (identity, access, CSRF, read transaction). */
extern const peel_route peel_routes_register[];  /* pages_register.c */
extern const peel_route peel_routes_crime[];     /* pages_crime.c */
extern const peel_route peel_routes_admin[];     /* pages_admin.c */
extern const peel_route peel_routes_lifecycle[]; /* lifecycle.c */
extern const peel_route peel_routes_docs[];      /* attachments.c: papers and search */

/* The papers of a record whose type declares attachments, for its page
 * (attachments.c): the list for every reader who sees the record, and the
 * upload form for those who may change it.  Nothing for other types. */
int peel_web_attachments_section(peel_req *r, const peel_record *rec, peel_err *err);

/* A section of the home page, declared by a module: readers who see
 * OFFICIAL-SENSITIVE material (staff, admin) get the staff panels under
 * "What needs attention", the others the public panels under "What peel
 * publishes", each in module order.  fn writes the section into r->out. */
typedef enum peel_panel_for { PEEL_PANEL_STAFF, PEEL_PANEL_PUBLIC } peel_panel_for;
typedef struct peel_panel {
    const char *name;
    peel_panel_for audience;
    int (*fn)(peel_req *r, peel_err *err);
} peel_panel;

/* The generic panels (pages.c): records due or overdue by their declared
 * due date, recent changes from the audit trail; what is published, per
 * type. */
int peel_panel_due(peel_req *r, peel_err *err);
int peel_panel_recent(peel_req *r, peel_err *err);
int peel_panel_published(peel_req *r, peel_err *err);

int peel_page_home(peel_req *r, const peel_str *p, peel_err *err);
int peel_page_signin_form(peel_req *r, const peel_str *p, peel_err *err);
int peel_page_signin(peel_req *r, const peel_str *p, peel_err *err);
int peel_page_signin_code(peel_req *r, const peel_str *p, peel_err *err);
int peel_page_signout(peel_req *r, const peel_str *p, peel_err *err);
int peel_page_static(peel_req *r, const peel_str *p, peel_err *err);

int peel_rec_list(peel_req *r, const peel_str *p, peel_err *err);
int peel_rec_csv(peel_req *r, const peel_str *p, peel_err *err);
int peel_rec_show(peel_req *r, const peel_str *p, peel_err *err);
int peel_rec_new(peel_req *r, const peel_str *p, peel_err *err);
int peel_rec_create(peel_req *r, const peel_str *p, peel_err *err);
int peel_rec_edit(peel_req *r, const peel_str *p, peel_err *err);
int peel_rec_update(peel_req *r, const peel_str *p, peel_err *err);
int peel_rec_delete_form(peel_req *r, const peel_str *p, peel_err *err);
int peel_rec_delete(peel_req *r, const peel_str *p, peel_err *err);
int peel_rec_upload_form(peel_req *r, const peel_str *p, peel_err *err);
int peel_rec_upload(peel_req *r, const peel_str *p, peel_err *err);

int peel_api_index(peel_req *r, const peel_str *p, peel_err *err);
int peel_api_openapi(peel_req *r, const peel_str *p, peel_err *err);
int peel_api_list(peel_req *r, const peel_str *p, peel_err *err);
int peel_api_create(peel_req *r, const peel_str *p, peel_err *err);
int peel_api_get(peel_req *r, const peel_str *p, peel_err *err);
int peel_api_related(peel_req *r, const peel_str *p, peel_err *err); /* page_related.c */
int peel_api_crime(peel_req *r, const peel_str *p, peel_err *err);   /* api_crime.c */
int peel_api_patch(peel_req *r, const peel_str *p, peel_err *err);
int peel_api_delete(peel_req *r, const peel_str *p, peel_err *err);

/* ---- identity (auth.c) ---- */
/* Sets role/user from the session cookie or (API) the bearer token; answers
 * 401 itself for a bad token and returns false. */
bool peel_auth_identify(peel_req *r, peel_err *err);
bool peel_auth_csrf_ok(peel_req *r);
const char *peel_role_name(peel_role role);
/* The request's reader (model/reader.h): what every page, API answer and
 * download asks before it shows a record, field or reference. */
static inline const peel_reader *peel_req_reader(const peel_req *r)
{
    return peel_reader_of(r->role);
}

/* ---- static assets (assets.c) ---- */
void peel_assets_init(void);
const char *peel_assets_url(const char *name); /* "/static/peel.css?v=ETAG" */

#endif
