/* cmd_workforce.c - `peel neighbourhood workforce [--year YYYY-YY]`: each
 * uplift target beside the police officer headcount recorded for its day,
 * then joiners and leavers by category and year, then by route and month
 * with their sum (workforce.h), as tables or JSON.  A report: exit status
 * 0; 2 on bad arguments. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "neighbourhood/cmd_resourcing.h"
#include "neighbourhood/workforce.h"

/* "2,242.00" from hundredths, for FTE. */
static const char *fte_text(bool has, int64_t v, char out[static 32])
{
    if (!has)
        snprintf(out, 32, "not recorded");
    else
        snprintf(out, 32, "%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
    return out;
}

static void when_text(const peel_movement_row *m, char out[static 24])
{
    if (m->monthly)
        peel_month_format_long((peel_month)m->when, out);
    else
        peel_fy_format((peel_fy)m->when, out);
}

static const char *count_text(bool has, int64_t v, char out[static 24])
{
    if (has)
        snprintf(out, 24, "%lld", (long long)v);
    else
        snprintf(out, 24, "not given");
    return out;
}

static void print_uplift(const peel_workforce *w)
{
    peel_table *tb = peel_table_new();
    static const char *const heads[] = {"Checkpoint", "Target",           "Headcount target",
                                        "Headcount",  "Headcount status", "FTE target",
                                        "FTE",        "FTE status"};
    if (!tb)
        return;
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
        peel_table_header(tb, heads[i]);
    for (size_t i = 0; i < w->uplift.n; i++) {
        const peel_uplift_row *u = &w->uplift.v[i];
        char d[32], a[24], b[24], s1[48], s2[48], f1[32], f2[32];
        peel_date_format_long(u->as_at, d);
        peel_table_row_begin(tb);
        peel_table_cell(tb, d);
        peel_table_cell(tb, u->what);
        peel_table_cell(tb, u->has_target_hc ? count_text(true, u->target_hc, a) : "");
        peel_table_cell(
            tb, u->has_target_hc ? (u->has_hc ? count_text(true, u->hc, b) : "not recorded") : "");
        peel_table_cell(tb, u->has_target_hc ? peel_uplift_status(true, u->target_hc, u->has_hc,
                                                                  u->hc, false, s1)
                                             : "");
        peel_table_cell(tb, u->has_target_fte ? fte_text(true, u->target_fte, f1) : "");
        peel_table_cell(tb, u->has_target_fte ? fte_text(u->has_fte, u->fte, f2) : "");
        peel_table_cell(tb, u->has_target_fte ? peel_uplift_status(true, u->target_fte, u->has_fte,
                                                                   u->fte, true, s2)
                                              : "");
    }
    printf("Uplift: police officers against each target\n\n");
    if (w->uplift.n)
        peel_table_print(tb, stdout);
    else
        printf("No uplift target is recorded.\n");
    peel_table_free(tb);
}

static void print_movement(const peel_workforce *w, bool monthly)
{
    peel_table *tb = peel_table_new();
    size_t n = 0;
    if (!tb)
        return;
    peel_table_header(tb, monthly ? "Month" : "Year");
    peel_table_header(tb, "Category");
    if (monthly) {
        peel_table_header(tb, "Route");
        peel_table_header(tb, "Programme");
    }
    peel_table_header(tb, "Group");
    peel_table_header(tb, "Joiners");
    if (!monthly) {
        peel_table_header(tb, "Leavers");
        peel_table_header(tb, "Net");
        peel_table_header(tb, "Year-end headcount change");
    }
    for (size_t i = 0; i < w->movement.n; i++) {
        const peel_movement_row *m = &w->movement.v[i];
        char when[24], j[24], l[24];
        if (m->monthly != monthly)
            continue;
        n++;
        when_text(m, when);
        peel_table_row_begin(tb);
        peel_table_cell(tb, when);
        peel_table_cell(tb, m->category);
        if (monthly) {
            peel_table_cell(tb, m->route);
            peel_table_cell(tb, *m->programme ? m->programme : "not given");
        }
        peel_table_cell(tb, *m->group ? m->group : "everyone");
        peel_table_cell(tb, count_text(m->has_joiners, m->joiners, j));
        if (!monthly) {
            peel_table_cell(tb, count_text(m->has_leavers, m->leavers, l));
            if (m->has_joiners && m->has_leavers)
                peel_table_cellf(tb, "%+lld", (long long)(m->joiners - m->leavers));
            else
                peel_table_cell(tb, "");
            if (m->has_hc_change)
                peel_table_cellf(tb, "%+lld", (long long)m->hc_change);
            else
                peel_table_cell(tb, "not recorded");
        }
    }
    printf("\n%s\n\n", monthly ? "Joiners by month and route" : "Joiners and leavers by year");
    if (n)
        peel_table_print(tb, stdout);
    else
        printf("None recorded.\n");
    if (monthly && n)
        printf("\nJoiners in these months: %lld\n", (long long)w->month_total);
    peel_table_free(tb);
}

static json_t *opt_int(bool has, int64_t v)
{
    return has ? json_integer((json_int_t)v) : json_null();
}

static int print_json(const peel_workforce *w)
{
    json_t *up = json_array(), *mv = json_array();
    for (size_t i = 0; up && i < w->uplift.n; i++) {
        const peel_uplift_row *u = &w->uplift.v[i];
        char d[11], s1[48], s2[48];
        peel_date_format(u->as_at, d);
        json_array_append_new(
            up, json_pack(
                    "{s:s, s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:s}", "ref", u->ref, "as_at", d,
                    "what", u->what, "headcount_target", opt_int(u->has_target_hc, u->target_hc),
                    "headcount", opt_int(u->has_hc, u->hc), "headcount_status",
                    peel_uplift_status(u->has_target_hc, u->target_hc, u->has_hc, u->hc, false, s1),
                    "fte_target_hundredths", opt_int(u->has_target_fte, u->target_fte),
                    "fte_hundredths", opt_int(u->has_fte, u->fte), "fte_status",
                    peel_uplift_status(u->has_target_fte, u->target_fte, u->has_fte, u->fte, true,
                                       s2)));
    }
    for (size_t i = 0; mv && i < w->movement.n; i++) {
        const peel_movement_row *m = &w->movement.v[i];
        char when[8];
        if (m->monthly)
            peel_month_format((peel_month)m->when, when);
        else
            peel_fy_format((peel_fy)m->when, when);
        json_array_append_new(mv, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "ref",
                                            m->ref, m->monthly ? "month" : "year", when, "category",
                                            m->category, "route", m->route, "programme",
                                            m->programme, "group", m->group, "joiners",
                                            opt_int(m->has_joiners, m->joiners), "leavers",
                                            opt_int(m->has_leavers, m->leavers), "headcount_change",
                                            opt_int(m->has_hc_change, m->hc_change)));
    }
    json_t *o = json_pack("{s:o, s:o, s:I}", "uplift", up, "movement", mv, "month_joiners",
                          (json_int_t)w->month_total);
    char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII) : NULL;
    json_decref(o);
    if (!text)
        return -1;
    puts(text);
    free(text);
    return 0;
}

int peel_neighbourhood_workforce_cmd(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_fy fy = 0;
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_workforce w;
    const peel_opt opts[] = {
        PEEL_OPTION("--year", PEEL_OPT_FY, &fy, "a financial year, 2022-23"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table or json"),
        PEEL_OPTION_END,
    };
    int rc = 0;

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (format == PEEL_FORMAT_CSV)
        return peel_err_set(err, PEEL_EINPUT, "neighbourhood workforce: --format is table or json");
    if (peel_workforce_of(cli->store, cli->reader, fy, &w, err) < 0)
        return -1;
    if (format == PEEL_FORMAT_JSON) {
        rc = print_json(&w);
    } else {
        print_uplift(&w);
        print_movement(&w, false);
        print_movement(&w, true);
    }
    peel_workforce_release(&w);
    return rc < 0 ? peel_err_set(err, PEEL_ENOMEM, "out of memory writing the table") : 0;
}
