/* pages_register.c - the accountability register's own pages: the action
 * tracker (with its CSV download), the statutory calendar (with its .ics
 * download) and the CGB report to the Panel.  The figures and the report's
 * content model come from src/domain/register*.c; this file reads the query,
 * asks policy.c what the reader may see and writes HTML through
 * render/html.h.
 *
 * The routes are declared here, in peel_routes_register, and listed in
 * server.c's peel_route_tables, whose dispatch does identity, the access
 * rule each route names, and the read transaction.  Access:
 *   tracker   staff only: it names owners, carries internal notes and shows
 *             OFFICIAL-SENSITIVE actions (marked)
 *   calendar  everyone: the statutory precept timetable, plus the deadlines
 *             and meetings whose records the reader may see
 *   CGB       everyone: staff get the internal version (sensitive blocks
 *             marked, banner shown); panel and public the public version,
 *             built without sensitive text and without records they may
 *             not see
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/csv.h"
#include "core/date.h"
#include "domain/register.h"
#include "render/html.h"
#include "web/http.h"
#include "web/policy.h"

/* ---- query helpers ---- */

/* A query argument, NULL when absent or empty. */
static const char *arg(peel_req *r, const char *name)
{
    const char *v = peel_req_arg(r, name);
    return v && *v ? v : NULL;
}

/* Refuses a query parameter not in names[] or not valid UTF-8 (answers 400
 * itself and returns false). */
static bool args_known(peel_req *r, const char *const *names)
{
    for (size_t i = 0; i < r->nargs; i++) {
        const peel_kv *a = &r->args[i];
        bool ok = false;
        for (size_t k = 0; names[k] && !ok; k++)
            ok = !strcmp(a->name, names[k]);
        if (!ok) {
            peel_req_error(r, 400, "unknown_parameter", NULL,
                           "'%.60s' is not a parameter of this page", a->name);
            return false;
        }
        if (!peel_utf8_valid(a->value, strlen(a->value), NULL)) {
            peel_req_error(r, 400, "bad_query", NULL, "a query parameter is not valid UTF-8");
            return false;
        }
    }
    return true;
}

/* A date parameter (default dflt); answers 400 itself and returns false when
 * it is not a date. */
static bool date_param(peel_req *r, const char *name, peel_date dflt, peel_date *out)
{
    const char *v = arg(r, name);
    peel_err e = PEEL_ERR_INIT;
    *out = dflt;
    if (!v)
        return true;
    if (peel_date_parse(v, strlen(v), out, &e) < 0) {
        peel_req_error(r, 400, "bad_query", name, "%s: %s", name, e.msg);
        return false;
    }
    return true;
}

/* The year parameter (default this year). */
static bool year_param(peel_req *r, int *year)
{
    const char *v = arg(r, "year");
    long long y;
    int m, d;
    peel_date_to_ymd(peel_clock_today(), year, &m, &d);
    if (!v)
        return true;
    if (!peel_str_to_i64(peel_str_c(v), &y) || y < 1900 || y > 2999) {
        peel_req_error(r, 400, "bad_query", "year", "year: '%.20s' is not a year from 1900 to 2999",
                       v);
        return false;
    }
    *year = (int)y;
    return true;
}

static void sep(peel_buf *b, bool *first)
{
    if (*first)
        peel_html_lit(b, "?");
    else
        peel_html_lit(b, "&amp;");
    *first = false;
}

/* The current query string again (for a download with the same filters). */
static void same_query(peel_req *r)
{
    bool first = true;
    for (size_t i = 0; i < r->nargs; i++) {
        if (!*r->args[i].value)
            continue;
        sep(&r->out, &first);
        peel_html(&r->out, "%q=%q", r->args[i].name, r->args[i].value);
    }
}

static int answer_download(peel_req *r, const char *ctype, const char *filename)
{
    if (r->out.failed) {
        peel_buf_reset(&r->out);
        r->out.failed = false;
        return peel_req_error(r, 500, "internal", NULL, "the download is too large");
    }
    peel_req_add_header(r, "Content-Disposition",
                        peel_pool_printf(r->pool, "attachment; filename=\"%s\"", filename));
    r->status = 200;
    r->ctype = ctype;
    r->answered = true;
    return 0;
}

/* ---- action tracker ---- */

static const char *const action_args[] = {"show", "body", "owner", "organisation", "objective",
                                          "as_of", NULL};

/* Reads the tracker's filters; false when it answered (bad input). */
static bool action_filter(peel_req *r, peel_reg_action_filter *f)
{
    const char *show = arg(r, "show"), *org = arg(r, "organisation");
    const peel_field *of = peel_type_field(&peel_type_action, "organisation");

    memset(f, 0, sizeof *f);
    if (!args_known(r, action_args) || !date_param(r, "as_of", peel_clock_today(), &f->asof))
        return false;
    if (show && !strcmp(show, "open")) {
        f->open_only = true;
    } else if (show && !strcmp(show, "overdue")) {
        f->overdue_only = true;
    } else if (show && strcmp(show, "all") != 0) {
        peel_req_error(r, 400, "bad_query", "show", "show must be all, open or overdue");
        return false;
    }
    if (org) {
        bool ok = false;
        for (size_t i = 0; of && of->enum_values && of->enum_values[i] && !ok; i++)
            ok = !strcmp(of->enum_values[i], org);
        if (!ok) {
            peel_req_error(r, 400, "bad_query", "organisation",
                           "organisation: '%.40s' is not one of the organisations", org);
            return false;
        }
    }
    f->body = arg(r, "body");
    f->owner = arg(r, "owner");
    f->organisation = org;
    f->objective = arg(r, "objective");
    f->include_sensitive = peel_policy_sees_sensitive(r->role);
    return true;
}

static const char *rag_label(enum peel_rag g)
{
    switch (g) {
    case PEEL_RAG_RED:
        return "Red";
    case PEEL_RAG_AMBER:
        return "Amber";
    case PEEL_RAG_GREEN:
        return "Green";
    default:
        return "None";
    }
}

static void date_cell(peel_req *r, bool has, peel_date d)
{
    char s[11];
    if (!has) {
        peel_html_lit(&r->out, "<td>Not recorded</td>");
        return;
    }
    peel_date_format(d, s);
    peel_html(&r->out, "<td>%s</td>", s);
}

/* A select of a table's names (bodies, objectives) for the filter form. */
static int names_select(peel_req *r, const peel_type *t, const char *name, const char *label,
                        const char *value, peel_err *err)
{
    peel_reg_table tb;
    if (peel_reg_table_load(r->store, t, &tb, err) < 0)
        return -1;
    peel_html(&r->out, "<div class=\"form-group\"><label for=\"filter-%s\">%s</label>"
                       "<select id=\"filter-%s\" name=\"%s\"><option value=\"\">Any</option>",
              name, label, name, name);
    for (size_t i = 0; i < tb.n; i++) {
        const char *n = peel_reg_s(tb.v[i], "name");
        if (!peel_policy_record_visible(r->role, tb.v[i]) || !*n)
            continue;
        peel_html(&r->out, "<option%s>%s</option>", value && !strcmp(value, n) ? " selected" : "",
                  n);
    }
    peel_html_lit(&r->out, "</select></div>\n");
    peel_reg_table_free(&tb);
    return 0;
}

static int action_form(peel_req *r, const peel_reg_action_filter *f, peel_err *err)
{
    static const char *const shows[] = {"all", "open", "overdue"};
    static const char *const show_labels[] = {"All actions", "Open", "Overdue"};
    const char *show = arg(r, "show") ? arg(r, "show") : "all";
    const peel_field *of = peel_type_field(&peel_type_action, "organisation");
    char asof[11];

    peel_html_lit(&r->out, "<form class=\"filters\" method=\"get\" action=\"/register/actions\">"
                           "<fieldset>\n<legend class=\"visually-hidden\">Filter actions</legend>\n"
                           "<div class=\"form-group\"><label for=\"filter-show\">Show</label>"
                           "<select id=\"filter-show\" name=\"show\">");
    for (size_t i = 0; i < 3; i++)
        peel_html(&r->out, "<option value=\"%s\"%s>%s</option>", shows[i],
                  !strcmp(show, shows[i]) ? " selected" : "", show_labels[i]);
    peel_html_lit(&r->out, "</select></div>\n");
    if (names_select(r, &peel_type_body, "body", "Body", f->body, err) < 0)
        return -1;
    peel_html(&r->out, "<div class=\"form-group\"><label for=\"filter-owner\">Owner</label>"
                       "<input class=\"input\" id=\"filter-owner\" name=\"owner\" type=\"text\" "
                       "value=\"%s\"></div>\n",
              f->owner ? f->owner : "");
    peel_html_lit(&r->out, "<div class=\"form-group\"><label for=\"filter-organisation\">"
                           "Organisation</label><select id=\"filter-organisation\" "
                           "name=\"organisation\"><option value=\"\">Any</option>");
    for (size_t i = 0; of && of->enum_values && of->enum_values[i]; i++)
        peel_html(&r->out, "<option value=\"%s\"%s>%s</option>", of->enum_values[i],
                  f->organisation && !strcmp(f->organisation, of->enum_values[i]) ? " selected"
                                                                                  : "",
                  of->enum_labels ? of->enum_labels[i] : of->enum_values[i]);
    peel_html_lit(&r->out, "</select></div>\n");
    if (names_select(r, &peel_type_objective, "objective", "Plan objective", f->objective, err) <
        0)
        return -1;
    peel_date_format(f->asof, asof);
    peel_html(&r->out, "<div class=\"form-group\"><label for=\"filter-as_of\">Status on</label>"
                       "<span class=\"hint\" id=\"filter-as_of-hint\">A date, for example "
                       "2023-10-09</span><input class=\"input input--narrow\" id=\"filter-as_of\" "
                       "name=\"as_of\" type=\"text\" aria-describedby=\"filter-as_of-hint\" "
                       "value=\"%s\"></div>\n",
              asof);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Apply filters"
                           "</button></form>\n");
    return 0;
}

static int reg_page_actions(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_reg_action_filter f;
    peel_reg_actions a;
    size_t open = 0, overdue = 0, rag[4] = {0};
    char when[32];
    (void)p;

    if (!action_filter(r, &f))
        return 0;
    if (peel_register_actions(r->store, &f, &a, err) < 0)
        return -1;
    for (size_t i = 0; i < a.n; i++) {
        open += !peel_action_status_closed(a.v[i].status);
        overdue += a.v[i].overdue;
        rag[a.v[i].rag]++;
    }
    peel_date_format_long(a.asof, when);
    peel_page_begin(r, "Action tracker");
    peel_html_lit(&r->out, "<h1 class=\"heading-l\">Action tracker</h1>\n"
                           "<p class=\"body\">Actions arising from meetings, Panel and HMICFRS "
                           "recommendations. RAG: red when past its due date and not completed or "
                           "cancelled; amber when due within 14 days or no due date is recorded; "
                           "green otherwise; none once completed or cancelled.</p>\n");
    if (action_form(r, &f, err) < 0) {
        peel_register_actions_free(&a);
        return -1;
    }
    peel_html(&r->out, "<p class=\"body\" role=\"status\" id=\"counts\">%lld action%s, %lld open, "
                       "%lld overdue, on %s. RAG: %lld red, %lld amber, %lld green.</p>\n",
              (long long)a.n, a.n == 1 ? "" : "s", (long long)open, (long long)overdue, when,
              (long long)rag[PEEL_RAG_RED], (long long)rag[PEEL_RAG_AMBER],
              (long long)rag[PEEL_RAG_GREEN]);
    peel_html_lit(&r->out, "<div class=\"actions\"><a href=\"/register/actions.csv");
    same_query(r);
    peel_html_lit(&r->out, "\">Download these actions as CSV</a></div>\n");
    if (a.n) {
        peel_html_lit(&r->out,
                      "<div class=\"table-wrap\"><table class=\"tracker\">\n<caption "
                      "class=\"visually-hidden\">Actions</caption>\n<thead><tr>"
                      "<th scope=\"col\">Ref</th><th scope=\"col\">Action</th>"
                      "<th scope=\"col\">Body</th><th scope=\"col\">Owner</th>"
                      "<th scope=\"col\">Raised</th><th scope=\"col\">Due</th>"
                      "<th scope=\"col\">Status</th><th scope=\"col\">RAG</th>"
                      "<th scope=\"col\">Age (days)</th></tr></thead>\n<tbody>\n");
    }
    for (size_t i = 0; i < a.n; i++) {
        const peel_reg_action *x = &a.v[i];
        char since[11];
        peel_html(&r->out, "<tr><td><a href=\"/records/action/%lld\">%s</a>", (long long)x->id,
                  x->ref);
        if (x->sensitive)
            peel_page_sensitive_tag(r);
        peel_html(&r->out, "</td><td>%s</td><td>%s</td><td>%s", x->title, x->body, x->owner);
        if (*x->organisation)
            peel_html(&r->out, "%s<span class=\"hint\">%s</span>", *x->owner ? " " : "",
                      x->organisation);
        peel_html_lit(&r->out, "</td>");
        date_cell(r, true, x->raised);
        date_cell(r, x->has_due, x->due);
        peel_date_format(x->status_date, since);
        peel_html(&r->out, "<td>%s", peel_action_status_labels[x->status]);
        if (x->status_date != x->raised)
            peel_html(&r->out, " since %s", since);
        if (x->overdue)
            peel_html_lit(&r->out, " <strong class=\"tag\">Overdue</strong>");
        peel_html(&r->out, "</td><td><span class=\"rag rag--%s\">%s</span></td><td>%d</td></tr>\n",
                  x->rag == PEEL_RAG_NONE ? "none" : peel_rag_name(x->rag), rag_label(x->rag),
                  x->age_days);
    }
    if (a.n)
        peel_html_lit(&r->out, "</tbody></table></div>\n");
    peel_register_actions_free(&a);
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

static void csv_cell(peel_buf *b, const char *s, bool last)
{
    peel_csv_put_field(b, s, strlen(s));
    peel_buf_puts(b, last ? "\r\n" : ",");
}

static int reg_page_actions_csv(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const head[] = {"ref",      "title",        "body",    "meeting",
                                       "owner",    "organisation", "raised",  "due",
                                       "status",   "status_since", "overdue", "rag",
                                       "age_days", "objectives",   "classification"};
    enum { NCOLS = sizeof head / sizeof head[0] };
    peel_reg_action_filter f;
    peel_reg_actions a;
    (void)p;

    if (!action_filter(r, &f))
        return 0;
    if (peel_register_actions(r->store, &f, &a, err) < 0)
        return -1;
    for (size_t k = 0; k < NCOLS; k++)
        csv_cell(&r->out, head[k], k + 1 == NCOLS);
    for (size_t i = 0; i < a.n; i++) {
        const peel_reg_action *x = &a.v[i];
        char raised[11], due[11] = "", since[11], age[16];
        peel_date_format(x->raised, raised);
        if (x->has_due)
            peel_date_format(x->due, due);
        peel_date_format(x->status_date, since);
        snprintf(age, sizeof age, "%d", x->age_days);
        const char *cells[NCOLS] = {
            x->ref,     x->title,        x->body,  x->meeting,
            x->owner,   x->organisation, raised,   due,
            peel_action_status_values[x->status], since, x->overdue ? "yes" : "no",
            peel_rag_name(x->rag), age, x->objectives,
            peel_class_values[x->sensitive ? PEEL_OFFICIAL_SENSITIVE : PEEL_OFFICIAL]};
        for (size_t k = 0; k < NCOLS; k++)
            csv_cell(&r->out, cells[k], k + 1 == NCOLS);
    }
    peel_register_actions_free(&a);
    return answer_download(r, "text/csv; charset=utf-8", "actions.csv");
}

/* ---- statutory calendar ---- */

static const char *const calendar_args[] = {"year", NULL};

static const char *kind_label(const char *kind)
{
    if (!strcmp(kind, "precept"))
        return "Precept";
    if (!strcmp(kind, "hmicfrs"))
        return "HMICFRS";
    if (!strcmp(kind, "recommendation"))
        return "Recommendation";
    if (!strcmp(kind, "meeting"))
        return "Meeting";
    return kind;
}

static int reg_page_calendar(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_reg_calendar c;
    int year;
    char title[48];
    (void)p;

    if (!args_known(r, calendar_args) || !year_param(r, &year))
        return 0;
    if (peel_register_calendar_for(r->store, year, peel_policy_visible, &r->role, &c, err) < 0)
        return -1;
    snprintf(title, sizeof title, "Statutory calendar %d", year);
    peel_page_begin(r, title);
    peel_html(&r->out, "<h1 class=\"heading-l\">Statutory calendar %d</h1>\n"
                       "<p class=\"body\">The precept timetable, HMICFRS response deadlines "
                       "(56 days after publication), response dates of recommendations, and "
                       "meetings. A statutory date that falls on a weekend or bank holiday is "
                       "kept as the law gives it, with a note.</p>\n"
                       "<div class=\"actions\"><a class=\"button\" "
                       "href=\"/register/calendar.ics?year=%d\">Download %d as iCalendar (.ics)"
                       "</a><a href=\"/register/calendar?year=%d\">Previous year (%d)</a>"
                       "<a href=\"/register/calendar?year=%d\">Next year (%d)</a></div>\n",
              year, year, year, year - 1, year - 1, year + 1, year + 1);
    peel_html(&r->out, "<p class=\"body\" role=\"status\">%lld entr%s in %d.</p>\n",
              (long long)c.n, c.n == 1 ? "y" : "ies", year);
    peel_html(&r->out, "<div class=\"table-wrap\"><table>\n<caption class=\"visually-hidden\">"
                       "Statutory calendar %d</caption>\n<thead><tr><th scope=\"col\">Date</th>"
                       "<th scope=\"col\">Time</th><th scope=\"col\">Kind</th>"
                       "<th scope=\"col\">What</th><th scope=\"col\">Note</th></tr></thead>\n"
                       "<tbody>\n",
              year);
    for (size_t i = 0; i < c.n; i++) {
        const peel_reg_event *e = &c.v[i];
        char d[32];
        peel_date_format_long(e->date, d);
        peel_html(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s", d, e->time,
                  kind_label(e->kind), e->summary);
        if (e->tentative)
            peel_html_lit(&r->out, " <strong class=\"tag\">Only if the Panel vetoes</strong>");
        if (e->cancelled)
            peel_html_lit(&r->out, " <strong class=\"tag\">Cancelled</strong>");
        if (*e->location)
            peel_html(&r->out, "<br><span class=\"hint\">%s</span>", e->location);
        peel_html(&r->out, "</td><td>%s</td></tr>\n", e->note);
    }
    peel_html_lit(&r->out, "</tbody></table></div>\n");
    peel_register_calendar_free(&c);
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

static int reg_page_calendar_ics(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_reg_calendar c;
    int year, rc;
    (void)p;

    if (!args_known(r, calendar_args) || !year_param(r, &year))
        return 0;
    if (peel_register_calendar_for(r->store, year, peel_policy_visible, &r->role, &c, err) < 0)
        return -1;
    rc = peel_register_ics(&c, &r->out);
    peel_register_calendar_free(&c);
    (void)rc; /* a failure sticks in r->out */
    return answer_download(r, "text/calendar; charset=utf-8",
                           peel_pool_printf(r->pool, "peel-calendar-%d.ics", year));
}

/* ---- the CGB report to the Panel ---- */

static const char *const report_args[] = {"from", "to", "as_of", NULL};

static int reg_page_cgb(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_date today = peel_clock_today();
    peel_reg_report_opts o = {.visible = peel_policy_visible, .visible_ctx = &r->role};
    peel_doc d;
    char from[11], to[11], asof[11];
    (void)p;

    if (!args_known(r, report_args) ||
        !date_param(r, "from", peel_fy_first_day(peel_fy_of_date(today)), &o.from) ||
        !date_param(r, "to", today, &o.to) || !date_param(r, "as_of", today, &o.asof))
        return 0;
    if (o.from > o.to)
        return peel_req_error(r, 400, "bad_query", "from", "from: the period starts after it ends");
    o.internal = peel_policy_sees_sensitive(r->role);
    if (peel_register_report_cgb(r->store, &o, &d, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(err);
        return peel_req_error(r, 404, "not_found", NULL, "there is no Corporate Governance "
                                                         "Board to report on");
    }
    peel_date_format(o.from, from);
    peel_date_format(o.to, to);
    peel_date_format(o.asof, asof);
    peel_page_begin(r, o.internal ? "CGB report to the Panel (internal version)"
                                  : "CGB report to the Panel");
    peel_html(&r->out,
              "<form class=\"filters\" method=\"get\" action=\"/register/reports/cgb\"><fieldset>\n"
              "<legend>Period of the report</legend>\n"
              "<div class=\"form-group\"><label for=\"from\">Meetings from</label>"
              "<input class=\"input input--narrow\" id=\"from\" name=\"from\" type=\"text\" "
              "value=\"%s\"></div>\n"
              "<div class=\"form-group\"><label for=\"to\">to</label>"
              "<input class=\"input input--narrow\" id=\"to\" name=\"to\" type=\"text\" "
              "value=\"%s\"></div>\n"
              "<div class=\"form-group\"><label for=\"as_of\">Action status on</label>"
              "<input class=\"input input--narrow\" id=\"as_of\" name=\"as_of\" type=\"text\" "
              "value=\"%s\"></div>\n"
              "</fieldset><button class=\"button button--secondary\">Show the report</button>"
              "</form>\n<article class=\"report\">\n",
              from, to, asof);
    if (d.sensitive)
        r->sensitive_shown = true; /* the layout adds the banner top and bottom */
    peel_doc_html_body(&d, &r->out);
    peel_html_lit(&r->out, "</article>\n");
    peel_doc_free(&d);
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

/* ---- routes ---- */

const peel_route peel_routes_register[] = {
    {"GET", "/register/actions", reg_page_actions, PEEL_PAGE_STAFF, "Action tracker"},
    {"GET", "/register/actions.csv", reg_page_actions_csv, PEEL_PAGE_STAFF, NULL},
    {"GET", "/register/calendar", reg_page_calendar, PEEL_PAGE_EVERYONE,
     "Statutory calendar"},
    {"GET", "/register/calendar.ics", reg_page_calendar_ics, PEEL_PAGE_EVERYONE, NULL},
    {"GET", "/register/reports/cgb", reg_page_cgb, PEEL_PAGE_EVERYONE,
     "CGB report to the Panel"},
    {0},
};
