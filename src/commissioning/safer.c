/* safer.c - the intervention record type (safer.h) and the Safer Streets
 * tracker: per intervention its target, delivery and the share delivered
 * (none on a target under 10), spend against budget, due date and whether
 * it is overdue, and the street crime recorded in its area over two equal
 * periods before and after (the crime engine's view, crime/report.h),
 * counting the months of each period that hold data; docs/METHODS.md,
 * "Commissioning". */
#include "commissioning/safer.h"

#include <ctype.h>
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
#include "crime/report.h"
#include "crime/shapes.h"
#include "domain/geo.h"
#include "model/record.h"
#include "model/records.h"
#include "render/html.h"
#include "store/crime_db.h"

/* ---- intervention ---- */

static const peel_option iv_kinds[] = {
    {"target_hardening", "Target hardening"},
    {"cctv", "CCTV"},
    {"cocooning", "Cocooning"},
    {"training", "Training"},
    {"lighting", "Lighting"},
    {"other", "Other"},
    {0},
};

static const peel_related ivs_of_award = {
    .heading = "Interventions",
    .position = 40,
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_IV_KIND, PEEL_IV_TARGET, PEEL_IV_DELIVERED, PEEL_IV_DUE),
};

static const peel_related ivs_of_fund = {
    .heading = "Interventions funded",
    .position = 40,
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_IV_KIND, PEEL_IV_TARGET, PEEL_IV_DELIVERED, PEEL_IV_DUE),
};

/* clang-format off */
static const peel_field iv_fields[PEEL_IV_NFIELDS] = {
    [PEEL_IV_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 80,
     .help = "\"SS5-1\": the fund and the measure's number, or the office's own"},
    [PEEL_IV_AWARD] = {.name = "award", .label = "Award", .type = PEEL_F_REF,
     .ref_type = "award", .related = &ivs_of_award,
     .help = "The award it is part of; empty when the paper gives only the fund"},
    [PEEL_IV_FUND] = {.name = "fund", .label = "Fund", .type = PEEL_F_REF,
     .ref_type = "fund", .related = &ivs_of_fund,
     .help = "The fund it belongs to (Safer Streets 5, CSP allocations)"},
    [PEEL_IV_KIND] = {.name = "kind", .label = "Kind", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = iv_kinds},
    [PEEL_IV_MEASURE] = {.name = "measure", .label = "Measure", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 300,
     .help = "\"Homes target hardened\", as the paper prints it"},
    [PEEL_IV_TARGET] = {.name = "target", .label = "Target", .type = PEEL_F_INT,
     .min = 0, .max = 10000000, .help = "How many units are to be delivered"},
    [PEEL_IV_DELIVERED] = {.name = "delivered", .label = "Delivered to date",
     .type = PEEL_F_INT, .min = 0, .max = 10000000,
     .help = "Above the target only with a note saying why"},
    [PEEL_IV_UNIT] = {.name = "unit", .label = "Unit", .type = PEEL_F_TEXT, .max = 80,
     .help = "homes, locations, people..."},
    [PEEL_IV_PARTNER] = {.name = "partner", .label = "Delivery partner", .type = PEEL_F_TEXT,
     .max = 300},
    [PEEL_IV_DUE] = {.name = "due", .label = "Due", .type = PEEL_F_DATE,
     .help = "When it is to be delivered; empty when the paper gives no date"},
    [PEEL_IV_BUDGET] = {.name = "budget", .label = "Budget", .type = PEEL_F_MONEY,
     .min = 0, .max = 100000000000},
    [PEEL_IV_SPEND] = {.name = "spend", .label = "Spend to date", .type = PEEL_F_MONEY,
     .min = 0, .max = 100000000000,
     .help = "Above the budget only with a note saying why"},
    [PEEL_IV_AREA] = {.name = "area", .label = "Area", .type = PEEL_F_REF,
     .ref_type = "area",
     .help = "The district (or LSOA) it serves: its crime is compared before and after"},
    [PEEL_IV_LSOAS] = {.name = "lsoas", .label = "LSOAs", .type = PEEL_F_TEXT, .max = 2000,
     .help = "The bid area as LSOA codes (E01025631 E01025632 ...), when it is known"},
    [PEEL_IV_BOUNDARY] = {.name = "boundary", .label = "Boundary drawn",
     .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE, .max = 400000,
     .help = "The bid area as drawn on a map: a GeoJSON Polygon or MultiPolygon, "
             "[longitude, latitude]. When given, its crime is counted inside it"},
    [PEEL_IV_LEFTOVER] = {.name = "leftover", .label = "Leftover stock transferred",
     .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE, .max = 2000},
    [PEEL_IV_NOTE] = {.name = "note", .label = "Note", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 2000,
     .help = "What the paper says of it, and what it does not give"},
    [PEEL_IV_PROVENANCE] = {.name = "provenance", .label = "Source", .type = PEEL_F_TEXT,
     .max = 500, .flags = PEEL_INTERNAL,
     .help = "Where this was transcribed from: paper, page, paragraph"},
    [PEEL_IV_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void iv_check(const peel_record *r, peel_fielderrs *errs)
{
    char x[32], y[32], why[200];
    peel_shape sh;
    bool note = peel_rec_has(r, PEEL_IV_NOTE);
    if (!note && peel_rec_has(r, PEEL_IV_TARGET) && peel_rec_has(r, PEEL_IV_DELIVERED) &&
        peel_rec_int(r, PEEL_IV_DELIVERED) > peel_rec_int(r, PEEL_IV_TARGET))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_IV_DELIVERED),
                           "%lld is above the target (%lld): say why in the note",
                           (long long)peel_rec_int(r, PEEL_IV_DELIVERED),
                           (long long)peel_rec_int(r, PEEL_IV_TARGET));
    if (!note && peel_rec_has(r, PEEL_IV_BUDGET) && peel_rec_has(r, PEEL_IV_SPEND) &&
        peel_rec_int(r, PEEL_IV_SPEND) > peel_rec_int(r, PEEL_IV_BUDGET)) {
        peel_money_format(peel_rec_int(r, PEEL_IV_SPEND), x);
        peel_money_format(peel_rec_int(r, PEEL_IV_BUDGET), y);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_IV_SPEND),
                           "%s is above the budget (%s): say why in the note", x, y);
    }
    if (peel_rec_has(r, PEEL_IV_BOUNDARY)) {
        int ok = peel_shapes_parse(peel_record_text_at(r, PEEL_IV_BOUNDARY), &sh, why, sizeof why);
        if (ok == 1) {
            peel_vec_release(&sh.xy);
            peel_vec_release(&sh.ring);
        } else {
            peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_IV_BOUNDARY), "%s",
                               ok < 0 ? "out of memory reading the boundary" : why);
        }
    }
}

/* clang-format off */
const peel_type peel_type_intervention = {
    .name = "intervention",
    .label = "Intervention",
    .plural = "Interventions",
    .one = "an intervention",
    .help = "A measure of a Safer Streets or CSP project (target hardening, CCTV, "
            "cocooning, training, lighting): its target and delivery, budget and spend, "
            "due date and area",
    .fields = iv_fields,
    .nfields = PEEL_NFIELDS(iv_fields),
    .key = "ref",
    .title = "measure",
    .summary = PEEL_SUMMARY(PEEL_IV_REF, PEEL_IV_KIND, PEEL_IV_TARGET, PEEL_IV_DELIVERED,
                            PEEL_IV_DUE),
    .check = iv_check,
    .order = &iv_fields[PEEL_IV_REF],
    .range = &iv_fields[PEEL_IV_DUE],
    .search = PEEL_SEARCH(PEEL_IV_REF, PEEL_IV_MEASURE, PEEL_IV_PARTNER),
};
/* clang-format on */

/* ---- the tracker ---- */

void peel_tracker_release(peel_tracker *t)
{
    for (size_t i = 0; i < t->n; i++) {
        peel_tracker_row *r = &t->v[i];
        free(r->ref);
        free(r->measure);
        free(r->kind);
        free(r->unit);
        free(r->fund);
        free(r->area);
        free(r->area_kind);
        free(r->crime_note);
    }
    peel_vec_release(t);
}

void peel_tracker_pct_text(const peel_tracker_row *r, char out[static 32])
{
    if (!r->has_target || !r->has_delivered)
        out[0] = 0;
    else if (!r->has_pct)
        snprintf(out, 32, "target under %d", PEEL_TRACKER_MIN_TARGET);
    else
        snprintf(out, 32, "%lld.%lld%%", (long long)(r->pct_tenths / 10),
                 (long long)(r->pct_tenths % 10));
}

/* The district views loaded so far, for LSOA lookups. */
typedef struct views {
    peel_crime_view *v;
    size_t n, cap;
    bool loaded;
} views;

typedef struct district_list {
    peel_crime_area *v;
    size_t n, cap;
} district_list;

static int district_cb(void *ctx, const peel_crime_area *a, peel_err *err)
{
    district_list *d = ctx;
    (void)err;
    if (strcmp(a->kind, "district"))
        return 0;
    peel_crime_area *p = peel_vec_push(d);
    if (!p)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    *p = *a;
    return 0;
}

static int load_districts(peel_store *s, views *vs, peel_err *err)
{
    district_list d = {0};
    int rc = -1;
    if (vs->loaded)
        return 0;
    vs->loaded = true;
    if (peel_crime_db_areas(s, 0, NULL, district_cb, &d, err) < 0)
        goto out;
    for (size_t i = 0; i < d.n; i++) {
        peel_crime_view *v = peel_vec_push(vs);
        if (!v) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory");
            goto out;
        }
        if (peel_crime_view_load(s, &(peel_crime_view_args){.area = d.v[i].code}, v, err) < 0) {
            vs->n--;
            goto out;
        }
    }
    rc = 0;
out:
    peel_vec_release(&d);
    return rc;
}

static void views_release(views *vs)
{
    for (size_t i = 0; i < vs->n; i++)
        peel_crime_view_release(&vs->v[i]);
    peel_vec_release(vs);
}

/* Months of [from, to] holding data, and the crimes in them, for the whole
 * view (part NULL) or one of its parts. */
static void count(const peel_crime_view *v, const peel_crime_part *part, peel_tracker_crime *c)
{
    for (peel_month m = c->from; m <= c->to; m++) {
        if (m < v->from || m > v->to || !v->have[m - v->from])
            continue;
        c->with_data++;
        c->crimes += part ? part->by_month[m - v->from] : v->month_total[m - v->from];
    }
    c->months = c->to - c->from + 1;
}

/* The months of each period holding data (the data's own, the same in
 * every district); false, with the note set, when no district is in the
 * crime data's lookup. */
static bool data_months(const views *vs, peel_tracker_row *row)
{
    if (!vs->n) {
        row->crime_note = peel_strdup("no district is in the crime data's lookup");
        return false;
    }
    peel_tracker_crime b = {.from = row->before.from, .to = row->before.to},
                       a = {.from = row->after.from, .to = row->after.to};
    count(&vs->v[0], NULL, &b);
    count(&vs->v[0], NULL, &a);
    row->before.with_data = b.with_data;
    row->before.months = b.months;
    row->after.with_data = a.with_data;
    row->after.months = a.months;
    return true;
}

/* The crimes in the LSOAs listed in text, found among the districts' LSOAs
 * with street crime recorded; the months holding data are the data's own,
 * the same in every district. */
static int count_lsoas(peel_store *s, views *vs, const char *text, peel_tracker_row *row,
                       peel_err *err)
{
    char code[33];
    size_t found = 0, asked = 0;
    if (load_districts(s, vs, err) < 0)
        return -1;
    if (!data_months(vs, row))
        return row->crime_note ? 0 : peel_err_set(err, PEEL_ENOMEM, "out of memory");
    for (const char *p = text; *p;) {
        while (*p && (isspace((unsigned char)*p) || *p == ',' || *p == ';'))
            p++;
        size_t n = 0;
        while (p[n] && !isspace((unsigned char)p[n]) && p[n] != ',' && p[n] != ';')
            n++;
        if (!n)
            break;
        asked++;
        snprintf(code, sizeof code, "%.*s", (int)(n < 32 ? n : 32), p);
        p += n;
        for (size_t i = 0; i < vs->n; i++)
            for (size_t k = 0; k < vs->v[i].nparts; k++) {
                const peel_crime_part *part = &vs->v[i].parts[k];
                if (!part->code || strcasecmp(part->code, code))
                    continue;
                peel_tracker_crime pb = {.from = row->before.from, .to = row->before.to},
                                   pa = {.from = row->after.from, .to = row->after.to};
                count(&vs->v[i], part, &pb);
                count(&vs->v[i], part, &pa);
                row->before.crimes += pb.crimes;
                row->after.crimes += pa.crimes;
                found++;
            }
    }
    row->has_crime = true;
    row->area_is = "the bid area (its LSOAs)";
    if (found < asked) {
        char note[160];
        snprintf(note, sizeof note,
                 "%zu of its %zu LSOAs have no street crime in the data (or are not in the "
                 "lookup): counted as none",
                 asked - found, asked);
        row->crime_note = peel_strdup(note);
    } else {
        row->crime_note = peel_strdup("");
    }
    return row->crime_note ? 0 : peel_err_set(err, PEEL_ENOMEM, "out of memory");
}

/* A street crime of either period: where it was mapped, and when. */
typedef struct placed {
    int32_t lat, lon;
    peel_month month;
} placed;

typedef struct placed_list {
    placed *v;
    size_t n, cap;
} placed_list;

static int placed_cb(void *ctx, const peel_crime_street_row *r, peel_err *err)
{
    placed_list *l = ctx;
    placed *p;
    /* Only a point with coordinates can be inside the boundary. */
    if (!r->at.set)
        return 0;
    if (!(p = peel_vec_push(l)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    *p = (placed){r->at.lat, r->at.lon, r->month};
    return 0;
}

static int by_point(const void *x, const void *y)
{
    const placed *a = x, *b = y;
    if (a->lat != b->lat)
        return a->lat < b->lat ? -1 : 1;
    return a->lon < b->lon ? -1 : a->lon > b->lon;
}

/* The crimes whose map points lie inside the drawn boundary (text, checked
 * when it was saved), each map point tested once. */
static int count_boundary(peel_store *s, views *vs, const char *text, peel_tracker_row *row,
                          peel_err *err)
{
    placed_list l = {0};
    peel_shape sh;
    char why[200];
    int rc = -1, ok;

    if (load_districts(s, vs, err) < 0)
        return -1;
    if (!data_months(vs, row))
        return row->crime_note ? 0 : peel_err_set(err, PEEL_ENOMEM, "out of memory");
    if ((ok = peel_shapes_parse(text, &sh, why, sizeof why)) <= 0)
        return ok < 0
                   ? peel_err_set(err, PEEL_ENOMEM, "out of memory")
                   : peel_err_set(err, PEEL_EINPUT, "intervention %s: boundary: %s", row->ref, why);
    if (peel_crime_db_street_rows(s, row->before.from, row->before.to, row->after.from,
                                  row->after.to, placed_cb, &l, err) < 0)
        goto out;
    if (l.n > 1)
        qsort(l.v, l.n, sizeof *l.v, by_point);
    for (size_t i = 0; i < l.n;) {
        size_t k = i;
        bool in = peel_shapes_contains(&sh, l.v[i].lon / 1e6, l.v[i].lat / 1e6);
        for (; k < l.n && l.v[k].lat == l.v[i].lat && l.v[k].lon == l.v[i].lon; k++) {
            if (!in)
                continue;
            if (l.v[k].month >= row->before.from && l.v[k].month <= row->before.to)
                row->before.crimes++;
            else
                row->after.crimes++;
        }
        i = k;
    }
    row->has_crime = true;
    row->area_is = "the bid area (its drawn boundary)";
    row->crime_note =
        peel_strdup("counted at police.uk's map points, which are moved to the nearest of a "
                    "fixed set of points for anonymity: a crime near the boundary may be "
                    "counted on the wrong side of it");
    rc = row->crime_note ? 0 : peel_err_set(err, PEEL_ENOMEM, "out of memory");
out:
    peel_vec_release(&l);
    peel_vec_release(&sh.xy);
    peel_vec_release(&sh.ring);
    return rc;
}

static int crime_of(peel_store *s, views *vs, const peel_record *area, const peel_record *iv,
                    peel_tracker_row *row, peel_err *err)
{
    const char *why = NULL;
    if (peel_rec_has(iv, PEEL_IV_BOUNDARY) && row->before.from)
        return count_boundary(s, vs, peel_record_text_at(iv, PEEL_IV_BOUNDARY), row, err);
    if (peel_rec_has(iv, PEEL_IV_LSOAS))
        return count_lsoas(s, vs, peel_record_text_at(iv, PEEL_IV_LSOAS), row, err);
    if (!area)
        why = "no area recorded";
    else if (!row->before.from)
        why = "no due date and no periods given";
    if (!why && !strcmp(peel_record_text_at(area, PEEL_AREA_KIND), "lsoa"))
        return count_lsoas(s, vs, peel_record_text_at(area, PEEL_AREA_CODE), row, err);
    if (!why) {
        peel_crime_view v;
        peel_crime_area found;
        int f = peel_crime_db_area_find(s, peel_record_text_at(area, PEEL_AREA_CODE), &found, err);
        if (f < 0)
            return -1;
        if (!f) {
            why = "the area is not in the crime data's lookup";
        } else {
            if (peel_crime_view_load(s, &(peel_crime_view_args){.area = found.code}, &v, err) < 0)
                return -1;
            count(&v, NULL, &row->before);
            count(&v, NULL, &row->after);
            peel_crime_view_release(&v);
            row->has_crime = true;
            row->district = !strcmp(found.kind, "district");
            row->area_is = row->district                ? "the district, not the bid area"
                           : !strcmp(found.kind, "npa") ? "the neighbourhood policing area, "
                                                          "not the bid area"
                                                        : "the force area, not the bid area";
            why = "";
        }
    }
    row->crime_note = peel_strdup(why);
    return row->crime_note ? 0 : peel_err_set(err, PEEL_ENOMEM, "out of memory");
}

static const char *visible_text(const peel_records *t, const peel_reader *rd, int64_t id, int field)
{
    const peel_record *r = id ? peel_records_get(t, id) : NULL;
    return r && peel_reader_record_visible(rd, r) ? peel_record_text_at(r, field) : "";
}

static const char *kind_label(const char *value)
{
    for (const peel_option *o = iv_kinds; o->value; o++)
        if (!strcmp(o->value, value))
            return o->label;
    return value;
}

int peel_tracker_build(peel_store *s, const peel_reader *rd, const peel_tracker_args *a,
                       peel_tracker *out, peel_err *err)
{
    peel_records ivs = {0}, awards = {0}, funds = {0}, areas = {0};
    views vs = {0};
    peel_month first = 0, last = 0;
    int have_crime = 0, rc = -1;

    memset(out, 0, sizeof *out);
    if (peel_records_load(s, &peel_type_intervention, &ivs, err) < 0 ||
        peel_records_load(s, &peel_type_award, &awards, err) < 0 ||
        peel_records_load(s, &peel_type_fund, &funds, err) < 0 ||
        peel_records_load(s, &peel_type_area, &areas, err) < 0 ||
        (have_crime = peel_crime_db_month_range(s, &first, &last, err)) < 0)
        goto out;
    if (a->fund) {
        bool known = false;
        for (size_t i = 0; i < funds.n && !known; i++)
            known = peel_reader_record_visible(rd, funds.v[i]) &&
                    !strcasecmp(peel_record_text_at(funds.v[i], PEEL_FUND_NAME), a->fund);
        if (!known) {
            peel_err_set(err, PEEL_ENOTFOUND, "--fund: no fund named '%s'", a->fund);
            goto out;
        }
    }
    for (size_t i = 0; i < ivs.n; i++) {
        const peel_record *iv = ivs.v[i];
        if (!peel_reader_record_visible(rd, iv))
            continue;
        int64_t fund = peel_rec_int(iv, PEEL_IV_FUND);
        const peel_record *award = peel_rec_has(iv, PEEL_IV_AWARD)
                                       ? peel_records_get(&awards, peel_rec_int(iv, PEEL_IV_AWARD))
                                       : NULL;
        if (!fund && award)
            fund = peel_rec_int(award, PEEL_AWARD_FUND);
        const char *fund_name = visible_text(&funds, rd, fund, PEEL_FUND_NAME);
        if (a->fund && strcasecmp(a->fund, fund_name))
            continue;
        const peel_record *area = peel_rec_has(iv, PEEL_IV_AREA)
                                      ? peel_records_get(&areas, peel_rec_int(iv, PEEL_IV_AREA))
                                      : NULL;
        peel_tracker_row *row = peel_vec_push(out);
        if (!row) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory");
            goto out;
        }
        memset(row, 0, sizeof *row);
        row->id = iv->id;
        if (!(row->ref = peel_strdup(peel_record_text_at(iv, PEEL_IV_REF))) ||
            !(row->measure = peel_strdup(peel_record_text_at(iv, PEEL_IV_MEASURE))) ||
            !(row->kind = peel_strdup(kind_label(peel_record_text_at(iv, PEEL_IV_KIND)))) ||
            !(row->unit = peel_strdup(peel_record_text_at(iv, PEEL_IV_UNIT))) ||
            !(row->fund = peel_strdup(fund_name)) ||
            !(row->area = peel_strdup(area ? peel_record_text_at(area, PEEL_AREA_NAME)
                                           : peel_record_text_at(iv, PEEL_IV_LSOAS))) ||
            !(row->area_kind = peel_strdup(area ? peel_record_text_at(area, PEEL_AREA_KIND)
                                           : peel_rec_has(iv, PEEL_IV_LSOAS) ? "lsoa"
                                                                             : ""))) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory");
            goto out;
        }
        row->has_target = peel_rec_has(iv, PEEL_IV_TARGET);
        row->target = peel_rec_int(iv, PEEL_IV_TARGET);
        row->has_delivered = peel_rec_has(iv, PEEL_IV_DELIVERED);
        row->delivered = peel_rec_int(iv, PEEL_IV_DELIVERED);
        row->has_budget = peel_rec_has(iv, PEEL_IV_BUDGET);
        row->budget = peel_rec_int(iv, PEEL_IV_BUDGET);
        row->has_spend = peel_rec_has(iv, PEEL_IV_SPEND);
        row->spend = peel_rec_int(iv, PEEL_IV_SPEND);
        row->has_due = peel_rec_has(iv, PEEL_IV_DUE);
        row->due = (peel_date)peel_rec_int(iv, PEEL_IV_DUE);
        if (row->has_target && row->has_delivered && row->target >= PEEL_TRACKER_MIN_TARGET) {
            row->has_pct = true;
            row->pct_tenths = (row->delivered * 2000 + row->target) / (2 * row->target);
        }
        row->overdue = row->has_due && row->due < a->today &&
                       !(row->has_target && row->has_delivered && row->delivered >= row->target);
        if (a->before_from) {
            row->before.from = a->before_from;
            row->before.to = a->before_to;
            row->after.from = a->after_from;
            row->after.to = a->after_to;
        } else if (row->has_due) {
            peel_month m = peel_month_of_date(row->due);
            row->before.from = m - 12;
            row->before.to = m - 1;
            row->after.from = m + 1;
            row->after.to = m + 12;
        }
        if (!have_crime) {
            if (!(row->crime_note = peel_strdup("no street crime data imported"))) {
                peel_err_set(err, PEEL_ENOMEM, "out of memory");
                goto out;
            }
        } else if (!row->before.from) {
            if (!(row->crime_note = peel_strdup("no due date and no periods given"))) {
                peel_err_set(err, PEEL_ENOMEM, "out of memory");
                goto out;
            }
        } else if (crime_of(s, &vs, area, iv, row, err) < 0) {
            goto out;
        }
    }
    rc = 0;
out:
    views_release(&vs);
    peel_records_free(&ivs);
    peel_records_free(&awards);
    peel_records_free(&funds);
    peel_records_free(&areas);
    if (rc < 0)
        peel_tracker_release(out);
    return rc;
}

/* ---- `peel commissioning tracker` ---- */

#define TRACKER_COLS 19
static const char *const tracker_cols[TRACKER_COLS] = {"reference",     "fund",
                                                       "measure",       "kind",
                                                       "target",        "delivered",
                                                       "unit",          "pct_delivered",
                                                       "budget",        "spend",
                                                       "due",           "overdue",
                                                       "area",          "area_is",
                                                       "crimes_before", "months_before_with_data",
                                                       "crimes_after",  "months_after_with_data",
                                                       "crime_note"};

/* One row's cells as text (plain: money as "9974.60" for CSV). */
static void row_cells(const peel_tracker_row *r, bool plain, char buf[TRACKER_COLS][64],
                      const char *cells[TRACKER_COLS])
{
    for (int i = 0; i < TRACKER_COLS; i++)
        buf[i][0] = 0, cells[i] = buf[i];
    cells[0] = r->ref;
    cells[1] = r->fund;
    cells[2] = r->measure;
    cells[3] = r->kind;
    if (r->has_target)
        snprintf(buf[4], 64, "%lld", (long long)r->target);
    if (r->has_delivered)
        snprintf(buf[5], 64, "%lld", (long long)r->delivered);
    cells[6] = r->unit;
    peel_tracker_pct_text(r, buf[7]);
    if (r->has_budget)
        (plain ? peel_money_format_plain : peel_money_format)(r->budget, buf[8]);
    if (r->has_spend)
        (plain ? peel_money_format_plain : peel_money_format)(r->spend, buf[9]);
    if (r->has_due)
        peel_date_format(r->due, buf[10]);
    cells[11] = r->overdue ? "overdue" : "";
    cells[12] = r->area;
    cells[13] = r->has_crime && r->area_is ? r->area_is : "";
    if (r->has_crime) {
        char a[8], b[8];
        snprintf(buf[14], 64, "%lld", (long long)r->before.crimes);
        peel_month_format(r->before.from, a);
        peel_month_format(r->before.to, b);
        snprintf(buf[15], 64, "%lld of %lld (%s to %s)", (long long)r->before.with_data,
                 (long long)r->before.months, a, b);
        snprintf(buf[16], 64, "%lld", (long long)r->after.crimes);
        peel_month_format(r->after.from, a);
        peel_month_format(r->after.to, b);
        snprintf(buf[17], 64, "%lld of %lld (%s to %s)", (long long)r->after.with_data,
                 (long long)r->after.months, a, b);
    }
    cells[18] = r->crime_note ? r->crime_note : "";
}

static json_t *row_json(const peel_tracker_row *r)
{
    char pct[32], due[11] = "", m[4][8];
    json_t *o;
    peel_tracker_pct_text(r, pct);
    if (r->has_due)
        peel_date_format(r->due, due);
    o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s}", "reference", r->ref, "fund",
                  r->fund, "measure", r->measure, "kind", r->kind, "unit", r->unit, "pct_delivered",
                  pct, "overdue", r->overdue, "area", r->area, "area_kind", r->area_kind,
                  "crime_note", r->crime_note ? r->crime_note : "");
    if (!o)
        return NULL;
    json_object_set_new(o, "target", r->has_target ? json_integer(r->target) : json_null());
    json_object_set_new(o, "delivered",
                        r->has_delivered ? json_integer(r->delivered) : json_null());
    json_object_set_new(o, "budget_pence", r->has_budget ? json_integer(r->budget) : json_null());
    json_object_set_new(o, "spend_pence", r->has_spend ? json_integer(r->spend) : json_null());
    json_object_set_new(o, "due", r->has_due ? json_string(due) : json_null());
    if (r->has_crime) {
        peel_month_format(r->before.from, m[0]);
        peel_month_format(r->before.to, m[1]);
        peel_month_format(r->after.from, m[2]);
        peel_month_format(r->after.to, m[3]);
        json_object_set_new(o, "area_is_district", json_boolean(r->district));
        json_object_set_new(o, "area_is", json_string(r->area_is ? r->area_is : ""));
        json_object_set_new(o, "before",
                            json_pack("{s:s, s:s, s:I, s:I, s:I}", "from", m[0], "to", m[1],
                                      "crimes", (json_int_t)r->before.crimes, "months",
                                      (json_int_t)r->before.months, "months_with_data",
                                      (json_int_t)r->before.with_data));
        json_object_set_new(o, "after",
                            json_pack("{s:s, s:s, s:I, s:I, s:I}", "from", m[2], "to", m[3],
                                      "crimes", (json_int_t)r->after.crimes, "months",
                                      (json_int_t)r->after.months, "months_with_data",
                                      (json_int_t)r->after.with_data));
    }
    return o;
}

json_t *peel_tracker_row_json(const peel_tracker_row *r)
{
    return row_json(r);
}

void peel_tracker_row_cells(const peel_tracker_row *r, bool plain, char buf[][64],
                            const char *cells[])
{
    row_cells(r, plain, buf, cells);
}

static int parse_month_opt(const char *name, const char *s, peel_month *out, peel_err *err)
{
    if (!s)
        return 0;
    if (peel_month_parse(s, strlen(s), out, err) < 0) {
        peel_err_prefix(err, "commissioning tracker: %s", name);
        return -1;
    }
    return 0;
}

int peel_tracker_periods(const char *bf, const char *bt, const char *af, const char *at,
                         peel_tracker_args *a, peel_err *err)
{
    int given = !!bf + !!bt + !!af + !!at;
    if (!given)
        return 0;
    if (given != 4)
        return peel_err_set(err, PEEL_EINPUT,
                            "commissioning tracker: give --before-from, --before-to, "
                            "--after-from and --after-to together, or none");
    if (parse_month_opt("--before-from", bf, &a->before_from, err) < 0 ||
        parse_month_opt("--before-to", bt, &a->before_to, err) < 0 ||
        parse_month_opt("--after-from", af, &a->after_from, err) < 0 ||
        parse_month_opt("--after-to", at, &a->after_to, err) < 0)
        return -1;
    if (a->before_to < a->before_from)
        return peel_err_set(err, PEEL_EINPUT,
                            "commissioning tracker: --before-to is before "
                            "--before-from");
    if (a->after_to < a->after_from)
        return peel_err_set(err, PEEL_EINPUT,
                            "commissioning tracker: --after-to is before "
                            "--after-from");
    if (a->before_to - a->before_from != a->after_to - a->after_from)
        return peel_err_set(err, PEEL_EINPUT,
                            "commissioning tracker: the periods before and after are not the "
                            "same length (%d and %d months): compare like with like",
                            (int)(a->before_to - a->before_from + 1),
                            (int)(a->after_to - a->after_from + 1));
    if (a->after_from <= a->before_to)
        return peel_err_set(err, PEEL_EINPUT,
                            "commissioning tracker: --after-from is not after --before-to");
    return 0;
}

int peel_cmd_commissioning_tracker(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    enum peel_format format = PEEL_FORMAT_TABLE;
    const char *fund = NULL, *bf = NULL, *bt = NULL, *af = NULL, *at = NULL;
    peel_tracker_args a = {.today = peel_clock_today()};
    peel_tracker t;
    int rc = 0;
    const peel_opt opts[] = {
        PEEL_OPTION("--fund", PEEL_OPT_STRING, &fund, "only this fund's interventions"),
        PEEL_OPTION("--before-from", PEEL_OPT_STRING, &bf, "the period before: first month"),
        PEEL_OPTION("--before-to", PEEL_OPT_STRING, &bt, "the period before: last month"),
        PEEL_OPTION("--after-from", PEEL_OPT_STRING, &af, "the period after: first month"),
        PEEL_OPTION("--after-to", PEEL_OPT_STRING, &at, "the period after: last month"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (peel_tracker_periods(bf, bt, af, at, &a, err) < 0)
        return -1;
    a.fund = fund;
    if (peel_tracker_build(cli->store, cli->reader, &a, &t, err) < 0)
        return -1;
    if (format == PEEL_FORMAT_JSON) {
        json_t *rows = json_array(), *o = json_pack("{s:s}", "view", "tracker");
        char *text = NULL;
        for (size_t i = 0; rows && i < t.n; i++)
            json_array_append_new(rows, row_json(&t.v[i]));
        if (!rows || !o || json_object_set_new(o, "rows", rows) < 0 ||
            !(text = json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII)))
            rc = -1;
        else
            puts(text);
        free(text);
        json_decref(o);
    } else if (format == PEEL_FORMAT_CSV) {
        peel_buf b;
        peel_buf_init(&b, 0);
        peel_cli_csv_begin(cli);
        peel_csv_put_row(&b, tracker_cols, TRACKER_COLS);
        for (size_t i = 0; i < t.n; i++) {
            char buf[TRACKER_COLS][64];
            const char *cells[TRACKER_COLS];
            row_cells(&t.v[i], true, buf, cells);
            peel_csv_put_row(&b, cells, TRACKER_COLS);
        }
        if (b.failed)
            rc = -1;
        else
            fwrite(b.data, 1, b.len, stdout);
        peel_buf_release(&b);
    } else {
        static const char *const heads[] = {"Ref",     "Measure", "Target",        "Delivered",
                                            "%",       "Budget",  "Spend",         "Due",
                                            "Overdue", "Area",    "Crimes before", "Crimes after"};
        static const int pick[] = {0, 2, 4, 5, 7, 8, 9, 10, 11, 12, 14, 16};
        peel_table *tb = peel_table_new();
        if (!tb) {
            peel_tracker_release(&t);
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        }
        for (size_t k = 0; k < sizeof pick / sizeof *pick; k++)
            peel_table_header(tb, heads[k]);
        for (size_t k = 2; k < 7; k++)
            peel_table_align_right(tb, k);
        peel_table_align_right(tb, 10);
        peel_table_align_right(tb, 11);
        for (size_t i = 0; i < t.n; i++) {
            char buf[TRACKER_COLS][64];
            const char *cells[TRACKER_COLS];
            row_cells(&t.v[i], false, buf, cells);
            peel_table_row_begin(tb);
            for (size_t k = 0; k < sizeof pick / sizeof *pick; k++)
                peel_table_cell(tb, cells[pick[k]]);
        }
        printf("Safer Streets tracker%s%s\n\n", fund ? ": " : "", fund ? fund : "");
        peel_table_print(tb, stdout);
        peel_table_free(tb);
        for (size_t i = 0; i < t.n; i++) {
            const peel_tracker_row *r = &t.v[i];
            if (r->has_crime)
                printf("\n%s: crimes before %lld (%lld of %lld months hold data), after %lld "
                       "(%lld of %lld months hold data)%s%s%s%s",
                       r->ref, (long long)r->before.crimes, (long long)r->before.with_data,
                       (long long)r->before.months, (long long)r->after.crimes,
                       (long long)r->after.with_data, (long long)r->after.months,
                       r->area_is ? "; the area is " : "", r->area_is ? r->area_is : "",
                       r->crime_note[0] ? "; " : "", r->crime_note);
            else
                printf("\n%s: no crime figure: %s", r->ref, r->crime_note ? r->crime_note : "");
        }
        if (t.n)
            printf("\n");
    }
    peel_tracker_release(&t);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the tracker");
    return 0;
}

/* ---- /commissioning/tracker ---- */

int peel_page_commissioning_tracker(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const args[] = {"fund",       "before_from", "before_to",
                                       "after_from", "after_to",    NULL};
    static const char *const names[] = {"before_from", "before_to", "after_from", "after_to"};
    static const char *const labels[] = {"Before: from", "Before: to", "After: from", "After: to"};
    const char *v[4];
    peel_tracker_args a = {.today = peel_clock_today()};
    peel_tracker t = {0};
    peel_err perr = {0};
    (void)p;

    peel_params_allowed(r, args);
    a.fund = peel_param_text(r, "fund");
    for (int i = 0; i < 4; i++)
        v[i] = peel_param_text(r, names[i]);
    if (!r->nproblems && peel_tracker_periods(v[0], v[1], v[2], v[3], &a, &perr) < 0)
        peel_param_problem(r, "before_from", "Before: from", "%s",
                           perr.msg + (strncmp(perr.msg, "commissioning tracker: ", 23) ? 0 : 23));
    if (!r->nproblems && peel_tracker_build(r->store, peel_req_reader(r), &a, &t, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        peel_param_problem(r, "fund", "Fund", "no fund of that name");
        *err = (peel_err){0};
    }
    peel_page_begin(r, r->nproblems ? "Error: Safer Streets tracker" : "Safer Streets tracker");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Safer Streets tracker</h1>\n<p class=\"body\">Each "
                  "intervention's target and what is delivered to date, spend against budget, "
                  "when it is due, and the street crime recorded in its area in the period "
                  "before and the period after (by default the 12 months before and after the "
                  "month it is due). No percentage is given on a target under 10. Where the "
                  "area is the district, the figure is the district's, not the bid area's. "
                  "The crime data may miss months: the months holding data are given for each "
                  "period.</p>\n<form class=\"filters\" method=\"get\" "
                  "action=\"/commissioning/tracker\"><fieldset><legend "
                  "class=\"visually-hidden\">The fund and periods</legend>\n");
    peel_page_param_input(r, "fund", "Fund", "For example Safer Streets 5", a.fund ? a.fund : "");
    for (int i = 0; i < 4; i++)
        peel_page_param_input(r, names[i], labels[i], "For example 2023-04", v[i] ? v[i] : "");
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
    if (!r->nproblems) {
        peel_html_lit(&r->out,
                      "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
                      "aria-label=\"Safer Streets tracker\"><table id=\"tracker\">\n"
                      "<caption class=\"heading-s\">Interventions</caption>\n<thead><tr>"
                      "<th scope=\"col\">Measure</th><th scope=\"col\">Fund</th>"
                      "<th scope=\"col\" class=\"num\">Target</th>"
                      "<th scope=\"col\" class=\"num\">Delivered</th>"
                      "<th scope=\"col\" class=\"num\">% delivered</th>"
                      "<th scope=\"col\" class=\"num\">Budget</th>"
                      "<th scope=\"col\" class=\"num\">Spend</th><th scope=\"col\">Due</th>"
                      "<th scope=\"col\">Overdue</th><th scope=\"col\">Area</th>"
                      "<th scope=\"col\">Crime before</th><th scope=\"col\">Crime after</th>"
                      "</tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < t.n; i++) {
            char buf[TRACKER_COLS][64];
            const char *c[TRACKER_COLS];
            const peel_tracker_row *w = &t.v[i];
            row_cells(w, false, buf, c);
            peel_html(&r->out,
                      "<tr><th scope=\"row\"><a href=\"/records/intervention/%lld\">%s</a> "
                      "(%s)</th><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%s %s</td>"
                      "<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
                      "<td>%s</td><td>%s</td><td>%s%s%s%s</td>",
                      (long long)w->id, w->measure, w->ref, w->fund, c[4],
                      *c[5] ? c[5] : "Not recorded", *c[5] ? w->unit : "", c[7], c[8], c[9], c[10],
                      w->overdue ? "Overdue" : "", w->area, w->has_crime && w->area_is ? " (" : "",
                      w->has_crime && w->area_is ? w->area_is : "",
                      w->has_crime && w->area_is ? ")" : "");
            if (w->has_crime)
                peel_html(&r->out,
                          "<td>%s crimes; %s months hold data</td><td>%s crimes; %s months hold "
                          "data%s%s</td></tr>\n",
                          c[14], c[15], c[16], c[17], w->crime_note[0] ? ". " : "", w->crime_note);
            else
                peel_html(&r->out, "<td colspan=\"2\">No figure: %s</td></tr>\n",
                          w->crime_note ? w->crime_note : "");
        }
        if (!t.n)
            peel_html_lit(&r->out,
                          "<tr><td colspan=\"12\">No intervention is recorded.</td></tr>\n");
        peel_html_lit(&r->out, "</tbody></table></div>\n");
    }
    peel_tracker_release(&t);
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}

/* /api/v1/commissioning/tracker: the tracker's rows as JSON, paged. */
int peel_api_commissioning_tracker(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const names[] = {"fund", "before_from", "before_to", "after_from",
                                        "after_to"};
    peel_tracker_args a = {.today = peel_clock_today()};
    peel_tracker t;
    peel_err perr = {0};
    long long page, per;
    (void)p;
    for (size_t i = 0; i < r->nargs; i++) {
        bool known = peel_param_is_paging(r->args[i].name);
        for (size_t k = 0; k < 5 && !known; k++)
            known = !strcmp(r->args[i].name, names[k]);
        if (!known)
            return peel_req_error(r, 400, "invalid", NULL,
                                  "'%.60s' is not a parameter of this view", r->args[i].name);
    }
    peel_param_paging(r, 500, 50, &page, &per);
    if (r->nproblems)
        return peel_req_error(r, 400, "invalid", r->problems[0].name, "%s", r->problems[0].msg);
    a.fund = peel_param_text(r, "fund");
    if (peel_tracker_periods(peel_param_text(r, "before_from"), peel_param_text(r, "before_to"),
                             peel_param_text(r, "after_from"), peel_param_text(r, "after_to"), &a,
                             &perr) < 0)
        return peel_req_error(r, 400, "invalid", "before_from", "%s",
                              perr.msg +
                                  (strncmp(perr.msg, "commissioning tracker: ", 23) ? 0 : 23));
    if (peel_tracker_build(r->store, peel_req_reader(r), &a, &t, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        *err = (peel_err){0};
        return peel_req_error(r, 400, "invalid", "fund", "no fund of that name");
    }
    json_t *o = json_object(), *data = json_array();
    size_t first = (size_t)((page - 1) * per);
    for (size_t i = first; o && data && i < t.n && i < first + (size_t)per; i++)
        json_array_append_new(data, row_json(&t.v[i]));
    size_t total = t.n;
    peel_tracker_release(&t);
    if (!o || !data) {
        json_decref(o);
        json_decref(data);
        return peel_req_error(r, 500, "internal", NULL, "out of memory");
    }
    json_object_set_new(o, "data", data);
    json_object_set_new(o, "page", json_integer(page));
    json_object_set_new(o, "per_page", json_integer(per));
    json_object_set_new(o, "total", json_integer((json_int_t)total));
    return peel_req_json(r, 200, o);
}
