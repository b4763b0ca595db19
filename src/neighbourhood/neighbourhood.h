/* neighbourhood.h - the record types of neighbourhood resourcing, demand,
 * workforce and money: the establishment of a role in an area and year
 * (`establishment`: allocated, funded and actual kept apart, and the number
 * a paper reports without saying which of the three it is), officers taken
 * from their duties to protests, football, events and operations
 * (`deployment`), the workforce by category (`headcount`), the budget's
 * lines (`budget`), the precept (`precept`), savings against their target
 * (`saving`, a printed total and its parts) and the estates programme
 * (`capital_scheme`); and, per neighbourhood policing area (NPA), the
 * officers and hours it gave to a deployment (`deployment_npa`) and the
 * hours it had available in a month (`available_hours`), the two sides of
 * its abstraction rate.  Money is integer pence.
 *
 * Declared in types.c and npa.c; the establishment change table and the savings
 * reconciliation are computed in resourcing.c (resourcing.h) and printed by
 * `peel neighbourhood establishment|savings` (cmd_neighbourhood.c) and
 * /neighbourhood/establishment and /neighbourhood/savings (pages.c).  The
 * rules are in docs/METHODS.md, "Establishment change" and "Savings
 * reconciliation".
 */
#ifndef PEEL_NEIGHBOURHOOD_NEIGHBOURHOOD_H
#define PEEL_NEIGHBOURHOOD_NEIGHBOURHOOD_H

#include "model/model.h"

extern const peel_type peel_type_establishment;
extern const peel_type peel_type_deployment;
extern const peel_type peel_type_headcount;
extern const peel_type peel_type_budget;
extern const peel_type peel_type_precept;
extern const peel_type peel_type_saving;
extern const peel_type peel_type_capital_scheme;
/* npa.c: the officers and hours a neighbourhood policing area gave to one
 * deployment, and the hours it had available in a month. */
extern const peel_type peel_type_deployment_npa;
extern const peel_type peel_type_available_hours;

/* Field handles of establishment. */
enum {
    PEEL_EST_REF,
    PEEL_EST_ROLE,
    PEEL_EST_AREA,
    PEEL_EST_YEAR,
    PEEL_EST_ALLOCATED,
    PEEL_EST_FUNDED,
    PEEL_EST_ACTUAL,
    PEEL_EST_REPORTED,
    PEEL_EST_REPORTED_ON,
    PEEL_EST_NOTE,
    PEEL_EST_PROVENANCE,
    PEEL_EST_PUBLISH,
    PEEL_EST_NFIELDS
};

/* Field handles of deployment. */
enum {
    PEEL_DEP_REF,
    PEEL_DEP_NAME,
    PEEL_DEP_DATE,
    PEEL_DEP_KIND,
    PEEL_DEP_OCCASIONS,
    PEEL_DEP_INTERNATIONAL,
    PEEL_DEP_NEIGHBOURHOOD,
    PEEL_DEP_OFFICERS,
    PEEL_DEP_HOURS,
    PEEL_DEP_FROM_NPAS,
    PEEL_DEP_NOTE,
    PEEL_DEP_PROVENANCE,
    PEEL_DEP_PUBLISH,
    PEEL_DEP_NFIELDS
};

/* Field handles of headcount. */
enum {
    PEEL_HC_REF,
    PEEL_HC_AS_AT,
    PEEL_HC_MONTH,
    PEEL_HC_YEAR,
    PEEL_HC_CATEGORY,
    PEEL_HC_HEADCOUNT,
    PEEL_HC_FTE,
    PEEL_HC_NOTE,
    PEEL_HC_PROVENANCE,
    PEEL_HC_PUBLISH,
    PEEL_HC_NFIELDS
};

/* Field handles of budget. */
enum {
    PEEL_BUDGET_REF,
    PEEL_BUDGET_YEAR,
    PEEL_BUDGET_LINE,
    PEEL_BUDGET_PART_OF,
    PEEL_BUDGET_KIND,
    PEEL_BUDGET_AMOUNT,
    PEEL_BUDGET_NOTE,
    PEEL_BUDGET_PROVENANCE,
    PEEL_BUDGET_PUBLISH,
    PEEL_BUDGET_NFIELDS
};

/* Field handles of precept. */
enum {
    PEEL_PRECEPT_REF,
    PEEL_PRECEPT_YEAR,
    PEEL_PRECEPT_BAND_D,
    PEEL_PRECEPT_TAX_BASE,
    PEEL_PRECEPT_TOTAL,
    PEEL_PRECEPT_PROPOSED_ON,
    PEEL_PRECEPT_DECISION,
    PEEL_PRECEPT_DECIDED_ON,
    PEEL_PRECEPT_NOTE,
    PEEL_PRECEPT_PROVENANCE,
    PEEL_PRECEPT_PUBLISH,
    PEEL_PRECEPT_NFIELDS
};

/* Field handles of saving. */
enum {
    PEEL_SAV_REF,
    PEEL_SAV_YEAR,
    PEEL_SAV_LINE,
    PEEL_SAV_PART_OF,
    PEEL_SAV_AS_AT,
    PEEL_SAV_REPORTED_ON,
    PEEL_SAV_TARGET,
    PEEL_SAV_IDENTIFIED,
    PEEL_SAV_REALISED,
    PEEL_SAV_POTENTIAL,
    PEEL_SAV_ONGOING,
    PEEL_SAV_PRESSURES,
    PEEL_SAV_NOTE,
    PEEL_SAV_PROVENANCE,
    PEEL_SAV_PUBLISH,
    PEEL_SAV_NFIELDS
};

/* The money fields of a saving, in the order the reconciliation shows them. */
#define PEEL_SAV_FIRST_AMOUNT PEEL_SAV_TARGET
#define PEEL_SAV_LAST_AMOUNT PEEL_SAV_PRESSURES

/* Field handles of capital_scheme. */
enum {
    PEEL_CAP_REF,
    PEEL_CAP_NAME,
    PEEL_CAP_BUDGET,
    PEEL_CAP_SPENT,
    PEEL_CAP_PERCENT_COMPLETE,
    PEEL_CAP_COMPLETION,
    PEEL_CAP_COMPLETION_EXPECTED,
    PEEL_CAP_FUNDING,
    PEEL_CAP_APPROVED_ON,
    PEEL_CAP_NOTE,
    PEEL_CAP_PROVENANCE,
    PEEL_CAP_PUBLISH,
    PEEL_CAP_NFIELDS
};

/* Field handles of deployment_npa. */
enum {
    PEEL_DNPA_REF,
    PEEL_DNPA_DEPLOYMENT,
    PEEL_DNPA_NPA,
    PEEL_DNPA_OFFICERS,
    PEEL_DNPA_HOURS,
    PEEL_DNPA_NOTE,
    PEEL_DNPA_PROVENANCE,
    PEEL_DNPA_PUBLISH,
    PEEL_DNPA_NFIELDS
};

/* Field handles of available_hours. */
enum {
    PEEL_AVH_REF,
    PEEL_AVH_NPA,
    PEEL_AVH_MONTH,
    PEEL_AVH_HOURS,
    PEEL_AVH_PROVENANCE,
    PEEL_AVH_NOTE,
    PEEL_AVH_PUBLISH,
    PEEL_AVH_NFIELDS
};

struct peel_store;
struct peel_err;
/* The hours the deployment_npa records of a deployment add up to, leaving
 * out the record with id except (0: none): for the rule that they are no
 * more than the deployment's own hours.  0, or -1 with err set. */
int peel_npa_hours_given(struct peel_store *s, int64_t deployment, int64_t except, int64_t *sum,
                         struct peel_err *err);

#endif
