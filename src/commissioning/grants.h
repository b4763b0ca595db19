/* grants.h - the monthly publication the Specified Information Order
 * requires of each crime and disorder reduction grant (Schedule para 3(f)):
 * its recipient, amount, purpose, conditions and why it reduces crime
 * (grants.c), from the awards the reader may open made in a month.
 *
 * Ownership: a peel_grant_rows owns its rows' strings
 * (peel_grant_rows_release). */
#ifndef PEEL_COMMISSIONING_GRANTS_H
#define PEEL_COMMISSIONING_GRANTS_H

#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "model/reader.h"
#include "store/store.h"

typedef struct peel_grant_row {
    int64_t id;
    char *ref, *recipient, *purpose, *conditions, *reasons;
    peel_date awarded_on;
    int64_t amount; /* pence */
} peel_grant_row;

typedef struct peel_grant_rows {
    peel_grant_row *v;
    size_t n, cap;   /* a core/vec.h vector, by award date then reference */
    int64_t undated; /* awards the reader may open with no award date: in no month */
    int64_t total;   /* pence, of the rows */
} peel_grant_rows;

void peel_grant_rows_release(peel_grant_rows *g);
int peel_grants_of_month(peel_store *s, const peel_reader *rd, peel_month month,
                         peel_grant_rows *out, peel_err *err);

#endif
