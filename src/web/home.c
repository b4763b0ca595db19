/* home.c - the front door of each reader (GET /).
 *
 *   public  upcoming meetings and their papers, recent decisions and
 *           publications, crime at a glance for the force and each district,
 *           search
 *   panel   their next meeting and its papers (those for the Panel before
 *           publication marked so), recommendations awaiting the PCC's
 *           response, the work programme, the plan's objectives
 *   staff   due and overdue, papers due for publication with their deadline
 *           (late ones flagged in words), drafts, recent changes in words
 *
 * Everything shown is a record the request's reader may open
 * (model/reader.h): the views it reads (peel_register_meetings, the records
 * it loads) pass peel_reader_record_visible, so a front door never names,
 * counts or hints at anything else.  "Today" is the clock's real date; when
 * nothing is scheduled after it (the demo's papers are from 2023) a section
 * says so and shows the latest meetings instead.  After these sections come
 * the home-page panels other modules declare (src/app). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/date.h"
#include "core/pool.h"
#include "crime/report.h"
#include "domain/geo.h"
#include "domain/register.h"
#include "model/records.h"
#include "model/transition.h"
#include "render/html.h"
#include "store/crime_db.h"
#include "store/store.h"
#include "web/cache.h"
#include "web/http.h"

#define UPCOMING_DAYS 365
#define PAPERS_AHEAD_DAYS 60

static const peel_value *fv(const peel_record *r, int field)
{
    return r && (size_t)field < r->type->nfields ? &r->v[field] : NULL;
}

static const char *text(const peel_record *r, int field)
{
    const peel_value *v = fv(r, field);
    return v && v->set && v->s ? v->s : "";
}

static bool isset(const peel_record *r, int field)
{
    const peel_value *v = fv(r, field);
    return v && v->set && (!v->s || *v->s);
}

/* s cut to at most max bytes at a character boundary, with "..." when cut,
 * in the request's arena. */
static const char *clip(peel_req *r, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return s;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return peel_pool_printf(r->pool, "%.*s...", (int)max, s);
}

static void search_box(peel_req *r)
{
    peel_html_lit(&r->out,
                  "<form class=\"search\" role=\"search\" method=\"get\" action=\"/search\">\n"
                  "<label class=\"label\" for=\"home-q\">Search meetings, papers, actions and "
                  "decisions</label>\n<div class=\"search__row\"><input class=\"input\" "
                  "id=\"home-q\" name=\"q\" type=\"search\" autocomplete=\"off\">"
                  "<button class=\"button\">Search</button></div>\n</form>\n");
}

/* "Police and Crime Panel: Budget meeting, Wednesday 26 July 2023, 13:00" */
static void meeting_heading(peel_req *r, const peel_reg_meeting *m, const char *tag)
{
    char when[40];
    peel_date_format_weekday(m->date, when);
    peel_html(&r->out,
              "<%s class=\"heading-s\"><a href=\"/records/meeting/%lld\">%s%s%s</a></%s>\n", tag,
              (long long)m->id, m->body, *m->title ? ": " : "", m->title, tag);
    peel_html(&r->out, "<p class=\"body meeting__when\">%s%s%s%s%s", when, *m->time ? ", " : "",
              m->time, *m->place ? ", " : "", m->place);
    if (m->cancelled)
        peel_html_lit(&r->out, " <strong class=\"tag\">Cancelled</strong>");
    peel_html_lit(&r->out, "</p>\n");
}

/* The papers of m as the reader may see them; for the Panel, the ones not
 * yet published are marked as theirs. */
static void meeting_papers(peel_req *r, const peel_reg_meeting *m, size_t limit)
{
    bool panel = peel_req_reader(r)->role == PEEL_ROLE_PANEL;
    if (!m->papers.n) {
        peel_html_lit(&r->out, "<p class=\"hint\">No papers are published for this meeting "
                               "yet.</p>\n");
        return;
    }
    peel_html_lit(&r->out, "<ul class=\"list papers\">\n");
    for (size_t k = 0; k < m->papers.n && k < limit; k++) {
        const peel_reg_paper *p = &m->papers.v[k];
        peel_html(&r->out, "<li><a href=\"/records/item/%lld\">%s%s%s</a>", (long long)p->id,
                  p->number, *p->number ? ". " : "", p->title);
        if (panel && !p->published)
            peel_html_lit(&r->out, " <strong class=\"tag tag--panel\">For the Panel: not yet "
                                   "published</strong>");
        peel_html_lit(&r->out, "</li>\n");
    }
    if (m->papers.n > limit)
        peel_html(
            &r->out,
            "<li><a href=\"/records/meeting/%lld\">All %lld papers of this meeting</a></li>\n",
            (long long)m->id, (long long)m->papers.n);
    peel_html_lit(&r->out, "</ul>\n");
}

/* Meetings of [from, to] the reader may see, late papers as of today. */
static int meetings(peel_req *r, peel_date from, peel_date to, peel_reg_meetings *out,
                    peel_err *err)
{
    return peel_register_meetings(r->store, peel_req_reader(r), from, to, peel_clock_today(), out,
                                  err);
}

/* The latest n meetings held before today (for when none is scheduled). */
static int latest_meetings(peel_req *r, size_t n, peel_err *err)
{
    peel_date today = peel_clock_today();
    peel_reg_meetings past;
    if (meetings(r, today - 3660, today - 1, &past, err) < 0)
        return -1;
    if (!past.n) {
        peel_register_meetings_free(&past);
        return 0;
    }
    peel_html_lit(&r->out, "<p class=\"body\">The latest meetings held:</p>\n");
    for (size_t i = past.n; i > 0 && past.n - i < n; i--) {
        meeting_heading(r, &past.v[i - 1], "h3");
        meeting_papers(r, &past.v[i - 1], 8);
    }
    peel_register_meetings_free(&past);
    return 0;
}

static void no_meetings_note(peel_req *r)
{
    char today[40];
    peel_date_format_long(peel_clock_today(), today);
    peel_html(&r->out,
              "<p class=\"body\" role=\"note\">No meeting is scheduled after today, %s.</p>\n",
              today);
}

static int upcoming(peel_req *r, peel_err *err)
{
    peel_date today = peel_clock_today();
    peel_reg_meetings ms;
    size_t shown = 0;

    peel_html_lit(&r->out, "<section aria-labelledby=\"h-meetings\"><h2 class=\"heading-m\" "
                           "id=\"h-meetings\">Upcoming meetings</h2>\n");
    if (meetings(r, today, today + UPCOMING_DAYS, &ms, err) < 0)
        return -1;
    for (size_t i = 0; i < ms.n && shown < 5; i++, shown++) {
        meeting_heading(r, &ms.v[i], "h3");
        meeting_papers(r, &ms.v[i], 8);
    }
    peel_register_meetings_free(&ms);
    if (!shown) {
        no_meetings_note(r);
        if (latest_meetings(r, 2, err) < 0)
            return -1;
    }
    peel_html_lit(&r->out, "<p class=\"body\"><a href=\"/register/calendar\">The statutory "
                           "calendar</a> lists every meeting and deadline of the year.</p>\n"
                           "</section>\n");
    return 0;
}

/* ---- recent decisions and publications ---- */

typedef struct dated {
    const peel_record *r;
    int64_t date;
} dated;

static int cmp_dated_desc(const void *x, const void *y)
{
    const dated *a = x, *b = y;
    if (a->date != b->date)
        return a->date < b->date ? 1 : -1;
    return a->r->id < b->r->id ? 1 : a->r->id > b->r->id ? -1 : 0;
}

static int decisions(peel_req *r, peel_err *err)
{
    peel_records items, ms;
    dated *v = NULL;
    size_t n = 0;
    int rc = 0;

    if (peel_records_load(r->store, &peel_type_item, &items, err) < 0)
        return -1;
    if (peel_records_load(r->store, &peel_type_meeting, &ms, err) < 0) {
        peel_records_free(&items);
        return -1;
    }
    v = calloc(items.n + 1, sizeof *v);
    if (!v)
        rc = peel_err_set(err, PEEL_ENOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < items.n; i++) {
        const peel_record *it = items.v[i];
        const peel_value *mv = fv(it, PEEL_ITEM_MEETING);
        const peel_record *m = mv && mv->set ? peel_records_get(&ms, mv->i) : NULL;
        const peel_value *dv = fv(m, PEEL_MEETING_DATE);
        if (!isset(it, PEEL_ITEM_DECISION) && !isset(it, PEEL_ITEM_RESOLUTION))
            continue;
        if (!peel_reader_record_visible(peel_req_reader(r), it) ||
            !peel_reader_record_visible(peel_req_reader(r), m) || !dv || !dv->set)
            continue;
        v[n++] = (dated){it, dv->i};
    }
    if (rc == 0) {
        qsort(v, n, sizeof *v, cmp_dated_desc);
        peel_html_lit(&r->out, "<section aria-labelledby=\"h-decisions\"><h2 class=\"heading-m\" "
                               "id=\"h-decisions\">Recent decisions</h2>\n");
        if (!n)
            peel_html_lit(&r->out, "<p class=\"body\">No decisions are published yet.</p>\n");
        else
            peel_html_lit(&r->out, "<ul class=\"list\">\n");
        for (size_t i = 0; i < n && i < 5; i++) {
            char when[32];
            const char *what = isset(v[i].r, PEEL_ITEM_DECISION)
                                   ? text(v[i].r, PEEL_ITEM_DECISION)
                                   : text(v[i].r, PEEL_ITEM_RESOLUTION);
            peel_date_format_long((peel_date)v[i].date, when);
            peel_html(&r->out,
                      "<li><a href=\"/records/item/%lld\">%s</a> <span class=\"hint\">(%s)</span>"
                      "<br><span class=\"summary\">%s</span></li>\n",
                      (long long)v[i].r->id, text(v[i].r, PEEL_ITEM_TITLE), when,
                      clip(r, what, 300));
        }
        if (n)
            peel_html_lit(&r->out, "</ul>\n");
        peel_html_lit(&r->out, "</section>\n");
    }
    free(v);
    peel_records_free(&items);
    peel_records_free(&ms);
    return rc;
}

static int publications(peel_req *r, peel_err *err)
{
    peel_records pubs;
    dated *v;
    size_t n = 0;

    if (peel_records_load(r->store, &peel_type_publication, &pubs, err) < 0)
        return -1;
    v = calloc(pubs.n + 1, sizeof *v);
    if (!v) {
        peel_records_free(&pubs);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < pubs.n; i++) {
        const peel_value *dv = fv(pubs.v[i], PEEL_PUBLICATION_PUBLISHED);
        if (peel_reader_record_visible(peel_req_reader(r), pubs.v[i]))
            v[n++] = (dated){pubs.v[i], dv && dv->set ? dv->i : 0};
    }
    qsort(v, n, sizeof *v, cmp_dated_desc);
    peel_html_lit(&r->out, "<section aria-labelledby=\"h-pubs\"><h2 class=\"heading-m\" "
                           "id=\"h-pubs\">Recent publications</h2>\n");
    if (!n)
        peel_html_lit(&r->out, "<p class=\"body\">No publications yet.</p>\n");
    else
        peel_html_lit(&r->out, "<ul class=\"list\">\n");
    for (size_t i = 0; i < n && i < 5; i++) {
        char when[32] = "";
        if (v[i].date)
            peel_date_format_long((peel_date)v[i].date, when);
        peel_html(&r->out, "<li><a href=\"/records/publication/%lld\">%s</a>",
                  (long long)v[i].r->id, text(v[i].r, PEEL_PUBLICATION_TITLE));
        if (*when)
            peel_html(&r->out, " <span class=\"hint\">(published %s)</span>", when);
        peel_html_lit(&r->out, "</li>\n");
    }
    if (n)
        peel_html_lit(&r->out, "</ul>\n<p class=\"body\"><a href=\"/register/hmicfrs\">HMICFRS "
                               "inspections and the PCC's responses</a></p>\n");
    peel_html_lit(&r->out, "</section>\n");
    free(v);
    peel_records_free(&pubs);
    return 0;
}

/* ---- crime at a glance ---- */

/* Whether the reader may open area record id (districts and the force are
 * named only when it may). */
static bool area_visible(peel_req *r, int64_t id)
{
    peel_record *rec = NULL;
    peel_err e = PEEL_ERR_INIT;
    if (id <= 0 || peel_store_get(r->store, &peel_type_area, id, &rec, &e) < 0)
        return false;
    bool ok = peel_reader_record_visible(peel_req_reader(r), rec);
    peel_record_free(rec);
    return ok;
}

/* Sum of by_month over the 12 months ending at `end` (clipped), and whether
 * all 12 are in the view and hold data. */
static int64_t year_to(const peel_crime_view *v, const int64_t *by_month, peel_month end,
                       bool *whole)
{
    int64_t sum = 0;
    *whole = true;
    for (peel_month m = end - 11; m <= end; m++) {
        if (m < v->from || m > v->to || !v->have[m - v->from]) {
            *whole = false;
            continue;
        }
        sum += by_month[m - v->from];
    }
    return sum;
}

/* "up 4.2%" / "down 1.0%" / "no change", or "" when either year is short. */
static void trend(char *out, size_t n, int64_t now, bool now_whole, int64_t before,
                  bool before_whole)
{
    out[0] = '\0';
    if (!now_whole || !before_whole || before <= 0)
        return;
    double pct = 100.0 * (double)(now - before) / (double)before;
    if (now == before)
        snprintf(out, n, "no change on the 12 months before");
    else
        snprintf(out, n, "%s %.1f%% on the 12 months before", now > before ? "up" : "down",
                 pct < 0 ? -pct : pct);
}

static void crime_row(peel_req *r, const peel_crime_view *v, const char *name, const char *code,
                      const int64_t *by_month, bool is_force, bool with_trend)
{
    bool w1 = false, w2 = false;
    int64_t latest = v->have[v->to - v->from] ? by_month[v->to - v->from] : -1;
    int64_t y1 = year_to(v, by_month, v->to, &w1), y0 = year_to(v, by_month, v->to - 12, &w2);
    char t[80];
    trend(t, sizeof t, y1, w1, y0, w2);
    if (is_force)
        peel_html(&r->out, "<tr><th scope=\"row\">%s (force)</th>", name);
    else
        peel_html(&r->out, "<tr><th scope=\"row\"><a href=\"/crime/pack/%q\">%s</a></th>", code,
                  name);
    if (latest >= 0)
        peel_html(&r->out, "<td class=\"num\">%lld</td>", (long long)latest);
    else
        peel_html_lit(&r->out, "<td>no data</td>");
    peel_html(&r->out, "<td class=\"num\">%lld</td>", (long long)y1);
    if (with_trend)
        peel_html(&r->out, "<td>%s</td>", *t ? t : "not enough months to compare");
    peel_html_lit(&r->out, "</tr>\n");
}

static int crime_glance(peel_req *r, peel_err *err)
{
    peel_crime_view v;
    peel_crime_view_args a = {0};
    peel_month first, last;
    char lm[24];

    peel_html_lit(&r->out, "<section aria-labelledby=\"h-crime\"><h2 class=\"heading-m\" "
                           "id=\"h-crime\">Crime at a glance</h2>\n");
    int have = peel_crime_db_month_range(r->store, &first, &last, err);
    if (have < 0)
        return -1;
    if (!have) {
        peel_html_lit(&r->out,
                      "<p class=\"body\">No police.uk crime data has been imported yet, so there "
                      "are no crime figures to show. The OPCC imports the monthly street-level "
                      "files published at <a href=\"https://data.police.uk/data/\">data.police.uk"
                      "</a> with <code>peel crime import FOLDER</code>, as peel's README "
                      "describes.</p>\n</section>\n");
        return 0;
    }
    if (peel_crime_view_load(r->store, &a, &v, err) < 0)
        return -1;
    peel_month_format_long(v.to, lm);
    size_t held = 0;
    for (size_t i = 0; i < v.nm; i++)
        held += v.have[i];
    if (v.nm == 1)
        peel_html(&r->out,
                  "<p class=\"body\">Police recorded crime and anti-social behaviour from "
                  "police.uk. One month holds data: %s. A trend needs two years of months.</p>\n",
                  lm);
    else
        peel_html(&r->out,
                  "<p class=\"body\">Police recorded crime and anti-social behaviour from "
                  "police.uk. Latest month: %s. %lld of the %lld months from the first imported "
                  "to the latest hold data; a 12-month total counts only those, and a trend needs "
                  "the 24 months to the latest.</p>\n",
                  lm, (long long)held, (long long)v.nm);
    /* the trend column only when the force's two years can be compared */
    bool w1, w2;
    year_to(&v, v.month_total, v.to, &w1);
    year_to(&v, v.month_total, v.to - 12, &w2);
    bool with_trend = w1 && w2;
    peel_html(&r->out,
              "<div class=\"table-wrap\"><table>\n<caption class=\"visually-hidden\">Crimes "
              "recorded, %s and the 12 months to it</caption>\n<thead><tr><th scope=\"col\">"
              "Area</th><th scope=\"col\">%s</th><th scope=\"col\">12 months to %s</th>",
              lm, lm, lm);
    if (with_trend)
        peel_html_lit(&r->out, "<th scope=\"col\">Trend</th>");
    peel_html_lit(&r->out, "</tr></thead><tbody>\n");
    bool force = !strcmp(v.area.kind, "force") && area_visible(r, v.area.id);
    crime_row(r, &v, force ? v.area.name : "All imported data", "", v.month_total, true,
              with_trend);
    for (size_t i = 0; force && i < v.nparts; i++)
        if (v.parts[i].id > 0 && area_visible(r, v.parts[i].id))
            crime_row(r, &v, v.parts[i].name, v.parts[i].code, v.parts[i].by_month, false,
                      with_trend);
    peel_html_lit(&r->out, "</tbody></table></div>\n<p class=\"body\"><a href=\"/crime\">Crime "
                           "performance by district</a></p>\n</section>\n");
    peel_crime_view_release(&v);
    return 0;
}

/* ---- the Panel ---- */

/* The next meeting of a Panel (a body of kind "panel") the reader may see;
 * else the next meeting of any body. */
static int panel_next(peel_req *r, peel_err *err)
{
    peel_date today = peel_clock_today();
    peel_reg_meetings ms;
    peel_records bodies;
    const peel_reg_meeting *next = NULL;

    peel_html_lit(&r->out, "<section aria-labelledby=\"h-next\"><h2 class=\"heading-m\" "
                           "id=\"h-next\">Your next meeting</h2>\n");
    if (meetings(r, today, today + UPCOMING_DAYS, &ms, err) < 0)
        return -1;
    if (peel_records_load(r->store, &peel_type_body, &bodies, err) < 0) {
        peel_register_meetings_free(&ms);
        return -1;
    }
    for (size_t i = 0; i < ms.n && !next; i++)
        if (!ms.v[i].cancelled &&
            !strcmp(text(peel_records_get(&bodies, ms.v[i].body_id), PEEL_BODY_KIND), "panel"))
            next = &ms.v[i];
    if (!next && ms.n)
        next = &ms.v[0];
    if (next) {
        meeting_heading(r, next, "h3");
        if (next->has_deadline) {
            char due[40];
            peel_date_format_weekday(next->deadline, due);
            peel_html(&r->out, "<p class=\"body\">Papers due to be published by %s.</p>\n", due);
        }
        meeting_papers(r, next, 30);
    } else {
        no_meetings_note(r);
        if (latest_meetings(r, 1, err) < 0) {
            peel_records_free(&bodies);
            peel_register_meetings_free(&ms);
            return -1;
        }
    }
    peel_records_free(&bodies);
    peel_register_meetings_free(&ms);
    peel_html_lit(&r->out, "</section>\n");
    return 0;
}

/* The recommendations whose lifecycle state today is the initial one,
 * awaiting the PCC's response (domain/register.h): read from each one's
 * history, never guessed from its fields. */
static int awaiting_response(peel_req *r, peel_err *err)
{
    peel_records recs;
    peel_history h;
    size_t n = 0;
    peel_date today = peel_clock_today();
    if (peel_records_load(r->store, &peel_type_recommendation, &recs, err) < 0)
        return -1;
    if (peel_transition_history(r->store, &peel_type_recommendation, 0, &h, err) < 0) {
        peel_records_free(&recs);
        return -1;
    }
    peel_html_lit(&r->out, "<section aria-labelledby=\"h-recs\"><h2 class=\"heading-m\" "
                           "id=\"h-recs\">Recommendations awaiting the PCC's response</h2>\n");
    for (size_t i = 0; i < recs.n; i++) {
        const peel_record *rec = recs.v[i];
        const peel_value *due = fv(rec, PEEL_RECOMMENDATION_RESPONSE_DUE);
        if (!peel_reader_record_visible(peel_req_reader(r), rec) ||
            strcmp(peel_history_state_on(&peel_recommendation_lifecycle, &h, rec->id, today, NULL),
                   PEEL_REC_AWAITING))
            continue;
        if (!n++)
            peel_html_lit(&r->out, "<ul class=\"list\">\n");
        peel_html(&r->out, "<li><a href=\"/records/recommendation/%lld\">%s</a> %s",
                  (long long)rec->id, text(rec, PEEL_RECOMMENDATION_REF),
                  clip(r, text(rec, PEEL_RECOMMENDATION_TEXT), 200));
        if (due && due->set) {
            char when[32];
            peel_date_format_long((peel_date)due->i, when);
            peel_html(&r->out, " <span class=\"hint\">(response due %s)</span>", when);
        }
        peel_html_lit(&r->out, "</li>\n");
    }
    if (n)
        peel_html_lit(&r->out, "</ul>\n");
    else
        peel_html_lit(&r->out, "<p class=\"body\">No recommendation you can see is awaiting "
                               "a response.</p>\n");
    peel_html_lit(&r->out, "<p class=\"body\"><a href=\"/register/recommendations\">All "
                           "recommendations and their status</a></p>\n</section>\n");
    peel_history_release(&h);
    peel_records_free(&recs);
    return 0;
}

/* The records tagged to each objective that the reader may open, by kind:
 * the golden thread's evidence (objective_tag's targets). */
#define NEVIDENCE 5
static const int evidence_field[NEVIDENCE] = {
    PEEL_OBJECTIVE_TAG_ITEM, PEEL_OBJECTIVE_TAG_ACTION, PEEL_OBJECTIVE_TAG_RECOMMENDATION,
    PEEL_OBJECTIVE_TAG_PUBLICATION, PEEL_OBJECTIVE_TAG_PLAN_ENTRY};
static const peel_type *const evidence_type[NEVIDENCE] = {
    &peel_type_item, &peel_type_action, &peel_type_recommendation, &peel_type_publication,
    &peel_type_plan_entry};
static const char *const evidence_name[NEVIDENCE][2] = {
    {"agenda item", "agenda items"},
    {"action", "actions"},
    {"recommendation", "recommendations"},
    {"HMICFRS publication", "HMICFRS publications"},
    {"work programme entry", "work programme entries"}};

typedef struct evidence {
    peel_records tags, targets[NEVIDENCE];
} evidence;

static void evidence_free(evidence *e)
{
    peel_records_free(&e->tags);
    for (int k = 0; k < NEVIDENCE; k++)
        peel_records_free(&e->targets[k]);
}

static int evidence_load(peel_req *r, evidence *e, peel_err *err)
{
    memset(e, 0, sizeof *e);
    if (peel_records_load(r->store, &peel_type_objective_tag, &e->tags, err) < 0)
        return -1;
    for (int k = 0; k < NEVIDENCE; k++)
        if (peel_records_load(r->store, evidence_type[k], &e->targets[k], err) < 0) {
            evidence_free(e);
            return -1;
        }
    return 0;
}

/* ": evidence: 2 agenda items, 1 action", or nothing. */
static void evidence_line(peel_req *r, const evidence *e, int64_t objective)
{
    size_t n[NEVIDENCE] = {0}, total = 0;
    for (size_t i = 0; i < e->tags.n; i++) {
        const peel_record *tag = e->tags.v[i];
        const peel_value *ov = fv(tag, PEEL_OBJECTIVE_TAG_OBJECTIVE);
        if (!ov || !ov->set || ov->i != objective)
            continue;
        for (int k = 0; k < NEVIDENCE; k++) {
            const peel_value *tv = fv(tag, evidence_field[k]);
            if (tv && tv->set &&
                peel_reader_record_visible(peel_req_reader(r),
                                           peel_records_get(&e->targets[k], tv->i))) {
                n[k]++;
                total++;
            }
        }
    }
    if (!total)
        return;
    peel_html_lit(&r->out, "<br><span class=\"hint\">Evidence: ");
    for (int k = 0, first = 1; k < NEVIDENCE; k++) {
        if (!n[k])
            continue;
        peel_html(&r->out, "%s%lld %s", first ? "" : ", ", (long long)n[k],
                  evidence_name[k][n[k] != 1]);
        first = 0;
    }
    peel_html_lit(&r->out, "</span>");
}

static int objectives(peel_req *r, peel_err *err)
{
    peel_records objs, plans;
    evidence ev;
    size_t n = 0;
    if (peel_records_load(r->store, &peel_type_objective, &objs, err) < 0)
        return -1;
    if (peel_records_load(r->store, &peel_type_plan, &plans, err) < 0) {
        peel_records_free(&objs);
        return -1;
    }
    if (evidence_load(r, &ev, err) < 0) {
        peel_records_free(&objs);
        peel_records_free(&plans);
        return -1;
    }
    peel_html_lit(&r->out, "<section aria-labelledby=\"h-plan\"><h2 class=\"heading-m\" "
                           "id=\"h-plan\">The plan's objectives</h2>\n");
    for (size_t i = 0; i < objs.n; i++) {
        const peel_record *o = objs.v[i];
        const peel_value *pv = fv(o, PEEL_OBJECTIVE_PLAN);
        const peel_record *plan = pv && pv->set ? peel_records_get(&plans, pv->i) : NULL;
        if (!peel_reader_record_visible(peel_req_reader(r), o))
            continue;
        if (!n++)
            peel_html_lit(&r->out, "<ul class=\"list\">\n");
        peel_html(&r->out, "<li><a href=\"/records/objective/%lld\">%s</a>", (long long)o->id,
                  text(o, PEEL_OBJECTIVE_NAME));
        if (peel_reader_record_visible(peel_req_reader(r), plan))
            peel_html(&r->out, " <span class=\"hint\">(%s)</span>", text(plan, PEEL_PLAN_NAME));
        evidence_line(r, &ev, o->id);
        peel_html_lit(&r->out, "</li>\n");
    }
    if (n)
        peel_html_lit(&r->out, "</ul>\n");
    else
        peel_html_lit(&r->out, "<p class=\"body\">No objectives are published.</p>\n");
    peel_html_lit(&r->out, "</section>\n");
    evidence_free(&ev);
    peel_records_free(&objs);
    peel_records_free(&plans);
    return 0;
}

static void panel_links(peel_req *r)
{
    peel_html_lit(&r->out,
                  "<section aria-labelledby=\"h-work\"><h2 class=\"heading-m\" id=\"h-work\">Your "
                  "work</h2>\n<ul class=\"list\">\n"
                  "<li><a href=\"/register/work-programme\">The Panel's work programme</a>: what "
                  "each meeting will consider and why</li>\n"
                  "<li><a href=\"/register/actions\">The action tracker</a>: the actions the PCC "
                  "and the force have taken on, open and overdue</li>\n"
                  "<li><a href=\"/register/reports/cgb\">The Corporate Governance Board report "
                  "to the Panel</a></li>\n</ul>\n</section>\n");
}

/* ---- staff ---- */

static int papers_due(peel_req *r, peel_err *err)
{
    peel_date today = peel_clock_today();
    peel_reg_meetings ms;
    size_t shown = 0;

    peel_html_lit(&r->out, "<section aria-labelledby=\"h-papers\"><h2 class=\"heading-m\" "
                           "id=\"h-papers\">Papers due for publication</h2>\n");
    if (meetings(r, today, today + PAPERS_AHEAD_DAYS, &ms, err) < 0)
        return -1;
    for (size_t i = 0; i < ms.n; i++) {
        const peel_reg_meeting *m = &ms.v[i];
        char due[40], when[40];
        if (!m->has_deadline)
            continue;
        if (!shown++)
            peel_html_lit(&r->out,
                          "<div class=\"table-wrap\"><table>\n<caption class=\"visually-hidden\">"
                          "Meetings in the next 60 days and their papers' publication deadline"
                          "</caption>\n<thead><tr><th scope=\"col\">Meeting</th><th scope=\"col\">"
                          "Papers due by</th><th scope=\"col\">Status</th></tr></thead>"
                          "<tbody>\n");
        peel_date_format_weekday(m->deadline, due);
        peel_date_format_long(m->date, when);
        peel_html(&r->out,
                  "<tr><td><a href=\"/records/meeting/%lld\">%s</a><br><span class=\"hint\">%s"
                  "</span></td><td>%s<br><span class=\"hint\">%d clear working days before"
                  "</span></td><td>%lld of %lld published. ",
                  (long long)m->id, m->body, when, due, m->clear_days, (long long)m->npublished,
                  (long long)m->papers.n);
        bool all = m->papers.n && m->npublished == m->papers.n; /* the count says so */
        if (m->nlate)
            peel_html(&r->out,
                      "<strong class=\"tag tag--red\">Late: %lld paper%s not published by the "
                      "deadline</strong>",
                      (long long)m->nlate, m->nlate == 1 ? "" : "s");
        else if (all)
            peel_html_lit(&r->out, "All published");
        else if (today == m->deadline)
            peel_html_lit(&r->out, "<strong class=\"tag\">Due today</strong>");
        else if (today < m->deadline)
            peel_html(&r->out, "Due in %lld day%s", (long long)(m->deadline - today),
                      m->deadline - today == 1 ? "" : "s");
        else
            peel_html_lit(&r->out, "Deadline passed");
        peel_html_lit(&r->out, "</td></tr>\n");
    }
    peel_register_meetings_free(&ms);
    if (shown) {
        peel_html_lit(&r->out, "</tbody></table></div>\n");
    } else {
        char t[40];
        peel_date_format_long(today, t);
        peel_html(&r->out,
                  "<p class=\"body\" role=\"note\">No meeting is scheduled in the 60 days from "
                  "today, %s, so no papers are due. <a href=\"/records/meeting?_sort=date&amp;"
                  "_dir=desc\">The latest meetings</a></p>\n",
                  t);
    }
    peel_html_lit(&r->out, "</section>\n");
    return 0;
}

/* Records not published (nor for the Panel) of the register's types that
 * publish, newest first: what staff have still to finish. */
static int drafts(peel_req *r, peel_err *err)
{
    static const peel_type *const types[] = {&peel_type_meeting,     &peel_type_item,
                                             &peel_type_publication, &peel_type_recommendation,
                                             &peel_type_action,      &peel_type_plan_entry};
    size_t shown = 0;
    peel_html_lit(&r->out, "<section aria-labelledby=\"h-drafts\"><h2 class=\"heading-m\" "
                           "id=\"h-drafts\">Drafts</h2>\n<p class=\"body\">Records not yet "
                           "published nor shared with the Panel, newest first.</p>\n");
    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
        const peel_type *ty = types[t];
        const peel_field *pub = peel_type_flagged(ty, PEEL_PUBLISHES);
        const peel_field *fp = peel_type_flagged(ty, PEEL_FOR_PANEL);
        peel_records all;
        size_t n = 0;
        if (!pub || !peel_reader_type_readable(peel_req_reader(r), ty))
            continue;
        if (peel_records_load(r->store, ty, &all, err) < 0)
            return -1;
        for (size_t i = all.n; i > 0 && n < 5; i--) {
            const peel_record *rec = all.v[i - 1];
            const peel_value *pv = &rec->v[pub - ty->fields];
            const peel_value *fpv = fp ? &rec->v[fp - ty->fields] : NULL;
            peel_buf title = PEEL_BUF_INIT;
            if ((pv->set && pv->i == 1) || (fpv && fpv->set && fpv->i == 1) ||
                !peel_reader_record_visible(peel_req_reader(r), rec))
                continue;
            if (!shown++)
                peel_html_lit(&r->out, "<ul class=\"list\">\n");
            n++;
            peel_page_record_title(rec, &title);
            peel_html(&r->out, "<li>%s <a href=\"/records/%q/%lld\">%s</a>", ty->label, ty->name,
                      (long long)rec->id, peel_buf_str(&title));
            if (peel_record_class(rec) == PEEL_OFFICIAL_SENSITIVE)
                peel_page_sensitive_tag(r);
            peel_html_lit(&r->out, "</li>\n");
            peel_buf_release(&title);
        }
        peel_records_free(&all);
    }
    if (shown)
        peel_html_lit(&r->out, "</ul>\n");
    else
        peel_html_lit(&r->out, "<p class=\"body\">No drafts.</p>\n");
    peel_html_lit(&r->out, "</section>\n");
    return 0;
}

/* The generic panels this page places itself (pages.c); other modules'
 * panels follow the front door's own sections. */
static bool placed_here(const peel_panel *pn)
{
    return pn->fn == peel_panel_due || pn->fn == peel_panel_recent ||
           pn->fn == peel_panel_published;
}

static int other_panels(peel_req *r, peel_panel_for audience, peel_err *err)
{
    for (size_t m = 0; r->cfg->panels[m]; m++)
        for (const peel_panel *pn = r->cfg->panels[m]; pn->name; pn++)
            if (pn->audience == audience && !placed_here(pn) && pn->fn(r, err) < 0)
                return -1;
    return 0;
}

static int other_panels_public(peel_req *r, peel_err *err)
{
    return other_panels(r, PEEL_PANEL_PUBLIC, err);
}

static void intro(peel_req *r, const char *title, const char *lede)
{
    peel_page_begin(r, title);
    peel_html(&r->out, "<h1 class=\"heading-l\">%s</h1>\n<p class=\"lede\">%s</p>\n", title, lede);
}

int peel_page_home(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_reader *rd = peel_req_reader(r);
    (void)p;

    if (peel_reader_sees_sensitive(rd)) {
        intro(r, "What needs attention",
              "Due and overdue records, papers to publish, drafts and the latest changes.");
        search_box(r);
        if (peel_panel_due(r, err) < 0 || papers_due(r, err) < 0 || drafts(r, err) < 0 ||
            peel_panel_recent(r, err) < 0 || other_panels(r, PEEL_PANEL_STAFF, err) < 0)
            return -1;
    } else if (rd->role == PEEL_ROLE_PANEL) {
        intro(r, "Your Panel work",
              "Your next meeting and its papers, recommendations awaiting the Police and Crime "
              "Commissioner's response, the work programme and the plan's objectives.");
        search_box(r);
        if (panel_next(r, err) < 0 || awaiting_response(r, err) < 0)
            return -1;
        panel_links(r);
        if (objectives(r, err) < 0 || peel_panel_published(r, err) < 0 ||
            other_panels(r, PEEL_PANEL_PUBLIC, err) < 0)
            return -1;
    } else {
        intro(r, "Meetings, decisions and crime figures",
              "What the Office of the Police and Crime Commissioner publishes: meetings and "
              "their papers, decisions, inspections and police recorded crime.");
        search_box(r);
        /* each section a part of its own, built again only when what it
         * read changes (cache.h): a person's edit recounts the people */
        if (peel_cache_part(r, "home-upcoming", upcoming, err) < 0 ||
            peel_cache_part(r, "home-decisions", decisions, err) < 0 ||
            peel_cache_part(r, "home-publications", publications, err) < 0 ||
            peel_cache_part(r, "home-crime-glance", crime_glance, err) < 0 ||
            peel_cache_part(r, "home-published", peel_panel_published, err) < 0 ||
            peel_cache_part(r, "home-other-panels", other_panels_public, err) < 0)
            return -1;
    }
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}
