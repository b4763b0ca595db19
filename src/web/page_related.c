/* page_related.c - a record's related groups on its page and as JSON.
 *
 * The groups come from model/related.h, already filtered by the request's
 * reader: this file only lays them out.  On the page each group is a
 * section with its heading and count, then a table of the declared columns
 * (a numbered agenda's first column is the number as the paper prints it).
 * A row's declared details (an item's resolution) and its own groups (what
 * arose from an item) sit in a row beneath it, so a meeting's page reads
 * as a Modern.gov meeting does: attendance, declarations, the agenda with
 * each item's decision and actions, the actions arising.
 * GET /api/v1/TYPE/ID/related answers the same groups as JSON.
 */
#include <stdio.h>
#include <string.h>

#include "model/json.h"
#include "model/related.h"
#include "render/html.h"
#include "web/records.h"

#define REL_MAX_COLUMNS 16

static void row_title(peel_req *r, const peel_record *rec)
{
    peel_buf title = PEEL_BUF_INIT;
    peel_page_record_title(rec, &title);
    peel_html(&r->out, "<a href=\"/records/%q/%lld\">%s</a>", rec->type->name, (long long)rec->id,
              peel_buf_str(&title));
    peel_buf_release(&title);
    if (peel_record_class(rec) == PEEL_OFFICIAL_SENSITIVE)
        peel_page_sensitive_tag(r);
}

/* Whether a row has any declared detail the reader may see. */
static bool has_details(peel_req *r, const peel_related_group *g, const peel_related_row *row)
{
    for (size_t i = 0; g->decl->details && g->decl->details[i] >= 0; i++) {
        const peel_field *f = &g->shown->fields[g->decl->details[i]];
        if (peel_reader_field_visible(peel_req_reader(r), f) && peel_record_value(row->rec, f)->set)
            return true;
    }
    return false;
}

static bool nest_nonempty(const peel_related_row *row)
{
    for (size_t i = 0; row->nest && i < row->nest->groups.n; i++)
        if (row->nest->groups.v[i].rows.n)
            return true;
    return false;
}

/* What arose from a row: its non-empty groups, each a short list. */
static int nested_groups(peel_req *r, const peel_related_set *set, peel_err *err)
{
    for (size_t i = 0; i < set->groups.n; i++) {
        const peel_related_group *g = &set->groups.v[i];
        if (!g->rows.n)
            continue;
        peel_html(&r->out,
                  "<div class=\"related-nested\"><h4 class=\"heading-s\">%s (%lld)</h4><ul>",
                  g->decl->heading, (long long)g->rows.n);
        for (size_t j = 0; j < g->rows.n; j++) {
            const peel_field *cols[REL_MAX_COLUMNS];
            size_t nc = peel_related_columns(peel_req_reader(r), g, cols, REL_MAX_COLUMNS);
            peel_html_lit(&r->out, "<li>");
            row_title(r, g->rows.v[j].rec);
            if (g->rows.v[j].state)
                peel_html(&r->out, " <strong class=\"tag\">%s</strong>", g->rows.v[j].state);
            for (size_t k = 0; k < nc; k++) {
                const peel_value *v = peel_record_value(g->rows.v[j].rec, cols[k]);
                if (!v->set)
                    continue;
                peel_html(&r->out, "<span class=\"related-meta\">%s: ", cols[k]->label);
                if (peel_web_cell(r, cols[k], v, err) < 0)
                    return -1;
                peel_html_lit(&r->out, "</span>");
            }
            peel_html_lit(&r->out, "</li>");
        }
        peel_html_lit(&r->out, "</ul></div>");
    }
    return 0;
}

static int group_row(peel_req *r, const peel_related_group *g, const peel_related_row *row,
                     size_t pos, const peel_field *const *cols, size_t nc, peel_err *err)
{
    const peel_field *sort = g->decl->sort ? peel_type_field(g->shown, g->decl->sort) : NULL;
    size_t span = 1 + nc + (g->decl->numbered ? 1 : 0) + (g->decl->state ? 1 : 0);

    peel_html_lit(&r->out, "<tr>");
    if (g->decl->numbered) {
        peel_html_lit(&r->out, "<td class=\"related-number\">");
        if (sort && peel_record_value(row->rec, sort)->set) {
            if (peel_web_cell(r, sort, peel_record_value(row->rec, sort), err) < 0)
                return -1;
        } else {
            peel_html(&r->out, "%lld", (long long)pos);
        }
        peel_html_lit(&r->out, "</td>");
    }
    peel_html_lit(&r->out, "<td>");
    row_title(r, row->rec);
    peel_html_lit(&r->out, "</td>");
    for (size_t k = 0; k < nc; k++) {
        const peel_value *v = peel_record_value(row->rec, cols[k]);
        peel_html_lit(&r->out, "<td>");
        if (peel_web_cell(r, cols[k], v, err) < 0)
            return -1;
        if (cols[k]->cls == PEEL_OFFICIAL_SENSITIVE && v->set)
            peel_page_sensitive_tag(r);
        peel_html_lit(&r->out, "</td>");
    }
    if (g->decl->state)
        peel_html(&r->out, "<td>%s</td>", row->state ? row->state : "");
    peel_html_lit(&r->out, "</tr>\n");
    if (!has_details(r, g, row) && !nest_nonempty(row))
        return 0;
    peel_html(&r->out, "<tr class=\"related-more\"><td colspan=\"%lld\">", (long long)span);
    for (size_t i = 0; g->decl->details && g->decl->details[i] >= 0; i++) {
        const peel_field *f = &g->shown->fields[g->decl->details[i]];
        const peel_value *v = peel_record_value(row->rec, f);
        if (!v->set || !peel_reader_field_visible(peel_req_reader(r), f))
            continue;
        peel_html(&r->out, "<p class=\"related-detail\"><strong>%s:</strong> ", f->label);
        if (peel_web_cell(r, f, v, err) < 0)
            return -1;
        peel_html_lit(&r->out, "</p>");
    }
    if (row->nest && nested_groups(r, row->nest, err) < 0)
        return -1;
    peel_html_lit(&r->out, "</td></tr>\n");
    return 0;
}

/* One table of rows (all of a group's, or those of one split value). */
static int group_table(peel_req *r, const peel_related_group *g, const char *caption,
                       const peel_field *split, const char *value, peel_err *err)
{
    const peel_field *cols[REL_MAX_COLUMNS];
    size_t nc = peel_related_columns(peel_req_reader(r), g, cols, REL_MAX_COLUMNS), pos = 0;
    const peel_field *title = g->shown->title ? peel_type_field(g->shown, g->shown->title) : NULL;

    /* The split field is the sub-heading, and a column no row fills (an
     * agenda's outcomes before the meeting) is left out: no column of its own. */
    size_t m = 0;
    for (size_t k = 0; k < nc; k++) {
        bool filled = false;
        for (size_t i = 0; i < g->rows.n && !filled; i++)
            filled = peel_record_value(g->rows.v[i].rec, cols[k])->set;
        if (cols[k] != split && filled)
            cols[m++] = cols[k];
    }
    nc = m;

    peel_html(&r->out,
              "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"%s\">"
              "<table class=\"related-table\">\n<caption class=\"visually-hidden\">%s</caption>\n"
              "<thead><tr>",
              caption, caption);
    if (g->decl->numbered)
        peel_html_lit(&r->out, "<th scope=\"col\">No.</th>");
    peel_html(&r->out, "<th scope=\"col\">%s</th>", title ? title->label : g->shown->label);
    for (size_t k = 0; k < nc; k++)
        peel_html(&r->out, "<th scope=\"col\">%s</th>", cols[k]->label);
    if (g->decl->state)
        peel_html_lit(&r->out, "<th scope=\"col\">Status</th>");
    peel_html_lit(&r->out, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < g->rows.n; i++) {
        const peel_related_row *row = &g->rows.v[i];
        if (split) {
            const peel_value *v = peel_record_value(row->rec, split);
            const char *s = v->set && v->s ? v->s : NULL;
            if (value ? !s || strcmp(s, value) : s && peel_field_option(split, s))
                continue;
        }
        if (group_row(r, g, row, ++pos, cols, nc, err) < 0)
            return -1;
    }
    peel_html_lit(&r->out, "</tbody></table></div>\n");
    return 0;
}

static int group_section(peel_req *r, const peel_related_group *g, peel_err *err)
{
    const peel_field *split =
        g->decl->split_by ? peel_type_field(g->shown, g->decl->split_by) : NULL;

    peel_html(&r->out,
              "<section class=\"related\" aria-labelledby=\"related-%q-%q\">"
              "<h2 class=\"heading-m\" id=\"related-%q-%q\">%s <span class=\"related-count\">(%lld)"
              "</span></h2>\n",
              g->from->name, g->field->name, g->from->name, g->field->name, g->decl->heading,
              (long long)g->rows.n);
    if (g->counts.n) {
        peel_html_lit(&r->out, "<p class=\"body related-counts\">");
        for (size_t i = 0; i < g->counts.n; i++)
            peel_html(&r->out, "%s<strong>%s</strong>: %lld", i ? ", " : "", g->counts.v[i].state,
                      (long long)g->counts.v[i].n);
        peel_html_lit(&r->out, "</p>\n");
    }
    if (!g->rows.n) {
        peel_html_lit(&r->out, "<p class=\"body\">None recorded.</p></section>\n");
        return 0;
    }
    if (!split) {
        if (group_table(r, g, g->decl->heading, NULL, NULL, err) < 0)
            return -1;
    } else {
        bool other = false;
        for (const peel_option *o = split->options; o->value; o++) {
            size_t n = 0;
            for (size_t i = 0; i < g->rows.n; i++) {
                const peel_value *v = peel_record_value(g->rows.v[i].rec, split);
                n += v->set && v->s && !strcmp(v->s, o->value);
            }
            if (!n)
                continue;
            peel_html(&r->out, "<h3 class=\"heading-s\">%s (%lld)</h3>\n",
                      o->label ? o->label : o->value, (long long)n);
            if (group_table(r, g, o->label ? o->label : o->value, split, o->value, err) < 0)
                return -1;
        }
        for (size_t i = 0; i < g->rows.n; i++) {
            const peel_value *v = peel_record_value(g->rows.v[i].rec, split);
            other |= !(v->set && v->s && peel_field_option(split, v->s));
        }
        if (other) {
            peel_html(&r->out, "<h3 class=\"heading-s\">%s not recorded</h3>\n", split->label);
            if (group_table(r, g, "Not recorded", split, NULL, err) < 0)
                return -1;
        }
    }
    peel_html_lit(&r->out, "</section>\n");
    return 0;
}

int peel_page_related(peel_req *r, const peel_record *rec, peel_err *err)
{
    peel_related_set set;
    int rc = 0;

    if (peel_related_build(r->store, peel_req_reader(r), rec, true, &set, err) < 0)
        return -1;
    if (set.groups.n >= 3) {
        /* A long page (a meeting): where each part starts, with its count. */
        peel_html_lit(&r->out, "<nav class=\"related-contents\" aria-label=\"On this page\"><ul>");
        for (size_t i = 0; i < set.groups.n; i++) {
            const peel_related_group *g = &set.groups.v[i];
            peel_html(&r->out, "<li><a href=\"#related-%q-%q\">%s (%lld)</a></li>", g->from->name,
                      g->field->name, g->decl->heading, (long long)g->rows.n);
        }
        peel_html_lit(&r->out, "</ul></nav>\n");
    }
    for (size_t i = 0; i < set.groups.n && rc == 0; i++)
        rc = group_section(r, &set.groups.v[i], err);
    peel_related_release(&set);
    return rc;
}

/* ---- JSON ---- */

static void json_str(peel_buf *b, const char *s)
{
    if (s)
        peel_json_write_string(b, s, strlen(s));
    else
        peel_buf_puts(b, "null");
}

static int json_groups(peel_req *r, const peel_related_set *set, peel_err *err)
{
    peel_buf *b = &r->out;
    peel_buf_putc(b, '[');
    for (size_t i = 0; i < set->groups.n; i++) {
        const peel_related_group *g = &set->groups.v[i];
        const peel_field *cols[REL_MAX_COLUMNS];
        size_t nc = peel_related_columns(peel_req_reader(r), g, cols, REL_MAX_COLUMNS);

        peel_buf_puts(b, i ? ",{\"heading\":" : "{\"heading\":");
        json_str(b, g->decl->heading);
        peel_buf_puts(b, ",\"type\":");
        json_str(b, g->shown->name);
        peel_buf_puts(b, ",\"by\":");
        json_str(b, g->from->name);
        peel_buf_puts(b, ",\"field\":");
        json_str(b, g->field->name);
        peel_buf_puts(b, ",\"through\":");
        json_str(b, g->decl->through);
        peel_buf_puts(b, ",\"numbered\":");
        peel_buf_puts(b, g->decl->numbered ? "true" : "false");
        peel_buf_puts(b, ",\"columns\":[");
        for (size_t k = 0; k < nc; k++) {
            if (k)
                peel_buf_putc(b, ',');
            json_str(b, cols[k]->name);
        }
        peel_buf_puts(b, "],\"total\":");
        peel_buf_put_i64(b, (int64_t)g->rows.n);
        peel_buf_puts(b, ",\"states\":{");
        for (size_t k = 0; k < g->counts.n; k++) {
            if (k)
                peel_buf_putc(b, ',');
            json_str(b, g->counts.v[k].state);
            peel_buf_putc(b, ':');
            peel_buf_put_i64(b, g->counts.v[k].n);
        }
        peel_buf_puts(b, "},\"data\":[");
        for (size_t j = 0; j < g->rows.n; j++) {
            const peel_related_row *row = &g->rows.v[j];
            peel_buf_puts(b, j ? ",{\"record\":" : "{\"record\":");
            if (peel_reader_json_write(r->store, peel_req_reader(r), row->rec, b, err) < 0)
                return -1;
            peel_buf_puts(b, ",\"state\":");
            json_str(b, row->state);
            if (row->nest) {
                peel_buf_puts(b, ",\"related\":");
                if (json_groups(r, row->nest, err) < 0)
                    return -1;
            }
            peel_buf_putc(b, '}');
        }
        peel_buf_puts(b, "]}");
    }
    peel_buf_putc(b, ']');
    return 0;
}

int peel_api_related(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = peel_web_type_or_reply(r, p[0]);
    peel_record *rec;
    peel_related_set set;
    int rc;

    if (!t)
        return 0;
    if (!(rec = peel_web_record_or_reply(r, t, p[1], err)))
        return r->answered ? 0 : -1;
    if (peel_related_build(r->store, peel_req_reader(r), rec, true, &set, err) < 0) {
        peel_record_free(rec);
        return -1;
    }
    peel_buf_reset(&r->out);
    peel_buf_puts(&r->out, "{\"type\":");
    json_str(&r->out, t->name);
    peel_buf_puts(&r->out, ",\"id\":");
    peel_buf_put_i64(&r->out, rec->id);
    peel_buf_puts(&r->out, ",\"groups\":");
    rc = json_groups(r, &set, err);
    peel_buf_putc(&r->out, '}');
    peel_related_release(&set);
    peel_record_free(rec);
    return rc < 0 ? -1 : peel_req_json_ready(r, 200);
}
