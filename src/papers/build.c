/* build.c - a paper as a reader reads it (papers.h): its sections in
 * order, the figures it prints computed for that reader, and the one
 * content model every output renders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/module.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/vec.h"
#include "figures/figure.h"
#include "papers/papers.h"

/* ---- loading ---- */

static int by_position(const void *a, const void *b)
{
    const peel_record *x = *(peel_record *const *)a, *y = *(peel_record *const *)b;
    int64_t px = peel_rec_int(x, PEEL_PSEC_POSITION), py = peel_rec_int(y, PEEL_PSEC_POSITION);
    return px < py ? -1 : px > py ? 1 : x->id < y->id ? -1 : x->id > y->id;
}

/* The sections of paper id that rd may see, by position. */
static int load_sections(peel_store *s, const peel_reader *rd, int64_t id, peel_records *out,
                         peel_err *err)
{
    peel_records all = {0};

    out->type = &peel_type_paper_section;
    if (!id)
        return 0;
    if (peel_records_load(s, &peel_type_paper_section, &all, err) < 0)
        return -1;
    for (size_t i = 0; i < all.n; i++) {
        peel_record *sec = all.v[i];
        if (peel_record_ref_at(sec, PEEL_PSEC_PAPER) != id)
            continue;
        if (peel_record_class(sec) == PEEL_OFFICIAL_SENSITIVE && !peel_reader_sees_sensitive(rd))
            continue;
        peel_record **slot = peel_vec_push(out);
        if (!slot) {
            peel_records_free(&all);
            return peel_err_set(err, PEEL_ENOMEM, "out of memory loading a paper's sections");
        }
        *slot = sec;
        all.v[i] = NULL;
    }
    peel_records_free(&all);
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, by_position);
    return 0;
}

int peel_paper_load(peel_store *s, const peel_reader *rd, const char *key, peel_paper *out,
                    peel_err *err)
{
    int64_t id;

    memset(out, 0, sizeof *out);
    out->sections.type = &peel_type_paper_section;
    if (peel_reader_lookup(s, rd, &peel_type_paper, key, &id, err) < 0 ||
        peel_store_get(s, &peel_type_paper, id, &out->rec, err) < 0 ||
        load_sections(s, rd, id, &out->sections, err) < 0) {
        peel_paper_release(out);
        return -1;
    }
    return 0;
}

int peel_paper_of(peel_store *s, const peel_reader *rd, const peel_record *rec, peel_paper *out,
                  peel_err *err)
{
    memset(out, 0, sizeof *out);
    out->sections.type = &peel_type_paper_section;
    out->rec = peel_record_dup(rec);
    if (!out->rec)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    if (load_sections(s, rd, rec->id, &out->sections, err) < 0) {
        peel_paper_release(out);
        return -1;
    }
    return 0;
}

void peel_paper_release(peel_paper *p)
{
    peel_record_free(p->rec);
    peel_records_free(&p->sections);
    memset(p, 0, sizeof *p);
}

/* ---- the figures it prints ---- */

/* Calls fn for each {{KEY}} in text, in order. */
static int each_placeholder(const char *text, int (*fn)(const char *key, size_t n, void *ctx),
                            void *ctx)
{
    for (const char *p = text; (p = strstr(p, "{{")) != NULL;) {
        const char *end = strstr(p + 2, "}}");
        if (!end)
            break;
        if (fn(p + 2, (size_t)(end - p - 2), ctx) < 0)
            return -1;
        p = end + 2;
    }
    return 0;
}

typedef struct figs_ctx {
    peel_store *s;
    const peel_reader *rd;
    peel_records *all; /* every figure record; taken ones become NULL */
    peel_paper_figs *out;
    peel_err *err;
} figs_ctx;

static int add_fig(figs_ctx *c, size_t i)
{
    peel_record *fig = c->all->v[i];
    peel_paper_fig *f;

    if (!fig || !peel_reader_record_visible(c->rd, fig))
        return 0;
    f = peel_vec_push(c->out);
    if (!f)
        return peel_err_set(c->err, PEEL_ENOMEM, "out of memory computing a paper's figures");
    f->fig = fig;
    c->all->v[i] = NULL;
    return peel_figure_compute(c->s, c->rd, fig, &f->res, c->err);
}

static int add_key(const char *key, size_t n, void *ctx)
{
    figs_ctx *c = ctx;
    for (size_t i = 0; i < c->all->n; i++) {
        const peel_record *fig = c->all->v[i];
        const char *k = fig ? peel_rec_str(fig, PEEL_FIG_KEY) : "";
        if (fig && strlen(k) == n && !memcmp(k, key, n))
            return add_fig(c, i);
    }
    return 0;
}

static int by_key(const void *a, const void *b)
{
    const peel_record *x = *(peel_record *const *)a, *y = *(peel_record *const *)b;
    return strcmp(peel_rec_str(x, PEEL_FIG_KEY), peel_rec_str(y, PEEL_FIG_KEY));
}

int peel_paper_figures(peel_store *s, const peel_reader *rd, const peel_paper *p,
                       peel_paper_figs *out, peel_err *err)
{
    peel_records all = {0}, reasons = {0};
    const char *prefix = peel_rec_str(p->rec, PEEL_PAPER_FIGURES);
    figs_ctx c = {s, rd, &all, out, err};
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (peel_records_load(s, &peel_type_figure, &all, err) < 0)
        return -1;
    if (all.n > 1)
        qsort(all.v, all.n, sizeof *all.v, by_key);
    for (size_t i = 0; *prefix && i < all.n; i++)
        if (!strncmp(peel_rec_str(all.v[i], PEEL_FIG_KEY), prefix, strlen(prefix)) &&
            add_fig(&c, i) < 0)
            goto done;
    for (size_t i = 0; i < p->sections.n; i++) {
        const peel_record *sec = p->sections.v[i];
        if (peel_psec_kind_of(sec) == PEEL_PSEC_NARRATIVE &&
            each_placeholder(peel_rec_str(sec, PEEL_PSEC_TEXT), add_key, &c) < 0)
            goto done;
    }
    /* The reasons recorded for this paper, as the reader may see them. */
    if (peel_records_load(s, &peel_type_figure_reason, &reasons, err) < 0)
        goto done;
    for (size_t i = 0; i < reasons.n; i++) {
        const peel_record *r = reasons.v[i];
        if (peel_record_ref_at(r, PEEL_FREASON_PAPER) != p->rec->id ||
            !peel_reader_record_visible(rd, r))
            continue;
        for (size_t k = 0; k < out->n; k++)
            if (out->v[k].fig->id == peel_record_ref_at(r, PEEL_FREASON_FIGURE) &&
                !out->v[k].reason) {
                out->v[k].reason = strdup(peel_rec_str(r, PEEL_FREASON_REASON));
                if (!out->v[k].reason) {
                    peel_err_set(err, PEEL_ENOMEM, "out of memory");
                    goto done;
                }
            }
    }
    for (size_t k = 0; k < out->n; k++)
        if (peel_paper_fig_blocks(&out->v[k]))
            out->blocking++;
    rc = 0;
done:
    peel_records_free(&all);
    peel_records_free(&reasons);
    if (rc < 0)
        peel_paper_figs_release(out);
    return rc;
}

void peel_paper_figs_release(peel_paper_figs *f)
{
    for (size_t i = 0; i < f->n; i++) {
        peel_record_free(f->v[i].fig);
        peel_fresult_release(&f->v[i].res);
        free(f->v[i].reason);
    }
    peel_vec_release(f);
    f->blocking = 0;
}

bool peel_paper_fig_unsettled(const peel_paper_fig *f)
{
    enum peel_fstatus st = f->res.status;
    return (st == PEEL_FSTATUS_DIFFERS || st == PEEL_FSTATUS_CANNOT) &&
           *peel_rec_str(f->fig, PEEL_FIG_PRINTED);
}

bool peel_paper_fig_blocks(const peel_paper_fig *f)
{
    return peel_paper_fig_unsettled(f) && !f->reason;
}

const peel_paper_fig *peel_paper_figs_find(const peel_paper_figs *f, const char *key)
{
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(peel_rec_str(f->v[i].fig, PEEL_FIG_KEY), key))
            return &f->v[i];
    return NULL;
}

/* The figure's value as the paper prints it: computed from the records
 * where it can be, else the paper's own text. */
static const char *fig_value(const peel_paper_fig *f)
{
    if (f->res.has_value && *f->res.computed && f->res.status != PEEL_FSTATUS_CANNOT)
        return f->res.computed;
    return peel_rec_str(f->fig, PEEL_FIG_PRINTED);
}

/* ---- the model ---- */

/* A narrative line with each {{KEY}} replaced, into out. */
static void substitute(const char *line, size_t n, const peel_paper_figs *figs, peel_buf *out)
{
    const char *end = line + n;
    peel_buf_reset(out);
    for (const char *p = line; p < end;) {
        const char *open = NULL;
        for (const char *q = p; q + 1 < end; q++)
            if (q[0] == '{' && q[1] == '{') {
                open = q;
                break;
            }
        const char *close = NULL;
        for (const char *q = open ? open + 2 : end; open && q + 1 < end; q++)
            if (q[0] == '}' && q[1] == '}') {
                close = q;
                break;
            }
        if (!open || !close) {
            peel_buf_append(out, p, (size_t)(end - p));
            break;
        }
        peel_buf_append(out, p, (size_t)(open - p));
        char key[128];
        size_t kn = (size_t)(close - open - 2);
        const peel_paper_fig *f = NULL;
        if (kn < sizeof key) {
            memcpy(key, open + 2, kn);
            key[kn] = '\0';
            f = peel_paper_figs_find(figs, key);
        }
        peel_buf_puts(out, f ? fig_value(f) : PEEL_READER_NOT_PUBLISHED);
        p = close + 2;
    }
}

static void narrative(peel_doc *d, const char *text, const peel_paper_figs *figs)
{
    peel_buf line = PEEL_BUF_INIT;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
            n--;
        if (n) {
            bool bullet = n > 2 && p[0] == '-' && p[1] == ' ';
            substitute(bullet ? p + 2 : p, bullet ? n - 2 : n, figs, &line);
            peel_doc_add(d, bullet ? PEEL_BLOCK_LIST : PEEL_BLOCK_PARA, 0, NULL,
                         peel_buf_str(&line));
        }
        p = nl ? nl + 1 : p + strlen(p);
    }
    peel_buf_release(&line);
}

static void figures_table(peel_doc *d, const peel_reader *rd, const peel_paper_figs *figs)
{
    bool staff = peel_reader_sees_sensitive(rd);
    peel_doc_table *t;

    if (!figs->n) {
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, "This paper prints no figure peel holds.");
        return;
    }
    t = peel_doc_table_add(d, "Each figure as printed and as computed from peel's records",
                           staff ? 6 : 5, 1, true);
    if (!t)
        return;
    const char *head[] = {"Figure", "Printed", "Computed", "Status", "Why", "Reason it stands"};
    peel_doc_table_row(d, t, head);
    for (size_t i = 0; i < figs->n; i++) {
        const peel_paper_fig *f = &figs->v[i];
        const char *row[] = {peel_rec_str(f->fig, PEEL_FIG_LABEL),
                             peel_rec_str(f->fig, PEEL_FIG_PRINTED),
                             f->res.computed,
                             peel_fstatus_label(f->res.status),
                             f->res.why ? f->res.why : "",
                             f->reason ? f->reason : ""};
        peel_doc_table_row(d, t, row);
    }
    peel_doc_table_numeric(d, t, 1);
    peel_doc_table_numeric(d, t, 2);
    peel_doc_table_drop_empty(d, t); /* no "Why" where every figure agrees */
}

static int generated(peel_store *s, const peel_reader *rd, const peel_paper *p,
                     const peel_record *sec, const char *meeting, peel_doc *d, peel_err *err)
{
    const char *view = peel_rec_str(sec, PEEL_PSEC_VIEW);
    const peel_section_decl *decl = peel_app_section(view, NULL);
    peel_section_args a = {
        .from = (peel_date)peel_rec_int(p->rec, PEEL_PAPER_PERIOD_FROM),
        .to = (peel_date)peel_rec_int(p->rec, PEEL_PAPER_PERIOD_TO),
        .meeting = meeting,
        .params = peel_rec_str(sec, PEEL_PSEC_PARAMS),
        .level = 2,
    };

    if (!decl) {
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0, "This section's view, %s, is not one peel has.",
                      view);
        return 0;
    }
    if (decl->build(s, rd, &a, d, err) < 0) {
        if (err->code != PEEL_EINPUT && err->code != PEEL_ENOTFOUND)
            return -1;
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0, "This section could not be generated: %s", err->msg);
        peel_err_clear(err);
    }
    return 0;
}

int peel_paper_doc(peel_store *s, const peel_reader *rd, const peel_paper *p,
                   const peel_paper_figs *figs, peel_doc *d, peel_err *err)
{
    const peel_record *r = p->rec;
    peel_buf meeting = PEEL_BUF_INIT, text = PEEL_BUF_INIT;
    bool link = false;
    char day[32], from[32], to[32];
    int rc = -1;

    memset(d, 0, sizeof *d);
    peel_doc_add(d, PEEL_BLOCK_TITLE, 0, NULL, peel_rec_str(r, PEEL_PAPER_TITLE));
    if (peel_rec_has(r, PEEL_PAPER_MEETING)) {
        if (peel_reader_ref_text(s, rd, &peel_type_paper.fields[PEEL_PAPER_MEETING],
                                 &r->v[PEEL_PAPER_MEETING], &meeting, &link, err) < 0)
            goto done;
        peel_doc_field(d, "Meeting", peel_buf_str(&meeting));
    }
    if (peel_rec_has(r, PEEL_PAPER_REPORT_DATE)) {
        peel_date_format_long((peel_date)peel_rec_int(r, PEEL_PAPER_REPORT_DATE), day);
        peel_doc_field(d, "Report date", day);
    }
    peel_doc_field(d, "Report author", peel_rec_str(r, PEEL_PAPER_AUTHOR));
    peel_doc_field(d, "Security classification", peel_class_name(peel_record_class(r)));
    if (peel_rec_has(r, PEEL_PAPER_PERIOD_FROM) && peel_rec_has(r, PEEL_PAPER_PERIOD_TO)) {
        peel_date_format_long((peel_date)peel_rec_int(r, PEEL_PAPER_PERIOD_FROM), from);
        peel_date_format_long((peel_date)peel_rec_int(r, PEEL_PAPER_PERIOD_TO), to);
        peel_buf_printf(&text, "%s to %s", from, to);
        peel_doc_field(d, "Period", peel_buf_str(&text));
    }
    if (peel_record_class(r) == PEEL_OFFICIAL_SENSITIVE)
        peel_doc_mark_sensitive(d, 0);

    for (size_t i = 0; i < p->sections.n; i++) {
        const peel_record *sec = p->sections.v[i];
        size_t start = d->n;
        const char *heading = peel_rec_str(sec, PEEL_PSEC_HEADING);
        if (*heading)
            peel_doc_add(d, PEEL_BLOCK_HEADING, 1, NULL, heading);
        switch (peel_psec_kind_of(sec)) {
        case PEEL_PSEC_NARRATIVE:
            narrative(d, peel_rec_str(sec, PEEL_PSEC_TEXT), figs);
            break;
        case PEEL_PSEC_GENERATED:
            if (generated(s, rd, p, sec, link ? peel_buf_str(&meeting) : "", d, err) < 0)
                goto done;
            break;
        case PEEL_PSEC_FIGURES:
            figures_table(d, rd, figs);
            break;
        }
        if (peel_record_class(sec) == PEEL_OFFICIAL_SENSITIVE)
            peel_doc_mark_sensitive(d, start);
    }
    if (d->failed) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory building paper %s",
                     peel_rec_str(r, PEEL_PAPER_KEY));
        goto done;
    }
    rc = 0;
done:
    peel_buf_release(&meeting);
    peel_buf_release(&text);
    if (rc < 0)
        peel_doc_free(d);
    return rc;
}
