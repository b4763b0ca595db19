/* summary.c - the period summary and the coverage of a financial year
 * (summary.h), from the records the reader may open.
 *
 * An engagement is in a period when its date is, or, when the paper gives
 * only the period it fell in (held_from..held_to), when that period lies
 * wholly inside; one whose known period only overlaps is counted apart as
 * not placed.  It counts as held when its state today is held, debriefed
 * or outcome published.  Follow-up actions are the register's actions that
 * arose from an engagement (arose_from "engagement") and name it by its
 * reference in origin_note.  Written replies are the correspondence
 * (contact) answered in the period (answered_on) with a written reply; a
 * reader who may not open correspondence gets no such row.
 * docs/METHODS.md, "Engagement". */
#include "engagement/summary.h"
#include "model/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/str.h"
#include "core/vec.h"
#include "domain/geo.h"
#include "domain/register.h"
#include "engagement/engagement.h"
#include "model/records.h"
#include "model/transition.h"

void peel_eng_rows_release(peel_eng_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        free(rows->v[i].section);
        free(rows->v[i].item);
        free(rows->v[i].flag);
    }
    peel_vec_release(rows);
}

static int add(peel_eng_rows *out, const char *section, const char *item, int64_t n,
               const char *flag, peel_err *err)
{
    peel_eng_row *r = peel_vec_push(out);
    if (!r || !(r->section = peel_strdup(section)) || !(r->item = peel_strdup(item)) ||
        !(r->flag = peel_strdup(flag)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory computing the engagement view");
    r->n = n;
    return 0;
}

/* Where an engagement falls against the period from..to. */
enum place { OUTSIDE, INSIDE, OVERLAPS, UNDATED };

static enum place place_of(const peel_record *e, peel_date from, peel_date to)
{
    if (peel_rec_has(e, PEEL_ENG_DATE))
        return peel_rec_int(e, PEEL_ENG_DATE) >= from && peel_rec_int(e, PEEL_ENG_DATE) <= to
                   ? INSIDE
                   : OUTSIDE;
    if (!peel_rec_has(e, PEEL_ENG_HELD_FROM) || !peel_rec_has(e, PEEL_ENG_HELD_TO))
        return UNDATED;
    if (peel_rec_int(e, PEEL_ENG_HELD_FROM) >= from && peel_rec_int(e, PEEL_ENG_HELD_TO) <= to)
        return INSIDE;
    if (peel_rec_int(e, PEEL_ENG_HELD_TO) < from || peel_rec_int(e, PEEL_ENG_HELD_FROM) > to)
        return OUTSIDE;
    return OVERLAPS;
}

/* The engagement's state today, a value of its lifecycle (static). */
static int state_of(peel_store *s, const peel_record *e, const char **state, peel_err *err)
{
    peel_history h;
    if (peel_transition_history(s, &peel_type_engagement, e->id, &h, err) < 0)
        return -1;
    const peel_lc_state *st = peel_lifecycle_state(
        &peel_engagement_lifecycle,
        peel_history_state_on(&peel_engagement_lifecycle, &h, e->id, peel_clock_today(), NULL));
    *state = st ? st->value : peel_engagement_lifecycle.initial;
    peel_history_release(&h);
    return 0;
}

static bool is_held(const char *state)
{
    return !strcmp(state, "held") || !strcmp(state, "debriefed") || !strcmp(state, "published");
}

static const peel_record *find_id(const peel_records *rs, int64_t id)
{
    for (size_t i = 0; i < rs->n; i++)
        if (rs->v[i]->id == id)
            return rs->v[i];
    return NULL;
}

/* An area's name as the reader may read it; "" when it may not open it. */
static const char *area_name(const peel_records *areas, const peel_record *e, int field)
{
    const peel_record *a = peel_rec_has(e, field) ? find_id(areas, peel_rec_int(e, field)) : NULL;
    return a ? peel_rec_str(a, PEEL_AREA_NAME) : "";
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Rows "section, name, count" for a list of names, counted and sorted. */
static int add_counted(peel_eng_rows *out, const char *section, const char **names, size_t n,
                       peel_err *err)
{
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && !strcmp(names[j], names[i]))
            j++;
        if (add(out, section, names[i], (int64_t)(j - i), "", err) < 0)
            return -1;
        i = j;
    }
    return 0;
}

typedef struct ctx {
    peel_store *s;
    const peel_reader *rd;
    peel_records eng, areas, fb, themes, actions, pauses, contacts;
    const char **held_state; /* per engagement */
} ctx;

static void ctx_release(ctx *c)
{
    peel_records_free(&c->eng);
    peel_records_free(&c->areas);
    peel_records_free(&c->fb);
    peel_records_free(&c->themes);
    peel_records_free(&c->actions);
    peel_records_free(&c->pauses);
    peel_records_free(&c->contacts);
    free(c->held_state);
}

static int ctx_load(ctx *c, bool all, peel_err *err)
{
    if (peel_records_load_visible(c->s, c->rd, &peel_type_engagement, &c->eng, err) < 0 ||
        peel_records_load_visible(c->s, c->rd, peel_type_find("area"), &c->areas, err) < 0)
        return -1;
    if (all && (peel_records_load_visible(c->s, c->rd, &peel_type_feedback, &c->fb, err) < 0 ||
                peel_records_load_visible(c->s, c->rd, &peel_type_theme, &c->themes, err) < 0 ||
                peel_records_load_visible(c->s, c->rd, &peel_type_action, &c->actions, err) < 0 ||
                peel_records_load_visible(c->s, c->rd, &peel_type_pause, &c->pauses, err) < 0))
        return -1;
    if (all && peel_reader_type_readable(c->rd, &peel_type_contact) &&
        peel_records_load_visible(c->s, c->rd, &peel_type_contact, &c->contacts, err) < 0)
        return -1;
    if (!(c->held_state = calloc(c->eng.n + 1, sizeof *c->held_state)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory computing the engagement view");
    for (size_t i = 0; i < c->eng.n; i++)
        if (state_of(c->s, c->eng.v[i], &c->held_state[i], err) < 0)
            return -1;
    return 0;
}

/* The index of the engagement with that id among those loaded, or their count. */
static size_t eng_index(const ctx *c, int64_t id)
{
    size_t i = 0;
    while (i < c->eng.n && c->eng.v[i]->id != id)
        i++;
    return i;
}

static bool is_community_day(const peel_record *e)
{
    return !strcmp(peel_rec_str(e, PEEL_ENG_KIND), "community_day");
}

/* The engagements counted in each month of the period, each month
 * labelled with the pauses that fall in it, so that a quiet month reads as
 * paused, not idle; then each pause with the days of it in the period, or
 * that its dates are not recorded (no month can be labelled). */
static int months_rows(ctx *c, peel_date from, peel_date to, const bool *counted,
                       peel_eng_rows *out, peel_err *err)
{
    int64_t unplaced = 0;
    for (size_t i = 0; i < c->eng.n; i++)
        unplaced += counted[i] && !peel_rec_has(c->eng.v[i], PEEL_ENG_DATE) &&
                    peel_month_of_date((peel_date)peel_rec_int(c->eng.v[i], PEEL_ENG_HELD_FROM)) !=
                        peel_month_of_date((peel_date)peel_rec_int(c->eng.v[i], PEEL_ENG_HELD_TO));
    for (peel_month m = peel_month_of_date(from); m <= peel_month_of_date(to); m++) {
        peel_date a = peel_month_first_day(m), b = peel_month_last_day(m);
        char item[24], flag[400] = "";
        size_t fl = 0;
        int64_t k = 0;
        a = a < from ? from : a;
        b = b > to ? to : b;
        for (size_t i = 0; i < c->eng.n; i++)
            k += counted[i] && place_of(c->eng.v[i], a, b) == INSIDE;
        for (size_t p = 0; p < c->pauses.n; p++) {
            const peel_record *ps = c->pauses.v[p];
            if (!peel_rec_has(ps, PEEL_PAUSE_FROM) || !peel_rec_has(ps, PEEL_PAUSE_TO) ||
                peel_rec_int(ps, PEEL_PAUSE_FROM) > b || peel_rec_int(ps, PEEL_PAUSE_TO) < a)
                continue;
            bool whole =
                peel_rec_int(ps, PEEL_PAUSE_FROM) <= a && peel_rec_int(ps, PEEL_PAUSE_TO) >= b;
            int w = snprintf(flag + fl, sizeof flag - fl, "%s%s %s", fl ? "; " : "",
                             whole ? "paused throughout:" : "paused in part:",
                             peel_rec_str(ps, PEEL_PAUSE_NAME));
            if (w > 0)
                fl = (size_t)w + fl < sizeof flag ? fl + (size_t)w : sizeof flag - 1;
        }
        peel_month_format_long(m, item);
        if (add(out, "By month", item, k, flag, err) < 0)
            return -1;
    }
    if (unplaced &&
        add(out, "By month", "Day not recorded, period spans months", unplaced, "", err) < 0)
        return -1;
    for (size_t p = 0; p < c->pauses.n; p++) {
        const peel_record *ps = c->pauses.v[p];
        if (!peel_rec_has(ps, PEEL_PAUSE_FROM) || !peel_rec_has(ps, PEEL_PAUSE_TO)) {
            if (add(out, "Pauses", peel_rec_str(ps, PEEL_PAUSE_NAME), 0,
                    "dates not recorded: no month labelled", err) < 0)
                return -1;
            continue;
        }
        peel_date a = (peel_date)peel_rec_int(ps, PEEL_PAUSE_FROM),
                  b = (peel_date)peel_rec_int(ps, PEEL_PAUSE_TO);
        a = a < from ? from : a;
        b = b > to ? to : b;
        if (a <= b && add(out, "Pauses", peel_rec_str(ps, PEEL_PAUSE_NAME), (int64_t)(b - a + 1),
                          "days of the period", err) < 0)
            return -1;
    }
    return 0;
}

static int summary_rows(ctx *c, peel_date from, peel_date to, peel_eng_rows *out, peel_err *err)
{
    size_t n = c->eng.n, ndays = 0, nother = 0, nplanned = 0, ncancelled = 0, noverlap = 0;
    const char **days = calloc(n + 1, sizeof *days), **how = calloc(n + 1, sizeof *how),
               **kinds = calloc(n + 1, sizeof *kinds);
    bool *counted = calloc(n + 1, sizeof *counted);
    const peel_field *ib = &peel_type_engagement.fields[PEEL_ENG_INITIATED_BY];
    const peel_field *kd = &peel_type_engagement.fields[PEEL_ENG_KIND];
    int rc = -1;

    if (!days || !how || !kinds || !counted) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory computing the engagement summary");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        const peel_record *e = c->eng.v[i];
        enum place p = place_of(e, from, to);
        if (p == OVERLAPS) {
            noverlap++;
            continue;
        }
        if (p != INSIDE)
            continue;
        if (!strcmp(c->held_state[i], "cancelled")) {
            ncancelled++;
            continue;
        }
        if (!is_held(c->held_state[i])) {
            nplanned++;
            continue;
        }
        counted[i] = true;
        if (is_community_day(e)) {
            const char *d = area_name(&c->areas, e, PEEL_ENG_DISTRICT);
            days[ndays++] = *d ? d : "District not recorded";
        } else {
            how[nother] = peel_rec_has(e, PEEL_ENG_INITIATED_BY)
                              ? peel_option_label(ib, peel_rec_str(e, PEEL_ENG_INITIATED_BY))
                              : "How it was initiated not recorded";
            kinds[nother++] = peel_option_label(kd, peel_rec_str(e, PEEL_ENG_KIND));
        }
    }
    if (add(out, "Community days held", "", (int64_t)ndays, "", err) < 0 ||
        add_counted(out, "Community days held", days, ndays, err) < 0 ||
        add(out, "Other visits and meetings held", "", (int64_t)nother, "", err) < 0 ||
        add_counted(out, "Other visits and meetings held, how initiated", how, nother, err) < 0 ||
        add_counted(out, "Other visits and meetings held, kind", kinds, nother, err) < 0)
        goto out;

    /* Feedback heard at the counted engagements, by polarity and theme. */
    {
        int64_t nfb = 0, relayed = 0, pol[3] = {0};
        static const char *const pols[] = {"positive", "negative", "neutral"};
        static const char *const pol_labels[] = {"Positive", "Negative", "Neutral"};
        for (size_t i = 0; i < c->fb.n; i++) {
            const peel_record *f = c->fb.v[i];
            size_t ei = eng_index(c, peel_rec_int(f, PEEL_FB_ENGAGEMENT));
            if (ei == n || !counted[ei])
                continue;
            nfb++;
            if (peel_rec_has(f, PEEL_FB_RELAYED_TO) || peel_rec_has(f, PEEL_FB_RELAYED_ON))
                relayed++;
            for (int k = 0; k < 3; k++)
                if (!strcmp(peel_rec_str(f, PEEL_FB_POLARITY), pols[k]))
                    pol[k]++;
        }
        /* Themes: those reported for a period overlapping this one, and
         * those of the counted feedback; each with its feedback count. */
        for (size_t t = 0; t < c->themes.n; t++) {
            const peel_record *th = c->themes.v[t];
            int64_t k = 0;
            bool period = peel_rec_has(th, PEEL_THEME_FROM) && peel_rec_has(th, PEEL_THEME_TO) &&
                          peel_rec_int(th, PEEL_THEME_FROM) <= to &&
                          peel_rec_int(th, PEEL_THEME_TO) >= from;
            for (size_t i = 0; i < c->fb.n; i++) {
                const peel_record *f = c->fb.v[i];
                size_t ei = eng_index(c, peel_rec_int(f, PEEL_FB_ENGAGEMENT));
                if (ei < n && counted[ei] && peel_rec_int(f, PEEL_FB_THEME) == th->id)
                    k++;
            }
            if ((period || k) &&
                add(out, "Themes", peel_rec_str(th, PEEL_THEME_NAME), k, "", err) < 0)
                goto out;
        }
        if (add(out, "Feedback heard", "", nfb, "", err) < 0)
            goto out;
        for (int k = 0; k < 3; k++)
            if (pol[k] && add(out, "Feedback heard", pol_labels[k], pol[k], "", err) < 0)
                goto out;
        if (add(out, "Feedback passed on", "", relayed, "", err) < 0)
            goto out;
    }

    /* Follow-up actions: arose from a counted engagement, named by its
     * reference in origin_note; their state today. */
    {
        int64_t open = 0, done = 0, overdue = 0, cancelled = 0;
        peel_date today = peel_clock_today();
        const peel_lifecycle *lc = peel_type_action.lifecycle;
        for (size_t a = 0; a < c->actions.n; a++) {
            const peel_record *r = c->actions.v[a];
            bool linked = false;
            if (strcmp(peel_rec_str(r, PEEL_ACTION_AROSE_FROM), "engagement"))
                continue;
            for (size_t i = 0; i < n && !linked; i++)
                linked = counted[i] && !strcmp(peel_rec_str(r, PEEL_ACTION_ORIGIN_NOTE),
                                               peel_rec_str(c->eng.v[i], PEEL_ENG_REF));
            if (!linked)
                continue;
            peel_history h;
            if (peel_transition_history(c->s, &peel_type_action, r->id, &h, err) < 0)
                goto out;
            const char *st = peel_history_state_on(lc, &h, r->id, today, NULL);
            if (!strcmp(st, "completed"))
                done++;
            else if (!strcmp(st, "cancelled"))
                cancelled++;
            else {
                open++;
                if (peel_rec_has(r, PEEL_ACTION_DUE) && peel_rec_int(r, PEEL_ACTION_DUE) < today)
                    overdue++;
            }
            peel_history_release(&h);
        }
        if (add(out, "Follow-up actions", "Open", open, "", err) < 0 ||
            add(out, "Follow-up actions", "Of which overdue", overdue, "", err) < 0 ||
            add(out, "Follow-up actions", "Completed", done, "", err) < 0 ||
            (cancelled && add(out, "Follow-up actions", "Cancelled", cancelled, "", err) < 0))
            goto out;
    }

    if (months_rows(c, from, to, counted, out, err) < 0)
        goto out;
    /* Written replies to correspondence, for readers who may open it. */
    if (peel_reader_type_readable(c->rd, &peel_type_contact)) {
        int64_t written = 0;
        for (size_t i = 0; i < c->contacts.n; i++) {
            const peel_record *r = c->contacts.v[i];
            if (peel_rec_has(r, PEEL_CONTACT_ANSWERED_ON) &&
                peel_rec_int(r, PEEL_CONTACT_ANSWERED_ON) >= from &&
                peel_rec_int(r, PEEL_CONTACT_ANSWERED_ON) <= to &&
                !strcmp(peel_rec_str(r, PEEL_CONTACT_REPLY_KIND), "written"))
                written++;
        }
        if (add(out, "Correspondence", "Written replies", written, "", err) < 0)
            goto out;
    }

    if ((nplanned && add(out, "Not counted", "Planned or advertised, not recorded as held",
                         (int64_t)nplanned, "", err) < 0) ||
        (ncancelled && add(out, "Not counted", "Cancelled", (int64_t)ncancelled, "", err) < 0) ||
        (noverlap && add(out, "Not counted", "Unknown day, period runs past this one",
                         (int64_t)noverlap, "not placed", err) < 0))
        goto out;
    rc = 0;
out:
    free(days);
    free(how);
    free(kinds);
    free(counted);
    return rc;
}

int peel_engagement_summary(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                            peel_eng_rows *out, peel_err *err)
{
    ctx c = {.s = s, .rd = rd};
    int rc;

    memset(out, 0, sizeof *out);
    rc = ctx_load(&c, true, err) < 0 ? -1 : summary_rows(&c, from, to, out, err);
    ctx_release(&c);
    if (rc < 0)
        peel_eng_rows_release(out);
    return rc;
}

/* Community days held in the year per area of a kind, flagged. */
static int coverage_of(ctx *c, const bool *day, const char *kind, int field, const char *section,
                       int64_t below, const char *flag, peel_eng_rows *out, peel_err *err)
{
    size_t nareas = 0;
    for (size_t a = 0; a < c->areas.n; a++) {
        const peel_record *ar = c->areas.v[a];
        char item[300];
        int64_t k = 0;
        if (strcmp(peel_rec_str(ar, PEEL_AREA_KIND), kind))
            continue;
        nareas++;
        for (size_t i = 0; i < c->eng.n; i++)
            if (day[i] && peel_rec_int(c->eng.v[i], field) == ar->id)
                k++;
        snprintf(item, sizeof item, "%s %s", peel_rec_str(ar, PEEL_AREA_CODE),
                 peel_rec_str(ar, PEEL_AREA_NAME));
        if (add(out, section, item, k, k < below ? flag : "", err) < 0)
            return -1;
    }
    if (!nareas && add(out, section, "None recorded", 0, "", err) < 0)
        return -1;
    return 0;
}

int peel_engagement_coverage(peel_store *s, const peel_reader *rd, peel_fy fy, peel_eng_rows *out,
                             peel_err *err)
{
    return peel_engagement_coverage_of(s, rd, peel_fy_first_day(fy), peel_fy_last_day(fy), out,
                                       err);
}

int peel_engagement_coverage_of(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                                peel_eng_rows *out, peel_err *err)
{
    ctx c = {.s = s, .rd = rd};
    bool *day = NULL;
    int64_t nodistrict = 0, nonpa = 0, noverlap = 0;
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (ctx_load(&c, false, err) < 0)
        goto out;
    if (!(day = calloc(c.eng.n + 1, sizeof *day))) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory computing the coverage");
        goto out;
    }
    for (size_t i = 0; i < c.eng.n; i++) {
        const peel_record *e = c.eng.v[i];
        if (!is_community_day(e) || !is_held(c.held_state[i]))
            continue;
        enum place p = place_of(e, from, to);
        if (p == OVERLAPS)
            noverlap++;
        if (p != INSIDE)
            continue;
        day[i] = true;
        if (!*area_name(&c.areas, e, PEEL_ENG_DISTRICT))
            nodistrict++;
        if (!*area_name(&c.areas, e, PEEL_ENG_NPA))
            nonpa++;
    }
    /* The 2022/23 standard: each NPA visited at least twice in the year. */
    if (coverage_of(&c, day, "district", PEEL_ENG_DISTRICT, "District", 1, "not visited", out,
                    err) < 0 ||
        coverage_of(&c, day, "npa", PEEL_ENG_NPA, "NPA", 2, "fewer than two", out, err) < 0 ||
        add(out, "Not placed", "Community days with no district recorded", nodistrict, "", err) <
            0 ||
        add(out, "Not placed", "Community days with no NPA recorded", nonpa, "", err) < 0 ||
        add(out, "Not placed", "Community days of unknown day, period runs past the year", noverlap,
            "", err) < 0)
        goto out;
    rc = 0;
out:
    free(day);
    ctx_release(&c);
    if (rc < 0)
        peel_eng_rows_release(out);
    return rc;
}

void peel_eng_visits_release(peel_eng_visits *vs)
{
    for (size_t i = 0; i < vs->n; i++) {
        free(vs->v[i].ref);
        free(vs->v[i].title);
        free(vs->v[i].kind);
        free(vs->v[i].district);
    }
    peel_vec_release(vs);
}

int peel_engagement_visits(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                           peel_eng_visits *out, peel_err *err)
{
    ctx c = {.s = s, .rd = rd};
    const peel_field *kd = &peel_type_engagement.fields[PEEL_ENG_KIND];
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (ctx_load(&c, false, err) < 0)
        goto out;
    for (size_t i = 0; i < c.eng.n; i++) {
        const peel_record *e = c.eng.v[i];
        if (!is_held(c.held_state[i]) || place_of(e, from, to) != INSIDE)
            continue;
        peel_eng_visit *v = peel_vec_push(out);
        if (!v || !(v->ref = peel_strdup(peel_rec_str(e, PEEL_ENG_REF))) ||
            !(v->title = peel_strdup(peel_rec_str(e, PEEL_ENG_TITLE))) ||
            !(v->kind = peel_strdup(peel_option_label(kd, peel_rec_str(e, PEEL_ENG_KIND)))) ||
            !(v->district = peel_strdup(area_name(&c.areas, e, PEEL_ENG_DISTRICT)))) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory listing the engagements");
            goto out;
        }
        v->id = e->id;
        v->community_day = is_community_day(e);
        v->date = (peel_date)peel_rec_int(e, PEEL_ENG_DATE);
        v->held_from = (peel_date)peel_rec_int(e, PEEL_ENG_HELD_FROM);
        v->held_to = (peel_date)peel_rec_int(e, PEEL_ENG_HELD_TO);
        v->dated = peel_rec_has(e, PEEL_ENG_DATE);
        if ((v->has_point = peel_rec_has(e, PEEL_ENG_POINT))) {
            v->lat = e->v[PEEL_ENG_POINT].lat;
            v->lon = e->v[PEEL_ENG_POINT].lon;
        }
    }
    rc = 0;
out:
    ctx_release(&c);
    if (rc < 0)
        peel_eng_visits_release(out);
    return rc;
}
