/* rows.h - the figures that need the crimes themselves, not their counts:
 * repeat locations, latest outcomes by Crime ID, and stop and search placed
 * by map point.  Each reads its rows through crime_db.h and hands them to
 * its algorithm (repeat.h, outcome_join.h, search_place.h), which is where
 * the rules live.
 *
 * Ownership: strings passed to callbacks are borrowed for the call.
 */
#ifndef PEEL_CRIME_ROWS_H
#define PEEL_CRIME_ROWS_H

#include "crime/repeat.h"
#include "crime/search_place.h"
#include "store/crime_db.h"

/* Locations by crimes in [from, to] and in the period before [pfrom, pto]
 * (repeat.h), at most limit (negative: all).  *totals (if given) counts
 * the crimes at points without a description.  A corrupt crime_chunk is an
 * error (PEEL_EDB) naming it. */
int peel_crime_places(peel_store *s, const peel_crime_scope *scope, peel_month from, peel_month to,
                      peel_month pfrom, peel_month pto, int64_t type_id, int limit,
                      peel_crime_place_cb cb, void *ctx, peel_crime_repeat_totals *totals,
                      peel_err *err);

/* Crimes in scope and [from, to] (of one type when type_id) counted by
 * their latest outcome (outcome_join.h; *joined: how many from outcomes
 * files).  Crimes without an outcome (ASB) are left out.  Called once per
 * outcome text, in no particular order; nothing when no outcomes file can
 * match. */
int peel_crime_latest_outcomes(peel_store *s, const peel_crime_scope *scope, peel_month from,
                               peel_month to, int64_t type_id, int64_t *joined,
                               peel_crime_search_group_cb cb, void *ctx, peel_err *err);

/* Searches in [from, to] counted by one dimension, most first; for a
 * district or NPA only those placed in it by their map point: a point where
 * street crimes in the area are recorded in the period or the 12 months
 * before it (search_place.h). */
int peel_crime_search_counts(peel_store *s, const peel_crime_scope *scope, enum peel_crime_dim by,
                             peel_month from, peel_month to, peel_crime_search_group_cb cb,
                             void *ctx, peel_crime_search_placing *pl, peel_err *err);

#endif
