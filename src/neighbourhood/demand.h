/* demand.h - a monthly statistic as the Panel's demand tables print it
 * (demand.c): each month held, newest first, with its value and its change
 * on the same month one, two and three years before, to one decimal, from
 * the `observation` records of one `series` and area.  The rules are in
 * docs/METHODS.md, "Demand tables".
 *
 * Ownership: a peel_demand_table owns its rows (peel_demand_release).
 */
#ifndef PEEL_NEIGHBOURHOOD_DEMAND_H
#define PEEL_NEIGHBOURHOOD_DEMAND_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "model/reader.h"
#include "store/store.h"

#define PEEL_DEMAND_YEARS 3
/* Below this base no percentage change is given (as for crimes). */
#define PEEL_DEMAND_SMALL_BASE 10

typedef struct peel_demand_row {
    peel_month month;
    int64_t value;
    /* change on the month k + 1 years before: has[k] false when that month
     * is not held; small[k] when held but under PEEL_DEMAND_SMALL_BASE */
    bool has[PEEL_DEMAND_YEARS], small[PEEL_DEMAND_YEARS];
    int64_t pct10[PEEL_DEMAND_YEARS]; /* tenths of a percent, halves away from zero */
} peel_demand_row;

typedef struct peel_demand_table {
    char series[201], area[41], area_name[201];
    peel_demand_row *v;
    size_t n, cap;       /* a core/vec.h vector, newest month first */
    int64_t not_monthly; /* the series' observations for the area that are not one month */
} peel_demand_table;

void peel_demand_release(peel_demand_table *t);

/* The table of series (its name) for area (a code; NULL: the one area the
 * series' observations hold, an error naming the choice when they hold
 * several) from the observations rd may open, months from..to (0: all).
 * An unknown series or area is an input error naming it. */
int peel_demand_table_of(peel_store *s, const peel_reader *rd, const char *series, const char *area,
                         peel_month from, peel_month to, peel_demand_table *out, peel_err *err);

#endif
