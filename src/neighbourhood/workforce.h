/* workforce.h - the workforce's movement and the uplift (workforce.c):
 * `joiner_leaver` (how many joined and left a category of the workforce in
 * a year or month, by route of entry where the paper gives it) and
 * `uplift_target` (a police officer headcount or FTE the force had to
 * reach on a day), and the view that sets each target beside the headcount
 * recorded for that day and sums joiners and leavers.
 *
 * Ownership: a peel_workforce owns its rows and their strings;
 * peel_workforce_release frees them. */
#ifndef PEEL_NEIGHBOURHOOD_WORKFORCE_H
#define PEEL_NEIGHBOURHOOD_WORKFORCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "core/vec.h"
#include "model/model.h"
#include "model/reader.h"
#include "store/store.h"

extern const peel_type peel_type_joiner_leaver;
extern const peel_type peel_type_uplift_target;

/* Field handles of joiner_leaver. */
enum {
    PEEL_JL_REF,
    PEEL_JL_YEAR,
    PEEL_JL_MONTH,
    PEEL_JL_CATEGORY,
    PEEL_JL_ROUTE,
    PEEL_JL_PROGRAMME,
    PEEL_JL_GROUP,
    PEEL_JL_JOINERS,
    PEEL_JL_LEAVERS,
    PEEL_JL_NOTE,
    PEEL_JL_PROVENANCE,
    PEEL_JL_PUBLISH,
    PEEL_JL_NFIELDS
};

/* Field handles of uplift_target. */
enum {
    PEEL_UT_REF,
    PEEL_UT_AS_AT,
    PEEL_UT_WHAT,
    PEEL_UT_HEADCOUNT,
    PEEL_UT_FTE,
    PEEL_UT_NOTE,
    PEEL_UT_PROVENANCE,
    PEEL_UT_PUBLISH,
    PEEL_UT_NFIELDS
};

/* One target and the police officer headcount recorded for its day. */
typedef struct peel_uplift_row {
    char *ref, *what;
    peel_date as_at;
    bool has_target_hc, has_target_fte, has_hc, has_fte;
    int64_t target_hc, target_fte, hc, fte; /* FTE in hundredths */
} peel_uplift_row;

/* Joiners and leavers of a category in a year, or of a route in a month. */
typedef struct peel_movement_row {
    char *ref, *category, *route, *programme, *group; /* labels; "" when not given */
    bool monthly;                                     /* month, else year */
    int64_t when;                                     /* a peel_month or a peel_fy */
    bool has_joiners, has_leavers;
    int64_t joiners, leavers;
    /* A year's row: the change in the category's year-end headcount from
     * the year before (the `headcount` records of both years; the whole
     * workforce is the sum of its five categories, all of them needed). */
    bool has_hc_change;
    int64_t hc_change;
} peel_movement_row;

typedef struct peel_workforce {
    PEEL_VEC(peel_uplift_row) uplift;     /* by day */
    PEEL_VEC(peel_movement_row) movement; /* yearly rows first, by year; then monthly */
    /* The monthly rows' joiners by route, and in all: sums of the rows. */
    int64_t month_total;
    bool failed;
} peel_workforce;

/* The view as reader rd sees it, for financial year fy (0: every year). */
int peel_workforce_of(peel_store *s, const peel_reader *rd, peel_fy fy, peel_workforce *out,
                      peel_err *err);
void peel_workforce_release(peel_workforce *w);
/* "met by 8", "short by 12" or "not recorded" for a target and actual;
 * hundredths: both are FTE in hundredths ("met by 9.00"). */
const char *peel_uplift_status(bool has_target, int64_t target, bool has_actual, int64_t actual,
                               bool hundredths, char out[static 48]);

#endif
