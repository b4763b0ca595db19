/* yearly.h - statistics counted by calendar year, side by side, as seed
 * 000's protests table prints them: a row per statistic (a `series`), a
 * column per year held, a year held only in part (January to some month)
 * marked as such, and the change between each two years compared like for
 * like: a whole year with the whole year before, a part year only with the
 * same months of the year before when those are held, never with a whole
 * year.  Read from the `observation` records rd may open (figures
 * concern).  The rules are in docs/METHODS.md, "Yearly tables".
 *
 * Ownership: a peel_yearly owns its rows (peel_yearly_release).
 */
#ifndef PEEL_NEIGHBOURHOOD_YEARLY_H
#define PEEL_NEIGHBOURHOOD_YEARLY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "model/reader.h"
#include "store/store.h"

#define PEEL_YEARLY_MAX_COLS 12
#define PEEL_YEARLY_MAX_ROWS 16

/* A column: a calendar year, whole (to 31 December) or in part (1 January
 * to the last day of month `to`). */
typedef struct peel_yearly_col {
    int year;
    bool partial;
    peel_date to; /* the period's last day */
} peel_yearly_col;

/* The change into column c from the column before it (c >= 1). */
enum peel_yearly_cmp {
    PEEL_YEARLY_NONE,      /* either value is not held */
    PEEL_YEARLY_CHANGE,    /* whole year on whole year, or part on the same part */
    PEEL_YEARLY_PART_YEAR, /* a part year, and the same months before are not held */
    PEEL_YEARLY_SMALL,     /* the base is under PEEL_YEARLY_SMALL_BASE */
    PEEL_YEARLY_NOT_NEXT   /* the column before is not the year before */
};
#define PEEL_YEARLY_SMALL_BASE 10

typedef struct peel_yearly_row {
    char series[201];
    bool has[PEEL_YEARLY_MAX_COLS];
    int64_t value[PEEL_YEARLY_MAX_COLS];
    enum peel_yearly_cmp cmp[PEEL_YEARLY_MAX_COLS]; /* [0] is always NONE */
    int64_t base[PEEL_YEARLY_MAX_COLS];             /* what the change is on */
    int64_t pct10[PEEL_YEARLY_MAX_COLS];            /* tenths of a percent, halves away */
} peel_yearly_row;

typedef struct peel_yearly {
    char area[41], area_name[201];
    peel_yearly_col cols[PEEL_YEARLY_MAX_COLS];
    size_t ncols;
    peel_yearly_row rows[PEEL_YEARLY_MAX_ROWS];
    size_t nrows;
    int64_t other; /* observations of the series and area that are not a calendar year or
                      part of one from January, nor a like-for-like base */
} peel_yearly;

/* The table of the series named (n of them, at most PEEL_YEARLY_MAX_ROWS)
 * for area (a code; NULL: the one area their observations are held for).
 * An unknown series or area, or too many years, is an input error naming
 * it.  out is filled in place. */
int peel_yearly_of(peel_store *s, const peel_reader *rd, const char *const *series, size_t n,
                   const char *area, peel_yearly *out, peel_err *err);

/* The column's heading: "2023", or "2024 (January to April)". out needs
 * 48 bytes. */
void peel_yearly_col_label(const peel_yearly_col *c, char out[static 48]);
/* The change into column c as printed: "+51.4%", "n/a (part year)"...
 * out needs 48 bytes. */
const char *peel_yearly_change_text(const peel_yearly_row *r, size_t c, char out[static 48]);

/* The statistics of seed 000's protests table, in its order. */
extern const char *const peel_protest_series[3];

#endif
