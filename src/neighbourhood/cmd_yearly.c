/* cmd_yearly.c - `peel neighbourhood protests`: seed 000's protests table
 * (yearly.h), the protest statistics by calendar year with the part year
 * marked and the like-for-like changes, as a table or CSV (a row per
 * statistic and year: series, year, period_from, period_to, part_year,
 * value, change).  A report: exit status 0; 2 on bad arguments. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "core/buf.h"
#include "core/csv.h"
#include "neighbourhood/cmd_resourcing.h"
#include "neighbourhood/yearly.h"

static int print_csv(const peel_cli *cli, const peel_yearly *y)
{
    static const char *const cols[] = {"series",    "year",  "period_from", "period_to",
                                       "part_year", "value", "change"};
    peel_buf b;
    int rc = 0;
    peel_buf_init(&b, 0);
    peel_cli_csv_begin(cli);
    peel_csv_put_row(&b, cols, 7);
    for (size_t r = 0; r < y->nrows; r++) {
        for (size_t c = 0; c < y->ncols; c++) {
            if (!y->rows[r].has[c])
                continue;
            char yr[8], a[11], to[11], v[24], ch[48];
            snprintf(yr, sizeof yr, "%d", y->cols[c].year);
            peel_date_format(peel_date_from_ymd(y->cols[c].year, 1, 1), a);
            peel_date_format(y->cols[c].to, to);
            snprintf(v, sizeof v, "%lld", (long long)y->rows[r].value[c]);
            const char *cells[] = {y->rows[r].series,
                                   yr,
                                   a,
                                   to,
                                   y->cols[c].partial ? "yes" : "no",
                                   v,
                                   c ? peel_yearly_change_text(&y->rows[r], c, ch) : ""};
            peel_csv_put_row(&b, cells, 7);
        }
    }
    if (b.failed)
        rc = -1;
    else
        fwrite(b.data, 1, b.len, stdout);
    peel_buf_release(&b);
    return rc;
}

static int print_table(const peel_yearly *y)
{
    peel_table *tb = peel_table_new();
    if (!tb)
        return -1;
    peel_table_header(tb, "Statistic");
    for (size_t c = 0; c < y->ncols; c++) {
        char l[48];
        peel_yearly_col_label(&y->cols[c], l);
        peel_table_header(tb, l);
        peel_table_align_right(tb, 1 + c);
    }
    for (size_t c = 1; c < y->ncols; c++) {
        char a[48], b[48], h[120];
        peel_yearly_col_label(&y->cols[c - 1], a);
        peel_yearly_col_label(&y->cols[c], b);
        snprintf(h, sizeof h, "Change %s to %s", a, b);
        peel_table_header(tb, h);
        peel_table_align_right(tb, y->ncols + c);
    }
    for (size_t r = 0; r < y->nrows; r++) {
        peel_table_row_begin(tb);
        peel_table_cell(tb, y->rows[r].series);
        for (size_t c = 0; c < y->ncols; c++) {
            if (y->rows[r].has[c])
                peel_table_cellf(tb, "%lld", (long long)y->rows[r].value[c]);
            else
                peel_table_cell(tb, "not recorded");
        }
        for (size_t c = 1; c < y->ncols; c++) {
            char ch[48];
            peel_table_cell(tb, peel_yearly_change_text(&y->rows[r], c, ch));
        }
    }
    printf("Protests by calendar year%s%s\n\n", *y->area_name ? " in " : "", y->area_name);
    peel_table_print(tb, stdout);
    if (y->other)
        printf("\n%lld observation%s of the statistics not for a calendar year or part of one "
               "left out\n",
               (long long)y->other, y->other == 1 ? "" : "s");
    peel_table_free(tb);
    return 0;
}

int peel_neighbourhood_protests_cmd(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const char *area = NULL;
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_yearly y;
    const peel_opt opts[] = {
        PEEL_OPTION("--area", PEEL_OPT_STRING, &area, "an area's code"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table or csv"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (format == PEEL_FORMAT_JSON)
        return peel_err_set(err, PEEL_EINPUT, "neighbourhood protests: --format is table or csv");
    if (peel_yearly_of(cli->store, cli->reader, peel_protest_series, 3, area, &y, err) < 0)
        return -1;
    if ((format == PEEL_FORMAT_CSV ? print_csv(cli, &y) : print_table(&y)) < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the table");
    return 0;
}
