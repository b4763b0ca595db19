/* repeat.h - repeat locations (hotspots): street crimes grouped into
 * locations and ranked, with no database in sight.
 *
 * The caller hands every street crime in scope to peel_crime_repeat_add
 * (its map point, LSOA, month, and whether it is in the current period or
 * the one before); peel_crime_repeat_run asks for names through callbacks,
 * groups and ranks.  The rules (docs/METHODS.md, "Repeat locations"):
 *   - every crime at a map point counts in the LSOA of the point's latest
 *     crime, so a point whose LSOA code changed at police.uk's switch from
 *     2011 to 2021 LSOAs is the same place on both sides of it;
 *   - a location is a description within one LSOA: the points of one
 *     description there are merged;
 *   - a point without a description (police.uk's "On or near " with
 *     nothing after it) is no location: its crimes are only counted;
 *   - map points are those with crimes in the current period.
 *
 * Ownership: a peel_crime_repeat owns its memory (peel_crime_repeat_release
 * frees it, after a failure too); the strings the naming callbacks return
 * are malloc'd and become its own; the place handed to the output callback
 * is borrowed for the call.
 */
#ifndef PEEL_CRIME_REPEAT_H
#define PEEL_CRIME_REPEAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"

/* One location, as handed to the output callback. */
typedef struct peel_crime_place {
    const char *name, *lsoa_code, *lsoa_name;
    int64_t now, before;
    int64_t points; /* map points with crimes in the current period */
} peel_crime_place;
typedef int (*peel_crime_place_cb)(void *ctx, const peel_crime_place *p, peel_err *err);

/* Names looked up by id: 0 (with malloc'd strings the repeat then owns),
 * or -1 with err set.  lsoa is asked only for the locations that can make
 * the list. */
typedef struct peel_crime_repeat_names {
    int (*point)(void *ctx, int64_t point_id, char **name, peel_err *err);
    int (*lsoa)(void *ctx, int64_t lsoa_id, char **code, char **name, peel_err *err);
    void *ctx;
} peel_crime_repeat_names;

typedef struct peel_crime_repeat_slot peel_crime_repeat_slot;
typedef struct peel_crime_repeat {
    peel_crime_repeat_slot *v; /* open addressing by (point, LSOA) */
    size_t cap, n;
} peel_crime_repeat;

/* How the crimes counted were left out of the list. */
typedef struct peel_crime_repeat_totals {
    int64_t undescribed_now, undescribed_before; /* at points without a description */
} peel_crime_repeat_totals;

void peel_crime_repeat_init(peel_crime_repeat *r);
void peel_crime_repeat_release(peel_crime_repeat *r);
/* Counts one crime at point_id (> 0) in lsoa_id, of month; now says which
 * period.  -1 (err set) when out of memory. */
int peel_crime_repeat_add(peel_crime_repeat *r, int64_t point_id, int64_t lsoa_id, peel_month month,
                          bool now, peel_err *err);
/* True when a description names no place: empty, or "On or near" with
 * nothing after it but spaces. */
bool peel_crime_repeat_undescribed(const char *name);
/* Groups, ranks and hands the locations with crimes now to cb, most first
 * (then the larger rise, then by description and LSOA code); at most limit
 * (negative: all).  *totals (if given) says what was left out. */
int peel_crime_repeat_run(peel_crime_repeat *r, const peel_crime_repeat_names *names, int limit,
                          peel_crime_place_cb cb, void *ctx, peel_crime_repeat_totals *totals,
                          peel_err *err);

#endif
