/* panels.c - the plan's indicators: /figures/plan (each objective of the
 * Police and Crime Plan with its indicators: the latest value of each
 * measure, its trend from the period before, and its red, amber or green
 * where a target or comparison is declared), the home page's summary of
 * it for everyone, and for staff the exceptions to report (indicators on
 * red, figures that differ from their paper).  Everything is computed for
 * the reader, from the records the reader may see. */
#include <stdio.h>
#include <string.h>

#include "core/vec.h"
#include "figures/compute.h"
#include "figures/figure.h"
#include "figures/panels.h"
#include "model/records.h"
#include "render/html.h"
#include "web/http.h"

/* One measure of an objective: its latest figure and the one before. */
typedef struct measure_row {
    int64_t objective;
    const char *measure; /* the figure's measure, or its label when it has none */
    const peel_fline *latest, *before;
} measure_row;

typedef PEEL_VEC(measure_row) measure_rows;

static int64_t period_end(const peel_fline *l)
{
    const peel_value *v = &l->fig->v[PEEL_FIG_PERIOD_TO];
    return v->set ? v->i : INT64_MIN;
}

static const char *measure_of(const peel_fline *l)
{
    const char *m = peel_record_text_at(l->fig, PEEL_FIG_MEASURE);
    return *m ? m : peel_record_text_at(l->fig, PEEL_FIG_LABEL);
}

/* The indicators grouped by objective and measure, in the list's order. */
static int group(const peel_flist *l, measure_rows *out)
{
    for (size_t i = 0; i < l->n; i++) {
        const peel_fline *x = &l->v[i];
        int64_t obj = peel_record_ref_at(x->fig, PEEL_FIG_OBJECTIVE);
        measure_row *m = NULL;
        if (!obj)
            continue;
        for (size_t k = 0; k < out->n && !m; k++)
            if (out->v[k].objective == obj && !strcmp(out->v[k].measure, measure_of(x)))
                m = &out->v[k];
        if (!m) {
            if (!(m = peel_vec_push(out)))
                return -1;
            m->objective = obj;
            m->measure = measure_of(x);
        }
        if (!m->latest || period_end(x) > period_end(m->latest)) {
            m->before = m->latest;
            m->latest = x;
        } else if (!m->before || period_end(x) > period_end(m->before)) {
            m->before = x;
        }
    }
    return 0;
}

/* "up from 20,382 (2021-22)", "down from ...", "level with ...", or "". */
static void trend(const measure_row *m, char *out, size_t n)
{
    char period[80];
    int c;

    out[0] = '\0';
    if (!m->before || !m->latest->res.has_value || !m->before->res.has_value)
        return;
    c = peel_fnum_cmp(m->latest->res.value, m->before->res.value);
    peel_figure_period_text(m->before->fig, period, sizeof period);
    snprintf(out, n, "%s %s%s%s%s",
             c > 0   ? "up from"
             : c < 0 ? "down from"
                     : "level with",
             m->before->res.computed, *period ? " (" : "", period, *period ? ")" : "");
}

static int objective_name(peel_req *r, int64_t id, peel_err *err)
{
    const peel_field *f = &peel_type_figure.fields[PEEL_FIG_OBJECTIVE];
    peel_value v = {.set = true, .i = id};
    bool link = false;

    peel_buf_reset(&r->scratch);
    if (peel_reader_ref_text(r->store, peel_req_reader(r), f, &v, &r->scratch, &link, err) < 0)
        return -1;
    if (link)
        peel_html(&r->out, "<a href=\"/records/objective/%lld\">%s</a>", (long long)id,
                  peel_buf_str(&r->scratch));
    else
        peel_html(&r->out, "%s", peel_buf_str(&r->scratch));
    return 0;
}

/* The objectives and their measures as a table per objective. */
static int write_plan(peel_req *r, const measure_rows *rows, peel_err *err)
{
    for (size_t i = 0; i < rows->n; i++) {
        const measure_row *m = &rows->v[i];
        char tr[160], period[80];
        if (i == 0 || rows->v[i - 1].objective != m->objective) {
            if (i)
                peel_html_lit(&r->out, "</tbody></table></div>\n");
            peel_html_lit(&r->out, "<h3 class=\"heading-s\">");
            if (objective_name(r, m->objective, err) < 0)
                return -1;
            peel_html_lit(&r->out, "</h3>\n<div class=\"table-wrap\"><table class=\"indicators\">"
                                   "<thead><tr><th scope=\"col\">Indicator</th>"
                                   "<th scope=\"col\">Latest</th><th scope=\"col\">Period</th>"
                                   "<th scope=\"col\">Trend</th>"
                                   "<th scope=\"col\">Against its target</th></tr></thead>"
                                   "<tbody>\n");
        }
        trend(m, tr, sizeof tr);
        peel_figure_period_text(m->latest->fig, period, sizeof period);
        peel_html(&r->out,
                  "<tr><th scope=\"row\"><a href=\"/figures/%q\">%s</a></th><td>%s</td>"
                  "<td>%s</td><td>%s</td><td>",
                  peel_record_text_at(m->latest->fig, PEEL_FIG_KEY), m->measure,
                  *m->latest->res.computed ? m->latest->res.computed : "cannot be computed", period,
                  *tr ? tr : "no earlier value");
        if (m->latest->res.rag != PEEL_FRAG_NONE)
            peel_html(&r->out, "<span class=\"rag rag--%s\">%s</span>",
                      peel_frag_name(m->latest->res.rag), peel_frag_name(m->latest->res.rag));
        else
            peel_html_lit(&r->out, "No target declared");
        peel_html_lit(&r->out, "</td></tr>\n");
    }
    if (rows->n)
        peel_html_lit(&r->out, "</tbody></table></div>\n");
    return 0;
}

static int load(peel_req *r, peel_flist *l, measure_rows *rows, peel_err *err)
{
    peel_fquery q = {.status = -1, .indicators = true};

    memset(rows, 0, sizeof *rows);
    if (peel_figures_list(r->store, peel_req_reader(r), &q, l, err) < 0)
        return -1;
    if (group(l, rows) < 0) {
        peel_flist_release(l);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    return 0;
}

int peel_figures_page_plan(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_flist l;
    measure_rows rows;
    static const char *const none[] = {NULL};
    int rc;
    (void)p;

    peel_params_allowed(r, none);
    if (r->nproblems)
        return peel_req_error(r, 400, "invalid", NULL, "%s", r->problems[0].msg);
    if (load(r, &l, &rows, err) < 0)
        return -1;
    peel_page_begin(r, "Performance against the plan");
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Performance against the plan</h1>\n"
                  "<p class=\"body\">Each objective of the Police and Crime Plan with its "
                  "indicators: the latest value peel computes from its records, the trend from "
                  "the period before and, where a target is declared, red, amber or green. An "
                  "objective's page lists the meetings, actions and reports tagged to it.</p>\n");
    if (!rows.n)
        peel_html_lit(&r->out, "<p class=\"body\">No indicator is recorded.</p>\n");
    rc = write_plan(r, &rows, err);
    peel_vec_release(&rows);
    peel_flist_release(&l);
    if (rc < 0)
        return -1;
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

/* The home page: the same, for everyone. */
static int panel_indicators(peel_req *r, peel_err *err)
{
    peel_flist l;
    measure_rows rows;
    int rc = 0;

    if (load(r, &l, &rows, err) < 0)
        return -1;
    if (rows.n) {
        peel_html_lit(&r->out, "<section class=\"panel\" id=\"panel-indicators\">"
                               "<h2 class=\"heading-m\">Performance against the plan</h2>\n");
        rc = write_plan(r, &rows, err);
        peel_html_lit(&r->out, "<p class=\"body\"><a href=\"/figures/plan\">Performance against "
                               "the plan</a> &middot; <a href=\"/figures\">Every figure in the "
                               "papers, checked</a></p></section>\n");
    }
    peel_vec_release(&rows);
    peel_flist_release(&l);
    return rc;
}

/* For staff: the figures that differ from their paper, and the indicators
 * on red: exceptions to report. */
static int panel_exceptions(peel_req *r, peel_err *err)
{
    peel_fquery q = {.status = -1};
    peel_flist l = {0};
    size_t differ = 0, red = 0;

    if (peel_figures_list(r->store, peel_req_reader(r), &q, &l, err) < 0)
        return -1;
    for (size_t i = 0; i < l.n; i++) {
        differ += l.v[i].res.status == PEEL_FSTATUS_DIFFERS;
        red += l.v[i].res.rag == PEEL_FRAG_RED;
    }
    if (differ || red) {
        peel_html(&r->out,
                  "<section class=\"panel\" id=\"panel-figures\">"
                  "<h2 class=\"heading-m\">Figures to look at</h2>\n<p class=\"body\">%lld "
                  "indicator%s on red; %lld figure%s differ%s from the paper that prints "
                  "%s.</p>\n<ul class=\"list\">",
                  (long long)red, red == 1 ? "" : "s", (long long)differ, differ == 1 ? "" : "s",
                  differ == 1 ? "s" : "", differ == 1 ? "it" : "them");
        for (size_t i = 0; i < l.n; i++) {
            const peel_fline *x = &l.v[i];
            if (x->res.status != PEEL_FSTATUS_DIFFERS && x->res.rag != PEEL_FRAG_RED)
                continue;
            peel_html(&r->out, "<li><a href=\"/figures/%q\">%s</a>: %s</li>",
                      peel_record_text_at(x->fig, PEEL_FIG_KEY),
                      peel_record_text_at(x->fig, PEEL_FIG_LABEL),
                      x->res.rag == PEEL_FRAG_RED ? "indicator on red"
                                                  : "differs from the printed value");
        }
        peel_html_lit(&r->out, "</ul></section>\n");
    }
    peel_flist_release(&l);
    return 0;
}

const peel_panel peel_panels_figures[] = {
    {"indicators", PEEL_PANEL_PUBLIC, panel_indicators},
    {"indicators", PEEL_PANEL_STAFF, panel_indicators},
    {"figures", PEEL_PANEL_STAFF, panel_exceptions},
    {0},
};
