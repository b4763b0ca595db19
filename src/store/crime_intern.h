/* crime_intern.h - a bounded in-memory map from byte strings to integer ids, the
 * importer's cache in front of the dimension tables.
 *
 * The map is a core/hash.h table, which owns copies of its keys, with a
 * bound: it holds at most `max` entries, and when a put would pass that it
 * empties itself first (a cache, so forgetting is safe: the database still
 * knows every id), which keeps an import's memory flat however many distinct
 * locations the input has.  Lookups are inline: every row of an import makes
 * several.
 */
#ifndef PEEL_STORE_CRIME_INTERN_H
#define PEEL_STORE_CRIME_INTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/hash.h"

typedef struct peel_crime_intern {
    peel_hash map;
    size_t max;
} peel_crime_intern;

void peel_crime_intern_init(peel_crime_intern *m, size_t max);
void peel_crime_intern_release(peel_crime_intern *m);
void peel_crime_intern_clear(peel_crime_intern *m);

/* True and *id when key is known. */
static inline bool peel_crime_intern_get(const peel_crime_intern *m, const void *key, size_t n,
                                         int64_t *id)
{
    return peel_hash_get(&m->map, key, n, id);
}

/* Adds key -> id; -1 on out of memory. */
int peel_crime_intern_put(peel_crime_intern *m, const void *key, size_t n, int64_t id);

#endif
