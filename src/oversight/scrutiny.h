/* scrutiny.h - the scrutiny panels the office runs or sits on: out of
 * court resolutions, hate crime, ethics and transparency
 * (`scrutiny_panel`), their meetings (`scrutiny_meeting`, with the
 * sample's quota: its size and the shares of domestic and youth cases
 * national guidance asks for) and the cases each reviewed (`case_review`:
 * an anonymised reference, adult or youth, domestic or not, the finding
 * from a declared list, the learning fed back to the handling officer and
 * the line manager's discussion confirmed).
 *
 * The quota is declared on the meeting and never derived from the cases;
 * the view (peel_scrutiny_view) sets the count of each category beside
 * it.  Counts only the records the reader may open.  Rules:
 * docs/METHODS.md, "Oversight: custody visiting and scrutiny".
 */
#ifndef PEEL_OVERSIGHT_SCRUTINY_H
#define PEEL_OVERSIGHT_SCRUTINY_H

#include "cli/cli.h"
#include "core/date.h"
#include "model/model.h"
#include "model/reader.h"
#include "oversight/view.h"
#include "store/store.h"
#include "web/http.h"

extern const peel_type peel_type_scrutiny_panel;
extern const peel_type peel_type_scrutiny_meeting;
extern const peel_type peel_type_case_review;

/* Field handles of scrutiny_panel. */
enum {
    PEEL_SPANEL_NAME,
    PEEL_SPANEL_KIND,
    PEEL_SPANEL_NOTE,
    PEEL_SPANEL_PROVENANCE,
    PEEL_SPANEL_PUBLISH,
    PEEL_SPANEL_NFIELDS
};

/* Field handles of scrutiny_meeting. */
enum {
    PEEL_SMEET_REF,
    PEEL_SMEET_PANEL,
    PEEL_SMEET_DATE,
    PEEL_SMEET_SAMPLE,
    PEEL_SMEET_QUOTA_DOMESTIC,
    PEEL_SMEET_QUOTA_YOUTH,
    PEEL_SMEET_NOTE,
    PEEL_SMEET_PROVENANCE,
    PEEL_SMEET_PUBLISH,
    PEEL_SMEET_NFIELDS
};

/* Field handles of case_review. */
enum {
    PEEL_CASE_REF,
    PEEL_CASE_MEETING,
    PEEL_CASE_AGE,
    PEEL_CASE_DOMESTIC,
    PEEL_CASE_FINDING,
    PEEL_CASE_LEARNING,
    PEEL_CASE_FED_BACK,
    PEEL_CASE_LINE_MANAGER,
    PEEL_CASE_PROVENANCE,
    PEEL_CASE_PUBLISH,
    PEEL_CASE_NFIELDS
};

/* The meetings held in [from, to] the reader may open, each with its cases
 * by category (all, adults, youths, domestic, each finding, learning fed
 * back, line manager's discussion confirmed) beside the quota declared on
 * the meeting; then the same totals per panel over the period. */
int peel_scrutiny_view(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                       peel_ovs_table *out, peel_err *err);

/* `peel oversight scrutiny` and /oversight/scrutiny. */
int peel_oversight_scrutiny_cmd(peel_cli *cli, int argc, char **argv, peel_err *err);
int peel_oversight_scrutiny_page(peel_req *r, const peel_str *params, peel_err *err);

#endif
