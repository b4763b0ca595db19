/* types.c - the record types of neighbourhood resourcing, workforce and
 * money (neighbourhood.h): establishment, deployment, headcount, budget,
 * precept, saving and capital_scheme, and their rules.  The rules that need
 * other records (the kind of area an establishment is for, a saving's
 * total) are check_store hooks, so the command line, CSV import, the forms
 * and the API all refuse the same input, naming the field.  Money is
 * integer pence (PEEL_F_MONEY): "£1,307m" or "£5.455" is refused by the
 * field's parser, naming the field. */
#include "neighbourhood/neighbourhood.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "domain/geo.h"
#include "model/record.h"
#include "neighbourhood/decl.h"
#include "store/store.h"

/* ---- small helpers for the rules ---- */

/* Loads the record a REF field points at (resolved to an id); NULL when unset. */
static int get_ref(peel_store *s, const peel_record *r, int field, peel_record **out, peel_err *err)
{
    const peel_field *f = &r->type->fields[field];
    *out = NULL;
    if (!peel_rec_has(r, field) || r->v[field].s)
        return 0;
    return peel_store_get(s, peel_type_find(f->ref_type), r->v[field].i, out, err);
}

/* ---- establishment ---- */

static const peel_option est_roles[] = {
    {"pcso", "PCSO"},
    {"neighbourhood_officer", "Neighbourhood officer"},
    {"sergeant", "Sergeant"},
    {"inspector", "Inspector"},
    {"chief_inspector", "Chief inspector"},
    {"other", "Other"},
    {0},
};

static const peel_related establishment_of_area = {
    .heading = "Establishment",
    .position = 40,
    .sort = "year",
    .columns = PEEL_SUMMARY(PEEL_EST_ROLE, PEEL_EST_YEAR, PEEL_EST_ALLOCATED, PEEL_EST_FUNDED,
                            PEEL_EST_ACTUAL, PEEL_EST_REPORTED),
};

/* clang-format off */
static const peel_field est_fields[PEEL_EST_NFIELDS] = {
    [PEEL_EST_REF] = REF("\"000-9-pcso-2018\""),
    [PEEL_EST_ROLE] = {.name = "role", .label = "Role", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = est_roles},
    [PEEL_EST_AREA] = {.name = "area", .label = "Area", .type = PEEL_F_REF, .ref_type = "area",
     .flags = PEEL_REQUIRED, .related = &establishment_of_area,
     .help = "The force area, a district or a neighbourhood policing area"},
    [PEEL_EST_YEAR] = {.name = "year", .label = "Year", .type = PEEL_F_INT, .min = 1990,
     .max = 2100,
     .help = "The year the numbers are for, as the paper gives it; empty when it gives the "
             "number as current at its date (reported_on)"},
    [PEEL_EST_ALLOCATED] = {.name = "allocated", .label = "Allocated", .type = PEEL_F_INT,
     .help = "Posts allocated to the role in the area"},
    [PEEL_EST_FUNDED] = {.name = "funded", .label = "Funded", .type = PEEL_F_INT,
     .help = "Posts the budget pays for"},
    [PEEL_EST_ACTUAL] = {.name = "actual", .label = "Actual", .type = PEEL_F_INT,
     .help = "People in post"},
    [PEEL_EST_REPORTED] = {.name = "reported", .label = "Reported (unqualified)",
     .type = PEEL_F_INT,
     .help = "A number the paper gives without saying whether it is allocated, funded or "
             "actual: kept apart from all three"},
    [PEEL_EST_REPORTED_ON] = {.name = "reported_on", .label = "Reported in", .type = PEEL_F_MONTH,
     .help = "The month of the paper that gives the numbers (papers are often dated by month "
             "only)"},
    [PEEL_EST_NOTE] = NOTE("Why actual is above allocated, and what the paper does not give"),
    [PEEL_EST_PROVENANCE] = PROVENANCE,
    [PEEL_EST_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void est_check(const peel_record *r, peel_fielderrs *errs)
{
    static const int counts[] = {PEEL_EST_ALLOCATED, PEEL_EST_FUNDED, PEEL_EST_ACTUAL,
                                 PEEL_EST_REPORTED};
    bool any = false;
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        check_not_negative(r, counts[i], "a number of posts or people", errs);
        any |= peel_rec_has(r, counts[i]);
    }
    if (!any)
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_EST_REPORTED),
                           "is required when allocated, funded and actual are all empty: an "
                           "establishment record holds at least one number");
    if (peel_rec_has(r, PEEL_EST_ACTUAL) && peel_rec_has(r, PEEL_EST_ALLOCATED) &&
        peel_rec_int(r, PEEL_EST_ACTUAL) > peel_rec_int(r, PEEL_EST_ALLOCATED) &&
        !*peel_rec_str(r, PEEL_EST_NOTE))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_EST_ACTUAL),
                           "%lld is above allocated (%lld): say why in note",
                           (long long)peel_rec_int(r, PEEL_EST_ACTUAL),
                           (long long)peel_rec_int(r, PEEL_EST_ALLOCATED));
    if (peel_rec_has(r, PEEL_EST_REPORTED) && !peel_rec_has(r, PEEL_EST_REPORTED_ON))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_EST_REPORTED_ON),
                           "is required with reported: the month of the paper that gives it");
    if (!peel_rec_has(r, PEEL_EST_YEAR) && !peel_rec_has(r, PEEL_EST_REPORTED_ON))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_EST_YEAR),
                           "is required when reported_on is empty: the numbers need a time");
}

static int est_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                           peel_fielderrs *errs, peel_err *err)
{
    peel_record *a = NULL;
    (void)old;
    if (get_ref(s, r, PEEL_EST_AREA, &a, err) < 0)
        return -1;
    if (a) {
        const char *kind = peel_rec_str(a, PEEL_AREA_KIND);
        if (strcmp(kind, "force") && strcmp(kind, "district") && strcmp(kind, "npa"))
            peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_EST_AREA),
                               "area %s is a %s: establishment is for the force area, a district "
                               "or a neighbourhood policing area",
                               peel_rec_str(a, PEEL_AREA_CODE), kind);
    }
    peel_record_free(a);
    return 0;
}

/* clang-format off */
const peel_type peel_type_establishment = {
    .name = "establishment",
    .label = "Establishment",
    .plural = "Establishment",
    .one = "an establishment record",
    .help = "The posts of a role (PCSO, neighbourhood officer, sergeant...) in an area and "
            "year: allocated, funded and actual kept apart, and a number a paper reports "
            "without saying which",
    .fields = est_fields,
    .nfields = PEEL_NFIELDS(est_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_EST_ROLE, PEEL_EST_AREA, PEEL_EST_YEAR, PEEL_EST_ALLOCATED,
                            PEEL_EST_FUNDED, PEEL_EST_ACTUAL, PEEL_EST_REPORTED),
    .check = est_check,
    .check_store = est_check_store,
};
/* clang-format on */

/* ---- deployment ---- */

static const peel_option dep_kinds[] = {
    {"protest", "Protest"},
    {"football_match", "Football match"},
    {"event", "Event"},
    {"operation", "Operation"},
    {0},
};

/* clang-format off */
static const peel_field dep_fields[PEEL_DEP_NFIELDS] = {
    [PEEL_DEP_REF] = REF("\"000-19-football\""),
    [PEEL_DEP_NAME] = {.name = "name", .label = "What", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 300, .help = "The protest, match, event or operation"},
    [PEEL_DEP_DATE] = {.name = "date", .label = "Date", .type = PEEL_F_DATE,
     .help = "The day; empty when the paper gives none (a season, a year)"},
    [PEEL_DEP_KIND] = {.name = "kind", .label = "Kind", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = dep_kinds},
    [PEEL_DEP_OCCASIONS] = {.name = "occasions", .label = "Occasions", .type = PEEL_F_INT,
     .help = "How many matches, protests or days the record covers, when more than one"},
    [PEEL_DEP_INTERNATIONAL] = {.name = "internationally_inspired",
     .label = "Internationally inspired", .type = PEEL_F_BOOL,
     .help = "A protest about events overseas"},
    [PEEL_DEP_NEIGHBOURHOOD] = {.name = "neighbourhood_presence",
     .label = "Neighbourhood policing presence", .type = PEEL_F_BOOL,
     .help = "Neighbourhood teams were deployed"},
    [PEEL_DEP_OFFICERS] = {.name = "officers", .label = "Officers", .type = PEEL_F_INT,
     .help = "Officers deployed (over all the occasions)"},
    [PEEL_DEP_HOURS] = {.name = "hours", .label = "Hours", .type = PEEL_F_INT,
     .help = "Officer hours, in whole hours"},
    [PEEL_DEP_FROM_NPAS] = {.name = "from_npas", .label = "Officers came from",
     .type = PEEL_F_TEXT, .max = 1000,
     .help = "The neighbourhood policing areas the officers were taken from, as the paper "
             "names them; the officers and hours each gave are recorded as officers from a "
             "neighbourhood (deployment_npa), which the abstraction rate counts"},
    [PEEL_DEP_NOTE] = NOTE("What the paper does not give"),
    [PEEL_DEP_PROVENANCE] = PROVENANCE,
    [PEEL_DEP_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void dep_check(const peel_record *r, peel_fielderrs *errs)
{
    check_not_negative(r, PEEL_DEP_OFFICERS, "a number of officers", errs);
    check_not_negative(r, PEEL_DEP_HOURS, "a number of hours", errs);
    if (peel_rec_has(r, PEEL_DEP_OCCASIONS) && peel_rec_int(r, PEEL_DEP_OCCASIONS) < 1)
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_DEP_OCCASIONS), "must be at least 1");
    if (peel_rec_int(r, PEEL_DEP_INTERNATIONAL) &&
        strcmp(peel_rec_str(r, PEEL_DEP_KIND), "protest"))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_DEP_INTERNATIONAL),
                           "only a protest is internationally inspired");
}

/* A deployment's hours are no fewer than the hours the neighbourhood
 * policing areas gave to it (deployment_npa, npa.c). */
static int dep_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                           peel_fielderrs *errs, peel_err *err)
{
    int64_t given;
    if (!old || !peel_rec_has(r, PEEL_DEP_HOURS))
        return 0;
    if (peel_npa_hours_given(s, old->id, 0, &given, err) < 0)
        return -1;
    if (given > peel_rec_int(r, PEEL_DEP_HOURS))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_DEP_HOURS),
                           "%lld is fewer than the %lld hours the neighbourhood policing areas "
                           "gave to it",
                           (long long)peel_rec_int(r, PEEL_DEP_HOURS), (long long)given);
    return 0;
}

/* clang-format off */
const peel_type peel_type_deployment = {
    .name = "deployment",
    .label = "Deployment",
    .plural = "Deployments",
    .help = "Officers taken to a protest, football match, event or operation: how many, for "
            "how long, and from which neighbourhoods",
    .fields = dep_fields,
    .nfields = PEEL_NFIELDS(dep_fields),
    .key = "ref",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_DEP_KIND, PEEL_DEP_DATE, PEEL_DEP_OCCASIONS, PEEL_DEP_OFFICERS,
                            PEEL_DEP_HOURS),
    .check = dep_check,
    .check_store = dep_check_store,
    .order = &dep_fields[PEEL_DEP_DATE],
    .order_dir = PEEL_ORDER_DESC,
};
/* clang-format on */

/* ---- headcount ---- */

static const peel_option hc_categories[] = {
    {"police_officers", "Police officers"}, {"pcsos", "PCSOs"},           {"staff", "Police staff"},
    {"specials", "Special constables"},     {"volunteers", "Volunteers"}, {0},
};

/* clang-format off */
static const peel_field hc_fields[PEEL_HC_NFIELDS] = {
    [PEEL_HC_REF] = REF("\"002-ar-officers-2018-07\""),
    [PEEL_HC_AS_AT] = {.name = "as_at", .label = "As at", .type = PEEL_F_DATE,
     .help = "The day of the count, when the paper gives a day"},
    [PEEL_HC_MONTH] = {.name = "month", .label = "Month", .type = PEEL_F_MONTH,
     .help = "The month of the count, when the paper gives a month (\"July 2018\")"},
    [PEEL_HC_YEAR] = {.name = "year", .label = "Financial year", .type = PEEL_F_FY,
     .help = "The financial year, when the paper gives a year"},
    [PEEL_HC_CATEGORY] = {.name = "category", .label = "Category", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = hc_categories},
    [PEEL_HC_HEADCOUNT] = {.name = "headcount", .label = "Headcount", .type = PEEL_F_INT},
    [PEEL_HC_FTE] = {.name = "fte", .label = "FTE (hundredths)", .type = PEEL_F_INT,
     .help = "Full-time equivalent in hundredths: 188 FTE is 18800, 2,242.5 is 224250"},
    [PEEL_HC_NOTE] = NOTE("What the count includes, and what the paper does not give"),
    [PEEL_HC_PROVENANCE] = PROVENANCE,
    [PEEL_HC_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void hc_check(const peel_record *r, peel_fielderrs *errs)
{
    int when = peel_rec_has(r, PEEL_HC_AS_AT) + peel_rec_has(r, PEEL_HC_MONTH) +
               peel_rec_has(r, PEEL_HC_YEAR);
    if (!when)
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_HC_AS_AT),
                           "is required when month and year are empty: a count is of a day, a "
                           "month or a year");
    else if (when > 1)
        peel_fielderrs_add(
            errs,
            peel_rec_field_name(r, peel_rec_has(r, PEEL_HC_YEAR) ? PEEL_HC_YEAR : PEEL_HC_MONTH),
            "give one of as_at, month and year: the one the paper gives");
    check_not_negative(r, PEEL_HC_HEADCOUNT, "a number of people", errs);
    check_not_negative(r, PEEL_HC_FTE, "a number of full-time equivalents", errs);
    if (!peel_rec_has(r, PEEL_HC_HEADCOUNT) && !peel_rec_has(r, PEEL_HC_FTE))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_HC_HEADCOUNT),
                           "is required when fte is empty: a count holds at least one number");
}

/* clang-format off */
const peel_type peel_type_headcount = {
    .name = "headcount",
    .label = "Headcount",
    .plural = "Headcounts",
    .one = "a headcount",
    .help = "The workforce of a category (police officers, PCSOs, staff, specials, "
            "volunteers) on a day, in a month or a year: headcount and full-time equivalent",
    .fields = hc_fields,
    .nfields = PEEL_NFIELDS(hc_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_HC_CATEGORY, PEEL_HC_AS_AT, PEEL_HC_MONTH, PEEL_HC_YEAR,
                            PEEL_HC_HEADCOUNT, PEEL_HC_FTE),
    .check = hc_check,
};
/* clang-format on */

/* ---- budget ---- */

static const peel_option budget_kinds[] = {
    {"revenue", "Revenue"},
    {"capital", "Capital"},
    {0},
};

static const peel_related parts_of_budget = {
    .heading = "Its parts",
    .position = 10,
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_BUDGET_KIND, PEEL_BUDGET_AMOUNT),
};

/* clang-format off */
static const peel_field budget_fields[PEEL_BUDGET_NFIELDS] = {
    [PEEL_BUDGET_REF] = REF("\"000-10-deficit-2023-24\""),
    [PEEL_BUDGET_YEAR] = {.name = "year", .label = "Financial year", .type = PEEL_F_FY,
     .flags = PEEL_REQUIRED},
    [PEEL_BUDGET_LINE] = {.name = "line", .label = "Line", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 300, .help = "As the paper names it"},
    [PEEL_BUDGET_PART_OF] = {.name = "part_of", .label = "Part of", .type = PEEL_F_REF,
     .ref_type = "budget", .related = &parts_of_budget,
     .help = "The printed total this line is a part of (same year); empty for a total or a "
             "line on its own"},
    [PEEL_BUDGET_KIND] = {.name = "kind", .label = "Revenue or capital", .type = PEEL_F_ENUM,
     .options = budget_kinds, .help = "Empty when the paper does not say"},
    [PEEL_BUDGET_AMOUNT] = MONEY("amount", "Amount",
                                 "In pounds and pence: 5400000 or £5,400,000.00, never \"£5.4m\""),
    [PEEL_BUDGET_NOTE] = NOTE("What the paper does not give"),
    [PEEL_BUDGET_PROVENANCE] = PROVENANCE,
    [PEEL_BUDGET_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

/* A part of a total of the same year, and of a total that is not itself a
 * part (one level): as for savings. */
static int part_of_check(peel_store *s, const peel_record *old, const peel_record *r, int part_of,
                         int year, int ref, peel_fielderrs *errs, peel_err *err)
{
    peel_record *t = NULL;
    char a[8], b[8];
    if (get_ref(s, r, part_of, &t, err) < 0)
        return -1;
    if (!t)
        return 0;
    if (old && t->id == old->id)
        peel_fielderrs_add(errs, peel_rec_field_name(r, part_of), "a line is not a part of itself");
    else if (peel_rec_has(t, part_of))
        peel_fielderrs_add(errs, peel_rec_field_name(r, part_of),
                           "%s is itself a part of another total: name that total",
                           peel_rec_str(t, ref));
    else if (peel_rec_int(t, year) != peel_rec_int(r, year)) {
        peel_fy_format((peel_fy)peel_rec_int(t, year), a);
        peel_fy_format((peel_fy)peel_rec_int(r, year), b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, part_of),
                           "%s is for %s, this line for %s: a part is of the same year",
                           peel_rec_str(t, ref), a, b);
    }
    peel_record_free(t);
    return 0;
}

static int budget_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                              peel_fielderrs *errs, peel_err *err)
{
    return part_of_check(s, old, r, PEEL_BUDGET_PART_OF, PEEL_BUDGET_YEAR, PEEL_BUDGET_REF, errs,
                         err);
}

/* clang-format off */
const peel_type peel_type_budget = {
    .name = "budget",
    .label = "Budget line",
    .plural = "Budget lines",
    .help = "A line of a financial year's budget (revenue or capital) with its amount",
    .fields = budget_fields,
    .nfields = PEEL_NFIELDS(budget_fields),
    .key = "ref",
    .title = "line",
    .summary = PEEL_SUMMARY(PEEL_BUDGET_YEAR, PEEL_BUDGET_PART_OF, PEEL_BUDGET_KIND,
                            PEEL_BUDGET_AMOUNT),
    .check_store = budget_check_store,
};
/* clang-format on */

/* ---- precept ---- */

static const peel_option precept_decisions[] = {
    {"supported", "Supported"},
    {"supported_with_recommendations", "Supported with recommendations"},
    {"vetoed", "Vetoed"},
    {0},
};

/* clang-format off */
static const peel_field precept_fields[PEEL_PRECEPT_NFIELDS] = {
    [PEEL_PRECEPT_REF] = REF("\"precept-2023-24\""),
    [PEEL_PRECEPT_YEAR] = {.name = "year", .label = "Financial year", .type = PEEL_F_FY,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE},
    [PEEL_PRECEPT_BAND_D] = MONEY("band_d", "Band D amount", "The year's Band D council tax "
                                  "for policing, in pounds and pence"),
    [PEEL_PRECEPT_TAX_BASE] = {.name = "tax_base", .label = "Tax base (hundredths)",
     .type = PEEL_F_INT,
     .help = "Band D equivalent properties, in hundredths: 345,678.90 is 34567890"},
    [PEEL_PRECEPT_TOTAL] = MONEY("total", "Total precept", "In pounds and pence"),
    [PEEL_PRECEPT_PROPOSED_ON] = {.name = "proposed_on", .label = "Proposed to the Panel on",
     .type = PEEL_F_DATE},
    [PEEL_PRECEPT_DECISION] = {.name = "panel_decision", .label = "The Panel's decision",
     .type = PEEL_F_ENUM, .options = precept_decisions},
    [PEEL_PRECEPT_DECIDED_ON] = {.name = "decided_on", .label = "Decided on",
     .type = PEEL_F_DATE},
    [PEEL_PRECEPT_NOTE] = NOTE("What the paper does not give"),
    [PEEL_PRECEPT_PROVENANCE] = PROVENANCE,
    [PEEL_PRECEPT_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void precept_check(const peel_record *r, peel_fielderrs *errs)
{
    char a[11], b[11];
    check_not_negative(r, PEEL_PRECEPT_BAND_D, "an amount of council tax", errs);
    check_not_negative(r, PEEL_PRECEPT_TAX_BASE, "a number of properties", errs);
    check_not_negative(r, PEEL_PRECEPT_TOTAL, "an amount of council tax", errs);
    if (peel_rec_has(r, PEEL_PRECEPT_DECIDED_ON) && !peel_rec_has(r, PEEL_PRECEPT_DECISION))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_PRECEPT_DECISION),
                           "is required with decided_on: what the Panel decided that day");
    if (peel_rec_has(r, PEEL_PRECEPT_DECIDED_ON) && peel_rec_has(r, PEEL_PRECEPT_PROPOSED_ON) &&
        peel_rec_int(r, PEEL_PRECEPT_DECIDED_ON) < peel_rec_int(r, PEEL_PRECEPT_PROPOSED_ON)) {
        peel_date_format((peel_date)peel_rec_int(r, PEEL_PRECEPT_DECIDED_ON), a);
        peel_date_format((peel_date)peel_rec_int(r, PEEL_PRECEPT_PROPOSED_ON), b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_PRECEPT_DECIDED_ON),
                           "%s is before the precept was proposed (%s)", a, b);
    }
}

/* clang-format off */
const peel_type peel_type_precept = {
    .name = "precept",
    .label = "Precept",
    .plural = "Precepts",
    .help = "A financial year's police precept: Band D amount, tax base, total, and the "
            "Panel's decision on the proposal (docs/METHODS.md, \"Precept timetable\")",
    .fields = precept_fields,
    .nfields = PEEL_NFIELDS(precept_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_PRECEPT_YEAR, PEEL_PRECEPT_BAND_D, PEEL_PRECEPT_TOTAL,
                            PEEL_PRECEPT_DECISION, PEEL_PRECEPT_DECIDED_ON),
    .check = precept_check,
};
/* clang-format on */

/* ---- saving ---- */

static const peel_related parts_of_saving = {
    .heading = "Its parts",
    .position = 10,
    .sort = "ref",
    .columns =
        PEEL_SUMMARY(PEEL_SAV_TARGET, PEEL_SAV_IDENTIFIED, PEEL_SAV_REALISED, PEEL_SAV_ONGOING),
};

/* clang-format off */
static const peel_field sav_fields[PEEL_SAV_NFIELDS] = {
    [PEEL_SAV_REF] = REF("\"002-es-2023-24\""),
    [PEEL_SAV_YEAR] = {.name = "year", .label = "Financial year", .type = PEEL_F_FY,
     .flags = PEEL_REQUIRED},
    [PEEL_SAV_LINE] = {.name = "line", .label = "Line", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 500, .help = "The saving as the paper describes it"},
    [PEEL_SAV_PART_OF] = {.name = "part_of", .label = "Part of", .type = PEEL_F_REF,
     .ref_type = "saving", .related = &parts_of_saving,
     .help = "The printed total this line is a part of (same year); empty for a total or a "
             "line on its own"},
    [PEEL_SAV_AS_AT] = {.name = "as_at", .label = "As at", .type = PEEL_F_DATE,
     .help = "The day the amounts are given for (\"at the end of May\")"},
    [PEEL_SAV_REPORTED_ON] = {.name = "reported_on", .label = "Reported on",
     .type = PEEL_F_DATE, .help = "The date of the paper or meeting that gives them"},
    [PEEL_SAV_TARGET] = MONEY("target", "Target", "The savings required"),
    [PEEL_SAV_IDENTIFIED] = MONEY("identified", "Identified", "Savings found, not yet made"),
    [PEEL_SAV_REALISED] = MONEY("realised", "Realised", "Savings made"),
    [PEEL_SAV_POTENTIAL] = MONEY("potential", "Potential", "Further savings the paper calls "
                                 "potential"),
    [PEEL_SAV_ONGOING] = MONEY("ongoing", "Ongoing", "The part that recurs in later years"),
    [PEEL_SAV_PRESSURES] = MONEY("pressures", "Pressures", "Costs that offset the savings"),
    [PEEL_SAV_NOTE] = NOTE("What the paper does not give"),
    [PEEL_SAV_PROVENANCE] = PROVENANCE,
    [PEEL_SAV_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void sav_check(const peel_record *r, peel_fielderrs *errs)
{
    for (int f = PEEL_SAV_FIRST_AMOUNT; f <= PEEL_SAV_LAST_AMOUNT; f++)
        check_not_negative(r, f, "an amount of money", errs);
    int64_t made = peel_rec_int(r, PEEL_SAV_REALISED) > peel_rec_int(r, PEEL_SAV_IDENTIFIED)
                       ? peel_rec_int(r, PEEL_SAV_REALISED)
                       : peel_rec_int(r, PEEL_SAV_IDENTIFIED);
    if (peel_rec_has(r, PEEL_SAV_ONGOING) &&
        (peel_rec_has(r, PEEL_SAV_REALISED) || peel_rec_has(r, PEEL_SAV_IDENTIFIED)) &&
        peel_rec_int(r, PEEL_SAV_ONGOING) > made) {
        char a[32], b[32];
        peel_money_format(peel_rec_int(r, PEEL_SAV_ONGOING), a);
        peel_money_format(made, b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_SAV_ONGOING),
                           "%s is more than the savings realised or identified (%s): the ongoing "
                           "savings are part of them",
                           a, b);
    }
}

static int sav_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                           peel_fielderrs *errs, peel_err *err)
{
    return part_of_check(s, old, r, PEEL_SAV_PART_OF, PEEL_SAV_YEAR, PEEL_SAV_REF, errs, err);
}

/* clang-format off */
const peel_type peel_type_saving = {
    .name = "saving",
    .label = "Saving",
    .plural = "Savings",
    .help = "Savings of a financial year against their target: identified, realised, ongoing "
            "and the pressures offsetting them; a printed total and the lines that are its "
            "parts (docs/METHODS.md, \"Savings reconciliation\")",
    .fields = sav_fields,
    .nfields = PEEL_NFIELDS(sav_fields),
    .key = "ref",
    .title = "line",
    .summary = PEEL_SUMMARY(PEEL_SAV_YEAR, PEEL_SAV_PART_OF, PEEL_SAV_TARGET, PEEL_SAV_REALISED,
                            PEEL_SAV_ONGOING, PEEL_SAV_PRESSURES),
    .check = sav_check,
    .check_store = sav_check_store,
};
/* clang-format on */

/* ---- capital_scheme ---- */

static const peel_option cap_funding[] = {
    {"capital_programme", "The capital programme"},
    {"s106", "Section 106"},
    {"grant", "Grant"},
    {"revenue", "Revenue"},
    {"other", "Other"},
    {0},
};

/* clang-format off */
static const peel_field cap_fields[PEEL_CAP_NFIELDS] = {
    [PEEL_CAP_REF] = REF("\"002-estates-12\""),
    [PEEL_CAP_NAME] = {.name = "name", .label = "Scheme", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 300},
    [PEEL_CAP_BUDGET] = MONEY("budget", "Budget", "In pounds and pence: 500000 or £500,000, "
                              "never \"£500k\""),
    [PEEL_CAP_SPENT] = MONEY("spent", "Spent", "In pounds and pence"),
    [PEEL_CAP_PERCENT_COMPLETE] = {.name = "percent_complete", .label = "Complete (%)",
     .type = PEEL_F_INT, .min = 0, .max = 100},
    [PEEL_CAP_COMPLETION] = {.name = "completion", .label = "Completion", .type = PEEL_F_DATE,
     .help = "The day it was (or is to be) completed, when the paper gives a day"},
    [PEEL_CAP_COMPLETION_EXPECTED] = {.name = "completion_expected",
     .label = "Completion (as printed)", .type = PEEL_F_TEXT, .max = 200,
     .help = "\"April 2024\", \"mid-2024\": as the paper gives it"},
    [PEEL_CAP_FUNDING] = {.name = "funding_source", .label = "Funding source",
     .type = PEEL_F_ENUM, .options = cap_funding,
     .help = "Empty when the paper does not say"},
    [PEEL_CAP_APPROVED_ON] = {.name = "approved_on", .label = "Approved on",
     .type = PEEL_F_DATE},
    [PEEL_CAP_NOTE] = NOTE("Why spending is above budget, and what the paper does not give"),
    [PEEL_CAP_PROVENANCE] = PROVENANCE,
    [PEEL_CAP_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void cap_check(const peel_record *r, peel_fielderrs *errs)
{
    check_not_negative(r, PEEL_CAP_BUDGET, "an amount of money", errs);
    check_not_negative(r, PEEL_CAP_SPENT, "an amount of money", errs);
    if (peel_rec_has(r, PEEL_CAP_SPENT) && peel_rec_has(r, PEEL_CAP_BUDGET) &&
        peel_rec_int(r, PEEL_CAP_SPENT) > peel_rec_int(r, PEEL_CAP_BUDGET) &&
        !*peel_rec_str(r, PEEL_CAP_NOTE)) {
        char a[32], b[32];
        peel_money_format(peel_rec_int(r, PEEL_CAP_SPENT), a);
        peel_money_format(peel_rec_int(r, PEEL_CAP_BUDGET), b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CAP_SPENT),
                           "%s is above the budget (%s): say why "
                           "in note",
                           a, b);
    }
}

/* clang-format off */
const peel_type peel_type_capital_scheme = {
    .name = "capital_scheme",
    .label = "Capital scheme",
    .plural = "Capital schemes",
    .help = "A scheme of the estates capital programme: budget, spending, completion and "
            "funding source (such as Section 106)",
    .fields = cap_fields,
    .nfields = PEEL_NFIELDS(cap_fields),
    .key = "ref",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_CAP_BUDGET, PEEL_CAP_SPENT, PEEL_CAP_PERCENT_COMPLETE,
                            PEEL_CAP_COMPLETION_EXPECTED, PEEL_CAP_FUNDING),
    .check = cap_check,
};
/* clang-format on */
