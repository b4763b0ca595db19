/* backend.h - what a database backend provides: tables of operations (private
 * to src/store; nothing outside it may include this file).
 *
 * store.c and web_db.c are dispatchers: each peel_store_* or peel_webdb_*
 * function checks what is the same for every backend and calls through the
 * table of the backend the store was opened with, the way SQLite calls a
 * file through its sqlite3_vfs and sqlite3_io_methods.  A connection is a
 * backend's own struct whose first member is a peel_store, so the dispatcher
 * hands the same pointer to every operation and the backend converts it back.
 *
 * A backend is one value of peel_store_backend: the record operations
 * (everything store.h promises), and one operations table per module whose
 * tables are not record types (crime, web).  A second backend (PostgreSQL)
 * is a second set of these tables beside src/store/sqlite/, chosen by
 * peel_store_open from the database name; nothing above the store changes.
 *
 * Ownership: backends are static constant tables; a connection is allocated
 * by the backend's open and freed by its close; every other operation
 * borrows what it is given for the call, as store.h says.
 */
#ifndef PEEL_STORE_BACKEND_H
#define PEEL_STORE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "store/docs_db.h"
#include "store/lifecycle_db.h"
#include "store/store.h"
#include "store/web_db.h"

/* The part of every connection the dispatcher reads: the first member of
 * each backend's connection struct. */
struct peel_store {
    const struct peel_store_backend *backend;
    char path[1024];   /* the database as opened, without its scheme: for messages */
    bool read_only;    /* set by the backend's open: no write can succeed */
    peel_reads *trace; /* NULL, or where reads are marked (peel_store_trace) */
};

/* A numbered migration: applied once, in order, by peel_store_migrate, and
 * recorded by version.  Lists end with {0, NULL, NULL}; versions are unique
 * across every module of a backend (core 1-99, crime 100-199, web 200-299,
 * lifecycle 400-449). */
typedef struct peel_migration {
    int version;
    const char *name;
    const char *sql; /* run first; NULL or "": none */
    /* Then a step SQL alone cannot say (what depends on the columns an old
     * table has), in the same transaction; NULL: none.  0, or -1 with err. */
    int (*run)(peel_store *s, peel_err *err);
} peel_migration;

/* The record operations: one connection's transactions, the steps of a
 * migration, the declared types' tables, the audit trail and meta.  Each
 * has the contract of the store.h function of the same name; the
 * dispatcher has already checked what store.h says is checked (savepoint
 * names, a grouping's fields). */
typedef struct peel_store_ops {
    /* Numbered migrations of the core tables (meta, audit, change count): 1-99. */
    const peel_migration *migrations;

    /* Opens target (the name without its scheme) into *out. */
    int (*open)(const char *target, bool create, peel_store **out, peel_err *err);
    void (*close)(peel_store *s);

    int (*begin)(peel_store *s, peel_err *err);
    int (*commit)(peel_store *s, peel_err *err);
    void (*rollback)(peel_store *s);
    int (*savepoint)(peel_store *s, const char *name, peel_err *err);
    int (*savepoint_release)(peel_store *s, const char *name, peel_err *err);
    int (*savepoint_rollback)(peel_store *s, const char *name, peel_err *err);

    /* The steps of peel_store_migrate, whose order the dispatcher owns.
     * migrations_ready: before any step (statements prepared on the old
     * schema go unless dry_run); *exists says whether the record of
     * applied migrations exists, creating it unless dry_run.  applied: 1
     * if version ran, 0 if not, -1 error.  apply: runs one migration and
     * records it.  migrate_type: creates or extends one type's table;
     * returns the changes made (or pending with dry_run). */
    int (*migrations_ready)(peel_store *s, bool dry_run, bool *exists, peel_err *err);
    int (*migration_applied)(peel_store *s, int version, peel_err *err);
    int (*migration_apply)(peel_store *s, const peel_migration *m, peel_err *err);
    int (*migrate_type)(peel_store *s, const peel_type *t, bool dry_run, peel_err *err);

    int (*insert)(peel_store *s, peel_record *r, peel_err *err);
    int (*update)(peel_store *s, peel_record *r, peel_err *err);
    int (*delete)(peel_store *s, const peel_type *t, int64_t id, peel_err *err);
    int (*get)(peel_store *s, const peel_type *t, int64_t id, peel_record **out, peel_err *err);
    int (*find)(peel_store *s, const peel_type *t, const peel_field *f, const peel_value *v,
                int64_t *id, peel_err *err);
    int (*select)(peel_store *s, const peel_query *q, peel_record_cb cb, void *ctx, peel_err *err);
    int (*count)(peel_store *s, const peel_query *q, int64_t *n, peel_err *err);
    int (*count_by)(peel_store *s, const peel_query *q, const peel_grouping *g, peel_group_cb cb,
                    void *ctx, peel_err *err);

    int (*audit_add)(peel_store *s, const peel_audit *a, peel_err *err);
    int (*audit_list)(peel_store *s, const char *type, int64_t id, peel_audit_cb cb, void *ctx,
                      peel_err *err);
    int (*audit_recent)(peel_store *s, int limit, peel_audit_cb cb, void *ctx, peel_err *err);
    int (*audit_forget)(peel_store *s, const char *type, int64_t id, const char *field,
                        peel_err *err);
    int (*audit_each)(peel_store *s, peel_audit_cb cb, void *ctx, peel_err *err);
    int (*put)(peel_store *s, const peel_record *r, peel_err *err);

    int (*backup)(peel_store *s, const char *path, peel_err *err);
    int (*checkpoint)(peel_store *s, bool *complete, peel_err *err);
    int (*analyze)(peel_store *s, peel_err *err); /* NULL: nothing to do */
    int (*check)(peel_store *s, peel_check_cb cb, void *ctx, peel_err *err);
    int (*changes_each)(peel_store *s, peel_changes_cb cb, void *ctx, peel_err *err);

    int (*meta_get)(peel_store *s, const char *key, char *out, size_t outsz, peel_err *err);
    int (*meta_set)(peel_store *s, const char *key, const char *value, peel_err *err);
    int (*meta_each)(peel_store *s, peel_meta_cb cb, void *ctx, peel_err *err);
} peel_store_ops;

/* The web application's tables (web_db.h): sessions, API tokens, sign-in
 * attempts, and the read transaction around a page.  Each has the contract
 * of the web_db.h function of the same name. */
typedef struct peel_web_db_ops {
    /* Numbered migrations of the web tables: 200-299. */
    const peel_migration *migrations;

    /* Before any connection opens: each connection is used by one thread. */
    int (*configure)(peel_err *err);
    int (*read_begin)(peel_store *s, peel_err *err);
    void (*read_end)(peel_store *s);

    int (*session_add)(peel_store *s, int64_t user_id, const unsigned char *hash, int64_t now,
                       peel_err *err);
    int (*session_find)(peel_store *s, const unsigned char *hash, int64_t *user_id,
                        int64_t *created, int64_t *last_seen, peel_err *err);
    int (*session_touch)(peel_store *s, const unsigned char *hash, int64_t now, peel_err *err);
    int (*session_delete)(peel_store *s, const unsigned char *hash, peel_err *err);
    int (*session_delete_user)(peel_store *s, int64_t user_id, peel_err *err);
    int (*session_prune)(peel_store *s, int64_t before, peel_err *err);

    int (*token_add)(peel_store *s, int64_t user_id, const unsigned char *hash, const char *label,
                     int64_t now, int64_t *id, peel_err *err);
    int (*token_find)(peel_store *s, const unsigned char *hash, int64_t *user_id, peel_err *err);
    int (*token_list)(peel_store *s, int64_t user_id, peel_webdb_token_cb cb, void *ctx,
                      peel_err *err);
    int (*token_count)(peel_store *s, int64_t user_id, int64_t *n, peel_err *err);
    int (*token_label)(peel_store *s, int64_t user_id, int64_t token_id, peel_buf *label,
                       peel_err *err);
    int (*token_delete)(peel_store *s, int64_t user_id, int64_t token_id, peel_err *err);

    int (*last_signin)(peel_store *s, int64_t user_id, const char *account, int64_t *at,
                       peel_err *err);
    int (*attempt_add)(peel_store *s, int64_t now, const char *account, const char *addr, bool ok,
                       peel_err *err);
    int (*attempt_claim)(peel_store *s, int64_t now_ms, const peel_webdb_throttle *keys, size_t n,
                         int64_t *wait_ms, size_t *which, peel_err *err);
    int (*attempt_clear)(peel_store *s, const peel_webdb_throttle *k, bool all, peel_err *err);
    int (*attempt_failed)(peel_store *s, const peel_webdb_throttle *k, int64_t now_ms,
                          peel_err *err);
    int (*throttle_prune)(peel_store *s, int64_t before_ms, peel_err *err);

    int (*secret)(peel_store *s, const char *name, unsigned char *out, size_t len, peel_err *err);

    int (*totp_set)(peel_store *s, int64_t user_id, const unsigned char *secret, size_t len,
                    int64_t now, peel_err *err);
    int (*totp_get)(peel_store *s, int64_t user_id, unsigned char *secret, size_t *len,
                    int64_t *last_step, peel_err *err);
    int (*totp_use)(peel_store *s, int64_t user_id, int64_t step, peel_err *err);

    int (*pending_add)(peel_store *s, const unsigned char *hash, int64_t user_id, int64_t now,
                       const char *next, peel_err *err);
    int (*pending_find)(peel_store *s, const unsigned char *hash, int64_t *user_id,
                        int64_t *created, peel_buf *next, peel_err *err);
    int (*pending_delete)(peel_store *s, const unsigned char *hash, peel_err *err);
} peel_web_db_ops;

/* The lifecycle history (lifecycle_db.h): each has the contract of the
 * lifecycle_db.h function of the same name. */
typedef struct peel_lifecycle_db_ops {
    /* Numbered migrations of the history table: 400-449. */
    const peel_migration *migrations;
    int (*add)(peel_store *s, const peel_transition *t, int64_t *id, peel_err *err);
    int (*list)(peel_store *s, const char *type, int64_t record_id, peel_lcdb_cb cb, void *ctx,
                peel_err *err);
    int (*delete_record)(peel_store *s, const char *type, int64_t record_id, peel_err *err);
} peel_lifecycle_db_ops;

/* The crime engine's tables: crime_ops.h (their numbered migrations are
 * the operations' own, as the web's are). */
struct peel_crime_db_ops;

/* The attachments' metadata and files, and the search index (docs_db.h).  Each has the
 * contract of the docs_db.h function of the same name. */
typedef struct peel_docs_db_ops {
    /* Numbered migrations of these tables: 500-599. */
    const peel_migration *migrations;
    int (*attachment_add)(peel_store *s, peel_attachment *a, peel_err *err);
    int (*attachment_get)(peel_store *s, int64_t id, peel_attachment_cb cb, void *ctx,
                          peel_err *err);
    int (*attachment_list)(peel_store *s, const char *type, int64_t record_id,
                           peel_attachment_cb cb, void *ctx, peel_err *err);
    int (*attachment_forget)(peel_store *s, const char *type, int64_t record_id, peel_err *err);
    int (*attachment_remove)(peel_store *s, int64_t id, int64_t *same_bytes, peel_err *err);
    /* The dispatcher has checked the name (64 lower-case hex digits), reset
     * out and cleared *existed. */
    int (*file_put)(peel_store *s, const char *sha256, const void *p, size_t n, bool *existed,
                    peel_err *err);
    int (*file_get)(peel_store *s, const char *sha256, peel_buf *out, peel_err *err);
    int (*file_drop)(peel_store *s, const char *sha256, peel_err *err);
    int (*search_put)(peel_store *s, const char *type, int64_t record_id, int64_t attachment,
                      const char *field, const char *day, const char *text, peel_err *err);
    int (*search_drop)(peel_store *s, const char *type, int64_t record_id, bool with_attachments,
                       peel_err *err);
    int (*search_clear)(peel_store *s, peel_err *err);
    int (*search)(peel_store *s, const char *match, const char *type, const char *from,
                  const char *to, int limit, peel_docs_hit_cb cb, void *ctx, peel_err *err);
} peel_docs_db_ops;

typedef struct peel_store_backend {
    const char *name; /* "sqlite": also the scheme that names it ("sqlite:peel.db") */
    /* Before the first open, the process uses the store from one thread
     * only (may be NULL). */
    void (*single_thread)(void);
    const peel_store_ops *ops;
    const struct peel_crime_db_ops *crime;
    const peel_web_db_ops *web;
    const peel_lifecycle_db_ops *lifecycle;
    const peel_docs_db_ops *docs;
} peel_store_backend;

/* A backend still being written opens once its record operations are whole
 * (peel_store_ops); a slot of its other tables may still be empty.  The
 * dispatchers ask this before calling through one: 0 when filled is true,
 * else -1 with err saying which backend cannot yet do what (an operation's
 * name), and to use SQLite. */
int peel_store_can(const peel_store *s, bool filled, const char *what, peel_err *err);

/* The backends built into peel. */
extern const peel_store_backend peel_store_sqlite_backend;
extern const peel_store_backend peel_store_pg_backend; /* pg/conn.c */

#endif
