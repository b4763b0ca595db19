/* complaints.c - the complaint_review record type and its rules, the view
 * of a period (complaints.h), `peel oversight complaints` and the
 * /oversight/complaints page.  The rules are in docs/METHODS.md,
 * "Oversight: complaint reviews and FOI". */
#include "oversight/complaints.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/pct.h"
#include "figures/figure.h"
#include "model/record.h"
#include "model/records.h"
#include "render/html.h"

/* ---- small helpers ---- */

/* A date whose working days peel cannot count (its year's bank holidays
 * are not known): an error on the field. */
static void check_known_year(const peel_record *r, int field, peel_fielderrs *errs)
{
    int y, m, d;
    if (!peel_rec_has(r, field))
        return;
    peel_date_to_ymd((peel_date)peel_rec_int(r, field), &y, &m, &d);
    if (y < PEEL_BANK_HOLIDAY_FIRST_YEAR || y > PEEL_BANK_HOLIDAY_LAST_YEAR)
        peel_fielderrs_add(errs, peel_rec_field_name(r, field),
                           "%d is outside the years whose bank holidays peel knows (%d to %d): "
                           "its working days cannot be counted",
                           y, PEEL_BANK_HOLIDAY_FIRST_YEAR, PEEL_BANK_HOLIDAY_LAST_YEAR);
}

/* One date field before another: an error on the later field. */
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

/* ---- complaint_review ---- */

static const peel_option cr_outcomes[] = {
    {"reasonable", "The handling was reasonable and proportionate"},
    {"not_reasonable", "The handling was not reasonable and proportionate"},
    {"withdrawn", "Withdrawn by the complainant"},
    {"invalid", "Not a valid application"},
    {0},
};

/* clang-format off */
static const peel_field cr_fields[PEEL_CR_NFIELDS] = {
    [PEEL_CR_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 60,
     .help = "The office's own reference; never the complainant's name"},
    [PEEL_CR_RECEIVED] = {.name = "received", .label = "Received", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED,
     .help = "The day the office received the application for a review"},
    [PEEL_CR_OUTCOME_TOLD] = {.name = "outcome_told", .label = "Complainant told the outcome",
     .type = PEEL_F_DATE,
     .help = "The day the complainant was told the outcome of their complaint: the "
             "application is in time when received within 28 days of it"},
    [PEEL_CR_LATE_REASON] = {.name = "late_reason", .label = "Why a late application was accepted",
     .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE, .max = 2000,
     .help = "Required when the application was received more than 28 days after the "
             "complainant was told the outcome"},
    [PEEL_CR_PCC_RELEVANT] = {.name = "pcc_relevant", .label = "The PCC is the relevant review body",
     .type = PEEL_F_BOOL, .flags = PEEL_REQUIRED,
     .help = "No when another body (the IOPC) is, and the application was forwarded to it"},
    [PEEL_CR_FORWARDED] = {.name = "forwarded", .label = "Forwarded", .type = PEEL_F_DATE,
     .help = "When the PCC is not the relevant review body: the day the application was "
             "forwarded to the body that is; the days from receipt to this day are not counted"},
    [PEEL_CR_DETERMINED] = {.name = "determined", .label = "Determined", .type = PEEL_F_DATE,
     .help = "The day the review was determined"},
    [PEEL_CR_OUTCOME] = {.name = "outcome", .label = "Outcome", .type = PEEL_F_ENUM,
     .options = cr_outcomes},
    [PEEL_CR_UPHELD] = {.name = "upheld", .label = "Upheld", .type = PEEL_F_BOOL,
     .help = "The review was upheld; kept apart from whether a recommendation was made"},
    [PEEL_CR_RECOMMENDATION_MADE] = {.name = "recommendation_made",
     .label = "Recommendation made", .type = PEEL_F_BOOL,
     .help = "A recommendation was made to the force (a review not upheld may still make one)"},
    [PEEL_CR_RECOMMENDATIONS] = {.name = "recommendations", .label = "Recommendations to the force",
     .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE, .max = 4000},
    [PEEL_CR_FORCE_RESPONSE] = {.name = "force_response", .label = "The force's response",
     .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE, .max = 4000},
    [PEEL_CR_FORCE_RESPONDED] = {.name = "force_responded", .label = "The force responded on",
     .type = PEEL_F_DATE},
    [PEEL_CR_NOTE] = {.name = "note", .label = "Note", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE | PEEL_INTERNAL, .max = 2000},
    [PEEL_CR_PROVENANCE] = {.name = "provenance", .label = "Source", .type = PEEL_F_TEXT,
     .max = 500, .flags = PEEL_INTERNAL,
     .help = "Where this was transcribed from: paper, page, paragraph"},
    [PEEL_CR_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void cr_check(const peel_record *r, peel_fielderrs *errs)
{
    char a[11], b[11];

    check_known_year(r, PEEL_CR_RECEIVED, errs);
    check_known_year(r, PEEL_CR_FORWARDED, errs);
    check_known_year(r, PEEL_CR_DETERMINED, errs);
    if (peel_rec_has(r, PEEL_CR_OUTCOME_TOLD) && peel_rec_has(r, PEEL_CR_RECEIVED)) {
        int64_t days = peel_rec_int(r, PEEL_CR_RECEIVED) - peel_rec_int(r, PEEL_CR_OUTCOME_TOLD);
        peel_date_format((peel_date)peel_rec_int(r, PEEL_CR_RECEIVED), a);
        peel_date_format((peel_date)peel_rec_int(r, PEEL_CR_OUTCOME_TOLD), b);
        if (days < 0)
            peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CR_RECEIVED),
                               "%s is before the complainant was told the outcome (%s)", a, b);
        else if (days > PEEL_COMPLAINTS_WINDOW_DAYS && !*peel_rec_str(r, PEEL_CR_LATE_REASON))
            peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CR_RECEIVED),
                               "%s is %lld days after the complainant was told the outcome (%s): "
                               "out of time (%d days); record why it was accepted in late_reason",
                               a, (long long)days, b, PEEL_COMPLAINTS_WINDOW_DAYS);
    }
    if (peel_rec_has(r, PEEL_CR_PCC_RELEVANT)) {
        bool relevant = peel_rec_int(r, PEEL_CR_PCC_RELEVANT) != 0;
        if (relevant && peel_rec_has(r, PEEL_CR_FORWARDED))
            peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CR_FORWARDED),
                               "is only for an application the PCC is not the relevant review "
                               "body for (pcc_relevant is yes)");
        if (!relevant && !peel_rec_has(r, PEEL_CR_FORWARDED))
            peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CR_FORWARDED),
                               "is required when the PCC is not the relevant review body: the "
                               "day it was forwarded");
    }
    check_order(r, PEEL_CR_RECEIVED, PEEL_CR_FORWARDED, "the application was received", errs);
    check_order(r, PEEL_CR_RECEIVED, PEEL_CR_DETERMINED, "the application was received", errs);
    check_order(r, PEEL_CR_FORWARDED, PEEL_CR_DETERMINED, "it was forwarded", errs);
    check_order(r, PEEL_CR_DETERMINED, PEEL_CR_FORCE_RESPONDED, "the review was determined", errs);
    if (!peel_rec_has(r, PEEL_CR_DETERMINED)) {
        static const int needs[] = {PEEL_CR_OUTCOME, PEEL_CR_UPHELD, PEEL_CR_RECOMMENDATION_MADE};
        for (size_t i = 0; i < sizeof needs / sizeof needs[0]; i++)
            if (peel_rec_has(r, needs[i]) &&
                (needs[i] == PEEL_CR_OUTCOME || peel_rec_int(r, needs[i])))
                peel_fielderrs_add(errs, peel_rec_field_name(r, needs[i]),
                                   "needs the determination date (determined)");
    } else if (!peel_rec_has(r, PEEL_CR_OUTCOME))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CR_OUTCOME),
                           "is required once determined");
    if (*peel_rec_str(r, PEEL_CR_RECOMMENDATIONS) && peel_rec_has(r, PEEL_CR_RECOMMENDATION_MADE) &&
        !peel_rec_int(r, PEEL_CR_RECOMMENDATION_MADE))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CR_RECOMMENDATION_MADE),
                           "is no, but recommendations are recorded");
}

/* clang-format off */
const peel_type peel_type_complaint_review = {
    .name = "complaint_review",
    .label = "Complaint review",
    .plural = "Complaint reviews",
    .help = "An application for a review of how the force handled a complaint: when it came "
            "and whether in time, who reviews it, its determination, whether upheld and any "
            "recommendation to the force; never the complainant's name",
    .fields = cr_fields,
    .nfields = PEEL_NFIELDS(cr_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_CR_RECEIVED, PEEL_CR_DETERMINED, PEEL_CR_OUTCOME, PEEL_CR_UPHELD,
                            PEEL_CR_RECOMMENDATION_MADE),
    .check = cr_check,
    .order = &cr_fields[PEEL_CR_RECEIVED],
    .order_dir = PEEL_ORDER_DESC,
    .range = &cr_fields[PEEL_CR_RECEIVED],
};
/* clang-format on */

int peel_complaint_working_days(const peel_record *r, int *days, peel_err *err)
{
    if (!peel_rec_has(r, PEEL_CR_DETERMINED))
        return -1;
    int start = peel_rec_has(r, PEEL_CR_FORWARDED) ? PEEL_CR_FORWARDED : PEEL_CR_RECEIVED;
    if (peel_workdays_between((peel_date)peel_rec_int(r, start),
                              (peel_date)peel_rec_int(r, PEEL_CR_DETERMINED), days, err) < 0)
        return -2;
    return 0;
}

/* ---- the view ---- */

/* The same day a year before; 29 February gives 28 February. */
static peel_date year_before(peel_date d)
{
    int y, m, dd;
    peel_date_to_ymd(d, &y, &m, &dd);
    if (m == 2 && dd == 29)
        dd = 28;
    return peel_date_from_ymd(y - 1, m, dd);
}

static bool in(const peel_record *r, int field, peel_date from, peel_date to)
{
    return peel_rec_has(r, field) && peel_rec_int(r, field) >= from && peel_rec_int(r, field) <= to;
}

/* A mean of whole numbers: exact when whole, else to one decimal place,
 * halves away from zero (the sums here are never negative). */
static void mean_text(int64_t sum, int64_t n, char out[32])
{
    if (sum % n == 0) {
        snprintf(out, 32, "%lld", (long long)(sum / n));
        return;
    }
    int64_t tenths = (20 * sum + n) / (2 * n);
    snprintf(out, 32, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
}

/* The national average for the quarter qf..qt: the observation of the
 * national series with exactly that period, if the reader may see it. */
static const peel_record *national(const peel_records *series, const peel_records *obs,
                                   peel_date qf, peel_date qt, const char **source)
{
    for (size_t i = 0; i < series->n; i++) {
        const peel_record *se = series->v[i];
        if (strcmp(peel_rec_str(se, PEEL_SERIES_NAME), PEEL_COMPLAINTS_NATIONAL_SERIES))
            continue;
        *source = peel_rec_str(se, PEEL_SERIES_SOURCE);
        for (size_t j = 0; j < obs->n; j++) {
            const peel_record *o = obs->v[j];
            if (peel_rec_int(o, PEEL_OBS_SERIES) == se->id && peel_rec_has(o, PEEL_OBS_VALUE) &&
                peel_rec_int(o, PEEL_OBS_PERIOD_FROM) == qf &&
                peel_rec_int(o, PEEL_OBS_PERIOD_TO) == qt)
                return o;
        }
    }
    return NULL;
}

typedef struct view {
    const peel_records *crs, *series, *obs;
    peel_ov_rows *out;
    peel_err *err;
} view;

/* Reviews received in from..to: how many, and how many out of time
 * accepted with a reason, forwarded, or still with the office. */
static int64_t received_in(const peel_records *crs, peel_date from, peel_date to)
{
    int64_t n = 0;
    for (size_t i = 0; i < crs->n; i++)
        n += in(crs->v[i], PEEL_CR_RECEIVED, from, to);
    return n;
}

static int received_rows(view *v, peel_date from, peel_date to)
{
    peel_date pf = year_before(from), pt = year_before(to);
    int64_t n = received_in(v->crs, from, to), n0 = received_in(v->crs, pf, pt);
    int64_t late = 0, fwd = 0;
    char a[11], b[11], item[80], note[160];

    for (size_t i = 0; i < v->crs->n; i++) {
        const peel_record *r = v->crs->v[i];
        if (!in(r, PEEL_CR_RECEIVED, from, to))
            continue;
        late += peel_rec_has(r, PEEL_CR_OUTCOME_TOLD) &&
                peel_rec_int(r, PEEL_CR_RECEIVED) - peel_rec_int(r, PEEL_CR_OUTCOME_TOLD) >
                    PEEL_COMPLAINTS_WINDOW_DAYS;
        fwd += peel_rec_has(r, PEEL_CR_PCC_RELEVANT) && !peel_rec_int(r, PEEL_CR_PCC_RELEVANT);
    }
    peel_date_format(from, a);
    peel_date_format(to, b);
    snprintf(item, sizeof item, "%s to %s", a, b);
    if (peel_ov_add(v->out, "Received", item, "", v->err, "%lld", (long long)n) < 0)
        return -1;
    peel_date_format(pf, a);
    peel_date_format(pt, b);
    snprintf(item, sizeof item, "%s to %s (a year before)", a, b);
    if (peel_ov_add(v->out, "Received", item, "", v->err, "%lld", (long long)n0) < 0)
        return -1;
    if (n0 < 10) {
        snprintf(note, sizeof note,
                 "%s: no percentage on a base under 10 (the small-base rule); the difference is "
                 "%+lld",
                 n0 ? "base under 10" : "none received a year before", (long long)(n - n0));
        if (peel_ov_add(v->out, "Received", "Change on a year before", note, v->err, "%s",
                        "not given") < 0)
            return -1;
    } else {
        int64_t scaled;
        char pct[32];
        peel_pct_change(n0, n, 0, &scaled);
        peel_pct_format(scaled, 0, true, pct);
        snprintf(note, sizeof note, "%+lld on %lld", (long long)(n - n0), (long long)n0);
        if (peel_ov_add(v->out, "Received", "Change on a year before", note, v->err, "%s", pct) < 0)
            return -1;
    }
    if (peel_ov_add(v->out, "Received", "Out of time (over 28 days), accepted with a reason", "",
                    v->err, "%lld", (long long)late) < 0 ||
        peel_ov_add(v->out, "Received", "Forwarded: the PCC is not the relevant review body",
                    "their days before forwarding are not counted", v->err, "%lld",
                    (long long)fwd) < 0)
        return -1;
    return 0;
}

/* Per calendar quarter the period touches: the mean working days of the
 * reviews determined in the whole quarter, beside the national average. */
static int quarter_rows(view *v, peel_date from, peel_date to)
{
    int y, m, d;
    peel_date_to_ymd(from, &y, &m, &d);
    peel_month q = peel_month_from_ym(y, ((m - 1) / 3) * 3 + 1);
    if (peel_month_of_date(to) - q >= 3 * PEEL_COMPLAINTS_MAX_QUARTERS)
        return peel_ov_add(v->out, "Working days to determination", "Per quarter",
                           "the period is longer than ten years: ask for a shorter one", v->err,
                           "%s", "not shown");
    for (; peel_month_first_day(q) <= to; q += 3) {
        peel_date qf = peel_month_first_day(q), qt = peel_month_last_day(q + 2);
        int64_t sum = 0, n = 0;
        char a[11], b[11], item[120], note[300], mean[32];
        const char *source = "";

        for (size_t i = 0; i < v->crs->n; i++) {
            const peel_record *r = v->crs->v[i];
            int days;
            if (!in(r, PEEL_CR_DETERMINED, qf, qt))
                continue;
            int rc = peel_complaint_working_days(r, &days, v->err);
            if (rc == -2)
                return -1;
            if (rc == 0) {
                sum += days;
                n++;
            }
        }
        peel_date_format(qf, a);
        peel_date_format(qt, b);
        snprintf(item, sizeof item, "%s to %s: this office", a, b);
        if (n)
            mean_text(sum, n, mean);
        else
            snprintf(mean, sizeof mean, "none determined");
        snprintf(note, sizeof note, "mean of %lld review%s determined in the quarter", (long long)n,
                 n == 1 ? "" : "s");
        if (peel_ov_add(v->out, "Working days to determination", item, note, v->err, "%s", mean) <
            0)
            return -1;
        const peel_record *o = national(v->series, v->obs, qf, qt, &source);
        snprintf(item, sizeof item, "%s to %s: national average", a, b);
        if (o)
            snprintf(note, sizeof note, "%s%s", *source ? "source: " : "", source);
        else
            snprintf(note, sizeof note, "not imported: no observation of \"%s\" for this quarter",
                     PEEL_COMPLAINTS_NATIONAL_SERIES);
        int added = o ? peel_ov_add(v->out, "Working days to determination", item, note, v->err,
                                    "%lld", (long long)peel_rec_int(o, PEEL_OBS_VALUE))
                      : peel_ov_add(v->out, "Working days to determination", item, note, v->err,
                                    "%s", "not imported");
        if (added < 0)
            return -1;
    }
    return 0;
}

/* The upheld share both ways: rounded to one decimal place (halves away
 * from zero) and truncated (the 2022/23 annual report's 1.8% of 2 in
 * 106 is truncated; rounded it is 1.9%). */
static int share_rows(view *v, int64_t part, int64_t whole)
{
    char pct[32], note[120];
    const char *small = whole < 10 ? "base under 10 (the small-base rule)" : "";
    if (!whole)
        return peel_ov_add(v->out, "Determined in the period", "Upheld share", "none determined",
                           v->err, "%s", "not given");
    int64_t scaled;
    peel_pct(part, whole, 1, &scaled);
    peel_pct_format(scaled, 1, false, pct);
    snprintf(note, sizeof note, "%lld of %lld, rounded%s%s", (long long)part, (long long)whole,
             *small ? "; " : "", small);
    if (peel_ov_add(v->out, "Determined in the period", "Upheld share (rounded)", note, v->err,
                    "%s", pct) < 0)
        return -1;
    peel_pct_format(part * 1000 / whole, 1, false, pct);
    snprintf(note, sizeof note, "%lld of %lld, truncated as some papers print it%s%s",
             (long long)part, (long long)whole, *small ? "; " : "", small);
    return peel_ov_add(v->out, "Determined in the period", "Upheld share (truncated)", note, v->err,
                       "%s", pct);
}

static int determined_rows(view *v, peel_date from, peel_date to)
{
    int64_t n = 0, upheld = 0, rec = 0, rec_not_upheld = 0, outstanding = 0;
    char b[11], item[80];

    for (size_t i = 0; i < v->crs->n; i++) {
        const peel_record *r = v->crs->v[i];
        if (peel_rec_has(r, PEEL_CR_RECEIVED) && peel_rec_int(r, PEEL_CR_RECEIVED) <= to &&
            peel_rec_int(r, PEEL_CR_PCC_RELEVANT) &&
            (!peel_rec_has(r, PEEL_CR_DETERMINED) || peel_rec_int(r, PEEL_CR_DETERMINED) > to))
            outstanding++;
        if (!in(r, PEEL_CR_DETERMINED, from, to))
            continue;
        n++;
        upheld += peel_rec_int(r, PEEL_CR_UPHELD) != 0;
        rec += peel_rec_int(r, PEEL_CR_RECOMMENDATION_MADE) != 0;
        rec_not_upheld +=
            peel_rec_int(r, PEEL_CR_RECOMMENDATION_MADE) && !peel_rec_int(r, PEEL_CR_UPHELD);
    }
    if (peel_ov_add(v->out, "Determined in the period", "", "", v->err, "%lld", (long long)n) < 0 ||
        peel_ov_add(v->out, "Determined in the period", "Upheld", "", v->err, "%lld",
                    (long long)upheld) < 0 ||
        peel_ov_add(v->out, "Determined in the period", "Recommendation made", "", v->err, "%lld",
                    (long long)rec) < 0 ||
        peel_ov_add(v->out, "Determined in the period", "Recommendation made, not upheld",
                    "kept apart: a review not upheld may still recommend", v->err, "%lld",
                    (long long)rec_not_upheld) < 0 ||
        share_rows(v, upheld, n) < 0)
        return -1;
    peel_date_format(to, b);
    snprintf(item, sizeof item, "On %s", b);
    return peel_ov_add(v->out, "Outstanding", item,
                       "received, the PCC the relevant review body, not yet determined", v->err,
                       "%lld", (long long)outstanding);
}

/* Each review determined in the period the reader may open, with its
 * working days and where its clock started; not for the public, who see
 * the aggregate only. */
static int review_rows(view *v, peel_date from, peel_date to)
{
    for (size_t i = 0; i < v->crs->n; i++) {
        const peel_record *r = v->crs->v[i];
        char a[11], note[200];
        int days;
        if (!in(r, PEEL_CR_DETERMINED, from, to))
            continue;
        int rc = peel_complaint_working_days(r, &days, v->err);
        if (rc == -2)
            return -1;
        if (peel_rec_has(r, PEEL_CR_FORWARDED)) {
            peel_date_format((peel_date)peel_rec_int(r, PEEL_CR_FORWARDED), a);
            snprintf(note, sizeof note, "counted from %s, when it was forwarded", a);
        } else {
            peel_date_format((peel_date)peel_rec_int(r, PEEL_CR_RECEIVED), a);
            snprintf(note, sizeof note, "counted from %s, when it was received", a);
        }
        if (peel_ov_add(v->out, "Reviews determined in the period", peel_rec_str(r, PEEL_CR_REF),
                        note, v->err, "%d", days) < 0)
            return -1;
    }
    return 0;
}

int peel_complaints_view(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                         peel_ov_rows *out, peel_err *err)
{
    peel_records crs = {0}, series = {0}, obs = {0};
    view v = {.crs = &crs, .series = &series, .obs = &obs, .out = out, .err = err};
    int rc = -1;

    *out = (peel_ov_rows){0};
    if (peel_records_load_visible(s, rd, &peel_type_complaint_review, &crs, err) < 0 ||
        peel_records_load_visible(s, rd, &peel_type_series, &series, err) < 0 ||
        peel_records_load_visible(s, rd, &peel_type_observation, &obs, err) < 0)
        goto out;
    if (received_rows(&v, from, to) < 0 || quarter_rows(&v, from, to) < 0 ||
        determined_rows(&v, from, to) < 0 ||
        (rd->role != PEEL_ROLE_PUBLIC && review_rows(&v, from, to) < 0))
        goto out;
    rc = 0;
out:
    if (rc < 0)
        peel_ov_rows_release(out);
    peel_records_free(&crs);
    peel_records_free(&series);
    peel_records_free(&obs);
    return rc;
}

/* ---- the command and the page ---- */

static const peel_ov_period_view complaints_view = {
    .name = "complaints",
    .id = "complaint-reviews",
    .heading = "Complaint reviews",
    .intro = "<p class=\"body\">Applications for a review of how the force handled a complaint: "
             "received in the period against the same period a year before, the working days to "
             "determination in each quarter beside the national average (IOPC statistics), and "
             "how many were upheld or led to a recommendation to the force, counted apart.</p>\n",
    .path = "/oversight/complaints",
    .example_from = "2024-07-01",
    .example_to = "2024-08-31",
    .view = peel_complaints_view,
};

int peel_cmd_oversight_complaints(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    return peel_ov_period_cmd(cli, argc, argv, &complaints_view, err);
}

int peel_page_oversight_complaints(peel_req *r, const peel_str *p, peel_err *err)
{
    (void)p;
    return peel_ov_period_page(r, &complaints_view, err);
}
