/* giving.h - the awards as 360Giving Data Standard grants (giving.c): one
 * grant per award the reader may open with an award date in the period,
 * its recipient and funder identified by org-id.guide identifiers
 * (GB-CHC- from a charity number, GB-COH- from a company number, or the
 * organisation's own org_id), amounts exact from pence.  An award that
 * lacks what the standard requires (an award date, a title, the
 * recipient's or funder's identifier) is left out and counted by reason,
 * so the file stays valid and nothing is silently dropped.
 * `peel commissioning 360giving` and /commissioning/360giving.json|.csv
 * write it; docs/METHODS.md, "Commissioning".
 *
 * Ownership: a peel_giving owns its grants' strings (peel_giving_release). */
#ifndef PEEL_COMMISSIONING_GIVING_H
#define PEEL_COMMISSIONING_GIVING_H

#include <stdint.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"
#include "model/reader.h"
#include "store/store.h"

typedef struct peel_giving_grant {
    int64_t award_id;
    char *id, *title, *description;
    int64_t amount; /* pence */
    peel_date awarded_on;
    char *rec_id, *rec_name, *rec_charity, *rec_company;
    char *fund_id, *fund_name;
    char *programme;                      /* the fund's name, or "" */
    char *loc_name, *loc_code, *loc_type; /* the area it serves, or "" */
} peel_giving_grant;

/* Why awards were left out (each counted once, by its first reason). */
enum {
    PEEL_GIVING_NO_DATE,      /* no award date recorded */
    PEEL_GIVING_NO_TITLE,     /* neither project nor purpose recorded */
    PEEL_GIVING_NO_RECIPIENT, /* the recipient has no identifier the reader may see */
    PEEL_GIVING_NO_FUNDER,    /* the fund names no funder with an identifier */
    PEEL_GIVING_NREASONS
};

typedef struct peel_giving {
    peel_giving_grant *v;
    size_t n, cap; /* a core/vec.h vector, by award date then identifier */
    int64_t left_out[PEEL_GIVING_NREASONS];
    int64_t unprefixed; /* grants whose fund records no 360G- prefix */
} peel_giving;

/* from/to: award dates, 0 for unbounded; an award with no date is in no
 * period and always counted under PEEL_GIVING_NO_DATE. */
int peel_giving_build(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                      peel_giving *out, peel_err *err);
void peel_giving_release(peel_giving *g);
/* The reason's words ("no award date recorded"). */
const char *peel_giving_reason(int reason);

/* The 360Giving JSON package {"grants": [...]}; NULL when memory runs out. */
struct json_t;
struct json_t *peel_giving_json(const peel_giving *g);
/* The 360Giving spreadsheet as CSV with the standard's column titles
 * ("Identifier", "Recipient Org:Identifier", ...); failures stick in b. */
void peel_giving_csv(const peel_giving *g, peel_buf *b);

#endif
