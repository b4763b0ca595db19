/* panels.c - the figures' sections of the home page: the plan's
 * indicators, objective by objective, with their latest value, trend and
 * red, amber or green, for everyone; and for staff the exceptions to
 * report (indicators on red, figures that differ from their paper). */
#include <string.h>

#include "figures/compute.h"
#include "figures/figure.h"
#include "model/records.h"
#include "render/html.h"
#include "web/http.h"

/* ---- the home page's panels ---- */

/* The plan's indicators, objective by objective, for everyone. */
static int panel_indicators(peel_req *r, peel_err *err)
{
    peel_fquery q = {.status = -1, .indicators = true};
    peel_flist l = {0};

    if (peel_figures_list(r->store, peel_req_reader(r), &q, &l, err) < 0)
        return -1;
    if (l.n) {
        peel_html_lit(&r->out, "<section class=\"panel\" id=\"panel-indicators\">"
                               "<h2 class=\"heading-m\">Performance against the plan</h2>\n"
                               "<ul class=\"list\">");
        for (size_t i = 0; i < l.n; i++) {
            const peel_fline *x = &l.v[i];
            peel_html(&r->out, "<li><a href=\"/figures/%q\">%s</a>: %s",
                      peel_record_text_at(x->fig, PEEL_FIG_KEY),
                      peel_record_text_at(x->fig, PEEL_FIG_LABEL),
                      *x->res.computed ? x->res.computed : "cannot be computed");
            if (x->res.rag != PEEL_FRAG_NONE)
                peel_html(&r->out, " <span class=\"rag rag--%s\">%s</span>",
                          peel_frag_name(x->res.rag), peel_frag_name(x->res.rag));
            peel_html_lit(&r->out, "</li>");
        }
        peel_html_lit(&r->out, "</ul></section>\n");
    }
    peel_flist_release(&l);
    return 0;
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
        peel_html_lit(&r->out, "<section class=\"panel\" id=\"panel-figures\">"
                               "<h2 class=\"heading-m\">Figures to look at</h2>\n"
                               "<ul class=\"list\">");
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

