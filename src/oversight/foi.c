/* foi.c - the foi_request record type and its rules, the statutory clock
 * (foi.h), the view of a period, `peel oversight foi`, the /oversight/foi
 * page and the public disclosure log.  The rules are in docs/METHODS.md,
 * "Oversight: complaint reviews and FOI". */
#include "oversight/foi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/pct.h"
#include "model/record.h"
#include "model/records.h"
#include "render/html.h"

/* ---- small helpers ---- */

static void check_known_year(const peel_record *r, int field, peel_fielderrs *errs)
{
    int y, m, d;
    if (!peel_rec_has(r, field))
        return;
    peel_date_to_ymd((peel_date)peel_rec_int(r, field), &y, &m, &d);
    if (y < PEEL_BANK_HOLIDAY_FIRST_YEAR || y > PEEL_BANK_HOLIDAY_LAST_YEAR - 1)
        peel_fielderrs_add(errs, peel_rec_field_name(r, field),
                           "%d is outside the years whose bank holidays peel knows (%d to %d, "
                           "with the next year for the clock): its working days cannot be "
                           "counted",
                           y, PEEL_BANK_HOLIDAY_FIRST_YEAR, PEEL_BANK_HOLIDAY_LAST_YEAR - 1);
}

static void check_order(const peel_record *r, int early, int late, const char *what,
                        peel_fielderrs *errs)
{
    char a[11], b[11];
    if (!peel_rec_has(r, early) || !peel_rec_has(r, late) ||
        peel_rec_int(r, late) >= peel_rec_int(r, early))
        return;
    peel_date_format((peel_date)peel_rec_int(r, late), a);
    peel_date_format((peel_date)peel_rec_int(r, early), b);
    peel_fielderrs_add(errs, peel_rec_field_name(r, late), "%s is before %s (%s)", a, what, b);
}

static bool released(const peel_record *r)
{
    const char *o = peel_rec_str(r, PEEL_FOI_OUTCOME);
    return !strcmp(o, "released") || !strcmp(o, "part_released");
}

/* ---- the clock ---- */

int peel_foi_due(const peel_record *r, peel_date *due, peel_err *err)
{
    if (peel_rec_has(r, PEEL_FOI_CLARIFICATION_SOUGHT) &&
        !peel_rec_has(r, PEEL_FOI_CLARIFICATION_RECEIVED))
        return 1;
    int start = peel_rec_has(r, PEEL_FOI_CLARIFICATION_RECEIVED) ? PEEL_FOI_CLARIFICATION_RECEIVED
                                                                 : PEEL_FOI_RECEIVED;
    return peel_workday_add((peel_date)peel_rec_int(r, start), PEEL_FOI_WORKING_DAYS, due, err) < 0
               ? -1
               : 0;
}

/* ---- foi_request ---- */

static const peel_option foi_outcomes[] = {
    {"released", "Released in full"},     {"part_released", "Released in part"},
    {"refused", "Refused: exempt"},       {"not_held", "Information not held"},
    {"withdrawn", "Withdrawn or lapsed"}, {0},
};

static const peel_option review_outcomes[] = {
    {"upheld", "Original response upheld"},
    {"part_overturned", "Partly overturned"},
    {"overturned", "Overturned"},
    {0},
};

/* clang-format off */
static const peel_field foi_fields[PEEL_FOI_NFIELDS] = {
    [PEEL_FOI_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 60},
    [PEEL_FOI_RECEIVED] = {.name = "received", .label = "Received", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED, .help = "The day the request reached the office"},
    [PEEL_FOI_REQUESTER] = {.name = "requester", .label = "Requester", .type = PEEL_F_TEXT,
     .flags = PEEL_INTERNAL | PEEL_PERSONAL, .max = 300,
     .help = "Personal data: staff only, never in the disclosure log; erased on request "
             "(peel erase)"},
    [PEEL_FOI_REQUEST] = {.name = "request", .label = "Information requested",
     .type = PEEL_F_TEXT, .flags = PEEL_REQUIRED | PEEL_MULTILINE, .max = 4000,
     .help = "What was asked for, without the requester's name or contact details"},
    [PEEL_FOI_CLARIFICATION_SOUGHT] = {.name = "clarification_sought",
     .label = "Clarification sought", .type = PEEL_F_DATE,
     .help = "The day the office asked the requester to clarify: the clock stops"},
    [PEEL_FOI_CLARIFICATION_RECEIVED] = {.name = "clarification_received",
     .label = "Clarification received", .type = PEEL_F_DATE,
     .help = "The day the clarification arrived: the 20 working days start afresh"},
    [PEEL_FOI_PI_EXTENSION] = {.name = "pi_extension", .label = "Public-interest extension",
     .type = PEEL_F_BOOL,
     .help = "More time taken to consider the public interest (s.10(3)), the requester told"},
    [PEEL_FOI_EXTENDED_TO] = {.name = "extended_to", .label = "Extended to", .type = PEEL_F_DATE,
     .help = "With a public-interest extension: the day the requester was told to expect the "
             "response, at most 20 working days after the statutory due date"},
    [PEEL_FOI_RESPONDED] = {.name = "responded", .label = "Responded", .type = PEEL_F_DATE},
    [PEEL_FOI_OUTCOME] = {.name = "outcome", .label = "Outcome", .type = PEEL_F_ENUM,
     .options = foi_outcomes},
    [PEEL_FOI_RESPONSE] = {.name = "response", .label = "Response", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 8000,
     .help = "What was released, as the disclosure log shows it"},
    [PEEL_FOI_REVIEW_REQUESTED] = {.name = "review_requested",
     .label = "Internal review requested", .type = PEEL_F_DATE},
    [PEEL_FOI_REVIEW_DONE] = {.name = "review_done", .label = "Internal review completed",
     .type = PEEL_F_DATE},
    [PEEL_FOI_REVIEW_OUTCOME] = {.name = "review_outcome", .label = "Internal review outcome",
     .type = PEEL_F_ENUM, .options = review_outcomes},
    [PEEL_FOI_ICO_COMPLAINT] = {.name = "ico_complaint", .label = "Complaint to the ICO",
     .type = PEEL_F_DATE, .help = "The day the requester complained to the Information "
                                  "Commissioner's Office"},
    [PEEL_FOI_ICO_OUTCOME] = {.name = "ico_outcome", .label = "The ICO's decision",
     .type = PEEL_F_TEXT, .max = 2000},
    [PEEL_FOI_NOTE] = {.name = "note", .label = "Note", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE | PEEL_INTERNAL, .max = 2000},
    [PEEL_FOI_PROVENANCE] = {.name = "provenance", .label = "Source", .type = PEEL_F_TEXT,
     .max = 500, .flags = PEEL_INTERNAL,
     .help = "Where this was transcribed from: paper, page, paragraph"},
    [PEEL_FOI_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void foi_check(const peel_record *r, peel_fielderrs *errs)
{
    static const int dates[] = {PEEL_FOI_RECEIVED, PEEL_FOI_CLARIFICATION_SOUGHT,
                                PEEL_FOI_CLARIFICATION_RECEIVED, PEEL_FOI_RESPONDED,
                                PEEL_FOI_EXTENDED_TO};
    size_t before = errs->n;

    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        check_known_year(r, dates[i], errs);
    if (peel_rec_has(r, PEEL_FOI_CLARIFICATION_RECEIVED) &&
        !peel_rec_has(r, PEEL_FOI_CLARIFICATION_SOUGHT))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_FOI_CLARIFICATION_RECEIVED),
                           "the clock restarts only after it stopped: no clarification was "
                           "sought (clarification_sought is empty)");
    check_order(r, PEEL_FOI_RECEIVED, PEEL_FOI_CLARIFICATION_SOUGHT, "the request was received",
                errs);
    check_order(r, PEEL_FOI_CLARIFICATION_SOUGHT, PEEL_FOI_CLARIFICATION_RECEIVED,
                "clarification was sought", errs);
    check_order(r, PEEL_FOI_RECEIVED, PEEL_FOI_RESPONDED, "the request was received", errs);
    check_order(r, PEEL_FOI_RESPONDED, PEEL_FOI_REVIEW_REQUESTED, "the response", errs);
    check_order(r, PEEL_FOI_REVIEW_REQUESTED, PEEL_FOI_REVIEW_DONE,
                "the internal review was requested", errs);
    check_order(r, PEEL_FOI_RECEIVED, PEEL_FOI_ICO_COMPLAINT, "the request was received", errs);
    if (peel_rec_has(r, PEEL_FOI_RESPONDED) != peel_rec_has(r, PEEL_FOI_OUTCOME))
        peel_fielderrs_add(
            errs,
            peel_rec_field_name(r, peel_rec_has(r, PEEL_FOI_RESPONDED) ? PEEL_FOI_OUTCOME
                                                                       : PEEL_FOI_RESPONDED),
            "is required with %s",
            peel_rec_field_name(r, peel_rec_has(r, PEEL_FOI_RESPONDED) ? PEEL_FOI_RESPONDED
                                                                       : PEEL_FOI_OUTCOME));
    if (peel_rec_has(r, PEEL_FOI_REVIEW_OUTCOME) && !peel_rec_has(r, PEEL_FOI_REVIEW_DONE))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_FOI_REVIEW_OUTCOME),
                           "needs the day the internal review was completed (review_done)");
    if (peel_rec_has(r, PEEL_FOI_REVIEW_DONE) && !peel_rec_has(r, PEEL_FOI_REVIEW_REQUESTED))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_FOI_REVIEW_DONE),
                           "needs the day the internal review was requested (review_requested)");
    bool ext = peel_rec_int(r, PEEL_FOI_PI_EXTENSION) != 0;
    if (ext != peel_rec_has(r, PEEL_FOI_EXTENDED_TO))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_FOI_EXTENDED_TO),
                           ext ? "is required with a public-interest extension"
                               : "is only for a public-interest extension (pi_extension is no)");
    if (errs->n != before || !ext || !peel_rec_has(r, PEEL_FOI_EXTENDED_TO))
        return;
    /* The extension runs from the statutory due date: after it, and by
     * at most PEEL_FOI_EXTENSION_DAYS working days. */
    peel_date due, limit;
    peel_err e = {0};
    char a[11], b[11];
    if (peel_foi_due(r, &due, &e) != 0 ||
        peel_workday_add(due, PEEL_FOI_EXTENSION_DAYS, &limit, &e) < 0)
        return;
    peel_date_format((peel_date)peel_rec_int(r, PEEL_FOI_EXTENDED_TO), a);
    if (peel_rec_int(r, PEEL_FOI_EXTENDED_TO) <= due) {
        peel_date_format(due, b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_FOI_EXTENDED_TO),
                           "%s is not after the statutory due date (%s)", a, b);
    } else if (peel_rec_int(r, PEEL_FOI_EXTENDED_TO) > limit) {
        peel_date_format(limit, b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_FOI_EXTENDED_TO),
                           "%s is more than %d working days after the statutory due date "
                           "(at most %s)",
                           a, PEEL_FOI_EXTENSION_DAYS, b);
    }
}

/* clang-format off */
const peel_type peel_type_foi_request = {
    .name = "foi_request",
    .label = "FOI request",
    .plural = "FOI requests",
    .one = "an FOI request",
    .help = "A Freedom of Information request to the office: received, clarification sought "
            "and received, a public-interest extension, the response and its outcome, an "
            "internal review and a complaint to the ICO; the requester is staff only",
    .fields = foi_fields,
    .nfields = PEEL_NFIELDS(foi_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_FOI_RECEIVED, PEEL_FOI_RESPONDED, PEEL_FOI_OUTCOME),
    .check = foi_check,
    .order = &foi_fields[PEEL_FOI_RECEIVED],
    .order_dir = PEEL_ORDER_DESC,
    .range = &foi_fields[PEEL_FOI_RECEIVED],
    .search = PEEL_SEARCH(PEEL_FOI_REF, PEEL_FOI_REQUEST),
};
/* clang-format on */

/* ---- the view ---- */

static bool in(const peel_record *r, int field, peel_date from, peel_date to)
{
    return peel_rec_has(r, field) && peel_rec_int(r, field) >= from && peel_rec_int(r, field) <= to;
}

static peel_date year_before(peel_date d)
{
    int y, m, dd;
    peel_date_to_ymd(d, &y, &m, &dd);
    if (m == 2 && dd == 29)
        dd = 28;
    return peel_date_from_ymd(y - 1, m, dd);
}

/* How a response stands against the clock. */
enum timing { T_ON_TIME, T_EXTENDED, T_LATE, T_STOPPED };

static int timing_of(const peel_record *r, enum timing *t, peel_date *due, peel_err *err)
{
    int rc = peel_foi_due(r, due, err);
    if (rc < 0)
        return -1;
    peel_date done = (peel_date)peel_rec_int(r, PEEL_FOI_RESPONDED);
    if (rc == 1)
        *t = T_STOPPED;
    else if (done <= *due)
        *t = T_ON_TIME;
    else if (peel_rec_int(r, PEEL_FOI_PI_EXTENSION) &&
             done <= peel_rec_int(r, PEEL_FOI_EXTENDED_TO))
        *t = T_EXTENDED;
    else
        *t = T_LATE;
    return 0;
}

static int share(peel_ov_rows *out, const char *item, int64_t part, int64_t whole, peel_err *err)
{
    char pct[32], note[120];
    int64_t scaled;
    if (!whole)
        return peel_ov_add(out, "Responded in the period", item, "none responded", err, "%s",
                           "not given");
    peel_pct(part, whole, 1, &scaled);
    peel_pct_format(scaled, 1, false, pct);
    snprintf(note, sizeof note, "%lld of %lld%s", (long long)part, (long long)whole,
             whole < 10 ? "; base under 10 (the small-base rule)" : "");
    return peel_ov_add(out, "Responded in the period", item, note, err, "%s", pct);
}

static int received_rows(const peel_records *rs, peel_date from, peel_date to, peel_ov_rows *out,
                         peel_err *err)
{
    peel_date pf = year_before(from), pt = year_before(to);
    int64_t n = 0, n0 = 0, clar = 0, reviews = 0, ico = 0;
    char a[11], b[11], item[80], note[160];

    for (size_t i = 0; i < rs->n; i++) {
        const peel_record *r = rs->v[i];
        n += in(r, PEEL_FOI_RECEIVED, from, to);
        n0 += in(r, PEEL_FOI_RECEIVED, pf, pt);
        clar += in(r, PEEL_FOI_CLARIFICATION_SOUGHT, from, to);
        reviews += in(r, PEEL_FOI_REVIEW_REQUESTED, from, to);
        ico += in(r, PEEL_FOI_ICO_COMPLAINT, from, to);
    }
    peel_date_format(from, a);
    peel_date_format(to, b);
    snprintf(item, sizeof item, "%s to %s", a, b);
    if (peel_ov_add(out, "Received", item, "", err, "%lld", (long long)n) < 0)
        return -1;
    peel_date_format(pf, a);
    peel_date_format(pt, b);
    snprintf(item, sizeof item, "%s to %s (a year before)", a, b);
    if (peel_ov_add(out, "Received", item, "", err, "%lld", (long long)n0) < 0)
        return -1;
    if (n0 < 10) {
        snprintf(note, sizeof note,
                 "%s: no percentage on a base under 10 (the small-base rule); the difference is "
                 "%+lld",
                 n0 ? "base under 10" : "none received a year before", (long long)(n - n0));
        if (peel_ov_add(out, "Received", "Change on a year before", note, err, "not given") < 0)
            return -1;
    } else {
        int64_t scaled;
        char pct[32];
        peel_pct_change(n0, n, 0, &scaled);
        peel_pct_format(scaled, 0, true, pct);
        snprintf(note, sizeof note, "%+lld on %lld", (long long)(n - n0), (long long)n0);
        if (peel_ov_add(out, "Received", "Change on a year before", note, err, "%s", pct) < 0)
            return -1;
    }
    if (peel_ov_add(out, "In the period", "Clarification sought", "the clock stops", err, "%lld",
                    (long long)clar) < 0 ||
        peel_ov_add(out, "In the period", "Internal reviews requested", "", err, "%lld",
                    (long long)reviews) < 0 ||
        peel_ov_add(out, "In the period", "Complaints to the ICO", "", err, "%lld",
                    (long long)ico) < 0)
        return -1;
    return 0;
}

static int responded_rows(const peel_records *rs, peel_date from, peel_date to, peel_ov_rows *out,
                          peel_err *err)
{
    int64_t n = 0, count[4] = {0}, outstanding = 0, overdue = 0, waiting = 0;
    int64_t per[sizeof foi_outcomes / sizeof foi_outcomes[0]] = {0};
    char b[11], item[80];

    for (size_t i = 0; i < rs->n; i++) {
        const peel_record *r = rs->v[i];
        enum timing t;
        peel_date due;
        if (peel_rec_has(r, PEEL_FOI_RECEIVED) && peel_rec_int(r, PEEL_FOI_RECEIVED) <= to &&
            (!peel_rec_has(r, PEEL_FOI_RESPONDED) || peel_rec_int(r, PEEL_FOI_RESPONDED) > to)) {
            int rc = peel_foi_due(r, &due, err);
            if (rc < 0)
                return -1;
            /* clarification sought by the end of the period and not yet
             * received by it: the clock is stopped on that day */
            bool stopped = rc == 1 || (peel_rec_has(r, PEEL_FOI_CLARIFICATION_SOUGHT) &&
                                       peel_rec_int(r, PEEL_FOI_CLARIFICATION_SOUGHT) <= to &&
                                       peel_rec_int(r, PEEL_FOI_CLARIFICATION_RECEIVED) > to);
            outstanding++;
            waiting += stopped;
            if (!stopped) {
                peel_date until = peel_rec_int(r, PEEL_FOI_PI_EXTENSION)
                                      ? (peel_date)peel_rec_int(r, PEEL_FOI_EXTENDED_TO)
                                      : due;
                overdue += until < to;
            }
        }
        if (!in(r, PEEL_FOI_RESPONDED, from, to))
            continue;
        if (timing_of(r, &t, &due, err) < 0)
            return -1;
        n++;
        count[t]++;
        for (size_t k = 0; foi_outcomes[k].value; k++)
            per[k] += !strcmp(peel_rec_str(r, PEEL_FOI_OUTCOME), foi_outcomes[k].value);
    }
    if (peel_ov_add(out, "Responded in the period", "", "", err, "%lld", (long long)n) < 0 ||
        peel_ov_add(out, "Responded in the period", "Within 20 working days",
                    "by the statutory due date (s.10)", err, "%lld",
                    (long long)count[T_ON_TIME]) < 0 ||
        peel_ov_add(out, "Responded in the period", "Within a public-interest extension",
                    "after the due date, by the extended date (s.10(3))", err, "%lld",
                    (long long)count[T_EXTENDED]) < 0 ||
        peel_ov_add(out, "Responded in the period", "Late", "", err, "%lld",
                    (long long)count[T_LATE]) < 0 ||
        peel_ov_add(out, "Responded in the period", "Answered while the clock was stopped",
                    "clarification sought, never received: not timed", err, "%lld",
                    (long long)count[T_STOPPED]) < 0 ||
        share(out, "On time under s.10 (within 20 working days)", count[T_ON_TIME],
              n - count[T_STOPPED], err) < 0 ||
        share(out, "On time with extensions", count[T_ON_TIME] + count[T_EXTENDED],
              n - count[T_STOPPED], err) < 0)
        return -1;
    for (size_t k = 0; foi_outcomes[k].value; k++)
        if (per[k] && peel_ov_add(out, "Outcome", foi_outcomes[k].label, "", err, "%lld",
                                  (long long)per[k]) < 0)
            return -1;
    peel_date_format(to, b);
    snprintf(item, sizeof item, "On %s", b);
    if (peel_ov_add(out, "Outstanding", item, "received, not yet answered", err, "%lld",
                    (long long)outstanding) < 0 ||
        peel_ov_add(out, "Outstanding", "Overdue", "past the due date (or extended date)", err,
                    "%lld", (long long)overdue) < 0 ||
        peel_ov_add(out, "Outstanding", "Awaiting clarification", "the clock is stopped", err,
                    "%lld", (long long)waiting) < 0)
        return -1;
    return 0;
}

/* Each request received in the period the reader may open: its due date
 * and how its response stands; not for the public, who see the aggregate
 * and the disclosure log only. */
static int request_rows(const peel_records *rs, peel_date from, peel_date to, peel_ov_rows *out,
                        peel_err *err)
{
    static const char *const words[] = {"on time", "within the public-interest extension", "late",
                                        "answered while the clock was stopped"};
    for (size_t i = 0; i < rs->n; i++) {
        const peel_record *r = rs->v[i];
        peel_date due;
        char d[11], note[200];
        if (!in(r, PEEL_FOI_RECEIVED, from, to))
            continue;
        int rc = peel_foi_due(r, &due, err);
        if (rc < 0)
            return -1;
        if (rc == 1)
            snprintf(d, sizeof d, "stopped");
        else
            peel_date_format(due, d);
        if (peel_rec_has(r, PEEL_FOI_RESPONDED)) {
            enum timing t;
            char a[11];
            if (timing_of(r, &t, &due, err) < 0)
                return -1;
            peel_date_format((peel_date)peel_rec_int(r, PEEL_FOI_RESPONDED), a);
            snprintf(note, sizeof note, "responded %s: %s", a, words[t]);
        } else
            snprintf(note, sizeof note, "%s",
                     rc == 1 ? "awaiting clarification: the clock is stopped" : "not answered");
        if (peel_ov_add(out, "Requests received in the period (due date)",
                        peel_rec_str(r, PEEL_FOI_REF), note, err, "%s", d) < 0)
            return -1;
    }
    return 0;
}

int peel_foi_view(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                  peel_ov_rows *out, peel_err *err)
{
    peel_records rs = {0};
    int rc = -1;

    *out = (peel_ov_rows){0};
    if (peel_records_load_visible(s, rd, &peel_type_foi_request, &rs, err) < 0)
        goto out;
    if (received_rows(&rs, from, to, out, err) < 0 || responded_rows(&rs, from, to, out, err) < 0 ||
        (rd->role != PEEL_ROLE_PUBLIC && request_rows(&rs, from, to, out, err) < 0))
        goto out;
    rc = 0;
out:
    if (rc < 0)
        peel_ov_rows_release(out);
    peel_records_free(&rs);
    return rc;
}

/* ---- the command and the pages ---- */

static const peel_ov_period_view foi_view = {
    .name = "foi",
    .id = "foi-requests",
    .heading = "Freedom of Information requests",
    .intro = "<p class=\"body\">Requests to the office: received in the period against the same "
             "period a year before, and those answered within the statutory 20 working days "
             "(section 10 of the Freedom of Information Act 2000; the clock stops while "
             "clarification is sought and starts afresh when it arrives), within a "
             "public-interest extension, or late. The responses released are in the <a "
             "href=\"/oversight/foi/disclosure-log\">disclosure log</a>.</p>\n",
    .path = "/oversight/foi",
    .example_from = "2022-04-01",
    .example_to = "2023-03-31",
    .view = peel_foi_view,
};

int peel_cmd_oversight_foi(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    return peel_ov_period_cmd(cli, argc, argv, &foi_view, err);
}

int peel_page_oversight_foi(peel_req *r, const peel_str *p, peel_err *err)
{
    (void)p;
    return peel_ov_period_page(r, &foi_view, err);
}

/* Newest response first; the latest recorded first on the same day. */
static int by_responded_desc(const void *a, const void *b)
{
    const peel_record *x = *(const peel_record *const *)a, *y = *(const peel_record *const *)b;
    int64_t dx = peel_rec_int(x, PEEL_FOI_RESPONDED), dy = peel_rec_int(y, PEEL_FOI_RESPONDED);
    if (dx != dy)
        return dx < dy ? 1 : -1;
    return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* The disclosure log: the same for every reader, the responses released
 * (in full or in part) and published, newest first; the request and the
 * response as recorded, never the requester. */
int peel_page_oversight_foi_log(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const none[] = {NULL};
    const peel_field *outcome = &peel_type_foi_request.fields[PEEL_FOI_OUTCOME];
    peel_records rs = {0};
    size_t shown = 0;
    (void)p;

    peel_params_allowed(r, none);
    if (r->nproblems)
        return peel_req_error(r, 400, "invalid", NULL, "%s", r->problems[0].msg);
    if (peel_records_load(r->store, &peel_type_foi_request, &rs, err) < 0)
        return -1;
    peel_page_begin(r, "Freedom of Information disclosure log");
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Freedom of Information disclosure log</h1>\n"
                  "<p class=\"body\">The information the office has released in answer to "
                  "Freedom of Information requests, newest first. Requesters are never "
                  "named.</p>\n<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
                  "aria-label=\"Disclosure log\"><table id=\"disclosure-log\">\n"
                  "<thead><tr><th scope=\"col\">Reference</th><th scope=\"col\">Received</th>"
                  "<th scope=\"col\">Responded</th><th scope=\"col\">Outcome</th>"
                  "<th scope=\"col\">Information requested</th><th scope=\"col\">Response</th>"
                  "</tr></thead>\n<tbody>\n");
    if (rs.n)
        qsort(rs.v, rs.n, sizeof rs.v[0], by_responded_desc);
    for (size_t k = 0; k < rs.n; k++) {
        const peel_record *rec = rs.v[k];
        char a[11], b[11];
        if (!released(rec) || !peel_rec_int(rec, PEEL_FOI_PUBLISH) ||
            !peel_rec_has(rec, PEEL_FOI_RESPONDED) ||
            !peel_reader_record_visible(peel_reader_of(PEEL_ROLE_PUBLIC), rec))
            continue;
        peel_date_format((peel_date)peel_rec_int(rec, PEEL_FOI_RECEIVED), a);
        peel_date_format((peel_date)peel_rec_int(rec, PEEL_FOI_RESPONDED), b);
        peel_html(&r->out,
                  "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                  "<td>%s</td></tr>\n",
                  peel_rec_str(rec, PEEL_FOI_REF), a, b,
                  peel_option_label(outcome, peel_rec_str(rec, PEEL_FOI_OUTCOME)),
                  peel_rec_str(rec, PEEL_FOI_REQUEST), peel_rec_str(rec, PEEL_FOI_RESPONSE));
        shown++;
    }
    if (!shown)
        peel_html_lit(&r->out, "<tr><td colspan=\"6\">Nothing is published yet.</td></tr>\n");
    peel_html_lit(&r->out, "</tbody></table></div>\n");
    peel_records_free(&rs);
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}
