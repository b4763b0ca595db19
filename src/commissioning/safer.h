/* safer.h - the measures of Safer Streets and CSP projects (`intervention`:
 * kind, target and delivery, budget and spend, due date, area) and the
 * Safer Streets tracker computed from them (safer.c): per intervention the
 * share of its target delivered, spend against budget, whether it is
 * overdue, and the street crime recorded in its area over two equal
 * periods before and after, from the crime engine (crime/report.h).
 * The definitions are in docs/METHODS.md, "Commissioning".
 *
 * Ownership: a peel_tracker owns its rows' strings (peel_tracker_release). */
#ifndef PEEL_COMMISSIONING_SAFER_H
#define PEEL_COMMISSIONING_SAFER_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/cli.h"
#include "core/date.h"
#include "core/err.h"
#include "model/model.h"
#include "model/reader.h"
#include "store/store.h"
#include "web/http.h"

extern const peel_type peel_type_intervention;

/* Field handles of intervention. */
enum {
    PEEL_IV_REF,
    PEEL_IV_AWARD,
    PEEL_IV_FUND,
    PEEL_IV_KIND,
    PEEL_IV_MEASURE,
    PEEL_IV_TARGET,
    PEEL_IV_DELIVERED,
    PEEL_IV_UNIT,
    PEEL_IV_PARTNER,
    PEEL_IV_DUE,
    PEEL_IV_BUDGET,
    PEEL_IV_SPEND,
    PEEL_IV_AREA,
    PEEL_IV_LSOAS,
    PEEL_IV_BOUNDARY,
    PEEL_IV_LEFTOVER,
    PEEL_IV_NOTE,
    PEEL_IV_PROVENANCE,
    PEEL_IV_PUBLISH,
    PEEL_IV_NFIELDS
};

/* Targets under this are too small for a percentage to mean anything. */
#define PEEL_TRACKER_MIN_TARGET 10

/* Crime in an intervention's area over one period. */
typedef struct peel_tracker_crime {
    peel_month from, to;
    int64_t crimes; /* in the months of the period that hold data */
    int64_t months; /* months of the period */
    int64_t with_data;
} peel_tracker_crime;

typedef struct peel_tracker_row {
    int64_t id;
    char *ref, *measure, *kind, *unit, *fund, *area, *area_kind;
    bool has_target, has_delivered, has_budget, has_spend, has_due;
    int64_t target, delivered, budget, spend;
    bool has_pct;       /* target set and at least PEEL_TRACKER_MIN_TARGET */
    int64_t pct_tenths; /* delivered / target, in tenths of a percent, rounded half up */
    peel_date due;
    bool overdue;   /* due before today and delivered under target */
    bool has_crime; /* an area the crime data knows */
    bool district;  /* the area is the district, not the bid area */
    const char
        *area_is;     /* static: "the district, not the bid area", "the bid area (its LSOAs)"... */
    char *crime_note; /* why there is no crime figure, or "" */
    peel_tracker_crime before, after;
} peel_tracker_row;

typedef struct peel_tracker {
    peel_tracker_row *v;
    size_t n, cap;
} peel_tracker;

/* The periods asked for; a zero month means "the default": the 12 months
 * before the due date's month and the 12 months after it. */
typedef struct peel_tracker_args {
    const char *fund; /* the fund's name; NULL: every fund */
    peel_month before_from, before_to, after_from, after_to;
    peel_date today;
} peel_tracker_args;

int peel_tracker_build(peel_store *s, const peel_reader *rd, const peel_tracker_args *a,
                       peel_tracker *out, peel_err *err);
void peel_tracker_release(peel_tracker *t);
/* "45.0%" or, under the minimum target, "target under 10". out: 32 bytes. */
void peel_tracker_pct_text(const peel_tracker_row *r, char out[static 32]);

/* The periods given on the command line or as page parameters ("2023-05";
 * all four or none, the two of equal length, after following before) into
 * a; nothing given leaves the default. */
int peel_tracker_periods(const char *bf, const char *bt, const char *af, const char *at,
                         peel_tracker_args *a, peel_err *err);
/* A row as JSON (NULL when memory runs out), or as the tracker's CSV cells
 * (buf: 19 cells of 64 bytes; plain: money as "9974.60"). */
struct json_t;
struct json_t *peel_tracker_row_json(const peel_tracker_row *r);
void peel_tracker_row_cells(const peel_tracker_row *r, bool plain, char buf[][64],
                            const char *cells[]);

/* `peel commissioning tracker`. */
int peel_cmd_commissioning_tracker(peel_cli *cli, int argc, char **argv, peel_err *err);
/* /commissioning/tracker?fund=&before_from=&before_to=&after_from=&after_to= */
int peel_page_commissioning_tracker(peel_req *r, const peel_str *p, peel_err *err);
/* /api/v1/commissioning/tracker: the same parameters, and page and per_page. */
int peel_api_commissioning_tracker(peel_req *r, const peel_str *p, peel_err *err);

#endif
