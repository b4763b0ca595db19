/* complaints.h - complaint reviews: a complainant's application to the
 * relevant review body (Police Reform Act 2002, Schedule 3) for a review of
 * how the force handled their complaint, and the office's view of them.
 *
 * `complaint_review` (complaints.c) holds no name or contact detail of the
 * complainant.  Its rules refuse, naming the field, an application received
 * more than 28 days after the complainant was told the outcome without a
 * recorded reason, a determination before receipt, a forwarded date when
 * the PCC is the relevant review body (or none when it is not), and an
 * outcome, upheld or recommendation without a determination.
 *
 * The view (peel_complaints_view) counts, for a period, the reviews
 * received against the same period a year before, the working days to
 * determination per quarter beside the national average imported as
 * observations of the series PEEL_COMPLAINTS_NATIONAL_SERIES (IOPC
 * statistics), upheld and recommendation counts and the reviews
 * outstanding.  The rules are in docs/METHODS.md, "Oversight: complaint
 * reviews and FOI".
 */
#ifndef PEEL_OVERSIGHT_COMPLAINTS_H
#define PEEL_OVERSIGHT_COMPLAINTS_H

#include "cli/cli.h"
#include "core/date.h"
#include "core/err.h"
#include "model/model.h"
#include "model/reader.h"
#include "oversight/ovrows.h"
#include "store/store.h"

extern const peel_type peel_type_complaint_review;

/* The series whose observations are the national average working days to
 * complete a complaint review, one per quarter (period_from the quarter's
 * first day, period_to its last), imported with `peel import observation`. */
#define PEEL_COMPLAINTS_NATIONAL_SERIES "Complaint review working days, national average"

/* The days after the complainant is told the outcome within which an
 * application is in time (day 28 is in time, day 29 is not). */
#define PEEL_COMPLAINTS_WINDOW_DAYS 28

/* The most quarters the view lists the working days of (ten years). */
#define PEEL_COMPLAINTS_MAX_QUARTERS 40

/* Field handles of complaint_review. */
enum {
    PEEL_CR_REF,
    PEEL_CR_RECEIVED,
    PEEL_CR_OUTCOME_TOLD,
    PEEL_CR_LATE_REASON,
    PEEL_CR_PCC_RELEVANT,
    PEEL_CR_FORWARDED,
    PEEL_CR_DETERMINED,
    PEEL_CR_OUTCOME,
    PEEL_CR_UPHELD,
    PEEL_CR_RECOMMENDATION_MADE,
    PEEL_CR_RECOMMENDATIONS,
    PEEL_CR_FORCE_RESPONSE,
    PEEL_CR_FORCE_RESPONDED,
    PEEL_CR_NOTE,
    PEEL_CR_PROVENANCE,
    PEEL_CR_PUBLISH,
    PEEL_CR_NFIELDS
};

/* The working days a determined review took, or -1 with *why set when it
 * cannot be counted (not determined).  Counted from the day the clock
 * starts (received; forwarded, when the PCC is not the relevant review
 * body) to the determination, the start not counted, the determination
 * counted, weekends and England and Wales bank holidays not counted
 * (peel_workdays_between).  -2 with err set for a date outside the years
 * whose bank holidays peel knows. */
int peel_complaint_working_days(const struct peel_record *r, int *days, peel_err *err);

/* The view of the period from..to (inclusive) for rd. */
int peel_complaints_view(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                         peel_ov_rows *out, peel_err *err);

/* `peel oversight complaints` and the /oversight/complaints page. */
int peel_cmd_oversight_complaints(peel_cli *cli, int argc, char **argv, peel_err *err);
int peel_page_oversight_complaints(peel_req *r, const peel_str *p, peel_err *err);

#endif
