/* npa.c - the record types of neighbourhood policing areas (NPAs) and their
 * time (neighbourhood.h): the officers and hours an NPA gave to one
 * deployment (`deployment_npa`), and the officer hours an NPA had available
 * in a month (`available_hours`), the two sides of the abstraction rate
 * (npa_view.h; docs/METHODS.md, "Abstraction rate per NPA").
 *
 * The rules that need other records are check_store hooks, so the command
 * line, CSV import, the forms and the API refuse the same input, naming the
 * field: the area named is of kind npa; an NPA's hours for a deployment
 * never add up to more than the deployment's own hours (when it records
 * them); one available_hours record per NPA and month.  Records are owned
 * by the caller; nothing here allocates beyond the records it loads and
 * frees. */
#include "neighbourhood/neighbourhood.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "domain/geo.h"
#include "model/record.h"
#include "neighbourhood/decl.h"
#include "store/store.h"

/* The area a REF field names must be a neighbourhood policing area. */
static int check_npa(peel_store *s, const peel_record *r, int field, peel_fielderrs *errs,
                     peel_err *err)
{
    peel_record *a = NULL;
    if (!peel_rec_has(r, field) || r->v[field].s)
        return 0;
    if (peel_store_get(s, &peel_type_area, r->v[field].i, &a, err) < 0)
        return -1;
    const char *kind = peel_rec_str(a, PEEL_AREA_KIND);
    if (strcmp(kind, "npa"))
        peel_fielderrs_add(errs, peel_rec_field_name(r, field),
                           "area %s is a %s: name a neighbourhood policing area (an area of "
                           "kind npa)",
                           peel_rec_str(a, PEEL_AREA_CODE), kind);
    peel_record_free(a);
    return 0;
}

/* ---- deployment_npa ---- */

static const peel_related npas_of_deployment = {
    .heading = "Neighbourhood policing areas it took officers from",
    .position = 20,
    .sort = "npa",
    .columns = PEEL_SUMMARY(PEEL_DNPA_NPA, PEEL_DNPA_OFFICERS, PEEL_DNPA_HOURS),
};

static const peel_related deployments_of_npa = {
    .heading = "Deployments it gave officers to",
    .position = 50,
    .sort = "deployment",
    .columns = PEEL_SUMMARY(PEEL_DNPA_DEPLOYMENT, PEEL_DNPA_OFFICERS, PEEL_DNPA_HOURS),
};

/* clang-format off */
static const peel_field dnpa_fields[PEEL_DNPA_NFIELDS] = {
    [PEEL_DNPA_REF] = REF("\"000-19-football-npa-3\""),
    [PEEL_DNPA_DEPLOYMENT] = {.name = "deployment", .label = "Deployment", .type = PEEL_F_REF,
     .ref_type = "deployment", .flags = PEEL_REQUIRED, .related = &npas_of_deployment,
     .help = "The protest, match, event or operation the officers were taken to"},
    [PEEL_DNPA_NPA] = {.name = "npa", .label = "Neighbourhood policing area", .type = PEEL_F_REF,
     .ref_type = "area", .flags = PEEL_REQUIRED, .related = &deployments_of_npa,
     .help = "The neighbourhood policing area (an area of kind npa) the officers came from"},
    [PEEL_DNPA_OFFICERS] = {.name = "officers", .label = "Officers", .type = PEEL_F_INT,
     .help = "Officers the area gave"},
    [PEEL_DNPA_HOURS] = {.name = "hours", .label = "Hours", .type = PEEL_F_INT,
     .help = "Officer hours the area gave, in whole hours; together no more than the "
             "deployment's own hours"},
    [PEEL_DNPA_NOTE] = NOTE("What the paper does not give"),
    [PEEL_DNPA_PROVENANCE] = PROVENANCE,
    [PEEL_DNPA_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void dnpa_check(const peel_record *r, peel_fielderrs *errs)
{
    check_not_negative(r, PEEL_DNPA_OFFICERS, "a number of officers", errs);
    check_not_negative(r, PEEL_DNPA_HOURS, "a number of hours", errs);
    if (!peel_rec_has(r, PEEL_DNPA_OFFICERS) && !peel_rec_has(r, PEEL_DNPA_HOURS))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_DNPA_HOURS),
                           "is required when officers is empty: the record holds at least one "
                           "number");
}

typedef struct hours_sum {
    int64_t except, sum;
} hours_sum;

static int add_hours(void *ctx, const peel_record *r, peel_err *err)
{
    hours_sum *h = ctx;
    (void)err;
    if (r->id != h->except)
        h->sum += peel_rec_int(r, PEEL_DNPA_HOURS);
    return 0;
}

int peel_npa_hours_given(peel_store *s, int64_t deployment, int64_t except, int64_t *sum,
                         peel_err *err)
{
    hours_sum h = {.except = except};
    peel_filter f = {.field = &dnpa_fields[PEEL_DNPA_DEPLOYMENT],
                     .op = PEEL_OP_EQ,
                     .v = {.set = true, .i = deployment}};
    peel_query q = {.type = &peel_type_deployment_npa, .filters = &f, .nfilters = 1};
    if (peel_store_select(s, &q, add_hours, &h, err) < 0)
        return -1;
    *sum = h.sum;
    return 0;
}

static int dnpa_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                            peel_fielderrs *errs, peel_err *err)
{
    peel_record *d = NULL;
    int64_t given;
    if (check_npa(s, r, PEEL_DNPA_NPA, errs, err) < 0)
        return -1;
    if (!peel_rec_has(r, PEEL_DNPA_HOURS) || !peel_rec_has(r, PEEL_DNPA_DEPLOYMENT) ||
        r->v[PEEL_DNPA_DEPLOYMENT].s)
        return 0;
    if (peel_store_get(s, &peel_type_deployment, r->v[PEEL_DNPA_DEPLOYMENT].i, &d, err) < 0)
        return -1;
    if (peel_rec_has(d, PEEL_DEP_HOURS)) {
        if (peel_npa_hours_given(s, d->id, old ? old->id : 0, &given, err) < 0) {
            peel_record_free(d);
            return -1;
        }
        given += peel_rec_int(r, PEEL_DNPA_HOURS);
        if (given > peel_rec_int(d, PEEL_DEP_HOURS))
            peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_DNPA_HOURS),
                               "the areas' hours for deployment %s would add up to %lld, more "
                               "than its own %lld hours",
                               peel_rec_str(d, PEEL_DEP_REF), (long long)given,
                               (long long)peel_rec_int(d, PEEL_DEP_HOURS));
    }
    peel_record_free(d);
    return 0;
}

/* clang-format off */
const peel_type peel_type_deployment_npa = {
    .name = "deployment_npa",
    .label = "Officers from a neighbourhood",
    .plural = "Officers from neighbourhoods",
    .one = "officers from a neighbourhood",
    .help = "The officers and officer hours one neighbourhood policing area gave to one "
            "deployment (docs/METHODS.md, \"Abstraction rate per NPA\")",
    .fields = dnpa_fields,
    .nfields = PEEL_NFIELDS(dnpa_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_DNPA_DEPLOYMENT, PEEL_DNPA_NPA, PEEL_DNPA_OFFICERS,
                            PEEL_DNPA_HOURS),
    .check = dnpa_check,
    .check_store = dnpa_check_store,
};
/* clang-format on */

/* ---- available_hours ---- */

static const peel_related hours_of_npa = {
    .heading = "Officer hours available",
    .position = 55,
    .sort = "month",
    .order = PEEL_ORDER_DESC,
    .columns = PEEL_SUMMARY(PEEL_AVH_MONTH, PEEL_AVH_HOURS),
};

/* clang-format off */
static const peel_field avh_fields[PEEL_AVH_NFIELDS] = {
    [PEEL_AVH_REF] = REF("\"npa-3-2024-03\""),
    [PEEL_AVH_NPA] = {.name = "npa", .label = "Neighbourhood policing area", .type = PEEL_F_REF,
     .ref_type = "area", .flags = PEEL_REQUIRED, .related = &hours_of_npa,
     .help = "The neighbourhood policing area (an area of kind npa)"},
    [PEEL_AVH_MONTH] = {.name = "month", .label = "Month", .type = PEEL_F_MONTH,
     .flags = PEEL_REQUIRED, .help = "One record per area and month: \"2024-03\""},
    [PEEL_AVH_HOURS] = {.name = "hours", .label = "Hours available", .type = PEEL_F_INT,
     .flags = PEEL_REQUIRED,
     .help = "Officer hours the area's neighbourhood team had for its own duties in the month, "
             "before any were taken to deployments"},
    [PEEL_AVH_PROVENANCE] = PROVENANCE,
    [PEEL_AVH_NOTE] = NOTE("How the hours were counted, and what the source does not give"),
    [PEEL_AVH_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void avh_check(const peel_record *r, peel_fielderrs *errs)
{
    check_not_negative(r, PEEL_AVH_HOURS, "a number of hours", errs);
}

typedef struct same_month {
    int64_t except, found;
} same_month;

static int same_month_cb(void *ctx, const peel_record *r, peel_err *err)
{
    same_month *m = ctx;
    (void)err;
    if (r->id == m->except)
        return 0;
    m->found = r->id;
    return 1;
}

static int avh_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                           peel_fielderrs *errs, peel_err *err)
{
    if (check_npa(s, r, PEEL_AVH_NPA, errs, err) < 0)
        return -1;
    if (!peel_rec_has(r, PEEL_AVH_NPA) || r->v[PEEL_AVH_NPA].s || !peel_rec_has(r, PEEL_AVH_MONTH))
        return 0;
    peel_filter f[2] = {
        {.field = &avh_fields[PEEL_AVH_NPA],
         .op = PEEL_OP_EQ,
         .v = {.set = true, .i = peel_rec_int(r, PEEL_AVH_NPA)}},
        {.field = &avh_fields[PEEL_AVH_MONTH],
         .op = PEEL_OP_EQ,
         .v = {.set = true, .i = peel_rec_int(r, PEEL_AVH_MONTH)}},
    };
    peel_query q = {.type = &peel_type_available_hours, .filters = f, .nfilters = 2};
    same_month m = {.except = old ? old->id : 0};
    if (peel_store_select(s, &q, same_month_cb, &m, err) < 0)
        return -1;
    if (m.found) {
        char month[8];
        peel_month_format((peel_month)peel_rec_int(r, PEEL_AVH_MONTH), month);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_AVH_MONTH),
                           "the area already has its available hours for %s (record %lld): "
                           "change that record",
                           month, (long long)m.found);
    }
    return 0;
}

/* clang-format off */
const peel_type peel_type_available_hours = {
    .name = "available_hours",
    .label = "Available hours",
    .plural = "Available hours",
    .one = "a month's available hours",
    .help = "The officer hours a neighbourhood policing area had in a month, one record per "
            "area and month: the base of its abstraction rate (docs/METHODS.md, "
            "\"Abstraction rate per NPA\")",
    .fields = avh_fields,
    .nfields = PEEL_NFIELDS(avh_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_AVH_NPA, PEEL_AVH_MONTH, PEEL_AVH_HOURS),
    .check = avh_check,
    .check_store = avh_check_store,
    .order = &avh_fields[PEEL_AVH_MONTH],
    .order_dir = PEEL_ORDER_DESC,
};
/* clang-format on */
