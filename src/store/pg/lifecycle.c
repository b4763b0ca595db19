/* lifecycle.c - the PostgreSQL backend's lifecycle history (lifecycle_db.h). */
#include "store/pg/pg.h"

const peel_lifecycle_db_ops peel_store_pg_lifecycle_ops = {0};
