/* lifecycle.c - the declared lifecycle of a record type: the start-up check
 * the registry makes, lookups in the declaration, and what a record's
 * history says without the database (its state on a day, its clock).
 *
 * The state is derived from the history every time it is asked for, so a
 * past report date gives the state as it was then (docs/METHODS.md). */
#include "model/lifecycle.h"

#include <stdlib.h>
#include <string.h>

#include "core/vec.h"

static bool word(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

const peel_lc_state *peel_lifecycle_state(const peel_lifecycle *lc, const char *value)
{
    for (const peel_lc_state *s = lc && value ? lc->states : NULL; s && s->value; s++)
        if (!strcmp(s->value, value))
            return s;
    return NULL;
}

const char *peel_lifecycle_label(const peel_lifecycle *lc, const char *value)
{
    const peel_lc_state *s = peel_lifecycle_state(lc, value);
    return s && s->label ? s->label : value ? value : "";
}

bool peel_lifecycle_closed(const peel_lifecycle *lc, const char *value)
{
    const peel_lc_state *s = peel_lifecycle_state(lc, value);
    return s && s->closed;
}

const peel_lc_transition *peel_lifecycle_find(const peel_lifecycle *lc, const char *from,
                                              const char *to)
{
    for (const peel_lc_transition *t = lc && from && to ? lc->transitions : NULL; t && t->to; t++)
        if (!strcmp(t->from, from) && !strcmp(t->to, to))
            return t;
    return NULL;
}

bool peel_lifecycle_role_may(const peel_lc_transition *tr, unsigned role_bits)
{
    return tr && (tr->roles & role_bits) != 0;
}

int peel_lifecycle_check(const peel_type *t, peel_err *err)
{
    const peel_lifecycle *lc = t->lifecycle;
    size_t nstates = 0;
    bool reached[64] = {false};
    const char *tn = t->name;

    if (!lc)
        return 0;
    if (!lc->states || !lc->states[0].value)
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: its lifecycle declares no states", tn);
    for (const peel_lc_state *s = lc->states; s->value; s++, nstates++) {
        if (!word(s->value))
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: lifecycle state '%s' is not a lowercase word", tn,
                                s->value);
        if (!s->label || !*s->label)
            return peel_err_set(err, PEEL_EINTERNAL, "type %s: lifecycle state %s has no label", tn,
                                s->value);
        for (const peel_lc_state *o = lc->states; o < s; o++)
            if (!strcmp(o->value, s->value))
                return peel_err_set(err, PEEL_EINTERNAL,
                                    "type %s: lifecycle state %s is declared twice", tn, s->value);
    }
    if (nstates > sizeof reached / sizeof reached[0])
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: its lifecycle has more than %zu states",
                            tn, sizeof reached / sizeof reached[0]);
    if (!peel_lifecycle_state(lc, lc->initial))
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: the lifecycle's initial state '%s' is not one of its states",
                            tn, lc->initial ? lc->initial : "(none)");
    for (const peel_lc_transition *tr = lc->transitions; tr && (tr->from || tr->to); tr++) {
        const char *from = tr->from ? tr->from : "(none)", *to = tr->to ? tr->to : "(none)";
        if (!peel_lifecycle_state(lc, tr->from) || !peel_lifecycle_state(lc, tr->to))
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: lifecycle transition %s -> %s names an unknown state", tn,
                                from, to);
        if (!strcmp(tr->from, tr->to))
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: lifecycle transition %s -> %s goes nowhere", tn, from,
                                to);
        if (!tr->verb || !*tr->verb)
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: lifecycle transition %s -> %s has no verb", tn, from, to);
        if (!tr->roles || (tr->roles & ~(PEEL_LC_STAFF | PEEL_LC_ADMIN)))
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: lifecycle transition %s -> %s: roles must be staff "
                                "and/or admin",
                                tn, from, to);
        if (tr->requires & ~(PEEL_LC_NOTE | PEEL_LC_EVIDENCE | PEEL_LC_DATE))
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: lifecycle transition %s -> %s requires something unknown",
                                tn, from, to);
        if (peel_lifecycle_find(lc, tr->from, tr->to) != tr)
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: lifecycle transition %s -> %s is declared twice", tn,
                                from, to);
    }
    /* Every state reachable from the initial one: a fixed point over the
     * transitions (a handful of states). */
    for (size_t i = 0; i < nstates; i++)
        reached[i] = !strcmp(lc->states[i].value, lc->initial);
    for (bool more = true; more;) {
        more = false;
        for (const peel_lc_transition *tr = lc->transitions; tr && tr->to; tr++) {
            size_t f = (size_t)(peel_lifecycle_state(lc, tr->from) - lc->states);
            size_t g = (size_t)(peel_lifecycle_state(lc, tr->to) - lc->states);
            if (reached[f] && !reached[g])
                more = reached[g] = true;
        }
    }
    for (size_t i = 0; i < nstates; i++)
        if (!reached[i])
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: lifecycle state %s cannot be reached from %s", tn,
                                lc->states[i].value, lc->initial);
    /* "state" is the record's JSON key for its current state (model/reader.h). */
    if (peel_type_field(t, "state"))
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: a type with a lifecycle may not have a field named state",
                            tn);
    if (lc->start) {
        const peel_field *f = peel_type_field(t, lc->start);
        if (!f || f->type != PEEL_F_DATE)
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: the lifecycle's start '%s' is not a date field of it", tn,
                                lc->start);
    }
    return 0;
}

/* ---- histories ---- */

static char *dup(const char *s, bool *oom)
{
    char *c = strdup(s ? s : "");
    if (!c)
        *oom = true;
    return c;
}

static void transition_free(peel_transition *t)
{
    free(t->type);
    free(t->from);
    free(t->to);
    free(t->note);
    free(t->evidence);
    free(t->source);
    free(t->user);
    free(t->at);
}

int peel_history_push(peel_history *h, const peel_transition *t, peel_err *err)
{
    peel_transition *x = peel_vec_push(h);
    bool oom = false;
    if (!x)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory reading a history");
    *x = (peel_transition){
        .id = t->id,
        .type = dup(t->type, &oom),
        .record_id = t->record_id,
        .from = dup(t->from, &oom),
        .to = dup(t->to, &oom),
        .date = t->date,
        .note = dup(t->note, &oom),
        .evidence = dup(t->evidence, &oom),
        .source = dup(t->source, &oom),
        .user = dup(t->user, &oom),
        .at = dup(t->at, &oom),
    };
    if (oom) {
        transition_free(x);
        h->n--;
        return peel_err_set(err, PEEL_ENOMEM, "out of memory reading a history");
    }
    return 0;
}

void peel_history_release(peel_history *h)
{
    for (size_t i = 0; i < h->n; i++)
        transition_free(&h->v[i]);
    peel_vec_release(h);
}

size_t peel_history_of(const peel_history *h, int64_t record_id, size_t *first)
{
    size_t lo = 0, hi = h->n, n = 0;
    /* h is in record_id order: the first of the record by bisection. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->v[mid].record_id < record_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = lo;
    while (lo + n < h->n && h->v[lo + n].record_id == record_id)
        n++;
    return n;
}

const char *peel_history_state_on(const peel_lifecycle *lc, const peel_history *h,
                                  int64_t record_id, peel_date day, const peel_transition **last)
{
    size_t first, n = peel_history_of(h, record_id, &first);
    const peel_transition *at = NULL;
    for (size_t i = first; i < first + n; i++)
        if (h->v[i].date <= day)
            at = &h->v[i]; /* (date, id) order: the last one on or before day */
    if (last)
        *last = at;
    return at ? at->to : lc->initial;
}

int peel_history_clock_days(const peel_lifecycle *lc, const peel_history *h, int64_t record_id,
                            peel_date start, peel_date asof)
{
    size_t first, n = peel_history_of(h, record_id, &first);
    peel_date from = start, stopped = 0;
    bool running = true;

    for (size_t i = first; i < first + n; i++) {
        const peel_transition *t = &h->v[i];
        const peel_lc_transition *tr = peel_lifecycle_find(lc, t->from, t->to);
        peel_lc_clock c = tr ? tr->clock : PEEL_LC_CLOCK_KEEP;
        if (t->date > asof)
            break;
        /* A transition recorded before the lifecycle said what it does (a
         * migrated one) still stops the clock when it closes the record. */
        if (!tr && peel_lifecycle_closed(lc, t->to))
            c = PEEL_LC_CLOCK_STOP;
        else if (!tr && running == false && !peel_lifecycle_closed(lc, t->to))
            c = PEEL_LC_CLOCK_RESUME;
        if (c == PEEL_LC_CLOCK_STOP && running) {
            running = false;
            stopped = t->date;
        } else if (c == PEEL_LC_CLOCK_RESUME) {
            running = true;
        } else if (c == PEEL_LC_CLOCK_RESTART) {
            running = true;
            from = t->date;
        }
    }
    return (int)((running ? asof : stopped) - from);
}
