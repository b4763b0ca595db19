/* intern.h - a bounded in-memory map from byte strings to integer ids, the
 * importer's cache in front of the dimension tables.
 *
 * The map owns copies of its keys.  It holds at most `max` entries: when a
 * put would pass that, the map empties itself first (a cache, so forgetting is
 * safe: the database still knows every id), which keeps an import's memory
 * flat however many distinct locations the input has.
 */
#ifndef PEEL_STORE_SQLITE_INTERN_H
#define PEEL_STORE_SQLITE_INTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct peel_crime_intern {
    struct peel_crime_intern_slot *slots;
    size_t cap;  /* power of two */
    size_t n;
    size_t max;
    char *arena; /* key bytes, reset on clear */
    size_t arena_len, arena_cap;
} peel_crime_intern;

void peel_crime_intern_init(peel_crime_intern *m, size_t max);
void peel_crime_intern_release(peel_crime_intern *m);
void peel_crime_intern_clear(peel_crime_intern *m);
/* True and *id when key is known. */
bool peel_crime_intern_get(const peel_crime_intern *m, const void *key, size_t n, int64_t *id);
/* Adds key -> id; -1 on out of memory. */
int peel_crime_intern_put(peel_crime_intern *m, const void *key, size_t n, int64_t id);

#endif
