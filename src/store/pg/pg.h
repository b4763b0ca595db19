/* pg.h - the PostgreSQL backend's helpers, for the backend's own files
 * (src/store/pg/: the records, the web's tables, the lifecycle history, the
 * attachments and search, the crime tables).  Private to the store: nothing
 * else may include it (scripts/check-layers).
 *
 * A database is named by a libpq connection URI ("postgresql://..." or
 * "postgres://..."), given whole to PQconnectdb; messages name it with any
 * password masked.  Every statement is sent with PQexecParams, parameters
 * as text (integers formatted with peel_store_pg_i64; an attachment's bytes
 * alone in binary), so no value is ever spliced into SQL text.
 *
 * Ownership: the connection belongs to the store.  A PGresult handed out by
 * peel_store_pg_query belongs to the caller, who PQclear()s it before the
 * call that asked for it returns.
 */
#ifndef PEEL_STORE_PG_PG_H
#define PEEL_STORE_PG_PG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "core/vec.h"
#include "store/backend.h"
#include "store/store.h"

/* The tables whose rows a write transaction holds until it sends them
 * (held.c), and the values of a row of each, in order (NULL: SQL NULL):
 * the audit trail's type, record_id, at, user, action, field, old_value,
 * new_value; the search index's text, type, record_id, attachment, field,
 * day. */
enum { PEEL_PG_HELD_AUDIT, PEEL_PG_HELD_SEARCH, PEEL_PG_HELD_TABLES };

/* A row held: its table and values, which point into mem, owned by it. */
typedef struct peel_pg_held_row {
    int table;
    char *mem;
    const char *v[8];
} peel_pg_held_row;

/* A savepoint of the write transaction and how many rows the transaction
 * had added when it was made. */
typedef struct peel_pg_held_mark {
    char name[64];
    size_t added;
} peel_pg_held_mark;

/* A connection: a peel_store to the dispatcher, this to the backend. */
typedef struct peel_pg_store {
    peel_store base; /* first, so a peel_store * is a peel_pg_store * */
    PGconn *conn;
    /* The crime import's connection while one is open (crime.c): the rows
     * it holds for COPY are dropped when its file's savepoint rolls back. */
    void *crime_import;
    bool count_ready;  /* the change counts' table and triggers are known to be in place */
    bool counts_exist; /* the change counts' table is known to exist */
    /* Inside a write transaction (begin .. commit or rollback): its audit
     * and search rows are held (held.c), owned by the connection. */
    bool writing;
    PEEL_VEC(peel_pg_held_row) held;
    PEEL_VEC(peel_pg_held_mark) held_marks;
    size_t held_sent;    /* rows of the transaction sent before those held */
    bool held_lost;      /* a batch failed: the transaction must not commit */
    size_t held_lost_at; /* the first row of that batch, counted as held_sent */
} peel_pg_store;

static inline peel_pg_store *peel_store_pg(peel_store *s)
{
    return (peel_pg_store *)s;
}

/* The open connection, borrowed from the store. */
PGconn *peel_store_pg_conn(peel_store *s);

/* Wraps a failed result (or, with res NULL, the connection's last error)
 * into err, naming what; an integrity violation (SQLSTATE class 23) is
 * PEEL_EINPUT, anything else PEEL_EDB.  Returns -1. */
int peel_store_pg_err(peel_store *s, const PGresult *res, peel_err *err, const char *what);

/* Runs one statement with n text parameters (NULL: SQL NULL).  Returns the
 * result (PGRES_TUPLES_OK or PGRES_COMMAND_OK), owned by the caller, or
 * NULL with err set naming what. */
PGresult *peel_store_pg_query(peel_store *s, const char *sql, int n, const char *const *params,
                              const char *what, peel_err *err);
/* peel_store_pg_query with the result's columns in binary format (a
 * bytea's bytes as they are: PQgetvalue and PQgetlength). */
PGresult *peel_store_pg_query_binary(peel_store *s, const char *sql, int n,
                                     const char *const *params, const char *what, peel_err *err);
/* The same for a statement whose rows are not wanted: 0 or -1. */
int peel_store_pg_exec(peel_store *s, const char *sql, int n, const char *const *params,
                       const char *what, peel_err *err);
/* The advisory lock every write transaction holds ("peel" in ASCII), so
 * writers queue as SQLite's single writer does. */
#define PEEL_STORE_PG_WRITER_LOCK "1885693292"
/* How long a statement waits for a lock another connection holds (the
 * writers' lock above, a table's) before it fails with "lock timeout":
 * SQLite's busy timeout (sqlite/sqlite.h), so a writer held up by another
 * gives up alike on both, rather than waiting for ever on PostgreSQL. */
#define PEEL_STORE_PG_LOCK_TIMEOUT "15s"
/* Makes the change counts' table (peel_store_changes_each), their trigger
 * function and the trigger on every table that has none yet, once a
 * connection and again after the connection made a table (a migration):
 * inside the caller's write transaction, else in one of its own holding
 * the writers' lock.  0, or -1 with err. */
int peel_store_pg_count_ready(peel_store *s, peel_err *err);
/* After the connection made tables: count_ready runs again. */
int peel_store_pg_count_tables(peel_store *s, peel_err *err);

/* peel_store_pg_query for a statement that writes, with SQLite's
 * statement-level atomicity: inside a transaction it runs under a
 * savepoint of its own, so when it fails only it is undone and the
 * transaction goes on (PostgreSQL would otherwise refuse every statement
 * after it); outside one it runs in a transaction of its own holding the
 * writers' lock. */
PGresult *peel_store_pg_write(peel_store *s, const char *sql, int n, const char *const *params,
                              const char *what, peel_err *err);
/* peel_store_pg_write with some parameters in binary (a bytea's bytes):
 * lengths[i] and formats[i] (1: binary) as PQexecParams takes them. */
PGresult *peel_store_pg_write_binary(peel_store *s, const char *sql, int n,
                                     const char *const *params, const int *lengths,
                                     const int *formats, const char *what, peel_err *err);
/* The same for a statement whose rows are not wanted: 0 or -1. */
int peel_store_pg_write_exec(peel_store *s, const char *sql, int n, const char *const *params,
                             const char *what, peel_err *err);

/* A statement with n text parameters, and what an error of it names. */
typedef struct peel_store_pg_step {
    const char *sql;
    int n;
    const char *const *params;
    const char *what;
} peel_store_pg_step;
#define PEEL_STORE_PG_STEPS_MAX 4
/* Sends the steps, then with commit a COMMIT, in one pipeline (one round
 * trip): the last one's result, owned by the caller, or NULL with err from
 * the first that failed (with commit, the transaction is then rolled
 * back; without, it is left failed). */
PGresult *peel_store_pg_steps(peel_store *s, const peel_store_pg_step *steps, int nsteps,
                              bool commit, peel_err *err);

/* The rows held inside a write transaction (held.c): held by add (values:
 * the table's, above, copied), sent as one INSERT a table by flush
 * (before their table or the change counts are read or changed), with the
 * COMMIT by commit (the COMMIT's result, as peel_store_pg_steps's; refused
 * when a batch failed), dropped by reset (a rollback).  A savepoint is
 * marked, unmarked when released and rewound (the rows held since
 * dropped) when rolled back to. */
#define PEEL_PG_HELD_BATCH 1000 /* rows held at most: 8,000 parameters */
int peel_store_pg_held_add(peel_store *s, int table, const char *const *values, peel_err *err);
int peel_store_pg_held_flush(peel_store *s, peel_err *err);
PGresult *peel_store_pg_held_commit(peel_store *s, peel_err *err);
void peel_store_pg_held_reset(peel_store *s);
void peel_store_pg_held_release(peel_store *s); /* frees what is held: close */
int peel_store_pg_held_mark(peel_store *s, const char *name, peel_err *err);
void peel_store_pg_held_unmark(peel_store *s, const char *name);
void peel_store_pg_held_rewind(peel_store *s, const char *name);

/* Runs SQL text of several statements with no parameters (migrations):
 * 0 or -1. */
int peel_store_pg_script(peel_store *s, const char *sql, const char *what, peel_err *err);

/* An integer as a text parameter: writes into buf (at least 24 bytes) and
 * returns it. */
const char *peel_store_pg_i64(char *buf, int64_t v);
/* A column of a result row as an integer (NULL or not a number: 0). */
int64_t peel_store_pg_get_i64(const PGresult *res, int row, int col);

/* The text parameters of one statement, added in order ($1, $2, ...).  A
 * failed addition (out of memory) is sticky: failed, and the statement is
 * not sent (peel_store_pg_run says so).  Text is borrowed and must outlive
 * the statement; numbers and copies are owned, freed by release. */
typedef struct peel_store_pg_params {
    const char **v; /* n values; NULL: SQL NULL */
    char **own;     /* n: what v[i] points to when owned, else NULL */
    int n, cap;
    bool failed;
} peel_store_pg_params;

#define PEEL_STORE_PG_PARAMS_INIT                                                                  \
    {                                                                                              \
        NULL, NULL, 0, 0, false                                                                    \
    }

/* Each returns the parameter's number (for "$n" in the SQL), 0 on failure. */
int peel_store_pg_param_text(peel_store_pg_params *p, const char *s); /* borrowed */
int peel_store_pg_param_copy(peel_store_pg_params *p, const char *s); /* copied */
int peel_store_pg_param_i64(peel_store_pg_params *p, int64_t v);
int peel_store_pg_param_f64(peel_store_pg_params *p, double v);
void peel_store_pg_params_release(peel_store_pg_params *p);

/* peel_store_pg_query, or with write peel_store_pg_write, of the SQL text
 * and parameters built into sql and p (either failed: PEEL_ENOMEM). */
PGresult *peel_store_pg_run(peel_store *s, const peel_buf *sql, const peel_store_pg_params *p,
                            bool write, const char *what, peel_err *err);

/* The connection's open and close (the record operations' table holds
 * them: store.c). */
int peel_store_pg_open(const char *uri, bool create, peel_store **out, peel_err *err);
void peel_store_pg_close(peel_store *s);

/* The operations of the PostgreSQL backend's modules (backend.h). */
extern const peel_store_ops peel_store_pg_ops;                  /* store.c */
extern const peel_web_db_ops peel_store_pg_web_ops;             /* web.c */
extern const peel_lifecycle_db_ops peel_store_pg_lifecycle_ops; /* lifecycle.c */
extern const peel_docs_db_ops peel_store_pg_docs_ops;           /* docs.c */

#endif
