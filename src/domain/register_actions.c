/* register_actions.c - the action tracker: each action's status on a given
 * day (from its lifecycle's dated history, model/transition.h), overdue, ageing and RAG, and counts
 * by body, owner, organisation and plan objective.  Nothing here is stored: everything is computed
 * from the records on the day asked about, so a past report date gives the statuses as they were
 * then. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/csv.h"
#include "core/hash.h"
#include "core/vec.h"
#include "domain/people.h"
#include "domain/register.h"
#include "model/record.h"
#include "model/records.h"
#include "model/transition.h"
#include "store/store.h"

enum peel_rag peel_register_rag(enum peel_action_status st, bool has_due, peel_date due,
                                peel_date asof)
{
    if (peel_action_status_closed(st))
        return PEEL_RAG_NONE;
    if (has_due && due < asof)
        return PEEL_RAG_RED;
    if (!has_due || due - asof <= PEEL_RAG_AMBER_DAYS)
        return PEEL_RAG_AMBER;
    return PEEL_RAG_GREEN;
}

const char *peel_rag_name(enum peel_rag r)
{
    switch (r) {
    case PEEL_RAG_RED:
        return "red";
    case PEEL_RAG_AMBER:
        return "amber";
    case PEEL_RAG_GREEN:
        return "green";
    default:
        return "";
    }
}

bool peel_register_overdue(enum peel_action_status st, bool has_due, peel_date due, peel_date asof)
{
    return has_due && due < asof && !peel_action_status_closed(st);
}

int peel_register_by_parse(const char *s)
{
    static const char *const names[] = {"body", "owner", "organisation", "objective"};
    for (int i = 0; i < 4; i++)
        if (s && !strcmp(s, names[i]))
            return i;
    return -1;
}

/* ---- building the list ---- */

typedef struct tables {
    peel_records action, meeting, body, item, person, tag, objective;
    peel_history hist;     /* every action's lifecycle history */
    const peel_reader *rd; /* whose names and notes the list shows */
} tables;

static void tables_free(tables *t)
{
    peel_records_free(&t->action);
    peel_history_release(&t->hist);
    peel_records_free(&t->meeting);
    peel_records_free(&t->body);
    peel_records_free(&t->item);
    peel_records_free(&t->person);
    peel_records_free(&t->tag);
    peel_records_free(&t->objective);
}

static int tables_load(peel_store *s, tables *t, peel_err *err)
{
    memset(t, 0, sizeof *t);
    if (peel_records_load(s, &peel_type_action, &t->action, err) < 0 ||
        peel_transition_history(s, &peel_type_action, 0, &t->hist, err) < 0 ||
        peel_records_load(s, &peel_type_meeting, &t->meeting, err) < 0 ||
        peel_records_load(s, &peel_type_body, &t->body, err) < 0 ||
        peel_records_load(s, &peel_type_item, &t->item, err) < 0 ||
        peel_records_load(s, peel_type_find("person"), &t->person, err) < 0 ||
        peel_records_load(s, &peel_type_objective_tag, &t->tag, err) < 0 ||
        peel_records_load(s, &peel_type_objective, &t->objective, err) < 0) {
        tables_free(t);
        return -1;
    }
    return 0;
}

static int64_t ref_of(const peel_record *r, int field)
{
    return peel_record_ref_at(r, field);
}

static bool sensitive(const peel_record *r)
{
    return r && peel_record_class(r) == PEEL_OFFICIAL_SENSITIVE;
}

static bool objective_listed(const char *list, const char *name)
{
    size_t n = strlen(name);
    const char *p = list;
    while (*p) {
        const char *end = strstr(p, "; ");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && !strncasecmp(p, name, n))
            return true;
        if (!end)
            break;
        p = end + 2;
    }
    return false;
}

/* Appends the objectives tagged on record id of a tag field, without repeats. */
static void add_objectives(const tables *t, int field, int64_t id, peel_buf *out)
{
    if (!id)
        return;
    for (size_t i = 0; i < t->tag.n; i++) {
        const peel_record *tag = t->tag.v[i];
        const peel_record *o;
        const char *name;
        if (ref_of(tag, field) != id || !peel_reader_record_visible(t->rd, tag))
            continue;
        o = peel_records_get(&t->objective, ref_of(tag, PEEL_OBJECTIVE_TAG_OBJECTIVE));
        if (!peel_reader_record_visible(t->rd, o))
            continue;
        name = peel_record_text_at(o, PEEL_OBJECTIVE_NAME);
        if (!*name)
            continue;
        if (objective_listed(peel_buf_str(out), name))
            continue;
        if (out->len)
            peel_buf_puts(out, "; ");
        peel_buf_puts(out, name);
    }
}

static char *xstrdup(const char *s, bool *oom)
{
    char *c = strdup(s ? s : "");
    if (!c)
        *oom = true;
    return c;
}

static bool contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return true;
    return n == 0;
}

static void action_free_fields(peel_reg_action *a)
{
    free(a->ref);
    free(a->title);
    free(a->source);
    free(a->body);
    free(a->meeting);
    free(a->owner);
    free(a->organisation);
    free(a->objectives);
    free(a->note);
}

static int cmp_action(const void *x, const void *y)
{
    const peel_reg_action *a = x, *b = y;
    if (a->raised != b->raised)
        return a->raised < b->raised ? -1 : 1;
    return strcmp(a->ref, b->ref);
}

/* A referenced record's text as the reader may read it: "" when there is
 * no reference, PEEL_READER_NOT_PUBLISHED when it may not open the record. */
static const char *named(const tables *t, const peel_record *ref, int field)
{
    if (!ref)
        return "";
    return peel_reader_record_visible(t->rd, ref) ? peel_record_text_at(ref, field)
                                                  : PEEL_READER_NOT_PUBLISHED;
}

static int build_one(const tables *t, const peel_record *r, peel_date asof, peel_reg_action *a)
{
    const peel_record *item = peel_records_get(&t->item, ref_of(r, PEEL_ACTION_ITEM));
    int64_t mid = ref_of(r, PEEL_ACTION_MEETING);
    const peel_record *m, *b, *owner;
    const peel_transition *latest = NULL;
    peel_buf objs = PEEL_BUF_INIT, note = PEEL_BUF_INIT;
    int64_t v;
    bool oom = false;

    if (!mid && item)
        mid = ref_of(item, PEEL_ITEM_MEETING);
    m = peel_records_get(&t->meeting, mid);
    b = m ? peel_records_get(&t->body, ref_of(m, PEEL_MEETING_BODY)) : NULL;
    owner = peel_records_get(&t->person, ref_of(r, PEEL_ACTION_OWNER));

    memset(a, 0, sizeof *a);
    a->id = r->id;
    a->raised = peel_record_int_at(r, PEEL_ACTION_RAISED, &v) ? (peel_date)v : 0;
    a->has_due = peel_record_int_at(r, PEEL_ACTION_DUE, &v);
    a->due = a->has_due ? (peel_date)v : 0;
    a->sensitive = sensitive(r);

    /* The status on asof: the lifecycle's state then, from the latest
     * transition dated on or before it. */
    const char *state =
        peel_history_state_on(peel_type_action.lifecycle, &t->hist, r->id, asof, &latest);
    int st = peel_action_status_parse(state);
    a->status = st < 0 ? PEEL_ACTION_OPEN : (enum peel_action_status)st;
    a->status_date = latest ? latest->date : a->raised;
    /* The note and evidence are shown wherever the action is (never on an
     * action the reader may not open, so never on an OFFICIAL-SENSITIVE one
     * to panel or public). */
    if (latest && peel_reader_record_visible(t->rd, r)) {
        peel_buf_puts(&note, latest->note);
        if (*latest->evidence) {
            if (note.len)
                peel_buf_puts(&note, " ");
            peel_buf_printf(&note, "Evidence: %s", latest->evidence);
        }
    }
    a->overdue = peel_register_overdue(a->status, a->has_due, a->due, asof);
    a->rag = peel_register_rag(a->status, a->has_due, a->due, asof);
    a->age_days =
        peel_history_clock_days(peel_type_action.lifecycle, &t->hist, r->id, a->raised, asof);

    add_objectives(t, PEEL_OBJECTIVE_TAG_ACTION, r->id, &objs);
    add_objectives(t, PEEL_OBJECTIVE_TAG_ITEM,
                   peel_reader_record_visible(t->rd, item) ? item->id : 0, &objs);
    add_objectives(t, PEEL_OBJECTIVE_TAG_RECOMMENDATION, ref_of(r, PEEL_ACTION_RECOMMENDATION),
                   &objs);

    a->ref = xstrdup(peel_record_text_at(r, PEEL_ACTION_REF), &oom);
    a->title = xstrdup(peel_record_text_at(r, PEEL_ACTION_TITLE), &oom);
    a->source = xstrdup(peel_record_text_at(r, PEEL_ACTION_AROSE_FROM), &oom);
    a->body = xstrdup(named(t, b, PEEL_BODY_NAME), &oom);
    a->meeting = xstrdup(named(t, m, PEEL_MEETING_REF), &oom);
    a->owner = xstrdup(owner ? named(t, owner, PEEL_PERSON_NAME)
                             : peel_record_text_at(r, PEEL_ACTION_OWNER_NAME),
                       &oom);
    a->organisation = xstrdup(peel_record_text_at(r, PEEL_ACTION_ORGANISATION), &oom);
    a->objectives = xstrdup(peel_buf_str(&objs), &oom);
    a->note = xstrdup(peel_buf_str(&note), &oom);
    oom = oom || objs.failed || note.failed;
    peel_buf_release(&objs);
    peel_buf_release(&note);
    return oom ? -1 : 0;
}

static bool matches(const tables *t, const peel_record *r, const peel_reg_action *a,
                    const peel_reg_action_filter *f)
{
    /* Only actions the reader may open; with withheld_too also those
     * published to it but marked sensitive (listed as withheld). */
    if (!peel_reader_record_visible(f->reader, r) &&
        !(f->withheld_too && peel_reader_record_published(f->reader, r)))
        return false;
    if (a->sensitive && !f->include_sensitive)
        return false;
    if (f->overdue_only && !a->overdue)
        return false;
    if (f->open_only && peel_action_status_closed(a->status))
        return false;
    if (f->body && *f->body) {
        bool ok = !strcasecmp(a->body, f->body);
        for (size_t i = 0; !ok && i < t->body.n; i++)
            ok = !strcasecmp(peel_record_text_at(t->body.v[i], PEEL_BODY_SHORT_NAME), f->body) &&
                 !strcmp(peel_record_text_at(t->body.v[i], PEEL_BODY_NAME), a->body);
        if (!ok)
            return false;
    }
    if (f->owner && *f->owner && !contains_nocase(a->owner, f->owner))
        return false;
    if (f->organisation && *f->organisation && strcasecmp(a->organisation, f->organisation))
        return false;
    if (f->objective && *f->objective && !objective_listed(a->objectives, f->objective))
        return false;
    if (f->meeting && *f->meeting && strcmp(a->meeting, f->meeting))
        return false;
    return true;
}

int peel_register_actions(peel_store *s, const peel_reg_action_filter *f, peel_reg_actions *out,
                          peel_err *err)
{
    tables t;

    memset(out, 0, sizeof *out);
    out->asof = f->asof;
    if (tables_load(s, &t, err) < 0)
        return -1;
    t.rd = f->reader;
    out->v = calloc(t.action.n ? t.action.n : 1, sizeof *out->v);
    if (!out->v) {
        tables_free(&t);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory building the action tracker");
    }
    for (size_t i = 0; i < t.action.n; i++) {
        peel_reg_action *a = &out->v[out->n];
        int64_t raised = 0;
        if (!peel_record_int_at(t.action.v[i], PEEL_ACTION_RAISED, &raised) || raised > f->asof)
            continue;
        if (build_one(&t, t.action.v[i], f->asof, a) < 0) {
            action_free_fields(a);
            tables_free(&t);
            peel_register_actions_free(out);
            return peel_err_set(err, PEEL_ENOMEM, "out of memory building the action tracker");
        }
        if (matches(&t, t.action.v[i], a, f))
            out->n++;
        else
            action_free_fields(a);
    }
    tables_free(&t);
    qsort(out->v, out->n, sizeof *out->v, cmp_action);
    return 0;
}

void peel_register_actions_free(peel_reg_actions *a)
{
    for (size_t i = 0; i < a->n; i++)
        action_free_fields(&a->v[i]);
    free(a->v);
    a->v = NULL;
    a->n = 0;
}

/* ---- grouping ---- */

/* The group called name, added when new; `index` maps a name to its place
 * in g (owners and objectives can run to hundreds of groups). */
static peel_reg_group *group_get(peel_reg_groups *g, peel_hash *index, const char *name, bool *oom)
{
    bool added;
    int64_t *at = peel_hash_slot_of(index, name, strlen(name), &added);
    peel_reg_group *x;
    if (!at) {
        *oom = true;
        return NULL;
    }
    if (!added)
        return &g->v[*at];
    if (!(x = peel_vec_push(g)) || !(x->name = strdup(name))) {
        g->n -= x != NULL;
        *oom = true;
        return NULL;
    }
    *at = (int64_t)(g->n - 1);
    return x;
}

static void count_into(peel_reg_group *g, const peel_reg_action *a, peel_date from, peel_date to)
{
    g->total++;
    if (!peel_action_status_closed(a->status))
        g->open++;
    if (a->overdue)
        g->overdue++;
    if (a->status == PEEL_ACTION_COMPLETED) {
        g->completed++;
        if (a->status_date >= from && a->status_date <= to)
            g->completed_in_period++;
    }
    g->red += a->rag == PEEL_RAG_RED;
    g->amber += a->rag == PEEL_RAG_AMBER;
    g->green += a->rag == PEEL_RAG_GREEN;
}

static int cmp_group(const void *x, const void *y)
{
    const peel_reg_group *a = x, *b = y;
    bool an = !strcmp(a->name, "(none)"), bn = !strcmp(b->name, "(none)");
    if (an != bn)
        return an ? 1 : -1;
    return strcmp(a->name, b->name);
}

int peel_register_group(const peel_reg_actions *a, enum peel_reg_by by, peel_date from,
                        peel_date to, peel_reg_groups *out, peel_err *err)
{
    bool oom = false;
    peel_hash index = {0};
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < a->n && !oom; i++) {
        const peel_reg_action *x = &a->v[i];
        const char *key = by == PEEL_BY_BODY           ? x->body
                          : by == PEEL_BY_OWNER        ? x->owner
                          : by == PEEL_BY_ORGANISATION ? x->organisation
                                                       : NULL;
        if (by != PEEL_BY_OBJECTIVE) {
            peel_reg_group *g = group_get(out, &index, key && *key ? key : "(none)", &oom);
            if (g)
                count_into(g, x, from, to);
            continue;
        }
        if (!*x->objectives) {
            peel_reg_group *g = group_get(out, &index, "(none)", &oom);
            if (g)
                count_into(g, x, from, to);
            continue;
        }
        for (const char *p = x->objectives; *p && !oom;) {
            const char *end = strstr(p, "; ");
            size_t len = end ? (size_t)(end - p) : strlen(p);
            char name[256];
            if (len >= sizeof name)
                len = sizeof name - 1;
            memcpy(name, p, len);
            name[len] = '\0';
            peel_reg_group *g = group_get(out, &index, name, &oom);
            if (g)
                count_into(g, x, from, to);
            if (!end)
                break;
            p = end + 2;
        }
    }
    peel_hash_release(&index);
    if (oom) {
        peel_register_groups_free(out);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory grouping actions");
    }
    qsort(out->v, out->n, sizeof *out->v, cmp_group);
    return 0;
}

void peel_register_groups_free(peel_reg_groups *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->v[i].name);
    peel_vec_release(g);
}

/* ---- CSV ---- */

static void csv_cell(peel_buf *b, const char *s, bool last)
{
    peel_csv_put_text(b, s, strlen(s)); /* names and titles: formula-guarded */
    peel_buf_puts(b, last ? "\r\n" : ",");
}

static void csv_count(peel_buf *b, int64_t n, bool last)
{
    peel_buf_put_i64(b, n);
    peel_buf_puts(b, last ? "\r\n" : ",");
}

int peel_register_actions_csv(const peel_reg_actions *a, peel_buf *out)
{
    static const char *const head[] = {"ref",      "title",        "body",          "meeting",
                                       "owner",    "organisation", "raised",        "due",
                                       "status",   "status_since", "overdue",       "rag",
                                       "age_days", "objectives",   "classification"};
    enum { NCOLS = sizeof head / sizeof head[0] };

    for (size_t k = 0; k < NCOLS; k++)
        csv_cell(out, head[k], k + 1 == NCOLS);
    for (size_t i = 0; i < a->n; i++) {
        const peel_reg_action *x = &a->v[i];
        char raised[11], due[11] = "", since[11], age[16];
        peel_date_format(x->raised, raised);
        if (x->has_due)
            peel_date_format(x->due, due);
        peel_date_format(x->status_date, since);
        snprintf(age, sizeof age, "%d", x->age_days);
        const char *cells[NCOLS] = {
            x->ref,
            x->title,
            x->body,
            x->meeting,
            x->owner,
            x->organisation,
            raised,
            due,
            peel_action_statuses[x->status].value,
            since,
            x->overdue ? "yes" : "no",
            peel_rag_name(x->rag),
            age,
            x->objectives,
            peel_class_options[x->sensitive ? PEEL_OFFICIAL_SENSITIVE : PEEL_OFFICIAL].value};
        for (size_t k = 0; k < NCOLS; k++)
            csv_cell(out, cells[k], k + 1 == NCOLS);
    }
    return out->failed ? -1 : 0;
}

int peel_register_groups_csv(const peel_reg_groups *g, enum peel_reg_by by, peel_buf *out)
{
    static const char *const names[] = {"body", "owner", "organisation", "objective"};
    csv_cell(out, names[by], false);
    peel_buf_puts(out, "actions,open,overdue,completed,completed_in_period,red,amber,green\r\n");
    for (size_t i = 0; i < g->n; i++) {
        const peel_reg_group *x = &g->v[i];
        csv_cell(out, x->name, false);
        csv_count(out, x->total, false);
        csv_count(out, x->open, false);
        csv_count(out, x->overdue, false);
        csv_count(out, x->completed, false);
        csv_count(out, x->completed_in_period, false);
        csv_count(out, x->red, false);
        csv_count(out, x->amber, false);
        csv_count(out, x->green, true);
    }
    return out->failed ? -1 : 0;
}
