/* commissioning.h - crime and disorder reduction grants (Police Reform and
 * Social Responsibility Act 2011 s.9): the programmes (`fund`), their grant
 * rounds (`round`, with a lifecycle), the organisations that apply
 * (`organisation`), the applications (`application`, with a lifecycle),
 * reviewers' conflict-of-interest declarations (`interest`) and scores
 * (`score`), the grants made (`award`), their payments as dated entries
 * (`payment`) and the due-diligence visits to funded projects
 * (`monitoring_visit`).
 *
 * Declared in types.c (the rules that need other records are check_store
 * hooks there, so the command line, CSV import, the forms and the API all
 * refuse the same input, naming the field); the live headroom of a round,
 * its pipeline and the funded-projects table are computed in views.c
 * (below), printed by `peel commissioning` (cmd_commissioning.c) and shown
 * at /commissioning (pages.c).  The definitions are in docs/METHODS.md,
 * "Commissioning".
 */
#ifndef PEEL_COMMISSIONING_COMMISSIONING_H
#define PEEL_COMMISSIONING_COMMISSIONING_H

#include "core/date.h"
#include "core/money.h"
#include "model/lifecycle.h"
#include "model/model.h"
#include "model/reader.h"
#include "model/record.h"
#include "store/store.h"

extern const peel_type peel_type_fund;
extern const peel_type peel_type_round;
extern const peel_type peel_type_organisation;
extern const peel_type peel_type_application;
extern const peel_type peel_type_interest;
extern const peel_type peel_type_score;
extern const peel_type peel_type_award;
extern const peel_type peel_type_payment;
extern const peel_type peel_type_monitoring_visit;
extern const peel_lifecycle peel_round_lifecycle;
extern const peel_lifecycle peel_application_lifecycle;

/* Field handles of fund. */
enum {
    PEEL_FUND_NAME,
    PEEL_FUND_PURPOSE,
    PEEL_FUND_ELIGIBILITY,
    PEEL_FUND_FUNDER,
    PEEL_FUND_GRANT_PREFIX,
    PEEL_FUND_NOTE,
    PEEL_FUND_PROVENANCE,
    PEEL_FUND_PUBLISH,
    PEEL_FUND_NFIELDS
};

/* Field handles of round. */
enum {
    PEEL_ROUND_REF,
    PEEL_ROUND_FUND,
    PEEL_ROUND_NUMBER,
    PEEL_ROUND_YEAR,
    PEEL_ROUND_OPENS,
    PEEL_ROUND_CLOSES,
    PEEL_ROUND_ENVELOPE,
    PEEL_ROUND_CAP,
    PEEL_ROUND_MONTHS,
    PEEL_ROUND_MAX_AWARDS,
    PEEL_ROUND_NOTE,
    PEEL_ROUND_PROVENANCE,
    PEEL_ROUND_PUBLISH,
    PEEL_ROUND_NFIELDS
};

/* Field handles of organisation. */
enum {
    PEEL_ORG_NAME,
    PEEL_ORG_CHARITY_NUMBER,
    PEEL_ORG_COMPANY_NUMBER,
    PEEL_ORG_ORG_ID,
    PEEL_ORG_NOTE,
    PEEL_ORG_PROVENANCE,
    PEEL_ORG_PUBLISH,
    PEEL_ORG_NFIELDS
};

/* Field handles of application. */
enum {
    PEEL_APP_REF,
    PEEL_APP_ROUND,
    PEEL_APP_ORGANISATION,
    PEEL_APP_TITLE,
    PEEL_APP_REQUESTED,
    PEEL_APP_RECEIVED,
    PEEL_APP_NOTE,
    PEEL_APP_PROVENANCE,
    PEEL_APP_PUBLISH,
    PEEL_APP_NFIELDS
};

/* Field handles of interest (a conflict-of-interest declaration). */
enum {
    PEEL_INT_REVIEWER,
    PEEL_INT_ROUND,
    PEEL_INT_ORGANISATION,
    PEEL_INT_DECLARED_ON,
    PEEL_INT_NATURE,
    PEEL_INT_NFIELDS
};

/* Field handles of score. */
enum {
    PEEL_SCORE_APPLICATION,
    PEEL_SCORE_REVIEWER,
    PEEL_SCORE_CRITERION,
    PEEL_SCORE_SCORE,
    PEEL_SCORE_COMMENT,
    PEEL_SCORE_NFIELDS
};

/* Field handles of award. */
enum {
    PEEL_AWARD_REF,
    PEEL_AWARD_APPLICATION,
    PEEL_AWARD_ROUND,
    PEEL_AWARD_FUND,
    PEEL_AWARD_ORGANISATION,
    PEEL_AWARD_PROJECT,
    PEEL_AWARD_AMOUNT,
    PEEL_AWARD_AWARDED_ON,
    PEEL_AWARD_PURPOSE,
    PEEL_AWARD_CONDITIONS,
    PEEL_AWARD_REPAYMENT,
    PEEL_AWARD_CRIME_REDUCTION,
    PEEL_AWARD_EIA_DONE,
    PEEL_AWARD_RISK_DONE,
    PEEL_AWARD_AGREEMENT_SIGNED,
    PEEL_AWARD_AREA,
    PEEL_AWARD_AREA_SERVED,
    PEEL_AWARD_NOTE,
    PEEL_AWARD_PROVENANCE,
    PEEL_AWARD_PUBLISH,
    PEEL_AWARD_NFIELDS
};

/* Field handles of payment. */
enum {
    PEEL_PAY_AWARD,
    PEEL_PAY_DATE,
    PEEL_PAY_AMOUNT,
    PEEL_PAY_NOTE,
    PEEL_PAY_PROVENANCE,
    PEEL_PAY_PUBLISH,
    PEEL_PAY_NFIELDS
};

/* Field handles of monitoring_visit. */
enum {
    PEEL_VISIT_REF,
    PEEL_VISIT_AWARD,
    PEEL_VISIT_DATE,
    PEEL_VISIT_HELD_FROM,
    PEEL_VISIT_HELD_TO,
    PEEL_VISIT_WHO,
    PEEL_VISIT_OUTPUTS,
    PEEL_VISIT_NOTE,
    PEEL_VISIT_PROVENANCE,
    PEEL_VISIT_PUBLISH,
    PEEL_VISIT_NFIELDS
};

/* The round an award counts against: its own round field, else the round
 * of the application it names (0: none, a direct award outside a round).
 * -1 with err set when the store fails. */
int peel_award_round(peel_store *s, const peel_record *award, int64_t *round, peel_err *err);

/* ---- views (views.c) ---- */

/* The live headroom of a round, from the records rd may open (docs/METHODS.md,
 * "Commissioning").  Sums in pence; has_envelope false when the round's
 * envelope is not recorded (remaining then means nothing). */
typedef struct peel_headroom {
    int64_t round_id;
    char ref[81], fund[201];
    bool has_envelope, has_cap;
    peel_pence envelope, cap;
    int64_t applications;         /* received, not withdrawn */
    peel_pence requested;         /* their amounts requested */
    int64_t recommended_n;        /* moderated, not yet awarded or declined */
    peel_pence recommended;       /* their amounts requested */
    int64_t awards;               /* awards counted against the round */
    peel_pence awarded;           /* their amounts */
    peel_pence remaining;         /* envelope - awarded */
    peel_pence after_recommended; /* remaining - recommended */
    /* The pipeline: applications that ever reached each state. */
    int64_t received, eligible, ineligible, scored, moderated, awarded_n, declined, withdrawn;
} peel_headroom;

/* The headroom as labelled lines, in the order the command and page print
 * them: key (JSON and CSV), label (people), whether it is money, its value
 * and whether it is recorded (an envelope may not be). */
typedef struct peel_headroom_line {
    const char *key, *label;
    bool money;
    int64_t v;
    bool set;
} peel_headroom_line;
#define PEEL_HEADROOM_LINES 20
size_t peel_headroom_lines(const peel_headroom *h, peel_headroom_line out[PEEL_HEADROOM_LINES]);
/* A line's value: "£9,974.60" or, plain, "9974.60"; a count; "" when not
 * recorded.  out needs 32 bytes. */
void peel_headroom_value(const peel_headroom_line *l, bool plain, char out[32]);
/* The headroom as a JSON object (money as plain text, counts as numbers,
 * null when not recorded); NULL when memory runs out. */
struct json_t;
struct json_t *peel_headroom_json(const peel_headroom *h);

/* The round idtext (its reference or id) as rd may see it: PEEL_ENOTFOUND
 * when rd may not open it. */
int peel_headroom_of(peel_store *s, const peel_reader *rd, const char *idtext, peel_headroom *h,
                     peel_err *err);
/* The same for a round's id. */
int peel_headroom_by_id(peel_store *s, const peel_reader *rd, int64_t id, peel_headroom *h,
                        peel_err *err);

/* One row of the funded-projects table (seed 001, Table One): a visit in
 * the period joined to its award.  Strings belong to the rows. */
typedef struct peel_project_row {
    int64_t visit_id, award_id;
    char *organisation; /* "YEP Youth Wing, Youth Education Project" */
    char *area_work;    /* "Commissioner's Safety Fund, Leicester City Centre" */
    peel_pence funding;
    bool has_funding;
    char *output;
} peel_project_row;

typedef struct peel_project_rows {
    peel_project_row *v;
    size_t n, cap;
} peel_project_rows;

/* The visits rd may open in [from, to] (0: unbounded) joined to their
 * awards, in the order of the visits' references.  A visit whose day is
 * not known counts when the period it fell in lies inside [from, to]. */
int peel_projects(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                  peel_project_rows *out, peel_err *err);
void peel_project_rows_release(peel_project_rows *rows);
/* One row as JSON; NULL when memory runs out. */
struct json_t *peel_project_json(const peel_project_row *p);

#endif
