/* crime_store_sqlite.c - the crime fact tables (SQLite).  Placeholder until
 * the crime engine lands: its numbered migrations (versions 100-199). */
#include "store/store_sqlite.h"

const peel_migration peel_crime_migrations[] = {{0, NULL, NULL}};
