/* overview.h - the force at a glance, for /crime: every month imported
 * (which hold street data and which are gaps), and for the force and each
 * of its districts the latest month's crimes and the total of the 12
 * calendar months to it, counting only the months that hold data and
 * saying how many do (docs/METHODS.md, "Crime overview").  A map chart of
 * the districts, each drawn as its LSOAs' polygons together and shaded by
 * that 12-month total, comes from the ONS boundaries (crime/shapes.c).
 *
 * Built on crime/report.h's view (one load of every month, force and
 * districts) and the store; no SQL here.  Ownership: the overview owns its
 * view and rows (peel_crime_overview_release); the map chart belongs to the
 * caller (peel_chart_free).
 */
#ifndef PEEL_CRIME_OVERVIEW_H
#define PEEL_CRIME_OVERVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "crime/report.h"
#include "render/svg.h"
#include "store/store.h"

typedef struct peel_crime_overview_row {
    const peel_crime_part *part; /* NULL for the force (or all data) */
    bool counted;                /* a district with street crimes counted in its LSOAs
                                  * (it has a pack), the force, or a part with id < 0 */
    int64_t latest;              /* crimes in the latest month; -1: it holds no data */
    int64_t total12;             /* in the months of the 12 to the latest that hold data */
    size_t months12;             /* how many of those 12 months hold data */
} peel_crime_overview_row;

typedef struct peel_crime_overview {
    bool empty;                    /* no crime data imported: nothing else is set */
    peel_crime_view v;             /* the first to the latest month imported */
    peel_month from12;             /* the 12 months: from12 to v.to */
    peel_crime_overview_row force; /* v.area: the force, or "all" without area records */
    peel_crime_overview_row *rows; /* the districts (v.parts with an area record) in */
    size_t nrows;                  /*   the view's order, then the crimes with no
                                    *   location and those outside the force's districts
                                    *   (part->id < 0), which the force's row leaves out */
    size_t held;                   /* months of v holding street data */
} peel_crime_overview;

int peel_crime_overview_load(peel_store *s, peel_crime_overview *o, peel_err *err);
void peel_crime_overview_release(peel_crime_overview *o);

/* A map chart (id `id`) of the districts whose show[i] is true (rows[i]),
 * each shaded by its 12-month total (grey, no data, for a district without
 * crimes counted in its LSOAs), from the LSOA boundaries in `dir`
 * (peel_shapes_dir when NULL), `size` units on its longer side.  *missing
 * gets how many shown districts have no boundary file (they are not
 * drawn).  *out is NULL when no district can be drawn.  -1 out of memory. */
int peel_crime_overview_map(const peel_crime_overview *o, const bool *show, const char *dir,
                            double size, const char *id, peel_chart **out, size_t *missing,
                            peel_err *err);

#endif
