/* web.c - the PostgreSQL backend's web tables (web_db.h). */
#include "store/pg/pg.h"

const peel_web_db_ops peel_store_pg_web_ops = {0};
