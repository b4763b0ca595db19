/* cmd_commissioning.c - `peel commissioning headroom ROUND` (the live
 * headroom of a round and its pipeline) and `peel commissioning projects
 * [--from --to]` (the funded-projects table, seed 001's Table One), each
 * from the records the reader may open (views.c).  Reports: exit status 0;
 * 2 on bad arguments or a round the reader may not open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "commissioning/budget.h"
#include "commissioning/commissioning.h"
#include "commissioning/giving.h"
#include "commissioning/grants.h"
#include "commissioning/safer.h"
#include "commissioning/spend.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/money.h"
#include "render/doc.h"
#include "render/section.h"

/* ---- headroom ---- */

static int headroom_print(const peel_cli *cli, enum peel_format format, const peel_headroom *h)
{
    peel_headroom_line lines[PEEL_HEADROOM_LINES];
    size_t n = peel_headroom_lines(h, lines);
    char v[32];
    int rc = 0;

    if (format == PEEL_FORMAT_JSON) {
        json_t *o = peel_headroom_json(h);
        char *text;
        if (!o || json_object_set_new(o, "view", json_string("headroom")) < 0 ||
            !(text = json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII))) {
            json_decref(o);
            return -1;
        }
        puts(text);
        free(text);
        json_decref(o);
        return 0;
    }
    if (format == PEEL_FORMAT_CSV) {
        peel_buf b;
        static const char *const head[] = {"measure", "value"};
        peel_buf_init(&b, 0);
        peel_cli_csv_begin(cli);
        peel_csv_put_row(&b, head, 2);
        for (size_t i = 0; i < n; i++) {
            peel_headroom_value(&lines[i], true, v);
            const char *cells[2] = {lines[i].key, v};
            peel_csv_put_row(&b, cells, 2);
        }
        if (b.failed)
            rc = -1;
        else
            fwrite(b.data, 1, b.len, stdout);
        peel_buf_release(&b);
        return rc;
    }
    peel_table *t = peel_table_new();
    if (!t)
        return -1;
    peel_table_header(t, "Measure");
    peel_table_header(t, "Value");
    peel_table_align_right(t, 1);
    for (size_t i = 0; i < n; i++) {
        peel_headroom_value(&lines[i], false, v);
        peel_table_row_begin(t);
        peel_table_cell(t, lines[i].label);
        peel_table_cell(t, lines[i].set ? v : "not recorded");
    }
    printf("Headroom of round %s (%s)\n\n", h->ref, h->fund);
    peel_table_print(t, stdout);
    peel_table_free(t);
    return 0;
}

static int cmd_headroom(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_headroom h;
    int npos = 0;
    const peel_opt opts[] = {
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, &npos, err) < 0)
        return -1;
    if (npos != 1)
        return peel_err_set(err, PEEL_EINPUT,
                            "commissioning headroom: give one round (its reference or id)");
    if (peel_headroom_of(cli->store, cli->reader, argv[1], &h, err) < 0)
        return -1;
    if (headroom_print(cli, format, &h) < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the headroom");
    return 0;
}

/* ---- the funded-projects table ---- */

static int projects_print(const peel_cli *cli, enum peel_format format,
                          const peel_project_rows *rows)
{
    char m[32];
    int rc = 0;

    if (format == PEEL_FORMAT_JSON) {
        json_t *a = json_array(), *o = json_pack("{s:s}", "view", "projects");
        char *text;
        for (size_t i = 0; a && i < rows->n; i++) {
            const peel_project_row *p = &rows->v[i];
            json_array_append_new(a, peel_project_json(p));
        }
        if (!a || !o || json_object_set_new(o, "rows", a) < 0 ||
            !(text = json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII))) {
            json_decref(o);
            return -1;
        }
        puts(text);
        free(text);
        json_decref(o);
        return 0;
    }
    if (format == PEEL_FORMAT_CSV) {
        peel_buf b;
        static const char *const head[] = {"organisation", "area_and_work", "funding", "output"};
        peel_buf_init(&b, 0);
        peel_cli_csv_begin(cli);
        peel_csv_put_row(&b, head, 4);
        for (size_t i = 0; i < rows->n; i++) {
            const peel_project_row *p = &rows->v[i];
            peel_money_format_plain(p->funding, m);
            const char *cells[4] = {p->organisation, p->area_work, p->has_funding ? m : "",
                                    p->output};
            peel_csv_put_row(&b, cells, 4);
        }
        if (b.failed)
            rc = -1;
        else
            fwrite(b.data, 1, b.len, stdout);
        peel_buf_release(&b);
        return rc;
    }
    peel_table *t = peel_table_new();
    if (!t)
        return -1;
    peel_table_header(t, "Organisation");
    peel_table_header(t, "Area and Work");
    peel_table_header(t, "Funding");
    peel_table_header(t, "Output");
    peel_table_align_right(t, 2);
    for (size_t i = 0; i < rows->n; i++) {
        const peel_project_row *p = &rows->v[i];
        peel_money_format_short(p->funding, m);
        peel_table_row_begin(t);
        peel_table_cell(t, p->organisation);
        peel_table_cell(t, p->area_work);
        peel_table_cell(t, p->has_funding ? m : "");
        peel_table_cell(t, p->output);
    }
    printf("Funded projects visited\n\n");
    peel_table_print(t, stdout);
    peel_table_free(t);
    return 0;
}

static int cmd_projects(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_date from = PEEL_CLI_NO_DATE, to = PEEL_CLI_NO_DATE;
    peel_project_rows rows;
    const peel_opt opts[] = {
        PEEL_OPTION("--from", PEEL_OPT_DATE, &from, "the period's first day"),
        PEEL_OPTION("--to", PEEL_OPT_DATE, &to, "the period's last day"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (from != PEEL_CLI_NO_DATE && to != PEEL_CLI_NO_DATE && to < from)
        return peel_err_set(err, PEEL_EINPUT, "commissioning projects: --to is before --from");
    if (peel_projects(cli->store, cli->reader, from == PEEL_CLI_NO_DATE ? 0 : from,
                      to == PEEL_CLI_NO_DATE ? 0 : to, &rows, err) < 0)
        return -1;
    int rc = projects_print(cli, format, &rows);
    peel_project_rows_release(&rows);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the table");
    return 0;
}

/* `peel commissioning grants --month YYYY-MM`: the month's grants as the
 * Specified Information Order asks them published. */
static int cmd_grants(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    static const char *const cols[] = {"reference", "awarded_on", "recipient", "amount",
                                       "purpose",   "conditions", "reasons"};
    const char *month_s = NULL;
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_month month;
    peel_grant_rows g;
    const peel_opt opts[] = {
        PEEL_OPTION("--month", PEEL_OPT_STRING, &month_s, "the month, such as 2024-09"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION_END,
    };
    int rc = 0;

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (!month_s)
        return peel_err_set(err, PEEL_EINPUT, "commissioning grants: --month is required");
    if (peel_month_parse(month_s, strlen(month_s), &month, err) < 0) {
        peel_err_prefix(err, "commissioning grants: --month");
        return -1;
    }
    if (peel_grants_of_month(cli->store, cli->reader, month, &g, err) < 0)
        return -1;
    if (format == PEEL_FORMAT_TABLE) {
        peel_table *t = peel_table_new();
        char m[24];
        if (!t) {
            peel_grant_rows_release(&g);
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        }
        for (size_t k = 0; k < 7; k++)
            peel_table_header(t, cols[k]);
        peel_table_align_right(t, 3);
        for (size_t i = 0; i < g.n; i++) {
            char d[11], a[32];
            peel_date_format(g.v[i].awarded_on, d);
            peel_money_format(g.v[i].amount, a);
            peel_table_row_begin(t);
            peel_table_cell(t, g.v[i].ref);
            peel_table_cell(t, d);
            peel_table_cell(t, g.v[i].recipient);
            peel_table_cell(t, a);
            peel_table_cell(t, g.v[i].purpose);
            peel_table_cell(t, g.v[i].conditions);
            peel_table_cell(t, g.v[i].reasons);
        }
        peel_month_format_long(month, m);
        printf("Crime and disorder reduction grants made in %s\n\n", m);
        peel_table_print(t, stdout);
        peel_table_free(t);
        if (g.undated)
            printf("\n%lld award%s with no award date recorded: in no month\n",
                   (long long)g.undated, g.undated == 1 ? "" : "s");
    } else if (format == PEEL_FORMAT_CSV) {
        peel_buf b;
        peel_buf_init(&b, 0);
        peel_cli_csv_begin(cli);
        peel_csv_put_row(&b, cols, 7);
        for (size_t i = 0; i < g.n; i++) {
            char d[11], a[32];
            peel_date_format(g.v[i].awarded_on, d);
            peel_money_format_plain(g.v[i].amount, a);
            const char *cells[7] = {
                g.v[i].ref,    d, g.v[i].recipient, a, g.v[i].purpose, g.v[i].conditions,
                g.v[i].reasons};
            peel_csv_put_row(&b, cells, 7);
        }
        if (b.failed)
            rc = -1;
        else
            fwrite(b.data, 1, b.len, stdout);
        peel_buf_release(&b);
    } else {
        char m[8];
        peel_month_format(month, m);
        json_t *rows = json_array();
        json_t *head = json_pack("{s:s, s:I, s:I}", "month", m, "total_pence", (json_int_t)g.total,
                                 "undated", (json_int_t)g.undated);
        for (size_t i = 0; rows && i < g.n; i++) {
            char d[11];
            peel_date_format(g.v[i].awarded_on, d);
            json_array_append_new(
                rows, json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "reference", g.v[i].ref,
                                "awarded_on", d, "recipient", g.v[i].recipient, "amount_pence",
                                (json_int_t)g.v[i].amount, "purpose", g.v[i].purpose, "conditions",
                                g.v[i].conditions, "reasons", g.v[i].reasons));
        }
        char *text = NULL;
        if (!rows || !head || json_object_set_new(head, "grants", rows) < 0 ||
            !(text = json_dumps(head, JSON_INDENT(2) | JSON_ENSURE_ASCII)))
            rc = -1;
        else
            puts(text);
        free(text);
        json_decref(head);
    }
    peel_grant_rows_release(&g);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the grants");
    return 0;
}

/* `peel commissioning 360giving [--from D] [--to D] [--format json|csv]`:
 * the awards as 360Giving grants (giving.c) on stdout; the awards left out,
 * by reason, on stderr. */
static int cmd_360giving(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    enum peel_format format = PEEL_FORMAT_JSON;
    peel_date from = PEEL_CLI_NO_DATE, to = PEEL_CLI_NO_DATE;
    const peel_opt opts[] = {
        PEEL_OPTION("--from", PEEL_OPT_DATE, &from, "the first award date"),
        PEEL_OPTION("--to", PEEL_OPT_DATE, &to, "the last award date"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "json or csv"),
        PEEL_OPTION_END,
    };
    peel_giving g;
    int rc = 0;

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (format == PEEL_FORMAT_TABLE)
        return peel_err_set(err, PEEL_EINPUT,
                            "commissioning 360giving: --format is json or csv (the standard's "
                            "two forms)");
    if (from != PEEL_CLI_NO_DATE && to != PEEL_CLI_NO_DATE && to < from)
        return peel_err_set(err, PEEL_EINPUT, "commissioning 360giving: --to is before --from");
    if (peel_giving_build(cli->store, cli->reader, from == PEEL_CLI_NO_DATE ? 0 : from,
                          to == PEEL_CLI_NO_DATE ? 0 : to, &g, err) < 0)
        return -1;
    if (format == PEEL_FORMAT_CSV) {
        peel_buf b;
        peel_buf_init(&b, 0);
        peel_cli_csv_begin(cli);
        peel_giving_csv(&g, &b);
        if (b.failed)
            rc = -1;
        else
            fwrite(b.data, 1, b.len, stdout);
        peel_buf_release(&b);
    } else {
        json_t *o = peel_giving_json(&g);
        char *text =
            o ? json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(15)) : NULL;
        if (text)
            puts(text);
        else
            rc = -1;
        free(text);
        json_decref(o);
    }
    for (int k = 0; k < PEEL_GIVING_NREASONS; k++)
        if (g.left_out[k])
            fprintf(stderr, "360giving: %lld award%s left out: %s\n", (long long)g.left_out[k],
                    g.left_out[k] == 1 ? "" : "s", peel_giving_reason(k));
    if (g.unprefixed)
        fprintf(stderr,
                "360giving: %lld grant identifier%s without a 360G- prefix (record the fund's "
                "grant_prefix)\n",
                (long long)g.unprefixed, g.unprefixed == 1 ? "" : "s");
    peel_giving_release(&g);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the grants");
    return 0;
}

/* `peel commissioning section NAME [--from D] [--to D] [--params TEXT]`: one
 * of the sections this concern supplies to papers (sections.c), as plain
 * text, for the reader; what a paper would hold. */
extern const peel_section_decl peel_sections_commissioning[];

static int cmd_section(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_date from = PEEL_CLI_NO_DATE, to = PEEL_CLI_NO_DATE;
    const char *params = "";
    int npos = 0;
    const peel_opt opts[] = {
        PEEL_OPTION("--from", PEEL_OPT_DATE, &from, "the paper's first day"),
        PEEL_OPTION("--to", PEEL_OPT_DATE, &to, "the paper's last day"),
        PEEL_OPTION("--params", PEEL_OPT_STRING, &params, "\"fy=2023-24; fund=Safer Streets 5\""),
        PEEL_OPTION_END,
    };
    const peel_section_decl *sec = NULL;
    peel_doc d = {0};
    peel_buf b;

    if (peel_cli_parse(argc, argv, opts, &npos, err) < 0)
        return -1;
    for (const peel_section_decl *c = peel_sections_commissioning; npos == 1 && c->name; c++)
        if (!strcmp(c->name, argv[1]))
            sec = c;
    if (!sec) {
        peel_buf names;
        peel_buf_init(&names, 0);
        for (const peel_section_decl *c = peel_sections_commissioning; c->name; c++)
            peel_buf_printf(&names, "%s%s", c == peel_sections_commissioning ? "" : ", ", c->name);
        peel_err_set(err, PEEL_EINPUT, "commissioning section: give one of %s",
                     names.failed ? "the sections" : peel_buf_str(&names));
        peel_buf_release(&names);
        return -1;
    }
    if (from != PEEL_CLI_NO_DATE && to != PEEL_CLI_NO_DATE && to < from)
        return peel_err_set(err, PEEL_EINPUT, "commissioning section: --to is before --from");
    peel_section_args a = {.from = from == PEEL_CLI_NO_DATE ? 0 : from,
                           .to = to == PEEL_CLI_NO_DATE ? 0 : to,
                           .meeting = "",
                           .params = params,
                           .level = 2};
    if (sec->build(cli->store, cli->reader, &a, &d, err) < 0) {
        peel_doc_free(&d);
        if (err->code == PEEL_EINPUT)
            peel_err_prefix(err, "commissioning section %s", sec->name);
        return -1;
    }
    peel_buf_init(&b, 0);
    int rc = peel_doc_text(&d, &b);
    if (rc == 0 && !b.failed)
        fwrite(b.data, 1, b.len, stdout);
    else
        rc = -1;
    peel_buf_release(&b);
    peel_doc_free(&d);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the section");
    return 0;
}

typedef struct subcommand {
    const char *name;
    int (*run)(peel_cli *cli, int argc, char **argv, peel_err *err);
} subcommand;

static const subcommand subcommands[] = {
    {"headroom", cmd_headroom},
    {"projects", cmd_projects},
    {"grants", cmd_grants},
    {"tracker", peel_cmd_commissioning_tracker},
    {"csp", peel_cmd_commissioning_csp},
    {"budget", peel_cmd_commissioning_budget},
    {"section", cmd_section},
    {"360giving", cmd_360giving},
    {"spend", peel_cmd_commissioning_spend},
    {NULL, NULL},
};

static int cmd_commissioning(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    for (const subcommand *s = subcommands; argc >= 2 && s->name; s++)
        if (!strcmp(argv[1], s->name))
            return s->run(cli, argc - 1, argv + 1, err);
    return peel_err_set(err, PEEL_EINPUT,
                        "commissioning: say which part (peel commissioning --help lists them)");
}

const peel_cmd peel_cmds_commissioning[] = {
    {"commissioning",
     "commissioning headroom ROUND [--format table|csv|json] | commissioning projects "
     "[--from DATE] [--to DATE] [--format table|csv|json] | commissioning grants --month "
     "YYYY-MM [--format table|csv|json] | commissioning tracker [--fund NAME] [--before-from "
     "YYYY-MM --before-to YYYY-MM --after-from YYYY-MM --after-to YYYY-MM] | commissioning "
     "csp --year YYYY-YY | commissioning budget --year YYYY-YY | commissioning section NAME "
     "[--from DATE] [--to DATE] [--params TEXT] | commissioning 360giving [--from DATE] "
     "[--to DATE] [--format json|csv] | commissioning spend --month YYYY-MM [--format "
     "table|csv|json]",
     "commissioning: a round's headroom and pipeline; funded projects; a month's grants",
     "headroom ROUND: the round's envelope, what its applications request, what moderation\n"
     "recommends, what is awarded and what remains, and how many applications reached\n"
     "each stage (received, eligible, scored, moderated, awarded).  ROUND is its reference\n"
     "or id.  projects: the monitoring visits in the period (every visit without --from and\n"
     "--to) joined to their awards, as the PCC's update report prints them.  The rules are\n"
     "in docs/METHODS.md, \"Commissioning\".  grants: the crime and disorder reduction\n"
     "grants awarded in the month, as the Specified Information Order asks them published\n"
     "(recipient, amount, purpose, conditions, why it reduces crime).  tracker: the Safer\n"
     "Streets tracker, per intervention its target, delivery, % delivered, spend against\n"
     "budget, due date, overdue flag and the street crime in its area in two equal\n"
     "periods (default: the 12 months before and after the due month).  csp: each CSP's\n"
     "allocation for the year, its approved projects and remaining budget.  budget: the\n"
     "commissioning budget by category with the sum against the printed total.  section:\n"
     "a section a paper can generate (funded-projects, safer-streets-tracker,\n"
     "csp-allocations, commissioning-budget, grants-month, spend-month) as plain text.  360giving: "
     "the\n"
     "awards dated in the period as 360Giving Data Standard grants (JSON or CSV), the\n"
     "awards left out for want of a required field counted on stderr.  spend: the month's\n"
     "publication under the Specified Information Order: its grants and every other item\n"
     "of expenditure over £500, due as soon as practicable after the month ends.  With --as public "
     "or --as "
     "panel only the\n"
     "records that reader may see are counted.  Exit status 0; 2 on bad arguments or a\n"
     "round that is not there.",
     PEEL_CMD_STORE, cmd_commissioning},
    {NULL, NULL, NULL, NULL, 0, NULL},
};
