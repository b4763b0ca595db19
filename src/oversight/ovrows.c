/* ovrows.c - the oversight views' rows and their outputs (ovrows.h). */
#include "oversight/ovrows.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/table.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/str.h"
#include "core/vec.h"
#include "render/html.h"

int peel_ov_add(peel_ov_rows *rows, const char *section, const char *item, const char *note,
                peel_err *err, const char *fmt, ...)
{
    char value[128];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(value, sizeof value, fmt, ap);
    va_end(ap);
    peel_ov_row *r = peel_vec_push(rows);
    if (!r || !(r->section = peel_strdup(section)) || !(r->item = peel_strdup(item)) ||
        !(r->value = peel_strdup(value)) || !(r->note = peel_strdup(note)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory computing the oversight view");
    return 0;
}

void peel_ov_rows_release(peel_ov_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        free(rows->v[i].section);
        free(rows->v[i].item);
        free(rows->v[i].value);
        free(rows->v[i].note);
    }
    peel_vec_release(rows);
}

const char *peel_ov_reader_note(const peel_reader *rd)
{
    switch (rd->role) {
    case PEEL_ROLE_PUBLIC:
        return " (from the records peel publishes)";
    case PEEL_ROLE_PANEL:
        return " (from the records shown to the Panel)";
    default:
        return "";
    }
}

static int print_table(const peel_ov_rows *rows, const char *title)
{
    peel_table *t = peel_table_new();
    if (!t)
        return -1;
    peel_table_header(t, "Section");
    peel_table_header(t, "Item");
    peel_table_header(t, "Value");
    peel_table_header(t, "Note");
    peel_table_align_right(t, 2);
    for (size_t i = 0; i < rows->n; i++) {
        peel_table_row_begin(t);
        peel_table_cell(t, rows->v[i].section);
        peel_table_cell(t, *rows->v[i].item ? rows->v[i].item : "Total");
        peel_table_cell(t, rows->v[i].value);
        peel_table_cell(t, rows->v[i].note);
    }
    printf("%s\n\n", title);
    peel_table_print(t, stdout);
    peel_table_free(t);
    return 0;
}

static int print_csv(const peel_cli *cli, const peel_ov_rows *rows)
{
    static const char *const cols[] = {"section", "item", "value", "note"};
    peel_buf b;
    int rc = 0;

    peel_buf_init(&b, 0);
    peel_cli_csv_begin(cli);
    peel_csv_put_row(&b, cols, 4);
    for (size_t i = 0; i < rows->n; i++) {
        const char *cells[4] = {rows->v[i].section, rows->v[i].item, rows->v[i].value,
                                rows->v[i].note};
        peel_csv_put_row(&b, cells, 4);
    }
    if (b.failed)
        rc = -1;
    else
        fwrite(b.data, 1, b.len, stdout);
    peel_buf_release(&b);
    return rc;
}

static int print_json(const peel_ov_rows *rows, const char *view, const char *from, const char *to)
{
    json_t *head = json_pack("{s:s, s:s, s:s}", "view", view, "from", from, "to", to);
    json_t *a = json_array();
    char *text = NULL;
    int rc = -1;

    if (!head || !a)
        goto out;
    for (size_t i = 0; i < rows->n; i++) {
        json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "section", rows->v[i].section, "item",
                              rows->v[i].item, "value", rows->v[i].value, "note", rows->v[i].note);
        if (!o || json_array_append_new(a, o) < 0)
            goto out;
    }
    if (json_object_set(head, "rows", a) < 0 ||
        !(text = json_dumps(head, JSON_INDENT(2) | JSON_ENSURE_ASCII)))
        goto out;
    puts(text);
    rc = 0;
out:
    free(text);
    json_decref(a);
    json_decref(head);
    return rc;
}

int peel_ov_rows_print(const peel_cli *cli, enum peel_format format, const peel_ov_rows *rows,
                       const char *title, const char *view, const char *from, const char *to,
                       peel_err *err)
{
    int rc;
    if (format == PEEL_FORMAT_JSON)
        rc = print_json(rows, view, from, to);
    else if (format == PEEL_FORMAT_CSV)
        rc = print_csv(cli, rows);
    else
        rc = print_table(rows, title);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the %s view", view);
    return 0;
}

void peel_ov_rows_html(peel_req *r, const char *id, const char *caption, const peel_ov_rows *rows)
{
    peel_html(&r->out,
              "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">"
              "<table id=\"%s\">\n<caption class=\"heading-s\">%s"
              "</caption>\n<thead><tr><th scope=\"col\">Section</th><th scope=\"col\">Item</th>"
              "<th scope=\"col\" class=\"num\">Value</th><th scope=\"col\">Note</th></tr>"
              "</thead>\n<tbody>\n",
              caption, id, caption);
    for (size_t i = 0; i < rows->n; i++) {
        const peel_ov_row *w = &rows->v[i];
        peel_html(&r->out,
                  "<tr><td>%s</td><th scope=\"row\">%s</th><td class=\"num\">%s</td>"
                  "<td>%s</td></tr>\n",
                  w->section, *w->item ? w->item : "Total", w->value, w->note);
    }
    peel_html_lit(&r->out, "</tbody></table></div>\n");
}

/* ---- a view of a period, as a command and a page ---- */

int peel_ov_period_cmd(peel_cli *cli, int argc, char **argv, const peel_ov_period_view *v,
                       peel_err *err)
{
    peel_date today = peel_clock_today();
    peel_date from = PEEL_CLI_NO_DATE, to = PEEL_CLI_NO_DATE;
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_ov_rows rows;
    char a[11], b[11], title[200];
    const peel_opt opts[] = {
        PEEL_OPTION("--from", PEEL_OPT_DATE, &from,
                    "the period's first day (default: 1 April of this financial year)"),
        PEEL_OPTION("--to", PEEL_OPT_DATE, &to, "the period's last day (default: today)"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (from == PEEL_CLI_NO_DATE)
        from = peel_fy_first_day(peel_fy_of_date(today));
    if (to == PEEL_CLI_NO_DATE)
        to = today;
    if (to < from)
        return peel_err_set(err, PEEL_EINPUT, "oversight %s: --to is before --from", v->name);
    if (v->view(cli->store, cli->reader, from, to, &rows, err) < 0)
        return -1;
    peel_date_format(from, a);
    peel_date_format(to, b);
    snprintf(title, sizeof title, "%s from %s to %s%s", v->heading, a, b,
             peel_ov_reader_note(cli->reader));
    int rc = peel_ov_rows_print(cli, format, &rows, title, v->name, a, b, err);
    peel_ov_rows_release(&rows);
    return rc;
}

int peel_ov_period_page(peel_req *r, const peel_ov_period_view *v, peel_err *err)
{
    static const char *const args[] = {"from", "to", NULL};
    peel_date today = peel_clock_today();
    peel_date from, to;
    peel_ov_rows rows = {0};
    char a[11], b[11], caption[200], hint[40];

    peel_params_allowed(r, args);
    peel_param_date(r, "from", "From", peel_fy_first_day(peel_fy_of_date(today)), &from);
    peel_param_date(r, "to", "To", today, &to);
    if (!r->nproblems && to < from)
        peel_param_problem(r, "to", "To", "must not be before From");
    if (!r->nproblems && v->view(r->store, peel_req_reader(r), from, to, &rows, err) < 0)
        return -1;
    peel_buf_reset(&r->scratch);
    peel_buf_printf(&r->scratch, "%s%s", r->nproblems ? "Error: " : "", v->heading);
    peel_page_begin(r, peel_buf_str(&r->scratch));
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html(&r->out, "<h1 class=\"heading-l\">%s</h1>\n", v->heading);
    peel_buf_puts(&r->out, v->intro); /* declared HTML, never input */
    peel_date_format(from, a);
    peel_date_format(to, b);
    peel_html(&r->out,
              "<form class=\"filters\" method=\"get\" action=\"%s\"><fieldset><legend "
              "class=\"visually-hidden\">The period</legend>\n",
              v->path);
    snprintf(hint, sizeof hint, "For example %s", v->example_from);
    peel_page_param_input(r, "from", "From", hint, a);
    snprintf(hint, sizeof hint, "For example %s", v->example_to);
    peel_page_param_input(r, "to", "To", hint, b);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
    if (!r->nproblems) {
        snprintf(caption, sizeof caption, "%s from %s to %s%s", v->heading, a, b,
                 peel_ov_reader_note(peel_req_reader(r)));
        peel_ov_rows_html(r, v->id, caption, &rows);
    }
    peel_ov_rows_release(&rows);
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}
