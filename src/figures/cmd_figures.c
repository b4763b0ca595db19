/* cmd_figures.c - `peel figures`: every figure the reader may see,
 * computed from the records and reconciled with its printed text.  A
 * report: the exit status is 0 even when figures differ; 2 on bad
 * arguments. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "core/buf.h"
#include "core/csv.h"
#include "figures/compute.h"
#include "figures/figure.h"
#include "figures/out.h"

static int print_table(const peel_flist *l)
{
    peel_table *t = peel_table_new();
    size_t counts[4] = {0};

    if (!t)
        return -1;
    for (size_t i = 0; i < PEEL_FIGURE_NCOLS; i++)
        peel_table_header(t, peel_figure_cols[i]);
    for (size_t i = 0; i < l->n; i++) {
        char period[80];
        const char *cells[PEEL_FIGURE_NCOLS];
        peel_fline_cells(&l->v[i], period, cells);
        peel_table_row_begin(t);
        for (size_t c = 0; c < PEEL_FIGURE_NCOLS; c++)
            peel_table_cell(t, cells[c]);
        counts[l->v[i].res.status]++;
    }
    peel_table_print(t, stdout);
    peel_table_free(t);
    printf("\n%zu figure%s: %zu agree, %zu differ, %zu cannot be computed, %zu not printed.\n",
           l->n, l->n == 1 ? "" : "s", counts[PEEL_FSTATUS_AGREES], counts[PEEL_FSTATUS_DIFFERS],
           counts[PEEL_FSTATUS_CANNOT], counts[PEEL_FSTATUS_UNPRINTED]);
    return 0;
}

static int print_csv(const peel_cli *cli, const peel_flist *l)
{
    peel_buf b;
    int rc = 0;

    peel_buf_init(&b, 0);
    peel_cli_csv_begin(cli);
    peel_csv_put_row(&b, peel_figure_cols, PEEL_FIGURE_NCOLS);
    for (size_t i = 0; i < l->n; i++) {
        char period[80];
        const char *cells[PEEL_FIGURE_NCOLS];
        peel_fline_cells(&l->v[i], period, cells);
        peel_csv_put_row(&b, cells, PEEL_FIGURE_NCOLS);
    }
    if (b.failed)
        rc = -1;
    else
        fwrite(b.data, 1, b.len, stdout);
    peel_buf_release(&b);
    return rc;
}

static int print_json(const peel_flist *l)
{
    json_t *a = json_array();
    char *text;

    for (size_t i = 0; a && i < l->n; i++) {
        json_t *o = peel_fline_json(&l->v[i]);
        if (!o || json_array_append_new(a, o) < 0) {
            json_decref(a);
            return -1;
        }
    }
    if (!a || !(text = json_dumps(a, JSON_INDENT(2) | JSON_ENSURE_ASCII))) {
        json_decref(a);
        return -1;
    }
    puts(text);
    free(text);
    json_decref(a);
    return 0;
}

static int cmd_figures(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const char *status = NULL, *paper = NULL;
    enum peel_format format = PEEL_FORMAT_TABLE;
    bool indicators = false;
    peel_fquery q = {.status = -1};
    peel_flist l;
    int rc;

    const peel_opt opts[] = {
        PEEL_OPTION("--paper", PEEL_OPT_STRING, &paper, "part of a paper's name, such as 002"),
        PEEL_OPTION("--status", PEEL_OPT_STRING, &status, "agrees, differs, cannot or unprinted"),
        PEEL_OPTION("--indicators", PEEL_OPT_FLAG, &indicators, NULL),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (status) {
        enum peel_fstatus st;
        if (!peel_fstatus_parse(status, &st))
            return peel_err_set(err, PEEL_EINPUT,
                                "figures: --status '%s' is not agrees, differs, cannot or "
                                "unprinted",
                                status);
        q.status = (int)st;
    }
    q.paper = paper;
    q.indicators = indicators;
    if (peel_figures_list(cli->store, cli->reader, &q, &l, err) < 0)
        return -1;
    rc = format == PEEL_FORMAT_CSV    ? print_csv(cli, &l)
         : format == PEEL_FORMAT_JSON ? print_json(&l)
                                      : print_table(&l);
    peel_flist_release(&l);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the figures");
    return 0;
}

const peel_cmd peel_cmds_figures[] = {
    {"figures",
     "figures [--paper NAME] [--status agrees|differs|cannot|unprinted] "
     "[--indicators] [--format table|csv|json]",
     "every figure the papers print, recomputed from the records and reconciled",
     "One line per figure: key, label, paper, period, printed, computed, status, why.\n"
     "agrees: equal under the paper's rounding rule (or the printed bound is met);\n"
     "differs: both values, and the rule or records that would explain the printed one;\n"
     "cannot: which records are missing; unprinted: computed, no paper prints it.\n"
     "With --as public or --as panel, each figure is computed from the records that\n"
     "reader may see, and says so.  --indicators: only the plan's indicators.\n"
     "The vocabulary and rounding rules are in docs/METHODS.md, \"Figures\".\n"
     "Exit status 0 even when figures differ (it is a report); 2 on bad arguments.",
     PEEL_CMD_STORE, cmd_figures},
    {0},
};
