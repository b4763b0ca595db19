/* summary.h - the engagement views computed from records: the period
 * summary as the PCC's update report prints it, and the coverage of a
 * financial year per district and neighbourhood policing area.  Both see
 * only the records the reader may open (model/reader.h).  The rules are in
 * docs/METHODS.md, "Engagement".
 *
 * Ownership: a peel_eng_rows owns its rows and their strings
 * (peel_eng_rows_release frees them).
 */
#ifndef PEEL_ENGAGEMENT_SUMMARY_H
#define PEEL_ENGAGEMENT_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "model/reader.h"
#include "store/store.h"

/* One line of a view: a section ("Community days held"), an item in it
 * ("Charnwood"; "" for the section's total), a count, and a flag or note
 * ("" when none). */
typedef struct peel_eng_row {
    char *section, *item, *flag;
    int64_t n;
} peel_eng_row;

typedef struct peel_eng_rows {
    peel_eng_row *v;
    size_t n, cap; /* a core/vec.h vector */
} peel_eng_rows;

void peel_eng_rows_release(peel_eng_rows *rows);

/* The summary of the period from..to (inclusive) for rd. */
int peel_engagement_summary(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                            peel_eng_rows *out, peel_err *err);

/* The coverage of financial year fy for rd: a row per district (section
 * "District") and per neighbourhood policing area (section "NPA"), items
 * "CODE Name", n the community days held, flag "not visited" or "fewer
 * than two"; then the community days it could not place. */
int peel_engagement_coverage(peel_store *s, const peel_reader *rd, peel_fy fy, peel_eng_rows *out,
                             peel_err *err);

/* The coverage of the period from..to (inclusive), rows as above. */
int peel_engagement_coverage_of(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                                peel_eng_rows *out, peel_err *err);

/* One engagement held in a period, as the period's map and its table show
 * it; strings "" when not recorded or when the reader may not open the
 * district. */
typedef struct peel_eng_visit {
    int64_t id;
    char *ref, *title, *kind, *district;
    bool community_day, dated, has_point;
    peel_date date, held_from, held_to; /* date when dated, else the period it fell in */
    double lat, lon;
} peel_eng_visit;

typedef struct peel_eng_visits {
    peel_eng_visit *v;
    size_t n, cap; /* a core/vec.h vector */
} peel_eng_visits;

void peel_eng_visits_release(peel_eng_visits *vs);

/* The engagements held in from..to that rd may open, counted by the
 * summary's rules, in the store's order. */
int peel_engagement_visits(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                           peel_eng_visits *out, peel_err *err);

#endif
