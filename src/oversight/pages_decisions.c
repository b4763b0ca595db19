/* pages_decisions.c - /oversight/decisions, the decisions register as the
 * reader may open it, each decision with its notices linked; and
 * /oversight/scheme, the publication scheme on a day (scheme.c). */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/money.h"
#include "core/vec.h"
#include "engagement/feeds.h"
#include "model/records.h"
#include "oversight/cmds.h"
#include "oversight/decisions.h"
#include "render/html.h"
#include "store/docs_db.h"

typedef struct dec_ctx {
    peel_req *r;
    size_t n;
} dec_ctx;

static int notice(void *ctx, const peel_attachment *a, peel_err *err)
{
    peel_req *r = ctx;
    (void)err;
    peel_html(&r->out, "<li><a href=\"/attachments/%lld\">%s</a> (%s)</li>", (long long)a->id,
              a->title, a->format);
    return 0;
}

static int dec_row(void *ctx, const peel_record *rec, peel_err *err)
{
    dec_ctx *c = ctx;
    peel_req *r = c->r;
    const peel_field *f = rec->type->fields;
    char made[11], pub[11], amount[32];
    size_t start;

    if (!peel_reader_record_visible(peel_req_reader(r), rec))
        return 0; /* the store's filters already hold; this is the gate itself */
    c->n++;
    peel_date_format((peel_date)rec->v[PEEL_DEC_MADE_ON].i, made);
    if (rec->v[PEEL_DEC_PUBLISHED_ON].set)
        peel_date_format((peel_date)rec->v[PEEL_DEC_PUBLISHED_ON].i, pub);
    if (rec->v[PEEL_DEC_AMOUNT].set)
        peel_money_format(rec->v[PEEL_DEC_AMOUNT].i, amount);
    peel_html(&r->out,
              "<tr><td><a href=\"/records/decision/%lld\">%s</a></td><th scope=\"row\">%s</th>"
              "<td>%s</td><td>%s</td><td class=\"num\">%s</td><td>%s</td><td>",
              (long long)rec->id, peel_record_text_at(rec, PEEL_DEC_NUMBER),
              peel_record_text_at(rec, PEEL_DEC_TITLE), made,
              peel_option_label(&f[PEEL_DEC_MAKER], peel_record_text_at(rec, PEEL_DEC_MAKER)),
              rec->v[PEEL_DEC_AMOUNT].set ? amount : "",
              rec->v[PEEL_DEC_PUBLISHED_ON].set ? pub : "Not recorded");
    peel_html_lit(&r->out, "<ul class=\"list\">");
    start = r->out.len;
    if (peel_docs_attachment_list(r->store, "decision", rec->id, notice, r, err) < 0)
        return -1;
    if (r->out.len == start)
        peel_html_lit(&r->out, "<li>None attached</li>");
    peel_html_lit(&r->out, "</ul></td></tr>\n");
    return 0;
}

int peel_oversight_page_decisions(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const none[] = {NULL};
    peel_filter f[PEEL_READER_MAX_FILTERS];
    size_t nf = peel_reader_filters(peel_req_reader(r), &peel_type_decision, f);
    dec_ctx c = {r, 0};
    (void)p;

    peel_params_allowed(r, none);
    if (r->nproblems)
        return peel_req_error(r, 400, "invalid", NULL, "%s", r->problems[0].msg);
    peel_page_alternate(r, "application/atom+xml", "/feeds/decisions.atom", "Decisions");
    peel_page_begin(r, "Decisions");
    peel_html_lit(
        &r->out,
        "<h1 class=\"heading-l\">Decisions</h1>\n<p class=\"body\">The decisions the "
        "Police and Crime Commissioner has made and published, newest first, each with "
        "its decision notice. <a href=\"/feeds/decisions.atom\">Follow the decisions (Atom "
        "feed)</a>. What must be published, and when, is under <a "
        "href=\"/oversight/scheme\">the publication scheme</a>.</p>\n"
        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Decisions\"><table "
        "id=\"decisions\">\n<caption "
        "class=\"visually-hidden\">Decisions</caption>\n<thead><tr>"
        "<th scope=\"col\">Number</th><th scope=\"col\">Decision</th>"
        "<th scope=\"col\">Made on</th><th scope=\"col\">By</th>"
        "<th scope=\"col\" class=\"num\">Amount</th><th scope=\"col\">Published on</th>"
        "<th scope=\"col\">Decision notice</th></tr></thead>\n<tbody>\n");
    if (peel_store_select(r->store,
                          &(peel_query){.type = &peel_type_decision,
                                        .filters = f,
                                        .nfilters = nf,
                                        .order = &peel_type_decision.fields[PEEL_DEC_MADE_ON],
                                        .desc = true},
                          dec_row, &c, err) < 0)
        return -1;
    if (!c.n)
        peel_html_lit(&r->out, "<tr><td colspan=\"7\">No decision is published yet.</td></tr>\n");
    peel_html_lit(&r->out, "</tbody></table></div>\n");
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

static const char *cadence_label(const char *value)
{
    return peel_option_label(&peel_type_scheme_class.fields[PEEL_SC_CADENCE], value);
}

int peel_oversight_page_scheme(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const args[] = {"on", NULL};
    peel_date on;
    peel_scheme_states v = {0};
    char day[11];
    (void)p;

    peel_params_allowed(r, args);
    peel_param_date(r, "on", "On", peel_clock_today(), &on);
    if (!r->nproblems && peel_scheme_on(r->store, peel_req_reader(r), on, &v, err) < 0)
        return -1;
    peel_date_format(on, day);
    peel_page_begin(r, r->nproblems ? "Error: Publication scheme" : "Publication scheme");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Publication scheme</h1>\n<p class=\"body\">What the "
                  "Elected Local Policing Bodies (Specified Information) Order 2011 requires the "
                  "Commissioner to publish, and when; for each class, the periods due by the day "
                  "below, each published on time, late or not yet, and when the next is due. "
                  "The office sets how many days after a period \"as soon as practicable\" "
                  "allows.</p>\n<form class=\"filters\" method=\"get\" "
                  "action=\"/oversight/scheme\"><fieldset><legend class=\"visually-hidden\">"
                  "The day</legend>\n");
    peel_page_param_input(r, "on", "On", "For example 2024-10-28", day);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
    if (!r->nproblems) {
        peel_html(&r->out,
                  "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"The "
                  "publication scheme\"><table id=\"scheme\">\n<caption class=\"heading-s\">"
                  "The publication scheme on %s</caption>\n<thead><tr>"
                  "<th scope=\"col\">Paragraph</th><th scope=\"col\">What</th>"
                  "<th scope=\"col\">When</th><th scope=\"col\" class=\"num\">Periods due</th>"
                  "<th scope=\"col\" class=\"num\">On time</th>"
                  "<th scope=\"col\" class=\"num\">Late</th>"
                  "<th scope=\"col\" class=\"num\">Not published</th>"
                  "<th scope=\"col\">Next due</th></tr></thead>\n<tbody>\n",
                  day);
        for (size_t i = 0; i < v.n; i++) {
            const peel_scheme_state *st = &v.v[i];
            char next[11] = "";
            if (st->next_due)
                peel_date_format(st->next_due, next);
            peel_html(&r->out,
                      "<tr><td><a href=\"/records/scheme_class/%lld\">%s</a></td>"
                      "<th scope=\"row\">%s</th><td>%s</td>",
                      (long long)st->id, st->ref, st->name, cadence_label(st->cadence));
            if (!strcmp(st->cadence, "as_made"))
                peel_html(&r->out,
                          "<td colspan=\"4\">As made: %lld publication%s recorded</td><td></td>",
                          (long long)st->other, st->other == 1 ? "" : "s");
            else
                peel_html(&r->out,
                          "<td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
                          "<td class=\"num\">%lld</td><td class=\"num\">%lld</td><td>%s</td>",
                          (long long)(st->on_time + st->late + st->missing), (long long)st->on_time,
                          (long long)st->late, (long long)st->missing, next);
            peel_html_lit(&r->out, "</tr>\n");
        }
        if (!v.n)
            peel_html_lit(&r->out, "<tr><td colspan=\"8\">No class is recorded.</td></tr>\n");
        peel_html_lit(&r->out, "</tbody></table></div>\n");
    }
    peel_vec_release(&v);
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}

static const peel_feed_spec decisions_feed = {
    "decisions", "Decisions", &peel_type_decision, PEEL_DEC_MADE_ON, PEEL_DEC_SUMMARY, NULL};

int peel_oversight_feed_decisions(peel_req *r, const peel_str *p, peel_err *err)
{
    (void)p;
    return peel_feed_records(r, &decisions_feed, err);
}
