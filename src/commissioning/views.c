/* views.c - what commissioning computes from its records, always from the
 * records the reader may open: the live headroom of a round with its
 * pipeline of applications, and the funded-projects table (seed 001,
 * Table One) from the monitoring visits joined to their awards.  The
 * definitions are in docs/METHODS.md, "Commissioning". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "commissioning/commissioning.h"
#include "core/buf.h"
#include "core/vec.h"
#include "model/crud.h"
#include "model/record.h"
#include "model/transition.h"

/* ---- headroom and pipeline ---- */

typedef struct hr_ctx {
    peel_store *s;
    const peel_reader *rd;
    peel_headroom *h;
    peel_history hist;
} hr_ctx;

static bool reached(const peel_history *hist, size_t first, size_t n, const char *const *states)
{
    for (size_t k = first; k < first + n; k++)
        for (const char *const *st = states; *st; st++)
            if (!strcmp(hist->v[k].to, *st))
                return true;
    return false;
}

static int app_cb(void *ctx, const peel_record *a, peel_err *err)
{
    hr_ctx *c = ctx;
    peel_headroom *h = c->h;
    size_t first = 0, n;
    const char *state;
    (void)err;

    if (!peel_reader_record_visible(c->rd, a))
        return 0;
    n = peel_history_of(&c->hist, a->id, &first);
    state = n ? c->hist.v[first + n - 1].to : peel_application_lifecycle.initial;
    h->received++;
    /* Each stage counts the applications that ever reached it or a later
     * one (a withdrawn application counts where it had got to). */
    static const char *const to_eligible[] = {"eligible", "scored",   "moderated",
                                              "awarded",  "declined", NULL};
    static const char *const to_scored[] = {"scored", "moderated", "awarded", "declined", NULL};
    static const char *const to_moderated[] = {"moderated", "awarded", "declined", NULL};
    static const char *const to_ineligible[] = {"ineligible", NULL};
    static const char *const to_withdrawn[] = {"withdrawn", NULL};
    h->eligible += reached(&c->hist, first, n, to_eligible);
    h->ineligible += reached(&c->hist, first, n, to_ineligible);
    h->scored += reached(&c->hist, first, n, to_scored);
    h->moderated += reached(&c->hist, first, n, to_moderated);
    h->withdrawn += reached(&c->hist, first, n, to_withdrawn);
    h->awarded_n += !strcmp(state, "awarded");
    h->declined += !strcmp(state, "declined");
    if (strcmp(state, "withdrawn")) {
        h->applications++;
        h->requested += peel_rec_int(a, PEEL_APP_REQUESTED);
    }
    if (!strcmp(state, "moderated")) {
        h->recommended_n++;
        h->recommended += peel_rec_int(a, PEEL_APP_REQUESTED);
    }
    return 0;
}

static int award_cb(void *ctx, const peel_record *a, peel_err *err)
{
    hr_ctx *c = ctx;
    int64_t round;
    if (!peel_reader_record_visible(c->rd, a))
        return 0;
    if (peel_award_round(c->s, a, &round, err) < 0)
        return -1;
    if (round == c->h->round_id) {
        c->h->awards++;
        c->h->awarded += peel_rec_int(a, PEEL_AWARD_AMOUNT);
    }
    return 0;
}

int peel_headroom_by_id(peel_store *s, const peel_reader *rd, int64_t id, peel_headroom *h,
                        peel_err *err)
{
    peel_record *round = NULL;
    peel_filter f[PEEL_READER_MAX_FILTERS + 1];
    size_t nf;
    peel_buf fund;
    hr_ctx c = {.s = s, .rd = rd, .h = h};
    int rc = -1;

    memset(h, 0, sizeof *h);
    if (peel_store_get(s, &peel_type_round, id, &round, err) < 0)
        return -1;
    if (!peel_reader_record_visible(rd, round)) {
        peel_record_free(round);
        return peel_err_set(err, PEEL_ENOTFOUND, "no round %lld", (long long)id);
    }
    h->round_id = id;
    snprintf(h->ref, sizeof h->ref, "%s", peel_rec_str(round, PEEL_ROUND_REF));
    h->has_envelope = peel_rec_has(round, PEEL_ROUND_ENVELOPE);
    h->envelope = peel_rec_int(round, PEEL_ROUND_ENVELOPE);
    h->has_cap = peel_rec_has(round, PEEL_ROUND_CAP);
    h->cap = peel_rec_int(round, PEEL_ROUND_CAP);
    peel_buf_init(&fund, 0);
    if (peel_reader_ref_text(s, rd, &peel_type_round.fields[PEEL_ROUND_FUND],
                             &round->v[PEEL_ROUND_FUND], &fund, NULL, err) < 0)
        goto out;
    snprintf(h->fund, sizeof h->fund, "%s", peel_buf_str(&fund));

    if (peel_transition_history(s, &peel_type_application, 0, &c.hist, err) < 0)
        goto out;
    nf = peel_reader_filters(rd, &peel_type_application, f);
    f[nf++] = (peel_filter){.field = &peel_type_application.fields[PEEL_APP_ROUND],
                            .op = PEEL_OP_EQ,
                            .v = {.set = true, .i = id}};
    if (peel_store_select(
            s, &(peel_query){.type = &peel_type_application, .filters = f, .nfilters = nf}, app_cb,
            &c, err) < 0)
        goto out;
    nf = peel_reader_filters(rd, &peel_type_award, f);
    if (peel_store_select(s, &(peel_query){.type = &peel_type_award, .filters = f, .nfilters = nf},
                          award_cb, &c, err) < 0)
        goto out;
    h->remaining = h->envelope - h->awarded;
    h->after_recommended = h->remaining - h->recommended;
    rc = 0;
out:
    peel_history_release(&c.hist);
    peel_buf_release(&fund);
    peel_record_free(round);
    return rc;
}

int peel_headroom_of(peel_store *s, const peel_reader *rd, const char *idtext, peel_headroom *h,
                     peel_err *err)
{
    int64_t id;
    if (peel_reader_lookup(s, rd, &peel_type_round, idtext, &id, err) < 0)
        return -1;
    return peel_headroom_by_id(s, rd, id, h, err);
}

/* ---- the headroom as lines and JSON ---- */

size_t peel_headroom_lines(const peel_headroom *h, peel_headroom_line out[PEEL_HEADROOM_LINES])
{
    size_t n = 0;
#define L(k, l, m, val, s) out[n++] = (peel_headroom_line){k, l, m, val, s}
    L("envelope", "Envelope", true, h->envelope, h->has_envelope);
    L("cap", "Most per award", true, h->cap, h->has_cap);
    L("applications", "Applications (not withdrawn)", false, h->applications, true);
    L("requested", "Requested", true, h->requested, true);
    L("recommended_count", "Recommended (moderated, not yet decided)", false, h->recommended_n,
      true);
    L("recommended", "Recommended", true, h->recommended, true);
    L("awards", "Awards", false, h->awards, true);
    L("awarded", "Awarded", true, h->awarded, true);
    L("remaining", "Remaining", true, h->remaining, h->has_envelope);
    L("remaining_after_recommended", "Remaining if the recommended are awarded", true,
      h->after_recommended, h->has_envelope);
    L("received", "Pipeline: received", false, h->received, true);
    L("eligible", "Pipeline: eligible", false, h->eligible, true);
    L("ineligible", "Pipeline: ineligible", false, h->ineligible, true);
    L("scored", "Pipeline: scored", false, h->scored, true);
    L("moderated", "Pipeline: moderated", false, h->moderated, true);
    L("awarded_count", "Pipeline: awarded", false, h->awarded_n, true);
    L("declined", "Pipeline: declined", false, h->declined, true);
    L("withdrawn", "Pipeline: withdrawn", false, h->withdrawn, true);
#undef L
    return n;
}

void peel_headroom_value(const peel_headroom_line *l, bool plain, char out[32])
{
    if (!l->set)
        out[0] = '\0';
    else if (!l->money)
        snprintf(out, 32, "%lld", (long long)l->v);
    else if (plain)
        peel_money_format_plain(l->v, out);
    else
        peel_money_format(l->v, out);
}

json_t *peel_headroom_json(const peel_headroom *h)
{
    peel_headroom_line lines[PEEL_HEADROOM_LINES];
    size_t n = peel_headroom_lines(h, lines);
    char v[32];
    json_t *o = json_pack("{s:s, s:I, s:s}", "round", h->ref, "round_id", (json_int_t)h->round_id,
                          "fund", h->fund);
    for (size_t i = 0; o && i < n; i++) {
        peel_headroom_value(&lines[i], true, v);
        json_t *x = !lines[i].set    ? json_null()
                    : lines[i].money ? json_string(v)
                                     : json_integer((json_int_t)lines[i].v);
        if (!x || json_object_set_new(o, lines[i].key, x) < 0) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

/* ---- the funded-projects table ---- */

typedef struct proj_ctx {
    peel_store *s;
    const peel_reader *rd;
    peel_date from, to;
    peel_project_rows *out;
} proj_ctx;

/* Whether the visit falls in [from, to]: its day, or when the day is not
 * known, the whole period it fell in. */
static bool in_period(const proj_ctx *c, const peel_record *v)
{
    int64_t a, b;
    if (peel_rec_has(v, PEEL_VISIT_DATE))
        a = b = peel_rec_int(v, PEEL_VISIT_DATE);
    else if (peel_rec_has(v, PEEL_VISIT_HELD_FROM) && peel_rec_has(v, PEEL_VISIT_HELD_TO)) {
        a = peel_rec_int(v, PEEL_VISIT_HELD_FROM);
        b = peel_rec_int(v, PEEL_VISIT_HELD_TO);
    } else
        return !c->from && !c->to; /* undated: only in the unbounded table */
    return (!c->from || a >= c->from) && (!c->to || b <= c->to);
}

static int ref_text(proj_ctx *c, const peel_record *r, int field, peel_buf *b, peel_err *err)
{
    if (!peel_rec_has(r, field))
        return 0;
    return peel_reader_ref_text(c->s, c->rd, &r->type->fields[field], &r->v[field], b, NULL, err);
}

static int visit_cb(void *ctx, const peel_record *v, peel_err *err)
{
    proj_ctx *c = ctx;
    peel_record *award = NULL;
    peel_buf org, area;
    peel_project_row *row;
    int rc = -1;

    if (!peel_reader_record_visible(c->rd, v) || !in_period(c, v))
        return 0;
    if (peel_store_get(c->s, &peel_type_award, peel_rec_int(v, PEEL_VISIT_AWARD), &award, err) < 0)
        return -1;
    if (!peel_reader_record_visible(c->rd, award)) {
        peel_record_free(award); /* a visit to an award the reader may not open is not shown */
        return 0;
    }
    peel_buf_init(&org, 0);
    peel_buf_init(&area, 0);
    if (peel_rec_has(award, PEEL_AWARD_PROJECT))
        peel_buf_printf(&org, "%s, ", peel_rec_str(award, PEEL_AWARD_PROJECT));
    if (ref_text(c, award, PEEL_AWARD_ORGANISATION, &org, err) < 0 ||
        ref_text(c, award, PEEL_AWARD_FUND, &area, err) < 0)
        goto out;
    if (peel_rec_has(award, PEEL_AWARD_AREA_SERVED))
        peel_buf_printf(&area, "%s%s", area.len ? ", " : "",
                        peel_rec_str(award, PEEL_AWARD_AREA_SERVED));
    else if (peel_rec_has(award, PEEL_AWARD_AREA)) {
        if (area.len)
            peel_buf_puts(&area, ", ");
        if (ref_text(c, award, PEEL_AWARD_AREA, &area, err) < 0)
            goto out;
    }
    if (org.failed || area.failed || !(row = peel_vec_push(c->out))) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory building the funded-projects table");
        goto out;
    }
    row->visit_id = v->id;
    row->award_id = award->id;
    row->funding = peel_rec_int(award, PEEL_AWARD_AMOUNT);
    row->has_funding = peel_rec_has(award, PEEL_AWARD_AMOUNT);
    row->organisation = peel_buf_detach(&org);
    row->area_work = peel_buf_detach(&area);
    row->output = strdup(peel_rec_str(v, PEEL_VISIT_OUTPUTS));
    if (!row->organisation || !row->area_work || !row->output) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory building the funded-projects table");
        goto out;
    }
    rc = 0;
out:
    peel_buf_release(&org);
    peel_buf_release(&area);
    peel_record_free(award);
    return rc;
}

int peel_projects(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                  peel_project_rows *out, peel_err *err)
{
    peel_filter f[PEEL_READER_MAX_FILTERS];
    size_t nf = peel_reader_filters(rd, &peel_type_monitoring_visit, f);
    proj_ctx c = {.s = s, .rd = rd, .from = from, .to = to, .out = out};

    memset(out, 0, sizeof *out);
    if (peel_store_select(
            s,
            &(peel_query){.type = &peel_type_monitoring_visit,
                          .filters = f,
                          .nfilters = nf,
                          .order = &peel_type_monitoring_visit.fields[PEEL_VISIT_REF]},
            visit_cb, &c, err) < 0) {
        peel_project_rows_release(out);
        return -1;
    }
    return 0;
}

void peel_project_rows_release(peel_project_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        free(rows->v[i].organisation);
        free(rows->v[i].area_work);
        free(rows->v[i].output);
    }
    peel_vec_release(rows);
}

json_t *peel_project_json(const peel_project_row *p)
{
    char m[32];
    peel_money_format_plain(p->funding, m);
    return json_pack("{s:s, s:s, s:s?, s:s, s:I, s:I}", "organisation", p->organisation,
                     "area_and_work", p->area_work, "funding", p->has_funding ? m : NULL, "output",
                     p->output, "visit", (json_int_t)p->visit_id, "award", (json_int_t)p->award_id);
}
