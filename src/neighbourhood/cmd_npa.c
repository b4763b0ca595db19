/* cmd_npa.c - `peel neighbourhood npa [CODE] [--from YYYY-MM] [--to
 * YYYY-MM] [--format table|text|csv|json]`: every neighbourhood policing
 * area the reader may open with its district, establishment, abstraction
 * rate, engagements and street crime, or one of them in full (npa_view.h).
 * A report: exit status 0; 2 on bad arguments.  Everything it builds is
 * released before it returns. */
#include "neighbourhood/cmd_resourcing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/table.h"
#include "core/buf.h"
#include "core/csv.h"
#include "neighbourhood/npa_view.h"

static json_t *opt_int(bool has, int64_t v)
{
    return has ? json_integer((json_int_t)v) : json_null();
}

static json_t *period_json(const peel_npa_crime_period *p)
{
    char a[8], b[8];
    peel_month_format(p->from, a);
    peel_month_format(p->to, b);
    return json_pack("{s:s, s:s, s:i, s:I}", "from", a, "to", b, "months_held", p->months_held,
                     "crimes", (json_int_t)p->crimes);
}

static json_t *npa_json(const peel_npa *n)
{
    char text[200];
    json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "code", n->code, "name", n->name, "district",
                          n->district, "district_code", n->district_code);
    json_t *est = json_array(), *deps = json_array(), *engs = json_array();
    if (!o || !est || !deps || !engs) {
        json_decref(o);
        json_decref(est);
        json_decref(deps);
        json_decref(engs);
        return NULL;
    }
    for (size_t i = 0; i < n->est.n; i++) {
        const peel_npa_est *e = &n->est.v[i];
        json_array_append_new(
            est, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "role", e->role, "when", e->when,
                           "ref", e->ref, "allocated", opt_int(e->has[0], e->v[0]), "funded",
                           opt_int(e->has[1], e->v[1]), "actual", opt_int(e->has[2], e->v[2]),
                           "reported", opt_int(e->has[3], e->v[3])));
    }
    json_object_set_new(o, "establishment", est);
    const peel_npa_rate *r = &n->rate;
    for (size_t i = 0; i < r->deps.n; i++) {
        const peel_npa_dep *d = &r->deps.v[i];
        json_array_append_new(deps, json_pack("{s:s, s:s, s:s, s:I, s:I, s:b}", "ref", d->ref,
                                              "name", d->name, "date", d->date, "officers",
                                              (json_int_t)d->officers, "hours",
                                              (json_int_t)d->hours, "in_rate", d->in_rate));
    }
    if (r->has_pct)
        peel_npa_rate_text(r, text);
    json_object_set_new(o, "abstraction",
                        json_pack("{s:i, s:i, s:I, s:I, s:o, s:s, s:I, s:I, s:o}", "months",
                                  r->months, "months_held", r->months_held, "abstracted_hours",
                                  (json_int_t)r->abstracted, "available_hours",
                                  (json_int_t)r->available, "rate",
                                  r->has_pct ? json_string(text) : json_null(), "why", r->why,
                                  "not_in_rate", (json_int_t)r->outside, "not_in_rate_hours",
                                  (json_int_t)r->outside_hours, "deployments", deps));
    for (size_t i = 0; i < n->eng.n; i++)
        json_array_append_new(engs, json_pack("{s:s, s:s, s:s}", "ref", n->eng.v[i].ref, "title",
                                              n->eng.v[i].title, "date", n->eng.v[i].date));
    json_object_set_new(o, "engagements",
                        json_pack("{s:I, s:o}", "count", (json_int_t)n->eng.n, "list", engs));
    const peel_npa_crime *c = &n->crime;
    if (c->has_pct)
        peel_npa_crime_change_text(c, text);
    json_object_set_new(o, "crime",
                        c->have ? json_pack("{s:b, s:o, s:o, s:o, s:s}", "counted", 1, "last_12",
                                            period_json(&c->now), "before", period_json(&c->before),
                                            "change", c->has_pct ? json_string(text) : json_null(),
                                            "why", c->why)
                                : json_pack("{s:b, s:s}", "counted", 0, "why", c->note));
    return o;
}

static int print_json(const peel_npa_list *l)
{
    char a[8], b[8];
    peel_month_format(l->from, a);
    peel_month_format(l->to, b);
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < l->n; i++)
        json_array_append_new(arr, npa_json(&l->v[i]));
    json_t *o = json_pack("{s:s, s:s, s:o}", "from", a, "to", b, "npas", arr);
    char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII) : NULL;
    json_decref(o);
    if (!text)
        return -1;
    puts(text);
    free(text);
    return 0;
}

static int print_csv(const peel_cli *cli, const peel_npa_list *l)
{
    static const char *const cols[] = {"code",
                                       "name",
                                       "district",
                                       "from",
                                       "to",
                                       "months_held",
                                       "abstracted_hours",
                                       "available_hours",
                                       "rate",
                                       "not_in_rate",
                                       "engagements",
                                       "crimes",
                                       "crime_months_held",
                                       "crimes_before",
                                       "crime_months_held_before",
                                       "crime_change"};
    enum { NCOLS = sizeof cols / sizeof cols[0] };
    char from[8], to[8];
    peel_buf b;
    int rc = 0;
    peel_month_format(l->from, from);
    peel_month_format(l->to, to);
    peel_buf_init(&b, 0);
    peel_cli_csv_begin(cli);
    peel_csv_put_row(&b, cols, NCOLS);
    for (size_t i = 0; i < l->n; i++) {
        const peel_npa *n = &l->v[i];
        char num[8][24], rate[200], change[200];
        snprintf(num[0], 24, "%d", n->rate.months_held);
        snprintf(num[1], 24, "%lld", (long long)n->rate.abstracted);
        snprintf(num[2], 24, "%lld", (long long)n->rate.available);
        snprintf(num[3], 24, "%zu", n->rate.outside);
        snprintf(num[4], 24, "%zu", n->eng.n);
        num[5][0] = num[6][0] = num[7][0] = '\0';
        char before_held[24] = "";
        if (n->crime.have) {
            snprintf(num[5], 24, "%lld", (long long)n->crime.now.crimes);
            snprintf(num[6], 24, "%d", n->crime.now.months_held);
            snprintf(num[7], 24, "%lld", (long long)n->crime.before.crimes);
            snprintf(before_held, 24, "%d", n->crime.before.months_held);
        }
        const char *cells[NCOLS] = {n->code,
                                    n->name,
                                    n->district,
                                    from,
                                    to,
                                    num[0],
                                    num[1],
                                    num[2],
                                    peel_npa_rate_text(&n->rate, rate),
                                    num[3],
                                    num[4],
                                    num[5],
                                    num[6],
                                    num[7],
                                    before_held,
                                    peel_npa_crime_change_text(&n->crime, change)};
        peel_csv_put_row(&b, cells, NCOLS);
    }
    if (b.failed)
        rc = -1;
    else
        fwrite(b.data, 1, b.len, stdout);
    peel_buf_release(&b);
    return rc;
}

static void print_list(const peel_npa_list *l)
{
    peel_table *t = peel_table_new();
    if (!t)
        return;
    static const char *const heads[] = {"Code",        "Name",        "District",
                                        "Abstraction", "Months held", "Engagements",
                                        "Crimes",      "12 before",   "Change"};
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++)
        peel_table_header(t, heads[k]);
    for (size_t k = 4; k < 8; k++)
        peel_table_align_right(t, k);
    for (size_t i = 0; i < l->n; i++) {
        const peel_npa *n = &l->v[i];
        char rate[200], change[200];
        peel_table_row_begin(t);
        peel_table_cell(t, n->code);
        peel_table_cell(t, n->name);
        peel_table_cell(t, n->district);
        peel_table_cell(t, peel_npa_rate_text(&n->rate, rate));
        peel_table_cellf(t, "%d of %d", n->rate.months_held, n->rate.months);
        peel_table_cellf(t, "%zu", n->eng.n);
        if (n->crime.have) {
            peel_table_cellf(t, "%lld (%d of 12 months)", (long long)n->crime.now.crimes,
                             n->crime.now.months_held);
            peel_table_cellf(t, "%lld (%d of 12 months)", (long long)n->crime.before.crimes,
                             n->crime.before.months_held);
        } else {
            peel_table_cell(t, "");
            peel_table_cell(t, "");
        }
        peel_table_cell(t, peel_npa_crime_change_text(&n->crime, change));
    }
    peel_table_print(t, stdout);
    peel_table_free(t);
}

static void print_one(const peel_npa *n, peel_month from, peel_month to)
{
    char a[24], b[24], text[200];
    peel_month_format_long(from, a);
    peel_month_format_long(to, b);
    printf("%s %s%s%s\n\n", n->code, n->name, *n->district ? ", in " : "", n->district);

    printf("Establishment (the latest record of each role)\n");
    if (!n->est.n) {
        printf("  none recorded\n");
    } else {
        peel_table *t = peel_table_new();
        if (t) {
            static const char *const heads[] = {"Role",   "When",   "Allocated",
                                                "Funded", "Actual", "Reported (unqualified)"};
            for (size_t k = 0; k < 6; k++)
                peel_table_header(t, heads[k]);
            for (size_t k = 2; k < 6; k++)
                peel_table_align_right(t, k);
            for (size_t i = 0; i < n->est.n; i++) {
                const peel_npa_est *e = &n->est.v[i];
                peel_table_row_begin(t);
                peel_table_cell(t, e->role);
                peel_table_cell(t, e->when);
                for (int k = 0; k < PEEL_NPA_MEASURES; k++) {
                    if (e->has[k])
                        peel_table_cellf(t, "%lld", (long long)e->v[k]);
                    else
                        peel_table_cell(t, "");
                }
            }
            peel_table_print(t, stdout);
            peel_table_free(t);
        }
    }

    const peel_npa_rate *r = &n->rate;
    printf("\nAbstraction rate, %s to %s: %s\n", a, b, peel_npa_rate_text(r, text));
    printf("  %d of the %d months hold available hours; %lld hours abstracted of %lld "
           "available in them\n",
           r->months_held, r->months, (long long)r->abstracted, (long long)r->available);
    for (size_t i = 0; i < r->deps.n; i++) {
        const peel_npa_dep *d = &r->deps.v[i];
        printf("  %s %s (%s): %lld hours, %lld officer%s%s\n", *d->date ? d->date : "undated",
               d->name, d->ref, (long long)d->hours, (long long)d->officers,
               d->officers == 1 ? "" : "s",
               d->in_rate ? ""
               : *d->date ? " - not in the rate: its month holds no available hours"
                          : " - not in the rate: the deployment has no date");
    }
    if (r->outside)
        printf("  %zu deployment%s (%lld hours) not in the rate\n", r->outside,
               r->outside == 1 ? "" : "s", (long long)r->outside_hours);

    printf("\nEngagements, %s to %s: %zu\n", a, b, n->eng.n);
    for (size_t i = 0; i < n->eng.n; i++)
        printf("  %s %s (%s)\n", n->eng.v[i].date, n->eng.v[i].title, n->eng.v[i].ref);

    const peel_npa_crime *c = &n->crime;
    printf("\nStreet crime\n");
    if (!c->have) {
        printf("  not counted: %s\n", c->note);
        return;
    }
    const peel_npa_crime_period *ps[2] = {&c->now, &c->before};
    for (int k = 0; k < 2; k++) {
        peel_month_format_long(ps[k]->from, a);
        peel_month_format_long(ps[k]->to, b);
        printf("  %s to %s: %lld crimes (%d of 12 months hold data)\n", a, b,
               (long long)ps[k]->crimes, ps[k]->months_held);
    }
    printf("  Change: %s\n", peel_npa_crime_change_text(c, text));
}

static int parse_month(const char *s, const char *opt, peel_month *out, peel_err *err)
{
    if (peel_month_parse(s, strlen(s), out, err) < 0) {
        peel_err_prefix(err, "neighbourhood npa: %s", opt);
        return -1;
    }
    return 0;
}

int peel_neighbourhood_npa_cmd(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const char *from_s = NULL, *to_s = NULL;
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_month from = 0, to = 0;
    peel_npa_list l;
    int npos = 0;
    const peel_opt opts[] = {
        PEEL_OPTION("--from", PEEL_OPT_STRING, &from_s, "the first month, such as 2023-04"),
        PEEL_OPTION("--to", PEEL_OPT_STRING, &to_s, "the last month, such as 2024-03"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table (or text), csv or json"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, &npos, err) < 0)
        return -1;
    if (npos > 1)
        return peel_err_set(err, PEEL_EINPUT, "neighbourhood npa: give at most one area code");
    const char *code = npos ? argv[1] : NULL;
    if ((from_s && parse_month(from_s, "--from", &from, err) < 0) ||
        (to_s && parse_month(to_s, "--to", &to, err) < 0))
        return -1;
    if (from && to && to < from)
        return peel_err_set(err, PEEL_EINPUT, "neighbourhood npa: --to is before --from");
    if (peel_npa_list_of(cli->store, cli->reader, code, from, to, &l, err) < 0)
        return -1;
    int rc = 0;
    if (format == PEEL_FORMAT_JSON) {
        rc = print_json(&l);
    } else if (format == PEEL_FORMAT_CSV) {
        rc = print_csv(cli, &l);
    } else if (!l.n) {
        printf("No neighbourhood policing area is defined. Define them with a CSV of area\n"
               "records, code,name,kind,parent,npa: one row of kind npa per area and one row\n"
               "of kind lsoa per LSOA naming its NPA, loaded with `peel import area FILE`\n"
               "(docs/METHODS.md, \"Crime counts by month, type and area\").\n");
    } else if (code) {
        print_one(&l.v[0], l.from, l.to);
    } else {
        char a[24], b[24];
        peel_month_format_long(l.from, a);
        peel_month_format_long(l.to, b);
        printf("Neighbourhood policing areas: abstraction and engagements %s to %s; street "
               "crime in the last 12 months and the 12 before\n\n",
               a, b);
        print_list(&l);
    }
    peel_npa_list_release(&l);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the table");
    return 0;
}
