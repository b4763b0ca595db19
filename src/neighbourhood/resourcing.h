/* resourcing.h - two views over the resourcing records (neighbourhood.h),
 * for a reader: the establishment change table (each role and area's
 * numbers over time, each kind of number compared only with the same kind)
 * and a financial year's savings or budget reconciled (each printed total
 * beside what its parts add up to).  The rules are in docs/METHODS.md,
 * "Establishment change" and "Savings reconciliation".
 *
 * Ownership: a peel_est_table owns its rows (peel_est_release); a
 * peel_sav_view owns its records and groups (peel_sav_release), and its
 * groups borrow the records.
 */
#ifndef PEEL_NEIGHBOURHOOD_RESOURCING_H
#define PEEL_NEIGHBOURHOOD_RESOURCING_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "model/reader.h"
#include "model/records.h"
#include "store/store.h"

/* ---- the establishment change table ---- */

/* One number of one establishment record. */
typedef struct peel_est_row {
    char ref[61];
    const char *role;    /* the role's label (static) */
    const char *measure; /* "allocated", "funded", "actual" or "reported" (static) */
    char area[41], area_name[201];
    char when[32]; /* "2018", or "as reported September 2024" */
    int64_t value;
    /* on the row before it of the same role, area and measure */
    bool has_change, has_pct;
    int64_t change, pct10; /* pct10: tenths of a percent, halves away from zero */
} peel_est_row;

typedef struct peel_est_table {
    peel_est_row *v;
    size_t n, cap; /* a core/vec.h vector */
} peel_est_table;

void peel_est_release(peel_est_table *t);

/* The rows of the establishment records rd may open, for role (an option's
 * value; NULL: every role) and area (a code; NULL: every area), ordered by
 * role, area, measure and time.  An unknown role or area is an input error
 * naming it. */
int peel_est_table_of(peel_store *s, const peel_reader *rd, const char *role, const char *area,
                      peel_est_table *out, peel_err *err);

/* ---- the reconciliation of printed totals: savings and budget lines ---- */

#define PEEL_SAV_MEASURES 6 /* at most: a saving's target .. pressures */

/* What is reconciled: a type whose lines may be part_of a total of the same
 * year, its field handles, and its money fields first..last. */
typedef struct peel_recon_kind {
    const char *what; /* "savings", "budget" */
    const peel_type *type;
    int ref, year, line, part_of, first, last;
} peel_recon_kind;

extern const peel_recon_kind peel_recon_savings;
extern const peel_recon_kind peel_recon_budget;

enum peel_sav_status {
    PEEL_SAV_AGREES,     /* the parts add up to the total */
    PEEL_SAV_DIFFERS,    /* they do not */
    PEEL_SAV_INCOMPLETE, /* some parts give the amount, some do not */
    PEEL_SAV_NOT_GIVEN,  /* no part gives it */
    PEEL_SAV_NO_TOTAL    /* the parts give it, the total does not */
};

typedef struct peel_sav_check {
    int field; /* the money field (PEEL_SAV_TARGET.., PEEL_BUDGET_AMOUNT) */
    bool has_total;
    int64_t total, sum;        /* pence */
    size_t parts_with, nparts; /* parts that give the amount, of all the parts */
    enum peel_sav_status status;
} peel_sav_check;

typedef struct peel_sav_group {
    const peel_record *total; /* a total, or a line with no parts */
    const peel_record **parts;
    size_t nparts;
    peel_sav_check checks[PEEL_SAV_MEASURES];
    size_t nchecks;
} peel_sav_group;

typedef struct peel_sav_view {
    const peel_recon_kind *kind;
    peel_fy year;
    peel_records recs; /* the year's lines rd may open */
    peel_sav_group *v;
    size_t n, cap; /* a core/vec.h vector, in reference order */
} peel_sav_view;

void peel_sav_release(peel_sav_view *v);
/* The lines of kind (savings or budget) of year that rd may open, grouped
 * under their totals. */
int peel_sav_view_of(peel_store *s, const peel_reader *rd, const peel_recon_kind *kind,
                     peel_fy year, peel_sav_view *out, peel_err *err);
/* "agrees", "differs"... (static) */
const char *peel_sav_status_name(enum peel_sav_status st);
/* What a check says for people: "The parts add up to £1,382,000.00, £118,000.00 less than the
 * total".  out needs 200 bytes. */
void peel_sav_check_text(const peel_sav_check *c, char out[static 200]);

#endif
