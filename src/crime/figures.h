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

/* The small-base rule (docs/METHODS.md): a change from fewer than this many
 * crimes is shown as its counts, with no percentage (1 -> 3 is not "+200%"). */
#define PEEL_CRIME_SMALL_BASE 10

/* A change between two counts: count change always, % change only when the
 * base is at least PEEL_CRIME_SMALL_BASE (has_pct false means "n/a";
 * small_base says the base was above zero but below the rule). */
typedef struct peel_crime_change {
    int64_t before, now, diff;
    bool has_pct, small_base;
    int64_t pct; /* scaled by 10^dp, as peel_pct_change */
    int dp;
} peel_crime_change;

void peel_crime_change_of(int64_t before, int64_t now, int dp, peel_crime_change *out);
/* "+51%", "-3.2%", "n/a", or "n/a (base under 10)" into out (32 bytes). */
void peel_crime_change_pct_text(const peel_crime_change *c, char out[static 32]);

/* The Panel's three comparisons, ending at the latest month. */
enum peel_crime_period_kind {
    PEEL_PERIOD_MONTH, /* the month vs the same month a year before */
    PEEL_PERIOD_12M,   /* the 12 months to it vs the 12 before */
    PEEL_PERIOD_FYTD   /* financial year to date vs the same months a year before */
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
void peel_crime_rolling(const int64_t *v, const bool *have, size_t n, size_t window, int64_t *out,
                        bool *out_have);

/* Statistical process control (docs/METHODS.md).  From the baseline months:
 * an XmR (individuals) chart when they average 5 or more a month (limits mean
 * +/- 2.66 x mean moving range); a c-chart for counts when they average at
 * least 1 but under 5 (limits mean +/- 3 x sqrt(mean)); below 1 a month the
 * series is too sparse for a chart.  Lower limits are not below 0. */
enum peel_crime_spc_kind { PEEL_SPC_XMR, PEEL_SPC_C, PEEL_SPC_SPARSE };
#define PEEL_SPC_C_BELOW 5      /* baseline mean below this: a c-chart */
#define PEEL_SPC_SPARSE_BELOW 1 /* below this: too sparse */
#define PEEL_SPC_RUN_XMR 7      /* run rule of the XmR chart */
#define PEEL_SPC_RUN_C 8        /* run rule of the c-chart */
typedef struct peel_crime_spc {
    enum peel_crime_spc_kind kind;
    size_t nbase; /* baseline months with data */
    int64_t sum;  /* crimes in them */
    double mean, mr_bar, ucl, lcl;
    /* The same x 10, rounded once, halves away from zero (pct.h's rule):
     * what is printed ("10.8"). */
    int64_t mean10, mr10, ucl10, lcl10;
    size_t run_len; /* PEEL_SPC_RUN_XMR or PEEL_SPC_RUN_C */
} peel_crime_spc;

/* The default baseline of a chart of the months [from, to], one rule for the
 * command and the pack: with 24 or more months, the 12 months starting 35
 * months before `to` (the first year of the last three), but not before
 * `from`; with fewer, every month. */
void peel_crime_spc_baseline(peel_month from, peel_month to, peel_month *bfrom, peel_month *bto);
/* "10.8" from 108: a value x 10 as text (out: 32 bytes). */
void peel_crime_tenths_text(int64_t tenths, char out[static 32]);

enum {
    PEEL_SPC_ABOVE = 1,    /* above the upper limit */
    PEEL_SPC_BELOW = 2,    /* below the lower limit */
    PEEL_SPC_RUN_HIGH = 4, /* part of a run of >= run_len points above the mean */
    PEEL_SPC_RUN_LOW = 8   /* ... below the mean */
};

/* Limits from v[0..nbase) (months without data skipped; moving ranges only
 * between months that are both present and adjacent).  -1 when fewer than 2
 * baseline months have data, or an XmR chart would have no moving range.
 * A sparse series returns 0 with kind PEEL_SPC_SPARSE and no limits. */
int peel_crime_spc_limits(const int64_t *v, const bool *have, size_t nbase, peel_crime_spc *out);
/* Flags every point of v[0..n); a run is broken by a month without data or a
 * point exactly on the mean.  A sparse series flags nothing. */
void peel_crime_spc_flags(const peel_crime_spc *spc, const int64_t *v, const bool *have, size_t n,
                          size_t run_len, unsigned *flags);

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

/* Outcome groups, after the Home Office's crime outcomes framework
 * (docs/METHODS.md lists every police.uk category in each).  OPEN is no
 * final outcome yet; UNKNOWN a category peel does not know (final, not
 * positive, and named in the table). */
enum peel_crime_outcome_group {
    PEEL_OG_OPEN,
    PEEL_OG_CHARGE,          /* charged or summonsed, and the court results of a charge */
    PEEL_OG_TIC,             /* taken into consideration */
    PEEL_OG_OOCD_FORMAL,     /* caution, penalty notice, drugs possession warning */
    PEEL_OG_OOCD_INFORMAL,   /* community resolution */
    PEEL_OG_NO_CONVICTION,   /* charged, but not guilty or the case could not proceed */
    PEEL_OG_PUBLIC_INTEREST, /* prosecution or further action not in the public interest */
    PEEL_OG_EVIDENTIAL,      /* evidential difficulties */
    PEEL_OG_NO_SUSPECT,      /* investigation complete, no suspect identified */
    PEEL_OG_OTHER_BODY,      /* action taken by another body */
    PEEL_OG_UNKNOWN
};
enum peel_crime_outcome_group peel_crime_outcome_group_of(const char *outcome);
const char *peel_crime_outcome_group_label(enum peel_crime_outcome_group g);
/* Whether the group is a positive outcome (charge or summons, taken into
 * consideration, out-of-court disposals formal and informal). */
bool peel_crime_outcome_group_positive(enum peel_crime_outcome_group g);

/* The police.uk categories of the positive groups (NULL-terminated). */
extern const char *const peel_crime_positive_default[];
/* Whether outcome is positive: in a list given as "A;B;C", compared
 * case-insensitively, or in a positive group when list is NULL. */
bool peel_crime_outcome_positive(const char *outcome, const char *list);

#endif
