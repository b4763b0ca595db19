/* cmd_resourcing.c - `peel neighbourhood establishment`: the establishment
 * change table, and `peel neighbourhood savings|budget --year YYYY-YY`: a
 * year's savings or budget lines with each printed total beside what its
 * parts add up to (resourcing.h).  Reports: exit status 0; 2 on bad arguments. */
#include "neighbourhood/cmd_resourcing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/table.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/money.h"
#include "core/pct.h"
#include "model/records.h"
#include "neighbourhood/neighbourhood.h"
#include "neighbourhood/resourcing.h"

/* Writes JSON to stdout; -1 when out of memory. */
static int put_json(json_t *o)
{
    char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII) : NULL;
    json_decref(o);
    if (!text)
        return -1;
    puts(text);
    free(text);
    return 0;
}

/* ---- establishment ---- */

static void est_change(const peel_est_row *r, char change[32], char pct[32])
{
    change[0] = pct[0] = '\0';
    if (!r->has_change)
        return;
    snprintf(change, 32, "%s%lld", r->change > 0 ? "+" : "", (long long)r->change);
    if (r->has_pct)
        peel_pct_format(r->pct10, 1, true, pct);
    else
        snprintf(pct, 32, "n/a");
}

static int est_print(const peel_cli *cli, enum peel_format format, const peel_est_table *t)
{
    static const char *const cols[] = {"role",  "area",   "area_name",  "when", "measure",
                                       "value", "change", "change_pct", "ref"};
    enum { NCOLS = sizeof cols / sizeof cols[0] };
    if (format == PEEL_FORMAT_JSON) {
        json_t *rows = json_array();
        for (size_t i = 0; rows && i < t->n; i++) {
            const peel_est_row *r = &t->v[i];
            char c[32], p[32];
            est_change(r, c, p);
            json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s}",
                                                  "role", r->role, "area", r->area, "area_name",
                                                  r->area_name, "when", r->when, "measure",
                                                  r->measure, "value", (json_int_t)r->value,
                                                  "change", c, "change_pct", p, "ref", r->ref));
        }
        return put_json(rows);
    }
    if (format == PEEL_FORMAT_CSV) {
        peel_buf b;
        int rc = 0;
        peel_buf_init(&b, 0);
        peel_cli_csv_begin(cli);
        peel_csv_put_row(&b, cols, NCOLS);
        for (size_t i = 0; i < t->n; i++) {
            const peel_est_row *r = &t->v[i];
            char v[24], c[32], p[32];
            snprintf(v, sizeof v, "%lld", (long long)r->value);
            est_change(r, c, p);
            const char *cells[NCOLS] = {r->role, r->area, r->area_name, r->when, r->measure, v,
                                        c,       p,       r->ref};
            peel_csv_put_row(&b, cells, NCOLS);
        }
        if (b.failed)
            rc = -1;
        else
            fwrite(b.data, 1, b.len, stdout);
        peel_buf_release(&b);
        return rc;
    }
    peel_table *tb = peel_table_new();
    if (!tb)
        return -1;
    static const char *const heads[] = {"Role",  "Area",   "When",      "Number",
                                        "Value", "Change", "Change (%)"};
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++)
        peel_table_header(tb, heads[k]);
    for (size_t k = 4; k < 7; k++)
        peel_table_align_right(tb, k);
    for (size_t i = 0; i < t->n; i++) {
        const peel_est_row *r = &t->v[i];
        char c[32], p[32];
        est_change(r, c, p);
        peel_table_row_begin(tb);
        peel_table_cell(tb, r->role);
        peel_table_cell(tb, r->area_name);
        peel_table_cell(tb, r->when);
        peel_table_cell(tb, r->measure);
        peel_table_cellf(tb, "%lld", (long long)r->value);
        peel_table_cell(tb, c);
        peel_table_cell(tb, p);
    }
    printf("Establishment by role and area: each number compared with the one before it of "
           "the same kind\n(allocated, funded, actual, or reported without saying which)\n\n");
    peel_table_print(tb, stdout);
    if (!t->n)
        printf("\nNo establishment is recorded.\n");
    peel_table_free(tb);
    return 0;
}

int peel_neighbourhood_establishment_cmd(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const char *role = NULL, *area = NULL;
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_est_table t;
    const peel_opt opts[] = {
        PEEL_OPTION("--role", PEEL_OPT_STRING, &role, "a role: pcso, neighbourhood_officer..."),
        PEEL_OPTION("--area", PEEL_OPT_STRING, &area, "an area's code"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION_END,
    };
    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (peel_est_table_of(cli->store, cli->reader, role, area, &t, err) < 0) {
        peel_err_prefix(err, "neighbourhood establishment");
        return -1;
    }
    int rc = est_print(cli, format, &t);
    peel_est_release(&t);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the table");
    return 0;
}

/* ---- savings and budget, reconciled ---- */

static void money_cell(const peel_record *r, int field, char out[32])
{
    int64_t v;
    out[0] = '\0';
    if (peel_record_int_at(r, field, &v))
        peel_money_format(v, out);
}

static json_t *sav_amounts(const peel_recon_kind *k, const peel_record *r)
{
    json_t *o = json_object();
    for (int f = k->first; o && f <= k->last; f++) {
        int64_t v;
        char m[32];
        if (!peel_record_int_at(r, f, &v))
            continue;
        peel_money_format_plain(v, m);
        json_object_set_new(o, k->type->fields[f].name, json_string(m));
    }
    return o;
}

static json_t *sav_line_json(const peel_recon_kind *k, const peel_record *r)
{
    return json_pack("{s:s, s:s, s:o}", "ref", peel_record_text_at(r, k->ref), "line",
                     peel_record_text_at(r, k->line), "amounts", sav_amounts(k, r));
}

static int sav_json(const peel_sav_view *v)
{
    const peel_recon_kind *kd = v->kind;
    char y[8];
    json_t *groups = json_array();
    peel_fy_format(v->year, y);
    for (size_t i = 0; groups && i < v->n; i++) {
        const peel_sav_group *g = &v->v[i];
        json_t *o = sav_line_json(kd, g->total), *parts = json_array(), *checks = json_array();
        for (size_t p = 0; parts && p < g->nparts; p++)
            json_array_append_new(parts, sav_line_json(kd, g->parts[p]));
        for (size_t c = 0; checks && c < g->nchecks; c++) {
            const peel_sav_check *k = &g->checks[c];
            char t[32] = "", s[32], why[200];
            if (k->has_total)
                peel_money_format_plain(k->total, t);
            peel_money_format_plain(k->sum, s);
            peel_sav_check_text(k, why);
            json_array_append_new(checks,
                                  json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "measure",
                                            kd->type->fields[k->field].name, "total", t,
                                            "parts_sum", s, "parts_with", (json_int_t)k->parts_with,
                                            "parts", (json_int_t)k->nparts, "status",
                                            peel_sav_status_name(k->status), "why", why));
        }
        if (o) {
            json_object_set_new(o, "parts", parts);
            json_object_set_new(o, "checks", checks);
        } else {
            json_decref(parts);
            json_decref(checks);
        }
        json_array_append_new(groups, o);
    }
    return put_json(json_pack("{s:s, s:o}", "year", y, "totals", groups));
}

static int sav_csv(const peel_cli *cli, const peel_sav_view *v)
{
    const peel_recon_kind *k = v->kind;
    const char *cols[3 + PEEL_SAV_MEASURES] = {"total", "ref", "line"};
    size_t ncols = 3;
    peel_buf b;
    int rc = 0;
    for (int f = k->first; f <= k->last; f++)
        cols[ncols++] = k->type->fields[f].name;
    peel_buf_init(&b, 0);
    peel_cli_csv_begin(cli);
    peel_csv_put_row(&b, cols, ncols);
    for (size_t i = 0; i < v->n; i++) {
        const peel_sav_group *g = &v->v[i];
        for (size_t p = 0; p <= g->nparts; p++) {
            const peel_record *r = p ? g->parts[p - 1] : g->total;
            char m[PEEL_SAV_MEASURES][32];
            const char *cells[3 + PEEL_SAV_MEASURES] = {peel_record_text_at(g->total, k->ref),
                                                        peel_record_text_at(r, k->ref),
                                                        peel_record_text_at(r, k->line)};
            for (int f = k->first; f <= k->last; f++) {
                int64_t x;
                char *c = m[f - k->first];
                c[0] = '\0';
                if (peel_record_int_at(r, f, &x))
                    peel_money_format_plain(x, c);
                cells[3 + f - k->first] = c;
            }
            peel_csv_put_row(&b, cells, ncols);
        }
    }
    if (b.failed)
        rc = -1;
    else
        fwrite(b.data, 1, b.len, stdout);
    peel_buf_release(&b);
    return rc;
}

static int sav_table(const peel_sav_view *v)
{
    const peel_recon_kind *k = v->kind;
    char y[8];
    peel_fy_format(v->year, y);
    printf("%s %s: each total the papers print, its parts, and whether the parts add up\n",
           k->type->plural, y);
    if (!v->n)
        printf("\nNo %s line is recorded for %s.\n", k->what, y);
    for (size_t i = 0; i < v->n; i++) {
        const peel_sav_group *g = &v->v[i];
        peel_table *tb = peel_table_new();
        if (!tb)
            return -1;
        peel_table_header(tb, g->nparts ? "Total and its parts" : "Line");
        for (int f = k->first; f <= k->last; f++) {
            peel_table_header(tb, k->type->fields[f].label);
            peel_table_align_right(tb, (size_t)(f - k->first + 1));
        }
        for (size_t p = 0; p <= g->nparts; p++) {
            const peel_record *r = p ? g->parts[p - 1] : g->total;
            peel_table_row_begin(tb);
            peel_table_cellf(tb, "%s%s", p ? "  " : "", peel_record_text_at(r, k->line));
            for (int f = k->first; f <= k->last; f++) {
                char m[32];
                money_cell(r, f, m);
                peel_table_cell(tb, m);
            }
        }
        printf("\n");
        peel_table_print(tb, stdout);
        peel_table_free(tb);
        for (size_t c = 0; c < g->nchecks; c++) {
            char why[200];
            peel_sav_check_text(&g->checks[c], why);
            printf("  %s: %s. %s\n", k->type->fields[g->checks[c].field].label,
                   peel_sav_status_name(g->checks[c].status), why);
        }
    }
    return 0;
}

static int reconcile_cmd(const peel_recon_kind *kind, peel_cli *cli, int argc, char **argv,
                         peel_err *err)
{
    const char *year_s = NULL;
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_fy year;
    peel_sav_view v;
    const peel_opt opts[] = {
        PEEL_OPTION("--year", PEEL_OPT_STRING, &year_s, "the financial year, such as 2023-24"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION_END,
    };
    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (!year_s)
        return peel_err_set(err, PEEL_EINPUT,
                            "neighbourhood %s: --year is required (such as 2023-24)", kind->what);
    if (peel_fy_parse(year_s, strlen(year_s), &year, err) < 0) {
        peel_err_prefix(err, "neighbourhood %s: --year", kind->what);
        return -1;
    }
    if (peel_sav_view_of(cli->store, cli->reader, kind, year, &v, err) < 0)
        return -1;
    int rc = format == PEEL_FORMAT_JSON  ? sav_json(&v)
             : format == PEEL_FORMAT_CSV ? sav_csv(cli, &v)
                                         : sav_table(&v);
    peel_sav_release(&v);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the %s", kind->what);
    return 0;
}

int peel_neighbourhood_savings_cmd(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    return reconcile_cmd(&peel_recon_savings, cli, argc, argv, err);
}

int peel_neighbourhood_budget_cmd(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    return reconcile_cmd(&peel_recon_budget, cli, argc, argv, err);
}
