/* search_place.h - stop and search placed in an area by map point, and
 * counted by one of its fields, with no database in sight (docs/METHODS.md,
 * "Stop and search").
 *
 * police.uk gives a search no LSOA, only a map point, and anonymises
 * searches to the same set of points as street crimes; so a search is
 * placed in an area when street crimes at its point are recorded there.
 * The caller adds the points of the area's street crimes to a point set,
 * seals it, and hands each search to peel_crime_search_place.
 *
 * Ownership: the point set and the tally own their memory (their _release
 * frees it); values handed to the tally are copied; the groups passed to
 * the callback are borrowed for the call.
 */
#ifndef PEEL_CRIME_SEARCH_PLACE_H
#define PEEL_CRIME_SEARCH_PLACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Map points, as (lat, lon) in millionths of a degree. */
typedef struct peel_crime_point_set {
    uint64_t *keys;
    size_t n, cap;
    bool sealed;
} peel_crime_point_set;

void peel_crime_point_set_init(peel_crime_point_set *ps);
void peel_crime_point_set_release(peel_crime_point_set *ps);
int peel_crime_point_set_add(peel_crime_point_set *ps, int32_t lat, int32_t lon, peel_err *err);
/* Sorts the set (and drops repeats); after this only _has is allowed. */
void peel_crime_point_set_seal(peel_crime_point_set *ps);
bool peel_crime_point_set_has(const peel_crime_point_set *ps, int32_t lat, int32_t lon);

/* How the searches counted were chosen. */
typedef struct peel_crime_search_placing {
    bool placed_by_point; /* the scope is an area: searches placed by map point */
    int64_t force_total;  /* searches in the period, all forces imported */
    int64_t counted;      /* of them counted here */
    int64_t no_location;  /* of force_total without a map point */
} peel_crime_search_placing;

/* Searches counted by value, most first, then by value. */
typedef struct peel_crime_search_group {
    char *value;
    int64_t n;
} peel_crime_search_group;
typedef struct peel_crime_search_tally {
    peel_crime_search_group *g;
    size_t n, cap;
} peel_crime_search_tally;

/* One search: counted in pl, and under value in t when it is placed (always
 * when pl->placed_by_point is false; else when located and its point is in
 * pts).  -1 (err set) when out of memory. */
int peel_crime_search_place(peel_crime_search_placing *pl, const peel_crime_point_set *pts,
                            peel_crime_search_tally *t, const char *value, bool located,
                            int32_t lat, int32_t lon, peel_err *err);
void peel_crime_search_tally_release(peel_crime_search_tally *t);
/* Hands the groups to cb, most first, then by value. */
typedef int (*peel_crime_search_group_cb)(void *ctx, const char *value, int64_t n, peel_err *err);
int peel_crime_search_tally_each(peel_crime_search_tally *t, peel_crime_search_group_cb cb,
                                 void *ctx, peel_err *err);

#endif
