/* cmd_engagement.c - `peel engagement summary` (the period summary as the
 * PCC's update report prints it) and `peel engagement coverage` (community
 * days per district and neighbourhood policing area in a financial year,
 * with the gaps flagged), each from the records the reader may open.  A
 * report: exit status 0 even when gaps are flagged; 2 on bad arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "core/buf.h"
#include "core/csv.h"
#include "engagement/summary.h"

static const char *const cols[] = {"section", "item", "count", "flag"};
#define NCOLS (sizeof cols / sizeof cols[0])

static int print_table(const peel_eng_rows *rows, const char *title)
{
    peel_table *t = peel_table_new();
    if (!t)
        return -1;
    peel_table_header(t, "Section");
    peel_table_header(t, "Item");
    peel_table_header(t, "Count");
    peel_table_header(t, "Flag");
    peel_table_align_right(t, 2);
    for (size_t i = 0; i < rows->n; i++) {
        peel_table_row_begin(t);
        peel_table_cell(t, rows->v[i].section);
        peel_table_cell(t, *rows->v[i].item ? rows->v[i].item : "Total");
        peel_table_cellf(t, "%lld", (long long)rows->v[i].n);
        peel_table_cell(t, rows->v[i].flag);
    }
    printf("%s\n\n", title);
    peel_table_print(t, stdout);
    peel_table_free(t);
    return 0;
}

static int print_csv(const peel_cli *cli, const peel_eng_rows *rows)
{
    peel_buf b;
    int rc = 0;

    peel_buf_init(&b, 0);
    peel_cli_csv_begin(cli);
    peel_csv_put_row(&b, cols, NCOLS);
    for (size_t i = 0; i < rows->n; i++) {
        char n[24];
        snprintf(n, sizeof n, "%lld", (long long)rows->v[i].n);
        const char *cells[NCOLS] = {rows->v[i].section, rows->v[i].item, n, rows->v[i].flag};
        peel_csv_put_row(&b, cells, NCOLS);
    }
    if (b.failed)
        rc = -1;
    else
        fwrite(b.data, 1, b.len, stdout);
    peel_buf_release(&b);
    return rc;
}

static int print_json(const peel_eng_rows *rows, json_t *head)
{
    json_t *a = json_array();
    char *text;

    for (size_t i = 0; a && i < rows->n; i++) {
        json_t *o =
            json_pack("{s:s, s:s, s:I, s:s}", "section", rows->v[i].section, "item",
                      rows->v[i].item, "count", (json_int_t)rows->v[i].n, "flag", rows->v[i].flag);
        if (!o || json_array_append_new(a, o) < 0) {
            json_decref(a);
            json_decref(head);
            return -1;
        }
    }
    if (!a || !head || json_object_set_new(head, "rows", a) < 0 ||
        !(text = json_dumps(head, JSON_INDENT(2) | JSON_ENSURE_ASCII))) {
        json_decref(head);
        return -1;
    }
    puts(text);
    free(text);
    json_decref(head);
    return 0;
}

static int print_rows(const peel_cli *cli, enum peel_format format, const peel_eng_rows *rows,
                      const char *title, json_t *head)
{
    if (format == PEEL_FORMAT_JSON)
        return print_json(rows, head);
    json_decref(head);
    return format == PEEL_FORMAT_CSV ? print_csv(cli, rows) : print_table(rows, title);
}

static const char *reader_note(const peel_cli *cli)
{
    switch (cli->reader->role) {
    case PEEL_ROLE_PUBLIC:
        return " (from the records peel publishes)";
    case PEEL_ROLE_PANEL:
        return " (from the records shown to the Panel)";
    default:
        return "";
    }
}

static int cmd_summary(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_date from = PEEL_CLI_NO_DATE, to = PEEL_CLI_NO_DATE;
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_eng_rows rows;
    char a[11], b[11], title[200];
    const peel_opt opts[] = {
        PEEL_OPTION("--from", PEEL_OPT_DATE, &from, "the period's first day"),
        PEEL_OPTION("--to", PEEL_OPT_DATE, &to, "the period's last day"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (from == PEEL_CLI_NO_DATE || to == PEEL_CLI_NO_DATE)
        return peel_err_set(err, PEEL_EINPUT, "engagement summary: --from and --to are required");
    if (to < from)
        return peel_err_set(err, PEEL_EINPUT, "engagement summary: --to is before --from");
    if (peel_engagement_summary(cli->store, cli->reader, from, to, &rows, err) < 0)
        return -1;
    peel_date_format(from, a);
    peel_date_format(to, b);
    snprintf(title, sizeof title, "Engagement from %s to %s%s", a, b, reader_note(cli));
    int rc = print_rows(cli, format, &rows, title,
                        json_pack("{s:s, s:s, s:s}", "view", "summary", "from", a, "to", b));
    peel_eng_rows_release(&rows);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the summary");
    return 0;
}

static int cmd_coverage(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_fy fy = 0;
    bool have = false;
    const char *year = NULL;
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_eng_rows rows;
    char fys[8], title[200];
    const peel_opt opts[] = {
        PEEL_OPTION("--year", PEEL_OPT_STRING, &year, "a financial year, such as 2022-23"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (year) {
        if (peel_fy_parse(year, strlen(year), &fy, err) < 0) {
            peel_err_prefix(err, "engagement coverage: --year");
            return -1;
        }
        have = true;
    }
    if (!have)
        return peel_err_set(err, PEEL_EINPUT,
                            "engagement coverage: --year is required (a financial year, such "
                            "as 2022-23)");
    if (peel_engagement_coverage(cli->store, cli->reader, fy, &rows, err) < 0)
        return -1;
    peel_fy_format(fy, fys);
    snprintf(title, sizeof title,
             "Community days in %s per district and neighbourhood policing area%s", fys,
             reader_note(cli));
    int rc = print_rows(cli, format, &rows, title,
                        json_pack("{s:s, s:s}", "view", "coverage", "year", fys));
    peel_eng_rows_release(&rows);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the coverage");
    return 0;
}

static int cmd_engagement(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    if (argc >= 2 && !strcmp(argv[1], "summary"))
        return cmd_summary(cli, argc - 1, argv + 1, err);
    if (argc >= 2 && !strcmp(argv[1], "coverage"))
        return cmd_coverage(cli, argc - 1, argv + 1, err);
    return peel_err_set(err, PEEL_EINPUT,
                        "engagement: say summary or coverage (peel engagement "
                        "--help)");
}

const peel_cmd peel_cmds_engagement[] = {
    {"engagement",
     "engagement summary --from DATE --to DATE [--format table|csv|json] | "
     "engagement coverage --year YYYY-YY [--format table|csv|json]",
     "the period's engagement summary, or a year's community-day coverage",
     "summary: community days held and where, other visits and meetings by how they were\n"
     "initiated and by kind, the themes, feedback heard and passed on, and the follow-up\n"
     "actions (the register's actions arisen from an engagement that name it in\n"
     "origin_note) open, overdue and completed.\n"
     "coverage: community days held in the financial year per district (flagged when not\n"
     "visited) and per neighbourhood policing area (flagged with fewer than two, the\n"
     "2022/23 standard).\n"
     "An engagement whose day is not known counts in a period only when the period it\n"
     "fell in (held_from to held_to) lies inside; the rules are in docs/METHODS.md,\n"
     "\"Engagement\".  With --as public or --as panel, only the records that reader may\n"
     "see are counted.  Exit status 0 (it is a report); 2 on bad arguments.",
     PEEL_CMD_STORE, cmd_engagement},
    {0},
};
