/* pages_register.c - the accountability register's own pages: the action
 * tracker (list or counts by group, with a CSV download of either), the
 * statutory calendar (with its .ics download), the CGB report to the Panel
 * (with a standalone HTML download), the work programme, the
 * recommendations with their responses, and the HMICFRS 56-day figure.
 * The figures and the reports' content models come from
 * src/domain/register*.c, the same functions the commands use; this file
 * reads the query, passes the request's reader (model/reader.h) and writes HTML
 * through render/html.h.
 *
 * The routes are declared here, in peel_routes_register, and named by the
 * register module (src/app/module_register.c); the server's dispatch does
 * identity, the access rule each route names, and the read transaction.
 * Access:
 *   tracker   staff only: it names owners, carries internal notes and shows
 *             OFFICIAL-SENSITIVE actions (marked)
 *   calendar  everyone: the statutory precept timetable, plus the deadlines
 *             and meetings whose records the reader may see
 *   CGB       everyone: staff get the internal version (sensitive blocks
 *             marked, banner shown); panel and public the public version,
 *             built without sensitive text and without records they may
 *             not see.  The download is the public version unless staff
 *             ask for the internal one; the public version is built as the
 *             public sees it whoever asks, so what staff download to publish
 *             is what the public sees
 *   work programme, recommendations, HMICFRS
 *             everyone: built for the request's reader (model/reader.h),
 *             so panel and public see what is published and staff
 *             everything
 * Every form here is a GET filter that changes nothing, so none carries the
 * CSRF token (which belongs in POST bodies, never in a URL).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/pct.h"
#include "core/str.h"
#include "domain/register.h"
#include "model/records.h"
#include "render/html.h"
#include "web/http.h"
#include "web/policy.h"
#include "web/records.h"

/* ---- query helpers ---- */

/* A query argument, NULL when absent or empty (web/params.c reads them). */
static const char *arg(peel_req *r, const char *name)
{
    return peel_param_text(r, name);
}

/* The page's title, "Error: " first when a parameter did not read. */
static void begin_page(peel_req *r, const char *title)
{
    char t[160];
    snprintf(t, sizeof t, "%s%s", r->nproblems ? "Error: " : "", title);
    peel_page_begin(r, t);
    peel_page_error_summary(r, r->problems, r->nproblems);
}

/* 400 when a parameter did not read (the page showed its form again with
 * the problems), else 200. */
static int answer_page(peel_req *r)
{
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
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

static const char *const action_args[] = {"show",  "body", "owner", "organisation", "objective",
                                          "as_of", "by",   "from",  "to",           NULL};

/* The tracker's query: the filters of `peel actions` and, for the counts
 * by group (`--by`), the grouping and the period completions are counted in. */
typedef struct tracker_query {
    peel_reg_action_filter f;
    int by; /* enum peel_reg_by, or -1: the list of actions */
    peel_date from, to;
} tracker_query;

static const char *const by_values[] = {"body", "owner", "organisation", "objective", NULL};
static const char *const by_labels[] = {"Board or panel", "Owner", "Organisation", "Plan objective",
                                        NULL};

static const char *const shows[] = {"all", "open", "overdue", NULL};

/* Reads the tracker's filters; a bad one is recorded in r->problems. */
static void action_filter(peel_req *r, tracker_query *q, const char *const *names)
{
    peel_reg_action_filter *f = &q->f;
    const peel_field *of = peel_type_field(&peel_type_action, "organisation");
    const char *org_text;
    int show;

    memset(q, 0, sizeof *q);
    peel_params_allowed(r, names);
    peel_param_date(r, "as_of", "Status on", peel_clock_today(), &f->asof);
    peel_param_choice(r, "show", "Show", shows, &show);
    f->open_only = show == 1;
    f->overdue_only = show == 2;
    org_text = peel_param_text(r, "organisation");
    if (org_text && !peel_field_option(of, org_text))
        peel_param_problem(r, "organisation", "Organisation",
                           "Organisation: choose one of the options in the list");
    else
        f->organisation = org_text;
    peel_param_choice(r, "by", "Group by", by_values, &q->by);
    /* As `peel actions --by`: completions counted from the start of the
     * financial year to the status date unless a period is given. */
    if (peel_param_date(r, "to", "Completed to", f->asof, &q->to) &&
        peel_param_date(r, "from", "Completed from", peel_fy_first_day(peel_fy_of_date(q->to)),
                        &q->from) &&
        q->from > q->to)
        peel_param_problem(r, "from", "Completed from",
                           "Completed from: the period starts after it ends");
    f->body = arg(r, "body");
    f->owner = arg(r, "owner");
    f->objective = arg(r, "objective");
    f->reader = peel_req_reader(r);
    f->include_sensitive = peel_reader_sees_sensitive(f->reader);
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

/* An organisation as people read it ("Leicestershire Police" for "force"). */
static const char *organisation_label(const char *value)
{
    return peel_option_label(&peel_type_action.fields[PEEL_ACTION_ORGANISATION], value);
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

/* A select of a table's names (bodies, objectives) the reader may see, for a
 * filter form; `any` labels the empty choice (NULL: none). */
static int names_select(peel_req *r, const peel_type *t, const char *name, const char *label,
                        const char *any, const char *value, peel_err *err)
{
    peel_records tb;
    if (peel_records_load(r->store, t, &tb, err) < 0)
        return -1;
    peel_html(&r->out,
              "<div class=\"form-group\"><label for=\"filter-%s\">%s</label>"
              "<select id=\"filter-%s\" name=\"%s\">",
              name, label, name, name);
    if (any)
        peel_html(&r->out, "<option value=\"\">%s</option>", any);
    for (size_t i = 0; i < tb.n; i++) {
        const char *n = peel_record_text(tb.v[i], "name"),
                   *sn = peel_record_text(tb.v[i], "short_name");
        /* chosen by name or short name, in any case, as the register finds a body */
        bool chosen = value && (!strcasecmp(value, n) || (*sn && !strcasecmp(value, sn)));
        if (!peel_reader_record_visible(peel_req_reader(r), tb.v[i]) || !*n)
            continue;
        peel_html(&r->out, "<option%s>%s</option>", chosen ? " selected" : "", n);
    }
    peel_html_lit(&r->out, "</select></div>\n");
    peel_records_free(&tb);
    return 0;
}

/* A text input for a date, with its hint (what was typed, when it did not
 * read). */
static void date_input(peel_req *r, const char *name, const char *label, peel_date d)
{
    char v[11];
    peel_date_format(d, v);
    peel_page_param_input(r, name, label, "A date, for example 2023-10-09 or 09/10/2023", v);
}

static int action_form(peel_req *r, const tracker_query *q, peel_err *err)
{
    static const char *const show_labels[] = {"All actions", "Open", "Overdue"};
    const peel_reg_action_filter *f = &q->f;
    const char *show = arg(r, "show") ? arg(r, "show") : "all";
    const peel_field *of = peel_type_field(&peel_type_action, "organisation");

    peel_html_lit(&r->out, "<form class=\"filters\" method=\"get\" action=\"/register/actions\">"
                           "<fieldset>\n<legend class=\"visually-hidden\">Filter actions</legend>\n"
                           "<div class=\"form-group\"><label for=\"filter-show\">Show</label>"
                           "<select id=\"filter-show\" name=\"show\">");
    for (size_t i = 0; i < 3; i++)
        peel_html(&r->out, "<option value=\"%s\"%s>%s</option>", shows[i],
                  !strcmp(show, shows[i]) ? " selected" : "", show_labels[i]);
    peel_html_lit(&r->out, "</select></div>\n");
    if (names_select(r, &peel_type_body, "body", "Body", "Any", f->body, err) < 0)
        return -1;
    peel_html(&r->out,
              "<div class=\"form-group\"><label for=\"filter-owner\">Owner</label>"
              "<input class=\"input\" id=\"filter-owner\" name=\"owner\" type=\"text\" "
              "value=\"%s\"></div>\n",
              f->owner ? f->owner : "");
    peel_html_lit(&r->out, "<div class=\"form-group\"><label for=\"filter-organisation\">"
                           "Organisation</label><select id=\"filter-organisation\" "
                           "name=\"organisation\"><option value=\"\">Any</option>");
    for (const peel_option *o = of ? of->options : NULL; o && o->value; o++)
        peel_html(&r->out, "<option value=\"%s\"%s>%s</option>", o->value,
                  f->organisation && !strcmp(f->organisation, o->value) ? " selected" : "",
                  o->label ? o->label : o->value);
    peel_html_lit(&r->out, "</select></div>\n");
    if (names_select(r, &peel_type_objective, "objective", "Plan objective", "Any", f->objective,
                     err) < 0)
        return -1;
    date_input(r, "as_of", "Status on", f->asof);
    peel_html_lit(&r->out, "</fieldset>\n<fieldset>\n<legend>Counts by group</legend>\n"
                           "<div class=\"form-group\"><label for=\"filter-by\">Group by</label>"
                           "<select id=\"filter-by\" name=\"by\"><option value=\"\">No grouping: "
                           "list the actions</option>");
    for (int i = 0; by_values[i]; i++)
        peel_html(&r->out, "<option value=\"%s\"%s>%s</option>", by_values[i],
                  q->by == i ? " selected" : "", by_labels[i]);
    peel_html_lit(&r->out, "</select></div>\n");
    date_input(r, "from", "Completed from", q->from);
    date_input(r, "to", "Completed to", q->to);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Apply filters"
                           "</button></form>\n");
    return 0;
}

/* The tracker with the current filters, name=value in place of any such
 * filter, and no grouping: where a group's row leads. */
static void tracker_link(peel_req *r, const char *name, const char *value)
{
    static const char *const dropped[] = {"by", "from", "to", NULL};
    bool first = true;
    peel_html_lit(&r->out, "/register/actions");
    for (size_t i = 0; i < r->nargs; i++) {
        const peel_kv *a = &r->args[i];
        bool drop = !*a->value || !strcmp(a->name, name);
        for (size_t k = 0; dropped[k] && !drop; k++)
            drop = !strcmp(a->name, dropped[k]);
        if (drop)
            continue;
        sep(&r->out, &first);
        peel_html(&r->out, "%q=%q", a->name, a->value);
    }
    sep(&r->out, &first);
    peel_html(&r->out, "%q=%q", name, value);
}

/* The counts by group, as `peel actions --by` prints them. */
static int groups_table(peel_req *r, const tracker_query *q, const peel_reg_actions *a,
                        peel_err *err)
{
    static const char *const filter_of[] = {"body", "owner", "organisation", "objective"};
    peel_reg_groups g;
    char from[32], to[32];

    if (peel_register_group(a, (enum peel_reg_by)q->by, q->from, q->to, &g, err) < 0)
        return -1;
    peel_date_format_long(q->from, from);
    peel_date_format_long(q->to, to);
    if (!g.n) {
        peel_html_lit(&r->out, "<p class=\"body\">No actions match these filters.</p>\n");
        peel_register_groups_free(&g);
        return 0;
    }
    peel_html(&r->out,
              "<div class=\"table-wrap\"><table class=\"tracker\" id=\"groups\">\n"
              "<caption>Actions by %s; completed in the period from %s to %s</caption>\n"
              "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">Actions</th>"
              "<th scope=\"col\">Open</th><th scope=\"col\">Overdue</th>"
              "<th scope=\"col\">Completed</th><th scope=\"col\">Completed in the "
              "period</th><th scope=\"col\">Red</th><th scope=\"col\">Amber</th>"
              "<th scope=\"col\">Green</th></tr></thead>\n<tbody>\n",
              by_values[q->by], from, to, by_labels[q->by]);
    for (size_t i = 0; i < g.n; i++) {
        const peel_reg_group *x = &g.v[i];
        const char *name = q->by == PEEL_BY_ORGANISATION ? organisation_label(x->name) : x->name;
        peel_html_lit(&r->out, "<tr><th scope=\"row\">");
        if (strcmp(x->name, "(none)") != 0) {
            peel_html_lit(&r->out, "<a href=\"");
            tracker_link(r, filter_of[q->by], x->name);
            peel_html(&r->out, "\">%s</a>", name);
        } else {
            peel_html(&r->out, "%s", name);
        }
        peel_html(&r->out,
                  "</th><td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td>"
                  "<td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td></tr>\n",
                  (long long)x->total, (long long)x->open, (long long)x->overdue,
                  (long long)x->completed, (long long)x->completed_in_period, (long long)x->red,
                  (long long)x->amber, (long long)x->green);
    }
    peel_html_lit(&r->out, "</tbody></table></div>\n");
    peel_register_groups_free(&g);
    return 0;
}

static void actions_table(peel_req *r, const peel_reg_actions *a)
{
    if (!a->n)
        return;
    peel_html_lit(&r->out, "<div class=\"table-wrap\"><table class=\"tracker\">\n<caption "
                           "class=\"visually-hidden\">Actions</caption>\n<thead><tr>"
                           "<th scope=\"col\">Ref</th><th scope=\"col\">Action</th>"
                           "<th scope=\"col\">Body</th><th scope=\"col\">Owner</th>"
                           "<th scope=\"col\">Raised</th><th scope=\"col\">Due</th>"
                           "<th scope=\"col\">Status</th><th scope=\"col\">RAG</th>"
                           "<th scope=\"col\">Age (days)</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < a->n; i++) {
        const peel_reg_action *x = &a->v[i];
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
        peel_html(&r->out, "<td>%s", peel_action_statuses[x->status].label);
        if (x->status_date != x->raised)
            peel_html(&r->out, " since %s", since);
        if (x->overdue)
            peel_html_lit(&r->out, " <strong class=\"tag\">Overdue</strong>");
        peel_html(&r->out, "</td><td><span class=\"rag rag--%s\">%s</span></td><td>%d</td></tr>\n",
                  x->rag == PEEL_RAG_NONE ? "none" : peel_rag_name(x->rag), rag_label(x->rag),
                  x->age_days);
    }
    peel_html_lit(&r->out, "</tbody></table></div>\n");
}

#define TRACKER_INTRO                                                                              \
    "<h1 class=\"heading-l\">Action tracker</h1>\n"                                                \
    "<p class=\"body\">Actions arising from meetings, Panel and HMICFRS recommendations. "         \
    "RAG: red when past its due date and not completed or cancelled; amber when due "              \
    "within 14 days or no due date is recorded; green otherwise; none once completed or "          \
    "cancelled.</p>\n"

/* The tracker: its form, then the actions or their counts by group; when
 * a filter did not read, the form again with the problems and no figures. */
static int tracker_page(peel_req *r, const tracker_query *q, peel_err *err)
{
    peel_reg_actions a;
    size_t open = 0, overdue = 0, rag[4] = {0};
    char when[32];
    int rc = 0;

    if (r->nproblems) {
        begin_page(r, "Action tracker");
        peel_html_lit(&r->out, TRACKER_INTRO);
        if (action_form(r, q, err) < 0)
            return -1;
        return answer_page(r);
    }
    if (peel_register_actions(r->store, &q->f, &a, err) < 0)
        return -1;
    for (size_t i = 0; i < a.n; i++) {
        open += !peel_action_status_closed(a.v[i].status);
        overdue += a.v[i].overdue;
        rag[a.v[i].rag]++;
        /* the counts by group include sensitive actions: say so on the page */
        if (a.v[i].sensitive && q->by >= 0)
            r->sensitive_shown = true;
    }
    peel_date_format_long(a.asof, when);
    begin_page(r, "Action tracker");
    peel_html_lit(&r->out, TRACKER_INTRO);
    if (action_form(r, q, err) < 0) {
        peel_register_actions_free(&a);
        return -1;
    }
    peel_html(&r->out,
              "<p class=\"body\" role=\"status\" id=\"counts\">%lld action%s, %lld open, "
              "%lld overdue, on %s. RAG: %lld red, %lld amber, %lld green.</p>\n",
              (long long)a.n, a.n == 1 ? "" : "s", (long long)open, (long long)overdue, when,
              (long long)rag[PEEL_RAG_RED], (long long)rag[PEEL_RAG_AMBER],
              (long long)rag[PEEL_RAG_GREEN]);
    peel_html_lit(&r->out, "<div class=\"actions\"><a href=\"/register/actions.csv");
    same_query(r);
    if (q->by >= 0)
        peel_html_lit(&r->out, "\">Download these counts as CSV</a></div>\n");
    else
        peel_html_lit(&r->out, "\">Download these actions as CSV</a></div>\n");
    if (q->by >= 0)
        rc = groups_table(r, q, &a, err);
    else
        actions_table(r, &a);
    peel_register_actions_free(&a);
    if (rc < 0)
        return -1;
    return answer_page(r);
}

static int reg_page_actions(peel_req *r, const peel_str *p, peel_err *err)
{
    tracker_query q;
    (void)p;
    action_filter(r, &q, action_args);
    return tracker_page(r, &q, err);
}

/* The list or the counts as CSV; a filter that did not read gets the
 * tracker's form with the problems, not a file. */
static int reg_page_actions_csv(peel_req *r, const peel_str *p, peel_err *err)
{
    tracker_query q;
    peel_reg_actions a;
    int rc = 0;
    (void)p;

    action_filter(r, &q, action_args);
    if (r->nproblems)
        return tracker_page(r, &q, err);
    if (peel_register_actions(r->store, &q.f, &a, err) < 0)
        return -1;
    peel_buf_puts(&r->out, PEEL_CSV_BOM); /* the mark: Excel reads UTF-8 */
    if (q.by >= 0) {
        peel_reg_groups g;
        rc = peel_register_group(&a, (enum peel_reg_by)q.by, q.from, q.to, &g, err);
        if (rc == 0)
            peel_register_groups_csv(&g, (enum peel_reg_by)q.by, &r->out);
        peel_register_groups_free(&g);
    } else {
        peel_register_actions_csv(&a, &r->out); /* a failure sticks in r->out */
    }
    peel_register_actions_free(&a);
    if (rc < 0)
        return -1;
    return answer_download(r, "text/csv; charset=utf-8",
                           q.by >= 0
                               ? peel_pool_printf(r->pool, "actions-by-%s.csv", by_values[q.by])
                               : "actions.csv");
}

/* ---- statutory calendar ---- */

static const char *const calendar_args[] = {"year", NULL};

static const char *kind_label(const char *kind)
{
    if (!strcmp(kind, "precept"))
        return "Precept";
    if (!strcmp(kind, "publication"))
        return "Publication";
    if (!strcmp(kind, "hmicfrs"))
        return "HMICFRS";
    if (!strcmp(kind, "recommendation"))
        return "Recommendation";
    if (!strcmp(kind, "meeting"))
        return "Meeting";
    return kind;
}

/* The year parameter (default this year); a bad one is recorded. */
/* ---- a default period that holds nothing ---- */

/* When the page was asked for with none of its period parameters, it shows
 * its default period ("this year", "today"); if that holds no meeting, it
 * says so and links to the latest period that does.  1 when it wrote the
 * notice, 0 when not needed, -1 on error. */
static bool period_asked(peel_req *r, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        if (peel_req_arg(r, names[i]))
            return true;
    return false;
}

static int latest_notice(peel_req *r, const char *short_name, const char *what, peel_date from,
                         peel_date to, const char *link_fmt_kind, peel_err *err)
{
    peel_date latest;
    char when[32];
    int found = peel_register_latest_meeting(r->store, peel_req_reader(r), short_name, from, to,
                                             &latest, err);
    if (found != 0)
        return found < 0 ? -1 : 0; /* the default period holds a meeting */
    found = peel_register_latest_meeting(r->store, peel_req_reader(r), short_name, 0, to + 3660,
                                         &latest, err);
    if (found < 0)
        return -1;
    peel_html(&r->out, "<div class=\"notice\" role=\"note\" id=\"latest\"><p class=\"body\">%s",
              what);
    if (found) {
        int y, m, d;
        peel_date_format_long(latest, when);
        peel_date_to_ymd(latest, &y, &m, &d);
        if (!strcmp(link_fmt_kind, "year"))
            peel_html(&r->out,
                      " The latest meeting recorded is on %s: <a href=\"/register/"
                      "calendar?year=%d\">show %d</a>.",
                      when, y, y);
        else if (!strcmp(link_fmt_kind, "cgb")) {
            char a[11], b[11];
            peel_date_format(peel_fy_first_day(peel_fy_of_date(latest)), a);
            peel_date_format(peel_fy_last_day(peel_fy_of_date(latest)), b);
            peel_html(&r->out,
                      " The latest meeting recorded is on %s: <a href=\"/register/"
                      "reports/cgb?from=%q&amp;to=%q&amp;as_of=%q\">show that financial "
                      "year</a>.",
                      when, a, b, b);
        }
    }
    peel_html_lit(&r->out, "</p></div>\n");
    return 1;
}

static int calendar_year(peel_req *r)
{
    int year, m, d;
    peel_date_to_ymd(peel_clock_today(), &year, &m, &d);
    peel_params_allowed(r, calendar_args);
    peel_param_year(r, "year", "Year", year, &year);
    return year;
}

/* The year's form: where a year that did not read is shown again. */
static void calendar_form(peel_req *r, int year)
{
    char v[16];
    snprintf(v, sizeof v, "%d", year);
    peel_html_lit(&r->out, "<form class=\"filters\" method=\"get\" action=\"/register/calendar\">"
                           "<fieldset>\n<legend class=\"visually-hidden\">Year</legend>\n");
    peel_page_param_input(r, "year", "Year", "For example 2024", v);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show the year"
                           "</button></form>\n");
}

static int calendar_page(peel_req *r, int year, peel_err *err)
{
    peel_reg_calendar c;
    char title[48];

    if (r->nproblems) {
        begin_page(r, "Statutory calendar");
        peel_html_lit(&r->out, "<h1 class=\"heading-l\">Statutory calendar</h1>\n");
        calendar_form(r, year);
        return answer_page(r);
    }
    if (peel_register_calendar(r->store, peel_req_reader(r), year, &c, err) < 0)
        return -1;
    snprintf(title, sizeof title, "Statutory calendar %d", year);
    begin_page(r, title);
    peel_html(&r->out,
              "<h1 class=\"heading-l\">Statutory calendar %d</h1>\n"
              "<p class=\"body\">The precept timetable, HMICFRS response deadlines "
              "(56 days after publication), response dates of recommendations, and "
              "meetings. A statutory date that falls on a weekend or bank holiday is "
              "kept as the law gives it, with a note.</p>\n"
              "<div class=\"actions\"><a class=\"button\" "
              "href=\"/register/calendar.ics?year=%d\">Download %d as iCalendar (.ics)"
              "</a><a href=\"/register/calendar?year=%d\">Previous year (%d)</a>"
              "<a href=\"/register/calendar?year=%d\">Next year (%d)</a></div>\n",
              year, year, year, year - 1, year - 1, year + 1, year + 1);
    calendar_form(r, year);
    peel_html(&r->out, "<p class=\"body\" role=\"status\">%lld entr%s in %d.</p>\n", (long long)c.n,
              c.n == 1 ? "y" : "ies", year);
    if (!period_asked(r, calendar_args)) {
        char what[160];
        snprintf(what, sizeof what, "No meeting is recorded in %d, today's year.", year);
        if (latest_notice(r, NULL, what, peel_date_from_ymd(year, 1, 1),
                          peel_date_from_ymd(year, 12, 31), "year", err) < 0) {
            peel_register_calendar_free(&c);
            return -1;
        }
    }
    peel_html(&r->out,
              "<div class=\"table-wrap\"><table>\n<caption class=\"visually-hidden\">"
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
        peel_html(&r->out, "</td><td>%s", e->note);
        if (e->has_papers_due) {
            char due[40];
            peel_date_format_weekday(e->papers_due, due);
            peel_html(&r->out, "%sPapers due by %s (%d clear working days before)",
                      *e->note ? "<br>" : "", due, e->clear_days);
            if (e->late)
                peel_html(&r->out, " <strong class=\"tag tag--red\">%lld paper%s late</strong>",
                          (long long)e->late, e->late == 1 ? "" : "s");
        }
        peel_html_lit(&r->out, "</td></tr>\n");
    }
    peel_html_lit(&r->out, "</tbody></table></div>\n");
    peel_register_calendar_free(&c);
    return answer_page(r);
}

static int reg_page_calendar(peel_req *r, const peel_str *p, peel_err *err)
{
    (void)p;
    return calendar_page(r, calendar_year(r), err);
}

static int reg_page_calendar_ics(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_reg_calendar c;
    int year = calendar_year(r), rc;
    (void)p;

    if (r->nproblems)
        return calendar_page(r, year, err);
    if (peel_register_calendar(r->store, peel_req_reader(r), year, &c, err) < 0)
        return -1;
    rc = peel_register_ics(&c, &r->out);
    peel_register_calendar_free(&c);
    (void)rc; /* a failure sticks in r->out */
    return answer_download(r, "text/calendar; charset=utf-8",
                           peel_pool_printf(r->pool, "peel-calendar-%d.ics", year));
}

/* ---- reports as content models (register_report.c) ---- */

/* The doc's title as the page's heading. */
static void doc_title(peel_req *r, const peel_doc *d)
{
    if (d->n && d->v[0].kind == PEEL_BLOCK_TITLE)
        peel_html(&r->out, "<h1 class=\"heading-l\">%s</h1>\n", d->v[0].text);
}

/* The doc's other blocks, after the page's own heading and form. */
static void doc_article(peel_req *r, const peel_doc *d)
{
    peel_doc rest = *d; /* a view of the same blocks: nothing here is freed */
    if (rest.n && rest.v[0].kind == PEEL_BLOCK_TITLE) {
        rest.v++;
        rest.n--;
    }
    if (d->sensitive)
        r->sensitive_shown = true; /* the layout adds the banner top and bottom */
    peel_html_lit(&r->out, "<article class=\"report\">\n");
    peel_doc_html_body(&rest, &r->out);
    peel_html_lit(&r->out, "</article>\n");
}

/* ---- the CGB report to the Panel ---- */

static const char *const report_args[] = {"from", "to", "as_of", NULL};
static const char *const report_download_args[] = {"from", "to", "as_of", "version", NULL};

/* The report's period and status date (default the financial year to
 * date); a bad one is recorded. */
static void report_query(peel_req *r, const char *const *names, peel_reg_report_opts *o)
{
    peel_date today = peel_clock_today();
    peel_params_allowed(r, names);
    if (peel_param_date(r, "from", "Meetings from", peel_fy_first_day(peel_fy_of_date(today)),
                        &o->from) &&
        peel_param_date(r, "to", "Meetings to", today, &o->to) && o->from > o->to)
        peel_param_problem(r, "from", "Meetings from",
                           "Meetings from: the period starts after it ends");
    peel_param_date(r, "as_of", "Action status on", today, &o->asof);
}

static void report_form(peel_req *r, const peel_reg_report_opts *o)
{
    peel_html_lit(&r->out, "<form class=\"filters\" method=\"get\" "
                           "action=\"/register/reports/cgb\"><fieldset>\n"
                           "<legend>Period of the report</legend>\n");
    date_input(r, "from", "Meetings from", o->from);
    date_input(r, "to", "Meetings to", o->to);
    date_input(r, "as_of", "Action status on", o->asof);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show the "
                           "report</button></form>\n");
}

/* Builds the report; false when it answered (no such body: 404). */
static int report_build(peel_req *r, const peel_reg_report_opts *o, peel_doc *d, peel_err *err)
{
    if (peel_register_report_cgb(r->store, o, d, err) == 0)
        return 1;
    if (err->code != PEEL_ENOTFOUND)
        return -1;
    peel_err_clear(err);
    peel_req_error(r, 404, "not_found", NULL,
                   "there is no Corporate Governance Board to report on");
    return 0;
}

static void report_download_link(peel_req *r, const peel_reg_report_opts *o, const char *version,
                                 const char *label)
{
    char from[11], to[11], asof[11];
    peel_date_format(o->from, from);
    peel_date_format(o->to, to);
    peel_date_format(o->asof, asof);
    peel_html(&r->out,
              "<a href=\"/register/reports/cgb.html?from=%q&amp;to=%q&amp;as_of=%q"
              "&amp;version=%q\" download>%s</a>",
              from, to, asof, version, label);
}

/* The report as a page; when a parameter did not read, the form again with
 * the problems and no report. */
static int cgb_page(peel_req *r, peel_reg_report_opts *o, peel_err *err)
{
    peel_doc d;
    int rc;

    o->reader = peel_req_reader(r);
    o->internal = peel_reader_sees_sensitive(peel_req_reader(r));
    if (r->nproblems) {
        begin_page(r, "CGB report to the Panel");
        peel_html_lit(&r->out, "<h1 class=\"heading-l\">CGB report to the Panel</h1>\n");
        report_form(r, o);
        return answer_page(r);
    }
    if ((rc = report_build(r, o, &d, err)) <= 0)
        return rc;
    begin_page(r, o->internal ? "CGB report to the Panel (internal version)"
                              : "CGB report to the Panel");
    doc_title(r, &d);
    if (!period_asked(r, report_args) &&
        latest_notice(r, "CGB",
                      "No Corporate Governance Board meeting is recorded in the financial year "
                      "to date, the report's default period.",
                      o->from, o->to, "cgb", err) < 0) {
        peel_doc_free(&d);
        return -1;
    }
    report_form(r, o);
    /* The download is the public version unless staff ask for the internal one. */
    peel_html_lit(&r->out, "<div class=\"actions\" id=\"downloads\">");
    report_download_link(r, o, "public", "Download the public version (HTML file)");
    if (o->internal)
        report_download_link(r, o, "internal",
                             "Download the internal version (HTML file, OFFICIAL-SENSITIVE)");
    peel_html_lit(&r->out, "</div>\n");
    doc_article(r, &d);
    peel_doc_free(&d);
    return answer_page(r);
}

static int reg_page_cgb(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_reg_report_opts o = {0};
    (void)p;
    report_query(r, report_args, &o);
    return cgb_page(r, &o, err);
}

/* The report as one standalone HTML file (peel_doc_html: its own style, no
 * scripts, images or links to fetch), to save, send or publish. */
static int reg_page_cgb_html(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const versions[] = {"public", "internal", NULL};
    peel_reg_report_opts o = {0};
    peel_doc d;
    char from[11], to[11];
    int version, rc;
    (void)p;

    report_query(r, report_download_args, &o);
    peel_param_choice(r, "version", "Version", versions, &version);
    if (r->nproblems)
        return cgb_page(r, &o, err);
    o.internal = version == 1;
    if (o.internal && !peel_reader_sees_sensitive(peel_req_reader(r)))
        return peel_req_error(r, 403, "forbidden", "version",
                              "only staff may download the internal version");
    /* The public version is what the public sees, whoever downloads it. */
    o.reader = o.internal ? peel_req_reader(r) : peel_reader_of(PEEL_ROLE_PUBLIC);
    if ((rc = report_build(r, &o, &d, err)) <= 0)
        return rc;
    peel_doc_html(&d, &r->out);
    peel_doc_free(&d);
    peel_date_format(o.from, from);
    peel_date_format(o.to, to);
    return answer_download(r, "text/html; charset=utf-8",
                           peel_pool_printf(r->pool, "cgb-report-%s-to-%s%s.html", from, to,
                                            o.internal ? "-internal" : ""));
}

/* ---- work programme ---- */

static const char *const work_programme_args[] = {"body", NULL};

static int work_programme_form(peel_req *r, const char *body, peel_err *err)
{
    peel_html_lit(&r->out, "<p class=\"body\">The subjects a board or panel has planned for each "
                           "of its meetings, who asked for them and why, with their status; "
                           "suggestions not yet given a meeting come last.</p>\n"
                           "<form class=\"filters\" method=\"get\" "
                           "action=\"/register/work-programme\"><fieldset>\n"
                           "<legend class=\"visually-hidden\">Choose the work programme"
                           "</legend>\n");
    if (names_select(r, &peel_type_body, "body", "Board or panel", NULL,
                     body ? body : "Police and Crime Panel", err) < 0)
        return -1;
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show the work "
                           "programme</button></form>\n");
    return 0;
}

/* Builds the work programme; 0 when it answered (no such body: 404). */
static int work_programme_build(peel_req *r, const char *body, peel_doc *d, peel_err *err)
{
    if (peel_register_work_programme(r->store, peel_req_reader(r), body, d, err) == 0)
        return 1;
    if (err->code != PEEL_ENOTFOUND)
        return -1;
    peel_err_clear(err); /* a body the reader may not see reads as none */
    peel_req_error(r, 404, "not_found", "body", "there is no board or panel named '%.80s'",
                   body ? body : "Police and Crime Panel");
    return 0;
}

static int reg_page_work_programme(peel_req *r, const peel_str *p, peel_err *err)
{
    const char *body = arg(r, "body");
    peel_doc d;
    int rc;
    (void)p;

    if (!peel_params_allowed(r, work_programme_args)) {
        begin_page(r, "Work programme");
        peel_html_lit(&r->out, "<h1 class=\"heading-l\">Work programme</h1>\n");
        if (work_programme_form(r, body, err) < 0)
            return -1;
        return answer_page(r);
    }
    if ((rc = work_programme_build(r, body, &d, err)) <= 0)
        return rc;
    begin_page(r, "Work programme");
    doc_title(r, &d);
    if (work_programme_form(r, body, err) < 0) {
        peel_doc_free(&d);
        return -1;
    }
    doc_article(r, &d);
    peel_doc_free(&d);
    return answer_page(r);
}

/* ---- recommendations ---- */

static const char *const recommendation_args[] = {"as_of", NULL};

static int reg_page_recommendations(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_date asof;
    peel_doc d = {0};
    (void)p;

    peel_params_allowed(r, recommendation_args);
    peel_param_date(r, "as_of", "Status on", peel_clock_today(), &asof);
    if (!r->nproblems &&
        peel_register_recommendations(r->store, peel_req_reader(r), asof, &d, err) < 0)
        return -1;
    begin_page(r, "Recommendations and responses");
    if (r->nproblems)
        peel_html_lit(&r->out, "<h1 class=\"heading-l\">Recommendations and responses</h1>\n");
    doc_title(r, &d);
    peel_html_lit(&r->out, "<p class=\"body\">Resolutions and recommendations of the Police and "
                           "Crime Panel, and HMICFRS recommendations, with the response to each "
                           "and its status on the day chosen: a response dated later had not "
                           "been made yet.</p>\n"
                           "<form class=\"filters\" method=\"get\" "
                           "action=\"/register/recommendations\"><fieldset>\n"
                           "<legend class=\"visually-hidden\">Status date</legend>\n");
    date_input(r, "as_of", "Status on", asof);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show the "
                           "status</button></form>\n");
    if (!r->nproblems)
        doc_article(r, &d);
    peel_doc_free(&d);
    return answer_page(r);
}

/* ---- HMICFRS responses within 56 days ---- */

static const char *const hmicfrs_args[] = {"year", NULL};

static const char *publication_kind(const char *value)
{
    return peel_option_label(&peel_type_publication.fields[PEEL_PUBLICATION_KIND], value);
}

static void pct_cell(peel_req *r, bool has, int64_t scaled)
{
    char s[32];
    if (!has) {
        peel_html_lit(&r->out, "<td>n/a</td>");
        return;
    }
    peel_pct_format(scaled, 0, false, s);
    peel_html(&r->out, "<td>%s</td>", s);
}

/* peel's figure, then the reasons in words; what a paper printed is a
 * figure record, reconciled on /figures. */
static void hmicfrs_figure(peel_req *r, const peel_reg_hmicfrs *h, const char *fys)
{
    peel_html(&r->out,
              "<div class=\"table-wrap\"><table id=\"figure\">\n<caption>The figure for "
              "%s</caption>\n<thead><tr><th scope=\"col\">Figure</th>"
              "<th scope=\"col\">Computed by peel from the recorded dates</th></tr></thead>"
              "\n<tbody>\n<tr><th scope=\"row\">Responses counted in the year</th>"
              "<td>%lld</td></tr>\n<tr><th scope=\"row\">With both dates recorded</th>"
              "<td>%lld</td></tr>\n<tr><th scope=\"row\">Within %d days</th><td>%lld</td>"
              "</tr>\n<tr><th scope=\"row\">Percentage</th>",
              fys, (long long)h->n, (long long)h->with_dates, PEEL_HMICFRS_RESPONSE_DAYS,
              (long long)h->within);
    pct_cell(r, h->has_pct, h->pct);
    peel_html_lit(&r->out, "</tr>\n</tbody></table></div>\n");
    peel_html(&r->out, "<p class=\"body\" id=\"computed\">%s</p>\n", h->computed);
    if (*h->undated)
        peel_html(&r->out, "<p class=\"body\" id=\"undated\">%s</p>\n", h->undated);
    peel_html_lit(&r->out, "<p class=\"body\" id=\"printed\">What the papers print for a year "
                           "is set beside peel's figure, with any difference explained, under "
                           "<a href=\"/figures?paper=&amp;status=\">Figures</a>.</p>\n");
}

static void hmicfrs_table(peel_req *r, const peel_reg_hmicfrs *h, const char *fys)
{
    if (!h->n) {
        peel_html(&r->out, "<p class=\"body\">No HMICFRS response is recorded for %s.</p>\n", fys);
        return;
    }
    peel_html(&r->out,
              "<div class=\"table-wrap\"><table id=\"responses\">\n<caption>Responses "
              "counted in %s</caption>\n<thead><tr><th scope=\"col\">Publication</th>"
              "<th scope=\"col\">Kind</th><th scope=\"col\">Published</th>"
              "<th scope=\"col\">Response due</th><th scope=\"col\">Responded</th>"
              "<th scope=\"col\">Days</th><th scope=\"col\">Within %d days</th></tr>"
              "</thead>\n<tbody>\n",
              fys, PEEL_HMICFRS_RESPONSE_DAYS);
    for (size_t i = 0; i < h->n; i++) {
        const peel_reg_pub *x = &h->v[i];
        bool both = x->has_published && x->has_response;
        peel_html(&r->out, "<tr><th scope=\"row\">%s</th><td>%s</td>", x->title,
                  publication_kind(x->kind));
        date_cell(r, x->has_published, x->published);
        if (x->has_published)
            date_cell(r, true, x->due);
        else
            peel_html_lit(&r->out, "<td></td>");
        date_cell(r, x->has_response, x->response);
        if (both)
            peel_html(&r->out, "<td>%d</td><td>%s</td></tr>\n", x->days, x->within ? "Yes" : "No");
        else
            peel_html_lit(&r->out, "<td></td><td>Unknown</td></tr>\n");
    }
    peel_html_lit(&r->out, "</tbody></table></div>\n");
}

static int reg_page_hmicfrs(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_reg_hmicfrs h;
    peel_fy fy;
    char fys[8], prev[8], next[8], title[64];
    (void)p;

    peel_params_allowed(r, hmicfrs_args);
    peel_param_fy(r, "year", "Financial year", peel_fy_of_date(peel_clock_today()), &fy);
    if (!r->nproblems && peel_register_hmicfrs(r->store, peel_req_reader(r), fy, &h, err) < 0)
        return -1;
    peel_fy_format(fy, fys);
    peel_fy_format(fy - 1, prev);
    peel_fy_format(fy + 1, next);
    snprintf(title, sizeof title, "HMICFRS responses %s", fys);
    begin_page(r, title);
    peel_html(&r->out,
              "<h1 class=\"heading-l\">HMICFRS responses within %d days, %s</h1>\n"
              "<p class=\"body\">The PCC's comments on an HMICFRS report about the force "
              "are due %d calendar days after HMICFRS publishes it (Police Act 1996, "
              "section 55). A response counts in the financial year of its date: the "
              "later of the day it was published on the OPCC website and the day it "
              "was sent to the Home Office.</p>\n",
              PEEL_HMICFRS_RESPONSE_DAYS, fys, PEEL_HMICFRS_RESPONSE_DAYS);
    peel_html_lit(&r->out, "<form class=\"filters\" method=\"get\" action=\"/register/hmicfrs\">"
                           "<fieldset>\n<legend class=\"visually-hidden\">Financial year"
                           "</legend>\n");
    peel_page_param_input(r, "year", "Financial year", "For example 2022-23", fys);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show the year"
                           "</button></form>\n");
    if (r->nproblems)
        return answer_page(r);
    peel_html(&r->out,
              "<div class=\"actions\"><a href=\"/register/hmicfrs?year=%q\">Previous "
              "year (%s)</a><a href=\"/register/hmicfrs?year=%q\">Next year (%s)</a>"
              "</div>\n",
              prev, prev, next, next);
    if (!h.n && !peel_req_arg(r, "year")) {
        /* the default, this financial year, holds nothing: offer the latest that does */
        peel_fy back = fy;
        peel_reg_hmicfrs o;
        bool found = false;
        while (!found && --back >= PEEL_BANK_HOLIDAY_FIRST_YEAR) {
            if (peel_register_hmicfrs(r->store, peel_req_reader(r), back, &o, err) < 0) {
                peel_register_hmicfrs_free(&h);
                return -1;
            }
            found = o.n > 0;
            peel_register_hmicfrs_free(&o);
        }
        peel_html(&r->out,
                  "<div class=\"notice\" role=\"note\" id=\"latest\"><p class=\"body\">No "
                  "HMICFRS response is recorded in %s, this financial year.",
                  fys);
        if (found) {
            char b[8];
            peel_fy_format(back, b);
            peel_html(&r->out,
                      " The latest year with responses is %s: <a href=\"/register/"
                      "hmicfrs?year=%q\">show %s</a>.",
                      b, b, b);
        }
        peel_html_lit(&r->out, "</p></div>\n");
    }
    hmicfrs_figure(r, &h, fys);
    hmicfrs_table(r, &h, fys);
    peel_register_hmicfrs_free(&h);
    return answer_page(r);
}

/* ---- JSON twins: /api/v1/register/... ----
 *
 * Each page above has a twin answering the same figures as JSON: the same
 * parameter names read by the same readers (a bad one is a 400 naming it),
 * built by the same register function for the request's reader, so a
 * record the page would not show is not in the JSON either.  Lists are
 * paged as the records API pages them (_page, _per; the answer says page,
 * per_page and total); a report is its content model's blocks, paged the
 * same way. */

/* The page's parameter names and the paging pair (from the pool). */
static const char *const *api_names(peel_req *r, const char *const *names)
{
    size_t n = 0;
    const char **v;
    while (names[n])
        n++;
    if (!(v = peel_pool_alloc(r->pool, (n + 5) * sizeof *v)))
        return names;
    memcpy(v, names, n * sizeof *v);
    v[n] = "page";
    v[n + 1] = "per_page";
    v[n + 2] = "_page";
    v[n + 3] = "_per";
    v[n + 4] = NULL;
    return v;
}

typedef struct api_paging {
    long long page, per;
} api_paging;

/* A parameter the view does not take (names), the first problem a
 * parameter had, or the paging out of range, as the API's 400.  false when
 * it answered. */
static bool api_params_ok(peel_req *r, const char *const *names, api_paging *pg)
{
    /* A program is told which parameter the view does not take. */
    for (size_t i = 0; i < r->nargs; i++) {
        bool known = peel_param_is_paging(r->args[i].name);
        for (size_t k = 0; names[k] && !known; k++)
            known = !strcmp(r->args[i].name, names[k]);
        if (!known) {
            peel_req_error(r, 400, "invalid", NULL, "'%.60s' is not a parameter of this view",
                           r->args[i].name);
            return false;
        }
    }
    peel_param_paging(r, PEEL_LIST_MAX_PER_PAGE, PEEL_LIST_PER_PAGE, &pg->page, &pg->per);
    if (r->nproblems) {
        peel_req_error(r, 400, "invalid", r->problems[0].name, "%s", r->problems[0].msg);
        return false;
    }
    return true;
}

/* Answers {"data": the page's slice of all, "page", "per_page", "total"}
 * with the members of meta besides (all and meta are taken over). */
static int api_answer(peel_req *r, const api_paging *pg, json_t *all, json_t *meta)
{
    json_t *slice = json_array();
    size_t total = json_array_size(all), from = (size_t)((pg->page - 1) * pg->per);
    if (!meta)
        meta = json_object();
    for (size_t i = from; i < total && i < from + (size_t)pg->per; i++)
        json_array_append(slice, json_array_get(all, i));
    json_decref(all);
    if (!slice || !meta || json_object_set_new(meta, "data", slice) < 0 ||
        json_object_set_new(meta, "page", json_integer(pg->page)) < 0 ||
        json_object_set_new(meta, "per_page", json_integer(pg->per)) < 0 ||
        json_object_set_new(meta, "total", json_integer((json_int_t)total)) < 0) {
        json_decref(meta);
        return peel_req_error(r, 500, "internal", NULL, "out of memory");
    }
    return peel_req_json(r, 200, meta);
}

/* A date as ISO text, or JSON null when there is none. */
static json_t *api_date(bool has, peel_date d)
{
    char s[11];
    if (!has)
        return json_null();
    peel_date_format(d, s);
    return json_string(s);
}

static json_t *api_action(const peel_reg_action *x)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:o,s:b,s:s?,s:i,s:s,s:s,s:s}",
                     "ref", x->ref, "title", x->title, "body", x->body, "meeting", x->meeting,
                     "owner", x->owner, "organisation", x->organisation, "raised",
                     api_date(true, x->raised), "due", api_date(x->has_due, x->due), "status",
                     peel_action_statuses[x->status].value, "status_label",
                     peel_action_statuses[x->status].label, "status_since",
                     api_date(true, x->status_date), "overdue", x->overdue, "rag",
                     x->rag == PEEL_RAG_NONE ? NULL : peel_rag_name(x->rag), "age_days",
                     x->age_days, "objectives", x->objectives, "note", x->note, "classification",
                     x->sensitive ? "OFFICIAL-SENSITIVE" : "OFFICIAL");
}

static json_t *api_group(const peel_reg_group *g)
{
    return json_pack(
        "{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "name", g->name, "actions", (json_int_t)g->total,
        "open", (json_int_t)g->open, "overdue", (json_int_t)g->overdue, "completed",
        (json_int_t)g->completed, "completed_in_period", (json_int_t)g->completed_in_period, "red",
        (json_int_t)g->red, "amber", (json_int_t)g->amber, "green", (json_int_t)g->green);
}

/* GET /api/v1/register/actions: the tracker's list, or its counts by group. */
static int reg_api_actions(peel_req *r, const peel_str *p, peel_err *err)
{
    tracker_query q;
    peel_reg_actions a;
    api_paging pg;
    json_t *all = json_array(), *meta;
    (void)p;

    const char *const *names = api_names(r, action_args);
    action_filter(r, &q, names);
    if (!api_params_ok(r, names, &pg)) {
        json_decref(all);
        return 0;
    }
    if (peel_register_actions(r->store, &q.f, &a, err) < 0) {
        json_decref(all);
        return -1;
    }
    meta = json_pack("{s:o}", "as_of", api_date(true, q.f.asof));
    if (q.by >= 0) {
        peel_reg_groups g;
        if (peel_register_group(&a, (enum peel_reg_by)q.by, q.from, q.to, &g, err) < 0) {
            peel_register_actions_free(&a);
            json_decref(all);
            json_decref(meta);
            return -1;
        }
        for (size_t i = 0; i < g.n; i++)
            json_array_append_new(all, api_group(&g.v[i]));
        json_object_set_new(meta, "by", json_string(by_values[q.by]));
        json_object_set_new(meta, "from", api_date(true, q.from));
        json_object_set_new(meta, "to", api_date(true, q.to));
        peel_register_groups_free(&g);
    } else {
        for (size_t i = 0; i < a.n; i++)
            json_array_append_new(all, api_action(&a.v[i]));
    }
    peel_register_actions_free(&a);
    return api_answer(r, &pg, all, meta);
}

/* GET /api/v1/register/calendar: the year's entries. */
static int reg_api_calendar(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_reg_calendar c;
    api_paging pg;
    json_t *all;
    int year, m, d;
    (void)p;

    peel_date_to_ymd(peel_clock_today(), &year, &m, &d);
    const char *const *names = api_names(r, calendar_args);
    peel_params_allowed(r, names);
    peel_param_year(r, "year", "Year", year, &year);
    if (!api_params_ok(r, names, &pg))
        return 0;
    if (peel_register_calendar(r->store, peel_req_reader(r), year, &c, err) < 0)
        return -1;
    all = json_array();
    for (size_t i = 0; i < c.n; i++) {
        const peel_reg_event *e = &c.v[i];
        json_array_append_new(
            all,
            json_pack("{s:o,s:s?,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:s}", "date", api_date(true, e->date),
                      "time", *e->time ? e->time : NULL, "kind", e->kind, "summary", e->summary,
                      "description", e->description ? e->description : "", "location",
                      e->location ? e->location : "", "note", e->note ? e->note : "", "cancelled",
                      e->cancelled, "tentative", e->tentative, "uid", e->uid));
    }
    peel_register_calendar_free(&c);
    return api_answer(r, &pg, all, json_pack("{s:i}", "year", year));
}

static const char *block_kind(enum peel_block_kind k)
{
    static const char *const names[] = {"title", "heading", "paragraph", "field",
                                        "list",  "notice",  "table",     "figure"};
    return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "";
}

/* A report's content model as blocks: what the page shows, in order. */
static int api_doc(peel_req *r, const api_paging *pg, const peel_doc *d, json_t *meta)
{
    json_t *all = json_array();
    for (size_t i = 0; i < d->n; i++) {
        const peel_block *b = &d->v[i];
        json_t *j = json_pack("{s:s,s:s?,s:s?,s:b}", "kind", block_kind(b->kind), "label", b->label,
                              "text", b->text, "sensitive", b->sensitive);
        if (j && b->kind == PEEL_BLOCK_HEADING)
            json_object_set_new(j, "level", json_integer(b->level));
        if (j && b->css)
            json_object_set_new(j, "class", json_string(b->css));
        if (j && b->table) {
            json_t *rows = json_array();
            for (size_t k = 0; k < b->table->nrows; k++) {
                json_t *row = json_array();
                for (size_t c = 0; c < b->table->ncols; c++)
                    json_array_append_new(row,
                                          json_string(b->table->cells[k * b->table->ncols + c]
                                                          ? b->table->cells[k * b->table->ncols + c]
                                                          : ""));
                json_array_append_new(rows, row);
            }
            json_object_set_new(j, "caption",
                                b->table->caption ? json_string(b->table->caption) : json_null());
            json_object_set_new(j, "head_rows", json_integer((json_int_t)b->table->head_rows));
            json_object_set_new(j, "rows", rows);
        }
        json_array_append_new(all, j);
    }
    if (!meta)
        meta = json_object();
    json_object_set_new(meta, "title",
                        d->n && d->v[0].kind == PEEL_BLOCK_TITLE ? json_string(d->v[0].text)
                                                                 : json_null());
    json_object_set_new(meta, "sensitive", json_boolean(d->sensitive));
    return api_answer(r, pg, all, meta);
}

/* GET /api/v1/register/reports/cgb: the report as the page shows it (staff
 * the internal version, everyone else the public one). */
static int reg_api_cgb(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_reg_report_opts o = {0};
    api_paging pg;
    peel_doc d;
    int rc;
    (void)p;

    const char *const *names = api_names(r, report_args);
    report_query(r, names, &o);
    if (!api_params_ok(r, names, &pg))
        return 0;
    o.reader = peel_req_reader(r);
    o.internal = peel_reader_sees_sensitive(o.reader);
    if ((rc = report_build(r, &o, &d, err)) <= 0)
        return rc;
    rc = api_doc(r, &pg, &d,
                 json_pack("{s:o,s:o,s:o,s:s}", "from", api_date(true, o.from), "to",
                           api_date(true, o.to), "as_of", api_date(true, o.asof), "version",
                           o.internal ? "internal" : "public"));
    peel_doc_free(&d);
    return rc;
}

/* GET /api/v1/register/work-programme */
static int reg_api_work_programme(peel_req *r, const peel_str *p, peel_err *err)
{
    const char *body = arg(r, "body");
    api_paging pg;
    peel_doc d;
    int rc;
    (void)p;

    const char *const *names = api_names(r, work_programme_args);
    peel_params_allowed(r, names);
    if (!api_params_ok(r, names, &pg))
        return 0;
    if ((rc = work_programme_build(r, body, &d, err)) <= 0)
        return rc;
    rc = api_doc(r, &pg, &d, NULL);
    peel_doc_free(&d);
    return rc;
}

/* GET /api/v1/register/recommendations */
static int reg_api_recommendations(peel_req *r, const peel_str *p, peel_err *err)
{
    api_paging pg;
    peel_date asof;
    peel_doc d;
    int rc;
    (void)p;

    const char *const *names = api_names(r, recommendation_args);
    peel_params_allowed(r, names);
    peel_param_date(r, "as_of", "Status on", peel_clock_today(), &asof);
    if (!api_params_ok(r, names, &pg))
        return 0;
    if (peel_register_recommendations(r->store, peel_req_reader(r), asof, &d, err) < 0)
        return -1;
    rc = api_doc(r, &pg, &d, json_pack("{s:o}", "as_of", api_date(true, asof)));
    peel_doc_free(&d);
    return rc;
}

/* A percentage as the page prints it ("86%"), or null. */
static json_t *api_pct(bool has, int64_t scaled)
{
    char s[32];
    if (!has)
        return json_null();
    peel_pct_format(scaled, 0, false, s);
    return json_string(s);
}

/* GET /api/v1/register/hmicfrs: the 56-day figure beside the printed one,
 * the sentences the page shows, and the responses counted. */
static int reg_api_hmicfrs(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_reg_hmicfrs h;
    api_paging pg;
    peel_fy fy;
    char fys[8];
    json_t *all, *meta;
    (void)p;

    const char *const *names = api_names(r, hmicfrs_args);
    peel_params_allowed(r, names);
    peel_param_fy(r, "year", "Financial year", peel_fy_of_date(peel_clock_today()), &fy);
    if (!api_params_ok(r, names, &pg))
        return 0;
    if (peel_register_hmicfrs(r->store, peel_req_reader(r), fy, &h, err) < 0)
        return -1;
    peel_fy_format(fy, fys);
    all = json_array();
    for (size_t i = 0; i < h.n; i++) {
        const peel_reg_pub *x = &h.v[i];
        bool both = x->has_published && x->has_response;
        json_array_append_new(
            all, json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:o}", "title", x->title, "kind", x->kind,
                           "published", api_date(x->has_published, x->published), "response_due",
                           api_date(x->has_published, x->due), "responded",
                           api_date(x->has_response, x->response), "days",
                           both ? json_integer(x->days) : json_null(), "within",
                           both ? json_boolean(x->within) : json_null()));
    }
    meta = json_pack("{s:s,s:i,s:{s:I,s:I,s:I,s:o},s:{s:s,s:s},s:s}", "year", fys, "days",
                     PEEL_HMICFRS_RESPONSE_DAYS, "computed", "responses", (json_int_t)h.n,
                     "with_dates", (json_int_t)h.with_dates, "within", (json_int_t)h.within,
                     "percentage", api_pct(h.has_pct, h.pct), "sentences", "computed", h.computed,
                     "undated", h.undated, "printed_figures", "/api/v1/figures");
    peel_register_hmicfrs_free(&h);
    return api_answer(r, &pg, all, meta);
}

/* The twins in the OpenAPI document (api.c), named by the register module. */
#define REPORT_BLOCKS                                                                              \
    "the report's blocks in order: kind (title, heading, paragraph, field, list, notice, "         \
    "table), level, label, text, sensitive"
const peel_api_doc peel_api_docs_register[] = {
    {"/api/v1/register/actions",
     "Action tracker (staff): each action's status on as_of, or counts by group with by",
     action_args,
     "an action: ref, title, body, meeting, owner, organisation, raised, due, status, "
     "status_label, status_since, overdue, rag, age_days, objectives, note, classification; "
     "with by, a group: name, actions, open, overdue, completed, completed_in_period, red, "
     "amber, green"},
    {"/api/v1/register/calendar", "Statutory calendar of a year", calendar_args,
     "an entry: date, time, kind, summary, description, location, note, cancelled, tentative, "
     "uid"},
    {"/api/v1/register/reports/cgb", "CGB report to the Panel (staff: the internal version)",
     report_args, REPORT_BLOCKS},
    {"/api/v1/register/work-programme", "Work programme of a board or panel", work_programme_args,
     REPORT_BLOCKS},
    {"/api/v1/register/recommendations", "Recommendations and their status on as_of",
     recommendation_args, REPORT_BLOCKS},
    {"/api/v1/register/hmicfrs",
     "HMICFRS responses within 56 days in a financial year, beside the printed figure",
     hmicfrs_args,
     "a response counted: title, kind, published, response_due, responded, days, within"},
    {0},
};

/* ---- routes ---- */

const peel_route peel_routes_register[] = {
    {"GET", "/register/actions", reg_page_actions, PEEL_PAGE_PANEL, "Action tracker", NULL},
    {"GET", "/register/actions.csv", reg_page_actions_csv, PEEL_PAGE_PANEL, NULL, NULL},
    {"GET", "/register/calendar", reg_page_calendar, PEEL_PAGE_EVERYONE, "Statutory calendar",
     NULL},
    {"GET", "/register/calendar.ics", reg_page_calendar_ics, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/register/reports/cgb", reg_page_cgb, PEEL_PAGE_EVERYONE, "CGB report to the Panel",
     NULL},
    {"GET", "/register/reports/cgb.html", reg_page_cgb_html, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/register/work-programme", reg_page_work_programme, PEEL_PAGE_EVERYONE,
     "Work programme", NULL},
    {"GET", "/register/recommendations", reg_page_recommendations, PEEL_PAGE_EVERYONE,
     "Recommendations", NULL},
    {"GET", "/register/hmicfrs", reg_page_hmicfrs, PEEL_PAGE_EVERYONE, "HMICFRS responses", NULL},
    {"GET", "/api/v1/register/actions", reg_api_actions, PEEL_PAGE_STAFF, NULL, NULL},
    {"GET", "/api/v1/register/calendar", reg_api_calendar, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/api/v1/register/reports/cgb", reg_api_cgb, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/api/v1/register/work-programme", reg_api_work_programme, PEEL_PAGE_EVERYONE, NULL,
     NULL},
    {"GET", "/api/v1/register/recommendations", reg_api_recommendations, PEEL_PAGE_EVERYONE, NULL,
     NULL},
    {"GET", "/api/v1/register/hmicfrs", reg_api_hmicfrs, PEEL_PAGE_EVERYONE, NULL, NULL},
    {0},
};
