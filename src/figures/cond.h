/* cond.h - a figure's filters: conditions on a record type's declared
 * fields, written as text and read against the declaration, never SQL.
 *
 *   field = value      field != value    field < value   <=   >   >=
 *   field is set       field is empty
 *   days(from, to) <= 56       calendar days from one date field to another
 *   workdays(from, to) <= 20   England and Wales working days (core/date.h)
 *
 * Conditions are joined by ";" and must all hold.  A value reads as its
 * field reads in a form or CSV: an enum's stored value, a date in ISO or
 * UK form, a reference by its record's key (compute.c resolves it to the
 * id the reader may open).  A days condition on a record
 * missing either date is unknown, not false: the figure cannot be computed
 * from that record (compute.c says which).
 *
 * Ownership: a peel_fconds owns its values; peel_fconds_release frees them.
 */
#ifndef PEEL_FIGURES_COND_H
#define PEEL_FIGURES_COND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/record.h"
#include "store/store.h"

#define PEEL_FCOND_MAX 8

enum peel_fcond_kind { PEEL_FCOND_FIELD, PEEL_FCOND_DAYS, PEEL_FCOND_WORKDAYS };

typedef struct peel_fcond {
    enum peel_fcond_kind kind;
    const peel_field *field;    /* FIELD: the field; DAYS/WORKDAYS: the first date */
    const peel_field *field_to; /* DAYS/WORKDAYS: the second date */
    enum peel_op op;            /* EQ..GE, or NULL / NOTNULL (is empty / is set) */
    peel_value value;           /* FIELD: the value, parsed for its field */
    int64_t days;               /* DAYS/WORKDAYS: the number compared with */
} peel_fcond;

typedef struct peel_fconds {
    peel_fcond v[PEEL_FCOND_MAX];
    size_t n;
} peel_fconds;

/* Reads text (NULL or empty: no conditions) as conditions on type t.  0, or
 * -1 with msg naming the condition and what is wrong with it. */
int peel_fconds_parse(const char *text, const peel_type *t, peel_fconds *out, char *msg,
                      size_t msgsz);
void peel_fconds_release(peel_fconds *c);

/* Whether r meets every condition: 1 yes, 0 no, -1 unknown (a days
 * condition with a date missing; *missing, when given, names that field). */
int peel_fconds_match(const peel_fconds *c, const peel_record *r, const peel_field **missing);

/* The conditions that the store can apply itself (plain field conditions)
 * as filters, appended to out (room for PEEL_FCOND_MAX); returns how many. */
size_t peel_fconds_filters(const peel_fconds *c, peel_filter *out);
/* Whether every condition is a plain field condition. */
bool peel_fconds_plain(const peel_fconds *c);

#endif
