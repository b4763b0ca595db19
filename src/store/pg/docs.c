/* docs.c - the PostgreSQL backend's attachments and search index (docs_db.h). */
#include "store/pg/pg.h"

const peel_docs_db_ops peel_store_pg_docs_ops = {0};
