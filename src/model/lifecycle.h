/* lifecycle.h - a record type's lifecycle, declared once: its states, the
 * transitions between them, who may make each, what each requires and what
 * it does to the type's clock.
 *
 * A type declares one on peel_type (`.lifecycle = &action_lifecycle`).  The
 * current state of a record is never stored on it: it is the `to` of its
 * latest transition (by date, then the order they were recorded), or the
 * declared initial state when there is none, so the state on any past day
 * is exact and there is no second copy to drift.  Transitions are stored in
 * one history table through the store (store/lifecycle_db.h) and written by
 * model/transition.h, which checks them against this declaration.
 *
 * This file is the declaration and what can be computed from a history
 * without the database (state on a day, the clock); peel_lifecycle_check
 * is the registry's start-up check, naming the type.
 *
 * Ownership: declarations are static and constant; a peel_history owns its
 * transitions and their strings (peel_history_release frees them).
 */
#ifndef PEEL_MODEL_LIFECYCLE_H
#define PEEL_MODEL_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "model/model.h"

/* One state: what is stored and what people read; closed: nothing more is
 * needed (not due, not overdue). */
typedef struct peel_lc_state {
    const char *value; /* [a-z0-9_]+ */
    const char *label;
    bool closed;
} peel_lc_state;

/* What a transition requires besides the state it goes to. */
#define PEEL_LC_NOTE 0x01u     /* a note saying why */
#define PEEL_LC_EVIDENCE 0x02u /* evidence text (what shows it is done) */
#define PEEL_LC_DATE 0x04u     /* a date typed in (else the date defaults to today) */

/* Who may make a transition.  Panel members and the public read records
 * and never change them (model/reader.h), so no bit stands for them. */
#define PEEL_LC_STAFF 0x01u /* OPCC staff */
#define PEEL_LC_ADMIN 0x02u /* administrators */

/* What a transition does to the type's clock (an action's days open; an
 * FOI request's working days).  The clock runs from the record's start
 * field. */
typedef enum peel_lc_clock {
    PEEL_LC_CLOCK_KEEP,    /* no change */
    PEEL_LC_CLOCK_STOP,    /* stops it at the transition's date */
    PEEL_LC_CLOCK_RESUME,  /* runs again, still counting from where it started */
    PEEL_LC_CLOCK_RESTART, /* runs again from zero at the transition's date */
} peel_lc_clock;

typedef struct peel_lc_transition {
    const char *from, *to; /* state values */
    const char *verb;      /* the button: "Mark complete" */
    unsigned roles;        /* PEEL_LC_STAFF | PEEL_LC_ADMIN */
    unsigned requires;     /* PEEL_LC_NOTE | PEEL_LC_EVIDENCE | PEEL_LC_DATE */
    peel_lc_clock clock;
} peel_lc_transition;

typedef struct peel_lifecycle {
    const peel_lc_state *states;           /* ended by {0} */
    const char *initial;                   /* a state's value */
    const peel_lc_transition *transitions; /* ended by {0} */
    /* A DATE field of the type: the clock starts there, and no transition
     * may be dated before it (NULL: none). */
    const char *start;
    const char *clock_label; /* "Days open"; NULL: the type has no clock */
} peel_lifecycle;

/* The registry's check of t->lifecycle (nothing when t has none): every
 * state named well and once, the initial state and every transition's ends
 * declared, no transition twice, none from a state to itself, every role
 * set and known, a verb on each, every state reachable from the
 * initial one, the start field a DATE field of t, no field named state
 * (the record's JSON says its state under that key).  -1 with err naming
 * the type. */
int peel_lifecycle_check(const peel_type *t, peel_err *err);

/* The state whose value is value, or NULL. */
const peel_lc_state *peel_lifecycle_state(const peel_lifecycle *lc, const char *value);
/* Its label, or value itself when it is not a state. */
const char *peel_lifecycle_label(const peel_lifecycle *lc, const char *value);
bool peel_lifecycle_closed(const peel_lifecycle *lc, const char *value);
/* The transition from -> to, or NULL when there is none. */
const peel_lc_transition *peel_lifecycle_find(const peel_lifecycle *lc, const char *from,
                                              const char *to);
/* Whether a reader holding the role bits (PEEL_LC_STAFF...) may make tr. */
bool peel_lifecycle_role_may(const peel_lc_transition *tr, unsigned role_bits);

/* One transition as stored: every string belongs to the history holding it. */
typedef struct peel_transition {
    int64_t id;
    char *type;
    int64_t record_id;
    char *from, *to;
    peel_date date;
    char *note, *evidence, *source; /* "" when none */
    char *user;                     /* who recorded it */
    char *at;                       /* when it was recorded (UTC, ISO) */
} peel_transition;

/* Transitions in (record_id, date, id) order: a core/vec.h vector. */
typedef struct peel_history {
    peel_transition *v;
    size_t n, cap;
} peel_history;

/* Appends a copy of t; -1 with err set when memory runs out. */
int peel_history_push(peel_history *h, const peel_transition *t, peel_err *err);
void peel_history_release(peel_history *h);

/* The transitions of record_id: *first its index in h and the count
 * returned (h in the order above). */
size_t peel_history_of(const peel_history *h, int64_t record_id, size_t *first);

/* The record's state on day: the `to` of its latest transition dated on or
 * before day, or lc->initial.  *last (if given) is that transition or NULL. */
const char *peel_history_state_on(const peel_lifecycle *lc, const peel_history *h,
                                  int64_t record_id, peel_date day, const peel_transition **last);

/* The clock's days on day asof for record_id, started on start: from the
 * start (or the latest restart) to the latest stop after it, or to asof
 * while it runs.  Transitions after asof are not counted. */
int peel_history_clock_days(const peel_lifecycle *lc, const peel_history *h, int64_t record_id,
                            peel_date start, peel_date asof);

#endif
