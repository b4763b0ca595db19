/* store.c - the PostgreSQL backend's record operations (backend.h). */
#include "store/pg/pg.h"

const peel_store_ops peel_store_pg_ops = {
    .open = peel_store_pg_open,
    .close = peel_store_pg_close,
};
