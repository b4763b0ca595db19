/* budget.c - the allocation, contract and budget_line record types
 * (budget.h) and their views: a CSP's allocation, its approved projects
 * (the awards of its fund for its area, awarded in the year) and what
 * remains; the commissioning budget by category, the sum of its
 * categories set against the printed total.  `peel commissioning csp` and
 * `peel commissioning budget` print them; docs/METHODS.md,
 * "Commissioning". */
#include "commissioning/budget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "cli/table.h"
#include "commissioning/commissioning.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/money.h"
#include "core/str.h"
#include "core/vec.h"
#include "domain/geo.h"
#include "model/record.h"
#include "model/records.h"
#include "render/html.h"
#include "store/store.h"

/* clang-format off */
#define PROVENANCE                                                                            \
    {.name = "provenance", .label = "Source", .type = PEEL_F_TEXT, .max = 500,                \
     .flags = PEEL_INTERNAL,                                                                  \
     .help = "Where this was transcribed from: paper, page, paragraph"}
#define NOTE                                                                                  \
    {.name = "note", .label = "Note", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE,           \
     .max = 2000, .help = "What the paper says of it, and what it does not give"}
/* clang-format on */

/* ---- allocation ---- */

static const peel_related allocs_of_fund = {
    .heading = "CSP allocations",
    .position = 50,
    .sort = "year",
    .order = PEEL_ORDER_DESC,
    .columns =
        PEEL_SUMMARY(PEEL_ALLOC_AREA, PEEL_ALLOC_PARTNERSHIP, PEEL_ALLOC_YEAR, PEEL_ALLOC_AMOUNT),
};

/* clang-format off */
static const peel_field alloc_fields[PEEL_ALLOC_NFIELDS] = {
    [PEEL_ALLOC_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 80,
     .help = "\"CSP-2024-25-Blaby\": the year and the partnership"},
    [PEEL_ALLOC_FUND] = {.name = "fund", .label = "Fund", .type = PEEL_F_REF,
     .ref_type = "fund", .related = &allocs_of_fund,
     .help = "The fund its projects are awarded from (the CSP fund)"},
    [PEEL_ALLOC_AREA] = {.name = "area", .label = "District", .type = PEEL_F_REF,
     .ref_type = "area", .help = "The district the partnership serves"},
    [PEEL_ALLOC_PARTNERSHIP] = {.name = "partnership", .label = "Partnership",
     .type = PEEL_F_TEXT, .max = 200,
     .help = "The partnership's name, when it is not one district's (\"all CSPs\")"},
    [PEEL_ALLOC_YEAR] = {.name = "year", .label = "Financial year", .type = PEEL_F_FY,
     .flags = PEEL_REQUIRED},
    [PEEL_ALLOC_AMOUNT] = {.name = "amount", .label = "Allocation", .type = PEEL_F_MONEY,
     .flags = PEEL_REQUIRED, .min = 0, .max = 100000000000},
    [PEEL_ALLOC_NOTE] = NOTE,
    [PEEL_ALLOC_PROVENANCE] = PROVENANCE,
    [PEEL_ALLOC_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void alloc_check(const peel_record *r, peel_fielderrs *errs)
{
    if (!peel_rec_has(r, PEEL_ALLOC_AREA) && !peel_rec_has(r, PEEL_ALLOC_PARTNERSHIP))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_ALLOC_AREA),
                           "is required unless the partnership is named");
}

typedef struct same_ctx {
    const peel_record *r;
    bool found;
} same_ctx;

static int same_cb(void *ctx, const peel_record *a, peel_err *err)
{
    same_ctx *c = ctx;
    (void)err;
    if (a->id != c->r->id &&
        peel_rec_int(a, PEEL_ALLOC_YEAR) == peel_rec_int(c->r, PEEL_ALLOC_YEAR) &&
        peel_rec_int(a, PEEL_ALLOC_FUND) == peel_rec_int(c->r, PEEL_ALLOC_FUND) &&
        (peel_rec_has(c->r, PEEL_ALLOC_AREA)
             ? peel_rec_int(a, PEEL_ALLOC_AREA) == peel_rec_int(c->r, PEEL_ALLOC_AREA)
             : !peel_rec_has(a, PEEL_ALLOC_AREA) &&
                   !strcasecmp(peel_record_text_at(a, PEEL_ALLOC_PARTNERSHIP),
                               peel_record_text_at(c->r, PEEL_ALLOC_PARTNERSHIP))))
        c->found = true;
    return 0;
}

/* The area is a district, and a partnership has one allocation of a fund a
 * year (a second would count the same projects twice). */
static int alloc_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                             peel_fielderrs *errs, peel_err *err)
{
    peel_record *area = NULL;
    same_ctx c = {.r = r};
    char fy[8];
    (void)old;
    if (peel_rec_has(r, PEEL_ALLOC_AREA) && !r->v[PEEL_ALLOC_AREA].s) {
        if (peel_store_get(s, &peel_type_area, peel_rec_int(r, PEEL_ALLOC_AREA), &area, err) < 0)
            return -1;
        if (area && strcmp(peel_record_text_at(area, PEEL_AREA_KIND), "district"))
            peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_ALLOC_AREA),
                               "%s is not a district: a CSP serves a district, or name the "
                               "partnership instead",
                               peel_record_text_at(area, PEEL_AREA_NAME));
        peel_record_free(area);
    }
    if (peel_store_select(s, &(peel_query){.type = &peel_type_allocation}, same_cb, &c, err) < 0)
        return -1;
    if (c.found) {
        peel_fy_format((peel_fy)peel_rec_int(r, PEEL_ALLOC_YEAR), fy);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_ALLOC_YEAR),
                           "the partnership already has an allocation of this fund for %s", fy);
    }
    return 0;
}

/* clang-format off */
const peel_type peel_type_allocation = {
    .name = "allocation",
    .label = "CSP allocation",
    .plural = "CSP allocations",
    .one = "an allocation",
    .help = "A Community Safety Partnership's money for a year; its projects are awards of "
            "the CSP fund for its district",
    .fields = alloc_fields,
    .nfields = PEEL_NFIELDS(alloc_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_ALLOC_AREA, PEEL_ALLOC_PARTNERSHIP, PEEL_ALLOC_YEAR,
                            PEEL_ALLOC_AMOUNT),
    .check = alloc_check,
    .check_store = alloc_check_store,
    .order = &alloc_fields[PEEL_ALLOC_REF],
    .search = PEEL_SEARCH(PEEL_ALLOC_REF, PEEL_ALLOC_PARTNERSHIP),
};
/* clang-format on */

/* ---- budget_line ---- */

/* clang-format off */
static const peel_field bl_fields[PEEL_BL_NFIELDS] = {
    [PEEL_BL_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 120,
     .help = "\"2022-23 Prevention\": the year and the category"},
    [PEEL_BL_YEAR] = {.name = "year", .label = "Financial year", .type = PEEL_F_FY,
     .flags = PEEL_REQUIRED},
    [PEEL_BL_CATEGORY] = {.name = "category", .label = "Category", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 200,
     .help = "\"Victim and Witnesses\", as the paper prints it"},
    [PEEL_BL_AMOUNT] = {.name = "amount", .label = "Amount", .type = PEEL_F_MONEY,
     .flags = PEEL_REQUIRED, .min = 0, .max = 100000000000},
    [PEEL_BL_IS_TOTAL] = {.name = "is_total", .label = "Printed total", .type = PEEL_F_BOOL,
     .help = "Yes: the paper's total of the year's categories, not a category"},
    [PEEL_BL_NOTE] = NOTE,
    [PEEL_BL_PROVENANCE] = PROVENANCE,
    [PEEL_BL_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

/* clang-format off */
const peel_type peel_type_budget_line = {
    .name = "budget_line",
    .label = "Commissioning budget line",
    .plural = "Commissioning budget lines",
    .help = "A category of the commissioning budget for a year, or the year's printed total",
    .fields = bl_fields,
    .nfields = PEEL_NFIELDS(bl_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_BL_YEAR, PEEL_BL_CATEGORY, PEEL_BL_AMOUNT),
    .order = &bl_fields[PEEL_BL_REF],
    .search = PEEL_SEARCH(PEEL_BL_REF, PEEL_BL_CATEGORY),
};
/* clang-format on */

/* ---- contract ---- */

static const peel_related contracts_of_line = {
    .heading = "Contracts",
    .position = 10,
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_CONTRACT_PROVIDER, PEEL_CONTRACT_VALUE, PEEL_CONTRACT_END),
};

static const peel_related contracts_of_org = {
    .heading = "Commissioned services",
    .position = 30,
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_CONTRACT_SERVICE, PEEL_CONTRACT_YEAR, PEEL_CONTRACT_VALUE),
};

/* clang-format off */
static const peel_field contract_fields[PEEL_CONTRACT_NFIELDS] = {
    [PEEL_CONTRACT_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 80},
    [PEEL_CONTRACT_PROVIDER] = {.name = "provider", .label = "Provider", .type = PEEL_F_REF,
     .ref_type = "organisation", .related = &contracts_of_org,
     .help = "Empty when the paper does not name one"},
    [PEEL_CONTRACT_SERVICE] = {.name = "service", .label = "Service", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 300},
    [PEEL_CONTRACT_BUDGET_LINE] = {.name = "budget_line", .label = "Budget line",
     .type = PEEL_F_REF, .ref_type = "budget_line", .related = &contracts_of_line},
    [PEEL_CONTRACT_YEAR] = {.name = "year", .label = "Financial year", .type = PEEL_F_FY},
    [PEEL_CONTRACT_VALUE] = {.name = "value", .label = "Value", .type = PEEL_F_MONEY,
     .min = 0, .max = 100000000000},
    [PEEL_CONTRACT_START] = {.name = "start", .label = "Starts", .type = PEEL_F_DATE},
    [PEEL_CONTRACT_END] = {.name = "end", .label = "Ends", .type = PEEL_F_DATE},
    [PEEL_CONTRACT_RETENDER] = {.name = "retender", .label = "Re-tender by",
     .type = PEEL_F_DATE},
    [PEEL_CONTRACT_NOTE] = NOTE,
    [PEEL_CONTRACT_PROVENANCE] = PROVENANCE,
    [PEEL_CONTRACT_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void contract_check(const peel_record *r, peel_fielderrs *errs)
{
    char a[11], b[11];
    if (peel_rec_has(r, PEEL_CONTRACT_START) && peel_rec_has(r, PEEL_CONTRACT_END) &&
        peel_rec_int(r, PEEL_CONTRACT_END) < peel_rec_int(r, PEEL_CONTRACT_START)) {
        peel_date_format((peel_date)peel_rec_int(r, PEEL_CONTRACT_END), a);
        peel_date_format((peel_date)peel_rec_int(r, PEEL_CONTRACT_START), b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CONTRACT_END),
                           "%s is before the start (%s)", a, b);
    }
}

/* clang-format off */
const peel_type peel_type_contract = {
    .name = "contract",
    .label = "Contract",
    .plural = "Contracts",
    .help = "A commissioned service: its provider, budget line, year, value, start, end "
            "and re-tender date",
    .fields = contract_fields,
    .nfields = PEEL_NFIELDS(contract_fields),
    .key = "ref",
    .title = "service",
    .summary = PEEL_SUMMARY(PEEL_CONTRACT_REF, PEEL_CONTRACT_PROVIDER, PEEL_CONTRACT_YEAR,
                            PEEL_CONTRACT_VALUE),
    .check = contract_check,
    .order = &contract_fields[PEEL_CONTRACT_REF],
    .range = &contract_fields[PEEL_CONTRACT_START],
    .search = PEEL_SEARCH(PEEL_CONTRACT_REF, PEEL_CONTRACT_SERVICE),
};
/* clang-format on */

/* ---- the views ---- */

void peel_csp_release(peel_csp_view *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->v[i].name);
    peel_vec_release(v);
}

/* Whether award is one of allocation's projects: the allocation's fund, and
 * its district (or, with no district, its partnership named as the area
 * served). */
static bool for_allocation(const peel_record *alloc, const peel_record *award)
{
    if (!peel_rec_has(alloc, PEEL_ALLOC_FUND) ||
        peel_rec_int(award, PEEL_AWARD_FUND) != peel_rec_int(alloc, PEEL_ALLOC_FUND))
        return false;
    if (peel_rec_has(alloc, PEEL_ALLOC_AREA))
        return peel_rec_int(award, PEEL_AWARD_AREA) == peel_rec_int(alloc, PEEL_ALLOC_AREA);
    return !strcasecmp(peel_record_text_at(award, PEEL_AWARD_AREA_SERVED),
                       peel_record_text_at(alloc, PEEL_ALLOC_PARTNERSHIP));
}

int peel_csp_build(peel_store *s, const peel_reader *rd, peel_fy year, peel_csp_view *out,
                   peel_err *err)
{
    peel_records allocs = {0}, awards = {0}, areas = {0};
    int rc = -1;
    memset(out, 0, sizeof *out);
    if (peel_records_load(s, &peel_type_allocation, &allocs, err) < 0 ||
        peel_records_load(s, &peel_type_award, &awards, err) < 0 ||
        peel_records_load(s, &peel_type_area, &areas, err) < 0)
        goto out;
    for (size_t i = 0; i < allocs.n; i++) {
        const peel_record *a = allocs.v[i];
        if (!peel_reader_record_visible(rd, a) || peel_rec_int(a, PEEL_ALLOC_YEAR) != year)
            continue;
        const peel_record *area = peel_rec_has(a, PEEL_ALLOC_AREA)
                                      ? peel_records_get(&areas, peel_rec_int(a, PEEL_ALLOC_AREA))
                                      : NULL;
        peel_csp_row *row = peel_vec_push(out);
        if (!row ||
            !(row->name = peel_strdup(area ? peel_record_text_at(area, PEEL_AREA_NAME)
                                           : peel_record_text_at(a, PEEL_ALLOC_PARTNERSHIP)))) {
            if (row)
                out->n--;
            peel_err_set(err, PEEL_ENOMEM, "out of memory");
            goto out;
        }
        row->id = a->id;
        row->allocation = peel_rec_int(a, PEEL_ALLOC_AMOUNT);
        row->approved = row->projects = row->undated = 0;
        for (size_t k = 0; k < awards.n; k++) {
            const peel_record *w = awards.v[k];
            if (!peel_reader_record_visible(rd, w) || !for_allocation(a, w))
                continue;
            if (!peel_rec_has(w, PEEL_AWARD_AWARDED_ON)) {
                row->undated++;
                continue;
            }
            if (peel_fy_of_date((peel_date)peel_rec_int(w, PEEL_AWARD_AWARDED_ON)) != year)
                continue;
            row->projects++;
            row->approved += peel_rec_int(w, PEEL_AWARD_AMOUNT);
        }
        row->remaining = row->allocation - row->approved;
        out->allocation += row->allocation;
        out->approved += row->approved;
        out->remaining += row->remaining;
        out->projects += row->projects;
        out->undated += row->undated;
    }
    rc = 0;
out:
    peel_records_free(&allocs);
    peel_records_free(&awards);
    peel_records_free(&areas);
    if (rc < 0)
        peel_csp_release(out);
    return rc;
}

void peel_budget_release(peel_budget_view *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->v[i].category);
    free(v->total_label);
    v->total_label = NULL;
    peel_vec_release(v);
}

int peel_budget_build(peel_store *s, const peel_reader *rd, peel_fy year, peel_budget_view *out,
                      peel_err *err)
{
    peel_records lines = {0}, contracts = {0};
    int rc = -1;
    memset(out, 0, sizeof *out);
    if (peel_records_load(s, &peel_type_budget_line, &lines, err) < 0 ||
        peel_records_load(s, &peel_type_contract, &contracts, err) < 0)
        goto out;
    for (size_t i = 0; i < lines.n; i++) {
        const peel_record *l = lines.v[i];
        if (!peel_reader_record_visible(rd, l) || peel_rec_int(l, PEEL_BL_YEAR) != year)
            continue;
        if (peel_rec_int(l, PEEL_BL_IS_TOTAL)) {
            if (!out->has_total) {
                out->has_total = true;
                out->total = peel_rec_int(l, PEEL_BL_AMOUNT);
                if (!(out->total_label = peel_strdup(peel_record_text_at(l, PEEL_BL_CATEGORY)))) {
                    peel_err_set(err, PEEL_ENOMEM, "out of memory");
                    goto out;
                }
            }
            continue;
        }
        peel_budget_row *row = peel_vec_push(out);
        if (!row || !(row->category = peel_strdup(peel_record_text_at(l, PEEL_BL_CATEGORY)))) {
            if (row)
                out->n--;
            peel_err_set(err, PEEL_ENOMEM, "out of memory");
            goto out;
        }
        row->id = l->id;
        row->amount = peel_rec_int(l, PEEL_BL_AMOUNT);
        row->contracts = row->contracts_value = 0;
        for (size_t k = 0; k < contracts.n; k++) {
            const peel_record *c = contracts.v[k];
            if (peel_reader_record_visible(rd, c) &&
                peel_rec_int(c, PEEL_CONTRACT_BUDGET_LINE) == l->id) {
                row->contracts++;
                row->contracts_value += peel_rec_int(c, PEEL_CONTRACT_VALUE);
            }
        }
        out->sum += row->amount;
    }
    rc = 0;
out:
    peel_records_free(&lines);
    peel_records_free(&contracts);
    if (rc < 0)
        peel_budget_release(out);
    return rc;
}

/* ---- JSON (the commands and the API) ---- */

json_t *peel_csp_json(const peel_csp_view *v, peel_fy year)
{
    char fy[8];
    json_t *rows = json_array();
    peel_fy_format(year, fy);
    for (size_t i = 0; rows && i < v->n; i++)
        json_array_append_new(rows, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "csp", v->v[i].name,
                                              "allocation_pence", (json_int_t)v->v[i].allocation,
                                              "projects", (json_int_t)v->v[i].projects,
                                              "approved_pence", (json_int_t)v->v[i].approved,
                                              "remaining_pence", (json_int_t)v->v[i].remaining,
                                              "undated", (json_int_t)v->v[i].undated));
    return json_pack("{s:s, s:s, s:o, s:I, s:I, s:I, s:I, s:I}", "view", "csp", "year", fy, "rows",
                     rows, "allocation_pence", (json_int_t)v->allocation, "projects",
                     (json_int_t)v->projects, "approved_pence", (json_int_t)v->approved,
                     "remaining_pence", (json_int_t)v->remaining, "undated",
                     (json_int_t)v->undated);
}

json_t *peel_budget_json(const peel_budget_view *v, peel_fy year)
{
    char fy[8];
    json_t *rows = json_array();
    peel_fy_format(year, fy);
    for (size_t i = 0; rows && i < v->n; i++)
        json_array_append_new(
            rows, json_pack("{s:s, s:I, s:I, s:I}", "category", v->v[i].category, "amount_pence",
                            (json_int_t)v->v[i].amount, "contracts", (json_int_t)v->v[i].contracts,
                            "contracts_value_pence", (json_int_t)v->v[i].contracts_value));
    json_t *o = json_pack("{s:s, s:s, s:o, s:I}", "view", "budget", "year", fy, "rows", rows,
                          "sum_pence", (json_int_t)v->sum);
    if (o) {
        json_object_set_new(o, "printed_total_pence",
                            v->has_total ? json_integer(v->total) : json_null());
        json_object_set_new(o, "agrees",
                            v->has_total ? json_boolean(v->total == v->sum) : json_null());
    }
    return o;
}

/* /api/v1/commissioning/csp?year= and /budget?year=: {"data": [the view]}
 * (default: the current financial year). */
static int api_year(peel_req *r, peel_fy *year)
{
    static const char *const args[] = {"year", NULL};
    const char *y;
    peel_err e = PEEL_ERR_INIT;
    peel_params_allowed(r, args);
    *year = peel_fy_of_date(peel_clock_today());
    if (!r->nproblems && (y = peel_param_text(r, "year")) && *y &&
        peel_fy_parse(y, strlen(y), year, &e) < 0)
        peel_param_problem(r, "year", "Financial year", "is not a financial year such as 2024-25");
    return r->nproblems ? -1 : 0;
}

static int api_answer(peel_req *r, json_t *one)
{
    json_t *o = json_object(), *data = json_array();
    if (!o || !data || !one || json_array_append_new(data, one) < 0) {
        json_decref(o);
        json_decref(data);
        return peel_req_error(r, 500, "internal", NULL, "out of memory");
    }
    json_object_set_new(o, "data", data);
    json_object_set_new(o, "page", json_integer(1));
    json_object_set_new(o, "per_page", json_integer(1));
    json_object_set_new(o, "total", json_integer(1));
    return peel_req_json(r, 200, o);
}

int peel_api_commissioning_csp(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_fy year;
    peel_csp_view v;
    (void)p;
    if (api_year(r, &year) < 0)
        return peel_req_error(r, 400, "invalid", r->problems[0].name, "%s", r->problems[0].msg);
    if (peel_csp_build(r->store, peel_req_reader(r), year, &v, err) < 0)
        return -1;
    json_t *one = peel_csp_json(&v, year);
    peel_csp_release(&v);
    return api_answer(r, one);
}

int peel_api_commissioning_budget(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_fy year;
    peel_budget_view v;
    (void)p;
    if (api_year(r, &year) < 0)
        return peel_req_error(r, 400, "invalid", r->problems[0].name, "%s", r->problems[0].msg);
    if (peel_budget_build(r->store, peel_req_reader(r), year, &v, err) < 0)
        return -1;
    json_t *one = peel_budget_json(&v, year);
    peel_budget_release(&v);
    return api_answer(r, one);
}

/* ---- the commands ---- */

static int put(peel_buf *b, int rc)
{
    if (b->failed)
        rc = -1;
    else if (rc == 0)
        fwrite(b->data, 1, b->len, stdout);
    peel_buf_release(b);
    return rc;
}

static int print_json(json_t *o)
{
    char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII) : NULL;
    json_decref(o);
    if (!text)
        return -1;
    puts(text);
    free(text);
    return 0;
}

static int year_opt(const char *what, int argc, char **argv, enum peel_format *format,
                    peel_fy *year, peel_err *err)
{
    bool got = false;
    const char *y = NULL;
    const peel_opt opts[] = {
        PEEL_OPTION("--year", PEEL_OPT_STRING, &y, "the financial year, such as 2024-25"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, format, "table, csv or json"),
        PEEL_OPTION_END,
    };
    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    got = y != NULL;
    if (!got)
        return peel_err_set(err, PEEL_EINPUT, "commissioning %s: --year is required", what);
    if (peel_fy_parse(y, strlen(y), year, err) < 0) {
        peel_err_prefix(err, "commissioning %s: --year", what);
        return -1;
    }
    return 0;
}

int peel_cmd_commissioning_csp(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_fy year;
    peel_csp_view v;
    char fy[8], a[32], b[32], c[32];
    int rc = 0;

    if (year_opt("csp", argc, argv, &format, &year, err) < 0 ||
        peel_csp_build(cli->store, cli->reader, year, &v, err) < 0)
        return -1;
    peel_fy_format(year, fy);
    if (format == PEEL_FORMAT_JSON) {
        rc = print_json(peel_csp_json(&v, year));
    } else if (format == PEEL_FORMAT_CSV) {
        static const char *const head[] = {"csp", "allocation", "projects", "approved",
                                           "remaining"};
        peel_buf buf;
        peel_buf_init(&buf, 0);
        peel_cli_csv_begin(cli);
        peel_csv_put_row(&buf, head, 5);
        for (size_t i = 0; i < v.n; i++) {
            char n[24];
            peel_money_format_plain(v.v[i].allocation, a);
            peel_money_format_plain(v.v[i].approved, b);
            peel_money_format_plain(v.v[i].remaining, c);
            snprintf(n, sizeof n, "%lld", (long long)v.v[i].projects);
            const char *cells[5] = {v.v[i].name, a, n, b, c};
            peel_csv_put_row(&buf, cells, 5);
        }
        rc = put(&buf, 0);
    } else {
        peel_table *t = peel_table_new();
        char n[24];
        if (!t) {
            peel_csp_release(&v);
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        }
        peel_table_header(t, "CSP");
        peel_table_header(t, "Allocation");
        peel_table_header(t, "Projects");
        peel_table_header(t, "Approved");
        peel_table_header(t, "Remaining");
        for (size_t k = 1; k < 5; k++)
            peel_table_align_right(t, k);
        for (size_t i = 0; i <= v.n; i++) {
            const peel_csp_row *r = i < v.n ? &v.v[i] : NULL;
            peel_money_format(r ? r->allocation : v.allocation, a);
            peel_money_format(r ? r->approved : v.approved, b);
            peel_money_format(r ? r->remaining : v.remaining, c);
            snprintf(n, sizeof n, "%lld", (long long)(r ? r->projects : v.projects));
            peel_table_row_begin(t);
            peel_table_cell(t, r ? r->name : "Total");
            peel_table_cell(t, a);
            peel_table_cell(t, n);
            peel_table_cell(t, b);
            peel_table_cell(t, c);
        }
        printf("CSP allocations in %s\n\n", fy);
        peel_table_print(t, stdout);
        peel_table_free(t);
        if (v.undated)
            printf("\n%lld award%s for a CSP with no award date recorded: in no year\n",
                   (long long)v.undated, v.undated == 1 ? "" : "s");
    }
    peel_csp_release(&v);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the CSP allocations");
    return 0;
}

int peel_cmd_commissioning_budget(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_fy year;
    peel_budget_view v;
    char fy[8], a[32], b[32];
    int rc = 0;

    if (year_opt("budget", argc, argv, &format, &year, err) < 0 ||
        peel_budget_build(cli->store, cli->reader, year, &v, err) < 0)
        return -1;
    peel_fy_format(year, fy);
    if (format == PEEL_FORMAT_JSON) {
        rc = print_json(peel_budget_json(&v, year));
    } else if (format == PEEL_FORMAT_CSV) {
        static const char *const head[] = {"category", "amount"};
        peel_buf buf;
        peel_buf_init(&buf, 0);
        peel_cli_csv_begin(cli);
        peel_csv_put_row(&buf, head, 2);
        for (size_t i = 0; i < v.n; i++) {
            peel_money_format_plain(v.v[i].amount, a);
            const char *cells[2] = {v.v[i].category, a};
            peel_csv_put_row(&buf, cells, 2);
        }
        peel_money_format_plain(v.sum, a);
        peel_csv_put_row(&buf, (const char *const[]){"Sum of the categories", a}, 2);
        if (v.has_total) {
            peel_money_format_plain(v.total, b);
            peel_csv_put_row(&buf, (const char *const[]){"Printed total", b}, 2);
        }
        rc = put(&buf, 0);
    } else {
        peel_table *t = peel_table_new();
        if (!t) {
            peel_budget_release(&v);
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        }
        peel_table_header(t, "Category");
        peel_table_header(t, "Amount");
        peel_table_align_right(t, 1);
        for (size_t i = 0; i < v.n; i++) {
            peel_money_format(v.v[i].amount, a);
            peel_table_row_begin(t);
            peel_table_cell(t, v.v[i].category);
            peel_table_cell(t, a);
        }
        peel_money_format(v.sum, a);
        peel_table_row_begin(t);
        peel_table_cell(t, "Sum of the categories");
        peel_table_cell(t, a);
        printf("Commissioning budget by category, %s\n\n", fy);
        peel_table_print(t, stdout);
        peel_table_free(t);
        if (v.has_total) {
            peel_money_format(v.total, b);
            if (v.total == v.sum)
                printf("\nThe printed total (%s) agrees with the sum of the categories.\n", b);
            else
                printf("\nThe printed total (%s) differs from the sum of the categories (%s).\n", b,
                       a);
        } else {
            printf("\nNo printed total is recorded for the year.\n");
        }
    }
    peel_budget_release(&v);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the budget");
    return 0;
}

/* ---- the pages ---- */

static void year_form(peel_req *r, const char *action, const char *fy)
{
    peel_html(&r->out,
              "<form class=\"filters\" method=\"get\" action=\"%s\"><fieldset><legend "
              "class=\"visually-hidden\">The financial year</legend>\n",
              action);
    peel_page_param_input(r, "year", "Financial year", "For example 2024-25", fy);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
}

int peel_page_commissioning_csp(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const args[] = {"year", NULL};
    peel_fy year;
    peel_csp_view v = {0};
    char fy[8];
    (void)p;

    peel_params_allowed(r, args);
    peel_param_fy(r, "year", "Financial year", peel_fy_of_date(peel_clock_today()), &year);
    if (!r->nproblems && peel_csp_build(r->store, peel_req_reader(r), year, &v, err) < 0)
        return -1;
    peel_fy_format(year, fy);
    peel_page_begin(r, r->nproblems ? "Error: CSP allocations" : "CSP allocations");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Community Safety Partnership allocations</h1>\n"
                  "<p class=\"body\">Each partnership's allocation for the year, the projects "
                  "approved from it (awards of its fund for its district, awarded in the year) "
                  "and the budget that remains.</p>\n");
    year_form(r, "/commissioning/csp", fy);
    if (!r->nproblems) {
        peel_html(&r->out,
                  "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"CSP "
                  "allocations\"><table id=\"csp\">\n<caption class=\"heading-s\">CSP "
                  "allocations in %s</caption>\n<thead><tr><th scope=\"col\">CSP</th>"
                  "<th scope=\"col\" class=\"num\">Allocation</th>"
                  "<th scope=\"col\" class=\"num\">Projects</th>"
                  "<th scope=\"col\" class=\"num\">Approved</th>"
                  "<th scope=\"col\" class=\"num\">Remaining</th></tr></thead>\n<tbody>\n",
                  fy);
        for (size_t i = 0; i <= v.n; i++) {
            const peel_csp_row *w = i < v.n ? &v.v[i] : NULL;
            char a[32], b[32], c[32];
            peel_money_format(w ? w->allocation : v.allocation, a);
            peel_money_format(w ? w->approved : v.approved, b);
            peel_money_format(w ? w->remaining : v.remaining, c);
            if (w)
                peel_html(&r->out,
                          "<tr><th scope=\"row\"><a href=\"/records/allocation/%lld\">%s</a>"
                          "</th>",
                          (long long)w->id, w->name);
            else
                peel_html_lit(&r->out, "<tr class=\"total\"><th scope=\"row\">Total</th>");
            peel_html(&r->out,
                      "<td class=\"num\">%s</td><td class=\"num\">%lld</td><td "
                      "class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
                      a, (long long)(w ? w->projects : v.projects), b, c);
        }
        peel_html_lit(&r->out, "</tbody></table></div>\n");
        if (v.undated)
            peel_html(&r->out,
                      "<p class=\"hint\">%lld award%s for a CSP with no award date recorded: in "
                      "no year.</p>\n",
                      (long long)v.undated, v.undated == 1 ? "" : "s");
    }
    peel_csp_release(&v);
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}

int peel_page_commissioning_budget(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const args[] = {"year", NULL};
    peel_fy year;
    peel_budget_view v = {0};
    char fy[8], a[32], b[32];
    (void)p;

    peel_params_allowed(r, args);
    peel_param_fy(r, "year", "Financial year", peel_fy_of_date(peel_clock_today()), &year);
    if (!r->nproblems && peel_budget_build(r->store, peel_req_reader(r), year, &v, err) < 0)
        return -1;
    peel_fy_format(year, fy);
    peel_page_begin(r, r->nproblems ? "Error: Commissioning budget" : "Commissioning budget");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out, "<h1 class=\"heading-l\">Commissioning budget by category</h1>\n"
                           "<p class=\"body\">The year's budget lines, their sum, and the "
                           "total the paper prints, said plainly when the two differ.</p>\n");
    year_form(r, "/commissioning/budget", fy);
    if (!r->nproblems) {
        peel_html(&r->out,
                  "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Budget "
                  "by category\"><table id=\"budget\">\n<caption class=\"heading-s\">"
                  "Commissioning budget, %s</caption>\n<thead><tr><th scope=\"col\">Category</th>"
                  "<th scope=\"col\" class=\"num\">Amount</th></tr></thead>\n<tbody>\n",
                  fy);
        for (size_t i = 0; i < v.n; i++) {
            peel_money_format(v.v[i].amount, a);
            peel_html(&r->out,
                      "<tr><th scope=\"row\"><a href=\"/records/budget_line/%lld\">%s</a></th>"
                      "<td class=\"num\">%s</td></tr>\n",
                      (long long)v.v[i].id, v.v[i].category, a);
        }
        peel_money_format(v.sum, a);
        peel_html(&r->out,
                  "<tr class=\"total\"><th scope=\"row\">Sum of the categories</th>"
                  "<td class=\"num\">%s</td></tr>\n</tbody></table></div>\n",
                  a);
        if (v.has_total) {
            peel_money_format(v.total, b);
            if (v.total == v.sum)
                peel_html(&r->out,
                          "<p class=\"body\" id=\"budget-total\">The printed total (%s) agrees "
                          "with the sum of the categories.</p>\n",
                          b);
            else
                peel_html(&r->out,
                          "<p class=\"body\" id=\"budget-total\">The printed total (%s) differs "
                          "from the sum of the categories (%s).</p>\n",
                          b, a);
        } else {
            peel_html_lit(&r->out, "<p class=\"hint\" id=\"budget-total\">No printed total is "
                                   "recorded for the year.</p>\n");
        }
    }
    peel_budget_release(&v);
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}
