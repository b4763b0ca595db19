/* report.h - the crime figures for an area and period, gathered once from
 * the count table (a "view") and laid out as result tables that the command
 * line prints as a table, CSV or JSON and the pack renders as HTML.
 *
 * Ownership: peel_crime_view_load() fills a view the caller releases with
 * peel_crime_view_release(); result tables likewise (peel_crime_result_release).
 */
#ifndef PEEL_CRIME_REPORT_H
#define PEEL_CRIME_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"
#include "crime/figures.h"
#include "store/crime_db.h"
#include "store/store.h"

/* Names of one dimension's values, indexed by id (NULL where unused). */
typedef struct peel_crime_names {
    char **v;
    size_t n;
} peel_crime_names;

/* A part of the area: districts of a force, LSOAs of a district or NPA.
 * For a force, two pseudo-parts: code "" name "No location" (id -1) and
 * "Outside the force area" (id -2). */
typedef struct peel_crime_part {
    int64_t id;
    char *code, *name;
    int64_t *by_month; /* [nm] */
    int64_t total;
} peel_crime_part;

typedef struct peel_crime_view {
    peel_crime_area area; /* kind "all" when no area records exist */
    peel_crime_scope scope;
    peel_month from, to;
    size_t nm;
    bool *have;      /* [nm]: the month has street data */
    int *forces;     /* [nm]: forces whose street files are imported for it */
    int64_t type_id; /* 0: every type */
    peel_crime_names types, outcomes;
    int64_t *month_total;   /* [nm], in the area (and type) */
    int64_t *month_type;    /* [nm * types.n] */
    int64_t *outcome_total; /* [outcomes.n], id 0: no outcome (ASB) */
    peel_crime_part *parts;
    size_t nparts;
    int64_t no_location, outside; /* force or all: rows not placed in the area */
} peel_crime_view;

typedef struct peel_crime_view_args {
    const char *area;      /* name or code; NULL: the force (or everything) */
    const char *from, *to; /* "YYYY-MM"; NULL: first/last month with data */
    const char *type;      /* crime type; NULL: all */
} peel_crime_view_args;

int peel_crime_view_load(peel_store *s, const peel_crime_view_args *a, peel_crime_view *v,
                         peel_err *err);
void peel_crime_view_release(peel_crime_view *v);
/* Sum of month_total over [from, to] (clipped to the view); *missing gets the
 * months in it without data. */
int64_t peel_crime_view_sum(const peel_crime_view *v, peel_month from, peel_month to,
                            size_t *missing);

/* forces[i] = how many forces' files of a kind ("street", "outcomes",
 * "stop-and-search") are imported for month from + i, i in [0, to - from]:
 * whether a month holds data, and the scope of it (docs/METHODS.md). */
int peel_crime_month_files(peel_store *s, const char *kind, peel_month from, peel_month to,
                           int *forces, peel_err *err);
/* Months of [from, to] holding data (have[i] for from + i); the sentence
 * "N of the M months ... hold street data (none for ...)." appended to b. */
void peel_crime_coverage_note(peel_buf *b, const char *what, peel_month from, peel_month to,
                              const bool *have);
/* "2022-12 to 2023-12, 2024-05": the months of [from, to] whose have[i]
 * is want, as runs, appended to b. */
void peel_crime_month_runs(peel_buf *b, peel_month from, peel_month to, const bool *have,
                           bool want);
/* A note when the months of [from, to] and [bfrom, bto] differ in scope:
 * some hold other forces' street files and others do not. */
void peel_crime_scope_note(peel_buf *b, peel_month from, peel_month to, const int *forces,
                           peel_month bfrom, peel_month bto, const int *bforces);

/* A result table: column names, headers for people, and cells as text;
 * numeric columns print as JSON numbers. */
typedef struct peel_crime_result {
    char *title;
    size_t ncols, nrows;
    char **cols;  /* names: CSV headers and JSON keys ("crimes_before") */
    char **heads; /* plain English headers for tables people read ("Crimes a year before") */
    bool *numeric;
    char **cells; /* [nrows * ncols] */
    size_t cap;
    peel_buf notes; /* lines shown under the table */
} peel_crime_result;

void peel_crime_result_release(peel_crime_result *r);
/* heads may be NULL: the names are shown. */
int peel_crime_result_cols(peel_crime_result *r, const char *title, const char *const *cols,
                           const char *const *heads, const bool *numeric, size_t n);
int peel_crime_result_row(peel_crime_result *r, const char *const *cells);

int peel_crime_summary(const peel_crime_view *v, const char *by, peel_store *s,
                       peel_crime_result *out, peel_err *err);
/* The comparisons ending at v->to (peel_crime_compare) or at month, which
 * must lie in the view; the view must hold the 23 months before it for all
 * three to be made. */
int peel_crime_compare(const peel_crime_view *v, peel_crime_result *out, peel_err *err);
int peel_crime_compare_at(const peel_crime_view *v, peel_month month, peel_crime_result *out,
                          peel_err *err);
/* The latest month of the view for which the most of the three comparisons
 * have data in every month of both their periods (all three when any month
 * allows it); v->to when none can be made.  Returns how many can be made
 * then (0 to 3). */
int peel_crime_compare_month(const peel_crime_view *v, peel_month *month);
int peel_crime_hotspots(peel_store *s, const peel_crime_view *v, int limit, peel_crime_result *out,
                        peel_err *err);
int peel_crime_spc_table(const peel_crime_view *v, peel_month bfrom, peel_month bto,
                         peel_crime_result *out, peel_err *err);
int peel_crime_outcomes(const peel_crime_view *v, const char *positive, peel_crime_result *out,
                        peel_err *err);
/* The same by each crime's latest outcome: the outcomes files' joined by
 * Crime ID where they have one (docs/METHODS.md); the street categories
 * (peel_crime_outcomes) when no outcomes file matches. */
int peel_crime_outcomes_latest(peel_store *s, const peel_crime_view *v, const char *positive,
                               peel_crime_result *out, peel_err *err);
int peel_crime_stops(peel_store *s, const peel_crime_view *v, const char *by,
                     peel_crime_result *out, peel_err *err);

#endif
