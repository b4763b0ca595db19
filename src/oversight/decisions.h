/* decisions.h - what the PCC must publish: the decisions register
 * (`decision`, each with its decision notice attached) and the Specified
 * Information publication scheme (the Elected Local Policing Bodies
 * (Specified Information) Order 2011 as amended): each class of information
 * the Order requires (`scheme_class`, with its cadence) and each time it was
 * published (`scheme_publication`).  Declared in decisions.c; the scheme's
 * state on a day (what is due, published when, late) in scheme.c.  The
 * rules are in docs/METHODS.md, "Oversight: decisions and the publication
 * scheme". */
#ifndef PEEL_OVERSIGHT_DECISIONS_H
#define PEEL_OVERSIGHT_DECISIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "model/model.h"
#include "model/reader.h"
#include "store/store.h"

extern const peel_type peel_type_decision;
extern const peel_type peel_type_scheme_class;
extern const peel_type peel_type_scheme_publication;

/* Field handles of decision. */
enum {
    PEEL_DEC_NUMBER,
    PEEL_DEC_TITLE,
    PEEL_DEC_MADE_ON,
    PEEL_DEC_MAKER,
    PEEL_DEC_SUMMARY,
    PEEL_DEC_AMOUNT,
    PEEL_DEC_INTERESTS,
    PEEL_DEC_PUBLISHED_ON,
    PEEL_DEC_PROVENANCE,
    PEEL_DEC_PUBLISH,
    PEEL_DEC_NFIELDS
};

/* Field handles of scheme_class. */
enum {
    PEEL_SC_REF,
    PEEL_SC_NAME,
    PEEL_SC_CADENCE,
    PEEL_SC_DUE_DAYS,
    PEEL_SC_SINCE,
    PEEL_SC_NOTE,
    PEEL_SC_PROVENANCE,
    PEEL_SC_PUBLISH,
    PEEL_SC_NFIELDS
};

/* Field handles of scheme_publication. */
enum {
    PEEL_SP_CLASS,
    PEEL_SP_PERIOD_FROM,
    PEEL_SP_PERIOD_TO,
    PEEL_SP_PUBLISHED_ON,
    PEEL_SP_WHERE,
    PEEL_SP_PUBLISH,
    PEEL_SP_NFIELDS
};

/* One period a class was due for, on a day: its first and last days, the
 * day it was due by, and when it was published (0: not recorded). */
typedef struct peel_scheme_due {
    peel_date from, to, due, published;
} peel_scheme_due;

/* One class's state on a day: the periods due by then (oldest first, at
 * most the last PEEL_SCHEME_MAX_DUE), the next period's due date (0 when
 * the cadence has none), and its counts. */
#define PEEL_SCHEME_MAX_DUE 36
typedef struct peel_scheme_state {
    int64_t id;
    char ref[41], name[301], cadence[41];
    peel_scheme_due due[PEEL_SCHEME_MAX_DUE];
    size_t ndue;
    int64_t on_time, late, missing, other; /* other: publications of an "as made" class */
    peel_date next_due;
} peel_scheme_state;

typedef struct peel_scheme_states {
    peel_scheme_state *v;
    size_t n, cap; /* a core/vec.h vector */
} peel_scheme_states;

/* Every class rd may open, with the publications rd may open, on day. */
int peel_scheme_on(peel_store *s, const peel_reader *rd, peel_date day, peel_scheme_states *out,
                   peel_err *err);

#endif
