/* sections_core.c - the generated sections the register and the crime
 * engine supply to papers (render/section.h): the CGB report, the work
 * programme, the recommendations, the HMICFRS 56-day figure and a
 * district's performance pack.  Each builds the view it already has for
 * the reader and moves its blocks under the section's heading. */
#include <stdio.h>
#include <string.h>

#include "app/sections_core.h"
#include "core/clock.h"
#include "core/date.h"
#include "crime/pack.h"
#include "domain/register.h"

/* A date parameter, or dflt when absent. */
static int date_param(const peel_section_args *a, const char *key, peel_date dflt, peel_date *out,
                      peel_err *err)
{
    char v[40];
    int rc = peel_section_param(a->params, key, v, sizeof v, err);
    if (rc < 0)
        return -1;
    *out = dflt;
    if (rc == 0)
        return 0;
    if (peel_date_parse_typed(v, strlen(v), out, err) < 0) {
        peel_err_prefix(err, "parameter %s", key);
        return -1;
    }
    return 0;
}

static int cgb(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
               peel_err *err)
{
    char body[200];
    peel_doc sub;
    peel_reg_report_opts o = {.from = a->from, .to = a->to, .reader = rd};

    if (peel_section_param(a->params, "board", body, sizeof body, err) < 0 ||
        date_param(a, "as_of", a->to, &o.asof, err) < 0)
        return -1;
    o.body = *body ? body : NULL;
    o.internal = peel_reader_sees_sensitive(rd);
    if (!o.from || !o.to)
        return peel_err_set(err, PEEL_EINPUT, "the CGB report needs the paper's period");
    if (peel_register_report_cgb(s, &o, &sub, err) < 0)
        return -1;
    peel_doc_take(d, &sub, a->level);
    return 0;
}

static int work_programme(peel_store *s, const peel_reader *rd, const peel_section_args *a,
                          peel_doc *d, peel_err *err)
{
    char body[200];
    peel_doc sub;
    if (peel_section_param(a->params, "body", body, sizeof body, err) < 0 ||
        peel_register_work_programme(s, rd, *body ? body : NULL, &sub, err) < 0)
        return -1;
    peel_doc_take(d, &sub, a->level);
    return 0;
}

static int recommendations(peel_store *s, const peel_reader *rd, const peel_section_args *a,
                           peel_doc *d, peel_err *err)
{
    peel_date asof;
    peel_doc sub;
    if (date_param(a, "as_of", a->to ? a->to : peel_clock_today(), &asof, err) < 0 ||
        peel_register_recommendations(s, rd, asof, &sub, err) < 0)
        return -1;
    peel_doc_take(d, &sub, a->level);
    return 0;
}

static int hmicfrs(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                   peel_err *err)
{
    char v[16];
    peel_fy fy = peel_fy_of_date(a->to ? a->to : peel_clock_today());
    peel_reg_hmicfrs h;
    peel_doc_table *t;

    int rc = peel_section_param(a->params, "fy", v, sizeof v, err);
    if (rc < 0 || (rc == 1 && peel_fy_parse(v, strlen(v), &fy, err) < 0)) {
        peel_err_prefix(err, "parameter fy");
        return -1;
    }
    if (peel_register_hmicfrs(s, rd, fy, &h, err) < 0)
        return -1;
    peel_doc_add(d, PEEL_BLOCK_PARA, 0, NULL, h.computed ? h.computed : "");
    if (h.undated && *h.undated)
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, h.undated);
    t = h.n ? peel_doc_table_add(d, "Responses to HMICFRS reports and the 56-day rule", 5, 1, true)
            : NULL;
    if (t) {
        const char *head[] = {"Report", "Published", "Response due", "Responded", "Days"};
        peel_doc_table_row(d, t, head);
        peel_doc_table_numeric(d, t, 4);
    }
    for (size_t i = 0; t && i < h.n; i++) {
        const peel_reg_pub *p = &h.v[i];
        char pub[32] = "", due[32] = "", resp[32] = "", days[16] = "";
        if (p->has_published) {
            peel_date_format_long(p->published, pub);
            peel_date_format_long(p->due, due);
        }
        if (p->has_response)
            peel_date_format_long(p->response, resp);
        if (p->has_published && p->has_response)
            snprintf(days, sizeof days, "%d", p->days);
        const char *row[] = {p->title, pub, due, resp, days};
        peel_doc_table_row(d, t, row);
    }
    peel_register_hmicfrs_free(&h);
    return 0;
}

static int crime_pack(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                      peel_err *err)
{
    char area[200], from[16], to[16];
    peel_crime_pack_opts o = {0};
    peel_doc sub;
    (void)rd; /* street crime data is public */

    if (peel_section_param(a->params, "area", area, sizeof area, err) < 0 ||
        peel_section_param(a->params, "from", from, sizeof from, err) < 0 ||
        peel_section_param(a->params, "to", to, sizeof to, err) < 0)
        return -1;
    if (!*area)
        return peel_err_set(err, PEEL_EINPUT, "parameter area: say which district (area=Melton)");
    o.view.area = area;
    o.view.from = *from ? from : NULL;
    o.view.to = *to ? to : NULL;
    if (peel_crime_pack_doc(s, &o, &sub, err) < 0)
        return -1;
    peel_doc_take(d, &sub, a->level);
    return 0;
}

const peel_section_decl peel_sections_register[] = {
    {"cgb-report", "The Corporate Governance Board report: meetings, items and actions arising",
     "board=NAME (default the Corporate Governance Board); as_of=DATE (default the period's "
     "end)",
     cgb},
    {"work-programme", "The Panel's work programme by meeting",
     "body=NAME (default the Police and Crime Panel)", work_programme},
    {"recommendations", "Recommendations with their responses and status",
     "as_of=DATE (default the period's end)", recommendations},
    {"hmicfrs", "Responses to HMICFRS reports within 56 days",
     "fy=YYYY-YY (default the financial year of the period's end)", hmicfrs},
    {0},
};

const peel_section_decl peel_sections_crime[] = {
    {"crime-pack", "A district's crime performance pack",
     "area=NAME or code (required); from=YYYY-MM; to=YYYY-MM", crime_pack},
    {0},
};
