/* cmd_scheme.c - `peel oversight scheme [--on DATE]`: each class of the
 * publication scheme with the periods due by the day, published on time,
 * late or not at all, and the next due date (scheme.c).  A report: exit
 * status 0 even when something is late; 2 on bad arguments. */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "cli/table.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/vec.h"
#include "oversight/cmds.h"
#include "oversight/decisions.h"

static const char *const cols[] = {"ref",     "name", "cadence",       "due",
                                   "on_time", "late", "not_published", "next_due"};
#define NCOLS (sizeof cols / sizeof cols[0])

static void cells_of(const peel_scheme_state *st, char num[4][24], char next[11])
{
    snprintf(num[0], 24, "%zu", st->ndue ? (size_t)(st->on_time + st->late + st->missing) : 0);
    snprintf(num[1], 24, "%lld", (long long)st->on_time);
    snprintf(num[2], 24, "%lld", (long long)st->late);
    snprintf(num[3], 24, "%lld", (long long)st->missing);
    if (st->next_due)
        peel_date_format(st->next_due, next);
    else
        next[0] = '\0';
}

static int print_table(const peel_scheme_states *v, const char *day)
{
    peel_table *t = peel_table_new();
    if (!t)
        return -1;
    static const char *const heads[] = {"Paragraph", "What", "When",          "Due",
                                        "On time",   "Late", "Not published", "Next due"};
    for (size_t k = 0; k < NCOLS; k++)
        peel_table_header(t, heads[k]);
    for (size_t k = 3; k < 7; k++)
        peel_table_align_right(t, k);
    for (size_t i = 0; i < v->n; i++) {
        char num[4][24], next[11];
        cells_of(&v->v[i], num, next);
        peel_table_row_begin(t);
        peel_table_cell(t, v->v[i].ref);
        peel_table_cell(t, v->v[i].name);
        peel_table_cell(t, v->v[i].cadence);
        for (int k = 0; k < 4; k++)
            peel_table_cell(t, num[k]);
        peel_table_cell(t, next);
    }
    printf("The publication scheme on %s\n\n", day);
    peel_table_print(t, stdout);
    peel_table_free(t);
    return 0;
}

static int print_csv(const peel_cli *cli, const peel_scheme_states *v)
{
    peel_buf b;
    int rc = 0;
    peel_buf_init(&b, 0);
    peel_cli_csv_begin(cli);
    peel_csv_put_row(&b, cols, NCOLS);
    for (size_t i = 0; i < v->n; i++) {
        char num[4][24], next[11];
        cells_of(&v->v[i], num, next);
        const char *cells[NCOLS] = {v->v[i].ref, v->v[i].name, v->v[i].cadence, num[0],
                                    num[1],      num[2],       num[3],          next};
        peel_csv_put_row(&b, cells, NCOLS);
    }
    if (b.failed)
        rc = -1;
    else
        fwrite(b.data, 1, b.len, stdout);
    peel_buf_release(&b);
    return rc;
}

static int print_json(const peel_scheme_states *v, const char *day)
{
    json_t *a = json_array(), *head = json_pack("{s:s, s:s}", "view", "scheme", "on", day);
    char *text;
    for (size_t i = 0; a && i < v->n; i++) {
        const peel_scheme_state *st = &v->v[i];
        json_t *due = json_array();
        for (size_t k = 0; due && k < st->ndue; k++) {
            char f[11], t[11], d[11], p[11];
            peel_date_format(st->due[k].from, f);
            peel_date_format(st->due[k].to, t);
            peel_date_format(st->due[k].due, d);
            if (st->due[k].published)
                peel_date_format(st->due[k].published, p);
            json_array_append_new(due, json_pack("{s:s, s:s, s:s, s:s?}", "from", f, "to", t, "due",
                                                 d, "published", st->due[k].published ? p : NULL));
        }
        char next[11];
        if (st->next_due)
            peel_date_format(st->next_due, next);
        json_t *o =
            json_pack("{s:s, s:s, s:s, s:o, s:I, s:I, s:I, s:s?}", "ref", st->ref, "name", st->name,
                      "cadence", st->cadence, "periods", due ? due : json_null(), "on_time",
                      (json_int_t)st->on_time, "late", (json_int_t)st->late, "not_published",
                      (json_int_t)st->missing, "next_due", st->next_due ? next : NULL);
        if (!o || json_array_append_new(a, o) < 0) {
            json_decref(a);
            json_decref(head);
            return -1;
        }
    }
    if (!a || !head || json_object_set_new(head, "classes", a) < 0 ||
        !(text = json_dumps(head, JSON_INDENT(2) | JSON_ENSURE_ASCII))) {
        json_decref(head);
        return -1;
    }
    puts(text);
    free(text);
    json_decref(head);
    return 0;
}

int peel_oversight_cmd_scheme(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_date on = PEEL_CLI_NO_DATE;
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_scheme_states v;
    char day[11];
    const peel_opt opts[] = {
        PEEL_OPTION("--on", PEEL_OPT_DATE, &on, "the day to read the scheme on (default today)"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (on == PEEL_CLI_NO_DATE)
        on = peel_clock_today();
    if (peel_scheme_on(cli->store, cli->reader, on, &v, err) < 0)
        return -1;
    peel_date_format(on, day);
    int rc = format == PEEL_FORMAT_JSON  ? print_json(&v, day)
             : format == PEEL_FORMAT_CSV ? print_csv(cli, &v)
                                         : print_table(&v, day);
    peel_vec_release(&v);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the scheme");
    return 0;
}
