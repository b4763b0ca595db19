/* sections.c - `oversight-summary`, a generated section of a paper
 * (render/section.h): the office's scrutiny and governance activity in the
 * period as the PCC's update report gives it (seed 001, "Scrutiny and
 * Governance Activity"), built from the same views as /oversight
 * (overview.c): custody visits made, the scrutiny panels' cases,
 * complaint reviews, FOI requests, the decisions made and the publication
 * scheme on the period's last day, each from the records the reader may
 * open.
 *
 * The period is the paper's, or the parameters' "fy=2024-25" or
 * "from=2024-07-01; to=2024-08-31" when given. */
#include <stdio.h>
#include <string.h>

#include "core/vec.h"
#include "oversight/complaints.h"
#include "oversight/custody.h"
#include "oversight/decisions.h"
#include "oversight/foi.h"
#include "oversight/ovrows.h"
#include "oversight/scrutiny.h"
#include "oversight/view.h"
#include "render/section.h"

/* An oversight view's table as a table of the paper. */
static void ovs_table(peel_doc *d, const peel_ovs_table *v, const char *empty)
{
    if (!v->nrows) {
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, empty);
        return;
    }
    peel_doc_table *t = peel_doc_table_add(d, v->caption, v->ncols, 1, false);
    if (!t)
        return;
    peel_doc_table_row(d, t, v->heads);
    for (size_t c = 0; c < v->ncols; c++)
        if (v->num & (1u << c))
            peel_doc_table_numeric(d, t, c);
    for (size_t r = 0; r < v->nrows; r++)
        peel_doc_table_row(d, t, (const char *const *)&v->cells[r * v->ncols]);
}

/* Section / item / value / note rows as a table of the paper. */
static void ov_rows(peel_doc *d, const char *caption, const peel_ov_rows *rows, const char *empty)
{
    if (!rows->n) {
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, empty);
        return;
    }
    peel_doc_table *t = peel_doc_table_add(d, caption, 4, 1, true);
    if (!t)
        return;
    static const char *const head[] = {"Part", "Item", "Value", "Note"};
    peel_doc_table_row(d, t, head);
    peel_doc_table_numeric(d, t, 2);
    for (size_t i = 0; i < rows->n; i++) {
        const peel_ov_row *r = &rows->v[i];
        const char *cells[] = {r->section, r->item, r->value, r->note};
        peel_doc_table_row(d, t, cells);
    }
    peel_doc_table_drop_empty(d, t);
}

typedef struct dec_ctx {
    peel_date from, to;
    int64_t made, published;
} dec_ctx;

static int count_decision(void *ctx, const peel_record *rec, peel_err *err)
{
    dec_ctx *c = ctx;
    (void)err;
    if (!rec->v[PEEL_DEC_MADE_ON].set || rec->v[PEEL_DEC_MADE_ON].i < c->from ||
        rec->v[PEEL_DEC_MADE_ON].i > c->to)
        return 0;
    c->made++;
    c->published += rec->v[PEEL_DEC_PUBLISHED_ON].set;
    return 0;
}

static int summary(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                   peel_err *err)
{
    peel_date from = 0, to = 0;
    peel_ovs_table made = {0}, scr = {0};
    peel_ov_rows cmp = {0}, foi = {0};
    peel_scheme_states sch = {0};
    char x[32], y[32], caption[200];
    int have = peel_section_period(a, &from, &to, err), rc = -1;
    int sub = a->level < 3 ? a->level + 1 : 3;

    if (have < 0)
        return -1;
    if (!have) {
        peel_doc_add(d, PEEL_BLOCK_HEADING, a->level, NULL, "Scrutiny and governance activity");
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL,
                     "The paper gives no period, and the section names none (fy=YYYY-YY, or "
                     "from=DATE; to=DATE): nothing is shown.");
        return 0;
    }
    peel_date_format_long(from, x);
    peel_date_format_long(to, y);
    peel_doc_addf(d, PEEL_BLOCK_HEADING, a->level, "Scrutiny and governance activity, %s to %s", x,
                  y);
    if (peel_custody_made(s, rd, from, to, &made, err) < 0 ||
        peel_scrutiny_view(s, rd, from, to, &scr, err) < 0 ||
        peel_complaints_view(s, rd, from, to, &cmp, err) < 0 ||
        peel_foi_view(s, rd, from, to, &foi, err) < 0 || peel_scheme_on(s, rd, to, &sch, err) < 0)
        goto out;
    if (made.failed || scr.failed) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory building the oversight summary");
        goto out;
    }
    peel_doc_add(d, PEEL_BLOCK_HEADING, sub, NULL, "Custody visiting");
    ovs_table(d, &made, "No custody visit is recorded in the period.");
    peel_doc_add(d, PEEL_BLOCK_HEADING, sub, NULL, "Scrutiny panels");
    ovs_table(d, &scr, "No scrutiny panel meeting is recorded in the period.");
    peel_doc_add(d, PEEL_BLOCK_HEADING, sub, NULL, "Complaint reviews");
    snprintf(caption, sizeof caption, "Complaint reviews from %s to %s%s", x, y,
             peel_ov_reader_note(rd));
    ov_rows(d, caption, &cmp, "No complaint review is recorded in the period.");
    peel_doc_add(d, PEEL_BLOCK_HEADING, sub, NULL, "Freedom of Information requests");
    snprintf(caption, sizeof caption, "FOI requests from %s to %s%s", x, y,
             peel_ov_reader_note(rd));
    ov_rows(d, caption, &foi, "No FOI request is recorded in the period.");

    /* the decisions made in the period, and the scheme on its last day */
    peel_filter f[PEEL_READER_MAX_FILTERS];
    size_t nf = peel_reader_filters(rd, &peel_type_decision, f);
    dec_ctx dc = {.from = from, .to = to};
    if (peel_reader_type_readable(rd, &peel_type_decision) &&
        peel_store_select(s,
                          &(peel_query){.type = &peel_type_decision, .filters = f, .nfilters = nf},
                          count_decision, &dc, err) < 0)
        goto out;
    int64_t late = 0, missing = 0, on_time = 0;
    for (size_t i = 0; i < sch.n; i++) {
        late += sch.v[i].late;
        missing += sch.v[i].missing;
        on_time += sch.v[i].on_time;
    }
    peel_doc_add(d, PEEL_BLOCK_HEADING, sub, NULL, "Decisions and the publication scheme");
    snprintf(caption, sizeof caption,
             "Decisions made from %s to %s, and the publication scheme on %s", x, y, y);
    peel_doc_table *t = peel_doc_table_add(d, caption, 2, 1, true);
    if (t) {
        static const char *const head[] = {"Item", "Count"};
        static const char *const items[] = {"Decisions made",
                                            "Of which published",
                                            "Publication scheme classes",
                                            "Periods published on time",
                                            "Periods published late",
                                            "Periods due and not published"};
        int64_t vals[] = {dc.made, dc.published, (int64_t)sch.n, on_time, late, missing};
        peel_doc_table_row(d, t, head);
        peel_doc_table_numeric(d, t, 1);
        for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
            char n[24];
            snprintf(n, sizeof n, "%lld", (long long)vals[i]);
            const char *cells[] = {items[i], n};
            peel_doc_table_row(d, t, cells);
        }
    }
    rc = 0;
out:
    peel_ovs_table_release(&made);
    peel_ovs_table_release(&scr);
    peel_ov_rows_release(&cmp);
    peel_ov_rows_release(&foi);
    peel_vec_release(&sch);
    return rc;
}

const peel_section_decl peel_oversight_sections[] = {
    {"oversight-summary",
     "Scrutiny and governance activity: custody visiting, scrutiny panels, complaint reviews, "
     "FOI and decisions",
     "the paper's period, or fy=YYYY-YY, or from=DATE; to=DATE", summary},
    {0},
};
