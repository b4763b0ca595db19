/* figure.h - figures as records: the `figure` type (a number a paper
 * prints, with the declared computation that gives it from peel's records),
 * and `series` and `observation` (a named statistic and its values, for
 * inputs that exist only in a paper or come from elsewhere).
 *
 * Declared in types.c; computed in compute.c (compute.h); reconciled with
 * the printed text in number.c.  The vocabulary is in docs/METHODS.md,
 * "Figures".
 */
#ifndef PEEL_FIGURES_FIGURE_H
#define PEEL_FIGURES_FIGURE_H

#include "model/model.h"

extern const peel_type peel_type_series;
extern const peel_type peel_type_observation;
extern const peel_type peel_type_figure;

/* Field handles of series. */
enum {
    PEEL_SERIES_NAME,
    PEEL_SERIES_UNIT,
    PEEL_SERIES_SOURCE,
    PEEL_SERIES_PROVENANCE,
    PEEL_SERIES_PUBLISH,
    PEEL_SERIES_NOTES,
    PEEL_SERIES_NFIELDS
};

/* Field handles of observation. */
enum {
    PEEL_OBS_REF,
    PEEL_OBS_SERIES,
    PEEL_OBS_AREA,
    PEEL_OBS_PERIOD_FROM,
    PEEL_OBS_PERIOD_TO,
    PEEL_OBS_VALUE,
    PEEL_OBS_AMOUNT,
    PEEL_OBS_PROVENANCE,
    PEEL_OBS_PUBLISH,
    PEEL_OBS_NOTES,
    PEEL_OBS_NFIELDS
};

/* Field handles of figure. */
enum {
    PEEL_FIG_KEY,
    PEEL_FIG_LABEL,
    PEEL_FIG_PAPER,
    PEEL_FIG_PLACE,
    PEEL_FIG_PERIOD_FROM,
    PEEL_FIG_PERIOD_TO,
    PEEL_FIG_PRINTED,
    PEEL_FIG_QUOTE,
    PEEL_FIG_UNIT,
    PEEL_FIG_ROUNDING,
    PEEL_FIG_PLACES,
    PEEL_FIG_COMPUTE,
    PEEL_FIG_OVER,
    PEEL_FIG_FIELD,
    PEEL_FIG_FIELD_TO,
    PEEL_FIG_DATE_FIELD,
    PEEL_FIG_FILTERS,
    PEEL_FIG_PART,
    PEEL_FIG_A,
    PEEL_FIG_B,
    PEEL_FIG_AREA,
    PEEL_FIG_CRIME_TYPES,
    PEEL_FIG_MEASURE,
    PEEL_FIG_OBJECTIVE,
    PEEL_FIG_DIRECTION,
    PEEL_FIG_TARGET,
    PEEL_FIG_COMPARE_TO,
    PEEL_FIG_AMBER_WITHIN,
    PEEL_FIG_CLASSIFICATION,
    PEEL_FIG_PUBLISH,
    PEEL_FIG_FOR_PANEL,
    PEEL_FIG_PROVENANCE,
    PEEL_FIG_NOTES,
    PEEL_FIG_NFIELDS
};

/* The computations (the `compute` field's values, in order). */
enum peel_fcompute {
    PEEL_FC_COUNT,
    PEEL_FC_SUM,
    PEEL_FC_MEAN,
    PEEL_FC_MEDIAN,
    PEEL_FC_MEAN_DAYS,
    PEEL_FC_MEDIAN_DAYS,
    PEEL_FC_MEAN_WORKING_DAYS,
    PEEL_FC_MEDIAN_WORKING_DAYS,
    PEEL_FC_SHARE,
    PEEL_FC_RATIO,
    PEEL_FC_PERCENTAGE,
    PEEL_FC_CHANGE,
    PEEL_FC_DIFFERENCE,
    PEEL_FC_CRIME
};

extern const peel_option peel_fcompute_options[];
extern const peel_option peel_funit_options[];
extern const peel_option peel_fround_options[];

/* Whether a computation combines two other figures (a and b). */
static inline bool peel_fcompute_combines(int c)
{
    return c >= PEEL_FC_RATIO && c <= PEEL_FC_DIFFERENCE;
}

#endif
