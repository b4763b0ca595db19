/* store_sqlite.h - for backend-specific modules only (e.g. the crime fact
 * tables in src/crime/crime_store_sqlite.c).  Domain code must not include it. */
#ifndef PEEL_STORE_STORE_SQLITE_H
#define PEEL_STORE_STORE_SQLITE_H

#include <sqlite3.h>

#include "store/store.h"

/* The open connection, borrowed from the store. */
sqlite3 *peel_store_sqlite_db(peel_store *s);
/* Wraps the connection's last error into err; returns -1. */
int peel_store_sqlite_err(peel_store *s, peel_err *err, const char *what);

/* A numbered migration: applied once, in order, by peel_store_migrate.
 * Lists end with {0, NULL, NULL}; versions are unique across all modules. */
typedef struct peel_migration {
    int version;
    const char *name;
    const char *sql;
} peel_migration;

#endif
