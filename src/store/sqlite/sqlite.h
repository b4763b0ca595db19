/* sqlite.h - the SQLite backend's helpers, for the backend's own files
 * (src/store/sqlite/: the records, the web's tables, the crime tables).  Private to the store:
 * nothing else may include it (scripts/check-layers).
 *
 * Ownership: the connection and every statement prepared through these
 * helpers belong to the store; a caller borrows a statement between
 * prepare and release, within one call.
 */
#ifndef PEEL_STORE_SQLITE_SQLITE_H
#define PEEL_STORE_SQLITE_SQLITE_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "store/backend.h"
#include "store/store.h"

/* The open connection, borrowed from the store. */
sqlite3 *peel_store_sqlite_db(peel_store *s);
/* Wraps the connection's last error into err; returns -1. */
int peel_store_sqlite_err(peel_store *s, peel_err *err, const char *what);

/* Prepared statements, cached per connection and keyed by their SQL text.
 * peel_store_sqlite_prepare hands out a statement no one else is using (a
 * cached one, or a new one); peel_store_sqlite_release gives it back reset,
 * with its bindings cleared (or finalizes it when it is not cached).  Every
 * prepared statement must be released before the call that prepared it
 * returns.  Migrations finalize the whole cache. */
#define PEEL_STMT_CACHE_MAX 64
#define PEEL_STMT_CACHE_DEFAULT 32
int peel_store_sqlite_prepare(peel_store *s, const char *sql, sqlite3_stmt **st, peel_err *err);
void peel_store_sqlite_release(peel_store *s, sqlite3_stmt *st);
/* The end of a loop that hands rows to a callback: cb_rc is the last
 * callback's answer (< 0 error, > 0 stop early, 0 go on) and step the last
 * sqlite3_step result.  Releases st; returns -1 (err set by the callback or,
 * for a failed step, here, naming what) or 0. */
int peel_store_sqlite_rows_done(peel_store *s, sqlite3_stmt *st, int cb_rc, int step,
                                const char *what, peel_err *err);
/* Sets the number of cached statements (0: no cache; at most
 * PEEL_STMT_CACHE_MAX), finalizing those cached so far. */
void peel_store_sqlite_cache_size(peel_store *s, size_t n);
typedef struct peel_stmt_cache_stats {
    uint64_t hits, misses, evictions;
    size_t cached; /* statements held now */
} peel_stmt_cache_stats;
void peel_store_sqlite_cache_stats(peel_store *s, peel_stmt_cache_stats *out);

/* How long a connection waits for another's write lock before it gives up
 * with "database is locked": longer than the longest batch a bulk writer
 * (`peel crime import`, one file at a time) holds it. */
#define PEEL_SQLITE_BUSY_MS 15000

/* The write-ahead log (store.c, on_wal).  SQLite copies the log into the
 * file after a commit that leaves it PEEL_SQLITE_WAL_PASSIVE pages long or
 * more (its own default), but it can begin the log again only when no
 * reader is still using it: under reads that never stop (a server's pages)
 * it grew by 12 MB a second under bench/load/mix.sh, without end.  From
 * PEEL_SQLITE_WAL_RESTART pages, a commit also waits, blocking other
 * writers meanwhile, for the readers of the log to finish, so the next
 * writer begins it again: PEEL_SQLITE_WAL_WAIT_MS for each
 * PEEL_SQLITE_WAL_RESTART pages of log (a longer log is worth a longer
 * wait), at most PEEL_SQLITE_WAL_WAIT_MAX_MS.  A wait that fails is tried
 * again only after PEEL_SQLITE_WAL_RESTART / 4 pages more.  The file is
 * then cut back to PEEL_SQLITE_WAL_KEEP bytes. */
#define PEEL_SQLITE_WAL_PASSIVE 1000
#define PEEL_SQLITE_WAL_RESTART 4096
#define PEEL_SQLITE_WAL_WAIT_MS 100
#define PEEL_SQLITE_WAL_WAIT_MAX_MS 2000
#define PEEL_SQLITE_WAL_KEEP 16777216 /* 16 MiB */

/* A savepoint statement on name (an identifier), through the cache; the
 * store's change count (store.c) follows it, so a rolled-back write is not
 * counted.  Every savepoint of the backend goes through here. */
enum peel_sqlite_sp { PEEL_SQLITE_SP_BEGIN, PEEL_SQLITE_SP_RELEASE, PEEL_SQLITE_SP_ROLLBACK };
int peel_store_sqlite_savepoint(peel_store *s, enum peel_sqlite_sp verb, const char *name,
                                peel_err *err);

/* The operations of the SQLite backend's modules (backend.h). */
extern const peel_web_db_ops peel_store_sqlite_web_ops;
extern const peel_lifecycle_db_ops peel_store_sqlite_lifecycle_ops;
extern const peel_docs_db_ops peel_store_sqlite_docs_ops; /* docs.c */

#endif
