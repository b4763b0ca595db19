/* compute.h - a figure computed from the records a reader may see, and
 * reconciled with its printed text (docs/METHODS.md, "Figures").
 *
 * Counts and sums go through the store's counts and grouped sums; means,
 * medians, days and shares read the matching records through the store's
 * select; street crimes come from the crime engine (crime/report.h); a
 * ratio, percentage, change or difference computes its two figures first.
 * A reader who is not staff gets the figure from the records published to
 * them (or shown to the Panel), and the result says so in words that do not
 * depend on what was left out.
 *
 * Ownership: a peel_fresult owns its why text and ids (peel_fresult_release);
 * a peel_flist owns its records and results (peel_flist_release).
 */
#ifndef PEEL_FIGURES_COMPUTE_H
#define PEEL_FIGURES_COMPUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "figures/number.h"
#include "model/reader.h"
#include "model/record.h"
#include "store/store.h"

enum peel_fstatus {
    PEEL_FSTATUS_AGREES,
    PEEL_FSTATUS_DIFFERS,
    PEEL_FSTATUS_CANNOT,   /* cannot compute: why says which records are missing */
    PEEL_FSTATUS_UNPRINTED /* computed, and no paper prints it */
};
/* "agrees", "differs", "cannot", "unprinted". */
const char *peel_fstatus_name(enum peel_fstatus s);
/* "Agrees", "Differs", "Cannot compute", "Not printed". */
const char *peel_fstatus_label(enum peel_fstatus s);
bool peel_fstatus_parse(const char *name, enum peel_fstatus *out);

/* An indicator's red/amber/green against its target or comparison. */
enum peel_frag { PEEL_FRAG_NONE, PEEL_FRAG_GREEN, PEEL_FRAG_AMBER, PEEL_FRAG_RED };
const char *peel_frag_name(enum peel_frag r); /* "", "green", "amber", "red" */

#define PEEL_FRESULT_MAX_IDS 50

typedef struct peel_fresult {
    enum peel_fstatus status;
    bool has_value;
    peel_fnum value;
    char computed[64]; /* the value as people read it; "" when none */
    char *why;         /* never NULL after a compute: "" when there is nothing to say */
    /* What it was computed from: records of `over` (ids of the first
     * PEEL_FRESULT_MAX_IDS, nrecords in all), or street crimes in an area
     * and months (crime_area, from, to), or figures a and b. */
    const peel_type *over;
    int64_t ids[PEEL_FRESULT_MAX_IDS];
    size_t nids;
    int64_t nrecords;
    bool crime;
    char crime_area[201];
    peel_month crime_from, crime_to;
    /* An indicator (the figure names an objective or a target). */
    enum peel_frag rag;
    char rag_why[200];
} peel_fresult;

/* Computes fig (a figure record rd may see) for rd.  0 (the result says
 * whether it could be computed), or -1 with err set when the store fails. */
int peel_figure_compute(peel_store *s, const peel_reader *rd, const peel_record *fig,
                        peel_fresult *out, peel_err *err);
void peel_fresult_release(peel_fresult *r);

/* The figures rd may see, each computed, in key order. */
typedef struct peel_fline {
    peel_record *fig;
    peel_fresult res;
} peel_fline;
typedef struct peel_flist {
    peel_fline *v;
    size_t n, cap;
} peel_flist;

typedef struct peel_fquery {
    const char *paper; /* NULL, or the paper's name starts with or contains it */
    int status;        /* -1, or an enum peel_fstatus */
    int64_t objective; /* 0, or the indicators of that objective */
    bool indicators;   /* only figures that are indicators */
} peel_fquery;

int peel_figures_list(peel_store *s, const peel_reader *rd, const peel_fquery *q, peel_flist *out,
                      peel_err *err);
void peel_flist_release(peel_flist *l);

/* The period as people read it: "1 April 2022 to 31 March 2023", "2022-23"
 * for a financial year, "2022" for a calendar year, "" for none. */
void peel_figure_period_text(const peel_record *fig, char *out, size_t outsz);

#endif
