/* custody.h - independent custody visiting (the PCC's ICV scheme, Police
 * Reform Act 2002 s.51): the volunteers (`icv_volunteer`), the custody
 * suites they visit (`custody_suite`, active or not) and the visits
 * (`icv_visit`: a custody visit or an animal welfare visit, scheduled,
 * made or missed, the pair who made it, time and detainees seen, and an
 * issue raised -> the force's response -> closed, each dated).
 *
 * The rota (peel_custody_rota): for each active suite and each week,
 * Monday to Sunday, the visits scheduled and a gap when fewer than the
 * standard's visits a week are scheduled by a pair.  The share of
 * scheduled visits made in a period (peel_custody_made).  Both count only
 * the records the reader may open.  Rules: docs/METHODS.md, "Oversight:
 * custody visiting and scrutiny".
 */
#ifndef PEEL_OVERSIGHT_CUSTODY_H
#define PEEL_OVERSIGHT_CUSTODY_H

#include "cli/cli.h"
#include "core/date.h"
#include "model/model.h"
#include "model/reader.h"
#include "oversight/view.h"
#include "store/store.h"
#include "web/http.h"

extern const peel_type peel_type_icv_volunteer;
extern const peel_type peel_type_custody_suite;
extern const peel_type peel_type_icv_visit;

/* The scheme's standard: every active suite visited at least once a week
 * by a pair.  The rota's default; `--per-week` and ?per_week= change it. */
#define PEEL_CUSTODY_VISITS_PER_WEEK 1
/* A share of visits made is printed as a percentage only from this many
 * scheduled visits up (the small-base rule, docs/METHODS.md). */
#define PEEL_CUSTODY_SMALL_BASE 10

/* Field handles of icv_volunteer. */
enum {
    PEEL_ICVV_REF,
    PEEL_ICVV_NAME,
    PEEL_ICVV_JOINED,
    PEEL_ICVV_TRAINED,
    PEEL_ICVV_STATUS,
    PEEL_ICVV_LEFT,
    PEEL_ICVV_LONG_SERVICE,
    PEEL_ICVV_NOTE,
    PEEL_ICVV_PROVENANCE,
    PEEL_ICVV_NFIELDS
};

/* Field handles of custody_suite. */
enum {
    PEEL_SUITE_NAME,
    PEEL_SUITE_ACTIVE,
    PEEL_SUITE_NOTE,
    PEEL_SUITE_PROVENANCE,
    PEEL_SUITE_PUBLISH,
    PEEL_SUITE_NFIELDS
};

/* Field handles of icv_visit. */
enum {
    PEEL_VISIT_REF,
    PEEL_VISIT_KIND,
    PEEL_VISIT_SUITE,
    PEEL_VISIT_PLACE,
    PEEL_VISIT_DATE,
    PEEL_VISIT_OUTCOME,
    PEEL_VISIT_VISITOR_A,
    PEEL_VISIT_VISITOR_B,
    PEEL_VISIT_MINUTES,
    PEEL_VISIT_DETAINEES,
    PEEL_VISIT_SERIOUS,
    PEEL_VISIT_ISSUE,
    PEEL_VISIT_RAISED,
    PEEL_VISIT_RESPONSE,
    PEEL_VISIT_RESPONDED,
    PEEL_VISIT_CLOSED,
    PEEL_VISIT_PROVENANCE,
    PEEL_VISIT_PUBLISH,
    PEEL_VISIT_NFIELDS
};

/* The rota from the Monday of from's week for weeks weeks: one row per
 * active suite the reader may open and week (suite, week from, week to,
 * visits scheduled, by a pair, gap), into *rota; and the gaps alone into
 * *gaps.  Both tables are the caller's to release. */
int peel_custody_rota(peel_store *s, const peel_reader *rd, peel_date from, int weeks, int per_week,
                      peel_ovs_table *rota, peel_ovs_table *gaps, peel_err *err);

/* Visits scheduled in [from, to] the reader may open, by kind: made,
 * missed, not yet recorded, the share made (a percentage only on a base of
 * PEEL_CUSTODY_SMALL_BASE or more), hours and detainees seen on the visits
 * made, serious issues, issues open; and the volunteers active on to (for
 * a reader who may open them). */
int peel_custody_made(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                      peel_ovs_table *out, peel_err *err);

/* `peel oversight custody` and /oversight/custody. */
int peel_oversight_custody_cmd(peel_cli *cli, int argc, char **argv, peel_err *err);
int peel_oversight_custody_page(peel_req *r, const peel_str *params, peel_err *err);

#endif
