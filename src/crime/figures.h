/* figures.h - the crime figures as pure functions over counts: period
 * comparisons, rolling totals, statistical process control, outcome rates,
 * rates per 1,000 residents and disproportionality.  Each method is written
 * down in docs/METHODS.md; every percentage goes through core/pct.h.
 *
 * Monthly series are arrays indexed by month offset from a first month, with
 * a parallel `have` array: false where no data was imported for that month
 * (police.uk gaps), which is not the same as zero crimes.  Nothing here
 * allocates; callers pass output arrays of the input's length.
 */
#ifndef PEEL_CRIME_FIGURES_H
#define PEEL_CRIME_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

/* A change between two counts: count change always, % change only when the
 * base is not zero (has_pct false means "n/a"). */
typedef struct peel_crime_change {
    int64_t before, now, diff;
    bool has_pct;
    int64_t pct; /* scaled by 10^dp, as peel_pct_change */
    int dp;
} peel_crime_change;

void peel_crime_change_of(int64_t before, int64_t now, int dp, peel_crime_change *out);
/* "+51%", "-3.2%", "n/a" into out (32 bytes). */
void peel_crime_change_pct_text(const peel_crime_change *c, char out[static 32]);

/* The Panel's three comparisons, ending at the latest month. */
enum peel_crime_period_kind {
    PEEL_PERIOD_MONTH,  /* the month vs the same month a year before */
    PEEL_PERIOD_12M,    /* the 12 months to it vs the 12 before */
    PEEL_PERIOD_FYTD    /* financial year to date vs the same months a year before */
};
typedef struct peel_crime_period {
    enum peel_crime_period_kind kind;
    peel_month from, to;   /* this period */
    peel_month bfrom, bto; /* the one compared with */
} peel_crime_period;
void peel_crime_period_of(enum peel_crime_period_kind kind, peel_month latest,
                          peel_crime_period *out);
const char *peel_crime_period_label(enum peel_crime_period_kind kind);

/* out[i] = sum of v[i-window+1 .. i]; out_have[i] false unless all of those
 * months have data. */
void peel_crime_rolling(const int64_t *v, const bool *have, size_t n, size_t window,
                        int64_t *out, bool *out_have);

/* Statistical process control, an XmR (individuals) chart: the mean of the
 * baseline months, the mean moving range between consecutive baseline months,
 * limits mean +/- 2.66 x mean moving range (lower limit not below 0). */
typedef struct peel_crime_spc {
    size_t nbase;     /* baseline months with data */
    double mean, mr_bar, ucl, lcl;
} peel_crime_spc;

enum {
    PEEL_SPC_ABOVE = 1,    /* above the upper limit */
    PEEL_SPC_BELOW = 2,    /* below the lower limit */
    PEEL_SPC_RUN_HIGH = 4, /* part of a run of >= run_len points above the mean */
    PEEL_SPC_RUN_LOW = 8   /* ... below the mean */
};

/* Limits from v[0..nbase) (months without data skipped; moving ranges only
 * between months that are both present and adjacent).  -1 when fewer than 2
 * baseline months have data. */
int peel_crime_spc_limits(const int64_t *v, const bool *have, size_t nbase, peel_crime_spc *out);
/* Flags every point of v[0..n); a run is broken by a month without data or a
 * point exactly on the mean. */
void peel_crime_spc_flags(const peel_crime_spc *spc, const int64_t *v, const bool *have,
                          size_t n, size_t run_len, unsigned *flags);

/* count per 1,000 of pop, scaled by 10^dp (dp 0..3), the pct.h rounding
 * rule.  False when pop is 0. */
bool peel_crime_rate_per_1000(int64_t count, int64_t pop, int dp, int64_t *scaled);
/* Disproportionality ratio: (n_group / pop_group) / (n_ref / pop_ref),
 * scaled by 10^dp and rounded halves away from zero.  False when any of
 * pop_group, n_ref, pop_ref is 0. */
bool peel_crime_disproportionality(int64_t n_group, int64_t pop_group, int64_t n_ref,
                                   int64_t pop_ref, int dp, int64_t *scaled);
/* A scaled value as text: 1234 with dp 1 -> "123.4". out needs 32 bytes. */
void peel_crime_scaled_text(int64_t scaled, int dp, char out[static 32]);

/* The default list of "positive" last outcome categories (NULL-terminated):
 * a charge or summons, or an out-of-court disposal.  See docs/METHODS.md. */
extern const char *const peel_crime_positive_default[];
/* Whether outcome is in a list given as "A;B;C" (or the default when list is
 * NULL), compared case-insensitively. */
bool peel_crime_outcome_positive(const char *outcome, const char *list);

#endif
