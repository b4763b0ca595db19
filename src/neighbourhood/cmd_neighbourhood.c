/* cmd_neighbourhood.c - `peel neighbourhood demand`: a monthly statistic's
 * table with its changes on one, two and three years before (demand.h); and
 * the dispatch to the other subcommands (cmd_resourcing.h).  A report: exit
 * status 0; 2 on bad arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/pct.h"
#include "neighbourhood/cmd_resourcing.h"
#include "neighbourhood/demand.h"

/* The cell of change k: "+22.7%", "not held" or "n/a (base under 10)". */
static const char *change_text(const peel_demand_row *r, int k, char out[32])
{
    if (!r->has[k])
        return "not held";
    if (r->small[k])
        return "n/a (base under 10)";
    peel_pct_format(r->pct10[k], 1, true, out);
    return out;
}

static int parse_month(const char *s, const char *opt, peel_month *out, peel_err *err)
{
    if (peel_month_parse(s, strlen(s), out, err) < 0) {
        peel_err_prefix(err, "neighbourhood demand: %s", opt);
        return -1;
    }
    return 0;
}

static int print(const peel_cli *cli, enum peel_format format, const peel_demand_table *t)
{
    static const char *const cols[] = {"month", "value", "change_1y", "change_2y", "change_3y"};
    char title[500];
    snprintf(title, sizeof title,
             "%s%s%s%s, by month, with the change on the same month one, "
             "two and three years before",
             t->series, *t->area ? " in " : "", t->area_name, *t->area ? "" : "");
    if (format == PEEL_FORMAT_JSON) {
        json_t *rows = json_array();
        json_t *head =
            json_pack("{s:s, s:s, s:s, s:I}", "series", t->series, "area", t->area, "area_name",
                      t->area_name, "not_monthly", (json_int_t)t->not_monthly);
        for (size_t i = 0; rows && i < t->n; i++) {
            const peel_demand_row *r = &t->v[i];
            char m[8], c[3][32];
            peel_month_format(r->month, m);
            json_t *o = json_pack("{s:s, s:I}", "month", m, "value", (json_int_t)r->value);
            for (int k = 0; o && k < PEEL_DEMAND_YEARS; k++)
                json_object_set_new(o, cols[2 + k], json_string(change_text(r, k, c[k])));
            json_array_append_new(rows, o);
        }
        char *text = NULL;
        if (!rows || !head || json_object_set_new(head, "rows", rows) < 0 ||
            !(text = json_dumps(head, JSON_INDENT(2) | JSON_ENSURE_ASCII))) {
            json_decref(head);
            return -1;
        }
        puts(text);
        free(text);
        json_decref(head);
        return 0;
    }
    if (format == PEEL_FORMAT_CSV) {
        peel_buf b;
        int rc = 0;
        peel_buf_init(&b, 0);
        peel_cli_csv_begin(cli);
        peel_csv_put_row(&b, cols, 5);
        for (size_t i = 0; i < t->n; i++) {
            char m[8], v[24], c[3][32];
            peel_month_format(t->v[i].month, m);
            snprintf(v, sizeof v, "%lld", (long long)t->v[i].value);
            const char *cells[5] = {m, v, change_text(&t->v[i], 0, c[0]),
                                    change_text(&t->v[i], 1, c[1]), change_text(&t->v[i], 2, c[2])};
            peel_csv_put_row(&b, cells, 5);
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
    peel_table_header(tb, "Month");
    peel_table_header(tb, "Value");
    peel_table_header(tb, "Change (1 yr)");
    peel_table_header(tb, "Change (2 yr)");
    peel_table_header(tb, "Change (3 yr)");
    for (size_t k = 1; k < 5; k++)
        peel_table_align_right(tb, k);
    for (size_t i = 0; i < t->n; i++) {
        char m[24], c[3][32];
        peel_month_format_long(t->v[i].month, m);
        peel_table_row_begin(tb);
        peel_table_cell(tb, m);
        peel_table_cellf(tb, "%lld", (long long)t->v[i].value);
        for (int k = 0; k < PEEL_DEMAND_YEARS; k++)
            peel_table_cell(tb, change_text(&t->v[i], k, c[k]));
    }
    printf("%s\n\n", title);
    peel_table_print(tb, stdout);
    if (t->not_monthly)
        printf("\n%lld observation%s of the series not for one whole month left out\n",
               (long long)t->not_monthly, t->not_monthly == 1 ? "" : "s");
    peel_table_free(tb);
    return 0;
}

static int cmd_demand(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const char *series = NULL, *area = NULL, *from_s = NULL, *to_s = NULL;
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_month from = 0, to = 0;
    peel_demand_table t;
    const peel_opt opts[] = {
        PEEL_OPTION("--series", PEEL_OPT_STRING, &series,
                    "the statistic's name, such as '999 calls'"),
        PEEL_OPTION("--area", PEEL_OPT_STRING, &area, "an area's code"),
        PEEL_OPTION("--from", PEEL_OPT_STRING, &from_s, "the first month, such as 2022-03"),
        PEEL_OPTION("--to", PEEL_OPT_STRING, &to_s, "the last month, such as 2023-05"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (!series)
        return peel_err_set(err, PEEL_EINPUT,
                            "neighbourhood demand: --series is required (a statistic's name)");
    if ((from_s && parse_month(from_s, "--from", &from, err) < 0) ||
        (to_s && parse_month(to_s, "--to", &to, err) < 0))
        return -1;
    if (from && to && to < from)
        return peel_err_set(err, PEEL_EINPUT, "neighbourhood demand: --to is before --from");
    if (peel_demand_table_of(cli->store, cli->reader, series, area, from, to, &t, err) < 0)
        return -1;
    int rc = print(cli, format, &t);
    peel_demand_release(&t);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the table");
    return 0;
}

static int cmd_neighbourhood(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    if (argc >= 2 && !strcmp(argv[1], "demand"))
        return cmd_demand(cli, argc - 1, argv + 1, err);
    if (argc >= 2 && !strcmp(argv[1], "establishment"))
        return peel_neighbourhood_establishment_cmd(cli, argc - 1, argv + 1, err);
    if (argc >= 2 && !strcmp(argv[1], "savings"))
        return peel_neighbourhood_savings_cmd(cli, argc - 1, argv + 1, err);
    if (argc >= 2 && !strcmp(argv[1], "budget"))
        return peel_neighbourhood_budget_cmd(cli, argc - 1, argv + 1, err);
    if (argc >= 2 && !strcmp(argv[1], "protests"))
        return peel_neighbourhood_protests_cmd(cli, argc - 1, argv + 1, err);
    if (argc >= 2 && !strcmp(argv[1], "workforce"))
        return peel_neighbourhood_workforce_cmd(cli, argc - 1, argv + 1, err);
    if (argc >= 2 && !strcmp(argv[1], "npa"))
        return peel_neighbourhood_npa_cmd(cli, argc - 1, argv + 1, err);
    return peel_err_set(
        err, PEEL_EINPUT,
        "neighbourhood: say demand, establishment, savings, budget, protests, workforce or npa "
        "(peel "
        "neighbourhood --help)");
}

const peel_cmd peel_cmds_neighbourhood[] = {
    {"neighbourhood",
     "neighbourhood demand --series NAME [--area CODE] [--from YYYY-MM] [--to YYYY-MM] "
     "[--format table|csv|json] | establishment [--role ROLE] [--area CODE] [--format ...] | "
     "savings|budget --year YYYY-YY [--format ...] | protests [--area CODE] [--format table|csv] | "
     "workforce [--year YYYY-YY] [--format table|json] | "
     "npa [CODE] [--from YYYY-MM] [--to YYYY-MM] [--format text|csv|json]",
     "demand tables, the establishment change table, a year's savings and budget reconciled, "
     "protests by year, the workforce against the uplift and the neighbourhood policing areas",
     "demand: each month held of the statistic (a series whose observations are whole\n"
     "months), newest first, with the change on the same month one, two and three years\n"
     "before, to one decimal; \"not held\" when that month is not recorded, and no\n"
     "percentage on a base under 10.  --area is needed when the statistic is held for\n"
     "more than one area.  docs/METHODS.md, \"Demand tables\".\n"
     "establishment: each role and area's allocated, funded, actual and reported numbers\n"
     "over time, each compared only with the one before it of the same kind\n"
     "(docs/METHODS.md, \"Establishment change\").\n"
     "savings: the year's savings, each printed total with its parts and whether the parts\n"
     "add up to it (docs/METHODS.md, \"Savings reconciliation\"); budget: the same for the\n"
     "year's budget lines.\n"
     "protests: the protest statistics by calendar year, a year held in part marked, each\n"
     "year compared like for like with the one before (docs/METHODS.md, \"Yearly tables\").\n"
     "workforce: each uplift target beside the police officer headcount recorded for its\n"
     "day, then joiners and leavers by year and by month and route (docs/METHODS.md,\n"
     "\"Workforce movement and the uplift\").\n"
     "npa: every neighbourhood policing area with its district, establishment, abstraction\n"
     "rate, engagements and street crime (the last 12 months and the 12 before), or one\n"
     "in full; the period is the 12 months to the latest month with available hours\n"
     "unless --from or --to says (docs/METHODS.md, \"Abstraction rate per NPA\").\n"
     "Exit status 0; 2 on bad arguments.",
     PEEL_CMD_STORE, cmd_neighbourhood},
    {NULL, NULL, NULL, NULL, 0, NULL},
};
