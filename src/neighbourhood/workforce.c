/* workforce.c - `joiner_leaver` and `uplift_target` (workforce.h), their
 * rules, and the workforce view: each uplift target beside the police
 * officer headcount recorded for its day (the `headcount` records, as_at),
 * and the joiners and leavers of each category and year, then of each
 * route and month with their sum; docs/METHODS.md, "Workforce movement and
 * the uplift". */
#include "neighbourhood/workforce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "core/vec.h"
#include "model/record.h"
#include "model/records.h"
#include "neighbourhood/decl.h"
#include "neighbourhood/neighbourhood.h"

/* ---- joiner_leaver ---- */

static const peel_option jl_categories[] = {
    {"workforce", "The whole workforce"},
    {"police_officers", "Police officers"},
    {"pcsos", "PCSOs"},
    {"staff", "Police staff"},
    {"specials", "Special constables"},
    {"volunteers", "Volunteers"},
    {0},
};

static const peel_option jl_routes[] = {
    {"student_officer", "New student officer intake"},
    {"transferee", "Transferee"},
    {"rejoiner", "Rejoiner"},
    {"other", "Other"},
    {0},
};

/* clang-format off */
static const peel_field jl_fields[PEEL_JL_NFIELDS] = {
    [PEEL_JL_REF] = REF("\"002-rr-joiners-2022-23\""),
    [PEEL_JL_YEAR] = {.name = "year", .label = "Financial year", .type = PEEL_F_FY,
     .help = "The year the paper counts over, when it gives a year"},
    [PEEL_JL_MONTH] = {.name = "month", .label = "Month", .type = PEEL_F_MONTH,
     .help = "The month, when the paper counts by month"},
    [PEEL_JL_CATEGORY] = {.name = "category", .label = "Category", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = jl_categories},
    [PEEL_JL_ROUTE] = {.name = "route", .label = "Route", .type = PEEL_F_ENUM,
     .options = jl_routes, .help = "How they joined, where the paper says"},
    [PEEL_JL_PROGRAMME] = {.name = "programme", .label = "Entry programme", .type = PEEL_F_TEXT,
     .max = 80, .help = "DHEP, PCDA, IPLDP... as the paper prints it; empty when it does not "
                        "say"},
    [PEEL_JL_GROUP] = {.name = "group", .label = "Group", .type = PEEL_F_TEXT, .max = 120,
     .help = "A group the paper counts apart (an ethnicity, say); empty: everyone"},
    [PEEL_JL_JOINERS] = {.name = "joiners", .label = "Joiners", .type = PEEL_F_INT},
    [PEEL_JL_LEAVERS] = {.name = "leavers", .label = "Leavers", .type = PEEL_F_INT},
    [PEEL_JL_NOTE] = NOTE("What the count includes, and what the paper does not give"),
    [PEEL_JL_PROVENANCE] = PROVENANCE,
    [PEEL_JL_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void jl_check(const peel_record *r, peel_fielderrs *errs)
{
    bool year = peel_rec_has(r, PEEL_JL_YEAR), month = peel_rec_has(r, PEEL_JL_MONTH);
    if (year == month)
        peel_fielderrs_add(errs, peel_rec_field_name(r, year ? PEEL_JL_MONTH : PEEL_JL_YEAR),
                           year ? "give year or month, not both: the one the paper counts over"
                                : "is required when month is empty: a count is of a year or a "
                                  "month");
    check_not_negative(r, PEEL_JL_JOINERS, "a number of people", errs);
    check_not_negative(r, PEEL_JL_LEAVERS, "a number of people", errs);
    if (!peel_rec_has(r, PEEL_JL_JOINERS) && !peel_rec_has(r, PEEL_JL_LEAVERS))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_JL_JOINERS),
                           "is required when leavers is empty: a count holds at least one number");
    if (peel_rec_has(r, PEEL_JL_ROUTE) && peel_rec_has(r, PEEL_JL_LEAVERS))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_JL_LEAVERS),
                           "a route of entry counts joiners only: record leavers without one");
}

/* clang-format off */
const peel_type peel_type_joiner_leaver = {
    .name = "joiner_leaver",
    .label = "Joiners and leavers",
    .plural = "Joiners and leavers",
    .one = "a count of joiners and leavers",
    .help = "How many joined and left a category of the workforce in a year, or joined by a "
            "route of entry in a month, as a paper counts them",
    .fields = jl_fields,
    .nfields = PEEL_NFIELDS(jl_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_JL_CATEGORY, PEEL_JL_YEAR, PEEL_JL_MONTH, PEEL_JL_ROUTE,
                            PEEL_JL_JOINERS, PEEL_JL_LEAVERS),
    .check = jl_check,
};
/* clang-format on */

/* ---- uplift_target ---- */

/* clang-format off */
static const peel_field ut_fields[PEEL_UT_NFIELDS] = {
    [PEEL_UT_REF] = REF("\"002-rr-uplift-2023-03\""),
    [PEEL_UT_AS_AT] = {.name = "as_at", .label = "Checkpoint", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED, .help = "The day the number is to be reached"},
    [PEEL_UT_WHAT] = {.name = "what", .label = "Target", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 300,
     .help = "\"Operation Uplift headcount, with the agreed overshoot\", as the paper puts it"},
    [PEEL_UT_HEADCOUNT] = {.name = "headcount", .label = "Headcount", .type = PEEL_F_INT,
     .min = 0, .max = 1000000, .help = "Police officers to be in post that day"},
    [PEEL_UT_FTE] = {.name = "fte", .label = "FTE (hundredths)", .type = PEEL_F_INT,
     .min = 0, .max = 100000000,
     .help = "Full-time equivalent in hundredths: 2,242 FTE is 224200"},
    [PEEL_UT_NOTE] = NOTE("Where the target comes from, and what the paper does not give"),
    [PEEL_UT_PROVENANCE] = PROVENANCE,
    [PEEL_UT_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void ut_check(const peel_record *r, peel_fielderrs *errs)
{
    if (!peel_rec_has(r, PEEL_UT_HEADCOUNT) && !peel_rec_has(r, PEEL_UT_FTE))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_UT_HEADCOUNT),
                           "is required when fte is empty: a target is a headcount or an FTE");
}

/* clang-format off */
const peel_type peel_type_uplift_target = {
    .name = "uplift_target",
    .label = "Uplift target",
    .plural = "Uplift targets",
    .one = "an uplift target",
    .help = "A police officer headcount or FTE the force is to reach on a day (Operation "
            "Uplift and its tracking points)",
    .fields = ut_fields,
    .nfields = PEEL_NFIELDS(ut_fields),
    .key = "ref",
    .title = "what",
    .summary = PEEL_SUMMARY(PEEL_UT_AS_AT, PEEL_UT_HEADCOUNT, PEEL_UT_FTE),
    .check = ut_check,
    .order = &ut_fields[PEEL_UT_AS_AT],
};
/* clang-format on */

/* ---- the view ---- */

const char *peel_uplift_status(bool has_target, int64_t target, bool has_actual, int64_t actual,
                               bool hundredths, char out[static 48])
{
    int64_t d = actual >= target ? actual - target : target - actual;
    const char *how = actual >= target ? "met by" : "short by";
    if (!has_target)
        snprintf(out, 48, "no target");
    else if (!has_actual)
        snprintf(out, 48, "not recorded");
    else if (hundredths)
        snprintf(out, 48, "%s %lld.%02lld", how, (long long)(d / 100), (long long)(d % 100));
    else
        snprintf(out, 48, "%s %lld", how, (long long)d);
    return out;
}

/* The year-end headcount of category (an option of headcount's category,
 * or "workforce": all five) in year fy, as rd sees it: false when any part
 * is not recorded. */
static bool year_end(const peel_records *hc, const peel_reader *rd, const char *category,
                     peel_fy fy, int64_t *out)
{
    static const char *const all[] = {"police_officers", "pcsos", "staff", "specials",
                                      "volunteers"};
    bool whole = !strcmp(category, "workforce");
    size_t want = whole ? sizeof all / sizeof *all : 1, found = 0;
    *out = 0;
    for (size_t k = 0; k < want; k++) {
        const char *c = whole ? all[k] : category;
        for (size_t i = 0; i < hc->n; i++) {
            const peel_record *h = hc->v[i];
            if (!peel_reader_record_visible(rd, h) || !peel_rec_has(h, PEEL_HC_YEAR) ||
                peel_rec_int(h, PEEL_HC_YEAR) != fy || !peel_rec_has(h, PEEL_HC_HEADCOUNT) ||
                strcmp(peel_record_text_at(h, PEEL_HC_CATEGORY), c))
                continue;
            *out += peel_rec_int(h, PEEL_HC_HEADCOUNT);
            found++;
            break;
        }
    }
    return found == want;
}

static char *label(const peel_record *r, int field)
{
    const char *v = peel_record_text_at(r, field);
    const char *l = *v ? peel_option_label(&r->type->fields[field], v) : "";
    return peel_strdup(l ? l : v);
}

/* The police officer headcount and FTE recorded for day d that rd may see. */
static void actual_on(const peel_records *hc, const peel_reader *rd, peel_date d,
                      peel_uplift_row *u)
{
    for (size_t i = 0; i < hc->n; i++) {
        const peel_record *h = hc->v[i];
        if (!peel_reader_record_visible(rd, h) || !peel_rec_has(h, PEEL_HC_AS_AT) ||
            peel_rec_int(h, PEEL_HC_AS_AT) != d ||
            strcmp(peel_record_text_at(h, PEEL_HC_CATEGORY), "police_officers"))
            continue;
        if (peel_rec_has(h, PEEL_HC_HEADCOUNT)) {
            u->has_hc = true;
            u->hc = peel_rec_int(h, PEEL_HC_HEADCOUNT);
        }
        if (peel_rec_has(h, PEEL_HC_FTE)) {
            u->has_fte = true;
            u->fte = peel_rec_int(h, PEEL_HC_FTE);
        }
    }
}

static int by_day(const void *x, const void *y)
{
    const peel_uplift_row *a = x, *b = y;
    return a->as_at != b->as_at ? (a->as_at < b->as_at ? -1 : 1) : strcmp(a->ref, b->ref);
}

static int by_when(const void *x, const void *y)
{
    const peel_movement_row *a = x, *b = y;
    if (a->monthly != b->monthly)
        return a->monthly ? 1 : -1;
    if (a->when != b->when)
        return a->when < b->when ? -1 : 1;
    return strcmp(a->ref, b->ref);
}

static int add_targets(peel_store *s, const peel_reader *rd, peel_fy fy, peel_workforce *w,
                       peel_err *err)
{
    peel_records ts = {0}, hc = {0};
    int rc = -1;
    if (peel_records_load(s, &peel_type_uplift_target, &ts, err) < 0 ||
        peel_records_load(s, &peel_type_headcount, &hc, err) < 0)
        goto out;
    for (size_t i = 0; i < ts.n; i++) {
        const peel_record *t = ts.v[i];
        peel_date d = (peel_date)peel_rec_int(t, PEEL_UT_AS_AT);
        if (!peel_reader_record_visible(rd, t) || (fy && peel_fy_of_date(d) != fy))
            continue;
        peel_uplift_row *u = peel_vec_push(&w->uplift);
        if (!u)
            goto oom;
        memset(u, 0, sizeof *u);
        u->as_at = d;
        if (!(u->ref = peel_strdup(peel_record_text_at(t, PEEL_UT_REF))) ||
            !(u->what = peel_strdup(peel_record_text_at(t, PEEL_UT_WHAT))))
            goto oom;
        u->has_target_hc = peel_rec_has(t, PEEL_UT_HEADCOUNT);
        u->target_hc = peel_rec_int(t, PEEL_UT_HEADCOUNT);
        u->has_target_fte = peel_rec_has(t, PEEL_UT_FTE);
        u->target_fte = peel_rec_int(t, PEEL_UT_FTE);
        actual_on(&hc, rd, d, u);
    }
    if (w->uplift.n > 1)
        qsort(w->uplift.v, w->uplift.n, sizeof *w->uplift.v, by_day);
    rc = 0;
    goto out;
oom:
    peel_err_set(err, PEEL_ENOMEM, "out of memory");
out:
    peel_records_free(&ts);
    peel_records_free(&hc);
    return rc;
}

static int add_movement(peel_store *s, const peel_reader *rd, peel_fy fy, peel_workforce *w,
                        peel_err *err)
{
    peel_records js = {0}, hc = {0};
    if (peel_records_load(s, &peel_type_joiner_leaver, &js, err) < 0)
        return -1;
    if (peel_records_load(s, &peel_type_headcount, &hc, err) < 0) {
        peel_records_free(&js);
        return -1;
    }
    for (size_t i = 0; i < js.n; i++) {
        const peel_record *j = js.v[i];
        bool monthly = peel_rec_has(j, PEEL_JL_MONTH);
        int64_t when = peel_rec_int(j, monthly ? PEEL_JL_MONTH : PEEL_JL_YEAR);
        if (!peel_reader_record_visible(rd, j) ||
            (fy && (monthly ? peel_fy_of_month((peel_month)when) : (peel_fy)when) != fy))
            continue;
        peel_movement_row *m = peel_vec_push(&w->movement);
        if (!m)
            goto oom;
        *m = (peel_movement_row){
            .ref = peel_strdup(peel_record_text_at(j, PEEL_JL_REF)),
            .category = label(j, PEEL_JL_CATEGORY),
            .route = label(j, PEEL_JL_ROUTE),
            .programme = peel_strdup(peel_record_text_at(j, PEEL_JL_PROGRAMME)),
            .group = peel_strdup(peel_record_text_at(j, PEEL_JL_GROUP)),
            .monthly = monthly,
            .when = when,
            .has_joiners = peel_rec_has(j, PEEL_JL_JOINERS),
            .joiners = peel_rec_int(j, PEEL_JL_JOINERS),
            .has_leavers = peel_rec_has(j, PEEL_JL_LEAVERS),
            .leavers = peel_rec_int(j, PEEL_JL_LEAVERS),
        };
        if (!m->ref || !m->category || !m->route || !m->programme || !m->group)
            goto oom;
        if (monthly) {
            w->month_total += m->joiners;
        } else {
            int64_t now, before;
            const char *c = peel_record_text_at(j, PEEL_JL_CATEGORY);
            m->has_hc_change = year_end(&hc, rd, c, (peel_fy)when, &now) &&
                               year_end(&hc, rd, c, (peel_fy)when - 1, &before);
            m->hc_change = m->has_hc_change ? now - before : 0;
        }
    }
    peel_records_free(&js);
    peel_records_free(&hc);
    if (w->movement.n > 1)
        qsort(w->movement.v, w->movement.n, sizeof *w->movement.v, by_when);
    return 0;
oom:
    peel_records_free(&js);
    peel_records_free(&hc);
    return peel_err_set(err, PEEL_ENOMEM, "out of memory");
}

int peel_workforce_of(peel_store *s, const peel_reader *rd, peel_fy fy, peel_workforce *out,
                      peel_err *err)
{
    memset(out, 0, sizeof *out);
    if (add_targets(s, rd, fy, out, err) < 0 || add_movement(s, rd, fy, out, err) < 0) {
        peel_workforce_release(out);
        return -1;
    }
    return 0;
}

void peel_workforce_release(peel_workforce *w)
{
    for (size_t i = 0; i < w->uplift.n; i++) {
        free(w->uplift.v[i].ref);
        free(w->uplift.v[i].what);
    }
    for (size_t i = 0; i < w->movement.n; i++) {
        peel_movement_row *m = &w->movement.v[i];
        free(m->ref);
        free(m->category);
        free(m->route);
        free(m->programme);
        free(m->group);
    }
    peel_vec_release(&w->uplift);
    peel_vec_release(&w->movement);
    memset(w, 0, sizeof *w);
}
