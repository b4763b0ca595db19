/* search.c - the index kept in step with the records, and a search for a
 * reader (search.h).  The index answers every row that matches; here each
 * one is checked against the reader before it is kept or counted. */
#include "model/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/vec.h"
#include "model/attach.h"

int peel_search_match_expr(const char *words, peel_buf *out, peel_err *err)
{
    int n = 0;
    const unsigned char *p = (const unsigned char *)(words ? words : "");

    peel_buf_reset(out);
    while (*p && n < PEEL_SEARCH_MAX_WORDS) {
        const unsigned char *start;
        while (*p && !(*p >= 0x80 || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
                       (*p >= 'A' && *p <= 'Z')))
            p++;
        start = p;
        while (*p >= 0x80 || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
               (*p >= 'A' && *p <= 'Z'))
            p++;
        if (p > start) {
            peel_buf_printf(out, "%s\"%.*s\"", n ? " " : "", (int)(p - start), start);
            n++;
        }
    }
    if (out->failed)
        return peel_err_set(err, PEEL_ENOMEM, "no memory for the search");
    if (!n)
        return peel_err_set(err, PEEL_EINPUT, "type a word to search for");
    return 0;
}

/* ---- keeping the index ---- */

static void record_day(const peel_record *r, char day[11])
{
    const peel_field *f = r->type->search_date;
    const peel_value *v;

    day[0] = '\0';
    if (!f)
        return;
    v = peel_record_value(r, f);
    if (!v->set)
        return;
    if (f->type == PEEL_F_DATE)
        peel_date_format((peel_date)v->i, day);
    else if (v->s && strlen(v->s) >= 10)
        snprintf(day, 11, "%.10s", v->s);
}

static int index_record(peel_store *s, const peel_record *r, bool fresh, peel_err *err)
{
    const peel_type *t = r->type;
    peel_buf text = PEEL_BUF_INIT;
    char day[11];
    int rc = 0;

    if (!t->search)
        return 0;
    /* A new record has no rows yet (a deleted one's went with it), so only a
     * changed one's are dropped: finding them reads the whole index. */
    if (!fresh && peel_docs_search_drop(s, t->name, r->id, false, err) < 0)
        return -1;
    record_day(r, day);
    for (size_t i = 0; rc == 0 && t->search[i] >= 0; i++) {
        const peel_field *f = &t->fields[t->search[i]];
        peel_buf_reset(&text);
        if (!r->v[t->search[i]].set ||
            peel_value_format(f, &r->v[t->search[i]], PEEL_VFMT_PEOPLE, &text) < 0 || !text.len)
            continue;
        rc = peel_docs_search_put(s, t->name, r->id, 0, f->name, day[0] ? day : NULL,
                                  peel_buf_str(&text), err);
    }
    peel_buf_release(&text);
    return rc;
}

int peel_search_index_record(peel_store *s, const peel_record *r, peel_err *err)
{
    return index_record(s, r, false, err);
}

int peel_search_index_new(peel_store *s, const peel_record *r, peel_err *err)
{
    return index_record(s, r, true, err);
}

int peel_search_unindex_record(peel_store *s, const peel_type *t, int64_t id, peel_err *err)
{
    if (t->search || t->attachments)
        if (peel_docs_search_drop(s, t->name, id, true, err) < 0)
            return -1;
    if (t->attachments)
        return peel_docs_attachment_forget(s, t->name, id, err);
    return 0;
}

int peel_search_index_attachment(peel_store *s, const peel_attachment *a, const char *text,
                                 peel_err *err)
{
    char day[11] = "";

    if (a->date)
        snprintf(day, sizeof day, "%s", a->date);
    else {
        const peel_type *t = peel_type_find(a->type);
        peel_record *rec = NULL;
        if (t && peel_store_get(s, t, a->record_id, &rec, err) == 0) {
            record_day(rec, day);
            peel_record_free(rec);
        } else if (t && err->code != PEEL_ENOTFOUND) {
            return -1;
        }
        peel_err_clear(err);
    }
    return peel_docs_search_put(s, a->type, a->record_id, a->id, "text", day[0] ? day : NULL, text,
                                err);
}

typedef struct reindex_ctx {
    peel_store *s;
    int64_t n;
} reindex_ctx;

static int reindex_record(void *ctx, const peel_record *r, peel_err *err)
{
    reindex_ctx *c = ctx;
    c->n++;
    return peel_search_index_new(c->s, r, err) < 0 ? -1 : 0;
}

static int reindex_attachment(void *ctx, const peel_attachment *a, peel_err *err)
{
    reindex_ctx *c = ctx;
    peel_buf bytes = PEEL_BUF_INIT, text = PEEL_BUF_INIT;
    int rc;

    peel_buf_init(&text, 8 << 20);
    peel_buf_printf(&text, "%s\n", a->title);
    if (!strcmp(a->format, "pdf")) {
        peel_err pe = PEEL_ERR_INIT;
        /* A file missing or changed indexes the title alone: peel check
         * names it. */
        int got = peel_attach_read(c->s, a, &bytes, &pe);
        if (got == 0) {
            peel_err te = PEEL_ERR_INIT;
            peel_attach_pdf_text(bytes.data, bytes.len, PEEL_ATTACH_PDF_PAGES, &text, &te);
        } else if (got < 0) {
            *err = pe;
            peel_buf_release(&text);
            return -1;
        }
    }
    c->n++;
    rc = peel_search_index_attachment(c->s, a, peel_buf_str(&text), err) < 0 ? -1 : 0;
    peel_buf_release(&bytes);
    peel_buf_release(&text);
    return rc;
}

int peel_search_reindex(peel_store *s, int64_t *records, int64_t *papers, peel_err *err)
{
    size_t nt;
    const peel_type *const *types = peel_types(&nt);
    reindex_ctx rc = {.s = s}, pc = {.s = s};

    if (peel_docs_search_clear(s, err) < 0)
        return -1;
    for (size_t i = 0; i < nt; i++) {
        peel_query q = {.type = types[i]};
        if (types[i]->search && peel_store_select(s, &q, reindex_record, &rc, err) < 0)
            return -1;
    }
    if (peel_docs_attachment_list(s, NULL, 0, reindex_attachment, &pc, err) < 0)
        return -1;
    *records = rc.n;
    *papers = pc.n;
    return 0;
}

/* ---- searching ---- */

/* What the reader may see of one record, asked once per record. */
typedef struct seen {
    const peel_type *type;
    int64_t id;
    bool visible;
    bool sensitive;
    char *title;
    char day[11];
} seen;

typedef struct run_ctx {
    peel_store *s;
    const peel_reader *rd;
    PEEL_VEC(seen) seen;
    peel_search_results *out;
} run_ctx;

static seen *look(run_ctx *c, const peel_type *t, int64_t id, peel_err *err)
{
    peel_record *rec = NULL;
    seen *e;

    for (size_t i = 0; i < c->seen.n; i++)
        if (c->seen.v[i].type == t && c->seen.v[i].id == id)
            return &c->seen.v[i];
    if (!(e = peel_vec_push(&c->seen))) {
        peel_err_set(err, PEEL_ENOMEM, "no memory for the search");
        return NULL;
    }
    e->type = t;
    e->id = id;
    if (peel_store_get(c->s, t, id, &rec, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return NULL;
        peel_err_clear(err);
        return e; /* an index row left behind: never shown */
    }
    e->visible = peel_reader_record_visible(c->rd, rec);
    if (e->visible) {
        peel_buf b = PEEL_BUF_INIT;
        int k = t->title ? peel_type_field_index(t, t->title) : -1;
        if (k >= 0)
            peel_value_format(&t->fields[k], &rec->v[k], PEEL_VFMT_PEOPLE, &b);
        if (!b.len)
            peel_buf_printf(&b, "%s %lld", t->label, (long long)id);
        e->title = peel_buf_detach(&b);
        e->sensitive = peel_record_class(rec) == PEEL_OFFICIAL_SENSITIVE;
        record_day(rec, e->day);
    }
    peel_record_free(rec);
    return e;
}

static bool searchable_field(const peel_type *t, const peel_field *f)
{
    for (size_t i = 0; t->search && t->search[i] >= 0; i++)
        if (&t->fields[t->search[i]] == f)
            return true;
    return false;
}

typedef struct att_title {
    char *title;
} att_title;

static int take_att_title(void *ctx, const peel_attachment *a, peel_err *err)
{
    att_title *at = ctx;
    (void)err;
    at->title = strdup(a->title);
    return 0;
}

static int run_hit(void *ctx, const peel_docs_hit *h, peel_err *err)
{
    run_ctx *c = ctx;
    const peel_type *t = peel_type_find(h->type);
    const peel_field *f = NULL;
    peel_search_result *res;
    seen *e;

    if (!t || !peel_reader_type_readable(c->rd, t))
        return 0;
    if (h->attachment == 0) {
        f = peel_type_field(t, h->field);
        if (!f || !searchable_field(t, f) || !peel_reader_field_visible(c->rd, f))
            return 0;
    } else if (!t->attachments) {
        return 0;
    }
    /* One result per record or paper: the first row is its best. */
    for (size_t i = 0; i < c->out->n; i++)
        if (c->out->v[i].type == t && c->out->v[i].record_id == h->record_id &&
            c->out->v[i].attachment == h->attachment)
            return 0;
    if (!(e = look(c, t, h->record_id, err)))
        return -1;
    if (!e->visible)
        return 0;
    if (!(res = peel_vec_push(c->out)))
        return peel_err_set(err, PEEL_ENOMEM, "no memory for the search");
    res->type = t;
    res->record_id = h->record_id;
    res->title = strdup(e->title);
    res->attachment = h->attachment;
    res->field_label = f ? f->label : "Paper";
    res->snippet = strdup(h->snippet ? h->snippet : "");
    res->sensitive = e->sensitive;
    snprintf(res->day, sizeof res->day, "%s", h->day ? h->day : "");
    if (h->attachment) {
        att_title at = {0};
        if (peel_docs_attachment_get(c->s, h->attachment, take_att_title, &at, err) < 0)
            return -1;
        res->paper = at.title;
    }
    if (!res->title || !res->snippet)
        return peel_err_set(err, PEEL_ENOMEM, "no memory for the search");
    return 0;
}

static void result_free(peel_search_result *r)
{
    free(r->title);
    free(r->paper);
    free(r->snippet);
}

void peel_search_results_release(peel_search_results *res)
{
    for (size_t i = 0; i < res->n; i++)
        result_free(&res->v[i]);
    peel_vec_release(res);
    res->total = 0;
}

int peel_search_run(peel_store *s, const peel_reader *rd, const peel_search_q *q,
                    peel_search_results *out, peel_err *err)
{
    peel_buf match = PEEL_BUF_INIT;
    run_ctx c = {.s = s, .rd = rd, .out = out};
    size_t per = q->per > 0 ? (size_t)q->per : PEEL_SEARCH_PER_PAGE;
    size_t first = (size_t)(q->page > 1 ? q->page - 1 : 0) * per;
    int rc;

    memset(out, 0, sizeof *out);
    if (q->type && !peel_reader_type_readable(rd, q->type))
        return peel_err_set(err, PEEL_EINPUT, "there is no record type called '%s'", q->type->name);
    if (peel_search_match_expr(q->words, &match, err) < 0) {
        peel_buf_release(&match);
        return -1;
    }
    rc = peel_docs_search(s, peel_buf_str(&match), q->type ? q->type->name : NULL, q->from, q->to,
                          PEEL_SEARCH_CANDIDATES, run_hit, &c, err);
    peel_buf_release(&match);
    for (size_t i = 0; i < c.seen.n; i++)
        free(c.seen.v[i].title);
    peel_vec_release(&c.seen);
    if (rc < 0) {
        peel_search_results_release(out);
        return -1;
    }
    /* Only what the reader may see was kept, so this is the count it may
     * be told; then the page asked for. */
    out->total = (int64_t)out->n;
    for (size_t i = 0; i < out->n; i++)
        if (i < first || i >= first + per)
            result_free(&out->v[i]);
    if (first < out->n) {
        size_t keep = out->n - first < per ? out->n - first : per;
        memmove(out->v, out->v + first, keep * sizeof *out->v);
        out->n = keep;
    } else {
        out->n = 0;
    }
    return 0;
}
