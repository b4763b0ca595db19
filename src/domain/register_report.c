/* register_report.c - the register's reports, built as content models
 * (render/doc.h): the CGB report to the Panel, the work programme by meeting
 * and the recommendations with their status on a day.  The renderers (HTML,
 * text, PDF later) are render/'s and read only the model.
 *
 * Withholding happens while a model is built: a public model never holds an
 * OFFICIAL-SENSITIVE item's text, so no renderer can leak it.  Such an item,
 * when it is published, appears as its number, its title and
 * PEEL_REGISTER_WITHHELD, as the papers print it; an unpublished one is not
 * there at all, whatever its marking.  Every report is built for a reader
 * (model/reader.h): what it may not open is left out, and names and notes
 * come only from records it may open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/vec.h"
#include "domain/register.h"
#include "model/record.h"
#include "model/records.h"
#include "model/transition.h"
#include "render/doc.h"
#include "store/store.h"

/* ---- helpers ---- */

static int64_t ref_of(const peel_record *r, int field)
{
    return peel_record_ref_at(r, field);
}

static void long_date(int64_t d, char out[static 32])
{
    peel_date_format_long((peel_date)d, out);
}

static const peel_record *find_body(const peel_records *bodies, const char *name)
{
    for (size_t i = 0; i < bodies->n; i++)
        if (!strcasecmp(peel_record_text_at(bodies->v[i], PEEL_BODY_NAME), name) ||
            !strcasecmp(peel_record_text_at(bodies->v[i], PEEL_BODY_SHORT_NAME), name))
            return bodies->v[i];
    return NULL;
}

/* Agenda numbers in agenda order: "2" < "4.i" < "4.ii" < "4.iv" < "10". */
static int roman(const char *s)
{
    int total = 0, prev = 0;
    for (const char *p = s + strlen(s); p > s;) {
        int v;
        switch (*--p) {
        case 'i':
        case 'I':
            v = 1;
            break;
        case 'v':
        case 'V':
            v = 5;
            break;
        case 'x':
        case 'X':
            v = 10;
            break;
        default:
            return -1;
        }
        total += v < prev ? -v : v;
        if (v > prev)
            prev = v;
    }
    return total;
}

static int cmp_number(const char *a, const char *b)
{
    char *ea, *eb;
    long na = strtol(a, &ea, 10), nb = strtol(b, &eb, 10);
    if (ea != a && eb != b && na != nb)
        return na < nb ? -1 : 1;
    if (ea != a && eb != b) {
        int ra, rb;
        if (*ea == '.')
            ea++;
        if (*eb == '.')
            eb++;
        ra = *ea ? roman(ea) : 0;
        rb = *eb ? roman(eb) : 0;
        if (ra >= 0 && rb >= 0 && ra != rb)
            return ra < rb ? -1 : 1;
        return strcmp(ea, eb);
    }
    return strcmp(a, b);
}

static int cmp_item(const void *x, const void *y)
{
    const peel_record *a = *(const peel_record *const *)x, *b = *(const peel_record *const *)y;
    int c = cmp_number(peel_record_text_at(a, PEEL_ITEM_NUMBER),
                       peel_record_text_at(b, PEEL_ITEM_NUMBER));
    if (c)
        return c;
    return a->id < b->id ? -1 : a->id > b->id;
}

static int cmp_meeting(const void *x, const void *y)
{
    const peel_record *a = *(const peel_record *const *)x, *b = *(const peel_record *const *)y;
    int64_t da = ref_of(a, PEEL_MEETING_DATE), db = ref_of(b, PEEL_MEETING_DATE);
    if (da != db)
        return da < db ? -1 : 1;
    return strcmp(peel_record_text_at(a, PEEL_MEETING_TIME),
                  peel_record_text_at(b, PEEL_MEETING_TIME));
}

/* ---- the CGB report ---- */

static bool shown(const peel_reg_report_opts *o, const peel_record *r)
{
    return peel_reader_record_visible(o->reader, r);
}

static void attendance_block(peel_doc *d, const peel_records *att, int64_t meeting_id,
                             const peel_reg_report_opts *o)
{
    static const char *const statuses[] = {"present", "apologies", "absent"};
    bool any = false;

    for (size_t s = 0; s < 3; s++) {
        /* one field per side ("Office of Police and Crime Commissioner"), in first-seen order */
        for (size_t i = 0; i < att->n; i++) {
            const peel_record *a = att->v[i];
            const char *side = peel_record_text_at(a, PEEL_ATTENDANCE_SIDE);
            bool seen = false;
            peel_buf names = PEEL_BUF_INIT;
            char label[300];
            if (ref_of(a, PEEL_ATTENDANCE_MEETING) != meeting_id ||
                strcmp(peel_record_text_at(a, PEEL_ATTENDANCE_STATUS), statuses[s]) || !shown(o, a))
                continue;
            for (size_t j = 0; j < i && !seen; j++)
                seen =
                    ref_of(att->v[j], PEEL_ATTENDANCE_MEETING) == meeting_id &&
                    !strcmp(peel_record_text_at(att->v[j], PEEL_ATTENDANCE_STATUS), statuses[s]) &&
                    !strcmp(peel_record_text_at(att->v[j], PEEL_ATTENDANCE_SIDE), side) &&
                    shown(o, att->v[j]);
            if (seen)
                continue;
            for (size_t j = i; j < att->n; j++) {
                const peel_record *b = att->v[j];
                if (ref_of(b, PEEL_ATTENDANCE_MEETING) != meeting_id ||
                    strcmp(peel_record_text_at(b, PEEL_ATTENDANCE_STATUS), statuses[s]) ||
                    strcmp(peel_record_text_at(b, PEEL_ATTENDANCE_SIDE), side) || !shown(o, b))
                    continue;
                if (names.len)
                    peel_buf_puts(&names, "; ");
                peel_buf_puts(&names, peel_record_text_at(b, PEEL_ATTENDANCE_NAME));
                if (*peel_record_text_at(b, PEEL_ATTENDANCE_ROLE))
                    peel_buf_printf(&names, " (%s)", peel_record_text_at(b, PEEL_ATTENDANCE_ROLE));
            }
            snprintf(label, sizeof label, "%s%s%s",
                     s == 0   ? ""
                     : s == 1 ? "Apologies"
                              : "Absent",
                     s && *side ? ", " : "",
                     *side    ? side
                     : s == 0 ? "Present"
                              : "");
            peel_doc_field(d, label, peel_buf_str(&names));
            if (names.failed)
                d->failed = true;
            peel_buf_release(&names);
            any = true;
        }
    }
    if (!any)
        peel_doc_add(d, PEEL_BLOCK_PARA, 0, NULL, "No attendance was recorded.");
}

static void item_blocks(peel_doc *d, const peel_record *it, const peel_reg_report_opts *o)
{
    const char *num = peel_record_text_at(it, PEEL_ITEM_NUMBER);
    const char *outcome = peel_record_text_at(it, PEEL_ITEM_OUTCOME);
    bool sens = peel_record_class(it) == PEEL_OFFICIAL_SENSITIVE;
    size_t first = d->n;
    int64_t redacted = 0;

    /* Withheld means withheld: an item the reader may not open appears only
     * when it is published and merely marked (the papers print its title);
     * neither its marking nor anything else brings in an unpublished one. */
    if (!shown(o, it) && !(sens && !o->internal && peel_reader_record_published(o->reader, it)))
        return;
    peel_doc_addf(d, PEEL_BLOCK_HEADING, 3, "%s%s%s", num, *num ? " " : "",
                  peel_record_text_at(it, PEEL_ITEM_TITLE));
    /* A redaction is what the published paper did; it is said whatever the
     * item's classification, with the reason as the paper gives it. */
    if (peel_record_int_at(it, PEEL_ITEM_REDACTED, &redacted) && redacted)
        peel_doc_field(d, "Redacted",
                       *peel_record_text_at(it, PEEL_ITEM_REDACTION_REASON)
                           ? peel_record_text_at(it, PEEL_ITEM_REDACTION_REASON)
                           : "no reason recorded");
    if (sens && !o->internal) {
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, PEEL_REGISTER_WITHHELD);
        return;
    }
    if (sens)
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, "OFFICIAL-SENSITIVE: not for publication");
    peel_doc_field(d, "Overview", peel_record_text_at(it, PEEL_ITEM_OVERVIEW));
    peel_doc_field(d, "Force update", peel_record_text_at(it, PEEL_ITEM_FORCE_UPDATE));
    peel_doc_field(d, "PCC response", peel_record_text_at(it, PEEL_ITEM_PCC_RESPONSE));
    peel_doc_field(d, "Decision", peel_record_text_at(it, PEEL_ITEM_DECISION));
    peel_doc_field(d, "Resolved", peel_record_text_at(it, PEEL_ITEM_RESOLUTION));
    if (*outcome && strcmp(outcome, "discussed"))
        peel_doc_field(d, "Outcome",
                       peel_option_label(&peel_type_item.fields[PEEL_ITEM_OUTCOME], outcome));
    if (sens)
        peel_doc_mark_sensitive(d, first);
}

static int actions_blocks(peel_doc *d, peel_store *s, const char *meeting_ref,
                          const peel_reg_report_opts *o, peel_err *err)
{
    peel_date asof = o->asof;
    bool internal = o->internal;
    peel_reg_action_filter f = {.reader = o->reader,
                                .asof = asof,
                                .meeting = meeting_ref,
                                .include_sensitive = true,
                                .withheld_too = true};
    peel_reg_actions a;
    char when[32];

    if (peel_register_actions(s, &f, &a, err) < 0)
        return -1;
    long_date(asof, when);
    peel_doc_addf(d, PEEL_BLOCK_HEADING, 2, "Actions arising (status on %s)", when);
    if (!a.n)
        peel_doc_add(d, PEEL_BLOCK_PARA, 0, NULL, "No actions arising were recorded.");
    for (size_t i = 0; i < a.n; i++) {
        const peel_reg_action *x = &a.v[i];
        char since[32], due[48];
        size_t idx;
        /* The list holds what the reader may open and, besides, what is
         * published to it but marked sensitive (withheld_too): never an
         * unpublished action, whatever its marking. */
        if (x->sensitive && !internal) {
            peel_doc_addf(d, PEEL_BLOCK_LIST, 0, "%s: %s", x->ref, PEEL_REGISTER_WITHHELD);
            continue;
        }
        long_date(x->status_date, since);
        /* an open action says when it is due, or that no due date is recorded */
        if (peel_action_status_closed(x->status)) {
            due[0] = '\0';
        } else if (x->has_due) {
            char when_due[32];
            long_date(x->due, when_due);
            snprintf(due, sizeof due, " - due %s", when_due);
        } else {
            snprintf(due, sizeof due, " - no due date recorded");
        }
        idx = d->n;
        peel_doc_addf(d, PEEL_BLOCK_LIST, 0, "%s: %s (%s) - %s%s%s%s%s%s%s", x->ref, x->title,
                      *x->owner ? x->owner : "owner not recorded",
                      peel_action_statuses[x->status].label,
                      x->status == PEEL_ACTION_OPEN && x->status_date == x->raised ? "" : " since ",
                      x->status == PEEL_ACTION_OPEN && x->status_date == x->raised ? "" : since,
                      due, x->overdue ? " - overdue" : "", *x->note ? ". " : "", x->note);
        if (!d->failed && d->n > idx && x->rag != PEEL_RAG_NONE) {
            char css[16];
            snprintf(css, sizeof css, "rag-%s", peel_rag_name(x->rag));
            if (!(d->v[idx].css = strdup(css)))
                d->failed = true; /* the RAG colour is part of the report */
        }
        if (x->sensitive)
            peel_doc_mark_sensitive(d, idx);
    }
    peel_register_actions_free(&a);
    return 0;
}

int peel_register_report_cgb(peel_store *s, const peel_reg_report_opts *o, peel_doc *out,
                             peel_err *err)
{
    peel_records bodies = {0}, meetings = {0}, items = {0}, att = {0};
    const peel_record **ms = NULL, **its = NULL;
    const peel_record *body;
    const char *bname = o->body && *o->body ? o->body : "Corporate Governance Board";
    char d1[32], d2[32], d3[32];
    size_t nm = 0;
    int rc = -1;

    peel_reg_report_opts own = *o;

    /* The internal version is only ever built for a reader who sees it. */
    own.internal = o->internal && peel_reader_sees_sensitive(o->reader);
    o = &own;
    memset(out, 0, sizeof *out);
    if (peel_records_load(s, &peel_type_body, &bodies, err) < 0 ||
        peel_records_load(s, &peel_type_meeting, &meetings, err) < 0 ||
        peel_records_load(s, &peel_type_item, &items, err) < 0 ||
        peel_records_load(s, &peel_type_attendance, &att, err) < 0)
        goto out;
    if (!(body = find_body(&bodies, bname)) || !shown(o, body)) {
        peel_err_set(err, PEEL_ENOTFOUND, "no body named '%s'", bname);
        goto out;
    }
    ms = calloc(meetings.n + 1, sizeof *ms);
    its = calloc(items.n + 1, sizeof *its);
    if (!ms || !its) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory building the report");
        goto out;
    }
    for (size_t i = 0; i < meetings.n; i++) {
        int64_t dt = ref_of(meetings.v[i], PEEL_MEETING_DATE);
        if (ref_of(meetings.v[i], PEEL_MEETING_BODY) == body->id && dt >= o->from && dt <= o->to &&
            shown(o, meetings.v[i]))
            ms[nm++] = meetings.v[i];
    }
    qsort(ms, nm, sizeof *ms, cmp_meeting);

    long_date(o->from, d1);
    long_date(o->to, d2);
    long_date(o->asof, d3);
    peel_doc_addf(out, PEEL_BLOCK_TITLE, 0, "%s report to the Police and Crime Panel",
                  peel_record_text_at(body, PEEL_BODY_NAME));
    peel_doc_addf(out, PEEL_BLOCK_PARA, 0,
                  "Meetings held from %s to %s: for each, attendance, each item's overview, the "
                  "force's update and the PCC's response, then the actions arising with their "
                  "status on %s.",
                  d1, d2, d3);
    peel_doc_add(out, PEEL_BLOCK_NOTICE, 0, NULL,
                 o->internal ? "OFFICIAL-SENSITIVE: internal version including withheld items. "
                               "Not for publication."
                             : "Public version: items marked Official-Sensitive are withheld.");
    if (!nm)
        peel_doc_addf(out, PEEL_BLOCK_PARA, 0, "No meetings of the %s fall in this period.",
                      peel_record_text_at(body, PEEL_BODY_NAME));
    for (size_t m = 0; m < nm; m++) {
        const peel_record *mt = ms[m];
        size_t ni = 0;
        long_date(ref_of(mt, PEEL_MEETING_DATE), d1);
        peel_doc_addf(out, PEEL_BLOCK_HEADING, 1, "%s, %s",
                      peel_record_text_at(body, PEEL_BODY_NAME), d1);
        if (!strcmp(peel_record_text_at(mt, PEEL_MEETING_STATUS), "cancelled")) {
            peel_doc_add(out, PEEL_BLOCK_PARA, 0, NULL, "This meeting was cancelled.");
            continue;
        }
        if (!strcmp(peel_record_text_at(mt, PEEL_MEETING_STATUS), "planned"))
            peel_doc_add(out, PEEL_BLOCK_NOTICE, 0, NULL,
                         "This meeting is recorded as planned, not yet held.");
        peel_doc_add(out, PEEL_BLOCK_HEADING, 2, NULL, "Attendance");
        attendance_block(out, &att, mt->id, o);
        for (size_t i = 0; i < items.n; i++)
            if (ref_of(items.v[i], PEEL_ITEM_MEETING) == mt->id)
                its[ni++] = items.v[i];
        qsort(its, ni, sizeof *its, cmp_item);
        peel_doc_add(out, PEEL_BLOCK_HEADING, 2, NULL, "Items");
        if (!ni)
            peel_doc_add(out, PEEL_BLOCK_PARA, 0, NULL, "No items were recorded.");
        for (size_t i = 0; i < ni; i++)
            item_blocks(out, its[i], o);
        if (actions_blocks(out, s, peel_record_text_at(mt, PEEL_MEETING_REF), o, err) < 0)
            goto out;
    }
    if (out->failed)
        peel_err_set(err, PEEL_ENOMEM, "out of memory building the report");
    else
        rc = 0;
out:
    free(ms);
    free(its);
    peel_records_free(&bodies);
    peel_records_free(&meetings);
    peel_records_free(&items);
    peel_records_free(&att);
    if (rc < 0)
        peel_doc_free(out);
    return rc;
}

/* ---- work programme ---- */

static bool sees(const peel_reader *rd, const peel_record *r)
{
    return peel_reader_record_visible(rd, r);
}

int peel_register_work_programme(peel_store *s, const peel_reader *rd, const char *body_name,
                                 peel_doc *out, peel_err *err)
{
    peel_records bodies = {0}, meetings = {0}, entries = {0};
    const peel_record *body;
    const char *bname = body_name && *body_name ? body_name : "Police and Crime Panel";
    const peel_record **ms = NULL;
    size_t nm = 0, shown_n = 0;
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (peel_records_load(s, &peel_type_body, &bodies, err) < 0 ||
        peel_records_load(s, &peel_type_meeting, &meetings, err) < 0 ||
        peel_records_load(s, &peel_type_plan_entry, &entries, err) < 0)
        goto out;
    if (!(body = find_body(&bodies, bname)) || !sees(rd, body)) {
        peel_err_set(err, PEEL_ENOTFOUND, "no body named '%s'", bname);
        goto out;
    }
    if (!(ms = calloc(meetings.n + 1, sizeof *ms))) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory building the work programme");
        goto out;
    }
    /* Only meetings the reader may see: an entry for any other is left out. */
    for (size_t i = 0; i < meetings.n; i++)
        if (ref_of(meetings.v[i], PEEL_MEETING_BODY) == body->id && sees(rd, meetings.v[i]))
            ms[nm++] = meetings.v[i];
    qsort(ms, nm, sizeof *ms, cmp_meeting);
    peel_doc_addf(out, PEEL_BLOCK_TITLE, 0, "%s work programme",
                  peel_record_text_at(body, PEEL_BODY_NAME));
    for (size_t pass = 0; pass <= nm; pass++) {
        const peel_record *mt = pass < nm ? ms[pass] : NULL;
        bool any = false;
        for (size_t i = 0; i < entries.n; i++) {
            const peel_record *e = entries.v[i];
            const char *why = peel_record_text_at(e, PEEL_PLAN_ENTRY_REASON),
                       *who = peel_record_text_at(e, PEEL_PLAN_ENTRY_REQUESTED_BY);
            char d[32];
            if (ref_of(e, PEEL_PLAN_ENTRY_BODY) != body->id ||
                ref_of(e, PEEL_PLAN_ENTRY_MEETING) != (mt ? mt->id : 0) || !sees(rd, e))
                continue;
            if (!any) {
                if (mt) {
                    long_date(ref_of(mt, PEEL_MEETING_DATE), d);
                    peel_doc_addf(out, PEEL_BLOCK_HEADING, 1, "%s%s%s", d,
                                  *peel_record_text_at(mt, PEEL_MEETING_TITLE) ? ", " : "",
                                  peel_record_text_at(mt, PEEL_MEETING_TITLE));
                } else {
                    peel_doc_add(out, PEEL_BLOCK_HEADING, 1, NULL,
                                 "Other suggested items to be scheduled to future meetings");
                }
                any = true;
            }
            peel_doc_addf(out, PEEL_BLOCK_LIST, 0, "%s [%s]%s%s%s%s%s",
                          peel_record_text_at(e, PEEL_PLAN_ENTRY_SUBJECT),
                          peel_option_label(&peel_type_plan_entry.fields[PEEL_PLAN_ENTRY_STATUS],
                                            peel_record_text_at(e, PEEL_PLAN_ENTRY_STATUS)),
                          *why ? ": " : "", why, *who ? " (asked for by " : "", who,
                          *who ? ")" : "");
            shown_n++;
        }
    }
    if (!shown_n)
        peel_doc_addf(out, PEEL_BLOCK_PARA, 0, "No work programme entries are recorded for the %s.",
                      peel_record_text_at(body, PEEL_BODY_NAME));
    if (out->failed)
        peel_err_set(err, PEEL_ENOMEM, "out of memory building the work programme");
    else
        rc = 0;
out:
    free(ms);
    peel_records_free(&bodies);
    peel_records_free(&meetings);
    peel_records_free(&entries);
    if (rc < 0)
        peel_doc_free(out);
    return rc;
}

/* ---- recommendations ---- */

static int cmp_rec(const void *x, const void *y)
{
    const peel_record *a = *(const peel_record *const *)x, *b = *(const peel_record *const *)y;
    int64_t da = ref_of(a, PEEL_RECOMMENDATION_MADE), db = ref_of(b, PEEL_RECOMMENDATION_MADE);
    if (da != db)
        return da < db ? -1 : 1;
    /* "PCP 2023-07-26 9.2" before "... 10.2": compare the last word as a number */
    const char *ra = peel_record_text_at(a, PEEL_RECOMMENDATION_REF),
               *rb = peel_record_text_at(b, PEEL_RECOMMENDATION_REF);
    const char *sa = strrchr(ra, ' '), *sb = strrchr(rb, ' ');
    if (sa && sb && sa - ra == sb - rb && !strncmp(ra, rb, (size_t)(sa - ra)))
        return cmp_number(sa + 1, sb + 1);
    return strcmp(ra, rb);
}

/* The status line of a recommendation on day asof from its lifecycle
 * history h (docs/METHODS.md "Recommendations: status on a day");
 * *responded: it was no longer awaiting a response, so its response is
 * shown; *answer (if given): the transition that ended the wait, or NULL. */
static void rec_status(const peel_record *r, const peel_history *h, peel_date asof, char *status,
                       size_t size, bool *responded, const peel_transition **answer)
{
    const peel_lifecycle *lc = &peel_recommendation_lifecycle;
    const peel_transition *last = NULL;
    const char *state = peel_history_state_on(lc, h, r->id, asof, &last);
    int64_t due = 0;
    bool has_due = peel_record_int_at(r, PEEL_RECOMMENDATION_RESPONSE_DUE, &due);
    char d[32];

    *responded = strcmp(state, PEEL_REC_AWAITING) != 0;
    if (answer) {
        size_t first, n = peel_history_of(h, r->id, &first);
        *answer = NULL;
        /* the latest transition out of the wait on or before asof */
        for (size_t i = first; i < first + n && h->v[i].date <= asof; i++)
            if (!strcmp(h->v[i].from, PEEL_REC_AWAITING))
                *answer = &h->v[i];
    }
    if (*responded && last) {
        long_date(last->date, d);
        snprintf(status, size, "%s %s %s", peel_lifecycle_label(lc, state),
                 strcmp(state, "responded") ? "since" : "on", d);
    } else if (*responded) {
        snprintf(status, size, "%s", peel_lifecycle_label(lc, state));
    } else if (has_due && due < asof) {
        long_date(due, d);
        snprintf(status, size, "Response overdue (due %s)", d);
    } else if (has_due) {
        long_date(due, d);
        snprintf(status, size, "Awaiting response (due %s)", d);
    } else {
        snprintf(status, size, "Awaiting response (no due date recorded)");
    }
}

int peel_register_recommendations(peel_store *s, const peel_reader *rd, peel_date asof,
                                  peel_doc *out, peel_err *err)
{
    peel_records recs = {0}, actions = {0};
    peel_reg_action_filter f = {.reader = rd, .asof = asof, .include_sensitive = false};
    peel_reg_actions acts = {0};
    peel_history hist = {0};
    const peel_record **v = NULL;
    size_t nv = 0;
    int rc = -1;
    char when[32];

    memset(out, 0, sizeof *out);
    if (peel_records_load(s, &peel_type_recommendation, &recs, err) < 0 ||
        peel_records_load(s, &peel_type_action, &actions, err) < 0 ||
        peel_register_actions(s, &f, &acts, err) < 0 ||
        peel_transition_history(s, &peel_type_recommendation, 0, &hist, err) < 0)
        goto out;
    if (!(v = calloc(recs.n + 1, sizeof *v))) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory listing recommendations");
        goto out;
    }
    for (size_t i = 0; i < recs.n; i++)
        if (ref_of(recs.v[i], PEEL_RECOMMENDATION_MADE) <= asof && sees(rd, recs.v[i]))
            v[nv++] = recs.v[i];
    qsort(v, nv, sizeof *v, cmp_rec);
    long_date(asof, when);
    peel_doc_add(out, PEEL_BLOCK_TITLE, 0, NULL, "Recommendations and responses");
    peel_doc_addf(out, PEEL_BLOCK_PARA, 0, "Status on %s.", when);
    if (!nv)
        peel_doc_add(out, PEEL_BLOCK_PARA, 0, NULL, "No recommendations had been made by then.");
    for (size_t i = 0; i < nv; i++) {
        const peel_record *r = v[i];
        int64_t due = 0, made = 0;
        bool responded;
        const peel_transition *answer;
        char d[32], status[160];
        peel_record_int_at(r, PEEL_RECOMMENDATION_MADE, &made);
        rec_status(r, &hist, asof, status, sizeof status, &responded, &answer);
        peel_doc_addf(out, PEEL_BLOCK_HEADING, 1, "%s (%s)",
                      peel_record_text_at(r, PEEL_RECOMMENDATION_REF),
                      peel_option_label(&peel_type_recommendation.fields[PEEL_RECOMMENDATION_KIND],
                                        peel_record_text_at(r, PEEL_RECOMMENDATION_KIND)));
        peel_doc_field(out, "Recommendation", peel_record_text_at(r, PEEL_RECOMMENDATION_TEXT));
        long_date(made, d);
        peel_doc_field(out, "Made on", d);
        peel_doc_field(out, "Addressed to",
                       peel_record_text_at(r, PEEL_RECOMMENDATION_ADDRESSED_TO));
        if (peel_record_int_at(r, PEEL_RECOMMENDATION_RESPONSE_DUE, &due)) {
            long_date(due, d);
            peel_doc_field(out, "Response due", d);
        }
        /* The response as published, else the note it was recorded with. */
        if (responded)
            peel_doc_field(out, "Response",
                           *peel_record_text_at(r, PEEL_RECOMMENDATION_RESPONSE) || !answer
                               ? peel_record_text_at(r, PEEL_RECOMMENDATION_RESPONSE)
                               : answer->note);
        peel_doc_field(out, "Status", status);
        /* actions that arose from this recommendation */
        for (size_t k = 0; k < acts.n; k++) {
            const peel_record *a = peel_records_get(&actions, acts.v[k].id);
            if (!a || ref_of(a, PEEL_ACTION_RECOMMENDATION) != r->id || !sees(rd, a))
                continue;
            peel_doc_addf(out, PEEL_BLOCK_LIST, 0, "Action %s: %s - %s", acts.v[k].ref,
                          acts.v[k].title, peel_action_statuses[acts.v[k].status].label);
        }
    }
    if (out->failed)
        peel_err_set(err, PEEL_ENOMEM, "out of memory listing recommendations");
    else
        rc = 0;
out:
    free(v);
    peel_records_free(&recs);
    peel_records_free(&actions);
    peel_register_actions_free(&acts);
    peel_history_release(&hist);
    if (rc < 0)
        peel_doc_free(out);
    return rc;
}
