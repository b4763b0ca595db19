/* overview.c - /oversight: the office's scrutiny and governance activity in
 * a period, as the PCC's update report to the Panel gives it (seed 001,
 * "Scrutiny and Governance Activity"), each part's table from the records
 * the reader may open: custody visits made, the scrutiny panels' cases,
 * complaint reviews, FOI requests, the decisions made and the publication
 * scheme on the period's last day.  What the papers print for the same
 * work is reconciled on /figures. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/vec.h"
#include "figures/compute.h"
#include "figures/figure.h"
#include "model/records.h"
#include "oversight/cmds.h"
#include "oversight/complaints.h"
#include "oversight/custody.h"
#include "oversight/decisions.h"
#include "oversight/foi.h"
#include "oversight/ovrows.h"
#include "oversight/scrutiny.h"
#include "oversight/view.h"
#include "render/html.h"

static void section(peel_req *r, const char *id, const char *heading, const char *href,
                    const char *more)
{
    peel_html(&r->out,
              "<h2 class=\"heading-m\" id=\"%s\">%s</h2>\n<p class=\"body\"><a href=\"%s\">%s"
              "</a></p>\n",
              id, heading, href, more);
}

typedef struct dec_ctx {
    peel_date from, to;
    int64_t made, published;
} dec_ctx;

static int count_decision(void *ctx, const peel_record *rec, peel_err *err)
{
    dec_ctx *c = ctx;
    (void)err;
    if (rec->v[PEEL_DEC_MADE_ON].i < c->from || rec->v[PEEL_DEC_MADE_ON].i > c->to)
        return 0;
    c->made++;
    c->published += rec->v[PEEL_DEC_PUBLISHED_ON].set;
    return 0;
}

/* The parts' views for the period; -1 only on a store or memory error. */
static int parts(peel_req *r, peel_date from, peel_date to, const char *a, const char *b,
                 peel_err *err)
{
    const peel_reader *rd = peel_req_reader(r);
    peel_ovs_table made = {0}, scr = {0};
    peel_ov_rows cmp = {0}, foi = {0};
    peel_scheme_states sch = {0};
    char href[160], caption[200];
    int rc = -1;

    if (peel_custody_made(r->store, rd, from, to, &made, err) < 0 ||
        peel_scrutiny_view(r->store, rd, from, to, &scr, err) < 0 ||
        peel_complaints_view(r->store, rd, from, to, &cmp, err) < 0 ||
        peel_foi_view(r->store, rd, from, to, &foi, err) < 0 ||
        peel_scheme_on(r->store, rd, to, &sch, err) < 0)
        goto out;
    if (made.failed || scr.failed) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory building the page");
        goto out;
    }
    snprintf(href, sizeof href, "/oversight/custody?from=%s&to=%s", a, b);
    section(r, "custody", "Custody visiting", href, "Custody visiting in full");
    peel_ovs_html(r, &made, "No visits in the period.");
    snprintf(href, sizeof href, "/oversight/scrutiny?from=%s&to=%s", a, b);
    section(r, "scrutiny", "Scrutiny panels", href, "The scrutiny panels in full");
    peel_ovs_html(r, &scr, "No scrutiny panel meeting in the period.");
    snprintf(href, sizeof href, "/oversight/complaints?from=%s&to=%s", a, b);
    section(r, "complaints", "Complaint reviews", href, "Complaint reviews in full");
    snprintf(caption, sizeof caption, "Complaint reviews from %s to %s%s", a, b,
             peel_ov_reader_note(rd));
    peel_ov_rows_html(r, "complaint-reviews", caption, &cmp);
    snprintf(href, sizeof href, "/oversight/foi?from=%s&to=%s", a, b);
    section(r, "foi", "Freedom of Information requests", href, "FOI requests in full");
    peel_html_lit(&r->out, "<p class=\"body\"><a href=\"/oversight/foi/disclosure-log\">The "
                           "disclosure log</a>: the responses released.</p>\n");
    snprintf(caption, sizeof caption, "FOI requests from %s to %s%s", a, b,
             peel_ov_reader_note(rd));
    peel_ov_rows_html(r, "foi-requests", caption, &foi);

    /* the decisions made in the period, and the scheme on its last day */
    peel_filter f[PEEL_READER_MAX_FILTERS];
    size_t nf = peel_reader_filters(rd, &peel_type_decision, f);
    dec_ctx dc = {.from = from, .to = to};
    if (peel_store_select(r->store,
                          &(peel_query){.type = &peel_type_decision, .filters = f, .nfilters = nf},
                          count_decision, &dc, err) < 0)
        goto out;
    section(r, "decisions", "Decisions and the publication scheme", "/oversight/decisions",
            "The decisions register");
    peel_html_lit(&r->out, "<p class=\"body\"><a href=\"/oversight/scheme\">The publication "
                           "scheme</a>: what must be published, and when.</p>\n");
    int64_t late = 0, missing = 0, on_time = 0;
    for (size_t i = 0; i < sch.n; i++) {
        late += sch.v[i].late;
        missing += sch.v[i].missing;
        on_time += sch.v[i].on_time;
    }
    peel_html(&r->out,
              "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Decisions and "
              "the publication scheme\"><table id=\"oversight-decisions\">\n<caption "
              "class=\"heading-s\">Decisions made from %s to %s, and the publication scheme on "
              "%s</caption>\n<thead><tr><th scope=\"col\">Item</th><th scope=\"col\" "
              "class=\"num\">Count</th></tr></thead>\n<tbody>\n"
              "<tr><th scope=\"row\">Decisions made</th><td class=\"num\">%lld</td></tr>\n"
              "<tr><th scope=\"row\">Of which published</th><td class=\"num\">%lld</td></tr>\n"
              "<tr><th scope=\"row\">Publication scheme classes</th><td class=\"num\">%lld</td>"
              "</tr>\n<tr><th scope=\"row\">Periods published on time</th><td class=\"num\">%lld"
              "</td></tr>\n<tr><th scope=\"row\">Periods published late</th><td class=\"num\">"
              "%lld</td></tr>\n<tr><th scope=\"row\">Periods due and not published</th>"
              "<td class=\"num\">%lld</td></tr>\n</tbody></table></div>\n",
              a, b, b, (long long)dc.made, (long long)dc.published, (long long)sch.n,
              (long long)on_time, (long long)late, (long long)missing);
    rc = 0;
out:
    peel_ovs_table_release(&made);
    peel_ovs_table_release(&scr);
    peel_ov_rows_release(&cmp);
    peel_ov_rows_release(&foi);
    peel_vec_release(&sch);
    return rc;
}

/* Every figure the papers print for a period inside from..to, printed and
 * computed side by side with its status: the papers' own account of the
 * same period, reconciled with the records. */
static int printed(peel_req *r, peel_date from, peel_date to, const char *a, const char *b,
                   peel_err *err)
{
    peel_flist l = {0};
    size_t n = 0;

    if (peel_figures_list(r->store, peel_req_reader(r), &(peel_fquery){.status = -1}, &l, err) < 0)
        return -1;
    peel_html(&r->out,
              "<h2 class=\"heading-m\" id=\"printed\">What the papers print for %s to %s</h2>\n"
              "<p class=\"body\">Every figure a paper prints for a period inside this one, as "
              "printed and as computed from the records, with whether they agree.</p>\n"
              "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"What the "
              "papers print\"><table id=\"oversight-printed\">\n<caption class=\"visually-hidden\">"
              "Figures printed for the period</caption>\n<thead><tr><th scope=\"col\">Figure</th>"
              "<th scope=\"col\">Paper</th><th scope=\"col\" class=\"num\">Printed</th>"
              "<th scope=\"col\" class=\"num\">Computed</th><th scope=\"col\">Status</th></tr>"
              "</thead>\n<tbody>\n",
              a, b);
    for (size_t i = 0; i < l.n; i++) {
        const peel_record *f = l.v[i].fig;
        const peel_fresult *res = &l.v[i].res;
        if (!f->v[PEEL_FIG_PERIOD_FROM].set || !f->v[PEEL_FIG_PERIOD_TO].set ||
            f->v[PEEL_FIG_PERIOD_FROM].i < from || f->v[PEEL_FIG_PERIOD_TO].i > to ||
            !*peel_record_text_at(f, PEEL_FIG_PRINTED))
            continue;
        n++;
        peel_html(&r->out,
                  "<tr><th scope=\"row\"><a href=\"/figures/%q\">%s</a></th><td>%s, %s</td>"
                  "<td class=\"num\">%s</td><td class=\"num\">%s</td><td>%s</td></tr>\n",
                  peel_record_text_at(f, PEEL_FIG_KEY), peel_record_text_at(f, PEEL_FIG_LABEL),
                  peel_record_text_at(f, PEEL_FIG_PAPER), peel_record_text_at(f, PEEL_FIG_PLACE),
                  peel_record_text_at(f, PEEL_FIG_PRINTED),
                  *res->computed ? res->computed : "not computed", peel_fstatus_label(res->status));
    }
    if (!n)
        peel_html_lit(&r->out,
                      "<tr><td colspan=\"5\">No paper prints a figure for a period inside this "
                      "one.</td></tr>\n");
    peel_html_lit(&r->out, "</tbody></table></div>\n");
    peel_flist_release(&l);
    return 0;
}

int peel_oversight_page_overview(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const args[] = {"from", "to", NULL};
    peel_date today = peel_clock_today();
    peel_date from, to;
    char a[11], b[11];
    (void)p;

    peel_params_allowed(r, args);
    peel_param_date(r, "from", "From", peel_fy_first_day(peel_fy_of_date(today)), &from);
    peel_param_date(r, "to", "To", today, &to);
    if (!r->nproblems && to < from)
        peel_param_problem(r, "to", "To", "must not be before From");
    peel_page_begin(r, r->nproblems ? "Error: Oversight" : "Oversight");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Oversight</h1>\n<p class=\"body\">What the "
                  "Commissioner's office checks on behalf of the public, and what it publishes, "
                  "in the period: custody visits, the scrutiny panels, complaint reviews, Freedom "
                  "of Information requests and decisions. First what the papers print for the "
                  "period, each figure beside what peel computes from the records (all figures "
                  "are under <a href=\"/figures\">Figures</a>); then each part, counted from the "
                  "records.</p>\n");
    peel_date_format(from, a);
    peel_date_format(to, b);
    peel_html_lit(&r->out, "<form class=\"filters\" method=\"get\" action=\"/oversight\">"
                           "<fieldset><legend class=\"visually-hidden\">The period</legend>\n");
    peel_page_param_input(r, "from", "From", "For example 2024-07-01", a);
    peel_page_param_input(r, "to", "To", "For example 2024-08-31", b);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
    if (!r->nproblems && (printed(r, from, to, a, b, err) < 0 || parts(r, from, to, a, b, err) < 0))
        return -1;
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}
