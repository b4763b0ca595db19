/* api_crime.c - the crime figures' JSON twins, /api/v1/crime/FIGURE: the
 * summary, comparisons, repeat locations, control limits, outcomes and stop
 * and search that `peel crime FIGURE` prints, and which months hold which
 * kind of police.uk file.
 *
 * Each twin takes the command's options as query parameters (--area is
 * area, --baseline-from is baseline_from), read by the shared readers in
 * params.c, and builds its table with the same src/crime function the
 * command calls, so the figures and the notes printed beside them (unequal
 * coverage, a small base, a scope that differs) are the command's.  The
 * answer is {"data": the table's rows as objects keyed by column name,
 * "meta": period, area, months holding data, notes; "page", "per_page",
 * "total"}, paged with _page and _per as the records API pages its lists.
 *
 * Access: everyone.  police.uk data is published under the Open Government
 * Licence; an area the reader may not open (not published) is "no area",
 * exactly as for `peel crime` and /crime/pack (model/reader.c).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "crime/report.h"
#include "domain/geo.h"
#include "store/crime_db.h"
#include "web/http.h"
#include "web/records.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The parameters of each twin, as in the OpenAPI document (the paging pair
 * is added there and accepted here). */
static const char *const summary_args[] = {"area", "from", "to", "type", "by", NULL};
static const char *const compare_args[] = {"area", "from", "to", "type", "month", NULL};
static const char *const hotspots_args[] = {"area", "from", "to", "type", "limit", NULL};
static const char *const spc_args[] = {"area",          "from",        "to", "type",
                                       "baseline_from", "baseline_to", NULL};
static const char *const outcomes_args[] = {"area", "from", "to", "type", "positive", NULL};
static const char *const stops_args[] = {"area", "from", "to", "by", NULL};
static const char *const months_args[] = {"from", "to", NULL};

static const char *const summary_by[] = {"month",      "type",       "area",
                                         "outcome",    "month,area", "area,month",
                                         "month,type", "type,month", NULL};
static const char *const stops_by[] = {
    "legislation", "object", "outcome", "ethnicity", "officer-ethnicity",
    "type",        "gender", "age",     NULL};

enum figure { F_SUMMARY, F_COMPARE, F_HOTSPOTS, F_SPC, F_OUTCOMES, F_STOPS, F_MONTHS };

static const struct {
    const char *name;
    const char *const *args;
} figures[] = {
    [F_SUMMARY] = {"summary", summary_args},    [F_COMPARE] = {"compare", compare_args},
    [F_HOTSPOTS] = {"hotspots", hotspots_args}, [F_SPC] = {"spc", spc_args},
    [F_OUTCOMES] = {"outcomes", outcomes_args}, [F_STOPS] = {"stops", stops_args},
    [F_MONTHS] = {"months", months_args},
};

/* A month parameter: whether it was given (and read), and as the view's text. */
typedef struct month_param {
    bool has;
    peel_month m;
    char s[8];
} month_param;

/* What a twin was asked, once read. */
typedef struct query {
    peel_crime_view_args view;
    month_param from, to, month, bfrom, bto;
    const char *by, *positive;
    long long limit, page, per;
} query;

static void read_month(peel_req *r, const char *name, month_param *out)
{
    out->has = peel_param_text(r, name) && peel_param_month(r, name, name, 0, &out->m);
    if (out->has)
        peel_month_format(out->m, out->s);
}

/* Reads every parameter of figure f into q.  false when it answered 400:
 * a parameter the twin does not take, or the first that did not read, named
 * in the error's field. */
static bool read_query(peel_req *r, enum figure f, query *q)
{
    const char *const *args = figures[f].args;
    int by = -1;

    memset(q, 0, sizeof *q);
    for (size_t i = 0; i < r->nargs; i++) {
        bool known = peel_param_is_paging(r->args[i].name);
        for (size_t k = 0; args[k] && !known; k++)
            known = !strcmp(r->args[i].name, args[k]);
        if (!known) {
            bool utf8 = peel_utf8_valid(r->args[i].name, strlen(r->args[i].name), NULL);
            peel_req_error(r, 400, "invalid", utf8 ? r->args[i].name : NULL,
                           "'%.60s' is not a parameter of this view", utf8 ? r->args[i].name : "?");
            return false;
        }
        if (!peel_utf8_valid(r->args[i].value, strlen(r->args[i].value), NULL))
            peel_param_problem(r, r->args[i].name, r->args[i].name,
                               "%s: the text is not valid UTF-8", r->args[i].name);
    }
    read_month(r, "from", &q->from);
    read_month(r, "to", &q->to);
    read_month(r, "month", &q->month);
    read_month(r, "baseline_from", &q->bfrom);
    read_month(r, "baseline_to", &q->bto);
    q->view.area = peel_param_text(r, "area");
    q->view.type = peel_param_text(r, "type");
    q->view.from = q->from.has ? q->from.s : NULL;
    q->view.to = q->to.has ? q->to.s : NULL;
    q->positive = peel_param_text(r, "positive");
    if (f == F_SUMMARY || f == F_STOPS) {
        const char *const *values = f == F_SUMMARY ? summary_by : stops_by;
        if (peel_param_choice(r, "by", "by", values, &by) && by >= 0)
            q->by = values[by];
    }
    peel_param_int(r, "limit", "limit", 1, 10000, 10, &q->limit);
    peel_param_paging(r, PEEL_LIST_MAX_PER_PAGE, PEEL_LIST_PER_PAGE, &q->page, &q->per);
    if (!r->nproblems)
        return true;
    const peel_problem *p = &r->problems[0];
    if (p->name && !strcmp(p->name, "by")) { /* a program is told the choices */
        peel_buf b = PEEL_BUF_INIT;
        for (const char *const *v = f == F_SUMMARY ? summary_by : stops_by; *v; v++)
            peel_buf_printf(&b, "%s%s", b.len ? "; " : "", *v);
        peel_req_error(r, 400, "invalid", "by", "by: '%.40s' is not one of %s",
                       p->typed ? p->typed : "", peel_buf_str(&b));
        peel_buf_release(&b);
    } else {
        peel_req_error(r, 400, "invalid", p->name, "%s", p->msg);
    }
    return false;
}

/* An error from src/crime as the API's answer: its message names the
 * command's option ("--from: no data for 2019-01; ..."), which is the
 * parameter here.  0 when answered, -1 for a failure (500). */
static int crime_error(peel_req *r, peel_err *err)
{
    char field[24] = "", msg[PEEL_ERR_MSG_MAX];
    const char *m = err->msg;
    unsigned status = err->code == PEEL_EINPUT ? 400 : err->code == PEEL_ENOTFOUND ? 404 : 0;

    if (!status)
        return -1;
    if (!strncmp(m, "--", 2)) {
        size_t n = strcspn(m + 2, ": ");
        if (n < sizeof field) {
            memcpy(field, m + 2, n);
            field[n] = '\0';
            for (char *c = field; *c; c++)
                *c = *c == '-' ? '_' : *c;
            m += 2;
        }
    }
    snprintf(msg, sizeof msg, "%s", m);
    peel_err_clear(err);
    return peel_req_error(r, status, status == 400 ? "invalid" : "not_found", *field ? field : NULL,
                          "%s", msg);
}

/* The area as the reader sees the areas (cmd_crime.c's rule): one it may
 * not open is "no area", as one that does not exist, and the valid areas
 * are not listed to such a reader.  1 open, 0 answered 404, -1 failure. */
static int area_open(peel_req *r, const char *area, peel_err *err)
{
    peel_crime_area a;
    peel_record *rec = NULL;
    int found;

    if (!area || peel_reader_sees_sensitive(peel_req_reader(r)))
        return 1;
    if ((found = peel_crime_db_area_find(r->store, area, &a, err)) < 0)
        return -1;
    if (found && peel_store_get(r->store, &peel_type_area, a.id, &rec, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(err);
    }
    found = found && peel_reader_record_visible(peel_req_reader(r), rec);
    peel_record_free(rec);
    if (!found)
        peel_req_error(r, 404, "not_found", "area", "no area '%.100s'", area);
    return found;
}

/* A month as JSON text. */
static json_t *month_json(peel_month m)
{
    char s[8];
    peel_month_format(m, s);
    return json_string(s);
}

/* A cell of a numeric column as a JSON number (null when empty: a month
 * without data is not zero); any other cell as text. */
static json_t *cell_json(const char *cell, bool numeric)
{
    long long n;
    char *end;
    if (!numeric)
        return json_string(cell);
    if (!*cell)
        return json_null();
    if (peel_str_to_i64(peel_str_c(cell), &n))
        return json_integer(n);
    double d = strtod(cell, &end);
    return *end ? json_string(cell) : json_real(d);
}

/* The rows of a result table as objects keyed by column name. */
static json_t *result_rows(const peel_crime_result *res)
{
    json_t *all = json_array();
    for (size_t i = 0; all && i < res->nrows; i++) {
        json_t *o = json_object();
        for (size_t c = 0; o && c < res->ncols; c++)
            json_object_set_new(o, res->cols[c],
                                cell_json(res->cells[i * res->ncols + c], res->numeric[c]));
        json_array_append_new(all, o);
    }
    return all;
}

/* The notes printed under the table, one line each. */
static json_t *notes_json(const peel_buf *notes)
{
    json_t *a = json_array();
    const char *s = peel_buf_str(notes);
    while (a && *s) {
        size_t n = strcspn(s, "\n");
        if (n)
            json_array_append_new(a, json_stringn(s, n));
        s += n + (s[n] == '\n');
    }
    return a;
}

/* Months of [from, to] without data, as runs ("2022-03 to 2022-05"). */
static json_t *gaps_json(peel_month from, peel_month to, const bool *have)
{
    json_t *a = json_array();
    peel_buf b = PEEL_BUF_INIT;
    peel_crime_month_runs(&b, from, to, have, false);
    for (const char *s = peel_buf_str(&b); a && *s;) {
        size_t n = strcspn(s, ",");
        json_array_append_new(a, json_stringn(s, n));
        s += n + (s[n] == ',' ? 2 : 0);
    }
    peel_buf_release(&b);
    return a;
}

/* {"data": this page of all, "meta": meta, "page", "per_page", "total"}
 * (all and meta are taken over). */
static int answer(peel_req *r, const query *q, json_t *all, json_t *meta)
{
    json_t *slice = json_array();
    size_t total = json_array_size(all), from = (size_t)((q->page - 1) * q->per);
    for (size_t i = from; slice && i < total && i < from + (size_t)q->per; i++)
        json_array_append(slice, json_array_get(all, i));
    json_decref(all);
    if (!slice || !meta) {
        json_decref(slice);
        json_decref(meta);
        return peel_req_error(r, 500, "internal", NULL, "out of memory");
    }
    return peel_req_json(r, 200,
                         json_pack("{s:o,s:o,s:I,s:I,s:I}", "data", slice, "meta", meta, "page",
                                   (json_int_t)q->page, "per_page", (json_int_t)q->per, "total",
                                   (json_int_t)total));
}

/* The table the command prints for figure f, from the view v. */
static int figure_table(peel_req *r, enum figure f, const query *q, const peel_crime_view *v,
                        peel_crime_result *res, peel_err *err)
{
    switch (f) {
    case F_SUMMARY:
        return peel_crime_summary(v, q->by, r->store, res, err);
    case F_COMPARE:
        if (q->month.has && (q->month.m < v->from || q->month.m > v->to))
            return peel_err_set(err, PEEL_EINPUT, "--month: it must lie in the period shown");
        return peel_crime_compare_at(v, q->month.has ? q->month.m : v->to, res, err);
    case F_HOTSPOTS:
        return peel_crime_hotspots(r->store, v, (int)q->limit, res, err);
    case F_SPC: {
        peel_month bf, bt;
        peel_crime_spc_baseline(v->from, v->to, &bf, &bt); /* the command's and the pack's rule */
        return peel_crime_spc_table(v, q->bfrom.has ? q->bfrom.m : bf, q->bto.has ? q->bto.m : bt,
                                    res, err);
    }
    case F_OUTCOMES:
        return peel_crime_outcomes_latest(r->store, v, q->positive, res, err);
    case F_STOPS:
        return peel_crime_stops(r->store, v, q->by, res, err);
    case F_MONTHS:
        break;
    }
    return peel_err_set(err, PEEL_EINTERNAL, "not a figure");
}

/* Period, area, the months holding data (street files, or stop-and-search
 * files for stops), the table's columns and notes. */
static json_t *figure_meta(peel_req *r, enum figure f, const query *q, const peel_crime_view *v,
                           const peel_crime_result *res, peel_err *err)
{
    const char *kind = f == F_STOPS ? "stop-and-search" : "street";
    bool *have = calloc(v->nm, sizeof *have);
    int *forces = calloc(v->nm, sizeof *forces);
    json_t *cols = json_array(), *meta = NULL;
    size_t with = 0;

    if (!have || !forces || !cols) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto out;
    }
    if (f == F_STOPS) {
        if (peel_crime_month_files(r->store, kind, v->from, v->to, forces, err) < 0)
            goto out;
        for (size_t i = 0; i < v->nm; i++)
            have[i] = forces[i] > 0;
    } else {
        memcpy(have, v->have, v->nm * sizeof *have);
    }
    for (size_t i = 0; i < v->nm; i++)
        with += have[i];
    for (size_t c = 0; c < res->ncols; c++)
        json_array_append_new(cols, json_pack("{s:s,s:s,s:b}", "name", res->cols[c], "label",
                                              res->heads[c] ? res->heads[c] : res->cols[c],
                                              "numeric", res->numeric[c]));
    meta = json_pack("{s:s,s:s,s:{s:s,s:s,s:s},s:o,s:o,s:I,s:s,s:I,s:o,s:s?,s:s?,s:i,s:o,s:o}",
                     "figure", figures[f].name, "title", res->title, "area", "name", v->area.name,
                     "code", v->area.code, "kind", v->area.kind, "from", month_json(v->from), "to",
                     month_json(v->to), "months", (json_int_t)v->nm, "months_of", kind,
                     "months_with_data", (json_int_t)with, "months_without_data",
                     gaps_json(v->from, v->to, have), "type",
                     v->type_id ? v->types.v[v->type_id] : NULL, "by", q->by, "small_base",
                     PEEL_CRIME_SMALL_BASE, "columns", cols, "notes", notes_json(&res->notes));
    cols = NULL;
    if (!meta)
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
    else if (f == F_COMPARE)
        json_object_set_new(meta, "month", month_json(q->month.has ? q->month.m : v->to));
out:
    json_decref(cols);
    free(have);
    free(forces);
    return meta;
}

static int figure(peel_req *r, enum figure f, const query *q, peel_err *err)
{
    peel_crime_view v;
    peel_crime_result res = {0};
    json_t *meta;
    int rc;

    if ((rc = area_open(r, q->view.area, err)) <= 0)
        return rc;
    if (peel_crime_view_load(r->store, &q->view, &v, err) < 0)
        return crime_error(r, err);
    /* hotspots: the last 12 months unless asked otherwise, as the command */
    if (f == F_HOTSPOTS && !q->view.from && v.nm > 12) {
        peel_crime_view_args a = q->view;
        char from[8];
        peel_month_format(v.to - 11, from);
        a.from = from;
        peel_crime_view_release(&v);
        if (peel_crime_view_load(r->store, &a, &v, err) < 0)
            return crime_error(r, err);
    }
    if (figure_table(r, f, q, &v, &res, err) < 0)
        rc = crime_error(r, err);
    else if (!(meta = figure_meta(r, f, q, &v, &res, err)))
        rc = -1;
    else
        rc = answer(r, q, result_rows(&res), meta);
    peel_crime_result_release(&res);
    peel_crime_view_release(&v);
    return rc;
}

/* ---- /api/v1/crime/months ---- */

typedef struct span_ctx {
    bool any;
    peel_month first, last;
} span_ctx;

static int span_cb(void *ctx, const peel_crime_file_row *fr, peel_err *err)
{
    span_ctx *sc = ctx;
    (void)err;
    if (!fr->current)
        return 0;
    if (!sc->any || fr->month < sc->first)
        sc->first = fr->month;
    if (!sc->any || fr->month > sc->last)
        sc->last = fr->month;
    sc->any = true;
    return 0;
}

/* Every month from the first to the last with any file (or from..to), each
 * saying how many forces' files of each kind it holds: a gap is a month
 * with 0, listed, never left out. */
static int months(peel_req *r, const query *q, peel_err *err)
{
    static const char *const kinds[] = {"street", "outcomes", "stop-and-search"};
    static const char *const keys[] = {"street", "outcomes", "stop_and_search"};
    span_ctx sc = {0};
    peel_month from, to;
    json_t *all, *per_kind;
    int *forces[N(kinds)] = {0};
    bool *have = NULL;
    int rc = -1;

    if (peel_crime_db_files(r->store, span_cb, &sc, err) < 0)
        return -1;
    if (!sc.any && !q->from.has && !q->to.has)
        return answer(r, q, json_array(),
                      json_pack("{s:n,s:n,s:i,s:{}}", "from", "to", "months", 0, "kinds"));
    if (!sc.any) /* one end given, no file: that month alone */
        sc.first = sc.last = q->from.has ? q->from.m : q->to.m;
    from = q->from.has ? q->from.m : sc.first;
    to = q->to.has ? q->to.m : sc.last;
    if (to < from) {
        char a[8], z[8];
        peel_month_format(from, a);
        peel_month_format(to, z);
        return peel_req_error(r, 400, "invalid", "to", "to: %s is before from %s", z, a);
    }
    if (to - from >= 1200)
        return peel_req_error(r, 400, "invalid", "to", "to: at most 100 years at a time");
    size_t nm = (size_t)(to - from + 1);
    all = json_array();
    per_kind = json_object();
    have = calloc(nm, sizeof *have);
    for (size_t k = 0; k < N(kinds); k++)
        if (!(forces[k] = calloc(nm, sizeof *forces[k])) ||
            peel_crime_month_files(r->store, kinds[k], from, to, forces[k], err) < 0)
            goto out;
    if (!all || !per_kind || !have)
        goto out;
    for (size_t i = 0; i < nm; i++) {
        json_t *row = json_pack("{s:o}", "month", month_json(from + (peel_month)i));
        for (size_t k = 0; row && k < N(kinds); k++) {
            char fk[32];
            snprintf(fk, sizeof fk, "%s_forces", keys[k]);
            json_object_set_new(row, keys[k], json_boolean(forces[k][i] > 0));
            json_object_set_new(row, fk, json_integer(forces[k][i]));
        }
        json_array_append_new(all, row);
    }
    for (size_t k = 0; k < N(kinds); k++) {
        size_t with = 0;
        for (size_t i = 0; i < nm; i++)
            with += have[i] = forces[k][i] > 0;
        json_object_set_new(per_kind, keys[k],
                            json_pack("{s:s,s:I,s:o}", "kind", kinds[k], "months_with_data",
                                      (json_int_t)with, "months_without_data",
                                      gaps_json(from, to, have)));
    }
    rc = answer(r, q, all,
                json_pack("{s:o,s:o,s:I,s:o}", "from", month_json(from), "to", month_json(to),
                          "months", (json_int_t)nm, "kinds", per_kind));
    all = per_kind = NULL;
out:
    json_decref(all);
    json_decref(per_kind);
    free(have);
    for (size_t k = 0; k < N(kinds); k++)
        free(forces[k]);
    return rc;
}

/* GET /api/v1/crime/FIGURE */
int peel_api_crime(peel_req *r, const peel_str *p, peel_err *err)
{
    query q;
    for (size_t f = 0; f < N(figures); f++) {
        if (!peel_str_eq(p[0], figures[f].name))
            continue;
        if (!read_query(r, (enum figure)f, &q))
            return 0;
        return f == F_MONTHS ? months(r, &q, err) : figure(r, (enum figure)f, &q, err);
    }
    return peel_req_error(r, 404, "not_found", NULL,
                          "there is no crime figure here: summary, compare, hotspots, spc, "
                          "outcomes, stops, months");
}

/* The twins in the OpenAPI document (api.c), named by the crime module. */
#define FIGURE_ROWS(what)                                                                          \
    "the rows of " what " as `peel crime` prints them, keyed by column name (numbers as "          \
    "numbers, null for a month without data); meta: figure, title, area, from, to, months, "       \
    "months_with_data, months_without_data, type, by, small_base, columns, notes"
const peel_api_doc peel_api_docs_crime[] = {
    {"/api/v1/crime/summary", "Crimes by month, type, area or outcome (peel crime summary)",
     summary_args, FIGURE_ROWS("the summary")},
    {"/api/v1/crime/compare",
     "The month, 12 months and financial year to date against a year before, ending at month "
     "(peel crime compare)",
     compare_args, FIGURE_ROWS("the comparisons")},
    {"/api/v1/crime/hotspots",
     "Repeat locations, by default the last 12 months (peel crime hotspots)", hotspots_args,
     FIGURE_ROWS("the repeat locations")},
    {"/api/v1/crime/spc", "Unusual months: control limits (peel crime spc)", spc_args,
     FIGURE_ROWS("the control chart")},
    {"/api/v1/crime/outcomes", "Shares by latest outcome and the positive outcome rate",
     outcomes_args, FIGURE_ROWS("the outcomes")},
    {"/api/v1/crime/stops", "Stop and search by legislation, object, outcome, ethnicity...",
     stops_args, FIGURE_ROWS("stop and search")},
    {"/api/v1/crime/months",
     "Which months hold street, outcomes and stop-and-search files; a gap is listed with false",
     months_args,
     "a month: month, street, street_forces, outcomes, outcomes_forces, stop_and_search, "
     "stop_and_search_forces; meta: from, to, months, kinds (months_with_data, "
     "months_without_data for each)"},
    {0},
};
