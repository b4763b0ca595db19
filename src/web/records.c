/* records.c - the pages every record type gets from its declaration alone:
 * list (filter, sort, paginate), CSV download, record (with its audit
 * history for staff), create and edit forms with field-level errors that
 * keep what was typed, delete with confirmation, and CSV upload.
 *
 * Every record, field and reference shown passes the request's reader
 * (model/reader.h); every value written to a
 * page goes through render/html.h.  Writes run in one transaction each.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/csv.h"
#include "model/crud.h"
#include "model/csvio.h"
#include "model/transition.h"
#include "render/html.h"
#include "web/lifecycle.h"
#include "web/records.h"

/* ---- shared with the API ---- */

static char *segdup(peel_req *r, peel_str seg)
{
    return peel_pool_strndup(r->pool, seg.p, seg.n);
}

const peel_type *peel_web_type_or_reply(peel_req *r, peel_str seg)
{
    const char *name = segdup(r, seg);
    const peel_type *t = name ? peel_type_find(name) : NULL;

    if (!t) {
        peel_req_error(r, 404, "not_found", NULL, "there is no record type called '%.60s'",
                       name ? name : "");
        return NULL;
    }
    if (!peel_reader_type_readable(peel_req_reader(r), t)) {
        if (r->role == PEEL_ROLE_PUBLIC && !r->is_api)
            peel_req_error(r, 403, "forbidden", NULL, "sign in to see %s", t->plural);
        else
            peel_req_error(r, 403, "forbidden", NULL, "your account cannot see %s", t->plural);
        return NULL;
    }
    return t;
}

peel_record *peel_web_record_or_reply(peel_req *r, const peel_type *t, peel_str seg, peel_err *err)
{
    long long id;
    peel_record *rec = NULL;

    if (!peel_str_to_i64(seg, &id) || id <= 0) {
        peel_req_error(r, 404, "not_found", NULL, "'%.*s' is not a record id",
                       (int)(seg.n > 40 ? 40 : seg.n), seg.p);
        return NULL;
    }
    if (peel_store_get(r->store, t, id, &rec, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return NULL;
        peel_err_clear(err);
    } else if (!peel_reader_record_visible(peel_req_reader(r), rec)) {
        peel_record_free(rec);
        rec = NULL;
    }
    if (!rec)
        peel_req_error(r, 404, "not_found", NULL, "there is no %s with id %lld", t->label, id);
    return rec;
}

static bool reserved_arg(const char *name)
{
    return !strcmp(name, "_sort") || !strcmp(name, "_dir") || peel_param_is_paging(name) ||
           !strcmp(name, "_columns") || !strcmp(name, "saved") || !strcmp(name, "deleted");
}

/* A list parameter that did not read.  The API answers 400 with the
 * parameter named (true: answered); a page records the problem with the
 * field's label, to show the filter form again with the error summary
 * (field NULL: the address, not named). */
static bool refuse(peel_req *r, const peel_field *f, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool refuse(peel_req *r, const peel_field *f, const char *name, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->is_api) {
        peel_req_error(r, 400, f ? "bad_query" : "unknown_parameter", name, "%s", msg);
        return true;
    }
    if (f)
        peel_param_problem(r, f->name, f->label, "%s", msg);
    else
        peel_param_problem(r, NULL, NULL,
                           "The address of this page has a part the page does "
                           "not use: go back and use the form");
    return false;
}

/* from and to on a type with a date range (UK dates read as everywhere);
 * 0, or 1 when the API was answered 400. */
static int range_filters(peel_req *r, const peel_type *t, peel_listq *lq)
{
    static const char *const names[] = {"from", "to"};
    static const char *const labels[] = {"From", "To"};
    for (int i = 0; i < 2; i++) {
        peel_date d;
        size_t before = r->nproblems;
        if (!peel_param_date(r, names[i], labels[i], 0, &d)) {
            if (r->is_api) {
                peel_req_error(r, 400, "bad_query", names[i], "%s",
                               r->nproblems > before ? r->problems[before].msg : names[i]);
                return 1;
            }
            continue;
        }
        if (!peel_param_text(r, names[i]))
            continue;
        lq->filters[lq->nuser++] = (peel_filter){
            .field = t->range, .op = i ? PEEL_OP_LE : PEEL_OP_GE, .v = {.set = true, .i = d}};
    }
    return 0;
}

int peel_web_listq_build(peel_req *r, const peel_type *t, peel_listq *lq, peel_err *err)
{
    const char *sort = peel_req_arg(r, "_sort"), *dir = peel_req_arg(r, "_dir");
    /* The JSON answer's names, page and per_page, or the pages' _page and _per. */
    const char *pn = peel_param_text(r, "page") ? "page" : "_page";
    const char *qn = peel_param_text(r, "per_page") ? "per_page" : "_per";
    const char *page = peel_req_arg(r, pn), *per = peel_req_arg(r, qn);
    long long n;

    memset(lq, 0, sizeof *lq);
    lq->type = t;
    lq->page = 1;
    lq->per = PEEL_LIST_PER_PAGE;
    lq->q.type = t;
    for (size_t i = 0; i < r->nargs; i++) {
        const peel_kv *a = &r->args[i];
        const peel_field *f;
        peel_filter *fl;
        peel_fielderrs fe = {0};

        if (reserved_arg(a->name) ||
            (t->range && (!strcmp(a->name, "from") || !strcmp(a->name, "to"))))
            continue;
        if (!peel_utf8_valid(a->value, strlen(a->value), NULL)) {
            if (refuse(r, NULL, NULL, "a query parameter is not valid UTF-8"))
                return 1;
            continue;
        }
        f = !strcmp(a->name, "id") ? NULL : peel_type_field(t, a->name);
        if (strcmp(a->name, "id") != 0 &&
            (!f || !peel_reader_field_visible(peel_req_reader(r), f))) {
            if (refuse(r, NULL, NULL, "'%.60s' is not a field of %s that lists can be filtered by",
                       a->name, t->name))
                return 1;
            continue;
        }
        if (!*a->value)
            continue; /* an empty filter box means no filter */
        fl = &lq->filters[lq->nuser++];
        fl->field = f;
        fl->op = PEEL_OP_EQ;
        if (!f) {
            if (!peel_str_to_i64(peel_str_c(a->value), &n)) {
                lq->nuser--;
                if (refuse(r, NULL, "id", "id: '%.40s' is not an id", a->value))
                    return 1;
                continue;
            }
            fl->v = (peel_value){.set = true, .i = n};
            continue;
        }
        if (f->type == PEEL_F_TEXT) {
            fl->op = PEEL_OP_CONTAINS;
            fl->v.set = true;
            fl->v.s = strdup(a->value);
            if (!fl->v.s)
                return peel_err_set(err, PEEL_ENOMEM, "out of memory");
            continue;
        }
        if (peel_value_parse(f, a->value, strlen(a->value), &fl->v, &fe) < 0) {
            peel_value_clear(&fl->v);
            lq->nuser--;
            if (refuse(r, f, f->name, "%s: %s", f->label, fe.e[0].msg))
                return 1;
            continue;
        }
        if (f->type == PEEL_F_REF && fl->v.s) {
            const peel_type *rt = peel_type_find(f->ref_type);
            int64_t id = 0;
            /* Unknown and hidden answer alike (reader.h): no oracle. */
            if (!rt ||
                peel_reader_lookup(r->store, peel_req_reader(r), rt, fl->v.s, &id, err) < 0) {
                if (err->code != PEEL_ENOTFOUND && err->code != PEEL_OK)
                    return -1;
                peel_err_clear(err);
                if (refuse(r, f, f->name, "%s: there is no %s called '%.40s'", f->label,
                           f->ref_type, fl->v.s))
                    return 1;
                peel_value_clear(&fl->v);
                lq->nuser--;
                continue;
            }
            free(fl->v.s);
            fl->v.s = NULL;
            fl->v.i = id;
        } else if (peel_reader_ref_filter(r->store, peel_req_reader(r), f, &fl->v, err) < 0) {
            return -1;
        }
    }
    if (t->range && range_filters(r, t, lq) != 0)
        return 1;
    lq->q.filters = lq->filters;
    lq->q.nfilters =
        lq->nuser + peel_reader_filters(peel_req_reader(r), t, lq->filters + lq->nuser);
    if (!(sort && *sort) && t->order) {
        /* The type's declared order until the reader sorts by a column. */
        lq->q.order = t->order;
        lq->q.desc = t->order_dir == PEEL_ORDER_DESC;
        lq->upcoming = t->order_dir == PEEL_ORDER_UPCOMING && !(dir && *dir);
    }
    if (sort && *sort && strcmp(sort, "id") != 0) {
        const peel_field *f = peel_type_field(t, sort);
        if (!f || !peel_reader_field_visible(peel_req_reader(r), f)) {
            if (refuse(r, NULL, "_sort", "_sort: '%.60s' is not a field of %s", sort, t->name))
                return 1;
        } else {
            lq->q.order = f;
        }
    }
    if (dir && *dir) {
        if (strcmp(dir, "asc") != 0 && strcmp(dir, "desc") != 0 &&
            refuse(r, NULL, "_dir", "_dir must be asc or desc"))
            return 1;
        lq->q.desc = !strcmp(dir, "desc");
    }
    if (page && *page) {
        if (!peel_str_to_i64(peel_str_c(page), &n) || n < 1 || n > 1000000) {
            if (refuse(r, NULL, pn, "%s must be a page number from 1", pn))
                return 1;
            n = 1;
        }
        lq->page = n;
    }
    if (per && *per) {
        if (!peel_str_to_i64(peel_str_c(per), &n) || n < 1 || n > PEEL_LIST_MAX_PER_PAGE) {
            if (refuse(r, NULL, qn, "%s must be from 1 to %d", qn, PEEL_LIST_MAX_PER_PAGE))
                return 1;
            n = PEEL_LIST_PER_PAGE;
        }
        lq->per = n;
    }
    if (r->nproblems)
        return 2; /* a page: the filter form again, with the problems */
    return peel_store_count(r->store, &lq->q, &lq->total, err) < 0 ? -1 : 0;
}

void peel_web_listq_release(peel_listq *lq)
{
    for (size_t i = 0; i < lq->nuser; i++)
        peel_value_clear(&lq->filters[i].v);
}

int peel_web_listq_select(peel_store *s, const peel_listq *lq, int64_t limit, int64_t offset,
                          peel_record_cb cb, void *ctx, peel_err *err)
{
    static const struct {
        enum peel_op op;
        bool desc;
    } parts[] = {{PEEL_OP_GE, false}, {PEEL_OP_LT, true}, {PEEL_OP_NULL, false}};
    peel_filter fl[sizeof lq->filters / sizeof lq->filters[0] + 1];
    peel_query q = lq->q;

    if (!lq->upcoming) {
        q.limit = limit;
        q.offset = offset;
        return peel_store_select(s, &q, cb, ctx, err);
    }
    memcpy(fl, lq->q.filters, lq->q.nfilters * sizeof *fl);
    q.filters = fl;
    q.nfilters = lq->q.nfilters + 1;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        int64_t n;
        fl[lq->q.nfilters] = (peel_filter){
            .field = lq->q.order, .op = parts[i].op, .v = {.set = true, .i = peel_clock_today()}};
        q.desc = parts[i].desc;
        q.limit = q.offset = 0;
        if (peel_store_count(s, &q, &n, err) < 0)
            return -1;
        if (offset >= n) {
            offset -= n;
            continue;
        }
        q.offset = offset;
        q.limit = limit ? (limit < n - offset ? limit : n - offset) : 0;
        if (peel_store_select(s, &q, cb, ctx, err) < 0)
            return -1;
        if (limit && (limit -= q.limit) == 0)
            break;
        offset = 0;
    }
    return 0;
}

/* ---- cells ---- */

/* Appends a field's value for people as HTML: references link when the
 * reader may open them. */
int peel_web_cell(peel_req *r, const peel_field *f, const peel_value *v, peel_err *err)
{
    peel_buf *t = &r->scratch;
    bool link = false;
    int rc = 0;

    peel_buf_reset(t);
    if (f->type == PEEL_F_REF) {
        struct peel_refcache *hit = NULL;
        for (size_t i = 0; v->set && !v->s && i < r->nrefcache && i < 32; i++)
            if (r->refcache[i].id == v->i && !strcmp(r->refcache[i].type, f->ref_type))
                hit = &r->refcache[i];
        if (hit) {
            /* read again, for a trace set since (a part of a page) */
            peel_store_mark(r->store, peel_store_change_group(f->ref_type));
            peel_buf_puts(t, hit->text);
            link = hit->link;
        } else {
            rc = peel_reader_ref_text(r->store, peel_req_reader(r), f, v, t, &link, err);
            if (rc == 0 && v->set && !v->s) {
                struct peel_refcache *c = &r->refcache[r->nrefcache % 32];
                const char *text = peel_pool_strdup(r->pool, peel_buf_str(t));
                if (text) {
                    *c = (struct peel_refcache){f->ref_type, v->i, text, link};
                    r->nrefcache++;
                }
            }
        }
        if (rc == 0 && link)
            peel_html(&r->out, "<a href=\"/records/%q/%lld\">%s</a>", f->ref_type, (long long)v->i,
                      peel_buf_str(t));
        else if (rc == 0)
            peel_html_text(&r->out, peel_buf_str(t));
    } else {
        peel_value_format(f, v, PEEL_VFMT_PEOPLE, t);
        peel_html_textn(&r->out, peel_buf_str(t), t->len);
    }
    return rc;
}

static bool list_column(peel_req *r, const peel_field *f)
{
    return peel_reader_field_visible(peel_req_reader(r), f) && !(f->flags & PEEL_MULTILINE) &&
           f->type != PEEL_F_POINT;
}

static bool marks_class(const peel_type *t)
{
    return t->cls == PEEL_OFFICIAL_SENSITIVE || peel_type_flagged(t, PEEL_CLASSIFIES);
}

/* ---- list ---- */

#define LIST_MAX_COLUMNS 64

/* Whether the reader asked for every column (_columns=all). */
static bool list_all_columns(peel_req *r)
{
    const char *all = peel_req_arg(r, "_columns");
    return all && !strcmp(all, "all");
}

/* The columns after the title's: the type's declared summary, or every
 * field a list shows when it declares none or the reader asked for all. */
static size_t list_columns(peel_req *r, const peel_type *t, const peel_field **cols)
{
    size_t n = 0;
    if (t->summary && !list_all_columns(r)) {
        for (size_t i = 0; t->summary[i] >= 0 && n < LIST_MAX_COLUMNS; i++)
            if (list_column(r, &t->fields[t->summary[i]]))
                cols[n++] = &t->fields[t->summary[i]];
        return n;
    }
    for (size_t i = 0; i < t->nfields && n < LIST_MAX_COLUMNS; i++)
        if (list_column(r, &t->fields[i]) &&
            (!(t->fields[i].flags & PEEL_INTERNAL) || list_all_columns(r)))
            cols[n++] = &t->fields[i];
    return n;
}

typedef struct list_ctx {
    peel_req *r;
    int64_t shown;
    peel_history hist; /* a lifecycle's history of the whole type: the state column */
    const peel_field *cols[LIST_MAX_COLUMNS];
    size_t ncols;
} list_ctx;

static int list_row(void *ctx, const peel_record *rec, peel_err *err)
{
    list_ctx *c = ctx;
    peel_req *r = c->r;
    const peel_type *t = rec->type;
    peel_buf title = PEEL_BUF_INIT;

    if (!peel_reader_record_visible(peel_req_reader(r), rec))
        return 0;
    peel_page_record_title(rec, &title);
    peel_html(&r->out, "<tr><td><a href=\"/records/%q/%lld\">%s</a></td>", t->name,
              (long long)rec->id, peel_buf_str(&title));
    peel_buf_release(&title);
    if (t->lifecycle)
        peel_html(&r->out, "<td><strong class=\"tag tag--state\">%s</strong></td>",
                  peel_web_lifecycle_current(t, &c->hist, rec->id));
    for (size_t i = 0; i < c->ncols; i++) {
        const peel_field *f = c->cols[i];
        const peel_value *v = peel_record_value(rec, f);
        peel_html_lit(&r->out, "<td>");
        if (peel_web_cell(r, f, v, err) < 0)
            return -1;
        if (f->cls == PEEL_OFFICIAL_SENSITIVE && v->set)
            peel_page_sensitive_tag(r);
        peel_html_lit(&r->out, "</td>");
    }
    if (peel_reader_sees_sensitive(peel_req_reader(r)) && marks_class(t)) {
        peel_html_lit(&r->out, "<td>");
        if (peel_record_class(rec) == PEEL_OFFICIAL_SENSITIVE)
            peel_page_sensitive_tag(r);
        else
            peel_html_lit(&r->out, "OFFICIAL");
        peel_html_lit(&r->out, "</td>");
    }
    peel_html_lit(&r->out, "</tr>\n");
    c->shown++;
    return 0;
}

static void sep(peel_req *r, bool *first)
{
    if (*first)
        peel_html_lit(&r->out, "?");
    else
        peel_html_lit(&r->out, "&amp;");
    *first = false;
}

/* A link to this list with one parameter changed (others kept). */
static void list_href(peel_req *r, const peel_type *t, bool csv, const char *set, const char *value,
                      const char *set2, const char *value2)
{
    bool first = true;
    peel_html(&r->out, "/records/%q%s", t->name, csv ? "/export.csv" : "");
    for (size_t i = 0; i < r->nargs; i++) {
        const char *n = r->args[i].name;
        if ((set && !strcmp(n, set)) || (set2 && !strcmp(n, set2)) || !strcmp(n, "saved") ||
            !strcmp(n, "deleted") || !*r->args[i].value)
            continue;
        sep(r, &first);
        peel_html(&r->out, "%q=%q", n, r->args[i].value);
    }
    if (set && value) {
        sep(r, &first);
        peel_html(&r->out, "%q=%q", set, value);
    }
    if (set2 && value2) {
        sep(r, &first);
        peel_html(&r->out, "%q=%q", set2, value2);
    }
}

static void filter_form(peel_req *r, const peel_type *t)
{
    bool open = false;
    for (size_t i = 0; i < r->nargs; i++)
        if (!reserved_arg(r->args[i].name) && *r->args[i].value)
            open = true;
    peel_html(&r->out,
              "<details class=\"filters\"%s><summary>Filter %s</summary>\n"
              "<form method=\"get\" action=\"/records/%q\"><fieldset>\n"
              "<legend class=\"visually-hidden\">Filter %s</legend>\n",
              open ? " open" : "", t->plural, t->name, t->plural);
    if (t->range) {
        char hint[200];
        snprintf(hint, sizeof hint, "%s on or after this day, as 01/04/2023 or 2023-04-01",
                 t->range->label);
        peel_page_param_input(r, "from", "From", hint, peel_req_arg(r, "from"));
        snprintf(hint, sizeof hint, "%s on or before this day", t->range->label);
        peel_page_param_input(r, "to", "To", hint, peel_req_arg(r, "to"));
    }
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        const char *v = peel_req_arg(r, f->name);
        const peel_problem *bad = peel_param_problem_of(r, f->name);
        if (!peel_reader_field_visible(peel_req_reader(r), f) || f->type == PEEL_F_POINT)
            continue;
        peel_html(&r->out, "<div class=\"form-group%s\"><label for=\"filter-%s\">%s</label>",
                  bad ? " form-group--error" : "", f->name, f->label);
        if (bad)
            peel_html(&r->out,
                      "<p class=\"error-message\" id=\"filter-%s-error\"><span "
                      "class=\"visually-hidden\">Error:</span> %s</p>",
                      f->name, bad->msg);
        if (f->type == PEEL_F_ENUM || f->type == PEEL_F_BOOL) {
            peel_html(&r->out, "<select id=\"filter-%s\" name=\"%s\"", f->name, f->name);
            if (bad)
                peel_html(&r->out, " aria-invalid=\"true\" aria-describedby=\"filter-%s-error\"",
                          f->name);
            peel_html_lit(&r->out, "><option value=\"\">Any</option>");
            if (f->type == PEEL_F_BOOL) {
                peel_html(&r->out,
                          "<option value=\"yes\"%s>Yes</option><option value=\"no\"%s>"
                          "No</option>",
                          v && !strcmp(v, "yes") ? " selected" : "",
                          v && !strcmp(v, "no") ? " selected" : "");
            } else {
                for (const peel_option *o = f->options; o->value; o++)
                    peel_html(&r->out, "<option value=\"%s\"%s>%s</option>", o->value,
                              v && !strcmp(v, o->value) ? " selected" : "",
                              o->label ? o->label : o->value);
            }
            peel_html_lit(&r->out, "</select></div>\n");
        } else {
            peel_html(&r->out,
                      "<input class=\"input\" id=\"filter-%s\" name=\"%s\" "
                      "type=\"text\"",
                      f->name, f->name);
            if (bad)
                peel_html(&r->out, " aria-invalid=\"true\" aria-describedby=\"filter-%s-error\"",
                          f->name);
            peel_html(&r->out, " value=\"%s\"></div>\n", v ? v : "");
        }
    }
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Apply filters"
                           "</button></form></details>\n");
}

/* A filter that did not read: the list's heading and filter form again,
 * open, with the error summary and what was typed; no records. */
static int list_refused(peel_req *r, const peel_type *t)
{
    char title[200];
    snprintf(title, sizeof title, "Error: %s", t->plural);
    peel_page_begin(r, title);
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html(&r->out, "<h1 class=\"heading-l\">%s</h1>\n", t->plural);
    filter_form(r, t);
    peel_page_end(r);
    return peel_req_html_page(r, 400);
}

/* A column header that sorts the list by f (the other way when it already does). */
static void sort_header(peel_req *r, const peel_type *t, const peel_listq *lq, const peel_field *f,
                        const char *label)
{
    bool sorted = lq->q.order == f && !lq->upcoming; /* upcoming first is no one direction */
    peel_html_lit(&r->out, "<th scope=\"col\"");
    if (sorted && lq->q.desc)
        peel_html_lit(&r->out, " aria-sort=\"descending\"");
    else if (sorted)
        peel_html_lit(&r->out, " aria-sort=\"ascending\"");
    peel_html_lit(&r->out, "><a href=\"");
    list_href(r, t, false, "_sort", f->name, "_dir", sorted && !lq->q.desc ? "desc" : "asc");
    peel_html(&r->out, "\">%s</a></th>", label);
}

/* The type's feeds, for people who follow what is published. */
static void feed_links(peel_req *r, const peel_type *t)
{
    if (!t->feeds || !t->feeds[0])
        return;
    peel_html_lit(&r->out, "<p class=\"body\" id=\"feeds\">Follow what is published:");
    for (size_t i = 0; t->feeds[i]; i += 2)
        peel_html(&r->out, "%s <a href=\"%s\">%s (Atom feed)</a>", i ? "," : "", t->feeds[i],
                  t->feeds[i + 1]);
    peel_html_lit(&r->out, ".</p>\n");
}

int peel_rec_list(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = peel_web_type_or_reply(r, p[0]);
    peel_listq lq;
    list_ctx c = {.r = r};
    int rc;
    char num[32];

    if (!t)
        return 0;
    rc = peel_web_listq_build(r, t, &lq, err);
    if (rc != 0) {
        peel_web_listq_release(&lq);
        return rc == 2 ? list_refused(r, t) : rc < 0 ? -1 : 0;
    }
    for (size_t i = 0; t->feeds && t->feeds[i]; i += 2)
        peel_page_alternate(r, "application/atom+xml", t->feeds[i], t->feeds[i + 1]);
    peel_page_begin(r, t->plural);
    if (peel_req_arg(r, "deleted"))
        peel_html_lit(&r->out, "<div class=\"notice notice--success\" role=\"status\">"
                               "The record was deleted.</div>\n");
    peel_html(&r->out, "<h1 class=\"heading-l\">%s</h1>\n<p class=\"body\">%s</p>\n", t->plural,
              t->help ? t->help : "");
    peel_html_lit(&r->out, "<div class=\"actions\">");
    if (peel_reader_type_writable(peel_req_reader(r), t)) {
        char one[160];
        peel_html(&r->out,
                  "<a class=\"button\" href=\"/records/%q/new\">Add %s</a>"
                  "<a href=\"/records/%q/upload\">Upload a CSV file</a>",
                  t->name, peel_type_one(t, one, sizeof one), t->name);
    }
    peel_html_lit(&r->out, "<a href=\"");
    /* The download keeps the filters and sort, not the page. */
    list_href(r, t, true, "_page", NULL, "_per", NULL);
    peel_html(&r->out, "\">Download these %s as CSV</a></div>\n", t->plural);
    feed_links(r, t);
    filter_form(r, t);
    c.ncols = list_columns(r, t, c.cols);
    if (t->summary) {
        /* The declared summary by default; every column on request. */
        peel_html_lit(&r->out, "<p class=\"body\"><a href=\"");
        list_href(r, t, false, "_columns", list_all_columns(r) ? NULL : "all", NULL, NULL);
        peel_html(&r->out, "\">%s</a></p>\n",
                  list_all_columns(r) ? "Show the usual columns" : "Show all columns");
    }

    peel_query page = lq.q;
    page.limit = lq.per;
    page.offset = (lq.page - 1) * lq.per;
    int64_t first = lq.total ? page.offset + 1 : 0;
    int64_t last = page.offset + lq.per < lq.total ? page.offset + lq.per : lq.total;
    peel_html(&r->out, "<p class=\"body\" role=\"status\">%lld %s found", (long long)lq.total,
              lq.total == 1 ? t->label : t->plural);
    if (lq.total > lq.per)
        peel_html(&r->out, ": showing %lld to %lld", (long long)first, (long long)last);
    peel_html_lit(&r->out, ".</p>\n");
    if (lq.total) {
        const peel_field *tf = t->title ? peel_type_field(t, t->title) : NULL;
        peel_html(&r->out,
                  "<div class=\"table-wrap\"><table>\n<caption class=\"visually-hidden\">"
                  "%s</caption>\n<thead><tr>",
                  t->plural);
        /* With a summary the title's field is not a column of its own, so
         * its column sorts by it. */
        if (t->summary && !list_all_columns(r) && tf && list_column(r, tf))
            sort_header(r, t, &lq, tf, t->label);
        else
            peel_html(&r->out, "<th scope=\"col\">%s</th>", t->label);
        if (t->lifecycle)
            peel_html_lit(&r->out, "<th scope=\"col\">State</th>");
        for (size_t i = 0; i < c.ncols; i++)
            sort_header(r, t, &lq, c.cols[i], c.cols[i]->label);
        if (peel_reader_sees_sensitive(peel_req_reader(r)) && marks_class(t))
            peel_html_lit(&r->out, "<th scope=\"col\">Classification</th>");
        peel_html_lit(&r->out, "</tr></thead>\n<tbody>\n");
        if (peel_transition_history(r->store, t, 0, &c.hist, err) < 0 ||
            peel_web_listq_select(r->store, &lq, page.limit, page.offset, list_row, &c, err) < 0) {
            peel_history_release(&c.hist);
            peel_web_listq_release(&lq);
            return -1;
        }
        peel_history_release(&c.hist);
        peel_html_lit(&r->out, "</tbody></table></div>\n");
    }
    if (lq.total > lq.per) {
        peel_html_lit(&r->out, "<nav aria-label=\"Pages\"><ul class=\"pagination\">");
        if (lq.page > 1) {
            snprintf(num, sizeof num, "%lld", (long long)lq.page - 1);
            peel_html_lit(&r->out, "<li><a rel=\"prev\" href=\"");
            list_href(r, t, false, "_page", num, NULL, NULL);
            peel_html_lit(&r->out, "\">Previous page</a></li>");
        }
        if (last < lq.total) {
            snprintf(num, sizeof num, "%lld", (long long)lq.page + 1);
            peel_html_lit(&r->out, "<li><a rel=\"next\" href=\"");
            list_href(r, t, false, "_page", num, NULL, NULL);
            peel_html_lit(&r->out, "\">Next page</a></li>");
        }
        peel_html_lit(&r->out, "</ul></nav>\n");
    }
    peel_web_listq_release(&lq);
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

/* ---- CSV download ---- */

typedef struct csv_ctx {
    peel_req *r;
    peel_buf cellbuf;
} csv_ctx;

static int csv_row(void *ctx, const peel_record *rec, peel_err *err)
{
    csv_ctx *c = ctx;
    peel_req *r = c->r;
    const peel_type *t = rec->type;

    if (!peel_reader_record_visible(peel_req_reader(r), rec))
        return 0;
    peel_buf_printf(&r->out, "%lld", (long long)rec->id);
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        if (!peel_reader_field_visible(peel_req_reader(r), f))
            continue;
        peel_buf_reset(&c->cellbuf);
        if (f->type == PEEL_F_REF) {
            if (peel_reader_ref_text(r->store, peel_req_reader(r), f, &rec->v[i], &c->cellbuf, NULL,
                                     err) < 0)
                return -1;
        } else {
            peel_value_format(f, &rec->v[i], PEEL_VFMT_CSV, &c->cellbuf);
        }
        peel_buf_putc(&r->out, ',');
        /* Text and reference cells carry the spreadsheet-formula guard, as
         * the command's export does (core/csv.h); upload takes it off. */
        if (f->type == PEEL_F_TEXT || f->type == PEEL_F_REF)
            peel_csv_put_text(&r->out, peel_buf_str(&c->cellbuf), c->cellbuf.len);
        else
            peel_csv_put_field(&r->out, peel_buf_str(&c->cellbuf), c->cellbuf.len);
    }
    peel_buf_puts(&r->out, "\r\n");
    return r->out.failed ? peel_err_set(err, PEEL_ENOMEM, "the download is too large") : 0;
}

int peel_rec_csv(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = peel_web_type_or_reply(r, p[0]);
    peel_listq lq;
    csv_ctx c = {.r = r, .cellbuf = PEEL_BUF_INIT};
    int rc;

    if (!t)
        return 0;
    rc = peel_web_listq_build(r, t, &lq, err);
    if (rc != 0) {
        peel_web_listq_release(&lq);
        return rc == 2 ? list_refused(r, t) : rc < 0 ? -1 : 0;
    }
    peel_buf_puts(&r->out, PEEL_CSV_BOM "id"); /* the mark: Excel reads UTF-8 */
    for (size_t i = 0; i < t->nfields; i++)
        if (peel_reader_field_visible(peel_req_reader(r), &t->fields[i]))
            peel_buf_printf(&r->out, ",%s", t->fields[i].name);
    peel_buf_puts(&r->out, "\r\n");
    rc = peel_web_listq_select(r->store, &lq, 0, 0, csv_row, &c, err);
    peel_buf_release(&c.cellbuf);
    peel_web_listq_release(&lq);
    if (rc < 0)
        return -1;
    peel_req_add_header(r, "Content-Disposition",
                        peel_pool_printf(r->pool, "attachment; filename=\"%s.csv\"", t->name));
    r->status = 200;
    r->ctype = "text/csv; charset=utf-8";
    r->answered = true;
    return 0;
}

/* ---- record page ---- */

/* The papers attached to a record (a meeting's agenda and minutes, an item's
 * report, a publication), after the record's own fields and before its
 * related groups: attachments.c, for types that declare attachments. */
int peel_page_attachments(peel_req *r, const peel_record *rec, peel_err *err)
{
    return peel_web_attachments_section(r, rec, err);
}

static int history_row(void *ctx, const peel_audit *a, peel_err *err)
{
    peel_req *r = ctx;
    (void)err;
    peel_html(&r->out,
              "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
              "</tr>\n",
              a->at, a->user, a->action, a->field ? a->field : "", a->old_value ? a->old_value : "",
              a->new_value ? a->new_value : "");
    return 0;
}

int peel_rec_show(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = peel_web_type_or_reply(r, p[0]);
    peel_record *rec;
    peel_buf title = PEEL_BUF_INIT;
    const char *calendar = NULL;

    if (!t)
        return 0;
    if (!(rec = peel_web_record_or_reply(r, t, p[1], err)))
        return r->answered ? 0 : -1;
    peel_page_record_title(rec, &title);
    if (t->calendar && peel_reader_record_visible(peel_reader_of(PEEL_ROLE_PUBLIC), rec)) {
        /* Only a published record's: the feed answers nothing else. */
        calendar = peel_pool_printf(r->pool, "%s%lld.ics", t->calendar, (long long)rec->id);
        if (calendar)
            peel_page_alternate(r, "text/calendar", calendar, "Meetings (iCalendar)");
    }
    peel_page_begin(r, peel_buf_str(&title));
    if (peel_req_arg(r, "saved"))
        peel_html_lit(&r->out, "<div class=\"notice notice--success\" role=\"status\">"
                               "The record was saved.</div>\n");
    peel_html(&r->out, "<span class=\"caption\">%s</span><h1 class=\"heading-l\">%s", t->label,
              peel_buf_str(&title));
    if (peel_record_class(rec) == PEEL_OFFICIAL_SENSITIVE)
        peel_page_sensitive_tag(r);
    peel_html_lit(&r->out, "</h1>\n");
    if (calendar)
        peel_html(&r->out,
                  "<p class=\"body\" id=\"calendar-feed\"><a href=\"%s\">Follow the meetings "
                  "of %s in your calendar (iCalendar feed)</a></p>\n",
                  calendar, peel_buf_str(&title));
    if (t->view)
        peel_html(&r->out,
                  "<p class=\"body\" id=\"record-view\"><a class=\"button\" "
                  "href=\"%s%lld\">%s</a></p>\n",
                  t->view, (long long)rec->id, t->view_label ? t->view_label : "Open");
    if (peel_web_lifecycle_state(r, rec, err) < 0)
        goto fail;
    if (peel_reader_type_writable(peel_req_reader(r), t))
        peel_html(&r->out,
                  "<div class=\"actions\"><a class=\"button button--secondary\" "
                  "href=\"/records/%q/%lld/edit\">Edit</a>"
                  "<a href=\"/records/%q/%lld/delete\">Delete</a></div>\n",
                  t->name, (long long)rec->id, t->name, (long long)rec->id);
    peel_html_lit(&r->out, "<dl class=\"summary-list\">\n");
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        /* An empty optional field is not a blank row: the form shows it. */
        if (!peel_reader_field_visible(peel_req_reader(r), f) || !rec->v[i].set)
            continue;
        peel_html(&r->out, "<div><dt>%s", f->label);
        if (f->cls == PEEL_OFFICIAL_SENSITIVE)
            peel_page_sensitive_tag(r);
        peel_html_lit(&r->out, "</dt><dd>");
        if (peel_web_cell(r, f, &rec->v[i], err) < 0)
            goto fail;
        peel_html_lit(&r->out, "</dd></div>\n");
    }
    peel_html(&r->out, "<div><dt>Last changed</dt><dd>%s</dd></div>\n</dl>\n", rec->updated_at);
    /* Related groups (a meeting's agenda, attendance, actions) before its
     * papers, as a committee site reads. */
    if (peel_web_lifecycle_history(r, rec, err) < 0 || peel_page_related(r, rec, err) < 0 ||
        peel_page_attachments(r, rec, err) < 0)
        goto fail;
    if (peel_reader_sees_sensitive(peel_req_reader(r))) {
        peel_html_lit(&r->out, "<h2 class=\"heading-m\">History</h2>\n<div class=\"table-wrap\" "
                               "tabindex=\"0\" role=\"region\" aria-label=\"History\">"
                               "<table>\n<caption class=\"visually-hidden\">Changes to this "
                               "record</caption>\n<thead><tr><th scope=\"col\">When (UTC)</th>"
                               "<th scope=\"col\">Who</th><th scope=\"col\">Action</th>"
                               "<th scope=\"col\">Field</th><th scope=\"col\">From</th>"
                               "<th scope=\"col\">To</th></tr></thead><tbody>\n");
        if (peel_store_audit_list(r->store, t->name, rec->id, history_row, r, err) < 0)
            goto fail;
        peel_html_lit(&r->out, "</tbody></table></div>\n");
    }
    peel_page_end(r);
    peel_buf_release(&title);
    peel_record_free(rec);
    return peel_req_html_page(r, 200);
fail:
    peel_buf_release(&title);
    peel_record_free(rec);
    return -1;
}

/* ---- forms ---- */

static bool editable(const peel_field *f)
{
    return !(f->flags & PEEL_READONLY) && f->type != PEEL_F_SECRET;
}

static const char *field_error(const peel_fielderrs *fe, const char *name)
{
    for (size_t i = 0; i < fe->n; i++)
        if (fe->e[i].field && !strcmp(fe->e[i].field, name))
            return fe->e[i].msg;
    return NULL;
}

typedef struct option_ctx {
    peel_req *r;
    const char *current;
} option_ctx;

static int ref_option(void *ctx, const peel_record *rec, peel_err *err)
{
    option_ctx *c = ctx;
    peel_buf title = PEEL_BUF_INIT;
    char id[24];
    const peel_type *t = rec->type;
    int k = t->key ? peel_type_field_index(t, t->key) : -1;
    bool sel;
    (void)err;

    snprintf(id, sizeof id, "%lld", (long long)rec->id);
    sel = c->current &&
          (!strcmp(c->current, id) || (k >= 0 && rec->v[k].s && !strcmp(c->current, rec->v[k].s)));
    peel_page_record_title(rec, &title);
    peel_html(&c->r->out, "<option value=\"%s\"%s>%s</option>", id, sel ? " selected" : "",
              peel_buf_str(&title));
    peel_buf_release(&title);
    return 0;
}

static int control(peel_req *r, const peel_field *f, const char *v, const char *describedby,
                   bool bad, peel_err *err)
{
    const char *cls = bad ? "input input--error" : "input";
    const char *desc = describedby[0] ? describedby : NULL;

    if (f->type == PEEL_F_ENUM || f->type == PEEL_F_BOOL) {
        peel_html(&r->out, "<select class=\"%s\" id=\"f-%s\" name=\"%s\"", cls, f->name, f->name);
        if (bad)
            peel_html_lit(&r->out, " aria-invalid=\"true\"");
        if (desc)
            peel_html(&r->out, " aria-describedby=\"%s\"", desc);
        peel_html_lit(&r->out, "><option value=\"\"></option>");
        if (f->type == PEEL_F_BOOL) {
            peel_html(&r->out,
                      "<option value=\"yes\"%s>Yes</option><option value=\"no\"%s>No"
                      "</option>",
                      !strcmp(v, "yes") ? " selected" : "", !strcmp(v, "no") ? " selected" : "");
        } else {
            for (const peel_option *o = f->options; o->value; o++)
                peel_html(&r->out, "<option value=\"%s\"%s>%s</option>", o->value,
                          !strcmp(v, o->value) ? " selected" : "", o->label ? o->label : o->value);
        }
        peel_html_lit(&r->out, "</select>");
        return 0;
    }
    if (f->type == PEEL_F_REF) {
        const peel_type *rt = peel_type_find(f->ref_type);
        peel_query q = {.type = rt};
        int64_t n = 0;
        if (rt && peel_store_count(r->store, &q, &n, err) < 0)
            return -1;
        if (rt && n <= 300) {
            option_ctx oc = {.r = r, .current = v};
            if (rt->title)
                q.order = peel_type_field(rt, rt->title);
            peel_html(&r->out, "<select class=\"%s\" id=\"f-%s\" name=\"%s\"", cls, f->name,
                      f->name);
            if (bad)
                peel_html_lit(&r->out, " aria-invalid=\"true\"");
            if (desc)
                peel_html(&r->out, " aria-describedby=\"%s\"", desc);
            peel_html_lit(&r->out, "><option value=\"\"></option>");
            if (peel_store_select(r->store, &q, ref_option, &oc, err) < 0)
                return -1;
            peel_html_lit(&r->out, "</select>");
            return 0;
        }
    }
    if (f->type == PEEL_F_TEXT && (f->flags & PEEL_MULTILINE)) {
        peel_html(&r->out, "<textarea class=\"%s\" id=\"f-%s\" name=\"%s\" rows=\"6\"", cls,
                  f->name, f->name);
        if (bad)
            peel_html_lit(&r->out, " aria-invalid=\"true\"");
        if (desc)
            peel_html(&r->out, " aria-describedby=\"%s\"", desc);
        peel_html(&r->out, ">%s</textarea>", v);
        return 0;
    }
    const char *type = f->type == PEEL_F_DATE       ? "date"
                       : f->type == PEEL_F_DATETIME ? "datetime-local"
                                                    : "text";
    bool narrow = f->type != PEEL_F_TEXT && f->type != PEEL_F_REF;
    peel_html(&r->out, "<input class=\"%s%s\" id=\"f-%s\" name=\"%s\" type=\"%s\" value=\"%s\"",
              cls, narrow ? " input--narrow" : "", f->name, f->name, type, v);
    if (bad)
        peel_html_lit(&r->out, " aria-invalid=\"true\"");
    if (f->type == PEEL_F_INT)
        peel_html_lit(&r->out, " inputmode=\"numeric\"");
    if (desc)
        peel_html(&r->out, " aria-describedby=\"%s\"", desc);
    peel_html_lit(&r->out, ">");
    return 0;
}

static const char *type_hint(const peel_field *f)
{
    switch (f->type) {
    case PEEL_F_MONEY:
        return "In pounds, for example 9974.60";
    case PEEL_F_MONTH:
        return "For example 2023-05";
    case PEEL_F_FY:
        return "A financial year, for example 2023-24";
    case PEEL_F_POINT:
        return "Latitude,longitude, for example 52.6369,-1.1398";
    case PEEL_F_REF:
        return NULL;
    default:
        return NULL;
    }
}

/* The create/edit form.  values[i] is the text to show for field i: what
 * was typed (after a failed save) or the stored value. */
static int record_form(peel_req *r, const peel_type *t, const peel_record *rec,
                       const char *const *values, const peel_fielderrs *fe, unsigned status,
                       peel_err *err)
{
    peel_buf title = PEEL_BUF_INIT;
    char heading[300], one[160];
    bool errors = fe && fe->n;

    if (rec) {
        peel_page_record_title(rec, &title);
        snprintf(heading, sizeof heading, "Edit %s", peel_buf_str(&title));
    } else {
        snprintf(heading, sizeof heading, "Add %s", peel_type_one(t, one, sizeof one));
    }
    peel_buf_release(&title);
    {
        char pt[320];
        snprintf(pt, sizeof pt, "%s%s", errors ? "Error: " : "", heading);
        peel_page_begin(r, pt);
    }
    if (errors) {
        peel_problem p[sizeof fe->e / sizeof fe->e[0]];
        for (size_t i = 0; i < fe->n; i++) {
            const peel_field *f = fe->e[i].field ? peel_type_field(t, fe->e[i].field) : NULL;
            p[i] = (peel_problem){
                .id = f && editable(f) ? peel_pool_printf(r->pool, "f-%s", f->name) : NULL,
                .label = f ? f->label : NULL,
                .msg =
                    f ? peel_pool_printf(r->pool, "%s: %s", f->label, fe->e[i].msg) : fe->e[i].msg,
            };
            if (!p[i].msg)
                return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        }
        peel_page_error_summary(r, p, fe->n);
    }
    peel_html(&r->out, "<span class=\"caption\">%s</span><h1 class=\"heading-l\">%s</h1>\n",
              t->plural, heading);
    if (rec)
        peel_html(&r->out, "<form method=\"post\" action=\"/records/%q/%lld\" novalidate>\n",
                  t->name, (long long)rec->id);
    else
        peel_html(&r->out, "<form method=\"post\" action=\"/records/%q\" novalidate>\n", t->name);
    peel_page_csrf(r);
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        const char *msg = fe ? field_error(fe, f->name) : NULL;
        const char *hint = f->help ? f->help : type_hint(f);
        char describedby[160] = "";
        if (!editable(f))
            continue;
        peel_html(&r->out, "<div class=\"form-group%s\"><label for=\"f-%s\">%s%s",
                  msg ? " form-group--error" : "", f->name, f->label,
                  (f->flags & PEEL_REQUIRED) ? "" : " (optional)");
        if (f->cls == PEEL_OFFICIAL_SENSITIVE)
            peel_page_sensitive_tag(r);
        peel_html_lit(&r->out, "</label>\n");
        if (hint) {
            peel_html(&r->out, "<span class=\"hint\" id=\"f-%s-hint\">%s</span>\n", f->name, hint);
            snprintf(describedby, sizeof describedby, "f-%s-hint", f->name);
        }
        if (msg) {
            peel_html(&r->out,
                      "<p class=\"error-message\" id=\"f-%s-error\"><span "
                      "class=\"visually-hidden\">Error:</span> %s</p>\n",
                      f->name, msg);
            size_t k = strlen(describedby);
            snprintf(describedby + k, sizeof describedby - k, "%sf-%s-error", k ? " " : "",
                     f->name);
        }
        if (control(r, f, values[i] ? values[i] : "", describedby, msg != NULL, err) < 0)
            return -1;
        peel_html_lit(&r->out, "</div>\n");
    }
    peel_html(&r->out, "<button class=\"button\">Save</button> <a href=\"/records/%q", t->name);
    if (rec)
        peel_html(&r->out, "/%lld", (long long)rec->id);
    peel_html_lit(&r->out, "\">Cancel</a>\n</form>\n");
    peel_page_end(r);
    return peel_req_html_page(r, status);
}

static const peel_type *writable_type_or_reply(peel_req *r, peel_str seg)
{
    const peel_type *t = peel_web_type_or_reply(r, seg);
    if (t && !peel_reader_type_writable(peel_req_reader(r), t)) {
        peel_req_error(r, 403, "forbidden", NULL,
                       r->user[0] ? "your account cannot change %s" : "sign in to change %s",
                       t->plural);
        return NULL;
    }
    return t;
}

int peel_rec_new(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = writable_type_or_reply(r, p[0]);
    const char **values;
    if (!t)
        return 0;
    values = peel_pool_alloc(r->pool, sizeof *values * (t->nfields + 1));
    if (!values)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    return record_form(r, t, NULL, values, NULL, 200, err);
}

/* Text of each stored value, as the form shows and reads it back. */
static const char **stored_values(peel_req *r, const peel_record *rec)
{
    const peel_type *t = rec->type;
    const char **values = peel_pool_alloc(r->pool, sizeof *values * (t->nfields + 1));
    peel_buf b = PEEL_BUF_INIT;
    if (!values)
        return NULL;
    for (size_t i = 0; i < t->nfields; i++) {
        peel_buf_reset(&b);
        peel_value_format(&t->fields[i], &rec->v[i], PEEL_VFMT_CSV, &b);
        values[i] = peel_pool_strdup(r->pool, peel_buf_str(&b));
    }
    peel_buf_release(&b);
    return values;
}

int peel_rec_edit(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = writable_type_or_reply(r, p[0]);
    peel_record *rec;
    const char **values;
    int rc;
    if (!t)
        return 0;
    if (!(rec = peel_web_record_or_reply(r, t, p[1], err)))
        return r->answered ? 0 : -1;
    values = stored_values(r, rec);
    rc = values ? record_form(r, t, rec, values, NULL, 200, err)
                : peel_err_set(err, PEEL_ENOMEM, "out of memory");
    peel_record_free(rec);
    return rc;
}

/* Applies the posted fields to rec; unknown names are record-level errors.
 * values[] receives what was typed, for showing the form again. */
static void apply_form(peel_req *r, peel_record *rec, const char **values, peel_fielderrs *fe)
{
    const peel_type *t = rec->type;
    for (size_t i = 0; i < r->nform; i++) {
        const peel_kv *kv = &r->form[i];
        int k;
        if (!strcmp(kv->name, "csrf"))
            continue;
        k = peel_type_field_index(t, kv->name);
        if (k < 0 || !editable(&t->fields[k])) {
            peel_fielderrs_add(fe, NULL, "'%.60s' is not a field of %s that can be changed",
                               kv->name, t->name);
            continue;
        }
        values[k] = kv->value;
        if (memchr(kv->value, '\0', kv->len)) {
            peel_fielderrs_add(fe, t->fields[k].name, "must not contain a NUL character");
            continue;
        }
        peel_value_parse(&t->fields[k], kv->value, kv->len, &rec->v[k], fe);
    }
}

/* The one form handler behind create and edit: applies the posted fields
 * to rec (a new record, or the stored one), saves it in a transaction of its
 * own (peel_crud_save), and either goes to the record or shows the form
 * again with every problem and what was typed. */
static int save_form(peel_req *r, peel_record *rec, bool create, peel_err *err)
{
    const peel_type *t = rec->type;
    const char **values = create ? peel_pool_alloc(r->pool, sizeof *values * (t->nfields + 1))
                                 : stored_values(r, rec);
    peel_fielderrs fe = {0};

    if (!values)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    apply_form(r, rec, values, &fe);
    if (fe.n == 0) {
        int saved = peel_crud_save(r->store, r->user, rec, create, &fe, err);
        if (saved < 0)
            return -1;
        if (saved == 0)
            return peel_req_redirect(r, peel_pool_printf(r->pool, "/records/%s/%lld?saved=1",
                                                         t->name, (long long)rec->id));
        peel_err_clear(err);
    }
    return record_form(r, t, create ? NULL : rec, values, &fe, 422, err);
}

int peel_rec_create(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = writable_type_or_reply(r, p[0]);
    peel_record *rec;
    int rc;

    if (!t)
        return 0;
    if (!(rec = peel_record_new(t)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    rc = save_form(r, rec, true, err);
    peel_record_free(rec);
    return rc;
}

int peel_rec_update(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = writable_type_or_reply(r, p[0]);
    peel_record *rec;
    int rc;

    if (!t)
        return 0;
    if (!(rec = peel_web_record_or_reply(r, t, p[1], err)))
        return r->answered ? 0 : -1;
    rc = save_form(r, rec, false, err);
    peel_record_free(rec);
    return rc;
}

/* ---- delete ---- */

int peel_rec_delete_form(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = writable_type_or_reply(r, p[0]);
    peel_record *rec;
    peel_buf title = PEEL_BUF_INIT;
    if (!t)
        return 0;
    if (!(rec = peel_web_record_or_reply(r, t, p[1], err)))
        return r->answered ? 0 : -1;
    peel_page_record_title(rec, &title);
    peel_page_begin(r, "Delete a record");
    peel_html(&r->out,
              "<span class=\"caption\">%s</span><h1 class=\"heading-l\">Delete %s?</h1>\n"
              "<p class=\"body\">This cannot be undone. The record's history is kept."
              "</p>\n<form method=\"post\" action=\"/records/%q/%lld/delete\">\n",
              t->label, peel_buf_str(&title), t->name, (long long)rec->id);
    peel_page_csrf(r);
    peel_html(&r->out,
              "<button class=\"button button--warning\">Delete</button> "
              "<a href=\"/records/%q/%lld\">Cancel</a>\n</form>\n",
              t->name, (long long)rec->id);
    peel_page_end(r);
    peel_buf_release(&title);
    peel_record_free(rec);
    return peel_req_html_page(r, 200);
}

/* 409: the record stays, and the page lists what refers to it as far as
 * the reader may see (policy.c decides; the rest is "other records"). */
static int delete_refused(peel_req *r, const peel_record *rec, const peel_crud_referrers *refs)
{
    const peel_type *t = rec->type;
    peel_buf title = PEEL_BUF_INIT;

    peel_page_record_title(rec, &title);
    peel_page_begin(r, "Error: the record cannot be deleted");
    peel_html(&r->out,
              "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" "
              "id=\"referrers\"><h2>%s cannot be deleted</h2>\n<p class=\"body\">Other "
              "records refer to it. Change or delete them first.</p>\n",
              peel_buf_str(&title));
    if (refs->n) {
        peel_html_lit(&r->out, "<ul>\n");
        for (size_t i = 0; i < refs->n; i++)
            peel_html(&r->out, "<li><a href=\"/records/%q/%lld\">%s %s</a></li>\n",
                      refs->v[i].type->name, (long long)refs->v[i].id, refs->v[i].type->label,
                      refs->v[i].key);
        if (refs->more || refs->hidden)
            peel_html_lit(&r->out, "<li>and other records</li>\n");
        peel_html_lit(&r->out, "</ul>\n");
    }
    peel_html_lit(&r->out, "</div>\n");
    peel_html(&r->out, "<p class=\"body\"><a href=\"/records/%q/%lld\">Back to %s</a></p>\n",
              t->name, (long long)rec->id, peel_buf_str(&title));
    peel_buf_release(&title);
    peel_page_end(r);
    return peel_req_html_page(r, 409);
}

int peel_rec_delete(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = writable_type_or_reply(r, p[0]);
    peel_crud_referrers refs;
    peel_record *rec;
    int rc;
    if (!t)
        return 0;
    if (!(rec = peel_web_record_or_reply(r, t, p[1], err)))
        return r->answered ? 0 : -1;
    rc = peel_crud_remove(r->store, r->user, t, rec->id, peel_req_reader(r), &refs, err);
    if (rc == 0)
        rc = peel_req_redirect(r, peel_pool_printf(r->pool, "/records/%s?deleted=1", t->name));
    else if (rc > 0) {
        peel_err_clear(err);
        rc = delete_refused(r, rec, &refs);
    }
    peel_crud_referrers_release(&refs);
    peel_record_free(rec);
    return rc;
}

/* ---- CSV upload ---- */

static int upload_page(peel_req *r, const peel_type *t, unsigned status,
                       const peel_import_result *res, const char *problem)
{
    peel_buf header = PEEL_BUF_INIT;
    bool failed = problem || (res && res->nerrors);

    peel_page_begin(r, failed ? "Error: Upload a CSV file" : "Upload a CSV file");
    if (problem) {
        peel_problem p = {.id = "file", .label = "CSV file", .msg = problem};
        peel_page_error_summary(r, &p, 1);
    } else if (res && res->nerrors) {
        peel_html(&r->out,
                  "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>The "
                  "file was not imported: %lld problem%s</h2>\n<p>Nothing was changed. "
                  "Correct the file and upload it again.</p><ul>\n",
                  (long long)res->nerrors, res->nerrors == 1 ? "" : "s");
        const char *line = peel_buf_str(&res->errors);
        while (*line) {
            const char *nl = strchr(line, '\n');
            size_t n = nl ? (size_t)(nl - line) : strlen(line);
            peel_html_lit(&r->out, "<li>");
            peel_html_textn(&r->out, line, n);
            peel_html_lit(&r->out, "</li>\n");
            line += n + (nl ? 1 : 0);
        }
        if (res->nerrors > PEEL_IMPORT_MAX_ERRORS)
            peel_html(&r->out, "<li>and %lld more</li>\n",
                      (long long)(res->nerrors - PEEL_IMPORT_MAX_ERRORS));
        peel_html_lit(&r->out, "</ul></div>\n");
    } else if (res) {
        peel_html(&r->out,
                  "<div class=\"notice notice--success\" role=\"status\">Imported %lld "
                  "row%s: %lld created, %lld updated, %lld unchanged.</div>\n",
                  (long long)res->rows, res->rows == 1 ? "" : "s", (long long)res->created,
                  (long long)res->updated, (long long)res->unchanged);
    }
    peel_csvio_header(t, &header);
    peel_html(&r->out,
              "<span class=\"caption\">%s</span><h1 class=\"heading-l\">Upload a CSV "
              "file</h1>\n<p class=\"body\">The first row names the fields. Rows that "
              "match an existing record (by id or by %s) update it; the others are "
              "added. If any row has a problem, nothing is imported.</p>\n"
              "<p class=\"body\">The columns are: <code>%s</code></p>\n"
              "<form method=\"post\" action=\"/records/%q/upload\" "
              "enctype=\"multipart/form-data\" data-upload>\n",
              t->plural, t->key ? t->key : "id", peel_buf_str(&header), t->name);
    peel_buf_release(&header);
    peel_page_csrf(r);
    peel_html(&r->out,
              "<div class=\"form-group%s\"><label for=\"file\">CSV file</label>\n"
              "<span class=\"hint\" id=\"file-hint\">Up to %lld MB</span>\n"
              "<input class=\"input\" id=\"file\" name=\"file\" type=\"file\" "
              "accept=\".csv,text/csv\" aria-describedby=\"file-hint\"></div>\n"
              "<progress id=\"upload-progress\" max=\"100\" value=\"0\" hidden "
              "aria-label=\"Upload progress\"></progress>\n"
              "<p id=\"upload-status\" role=\"status\" class=\"body\"></p>\n"
              "<button class=\"button\">Upload</button> <a href=\"/records/%q\">"
              "Back to %s</a>\n</form>\n",
              problem ? " form-group--error" : "", (long long)(r->cfg->max_upload >> 20), t->name,
              t->plural);
    peel_page_end(r);
    return peel_req_html_page(r, status);
}

int peel_rec_upload_form(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = writable_type_or_reply(r, p[0]);
    (void)err;
    if (!t)
        return 0;
    return upload_page(r, t, 200, NULL, NULL);
}

int peel_rec_upload(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = writable_type_or_reply(r, p[0]);
    const peel_kv *file;
    peel_import_result res = {.errors = PEEL_BUF_INIT};
    int rc;

    if (!t)
        return 0;
    file = peel_req_field(r, "file");
    if (!file || !file->filename)
        return upload_page(r, t, 400, NULL, "Choose a CSV file to upload");
    if (file->len == 0)
        return upload_page(r, t, 400, NULL, "The file is empty");
    if (peel_store_begin(r->store, err) < 0)
        return -1;
    rc = peel_csvio_import_mem(r->store, r->user, t, file->value, file->len,
                               *file->filename ? file->filename : "upload.csv", &res, err);
    if (rc == 0 && res.nerrors == 0 && peel_store_commit(r->store, err) == 0) {
        rc = upload_page(r, t, 200, &res, NULL);
    } else {
        peel_store_rollback(r->store);
        if (res.nerrors == 0 && err->code != PEEL_EINPUT) {
            peel_buf_release(&res.errors);
            return -1;
        }
        if (res.nerrors == 0) {
            res.nerrors = 1;
            peel_buf_printf(&res.errors, "%s\n", err->msg);
        }
        peel_err_clear(err);
        rc = upload_page(r, t, 422, &res, NULL);
    }
    peel_buf_release(&res.errors);
    return rc;
}
