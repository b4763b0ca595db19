/* map.h - the engagement maps of the districts (map.c): a year's coverage,
 * and a period's community days with its visits as dots.
 *
 * Ownership: *out is the caller's (peel_chart_free).
 */
#ifndef PEEL_ENGAGEMENT_MAP_H
#define PEEL_ENGAGEMENT_MAP_H

#include "core/err.h"
#include "engagement/summary.h"
#include "render/svg.h"

/* A map chart of the "District" rows of a coverage view (items "CODE
 * Name"), each shaded by its community days, from the LSOA boundaries in
 * dir (peel_shapes_dir when NULL), size units on its longer side.
 * *missing gets the districts with no boundary file (not drawn); *out is
 * NULL when none can be drawn.  -1 only when out of memory. */
int peel_engagement_coverage_map(const peel_eng_rows *rows, const char *dir, double size,
                                 peel_chart **out, size_t *missing, peel_err *err);

/* The period's map: the "District" rows of the period's coverage
 * (peel_engagement_coverage_of) shaded, and a dot for each of visits with a
 * map point; *offmap gets the dots outside the drawing (not drawn). */
int peel_engagement_period_map(const peel_eng_rows *rows, const peel_eng_visits *visits,
                               const char *dir, double size, peel_chart **out, size_t *missing,
                               size_t *offmap, peel_err *err);

#endif
