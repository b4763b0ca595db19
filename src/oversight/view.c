/* view.c - the oversight views' tables and their writers (view.h). */
#include "oversight/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/table.h"
#include "core/buf.h"
#include "core/csv.h"
#include "render/html.h"

void peel_ovs_add(peel_ovs_table *t, const char *const *cells)
{
    if (t->failed)
        return;
    if ((t->nrows + 1) * t->ncols > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : t->ncols * 16;
        while (cap < (t->nrows + 1) * t->ncols)
            cap *= 2;
        char **v = realloc(t->cells, cap * sizeof *v);
        if (!v) {
            t->failed = true;
            return;
        }
        t->cells = v;
        t->cap = cap;
    }
    char **row = t->cells + t->nrows * t->ncols;
    for (size_t c = 0; c < t->ncols; c++) {
        row[c] = strdup(cells[c] ? cells[c] : "");
        if (!row[c]) {
            for (size_t k = 0; k < c; k++)
                free(row[k]);
            t->failed = true;
            return;
        }
    }
    t->nrows++;
}

void peel_ovs_table_release(peel_ovs_table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    t->cells = NULL;
    t->nrows = t->cap = 0;
}

const char *peel_ovs_cell(const peel_ovs_table *t, size_t row, size_t col)
{
    return t->cells[row * t->ncols + col];
}

const char *peel_ovs_reader_note(const peel_reader *rd)
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

static int print_table(const peel_ovs_table *t)
{
    peel_table *tt = peel_table_new();
    if (!tt)
        return -1;
    for (size_t c = 0; c < t->ncols; c++) {
        peel_table_header(tt, t->heads[c]);
        if (t->num & (1u << c))
            peel_table_align_right(tt, c);
    }
    for (size_t r = 0; r < t->nrows; r++) {
        peel_table_row_begin(tt);
        for (size_t c = 0; c < t->ncols; c++)
            peel_table_cell(tt, peel_ovs_cell(t, r, c));
    }
    printf("%s\n\n", t->caption);
    if (t->nrows)
        peel_table_print(tt, stdout);
    else
        printf("(none)\n");
    peel_table_free(tt);
    return 0;
}

static int put_csv(peel_buf *b, const peel_ovs_table *t)
{
    peel_csv_put_row(b, t->keys, t->ncols);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = peel_ovs_cell(t, r, c);
            if (c)
                peel_buf_append(b, ",", 1);
            peel_csv_put_text(b, s, strlen(s));
        }
        peel_buf_append(b, "\r\n", 2);
    }
    return b->failed ? -1 : 0;
}

static json_t *table_json(const peel_ovs_table *t)
{
    json_t *rows = json_array();
    for (size_t r = 0; rows && r < t->nrows; r++) {
        json_t *o = json_object();
        if (!o || json_array_append_new(rows, o) < 0) {
            json_decref(rows);
            return NULL;
        }
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = peel_ovs_cell(t, r, c);
            char *end;
            long long v = strtoll(s, &end, 10);
            json_t *x = (t->num & (1u << c)) ? (*s && !*end ? json_integer(v) : json_null())
                                             : json_string(s);
            if (!x || json_object_set_new(o, t->keys[c], x) < 0) {
                json_decref(rows);
                return NULL;
            }
        }
    }
    if (!rows)
        return NULL;
    return json_pack("{s:s, s:s, s:o}", "id", t->id, "caption", t->caption, "rows", rows);
}

int peel_ovs_print(const peel_cli *cli, enum peel_format format, const char *view,
                   const peel_ovs_table *const *tables, size_t n, peel_err *err)
{
    for (size_t i = 0; i < n; i++)
        if (tables[i]->failed)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory building the %s view", view);
    if (format == PEEL_FORMAT_TABLE) {
        for (size_t i = 0; i < n; i++) {
            if (i)
                printf("\n");
            if (print_table(tables[i]) < 0)
                return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the %s view", view);
        }
        return 0;
    }
    if (format == PEEL_FORMAT_CSV) {
        peel_buf b;
        int rc = 0;
        peel_buf_init(&b, 0);
        for (size_t i = 0; i < n && rc == 0; i++) {
            if (i)
                peel_buf_append(&b, "\r\n", 2);
            rc = put_csv(&b, tables[i]);
        }
        if (rc == 0 && !b.failed) {
            peel_cli_csv_begin(cli);
            fwrite(b.data, 1, b.len, stdout);
        }
        peel_buf_release(&b);
        if (rc < 0 || b.failed)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the %s view", view);
        return 0;
    }
    json_t *a = json_array(), *top;
    char *text = NULL;
    for (size_t i = 0; a && i < n; i++) {
        json_t *o = table_json(tables[i]);
        if (!o || json_array_append_new(a, o) < 0) {
            json_decref(a);
            a = NULL;
        }
    }
    top = a ? json_pack("{s:s, s:o}", "view", view, "tables", a) : NULL;
    if (top)
        text = json_dumps(top, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    json_decref(top);
    if (!text)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the %s view", view);
    puts(text);
    free(text);
    return 0;
}

void peel_ovs_html(peel_req *r, const peel_ovs_table *t, const char *empty)
{
    peel_html(&r->out,
              "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">"
              "<table id=\"%s\">\n<caption class=\"heading-s\">%s</caption>\n<thead><tr>",
              t->caption, t->id, t->caption);
    for (size_t c = 0; c < t->ncols; c++) {
        if (t->num & (1u << c))
            peel_html(&r->out, "<th scope=\"col\" class=\"num\">%s</th>", t->heads[c]);
        else
            peel_html(&r->out, "<th scope=\"col\">%s</th>", t->heads[c]);
    }
    peel_html_lit(&r->out, "</tr></thead>\n<tbody>\n");
    for (size_t row = 0; row < t->nrows; row++) {
        peel_html_lit(&r->out, "<tr>");
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = peel_ovs_cell(t, row, c);
            if (c == 0)
                peel_html(&r->out, "<th scope=\"row\">%s</th>", s);
            else if (t->num & (1u << c))
                peel_html(&r->out, "<td class=\"num\">%s</td>", s);
            else
                peel_html(&r->out, "<td>%s</td>", s);
        }
        peel_html_lit(&r->out, "</tr>\n");
    }
    if (!t->nrows)
        peel_html(&r->out, "<tr><td colspan=\"%lld\">%s</td></tr>\n", (long long)t->ncols, empty);
    peel_html_lit(&r->out, "</tbody></table></div>\n");
}
