/* attachments.c - papers on record pages, their downloads and uploads, and
 * the search page, with their JSON twins.
 *
 *   GET  /attachments/ID                  the file, as an attachment (404 when the
 *                                         reader may not open its record, as for none)
 *   POST /records/TYPE/ID/attachments     the record page's upload form (writers)
 *   GET, POST /attachments/ID/remove      take a paper off its record (writers; a
 *                                         confirmation page, then the removal)
 *   DELETE /api/v1/attachments/ID         the same for the API: 204
 *   GET  /api/v1/TYPE/ID/attachments      the record's papers as JSON
 *   POST /api/v1/TYPE/ID/attachments      an upload (multipart/form-data: file,
 *                                         title, kind, date)
 *   GET  /search, /api/v1/search          model/search.h for the request's reader
 *
 * Who may upload is decided by server.c from the headers, before the body
 * is read (a writer of the type gets the attachment limit and a spool
 * file; anyone else 403 at once).  What a file is comes from its bytes
 * (model/attach.c).  Every value written to a page goes through
 * render/html.h; snippets are escaped first and marked after.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "model/attach.h"
#include "model/search.h"
#include "render/html.h"
#include "web/records.h"

/* A date parameter not given. */
#define NO_DATE ((peel_date)INT32_MIN)

/* ---- the list on a record page ---- */

typedef struct list_ctx {
    peel_req *r;
    json_t *json; /* the API's array, or NULL for a page */
    bool writer;  /* the page offers to remove each paper */
    int n;
} list_ctx;

static const char *kind_label(const char *kind)
{
    for (const peel_option *o = peel_attach_kinds; o->value; o++)
        if (!strcmp(o->value, kind))
            return o->label;
    return kind;
}

static void size_text(int64_t size, char out[32])
{
    if (size < 1024)
        snprintf(out, 32, "%lld bytes", (long long)size);
    else if (size < 1024 * 1024)
        snprintf(out, 32, "%.0f KB", (double)size / 1024.0);
    else
        snprintf(out, 32, "%.1f MB", (double)size / (1024.0 * 1024.0));
}

static int list_row(void *ctx, const peel_attachment *a, peel_err *err)
{
    list_ctx *c = ctx;
    const peel_attach_format *f = peel_attach_format_named(a->format);
    char size[32], when[32] = "";
    (void)err;

    c->n++;
    if (c->json) {
        json_array_append_new(
            c->json,
            json_pack("{s:I,s:s,s:s,s:s?,s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)a->id, "title",
                      a->title, "kind", a->kind, "date", a->date, "size", (json_int_t)a->size,
                      "format", a->format, "content_type", f ? f->mime : "application/octet-stream",
                      "filename", a->filename, "url",
                      peel_pool_printf(c->r->pool, "/attachments/%lld", (long long)a->id)));
        return 0;
    }
    if (a->date) {
        peel_date d;
        peel_err e = PEEL_ERR_INIT;
        if (peel_date_parse(a->date, strlen(a->date), &d, &e) == 0)
            peel_date_format_long(d, when);
    }
    size_text(a->size, size);
    if (c->n == 1) {
        peel_html_lit(&c->r->out,
                      "<div class=\"table-wrap\"><table>\n<caption class=\"visually-hidden\">"
                      "Papers</caption>\n<thead><tr><th scope=\"col\">Title</th>"
                      "<th scope=\"col\">Kind</th><th scope=\"col\">Date</th>"
                      "<th scope=\"col\">Size</th><th scope=\"col\">Type</th>");
        if (c->writer)
            peel_html_lit(&c->r->out, "<th scope=\"col\"><span class=\"visually-hidden\">"
                                      "Remove</span></th>");
        peel_html_lit(&c->r->out, "</tr></thead><tbody>\n");
    }
    peel_html(&c->r->out,
              "<tr><td><a href=\"/attachments/%lld\">%s</a></td><td>%s</td><td>%s</td>"
              "<td>%s</td><td>%s</td>",
              (long long)a->id, a->title, kind_label(a->kind), when, size,
              f ? f->label : a->format);
    if (c->writer)
        peel_html(&c->r->out,
                  "<td><a href=\"/attachments/%lld/remove\">Remove<span "
                  "class=\"visually-hidden\"> %s</span></a></td>",
                  (long long)a->id, a->title);
    peel_html_lit(&c->r->out, "</tr>\n");
    return 0;
}

static void kind_select(peel_req *r, const char *current)
{
    peel_html_lit(&r->out, "<select id=\"attach-kind\" name=\"kind\">\n");
    for (const peel_option *o = peel_attach_kinds; o->value; o++)
        peel_html(&r->out, "<option value=\"%s\"%s>%s</option>\n", o->value,
                  current && !strcmp(current, o->value) ? " selected" : "", o->label);
    peel_html_lit(&r->out, "</select>\n");
}

static const char *fe_msg(const peel_fielderrs *fe, const char *field)
{
    for (size_t i = 0; fe && i < fe->n; i++)
        if (fe->e[i].field && !strcmp(fe->e[i].field, field))
            return fe->e[i].msg;
    return NULL;
}

/* The upload form; fe and the typed values when shown again after a refusal. */
static void upload_form(peel_req *r, const peel_type *t, int64_t id, const peel_fielderrs *fe)
{
    const peel_kv *title = fe ? peel_req_field(r, "title") : NULL;
    const peel_kv *kind = fe ? peel_req_field(r, "kind") : NULL;
    const peel_kv *date = fe ? peel_req_field(r, "date") : NULL;
    static const char *const ids[] = {"title", "kind", "date", "file"};
    static const char *const labels[] = {"Title", "Kind of paper", "Date (optional)", "File"};

    peel_html(&r->out,
              "<details class=\"details\"%s><summary>Attach a paper</summary>\n<form "
              "method=\"post\" action=\"/records/%q/%lld/attachments\" "
              "enctype=\"multipart/form-data\" novalidate>\n",
              fe ? " open" : "", t->name, (long long)id);
    peel_page_csrf(r);
    for (size_t i = 0; i < 4; i++) {
        const char *msg = fe_msg(fe, ids[i]);
        peel_html(&r->out, "<div class=\"form-group%s\"><label for=\"attach-%s\">%s</label>\n",
                  msg ? " form-group--error" : "", ids[i], labels[i]);
        if (i == 2)
            peel_html_lit(&r->out, "<div class=\"hint\" id=\"attach-date-hint\">For example "
                                   "26/07/2023 or 2023-07-26</div>\n");
        if (i == 3)
            peel_html_lit(&r->out,
                          "<div class=\"hint\" id=\"attach-file-hint\">PDF, Word, OpenDocument, "
                          "Excel, CSV, PNG or JPEG</div>\n");
        if (msg)
            peel_html(&r->out,
                      "<p class=\"error-message\" id=\"attach-%s-error\"><span "
                      "class=\"visually-hidden\">Error:</span> %s</p>\n",
                      ids[i], msg);
        if (i == 0)
            peel_html(&r->out,
                      "<input class=\"input\" id=\"attach-title\" name=\"title\" type=\"text\" "
                      "value=\"%s\"%s>\n",
                      title ? title->value : "",
                      msg ? " aria-invalid=\"true\" aria-describedby=\"attach-title-error\"" : "");
        else if (i == 1)
            kind_select(r, kind ? kind->value : "report");
        else if (i == 2)
            peel_html(&r->out,
                      "<input class=\"input input--short\" id=\"attach-date\" name=\"date\" "
                      "type=\"text\" value=\"%s\" aria-describedby=\"attach-date-hint%s\"%s>\n",
                      date ? date->value : "", msg ? " attach-date-error" : "",
                      msg ? " aria-invalid=\"true\"" : "");
        else
            peel_html(&r->out,
                      "<input id=\"attach-file\" name=\"file\" type=\"file\" "
                      "aria-describedby=\"attach-file-hint%s\"%s>\n",
                      msg ? " attach-file-error" : "", msg ? " aria-invalid=\"true\"" : "");
        peel_html_lit(&r->out, "</div>\n");
    }
    peel_html_lit(&r->out, "<button class=\"button\">Attach</button>\n</form>\n</details>\n");
}

int peel_web_attachments_section(peel_req *r, const peel_record *rec, peel_err *err)
{
    const peel_type *t = rec->type;
    list_ctx c = {.r = r, .writer = peel_reader_type_writable(peel_req_reader(r), t)};

    if (!t->attachments)
        return 0;
    peel_html_lit(&r->out, "<section id=\"attachments\" aria-labelledby=\"attachments-h\">"
                           "<h2 class=\"heading-m\" id=\"attachments-h\">Papers</h2>\n");
    if (peel_req_arg(r, "attached"))
        peel_html_lit(&r->out, "<div class=\"notice notice--success\" role=\"status\">"
                               "The paper was attached.</div>\n");
    if (peel_req_arg(r, "removed"))
        peel_html_lit(&r->out, "<div class=\"notice notice--success\" role=\"status\">"
                               "The paper was removed.</div>\n");
    if (peel_docs_attachment_list(r->store, t->name, rec->id, list_row, &c, err) < 0)
        return -1;
    if (c.n)
        peel_html_lit(&r->out, "</tbody></table></div>\n");
    else
        peel_html_lit(&r->out, "<p>No papers are attached.</p>\n");
    if (c.writer)
        upload_form(r, t, rec->id, NULL);
    peel_html_lit(&r->out, "</section>\n");
    return 0;
}

/* ---- download ---- */

typedef struct one_ctx {
    peel_req *r;
    peel_attachment a;
} one_ctx;

static int keep_one(void *ctx, const peel_attachment *a, peel_err *err)
{
    one_ctx *c = ctx;
    peel_pool *p = c->r->pool;
    (void)err;
    c->a = *a;
    c->a.type = peel_pool_strdup(p, a->type);
    c->a.sha256 = peel_pool_strdup(p, a->sha256);
    c->a.format = peel_pool_strdup(p, a->format);
    c->a.title = peel_pool_strdup(p, a->title);
    c->a.kind = peel_pool_strdup(p, a->kind);
    c->a.date = a->date ? peel_pool_strdup(p, a->date) : NULL;
    c->a.filename = peel_pool_strdup(p, a->filename);
    c->a.added_at = NULL;
    c->a.added_by = NULL;
    return 0;
}

static int attachment_download(peel_req *r, const peel_str *p, peel_err *err)
{
    one_ctx c = {.r = r};
    long long id;
    int found = 0;
    bool visible = false;
    peel_buf bytes = PEEL_BUF_INIT;
    peel_err fe = PEEL_ERR_INIT;
    const peel_attach_format *f;

    if (peel_str_to_i64(p[0], &id) && id > 0) {
        found = peel_docs_attachment_get(r->store, id, keep_one, &c, err);
        if (found < 0)
            return -1;
        if (found && peel_attach_visible(r->store, peel_req_reader(r), &c.a, &visible, err) < 0)
            return -1;
    }
    /* Hidden and unknown answer alike. */
    if (!found || !visible)
        return peel_req_error(r, 404, "not_found", NULL, "there is no paper at this address");
    /* Bytes that no longer match the paper's SHA-256 are never served as
     * the paper: the reader is told, the log names it, peel check finds it. */
    int got = peel_attach_read(r->store, &c.a, &bytes, &fe);
    if (got != 0) {
        peel_buf_release(&bytes);
        if (got < 0) {
            *err = fe;
            return -1;
        }
        /* The id alone: a paper's title is its record's content. */
        peel_log_error("attachment %lld: %s, not sent", id,
                       fe.code == PEEL_ENOTFOUND ? "its file is missing"
                                                 : "its bytes no longer match its SHA-256");
        return peel_req_error(r, 500, "paper_damaged", NULL,
                              "this paper's file is missing or damaged, so it is not sent: the "
                              "administrator can find it with peel check");
    }
    f = peel_attach_format_named(c.a.format);
    r->ctype = f ? f->mime : "application/octet-stream";
    peel_req_add_header(r, "Content-Disposition",
                        peel_pool_printf(r->pool, "attachment; filename=\"%s\"", c.a.filename));
    peel_req_add_header(r, "X-Content-Type-Options", "nosniff");
    peel_req_add_header(r, "Cache-Control", "private, no-store");
    /* The checked bytes are the body. */
    peel_buf_release(&r->out);
    r->out = bytes;
    r->status = 200;
    r->answered = true;
    return 0;
}

/* ---- remove ---- */

/* The attachment named by p[0] when the reader may open its record and
 * change records of its type; otherwise the answer is given (404 for a
 * paper the reader may not see, as for none; 403 for one it may see but not
 * change) and 0 returned with r->answered set. */
static int removable_or_reply(peel_req *r, const peel_str *p, one_ctx *c, peel_err *err)
{
    long long id;
    int found = 0;
    bool visible = false;
    const peel_type *t;

    if (peel_str_to_i64(p[0], &id) && id > 0) {
        found = peel_docs_attachment_get(r->store, id, keep_one, c, err);
        if (found < 0)
            return -1;
        if (found && peel_attach_visible(r->store, peel_req_reader(r), &c->a, &visible, err) < 0)
            return -1;
    }
    if (!found || !visible)
        return peel_req_error(r, 404, "not_found", NULL, "there is no paper at this address");
    t = peel_type_find(c->a.type);
    if (!peel_reader_type_writable(peel_req_reader(r), t))
        return peel_req_error(r, 403, "forbidden", NULL,
                              r->user[0] ? "your account cannot change %s" : "sign in to change %s",
                              t->plural);
    return 1;
}

static int attachment_remove_form(peel_req *r, const peel_str *p, peel_err *err)
{
    one_ctx c = {.r = r};
    int rc = removable_or_reply(r, p, &c, err);
    if (rc <= 0)
        return rc < 0 ? -1 : 0;
    const peel_type *t = peel_type_find(c.a.type);
    peel_page_begin(r, "Remove a paper");
    peel_html(&r->out,
              "<span class=\"caption\">%s</span><h1 class=\"heading-l\">Remove the paper "
              "\u201c%s\u201d?</h1>\n<p class=\"body\">It goes from the record's page, its "
              "downloads and search. The record's history says it was removed.</p>\n"
              "<form method=\"post\" action=\"/attachments/%lld/remove\">\n",
              t->label, c.a.title, (long long)c.a.id);
    peel_page_csrf(r);
    peel_html(&r->out,
              "<button class=\"button button--warning\">Remove</button> "
              "<a href=\"/records/%q/%lld#attachments\">Cancel</a>\n</form>\n",
              t->name, (long long)c.a.record_id);
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

static int attachment_remove(peel_req *r, const peel_str *p, peel_err *err)
{
    one_ctx c = {.r = r};
    int rc = removable_or_reply(r, p, &c, err);
    if (rc <= 0)
        return rc < 0 ? -1 : 0;
    if (peel_attach_remove(r->store, r->user[0] ? r->user : NULL, &c.a, err) < 0)
        return -1;
    if (r->is_api) {
        r->status = 204;
        r->ctype = NULL;
        r->answered = true;
        return 0;
    }
    return peel_req_redirect(r, peel_pool_printf(r->pool, "/records/%s/%lld?removed=1#attachments",
                                                 c.a.type, (long long)c.a.record_id));
}

/* ---- upload ---- */

static const char *form_text(peel_req *r, const char *name)
{
    const peel_kv *kv = peel_req_field(r, name);
    return kv && !kv->filename ? kv->value : NULL;
}

static int refused_page(peel_req *r, const peel_record *rec, const peel_fielderrs *fe)
{
    peel_buf title = PEEL_BUF_INIT;
    peel_problem probs[PEEL_REQ_MAX_PROBLEMS];
    size_t n = 0;

    for (size_t i = 0; i < fe->n && n < PEEL_REQ_MAX_PROBLEMS; i++) {
        const char *f = fe->e[i].field;
        probs[n++] = (peel_problem){
            .id = f ? peel_pool_printf(r->pool, "attach-%s", f) : NULL,
            .label = f,
            .msg = fe->e[i].msg,
        };
    }
    peel_page_record_title(rec, &title);
    peel_page_begin(r, "Attach a paper");
    peel_html(
        &r->out,
        "<span class=\"caption\">%s</span><h1 class=\"heading-l\">Attach a paper to %s</h1>\n",
        rec->type->label, peel_buf_str(&title));
    peel_page_error_summary(r, probs, n);
    upload_form(r, rec->type, rec->id, fe);
    peel_html(&r->out, "<p><a href=\"/records/%q/%lld\">Back to the record</a></p>\n",
              rec->type->name, (long long)rec->id);
    peel_page_end(r);
    peel_buf_release(&title);
    return peel_req_html_page(r, 422);
}

static int attachment_upload(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = peel_web_type_or_reply(r, p[0]);
    peel_record *rec;
    const peel_kv *file;
    peel_fielderrs fe = {0};
    int64_t id = 0;
    int rc;

    if (!t)
        return 0;
    if (!t->attachments)
        return peel_req_error(r, 404, "not_found", NULL, "%s records do not take papers", t->label);
    if (!peel_reader_type_writable(peel_req_reader(r), t))
        return peel_req_error(r, 403, "forbidden", NULL, "your account cannot change %s",
                              t->plural);
    if (r->is_api && !peel_req_ctype_is(peel_req_header(r, "Content-Type"), "multipart/form-data"))
        return peel_req_error(r, 415, "unsupported_media_type", NULL,
                              "send the paper as multipart/form-data with file, title, kind "
                              "and date");
    if (!(rec = peel_web_record_or_reply(r, t, p[1], err)))
        return r->answered ? 0 : -1;
    file = peel_req_field(r, "file");
    if (!file || !file->filename || !file->len) {
        peel_fielderrs_add(&fe, "file", "choose the file to attach");
        rc = 1;
    } else {
        peel_attach_new a = {
            .type = t,
            .record_id = rec->id,
            .data = file->value,
            .len = file->len,
            .filename = file->filename,
            .title = form_text(r, "title"),
            .kind = form_text(r, "kind"),
            .date = form_text(r, "date"),
            .max_bytes = r->cfg->max_attach,
        };
        rc = peel_attach_save(r->store, r->user[0] ? r->user : NULL, &a, &id, &fe, err);
    }
    if (rc < 0) {
        peel_record_free(rec);
        return -1;
    }
    peel_err_clear(err);
    if (rc == 1) {
        if (r->is_api) {
            json_t *errs = json_array();
            for (size_t i = 0; i < fe.n; i++)
                json_array_append_new(
                    errs, json_pack("{s:s?,s:s}", "field", fe.e[i].field, "message", fe.e[i].msg));
            peel_record_free(rec);
            return peel_req_json(r, 422,
                                 json_pack("{s:{s:s,s:s,s:s?},s:o}", "error", "code", "invalid",
                                           "message", fe.e[0].msg, "field", fe.e[0].field, "errors",
                                           errs));
        }
        rc = refused_page(r, rec, &fe);
        peel_record_free(rec);
        return rc;
    }
    if (r->is_api) {
        list_ctx c = {.r = r, .json = json_array()};
        one_ctx one = {.r = r};
        if (peel_docs_attachment_get(r->store, id, keep_one, &one, err) < 0 ||
            list_row(&c, &one.a, err) < 0) {
            json_decref(c.json);
            peel_record_free(rec);
            return -1;
        }
        peel_record_free(rec);
        json_t *o = json_incref(json_array_get(c.json, 0));
        json_decref(c.json);
        return peel_req_json(r, 201, o);
    }
    rc = peel_req_redirect(r, peel_pool_printf(r->pool, "/records/%s/%lld?attached=1#attachments",
                                               t->name, (long long)rec->id));
    peel_record_free(rec);
    return rc;
}

static int attachment_list_api(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = peel_web_type_or_reply(r, p[0]);
    peel_record *rec;
    list_ctx c = {.r = r};

    if (!t)
        return 0;
    if (!t->attachments)
        return peel_req_error(r, 404, "not_found", NULL, "%s records do not take papers", t->label);
    if (!(rec = peel_web_record_or_reply(r, t, p[1], err)))
        return r->answered ? 0 : -1;
    c.json = json_array();
    if (peel_docs_attachment_list(r->store, t->name, rec->id, list_row, &c, err) < 0) {
        json_decref(c.json);
        peel_record_free(rec);
        return -1;
    }
    peel_record_free(rec);
    return peel_req_json(r, 200, json_pack("{s:o}", "data", c.json));
}

/* ---- search ---- */

/* The snippet: its text escaped, each found word in <mark>. */
static void snippet_html(peel_buf *out, const char *s)
{
    while (*s) {
        size_t n = strcspn(s, "\x01\x02");
        peel_html_textn(out, s, n);
        s += n;
        if (*s == '\x01')
            peel_html_lit(out, "<mark>");
        else if (*s == '\x02')
            peel_html_lit(out, "</mark>");
        if (*s)
            s++;
    }
}

static char *snippet_plain(peel_pool *pool, const char *s)
{
    char *o = peel_pool_strdup(pool, s), *w = o;
    for (const char *q = s; o && *q; q++)
        if (*q != '\x01' && *q != '\x02')
            *w++ = *q;
    if (o)
        *w = '\0';
    return o;
}

/* The search's parameters as the page and the API read them.  false: a
 * problem recorded (page) or answered (API). */
static bool search_params(peel_req *r, peel_search_q *q, peel_date *from, peel_date *to)
{
    /* per_page as every JSON list names it; per, its first spelling, too. */
    static const char *const names[] = {"q", "type", "from", "to", "page", "per_page", "per", NULL};
    const char *type = peel_param_text(r, "type"), *page = peel_param_text(r, "page");
    const char *pn = peel_param_text(r, "per_page") ? "per_page" : "per";
    const char *per = peel_param_text(r, pn);
    long long n;
    bool ok = peel_params_allowed(r, names);

    memset(q, 0, sizeof *q);
    q->words = peel_param_text(r, "q");
    q->page = 1;
    if (type) {
        q->type = peel_type_find(type);
        if (!q->type || !q->type->search ||
            !peel_reader_type_readable(peel_req_reader(r), q->type)) {
            peel_param_problem(r, "type", "Type", "there is nothing called '%.40s' to search",
                               type);
            q->type = NULL;
            ok = false;
        }
    }
    if (!peel_param_date(r, "from", "From", NO_DATE, from))
        ok = false;
    if (!peel_param_date(r, "to", "To", NO_DATE, to))
        ok = false;
    if (page) {
        if (!peel_str_to_i64(peel_str_c(page), &n) || n < 1 || n > 1000) {
            peel_param_problem(r, "page", "Page", "the page must be a number from 1 to 1000");
            ok = false;
        } else {
            q->page = (int)n;
        }
    }
    if (per) {
        if (!peel_str_to_i64(peel_str_c(per), &n) || n < 1 || n > 100) {
            peel_param_problem(r, pn, "Per page", "%s must be a number from 1 to 100", pn);
            ok = false;
        } else {
            q->per = (int)n;
        }
    }
    return ok;
}

static void iso_or_null(peel_req *r, peel_date d, const char **out)
{
    char buf[11];
    *out = NULL;
    if (d == NO_DATE)
        return;
    peel_date_format(d, buf);
    *out = peel_pool_strdup(r->pool, buf);
}

static void search_form(peel_req *r, const peel_search_q *q)
{
    size_t nt;
    const peel_type *const *types = peel_types(&nt);

    peel_html_lit(&r->out, "<form method=\"get\" action=\"/search\" role=\"search\" novalidate>\n");
    peel_page_param_input(r, "q", "Words to find", NULL, q->words ? q->words : "");
    peel_html_lit(&r->out, "<div class=\"form-group\"><label for=\"filter-type\">Type</label>\n"
                           "<select id=\"filter-type\" name=\"type\">\n"
                           "<option value=\"\">Everything</option>\n");
    for (size_t i = 0; i < nt; i++)
        if (types[i]->search && peel_reader_type_readable(peel_req_reader(r), types[i]))
            peel_html(&r->out, "<option value=\"%s\"%s>%s</option>\n", types[i]->name,
                      q->type == types[i] ? " selected" : "", types[i]->plural);
    peel_html_lit(&r->out, "</select></div>\n");
    peel_page_param_input(r, "from", "From", "For example 01/04/2023",
                          peel_req_arg(r, "from") ? peel_req_arg(r, "from") : "");
    peel_page_param_input(r, "to", "To", "For example 31/03/2024",
                          peel_req_arg(r, "to") ? peel_req_arg(r, "to") : "");
    peel_html_lit(&r->out, "<button class=\"button\">Search</button>\n</form>\n");
}

static void page_link(peel_req *r, const peel_search_q *q, int page, const char *label)
{
    peel_html(&r->out, "<a href=\"/search?q=%q", q->words ? q->words : "");
    if (q->type)
        peel_html(&r->out, "&amp;type=%q", q->type->name);
    if (peel_req_arg(r, "from"))
        peel_html(&r->out, "&amp;from=%q", peel_req_arg(r, "from"));
    if (peel_req_arg(r, "to"))
        peel_html(&r->out, "&amp;to=%q", peel_req_arg(r, "to"));
    peel_html(&r->out, "&amp;page=%d\">%s</a>", page, label);
}

static int search_page(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_search_q q;
    peel_search_results res = {0};
    peel_date from, to;
    bool ok = search_params(r, &q, &from, &to);
    size_t per;
    (void)p;

    iso_or_null(r, from, &q.from);
    iso_or_null(r, to, &q.to);
    per = q.per > 0 ? (size_t)q.per : PEEL_SEARCH_PER_PAGE;
    if (ok && q.words && peel_search_run(r->store, peel_req_reader(r), &q, &res, err) < 0) {
        if (err->code != PEEL_EINPUT)
            return -1;
        peel_param_problem(r, "q", "Words to find", "%s", err->msg);
        peel_err_clear(err);
        ok = false;
    }
    peel_page_begin(r, q.words ? "Search results" : "Search");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out, "<h1 class=\"heading-l\">Search</h1>\n");
    search_form(r, &q);
    if (ok && q.words) {
        peel_html(&r->out, "<h2 class=\"heading-m\" id=\"results\">%lld result%s</h2>\n",
                  (long long)res.total, res.total == 1 ? "" : "s");
        if (res.n)
            peel_html_lit(&r->out, "<ol class=\"search-results\">\n");
        for (size_t i = 0; i < res.n; i++) {
            const peel_search_result *h = &res.v[i];
            peel_html_lit(&r->out, "<li>");
            if (h->attachment)
                peel_html(&r->out,
                          "<h3 class=\"heading-s\"><a href=\"/attachments/%lld\">%s</a></h3>"
                          "<p class=\"caption\">Paper of %s <a href=\"/records/%q/%lld\">%s</a>",
                          (long long)h->attachment, h->paper ? h->paper : "Paper", h->type->label,
                          h->type->name, (long long)h->record_id, h->title);
            else
                peel_html(&r->out,
                          "<h3 class=\"heading-s\"><a href=\"/records/%q/%lld\">%s</a></h3>"
                          "<p class=\"caption\">%s: %s",
                          h->type->name, (long long)h->record_id, h->title, h->type->label,
                          h->field_label);
            if (h->day[0]) {
                peel_date d;
                peel_err e = PEEL_ERR_INIT;
                char when[32];
                if (peel_date_parse(h->day, strlen(h->day), &d, &e) == 0) {
                    peel_date_format_long(d, when);
                    peel_html(&r->out, ", %s", when);
                }
            }
            if (h->sensitive)
                peel_page_sensitive_tag(r);
            peel_html_lit(&r->out, "</p>\n<p>");
            snippet_html(&r->out, h->snippet);
            peel_html_lit(&r->out, "</p></li>\n");
        }
        if (res.n)
            peel_html_lit(&r->out, "</ol>\n");
        if (q.page > 1 || (int64_t)(q.page * per) < res.total) {
            peel_html_lit(&r->out, "<nav class=\"pagination\" aria-label=\"Result pages\">");
            if (q.page > 1)
                page_link(r, &q, q.page - 1, "Previous page");
            if ((int64_t)(q.page * per) < res.total) {
                peel_html_lit(&r->out, " ");
                page_link(r, &q, q.page + 1, "Next page");
            }
            peel_html_lit(&r->out, "</nav>\n");
        }
    }
    peel_page_end(r);
    peel_search_results_release(&res);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}

static int search_api(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_search_q q;
    peel_search_results res = {0};
    peel_date from, to;
    json_t *data;
    peel_buf h = PEEL_BUF_INIT;
    (void)p;

    if (!search_params(r, &q, &from, &to)) {
        const peel_problem *pr = &r->problems[0];
        return peel_req_error(r, 400, "bad_query", pr->name, "%s", pr->msg);
    }
    if (!q.words)
        return peel_req_error(r, 400, "bad_query", "q", "give the words to find in q");
    iso_or_null(r, from, &q.from);
    iso_or_null(r, to, &q.to);
    if (peel_search_run(r->store, peel_req_reader(r), &q, &res, err) < 0) {
        if (err->code != PEEL_EINPUT)
            return -1;
        return peel_req_error(r, 400, "bad_query", "q", "%s", err->msg);
    }
    data = json_array();
    for (size_t i = 0; i < res.n; i++) {
        const peel_search_result *x = &res.v[i];
        peel_buf_reset(&h);
        snippet_html(&h, x->snippet);
        json_array_append_new(
            data,
            json_pack("{s:s,s:I,s:s,s:o,s:s?,s:s,s:s?,s:s,s:s,s:s,s:b}", "type", x->type->name,
                      "id", (json_int_t)x->record_id, "title", x->title, "attachment",
                      x->attachment ? json_integer(x->attachment) : json_null(), "paper", x->paper,
                      "matched", x->field_label, "date", x->day[0] ? x->day : NULL, "url",
                      x->attachment
                          ? peel_pool_printf(r->pool, "/attachments/%lld", (long long)x->attachment)
                          : peel_pool_printf(r->pool, "/records/%s/%lld", x->type->name,
                                             (long long)x->record_id),
                      "snippet", snippet_plain(r->pool, x->snippet), "snippet_html",
                      peel_buf_str(&h), "sensitive", x->sensitive));
    }
    peel_buf_release(&h);
    json_t *o = json_pack("{s:o,s:i,s:i,s:I}", "data", data, "page", q.page, "per_page",
                          q.per > 0 ? q.per : PEEL_SEARCH_PER_PAGE, "total", (json_int_t)res.total);
    peel_search_results_release(&res);
    return peel_req_json(r, 200, o);
}

const peel_route peel_routes_docs[] = {
    {"GET", "/attachments/*", attachment_download, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/attachments/*/remove", attachment_remove_form, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"POST", "/attachments/*/remove", attachment_remove, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"DELETE", "/api/v1/attachments/*", attachment_remove, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"POST", "/records/*/*/attachments", attachment_upload, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"GET", "/api/v1/*/*/attachments", attachment_list_api, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"POST", "/api/v1/*/*/attachments", attachment_upload, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"GET", "/search", search_page, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/api/v1/search", search_api, PEEL_PAGE_EVERYONE, NULL, NULL},
    {0},
};
