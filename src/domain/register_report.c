/* register_report.c - the register's reports as a content model (peel_doc:
 * a flat list of title, heading, paragraph, field, bullet, notice and table
 * row blocks) and its renderers (HTML, plain text).  The PDF renderer of the
 * reports issue reads the same model.
 *
 * Withholding happens while a model is built: a public model never holds an
 * OFFICIAL-SENSITIVE item's text, so no renderer can leak it.  Such an item
 * appears as its number, its title and PEEL_REGISTER_WITHHELD, as the papers
 * print it.  A model built for a reader who may not see every record (the
 * web's panel and public) also leaves out what opts->visible refuses; the
 * work programme and the recommendations take the same callback (their
 * _for functions), and the commands pass none.  The HTML renderers write
 * through render/html.h, the one escaping builder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/vec.h"
#include "domain/register.h"
#include "model/record.h"
#include "render/html.h"
#include "store/store.h"

/* ---- the model ---- */

static peel_block *doc_add(peel_doc *d, enum peel_block_kind kind, int level, const char *label,
                           const char *text)
{
    peel_block *b;
    if (d->failed)
        return NULL;
    if (!(b = peel_vec_push(d))) {
        d->failed = true;
        return NULL;
    }
    b->kind = kind;
    b->level = level;
    b->label = label ? strdup(label) : NULL;
    b->text = strdup(text ? text : "");
    if ((label && !b->label) || !b->text) {
        free(b->label);
        free(b->text);
        d->n--; /* not kept: the doc holds whole blocks only */
        d->failed = true;
        return NULL;
    }
    return b;
}

static void doc_addf(peel_doc *d, enum peel_block_kind kind, int level, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void doc_addf(peel_doc *d, enum peel_block_kind kind, int level, const char *fmt, ...)
{
    peel_buf b = PEEL_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    peel_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (b.failed)
        d->failed = true;
    else
        doc_add(d, kind, level, NULL, peel_buf_str(&b));
    peel_buf_release(&b);
}

static void doc_field(peel_doc *d, const char *label, const char *text)
{
    if (text && *text)
        doc_add(d, PEEL_BLOCK_FIELD, 0, label, text);
}

void peel_doc_free(peel_doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].label);
        free(d->v[i].text);
        for (int k = 0; k < d->v[i].ncells; k++)
            free(d->v[i].cells[k]);
        free(d->v[i].css);
    }
    free(d->v);
    memset(d, 0, sizeof *d);
}

/* ---- helpers ---- */

static int64_t ref_of(const peel_record *r, const char *field)
{
    int64_t v = 0;
    return peel_reg_i(r, field, &v) ? v : 0;
}

static void long_date(int64_t d, char out[static 32])
{
    peel_date_format_long((peel_date)d, out);
}

static const peel_record *find_body(const peel_reg_table *bodies, const char *name)
{
    for (size_t i = 0; i < bodies->n; i++)
        if (!strcasecmp(peel_reg_s(bodies->v[i], "name"), name) ||
            !strcasecmp(peel_reg_s(bodies->v[i], "short_name"), name))
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
    int c = cmp_number(peel_reg_s(a, "number"), peel_reg_s(b, "number"));
    if (c)
        return c;
    return a->id < b->id ? -1 : a->id > b->id;
}

static int cmp_meeting(const void *x, const void *y)
{
    const peel_record *a = *(const peel_record *const *)x, *b = *(const peel_record *const *)y;
    int64_t da = ref_of(a, "date"), db = ref_of(b, "date");
    if (da != db)
        return da < db ? -1 : 1;
    return strcmp(peel_reg_s(a, "time"), peel_reg_s(b, "time"));
}

/* ---- the CGB report ---- */

static bool shown(const peel_reg_report_opts *o, const peel_record *r)
{
    return !o->visible || (r && o->visible(o->visible_ctx, r));
}

static void attendance_block(peel_doc *d, const peel_reg_table *att, int64_t meeting_id,
                             const peel_reg_report_opts *o)
{
    static const char *const statuses[] = {"present", "apologies", "absent"};
    bool any = false;

    for (size_t s = 0; s < 3; s++) {
        /* one field per side ("Office of Police and Crime Commissioner"), in first-seen order */
        for (size_t i = 0; i < att->n; i++) {
            const peel_record *a = att->v[i];
            const char *side = peel_reg_s(a, "side");
            bool seen = false;
            peel_buf names = PEEL_BUF_INIT;
            char label[300];
            if (ref_of(a, "meeting") != meeting_id ||
                strcmp(peel_reg_s(a, "status"), statuses[s]) || !shown(o, a))
                continue;
            for (size_t j = 0; j < i && !seen; j++)
                seen = ref_of(att->v[j], "meeting") == meeting_id &&
                       !strcmp(peel_reg_s(att->v[j], "status"), statuses[s]) &&
                       !strcmp(peel_reg_s(att->v[j], "side"), side) && shown(o, att->v[j]);
            if (seen)
                continue;
            for (size_t j = i; j < att->n; j++) {
                const peel_record *b = att->v[j];
                if (ref_of(b, "meeting") != meeting_id ||
                    strcmp(peel_reg_s(b, "status"), statuses[s]) ||
                    strcmp(peel_reg_s(b, "side"), side) || !shown(o, b))
                    continue;
                if (names.len)
                    peel_buf_puts(&names, "; ");
                peel_buf_puts(&names, peel_reg_s(b, "name"));
                if (*peel_reg_s(b, "role"))
                    peel_buf_printf(&names, " (%s)", peel_reg_s(b, "role"));
            }
            snprintf(label, sizeof label, "%s%s%s", s == 0 ? "" : s == 1 ? "Apologies" : "Absent",
                     s && *side ? ", " : "", *side ? side : s == 0 ? "Present" : "");
            doc_field(d, label, peel_buf_str(&names));
            if (names.failed)
                d->failed = true;
            peel_buf_release(&names);
            any = true;
        }
    }
    if (!any)
        doc_add(d, PEEL_BLOCK_PARA, 0, NULL, "No attendance was recorded.");
}

/* Marks the blocks from `from` on as showing sensitive material. */
static void mark_sensitive(peel_doc *d, size_t from)
{
    for (size_t i = from; i < d->n; i++)
        d->v[i].sensitive = true;
    if (from < d->n)
        d->sensitive = true;
}

static void item_blocks(peel_doc *d, const peel_record *it, const peel_reg_report_opts *o)
{
    const char *num = peel_reg_s(it, "number");
    const char *outcome = peel_reg_s(it, "outcome");
    bool sens = peel_record_class(it) == PEEL_OFFICIAL_SENSITIVE;
    size_t first = d->n;
    int64_t redacted = 0;

    if (!(sens && !o->internal) && !shown(o, it))
        return;
    doc_addf(d, PEEL_BLOCK_HEADING, 3, "%s%s%s", num, *num ? " " : "", peel_reg_s(it, "title"));
    /* A redaction is what the published paper did; it is said whatever the
     * item's classification, with the reason as the paper gives it. */
    if (peel_reg_i(it, "redacted", &redacted) && redacted)
        doc_field(d, "Redacted",
                  *peel_reg_s(it, "redaction_reason") ? peel_reg_s(it, "redaction_reason")
                                                      : "no reason recorded");
    if (sens && !o->internal) {
        doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, PEEL_REGISTER_WITHHELD);
        return;
    }
    if (sens)
        doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, "OFFICIAL-SENSITIVE: not for publication");
    doc_field(d, "Overview", peel_reg_s(it, "overview"));
    doc_field(d, "Force update", peel_reg_s(it, "force_update"));
    doc_field(d, "PCC response", peel_reg_s(it, "pcc_response"));
    doc_field(d, "Decision", peel_reg_s(it, "decision"));
    doc_field(d, "Resolved", peel_reg_s(it, "resolution"));
    if (*outcome && strcmp(outcome, "discussed"))
        doc_field(d, "Outcome", peel_enum_label(&peel_type_item, "outcome", outcome));
    if (sens)
        mark_sensitive(d, first);
}

static int actions_blocks(peel_doc *d, peel_store *s, const char *meeting_ref,
                          const peel_reg_report_opts *o, const peel_reg_table *actions,
                          peel_err *err)
{
    peel_date asof = o->asof;
    bool internal = o->internal;
    peel_reg_action_filter f = {.asof = asof, .meeting = meeting_ref,
                                .include_sensitive = true};
    peel_reg_actions a;
    char when[32];

    if (peel_register_actions(s, &f, &a, err) < 0)
        return -1;
    long_date(asof, when);
    doc_addf(d, PEEL_BLOCK_HEADING, 2, "Actions arising (status on %s)", when);
    if (!a.n)
        doc_add(d, PEEL_BLOCK_PARA, 0, NULL, "No actions arising were recorded.");
    for (size_t i = 0; i < a.n; i++) {
        const peel_reg_action *x = &a.v[i];
        char since[32], due[48];
        size_t idx;
        if (x->sensitive && !internal) {
            doc_addf(d, PEEL_BLOCK_LIST, 0, "%s: %s", x->ref, PEEL_REGISTER_WITHHELD);
            continue;
        }
        if (!shown(o, peel_reg_table_get(actions, x->id)))
            continue;
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
        doc_addf(d, PEEL_BLOCK_LIST, 0, "%s: %s (%s) - %s%s%s%s%s%s%s", x->ref, x->title,
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
            mark_sensitive(d, idx);
    }
    peel_register_actions_free(&a);
    return 0;
}

int peel_register_report_cgb(peel_store *s, const peel_reg_report_opts *o, peel_doc *out,
                             peel_err *err)
{
    peel_reg_table bodies = {0}, meetings = {0}, items = {0}, att = {0}, actions = {0};
    const peel_record **ms = NULL, **its = NULL;
    const peel_record *body;
    const char *bname = o->body && *o->body ? o->body : "Corporate Governance Board";
    char d1[32], d2[32], d3[32];
    size_t nm = 0;
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (peel_reg_table_load(s, &peel_type_body, &bodies, err) < 0 ||
        peel_reg_table_load(s, &peel_type_meeting, &meetings, err) < 0 ||
        peel_reg_table_load(s, &peel_type_item, &items, err) < 0 ||
        peel_reg_table_load(s, &peel_type_attendance, &att, err) < 0 ||
        (o->visible && peel_reg_table_load(s, &peel_type_action, &actions, err) < 0))
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
        int64_t dt = ref_of(meetings.v[i], "date");
        if (ref_of(meetings.v[i], "body") == body->id && dt >= o->from && dt <= o->to &&
            shown(o, meetings.v[i]))
            ms[nm++] = meetings.v[i];
    }
    qsort(ms, nm, sizeof *ms, cmp_meeting);

    long_date(o->from, d1);
    long_date(o->to, d2);
    long_date(o->asof, d3);
    doc_addf(out, PEEL_BLOCK_TITLE, 0, "%s report to the Police and Crime Panel",
             peel_reg_s(body, "name"));
    doc_addf(out, PEEL_BLOCK_PARA, 0,
             "Meetings held from %s to %s: for each, attendance, each item's overview, the "
             "force's update and the PCC's response, then the actions arising with their "
             "status on %s.",
             d1, d2, d3);
    doc_add(out, PEEL_BLOCK_NOTICE, 0, NULL,
            o->internal ? "OFFICIAL-SENSITIVE: internal version including withheld items. "
                          "Not for publication."
                        : "Public version: items marked Official-Sensitive are withheld.");
    if (!nm)
        doc_addf(out, PEEL_BLOCK_PARA, 0, "No meetings of the %s fall in this period.",
                 peel_reg_s(body, "name"));
    for (size_t m = 0; m < nm; m++) {
        const peel_record *mt = ms[m];
        size_t ni = 0;
        long_date(ref_of(mt, "date"), d1);
        doc_addf(out, PEEL_BLOCK_HEADING, 1, "%s, %s", peel_reg_s(body, "name"), d1);
        if (!strcmp(peel_reg_s(mt, "status"), "cancelled")) {
            doc_add(out, PEEL_BLOCK_PARA, 0, NULL, "This meeting was cancelled.");
            continue;
        }
        if (!strcmp(peel_reg_s(mt, "status"), "planned"))
            doc_add(out, PEEL_BLOCK_NOTICE, 0, NULL,
                    "This meeting is recorded as planned, not yet held.");
        doc_add(out, PEEL_BLOCK_HEADING, 2, NULL, "Attendance");
        attendance_block(out, &att, mt->id, o);
        for (size_t i = 0; i < items.n; i++)
            if (ref_of(items.v[i], "meeting") == mt->id)
                its[ni++] = items.v[i];
        qsort(its, ni, sizeof *its, cmp_item);
        doc_add(out, PEEL_BLOCK_HEADING, 2, NULL, "Items");
        if (!ni)
            doc_add(out, PEEL_BLOCK_PARA, 0, NULL, "No items were recorded.");
        for (size_t i = 0; i < ni; i++)
            item_blocks(out, its[i], o);
        if (actions_blocks(out, s, peel_reg_s(mt, "ref"), o, &actions, err) < 0)
            goto out;
    }
    if (out->failed)
        peel_err_set(err, PEEL_ENOMEM, "out of memory building the report");
    else
        rc = 0;
out:
    free(ms);
    free(its);
    peel_reg_table_free(&bodies);
    peel_reg_table_free(&meetings);
    peel_reg_table_free(&items);
    peel_reg_table_free(&att);
    peel_reg_table_free(&actions);
    if (rc < 0)
        peel_doc_free(out);
    return rc;
}

/* ---- work programme ---- */

/* visible() of a view built for a reader who may not see every record. */
typedef struct reader {
    peel_reg_visible_fn fn;
    void *ctx;
} reader;

static bool sees(const reader *rd, const peel_record *r)
{
    return !rd->fn || (r && rd->fn(rd->ctx, r));
}

int peel_register_work_programme(peel_store *s, const char *body_name, peel_doc *out,
                                 peel_err *err)
{
    return peel_register_work_programme_for(s, body_name, NULL, NULL, out, err);
}

int peel_register_work_programme_for(peel_store *s, const char *body_name,
                                     peel_reg_visible_fn visible, void *ctx, peel_doc *out,
                                     peel_err *err)
{
    peel_reg_table bodies = {0}, meetings = {0}, entries = {0};
    const peel_record *body;
    const char *bname = body_name && *body_name ? body_name : "Police and Crime Panel";
    const peel_record **ms = NULL;
    reader rd = {visible, ctx};
    size_t nm = 0, shown_n = 0;
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (peel_reg_table_load(s, &peel_type_body, &bodies, err) < 0 ||
        peel_reg_table_load(s, &peel_type_meeting, &meetings, err) < 0 ||
        peel_reg_table_load(s, &peel_type_plan_entry, &entries, err) < 0)
        goto out;
    if (!(body = find_body(&bodies, bname)) || !sees(&rd, body)) {
        peel_err_set(err, PEEL_ENOTFOUND, "no body named '%s'", bname);
        goto out;
    }
    if (!(ms = calloc(meetings.n + 1, sizeof *ms))) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory building the work programme");
        goto out;
    }
    /* Only meetings the reader may see: an entry for any other is left out. */
    for (size_t i = 0; i < meetings.n; i++)
        if (ref_of(meetings.v[i], "body") == body->id && sees(&rd, meetings.v[i]))
            ms[nm++] = meetings.v[i];
    qsort(ms, nm, sizeof *ms, cmp_meeting);
    doc_addf(out, PEEL_BLOCK_TITLE, 0, "%s work programme", peel_reg_s(body, "name"));
    for (size_t pass = 0; pass <= nm; pass++) {
        const peel_record *mt = pass < nm ? ms[pass] : NULL;
        bool any = false;
        for (size_t i = 0; i < entries.n; i++) {
            const peel_record *e = entries.v[i];
            const char *why = peel_reg_s(e, "reason"), *who = peel_reg_s(e, "requested_by");
            char d[32];
            if (ref_of(e, "body") != body->id || ref_of(e, "meeting") != (mt ? mt->id : 0) ||
                !sees(&rd, e))
                continue;
            if (!any) {
                if (mt) {
                    long_date(ref_of(mt, "date"), d);
                    doc_addf(out, PEEL_BLOCK_HEADING, 1, "%s%s%s", d,
                             *peel_reg_s(mt, "title") ? ", " : "", peel_reg_s(mt, "title"));
                } else {
                    doc_add(out, PEEL_BLOCK_HEADING, 1, NULL,
                            "Other suggested items to be scheduled to future meetings");
                }
                any = true;
            }
            doc_addf(out, PEEL_BLOCK_LIST, 0, "%s [%s]%s%s%s%s%s", peel_reg_s(e, "subject"),
                     peel_enum_label(&peel_type_plan_entry, "status", peel_reg_s(e, "status")),
                     *why ? ": " : "", why, *who ? " (asked for by " : "", who, *who ? ")" : "");
            shown_n++;
        }
    }
    if (!shown_n)
        doc_addf(out, PEEL_BLOCK_PARA, 0, "No work programme entries are recorded for the %s.",
                 peel_reg_s(body, "name"));
    if (out->failed)
        peel_err_set(err, PEEL_ENOMEM, "out of memory building the work programme");
    else
        rc = 0;
out:
    free(ms);
    peel_reg_table_free(&bodies);
    peel_reg_table_free(&meetings);
    peel_reg_table_free(&entries);
    if (rc < 0)
        peel_doc_free(out);
    return rc;
}

/* ---- recommendations ---- */

static int cmp_rec(const void *x, const void *y)
{
    const peel_record *a = *(const peel_record *const *)x, *b = *(const peel_record *const *)y;
    int64_t da = ref_of(a, "made"), db = ref_of(b, "made");
    if (da != db)
        return da < db ? -1 : 1;
    /* "PCP 2023-07-26 9.2" before "... 10.2": compare the last word as a number */
    const char *ra = peel_reg_s(a, "ref"), *rb = peel_reg_s(b, "ref");
    const char *sa = strrchr(ra, ' '), *sb = strrchr(rb, ' ');
    if (sa && sb && sa - ra == sb - rb && !strncmp(ra, rb, (size_t)(sa - ra)))
        return cmp_number(sa + 1, sb + 1);
    return strcmp(ra, rb);
}

/* The status line of a recommendation on day asof (docs/METHODS.md
 * "Recommendations: status on a day"); *responded: its response is shown. */
static void rec_status(const peel_record *r, peel_date asof, char *status, size_t size,
                       bool *responded)
{
    int64_t due = 0, resp = 0;
    bool has_due = peel_reg_i(r, "response_due", &due);
    bool has_date = peel_reg_i(r, "response_date", &resp);
    bool has_text = *peel_reg_s(r, "response") != '\0';
    char d[32];

    /* A response dated after asof had not been made on that day; one with no
     * date recorded counts as made. */
    *responded = has_date ? resp <= asof : has_text;
    if (*responded && has_date) {
        long_date(resp, d);
        snprintf(status, size, "Responded on %s", d);
    } else if (*responded) {
        snprintf(status, size, "Responded (date not recorded)");
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

int peel_register_recommendations(peel_store *s, peel_date asof, peel_doc *out, peel_err *err)
{
    return peel_register_recommendations_for(s, asof, NULL, NULL, out, err);
}

int peel_register_recommendations_for(peel_store *s, peel_date asof,
                                      peel_reg_visible_fn visible, void *ctx, peel_doc *out,
                                      peel_err *err)
{
    peel_reg_table recs = {0}, actions = {0};
    peel_reg_action_filter f = {.asof = asof, .include_sensitive = false};
    peel_reg_actions acts = {0};
    const peel_record **v = NULL;
    reader rd = {visible, ctx};
    size_t nv = 0;
    int rc = -1;
    char when[32];

    memset(out, 0, sizeof *out);
    if (peel_reg_table_load(s, &peel_type_recommendation, &recs, err) < 0 ||
        peel_reg_table_load(s, &peel_type_action, &actions, err) < 0 ||
        peel_register_actions(s, &f, &acts, err) < 0)
        goto out;
    if (!(v = calloc(recs.n + 1, sizeof *v))) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory listing recommendations");
        goto out;
    }
    for (size_t i = 0; i < recs.n; i++)
        if (ref_of(recs.v[i], "made") <= asof && sees(&rd, recs.v[i]))
            v[nv++] = recs.v[i];
    qsort(v, nv, sizeof *v, cmp_rec);
    long_date(asof, when);
    doc_add(out, PEEL_BLOCK_TITLE, 0, NULL, "Recommendations and responses");
    doc_addf(out, PEEL_BLOCK_PARA, 0, "Status on %s.", when);
    if (!nv)
        doc_add(out, PEEL_BLOCK_PARA, 0, NULL, "No recommendations had been made by then.");
    for (size_t i = 0; i < nv; i++) {
        const peel_record *r = v[i];
        int64_t due = 0, made = 0;
        bool responded;
        char d[32], status[160];
        peel_reg_i(r, "made", &made);
        rec_status(r, asof, status, sizeof status, &responded);
        doc_addf(out, PEEL_BLOCK_HEADING, 1, "%s (%s)", peel_reg_s(r, "ref"),
                 peel_enum_label(&peel_type_recommendation, "kind", peel_reg_s(r, "kind")));
        doc_field(out, "Recommendation", peel_reg_s(r, "text"));
        long_date(made, d);
        doc_field(out, "Made on", d);
        doc_field(out, "Addressed to", peel_reg_s(r, "addressed_to"));
        if (peel_reg_i(r, "response_due", &due)) {
            long_date(due, d);
            doc_field(out, "Response due", d);
        }
        if (responded) {
            doc_field(out, "Response", peel_reg_s(r, "response"));
            if (*peel_reg_s(r, "accepted"))
                doc_field(out, "Accepted", peel_enum_label(&peel_type_recommendation, "accepted",
                                                    peel_reg_s(r, "accepted")));
        }
        doc_field(out, "Status", status);
        /* actions that arose from this recommendation */
        for (size_t k = 0; k < acts.n; k++) {
            const peel_record *a = peel_reg_table_get(&actions, acts.v[k].id);
            if (!a || ref_of(a, "recommendation") != r->id || !sees(&rd, a))
                continue;
            doc_addf(out, PEEL_BLOCK_LIST, 0, "Action %s: %s - %s", acts.v[k].ref,
                     acts.v[k].title, peel_action_statuses[acts.v[k].status].label);
        }
    }
    if (out->failed)
        peel_err_set(err, PEEL_ENOMEM, "out of memory listing recommendations");
    else
        rc = 0;
out:
    free(v);
    peel_reg_table_free(&recs);
    peel_reg_table_free(&actions);
    peel_register_actions_free(&acts);
    if (rc < 0)
        peel_doc_free(out);
    return rc;
}

/* ---- renderers ---- */

/* Text with blank-line-separated paragraphs: one <p> each (class "notice"
 * for a notice), single newlines as <br>; `tag` marks the first as
 * OFFICIAL-SENSITIVE. */
static void html_paras(peel_buf *out, bool notice, const char *label, const char *text,
                       bool tag)
{
    const char *p = text;
    bool first = true;
    do {
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (notice)
            peel_html_lit(out, "<p class=\"notice\">");
        else
            peel_html_lit(out, "<p>");
        if (first && tag)
            peel_html_lit(out, "<strong class=\"tag tag--sensitive\">OFFICIAL-SENSITIVE</strong> ");
        if (first && label)
            peel_html(out, "<strong>%s:</strong> ", label);
        while (n) {
            const char *nl = memchr(p, '\n', n);
            size_t k = nl ? (size_t)(nl - p) : n;
            peel_html_textn(out, p, k);
            if (!nl)
                break;
            peel_html_lit(out, "<br>");
            p += k + 1;
            n -= k + 1;
        }
        peel_html_lit(out, "</p>\n");
        first = false;
        p = end ? end + 2 : NULL;
    } while (p);
}

/* The blocks; `tags` marks sensitive blocks for a page without the
 * document's own notice (the web's). */
static int html_blocks(const peel_doc *d, peel_buf *out, bool tags)
{
    bool in_list = false, in_table = false;

    for (size_t i = 0; i < d->n; i++) {
        const peel_block *b = &d->v[i];
        bool tag = tags && b->sensitive;
        if (in_list && b->kind != PEEL_BLOCK_LIST) {
            peel_html_lit(out, "</ul>\n");
            in_list = false;
        }
        if (in_table && b->kind != PEEL_BLOCK_ROW) {
            peel_html_lit(out, "</table>\n");
            in_table = false;
        }
        switch (b->kind) {
        case PEEL_BLOCK_TITLE:
            peel_html(out, "<h1>%s</h1>\n", b->text);
            break;
        case PEEL_BLOCK_HEADING: {
            int h = b->level < 1 ? 2 : b->level > 3 ? 4 : b->level + 1;
            peel_html(out, "<h%d>%s", h, b->text);
            if (tag)
                peel_html_lit(out, " <strong class=\"tag tag--sensitive\">OFFICIAL-SENSITIVE"
                                   "</strong>");
            peel_html(out, "</h%d>\n", h);
            break;
        }
        case PEEL_BLOCK_PARA:
            html_paras(out, false, NULL, b->text, false);
            break;
        case PEEL_BLOCK_FIELD:
            html_paras(out, false, b->label, b->text, false);
            break;
        case PEEL_BLOCK_NOTICE:
            html_paras(out, true, NULL, b->text, false);
            break;
        case PEEL_BLOCK_LIST:
            if (!in_list) {
                peel_html_lit(out, "<ul>\n");
                in_list = true;
            }
            if (b->css)
                peel_html(out, "<li class=\"%s\">", b->css);
            else
                peel_html_lit(out, "<li>");
            if (tag)
                peel_html_lit(out, "<strong class=\"tag tag--sensitive\">OFFICIAL-SENSITIVE"
                                   "</strong> ");
            peel_html(out, "%s</li>\n", b->text);
            break;
        case PEEL_BLOCK_ROW:
            if (!in_table) {
                peel_html_lit(out, "<table>\n");
                in_table = true;
            }
            peel_html_lit(out, "<tr>");
            for (int k = 0; k < b->ncells; k++) {
                if (b->level)
                    peel_html(out, "<th scope=\"col\">%s</th>", b->cells[k]);
                else
                    peel_html(out, "<td>%s</td>", b->cells[k]);
            }
            peel_html_lit(out, "</tr>\n");
            break;
        }
    }
    if (in_list)
        peel_html_lit(out, "</ul>\n");
    if (in_table)
        peel_html_lit(out, "</table>\n");
    return out->failed ? -1 : 0;
}

int peel_doc_html_body(const peel_doc *d, peel_buf *out)
{
    return html_blocks(d, out, true);
}

int peel_doc_html(const peel_doc *d, peel_buf *out)
{
    const char *title = d->n && d->v[0].kind == PEEL_BLOCK_TITLE ? d->v[0].text : "Report";

    peel_html(out, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<title>%s</title>\n", title);
    peel_html_lit(out,
                  "<style>\n"
                  "body{font-family:Arial,Helvetica,sans-serif;max-width:52em;margin:2em auto;"
                  "padding:0 1em;line-height:1.45;color:#111}\n"
                  "h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:1px solid #999;"
                  "margin-top:2em}h3{font-size:1.1em;margin-top:1.5em}h4{font-size:1em}\n"
                  ".notice{border-left:4px solid #555;padding:.3em .8em;background:#f2f2f2}\n"
                  ".rag-red{border-left:6px solid #b10e1e;padding-left:.4em}\n"
                  ".rag-amber{border-left:6px solid #f47738;padding-left:.4em}\n"
                  ".rag-green{border-left:6px solid #00703c;padding-left:.4em}\n"
                  ".tag--sensitive{background:#8a1538;color:#fff;padding:0 .3em}\n"
                  "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em;"
                  "text-align:left}\n</style>\n</head>\n<body>\n");
    html_blocks(d, out, d->sensitive);
    peel_html_lit(out, "</body>\n</html>\n");
    return out->failed ? -1 : 0;
}

int peel_doc_text(const peel_doc *d, peel_buf *out)
{
    for (size_t i = 0; i < d->n; i++) {
        const peel_block *b = &d->v[i];
        switch (b->kind) {
        case PEEL_BLOCK_TITLE:
            peel_buf_printf(out, "%s\n\n", b->text);
            break;
        case PEEL_BLOCK_HEADING:
            peel_buf_printf(out, "\n%s%s\n", b->level <= 1 ? "== " : b->level == 2 ? "-- " : "",
                            b->text);
            break;
        case PEEL_BLOCK_PARA:
            peel_buf_printf(out, "%s\n", b->text);
            break;
        case PEEL_BLOCK_FIELD:
            peel_buf_printf(out, "%s: %s\n", b->label, b->text);
            break;
        case PEEL_BLOCK_NOTICE:
            peel_buf_printf(out, "[%s]\n", b->text);
            break;
        case PEEL_BLOCK_LIST:
            peel_buf_printf(out, "  * %s\n", b->text);
            break;
        case PEEL_BLOCK_ROW:
            for (int k = 0; k < b->ncells; k++)
                peel_buf_printf(out, "%s%s", k ? " | " : "", b->cells[k]);
            peel_buf_putc(out, '\n');
            break;
        }
    }
    return out->failed ? -1 : 0;
}
