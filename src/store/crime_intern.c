/* crime_intern.c - the importer's string-to-id cache (see crime_intern.h): core/hash.h's
 * table, emptied when it reaches its bound. */
#include "store/crime_intern.h"

void peel_crime_intern_init(peel_crime_intern *m, size_t max)
{
    peel_hash_init(&m->map);
    m->max = max ? max : 1;
}

void peel_crime_intern_release(peel_crime_intern *m)
{
    peel_hash_release(&m->map);
}

void peel_crime_intern_clear(peel_crime_intern *m)
{
    peel_hash_clear(&m->map);
}

int peel_crime_intern_put(peel_crime_intern *m, const void *key, size_t n, int64_t id)
{
    if (m->map.n >= m->max)
        peel_hash_clear(&m->map);
    return peel_hash_put(&m->map, key, n, id);
}
