/* foi.h - Freedom of Information requests to the office (Freedom of
 * Information Act 2000) and the public disclosure log of released
 * responses.
 *
 * `foi_request` (foi.c) keeps the requester's name as personal data, staff
 * only and never shown in the log.  The statutory clock is computed here,
 * not by a lifecycle: explicit fields say when clarification was sought
 * (the clock stops) and received (it restarts), and peel_foi_due gives the
 * date the response is due.  The rules are in docs/METHODS.md, "Oversight:
 * complaint reviews and FOI".
 */
#ifndef PEEL_OVERSIGHT_FOI_H
#define PEEL_OVERSIGHT_FOI_H

#include "cli/cli.h"
#include "core/date.h"
#include "core/err.h"
#include "model/model.h"
#include "model/reader.h"
#include "oversight/ovrows.h"
#include "store/store.h"

extern const peel_type peel_type_foi_request;

/* The working days to respond (s.10(1)) and the longest public-interest
 * extension peel accepts beyond them (the ICO's guidance: no more than 20
 * further working days). */
#define PEEL_FOI_WORKING_DAYS 20
#define PEEL_FOI_EXTENSION_DAYS 20

/* Field handles of foi_request. */
enum {
    PEEL_FOI_REF,
    PEEL_FOI_RECEIVED,
    PEEL_FOI_REQUESTER,
    PEEL_FOI_REQUEST,
    PEEL_FOI_CLARIFICATION_SOUGHT,
    PEEL_FOI_CLARIFICATION_RECEIVED,
    PEEL_FOI_PI_EXTENSION,
    PEEL_FOI_EXTENDED_TO,
    PEEL_FOI_RESPONDED,
    PEEL_FOI_OUTCOME,
    PEEL_FOI_RESPONSE,
    PEEL_FOI_REVIEW_REQUESTED,
    PEEL_FOI_REVIEW_DONE,
    PEEL_FOI_REVIEW_OUTCOME,
    PEEL_FOI_ICO_COMPLAINT,
    PEEL_FOI_ICO_OUTCOME,
    PEEL_FOI_NOTE,
    PEEL_FOI_PROVENANCE,
    PEEL_FOI_PUBLISH,
    PEEL_FOI_NFIELDS
};

/* The statutory due date of r: the 20th working day after the day the
 * clock starts, the receipt or, when clarification was sought and
 * received, the receipt of the clarification (the clock starts afresh).
 * 0 with *due set; 1 while the clock is stopped (clarification sought, not
 * yet received); -1 with err set when a date's bank holidays are not
 * known. */
int peel_foi_due(const struct peel_record *r, peel_date *due, peel_err *err);

/* The view of the period from..to (inclusive) for rd. */
int peel_foi_view(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                  peel_ov_rows *out, peel_err *err);

/* `peel oversight foi`, the /oversight/foi page and the disclosure log
 * (/oversight/foi/disclosure-log: the responses marked released, in full
 * or in part, and published; never the requester). */
int peel_cmd_oversight_foi(peel_cli *cli, int argc, char **argv, peel_err *err);
int peel_page_oversight_foi(peel_req *r, const peel_str *p, peel_err *err);
int peel_page_oversight_foi_log(peel_req *r, const peel_str *p, peel_err *err);

#endif
