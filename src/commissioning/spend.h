/* spend.h - the office's items of expenditure (`spend`: the date paid,
 * the recipient of the funds, the amount, the purpose and why it was good
 * value for money, whose it was: the PCC's or the chief constable's) and
 * the monthly publication the Specified Information Order asks for
 * (Schedule para 3(f) and (g), as amended in 2012): each crime and
 * disorder reduction grant made in the month (grants.h) and each other
 * item of expenditure exceeding £500, published "as soon as practicable
 * after the end of the month" (spend.c).  docs/METHODS.md,
 * "Commissioning".
 *
 * Ownership: a peel_spend_month owns its rows' strings and its grants
 * (peel_spend_month_release). */
#ifndef PEEL_COMMISSIONING_SPEND_H
#define PEEL_COMMISSIONING_SPEND_H

#include <stdint.h>

#include "cli/cli.h"
#include "commissioning/grants.h"
#include "core/date.h"
#include "core/err.h"
#include "model/model.h"
#include "model/reader.h"
#include "store/store.h"
#include "web/http.h"

extern const peel_type peel_type_spend;

enum {
    PEEL_SPEND_REF,
    PEEL_SPEND_SPENDER,
    PEEL_SPEND_PAID_ON,
    PEEL_SPEND_RECIPIENT,
    PEEL_SPEND_AMOUNT,
    PEEL_SPEND_PURPOSE,
    PEEL_SPEND_VALUE_FOR_MONEY,
    PEEL_SPEND_CATEGORY,
    PEEL_SPEND_NOTE,
    PEEL_SPEND_PROVENANCE,
    PEEL_SPEND_PUBLISH,
    PEEL_SPEND_NFIELDS
};

/* The Order's threshold: items "exceeding £500" are published. */
#define PEEL_SPEND_THRESHOLD 50000

typedef struct peel_spend_row {
    int64_t id;
    char *ref, *spender, *recipient, *purpose, *value_for_money, *category;
    peel_date paid_on;
    int64_t amount; /* pence */
} peel_spend_row;

typedef struct peel_spend_month {
    peel_month month;
    peel_date due_after; /* the month's last day: publish as soon as practicable after */
    peel_spend_row *v;   /* items over the threshold, by date then reference */
    size_t n, cap;
    int64_t total;          /* pence, of the rows */
    int64_t at_or_under;    /* items in the month the reader may open at £500 or less */
    peel_grant_rows grants; /* the month's grants (para 3(f)) */
} peel_spend_month;

int peel_spend_of_month(peel_store *s, const peel_reader *rd, peel_month month,
                        peel_spend_month *out, peel_err *err);
void peel_spend_month_release(peel_spend_month *m);

/* `peel commissioning spend --month YYYY-MM [--format table|csv|json]`. */
int peel_cmd_commissioning_spend(peel_cli *cli, int argc, char **argv, peel_err *err);
/* /commissioning/spend?month=YYYY-MM and its CSV, /commissioning/spend.csv. */
int peel_page_commissioning_spend(peel_req *r, const peel_str *p, peel_err *err);
int peel_page_commissioning_spend_csv(peel_req *r, const peel_str *p, peel_err *err);

#endif
