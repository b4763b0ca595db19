/* crime.c - the PostgreSQL backend's crime tables (crime_ops.h). */
#include "store/crime_ops.h"
#include "store/pg/pg.h"

const peel_crime_db_ops peel_store_pg_crime_ops = {0};
