/* store.h - the narrow interface between peel and its database.
 *
 * Domain modules speak only this interface: records in, records out, no SQL.
 * It is the only door: store.c dispatches each call to the backend the store
 * was opened with (backend.h), today SQLite (src/store/sqlite/), which
 * derives tables from the record declarations.  The web application's own
 * tables have their door beside this one (web_db.h).
 *
 * Ownership: peel_store_open() returns a store the caller closes.  Records
 * returned by peel_store_get() belong to the caller (peel_record_free);
 * records, audit rows and groups passed to a callback are borrowed for the
 * call only.
 * Transactions: every command runs inside one begin/commit; rollback on error.
 */
#ifndef PEEL_STORE_STORE_H
#define PEEL_STORE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "model/record.h"

typedef struct peel_store peel_store;

/* Opens (creating it if create) the database named by name: a file path or
 * "sqlite:PATH" for SQLite, a "postgresql://" or "postgres://" URI for
 * PostgreSQL (whose database must exist: create applies to SQLite files). */
int peel_store_open(const char *name, bool create, peel_store **out, peel_err *err);
/* Before the first open: this process uses the store from one thread only,
 * so the backend may skip its locking (a bulk load's per-call mutexes). */
void peel_store_single_thread(void);
void peel_store_close(peel_store *s);
/* True when no write can succeed on this connection: a PostgreSQL hot
 * standby (a streaming replica), or a role whose transactions are
 * read-only.  Known from the open; `peel serve` then serves reads only. */
bool peel_store_read_only(const peel_store *s);

int peel_store_begin(peel_store *s, peel_err *err);
int peel_store_commit(peel_store *s, peel_err *err);
void peel_store_rollback(peel_store *s);

/* Savepoints: a named point inside a transaction to go back to.  name is
 * an identifier (letters, digits and '_', not starting with a digit, at
 * most 63 bytes); anything else is a PEEL_EINTERNAL error.  Savepoints
 * nest; rolling back to one undoes what followed it and keeps it open,
 * so it is released (or rolled back to again) after. */
int peel_store_savepoint(peel_store *s, const char *name, peel_err *err);
int peel_store_savepoint_release(peel_store *s, const char *name, peel_err *err);
int peel_store_savepoint_rollback(peel_store *s, const char *name, peel_err *err);

/* Applies forward migrations (numbered ones, then the declarations' tables
 * and columns).  With dry_run, applies nothing.  Returns the number of
 * changes made (or pending), -1 on error. */
int peel_store_migrate(peel_store *s, bool dry_run, peel_err *err);
/* Creates or extends the table of one type (declared types are migrated by
 * peel_store_migrate; this is for types outside the registry, e.g. in tests). */
int peel_store_ensure_type(peel_store *s, const peel_type *t, peel_err *err);
/* An error telling the user to run `peel init` when changes are pending. */
int peel_store_require_current(peel_store *s, peel_err *err);

int peel_store_insert(peel_store *s, peel_record *r, peel_err *err); /* sets r->id */
int peel_store_update(peel_store *s, peel_record *r, peel_err *err);
/* Inserts r as it was in another database: its id and both time stamps
 * kept (`peel copy`); an id already taken is an error. */
int peel_store_put(peel_store *s, const peel_record *r, peel_err *err);
int peel_store_delete(peel_store *s, const peel_type *t, int64_t id, peel_err *err);
/* PEEL_ENOTFOUND when there is no such record. */
int peel_store_get(peel_store *s, const peel_type *t, int64_t id, peel_record **out, peel_err *err);
/* Finds the id of the record whose field equals v: 1 found, 0 not, -1 error. */
int peel_store_find(peel_store *s, const peel_type *t, const peel_field *f, const peel_value *v,
                    int64_t *id, peel_err *err);

enum peel_op {
    PEEL_OP_EQ,
    PEEL_OP_NE,
    PEEL_OP_LT,
    PEEL_OP_LE,
    PEEL_OP_GT,
    PEEL_OP_GE,
    PEEL_OP_CONTAINS,
    PEEL_OP_NULL,
    PEEL_OP_NOTNULL
};

typedef struct peel_filter {
    const peel_field *field; /* NULL: the record id */
    enum peel_op op;
    peel_value v; /* borrowed */
    /* NULL, or a second field of the same kind: the filter holds when either
     * field meets op and v (the reader's "published or for the Panel"). */
    const peel_field *or_field;
} peel_filter;

typedef struct peel_query {
    const peel_type *type;
    const peel_filter *filters;
    size_t nfilters;
    const peel_field *order; /* NULL: by id */
    bool desc;
    int64_t limit; /* 0: no limit */
    int64_t offset;
} peel_query;

/* Calls cb for each matching record in order; cb returns 0 to go on, 1 to
 * stop early, -1 (with err set) to fail.  Returns 0 or -1. */
typedef int (*peel_record_cb)(void *ctx, const peel_record *r, peel_err *err);
int peel_store_select(peel_store *s, const peel_query *q, peel_record_cb cb, void *ctx,
                      peel_err *err);
int peel_store_count(peel_store *s, const peel_query *q, int64_t *n, peel_err *err);

/* Grouped counts: the records matching q's filters (its order, limit and
 * offset are not used) counted per distinct combination of values of the
 * group fields, and the sum of one integer or money field per group.
 * Groups come in ascending order of the group fields, field by field, an
 * unset value first. */
#define PEEL_GROUP_MAX 4
typedef struct peel_grouping {
    const peel_field *fields[PEEL_GROUP_MAX]; /* of q->type; not a point */
    size_t nfields;                           /* 1 to PEEL_GROUP_MAX */
    const peel_field *sum;                    /* NULL, or an int or money field */
} peel_grouping;

typedef struct peel_group {
    const peel_value *keys; /* nfields values, one per group field; unset for none */
    int64_t count;
    int64_t sum; /* of the sum field over the group (unset values count 0) */
} peel_group;

/* cb returns 0 to go on, 1 to stop early, -1 (with err set) to fail.  A
 * grouping that is not as described above is a PEEL_EINTERNAL error. */
typedef int (*peel_group_cb)(void *ctx, const peel_group *g, peel_err *err);
int peel_store_count_by(peel_store *s, const peel_query *q, const peel_grouping *g,
                        peel_group_cb cb, void *ctx, peel_err *err);

/* The audit trail: one row per changed field (or one for a create/delete). */
typedef struct peel_audit {
    const char *type;
    int64_t record_id;
    const char *at; /* ISO timestamp */
    const char *user;
    const char *action; /* create, update, delete */
    const char *field;  /* NULL for the record as a whole */
    const char *old_value, *new_value;
} peel_audit;

int peel_store_audit_add(peel_store *s, const peel_audit *a, peel_err *err);
typedef int (*peel_audit_cb)(void *ctx, const peel_audit *a, peel_err *err);
int peel_store_audit_list(peel_store *s, const char *type, int64_t id, peel_audit_cb cb, void *ctx,
                          peel_err *err);
/* Every audit row, in the order they were added (`peel copy`). */
int peel_store_audit_each(peel_store *s, peel_audit_cb cb, void *ctx, peel_err *err);
/* Erasure: the old and new values of every audit row of one field of one
 * record are forgotten; the rows stay, with who changed it and when. */
int peel_store_audit_forget(peel_store *s, const char *type, int64_t id, const char *field,
                            peel_err *err);
/* The latest limit changes across every type, newest first: the row of a
 * create or delete, and each changed field of an update.  Values are not
 * read (old_value and new_value are NULL): it says what changed, not to what. */
int peel_store_audit_recent(peel_store *s, int limit, peel_audit_cb cb, void *ctx, peel_err *err);

/* A consistent copy of the whole database (records, audit trail, crime
 * data, attachments, accounts) written to path, which must not exist; made
 * while others read and write.  What was erased is not in it. */
int peel_store_backup(peel_store *s, const char *path, peel_err *err);

/* Moves every committed change into the database file and empties the
 * write-ahead log, so an erased value leaves no copy there; *complete is
 * false when another connection's reader kept part of the log (it goes at
 * the next checkpoint).  Outside a transaction. */
int peel_store_checkpoint(peel_store *s, bool *complete, peel_err *err);

/* Brings the query planner's statistics up to date after a bulk change (a
 * crime import, a copy): PostgreSQL's VACUUM (ANALYZE), which its
 * autovacuum would otherwise run only later, leaving the first summaries on
 * plans made for empty tables and index-only scans reading the heap;
 * nothing on SQLite, whose plans are chosen without them.  Outside a
 * transaction. */
int peel_store_analyze(peel_store *s, peel_err *err);

/* The change counts, for caches of what the database shows (the web's page
 * cache, web/cache.h): one count per group of what pages read, each a
 * number that has grown when it is read after a change to its group was
 * committed since the previous read, by this connection or any other
 * (another worker thread's, another process's `peel import`, `peel crime
 * import` or `peel set`); else the same.  A group is named by
 * peel_store_change_group from the table written: the crime data (every
 * crime_* table), the papers (attachments and the search index), the
 * lifecycle history, the audit trail, and any other table by its own name
 * (each record type's table, so a person's edit raises "person" and
 * nothing else; the notes kept with the database).  Writes of the web's
 * own bookkeeping (sessions, API tokens, sign-in attempts and throttles,
 * second-factor use, pending sign-ins) count nowhere, so signing in keeps
 * every cached page.  A backend may count more than that (a change rolled
 * back, a write that shows nowhere): a cache then rebuilds once more than
 * it needed, never less.  Read first inside a read transaction
 * (peel_webdb_read_begin), the counts describe the snapshot that
 * transaction reads.  A group never written has no count (it is 0). */
#define PEEL_CHANGES_CRIME "crime"
#define PEEL_CHANGES_PAPERS "papers"
#define PEEL_CHANGES_LIFECYCLE "lifecycle"
#define PEEL_CHANGES_AUDIT "audit"

/* The group a write of table counts in: one of the four above, the
 * table's own name, or NULL for the web's own tables and the counts. */
const char *peel_store_change_group(const char *table);

/* Calls cb with each group's count (in no particular order); cb returns 0
 * to go on, 1 to stop, -1 (with err set) to fail.  Returns 0 or -1. */
typedef int (*peel_changes_cb)(void *ctx, const char *group, uint64_t n, peel_err *err);
int peel_store_changes_each(peel_store *s, peel_changes_cb cb, void *ctx, peel_err *err);

/* The sum of every group's count: grown by any counted change. */
int peel_store_changes(peel_store *s, uint64_t *out, peel_err *err);

/* What a piece of work read: the groups of the change counts above whose
 * tables its reads touched, so that what it made from them need be made
 * again only when one of those counts grows (the page cache, web/cache.h).
 * While a trace is set on a connection (peel_store_trace), each read marks
 * the groups it may read: a record read its type's group, the audit trail
 * "audit", attachments and search "papers", lifecycle history "lifecycle",
 * and any crime read "crime" with the areas and population it joins.  A
 * read of the web's own tables marks nothing (they count nowhere).  The
 * groups are strings of static storage (a declaration's type name, or the
 * constants above).  More than PEEL_READS_MAX groups set all: the work
 * then depends on everything. */
#define PEEL_READS_MAX 128
typedef struct peel_reads {
    const char *group[PEEL_READS_MAX];
    size_t n;
    bool all;
} peel_reads;

/* Sets the connection's trace to t (NULL: none) and returns the previous
 * one, for the caller to put back (a trace within a trace: the outer one
 * then takes the inner one's groups with peel_reads_merge). */
peel_reads *peel_store_trace(peel_store *s, peel_reads *t);

/* Marks group (NULL: nothing) in the connection's trace, when one is set:
 * each read of the store does, and so must a caller serving again what it
 * kept of an earlier read (a request's memo), for a trace set since. */
void peel_store_mark(peel_store *s, const char *group);

/* Adds group to t (once); from's groups to into. */
void peel_reads_add(peel_reads *t, const char *group);
void peel_reads_merge(peel_reads *into, const peel_reads *from);

/* Whether t holds group (or all). */
bool peel_reads_has(const peel_reads *t, const char *group);

/* The database's own checks, each a finding handed to cb: what was
 * checked ("integrity", "foreign keys", "audit trail", "crime index": the
 * LSOAs by reporting force that a force's figures read against the counts
 * they index), whether it holds, and what was found.  The store reads; it
 * repairs nothing. */
typedef int (*peel_check_cb)(void *ctx, const char *what, bool ok, const char *detail,
                             peel_err *err);
int peel_store_check(peel_store *s, peel_check_cb cb, void *ctx, peel_err *err);

/* A key/value note kept with the database (e.g. "demo_loaded"). */
int peel_store_meta_get(peel_store *s, const char *key, char *out, size_t outsz, peel_err *err);
int peel_store_meta_set(peel_store *s, const char *key, const char *value, peel_err *err);
/* Every note, in key order (`peel copy`); cb returns 0 to go on, 1 to
 * stop, -1 to fail. */
typedef int (*peel_meta_cb)(void *ctx, const char *key, const char *value, peel_err *err);
int peel_store_meta_each(peel_store *s, peel_meta_cb cb, void *ctx, peel_err *err);

#endif
