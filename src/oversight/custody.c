/* custody.c - the custody visiting types (custody.h), their rules, the
 * rota and the share of visits made, and `peel oversight custody` and
 * /oversight/custody.  Rules that need other records (a visit to an
 * inactive suite, a visitor who had not joined or had left) are
 * check_store hooks, so the command line, CSV import, the forms and the
 * API refuse the same input, naming the field. */
#include "oversight/custody.h"

#include "app/settings.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/pct.h"
#include "model/record.h"
#include "model/records.h"
#include "render/html.h"

/* ---- small helpers for the rules ---- */

/* A resolved reference (an id): unset or an unresolved key reads false. */
static bool ref_set(const peel_record *r, int field)
{
    return peel_rec_has(r, field) && !r->v[field].s;
}

/* An error on `later` when it is dated before `earlier`. */
static void not_before(const peel_record *r, int earlier, int later, const char *what,
                       peel_fielderrs *errs)
{
    char a[11], b[11];
    if (!peel_rec_has(r, earlier) || !peel_rec_has(r, later) ||
        peel_rec_int(r, later) >= peel_rec_int(r, earlier))
        return;
    peel_date_format((peel_date)peel_rec_int(r, later), a);
    peel_date_format((peel_date)peel_rec_int(r, earlier), b);
    peel_fielderrs_add(errs, peel_rec_field_name(r, later), "%s is before %s (%s)", a, what, b);
}

/* An error on `field` when it is given without `needed`. */
static void needs(const peel_record *r, int field, int needed, const char *why,
                  peel_fielderrs *errs)
{
    if (peel_rec_has(r, field) && !peel_rec_has(r, needed))
        peel_fielderrs_add(errs, peel_rec_field_name(r, field), "is given without %s: %s",
                           peel_rec_field_name(r, needed), why);
}

/* clang-format off */
#define PROVENANCE                                                                            \
    {.name = "provenance", .label = "Source", .type = PEEL_F_TEXT, .max = 500,                \
     .flags = PEEL_INTERNAL,                                                                  \
     .help = "Where this was transcribed from: paper, page, paragraph"}
/* clang-format on */

/* ---- icv_volunteer ---- */

static const peel_option volunteer_statuses[] = {
    {"recruited", "Recruited, not yet trained"},
    {"active", "Active (trained)"},
    {"on_leave", "On leave"},
    {"left", "Left the scheme"},
    {0},
};

/* clang-format off */
static const peel_field icvv_fields[PEEL_ICVV_NFIELDS] = {
    [PEEL_ICVV_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 60,
     .help = "The office's reference for the volunteer (\"ICV 07\"), never a name"},
    [PEEL_ICVV_NAME] = {.name = "name", .label = "Name", .type = PEEL_F_TEXT,
     .flags = PEEL_INTERNAL | PEEL_PERSONAL, .max = 200,
     .help = "Personal data: staff only; erased on request (peel erase)"},
    [PEEL_ICVV_JOINED] = {.name = "joined", .label = "Joined", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED, .help = "The day the volunteer joined the scheme"},
    [PEEL_ICVV_TRAINED] = {.name = "trained", .label = "Training completed", .type = PEEL_F_DATE,
     .help = "The day the volunteer completed full training; empty while in training"},
    [PEEL_ICVV_STATUS] = {.name = "status", .label = "Status", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = volunteer_statuses},
    [PEEL_ICVV_LEFT] = {.name = "left", .label = "Left", .type = PEEL_F_DATE,
     .help = "The day the volunteer left the scheme"},
    [PEEL_ICVV_LONG_SERVICE] = {.name = "long_service_award", .label = "Long service award",
     .type = PEEL_F_DATE, .help = "The day a long service award was presented, if one was"},
    [PEEL_ICVV_NOTE] = {.name = "note", .label = "Note", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE | PEEL_INTERNAL, .max = 2000},
    [PEEL_ICVV_PROVENANCE] = PROVENANCE,
};
/* clang-format on */

static void icvv_check(const peel_record *r, peel_fielderrs *errs)
{
    bool left = !strcmp(peel_rec_str(r, PEEL_ICVV_STATUS), "left");
    not_before(r, PEEL_ICVV_JOINED, PEEL_ICVV_TRAINED, "the volunteer joined", errs);
    not_before(r, PEEL_ICVV_JOINED, PEEL_ICVV_LEFT, "the volunteer joined", errs);
    not_before(r, PEEL_ICVV_JOINED, PEEL_ICVV_LONG_SERVICE, "the volunteer joined", errs);
    if (left && !peel_rec_has(r, PEEL_ICVV_LEFT))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_ICVV_LEFT),
                           "is required when the status is left: the day the volunteer left");
    if (!left && peel_rec_has(r, PEEL_ICVV_LEFT))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_ICVV_STATUS),
                           "is not left, but the day the volunteer left is given");
    if (!strcmp(peel_rec_str(r, PEEL_ICVV_STATUS), "active") && !peel_rec_has(r, PEEL_ICVV_TRAINED))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_ICVV_TRAINED),
                           "is required for an active volunteer: visits are made after full "
                           "training");
}

/* clang-format off */
const peel_type peel_type_icv_volunteer = {
    .name = "icv_volunteer",
    .label = "Independent custody visitor",
    .plural = "Independent custody visitors",
    .one = "an independent custody visitor",
    .help = "A volunteer of the PCC's custody visiting scheme: when they joined and were "
            "trained, their status and long service; staff only",
    .fields = icvv_fields,
    .nfields = PEEL_NFIELDS(icvv_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_ICVV_JOINED, PEEL_ICVV_TRAINED, PEEL_ICVV_STATUS),
    .check = icvv_check,
    .order = &icvv_fields[PEEL_ICVV_REF],
};
/* clang-format on */

/* ---- custody_suite ---- */

/* clang-format off */
static const peel_field suite_fields[PEEL_SUITE_NFIELDS] = {
    [PEEL_SUITE_NAME] = {.name = "name", .label = "Name", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 200,
     .help = "The custody suite as the force names it"},
    [PEEL_SUITE_ACTIVE] = {.name = "active", .label = "Active", .type = PEEL_F_BOOL,
     .flags = PEEL_REQUIRED,
     .help = "Open and holding detainees: the rota covers active suites only, and no visit "
             "is scheduled to an inactive one"},
    [PEEL_SUITE_NOTE] = {.name = "note", .label = "Note", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 2000},
    [PEEL_SUITE_PROVENANCE] = PROVENANCE,
    [PEEL_SUITE_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

/* clang-format off */
const peel_type peel_type_custody_suite = {
    .name = "custody_suite",
    .label = "Custody suite",
    .plural = "Custody suites",
    .help = "A custody suite the scheme's volunteers visit, active or not",
    .fields = suite_fields,
    .nfields = PEEL_NFIELDS(suite_fields),
    .key = "name",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_SUITE_ACTIVE),
};
/* clang-format on */

/* ---- icv_visit ---- */

static const peel_option visit_kinds[] = {
    {"custody", "Custody visit"},
    {"animal_welfare", "Animal welfare visit"},
    {0},
};

static const peel_option visit_outcomes[] = {
    {"scheduled", "Scheduled"},
    {"made", "Made"},
    {"missed", "Missed"},
    {0},
};

static const peel_related visits_of_suite = {
    .heading = "Visits",
    .position = 10,
    .sort = "date",
    .order = PEEL_ORDER_DESC,
    .columns = PEEL_SUMMARY(PEEL_VISIT_DATE, PEEL_VISIT_OUTCOME, PEEL_VISIT_SERIOUS),
};

/* A volunteer's page lists the visits they made as either of the pair. */
static const peel_related visits_as_first = {
    .heading = "Visits (first of the pair)",
    .position = 10,
    .sort = "date",
    .order = PEEL_ORDER_DESC,
    .columns = PEEL_SUMMARY(PEEL_VISIT_SUITE, PEEL_VISIT_DATE, PEEL_VISIT_OUTCOME),
};

static const peel_related visits_as_second = {
    .heading = "Visits (second of the pair)",
    .position = 11,
    .sort = "date",
    .order = PEEL_ORDER_DESC,
    .columns = PEEL_SUMMARY(PEEL_VISIT_SUITE, PEEL_VISIT_DATE, PEEL_VISIT_OUTCOME),
};

/* clang-format off */
static const peel_field visit_fields[PEEL_VISIT_NFIELDS] = {
    [PEEL_VISIT_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 60},
    [PEEL_VISIT_KIND] = {.name = "kind", .label = "Kind", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = visit_kinds,
     .help = "A custody visit to a suite, or an animal welfare visit (the dog unit)"},
    [PEEL_VISIT_SUITE] = {.name = "suite", .label = "Custody suite", .type = PEEL_F_REF,
     .ref_type = "custody_suite", .related = &visits_of_suite,
     .help = "Required for a custody visit; none for an animal welfare visit"},
    [PEEL_VISIT_PLACE] = {.name = "place", .label = "Place", .type = PEEL_F_TEXT, .max = 300,
     .help = "Where an animal welfare visit was made, as the paper names it"},
    [PEEL_VISIT_DATE] = {.name = "date", .label = "Scheduled for", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED, .help = "The day the visit is (or was) scheduled for"},
    [PEEL_VISIT_OUTCOME] = {.name = "outcome", .label = "Outcome", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = visit_outcomes,
     .help = "Scheduled (not yet made or not yet recorded), made or missed"},
    [PEEL_VISIT_VISITOR_A] = {.name = "visitor_a", .label = "First visitor", .type = PEEL_F_REF,
     .ref_type = "icv_volunteer", .related = &visits_as_first,
     .help = "Visits are made in pairs"},
    [PEEL_VISIT_VISITOR_B] = {.name = "visitor_b", .label = "Second visitor", .type = PEEL_F_REF,
     .ref_type = "icv_volunteer", .related = &visits_as_second,
     .help = "A different volunteer from the first"},
    [PEEL_VISIT_MINUTES] = {.name = "minutes", .label = "Time on the visit (minutes)",
     .type = PEEL_F_INT, .min = 0, .max = 24 * 60,
     .help = "Minutes the pair spent on the visit (hours are computed from them)"},
    [PEEL_VISIT_DETAINEES] = {.name = "detainees_seen", .label = "Detainees seen",
     .type = PEEL_F_INT, .min = 0, .max = 10000},
    [PEEL_VISIT_SERIOUS] = {.name = "serious_issue", .label = "Serious issue",
     .type = PEEL_F_BOOL, .help = "A serious issue observed on the visit"},
    [PEEL_VISIT_ISSUE] = {.name = "issues", .label = "Issues raised", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 4000,
     .help = "What the visitors raised with the force; no detainee's name"},
    [PEEL_VISIT_RAISED] = {.name = "raised", .label = "Raised with the force",
     .type = PEEL_F_DATE},
    [PEEL_VISIT_RESPONSE] = {.name = "force_response", .label = "Force response",
     .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE, .max = 4000},
    [PEEL_VISIT_RESPONDED] = {.name = "responded", .label = "Force responded",
     .type = PEEL_F_DATE},
    [PEEL_VISIT_CLOSED] = {.name = "closed", .label = "Issues closed", .type = PEEL_F_DATE},
    [PEEL_VISIT_PROVENANCE] = PROVENANCE,
    [PEEL_VISIT_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void visit_check(const peel_record *r, peel_fielderrs *errs)
{
    const char *kind = peel_rec_str(r, PEEL_VISIT_KIND),
               *outcome = peel_rec_str(r, PEEL_VISIT_OUTCOME);
    bool made = !strcmp(outcome, "made");
    char day[11];

    if (!strcmp(kind, "custody") && !peel_rec_has(r, PEEL_VISIT_SUITE))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_VISIT_SUITE),
                           "is required for a custody visit: the suite visited");
    if (!strcmp(kind, "animal_welfare") && peel_rec_has(r, PEEL_VISIT_SUITE))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_VISIT_SUITE),
                           "is for custody visits: an animal welfare visit gives its place");
    if (made && (!peel_rec_has(r, PEEL_VISIT_VISITOR_A) || !peel_rec_has(r, PEEL_VISIT_VISITOR_B)))
        peel_fielderrs_add(errs,
                           peel_rec_field_name(r, peel_rec_has(r, PEEL_VISIT_VISITOR_A)
                                                      ? PEEL_VISIT_VISITOR_B
                                                      : PEEL_VISIT_VISITOR_A),
                           "is required: a made visit is made by a pair, two different visitors");
    if (ref_set(r, PEEL_VISIT_VISITOR_A) && ref_set(r, PEEL_VISIT_VISITOR_B) &&
        peel_rec_int(r, PEEL_VISIT_VISITOR_A) == peel_rec_int(r, PEEL_VISIT_VISITOR_B))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_VISIT_VISITOR_B),
                           "is the first visitor again: a visit is made by two different "
                           "visitors");
    if (!made)
        for (int f = PEEL_VISIT_MINUTES; f <= PEEL_VISIT_SERIOUS; f++)
            if (peel_rec_has(r, f) && (f != PEEL_VISIT_SERIOUS || peel_rec_int(r, f)))
                peel_fielderrs_add(errs, peel_rec_field_name(r, f),
                                   "is only for a visit made (this one is %s)", outcome);
    if (strcmp(outcome, "scheduled") && peel_rec_int(r, PEEL_VISIT_DATE) > peel_clock_today()) {
        peel_date_format((peel_date)peel_rec_int(r, PEEL_VISIT_DATE), day);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_VISIT_OUTCOME),
                           "cannot be %s yet: the visit is scheduled for %s, still to come",
                           outcome, day);
    }
    if (peel_rec_int(r, PEEL_VISIT_SERIOUS) && !peel_rec_has(r, PEEL_VISIT_ISSUE))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_VISIT_ISSUE),
                           "is required when a serious issue is recorded: what was observed");
    /* The issue's chain: raised -> the force's response -> closed. */
    needs(r, PEEL_VISIT_RAISED, PEEL_VISIT_ISSUE, "say what was raised", errs);
    needs(r, PEEL_VISIT_RESPONSE, PEEL_VISIT_RAISED, "a response answers an issue raised", errs);
    needs(r, PEEL_VISIT_RESPONDED, PEEL_VISIT_RAISED, "a response answers an issue raised", errs);
    needs(r, PEEL_VISIT_CLOSED, PEEL_VISIT_RAISED, "only an issue raised is closed", errs);
    not_before(r, PEEL_VISIT_DATE, PEEL_VISIT_RAISED, "the visit", errs);
    not_before(r, PEEL_VISIT_RAISED, PEEL_VISIT_RESPONDED, "the issue was raised", errs);
    not_before(r, PEEL_VISIT_RAISED, PEEL_VISIT_CLOSED, "the issue was raised", errs);
    not_before(r, PEEL_VISIT_RESPONDED, PEEL_VISIT_CLOSED, "the force responded", errs);
}

static int visit_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                             peel_fielderrs *errs, peel_err *err)
{
    peel_record *x = NULL;
    char a[11], b[11];

    /* A visit is not scheduled to an inactive suite; one already recorded
     * stays editable when its suite closes later. */
    if (ref_set(r, PEEL_VISIT_SUITE) &&
        (!old || peel_rec_int(old, PEEL_VISIT_SUITE) != peel_rec_int(r, PEEL_VISIT_SUITE))) {
        if (peel_store_get(s, &peel_type_custody_suite, peel_rec_int(r, PEEL_VISIT_SUITE), &x,
                           err) < 0)
            return -1;
        if (x && !peel_rec_int(x, PEEL_SUITE_ACTIVE))
            peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_VISIT_SUITE),
                               "custody suite %s is not active: no visit is made to it",
                               peel_rec_str(x, PEEL_SUITE_NAME));
        peel_record_free(x);
        x = NULL;
    }
    /* Each visitor had joined by the visit's day and not left before it. */
    for (int f = PEEL_VISIT_VISITOR_A; f <= PEEL_VISIT_VISITOR_B; f++) {
        if (!ref_set(r, f))
            continue;
        if (peel_store_get(s, &peel_type_icv_volunteer, peel_rec_int(r, f), &x, err) < 0)
            return -1;
        if (!x)
            continue;
        peel_date_format((peel_date)peel_rec_int(r, PEEL_VISIT_DATE), a);
        if (peel_rec_has(x, PEEL_ICVV_JOINED) &&
            peel_rec_int(x, PEEL_ICVV_JOINED) > peel_rec_int(r, PEEL_VISIT_DATE)) {
            peel_date_format((peel_date)peel_rec_int(x, PEEL_ICVV_JOINED), b);
            peel_fielderrs_add(errs, peel_rec_field_name(r, f),
                               "volunteer %s joined on %s, after the visit (%s)",
                               peel_rec_str(x, PEEL_ICVV_REF), b, a);
        }
        if (peel_rec_has(x, PEEL_ICVV_LEFT) &&
            peel_rec_int(x, PEEL_ICVV_LEFT) < peel_rec_int(r, PEEL_VISIT_DATE)) {
            peel_date_format((peel_date)peel_rec_int(x, PEEL_ICVV_LEFT), b);
            peel_fielderrs_add(errs, peel_rec_field_name(r, f),
                               "volunteer %s left on %s, before the visit (%s)",
                               peel_rec_str(x, PEEL_ICVV_REF), b, a);
        }
        peel_record_free(x);
        x = NULL;
    }
    return 0;
}

/* clang-format off */
const peel_type peel_type_icv_visit = {
    .name = "icv_visit",
    .label = "Custody visit",
    .plural = "Custody visits",
    .one = "a custody visit",
    .help = "A visit of the custody visiting scheme (or an animal welfare visit): scheduled, "
            "made by a pair or missed, what they saw, and any issue raised with the force, "
            "its response and when it was closed",
    .fields = visit_fields,
    .nfields = PEEL_NFIELDS(visit_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_VISIT_KIND, PEEL_VISIT_SUITE, PEEL_VISIT_DATE,
                            PEEL_VISIT_OUTCOME, PEEL_VISIT_SERIOUS),
    .check = visit_check,
    .check_store = visit_check_store,
    .order = &visit_fields[PEEL_VISIT_DATE],
    .order_dir = PEEL_ORDER_DESC,
    .range = &visit_fields[PEEL_VISIT_DATE],
};
/* clang-format on */

/* ---- the rota ---- */

static const char *const rota_heads[] = {"Custody suite",    "Week from", "Week to",
                                         "Visits scheduled", "By a pair", "Gap"};
static const char *const rota_keys[] = {"suite",     "week_from", "week_to",
                                        "scheduled", "by_pair",   "gap"};

/* A visit that counts towards its week: a custody visit not missed. */
static bool rota_counts(const peel_record *v)
{
    return !strcmp(peel_rec_str(v, PEEL_VISIT_KIND), "custody") &&
           strcmp(peel_rec_str(v, PEEL_VISIT_OUTCOME), "missed") != 0;
}

int peel_custody_rota(peel_store *s, const peel_reader *rd, peel_date from, int weeks, int per_week,
                      peel_ovs_table *rota, peel_ovs_table *gaps, peel_err *err)
{
    peel_records suites = {0}, visits = {0};
    peel_date start = from - (peel_date_weekday(from) - 1);
    char a[11], b[11], n1[24], n2[24], gap[120];

    *rota = (peel_ovs_table){.id = "custody-rota",
                             .heads = rota_heads,
                             .keys = rota_keys,
                             .ncols = 6,
                             .num = (1u << 3) | (1u << 4)};
    *gaps = (peel_ovs_table){.id = "custody-rota-gaps",
                             .heads = rota_heads,
                             .keys = rota_keys,
                             .ncols = 6,
                             .num = (1u << 3) | (1u << 4)};
    peel_date_format(start, a);
    peel_date_format(start + 7 * weeks - 1, b);
    snprintf(rota->caption, sizeof rota->caption,
             "Rota of active custody suites, %s to %s (%d visit%s a week by a pair)%s", a, b,
             per_week, per_week == 1 ? "" : "s", peel_ovs_reader_note(rd));
    snprintf(gaps->caption, sizeof gaps->caption, "Rota gaps, %s to %s%s", a, b,
             peel_ovs_reader_note(rd));
    if (peel_records_load(s, &peel_type_custody_suite, &suites, err) < 0 ||
        peel_records_load(s, &peel_type_icv_visit, &visits, err) < 0) {
        peel_records_free(&suites);
        return -1;
    }
    /* Suites by name, so the rota reads in the same order every time. */
    for (size_t i = 1; i < suites.n; i++)
        for (size_t j = i; j > 0 && strcmp(peel_rec_str(suites.v[j - 1], PEEL_SUITE_NAME),
                                           peel_rec_str(suites.v[j], PEEL_SUITE_NAME)) > 0;
             j--) {
            peel_record *t = suites.v[j];
            suites.v[j] = suites.v[j - 1];
            suites.v[j - 1] = t;
        }
    for (size_t i = 0; i < suites.n; i++) {
        const peel_record *st = suites.v[i];
        if (!peel_rec_int(st, PEEL_SUITE_ACTIVE) || !peel_reader_record_visible(rd, st))
            continue;
        for (int w = 0; w < weeks; w++) {
            peel_date ws = start + 7 * w, we = ws + 6;
            long long n = 0, pairs = 0;
            for (size_t k = 0; k < visits.n; k++) {
                const peel_record *v = visits.v[k];
                int64_t d = peel_rec_int(v, PEEL_VISIT_DATE);
                if (peel_rec_int(v, PEEL_VISIT_SUITE) != st->id || d < ws || d > we ||
                    !rota_counts(v) || !peel_reader_record_visible(rd, v))
                    continue;
                n++;
                pairs +=
                    peel_rec_has(v, PEEL_VISIT_VISITOR_A) && peel_rec_has(v, PEEL_VISIT_VISITOR_B);
            }
            peel_date_format(ws, a);
            peel_date_format(we, b);
            snprintf(n1, sizeof n1, "%lld", n);
            snprintf(n2, sizeof n2, "%lld", pairs);
            gap[0] = 0;
            if (pairs < per_week) {
                if (n > pairs)
                    snprintf(gap, sizeof gap, "Gap: %lld of %d by a pair (%lld without a pair)",
                             pairs, per_week, n - pairs);
                else
                    snprintf(gap, sizeof gap, "Gap: %lld of %d by a pair", pairs, per_week);
            }
            const char *cells[] = {peel_rec_str(st, PEEL_SUITE_NAME), a, b, n1, n2, gap};
            peel_ovs_add(rota, cells);
            if (*gap)
                peel_ovs_add(gaps, cells);
        }
    }
    peel_records_free(&suites);
    peel_records_free(&visits);
    if (rota->failed || gaps->failed)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory building the rota");
    return 0;
}

/* ---- visits made ---- */

static const char *const made_heads[] = {
    "Kind",    "Scheduled", "Made",           "Missed",         "Not yet recorded", "Share made",
    "Minutes", "Hours",     "Detainees seen", "Serious issues", "Issues open"};
static const char *const made_keys[] = {"kind",           "scheduled",      "made",       "missed",
                                        "not_recorded",   "share_made",     "minutes",    "hours",
                                        "detainees_seen", "serious_issues", "issues_open"};

typedef struct tally {
    long long scheduled, made, missed, pending, minutes, detainees, serious, open;
} tally;

/* "16 of 16 (100%)"; under the small base, the count alone and why. */
static void share_text(long long made, long long base, char *out, size_t n)
{
    int64_t sc;
    char p[32];
    if (!base)
        snprintf(out, n, "No visit recorded as made or missed");
    else if (base < PEEL_CUSTODY_SMALL_BASE)
        snprintf(out, n, "%lld of %lld (too few for a percentage)", made, base);
    else if (peel_pct(made, base, 0, &sc)) {
        peel_pct_format(sc, 0, false, p);
        snprintf(out, n, "%lld of %lld (%s)", made, base, p);
    } else
        snprintf(out, n, "%lld of %lld", made, base);
}

static void tally_row(peel_ovs_table *t, const char *label, const tally *y)
{
    char c[9][48], share[80];
    long long v[] = {y->scheduled, y->made, y->missed, y->pending};
    for (int i = 0; i < 4; i++)
        snprintf(c[i], sizeof c[i], "%lld", v[i]);
    share_text(y->made, y->made + y->missed, share, sizeof share);
    snprintf(c[4], sizeof c[4], "%lld", y->minutes);
    snprintf(c[5], sizeof c[5], "%lld.%02lld", y->minutes / 60, (y->minutes % 60) * 100 / 60);
    snprintf(c[6], sizeof c[6], "%lld", y->detainees);
    snprintf(c[7], sizeof c[7], "%lld", y->serious);
    snprintf(c[8], sizeof c[8], "%lld", y->open);
    const char *cells[] = {label, c[0], c[1], c[2], c[3], share, c[4], c[5], c[6], c[7], c[8]};
    peel_ovs_add(t, cells);
}

static const char *const vol_heads[] = {"Volunteers", "Count"};
static const char *const vol_keys[] = {"item", "count"};

static int volunteers(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                      peel_ovs_table *t, peel_err *err)
{
    peel_records vs = {0};
    long long on = 0, joined = 0, trained = 0, left = 0, award = 0;
    char a[11], b[11], lbl[4][120], n[4 + 1][24];

    *t = (peel_ovs_table){.id = "custody-volunteers",
                          .heads = vol_heads,
                          .keys = vol_keys,
                          .ncols = 2,
                          .num = 1u << 1};
    if (peel_records_load(s, &peel_type_icv_volunteer, &vs, err) < 0)
        return -1;
    for (size_t i = 0; i < vs.n; i++) {
        const peel_record *v = vs.v[i];
        int64_t j = peel_rec_int(v, PEEL_ICVV_JOINED);
        if (!peel_reader_record_visible(rd, v))
            continue;
        on += j <= to && (!peel_rec_has(v, PEEL_ICVV_LEFT) || peel_rec_int(v, PEEL_ICVV_LEFT) > to);
        joined += j >= from && j <= to;
        trained += peel_rec_has(v, PEEL_ICVV_TRAINED) &&
                   peel_rec_int(v, PEEL_ICVV_TRAINED) >= from &&
                   peel_rec_int(v, PEEL_ICVV_TRAINED) <= to;
        left += peel_rec_has(v, PEEL_ICVV_LEFT) && peel_rec_int(v, PEEL_ICVV_LEFT) >= from &&
                peel_rec_int(v, PEEL_ICVV_LEFT) <= to;
        award += peel_rec_has(v, PEEL_ICVV_LONG_SERVICE) &&
                 peel_rec_int(v, PEEL_ICVV_LONG_SERVICE) >= from &&
                 peel_rec_int(v, PEEL_ICVV_LONG_SERVICE) <= to;
    }
    peel_records_free(&vs);
    peel_date_format(from, a);
    peel_date_format(to, b);
    snprintf(lbl[0], sizeof lbl[0], "On the scheme on %s", b);
    snprintf(lbl[1], sizeof lbl[1], "Joined in the period");
    snprintf(lbl[2], sizeof lbl[2], "Completed training in the period");
    snprintf(lbl[3], sizeof lbl[3], "Left in the period");
    long long vals[] = {on, joined, trained, left, award};
    for (int i = 0; i < 5; i++)
        snprintf(n[i], sizeof n[i], "%lld", vals[i]);
    for (int i = 0; i < 4; i++)
        peel_ovs_add(t, (const char *const[]){lbl[i], n[i]});
    peel_ovs_add(t, (const char *const[]){"Long service awards in the period", n[4]});
    snprintf(t->caption, sizeof t->caption, "Independent custody visitors, %s to %s", a, b);
    return 0;
}

int peel_custody_made(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                      peel_ovs_table *out, peel_err *err)
{
    peel_records visits = {0};
    tally y[2] = {{0}}, all = {0};
    char a[11], b[11];

    *out = (peel_ovs_table){
        .id = "custody-made", .heads = made_heads, .keys = made_keys, .ncols = 11, .num = 0x75Eu};
    peel_date_format(from, a);
    peel_date_format(to, b);
    snprintf(out->caption, sizeof out->caption, "Visits scheduled from %s to %s and made%s", a, b,
             peel_ovs_reader_note(rd));
    if (peel_records_load(s, &peel_type_icv_visit, &visits, err) < 0)
        return -1;
    for (size_t i = 0; i < visits.n; i++) {
        const peel_record *v = visits.v[i];
        int64_t d = peel_rec_int(v, PEEL_VISIT_DATE);
        if (d < from || d > to || !peel_reader_record_visible(rd, v))
            continue;
        tally *t = &y[strcmp(peel_rec_str(v, PEEL_VISIT_KIND), "custody") ? 1 : 0];
        const char *o = peel_rec_str(v, PEEL_VISIT_OUTCOME);
        for (tally *u = t; u; u = u == &all ? NULL : &all) {
            u->scheduled++;
            u->made += !strcmp(o, "made");
            u->missed += !strcmp(o, "missed");
            u->pending += !strcmp(o, "scheduled");
            u->minutes += peel_rec_int(v, PEEL_VISIT_MINUTES);
            u->detainees += peel_rec_int(v, PEEL_VISIT_DETAINEES);
            u->serious += peel_rec_int(v, PEEL_VISIT_SERIOUS) != 0;
            u->open += peel_rec_has(v, PEEL_VISIT_RAISED) && !peel_rec_has(v, PEEL_VISIT_CLOSED);
        }
    }
    peel_records_free(&visits);
    tally_row(out, "Custody visits", &y[0]);
    tally_row(out, "Animal welfare visits", &y[1]);
    tally_row(out, "All visits", &all);
    if (out->failed)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory counting the visits");
    return 0;
}

/* ---- `peel oversight custody` ---- */

int peel_oversight_custody_cmd(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_date today = peel_clock_today();
    peel_date from = PEEL_CLI_NO_DATE, to = PEEL_CLI_NO_DATE, rota_from = PEEL_CLI_NO_DATE;
    long long weeks = 4, per_week = PEEL_CUSTODY_VISITS_PER_WEEK;
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_ovs_table made = {0}, rota = {0}, gaps = {0}, vol = {0};
    const peel_opt opts[] = {
        PEEL_OPTION("--from", PEEL_OPT_DATE, &from,
                    "the period's first day (default: 1 April of this financial year)"),
        PEEL_OPTION("--to", PEEL_OPT_DATE, &to, "the period's last day (default: today)"),
        PEEL_OPTION("--rota-from", PEEL_OPT_DATE, &rota_from,
                    "a day in the rota's first week (default: today)"),
        PEEL_OPTION_INT("--weeks", &weeks, "the weeks the rota shows", 1, 52),
        PEEL_OPTION_INT("--per-week", &per_week, "visits a week each active suite is to have", 1,
                        14),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION_END,
    };
    int rc = -1;

    /* the office's standard, unless the command asks for another */
    if (peel_setting_int(cli->store, "icv_visits_per_week", &per_week, err) < 0)
        return -1;
    if (peel_cli_parse_sub(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (from == PEEL_CLI_NO_DATE)
        from = peel_fy_first_day(peel_fy_of_date(today));
    if (to == PEEL_CLI_NO_DATE)
        to = today;
    if (rota_from == PEEL_CLI_NO_DATE)
        rota_from = today;
    if (to < from)
        return peel_err_set(err, PEEL_EINPUT, "oversight custody: --to is before --from");
    bool see_rota = peel_reader_sees_sensitive(cli->reader);
    bool see_vol = peel_reader_type_readable(cli->reader, &peel_type_icv_volunteer);
    if (peel_custody_made(cli->store, cli->reader, from, to, &made, err) < 0 ||
        (see_vol && volunteers(cli->store, cli->reader, from, to, &vol, err) < 0) ||
        (see_rota && peel_custody_rota(cli->store, cli->reader, rota_from, (int)weeks,
                                       (int)per_week, &rota, &gaps, err) < 0))
        goto out;
    const peel_ovs_table *tables[4] = {&made};
    size_t n = 1;
    if (see_vol)
        tables[n++] = &vol;
    if (see_rota) {
        tables[n++] = &gaps;
        tables[n++] = &rota;
    }
    rc = peel_ovs_print(cli, format, "custody", tables, n, err);
out:
    peel_ovs_table_release(&made);
    peel_ovs_table_release(&vol);
    peel_ovs_table_release(&rota);
    peel_ovs_table_release(&gaps);
    return rc;
}

/* ---- /oversight/custody ---- */

static const char *const page_args[] = {"from", "to", "rota_from", "weeks", "per_week", NULL};

int peel_oversight_custody_page(peel_req *r, const peel_str *params, peel_err *err)
{
    const peel_reader *rd = peel_req_reader(r);
    peel_date today = peel_clock_today(), from, to, rota_from;
    long long weeks, per_week;
    peel_ovs_table made = {0}, rota = {0}, gaps = {0}, vol = {0};
    char a[11], b[11], c[11], w[24], pw[24];
    bool see_rota = peel_reader_sees_sensitive(rd);
    bool see_vol = peel_reader_type_readable(rd, &peel_type_icv_volunteer);
    int rc = -1;
    (void)params;

    peel_params_allowed(r, page_args);
    peel_param_date(r, "from", "From", peel_fy_first_day(peel_fy_of_date(today)), &from);
    peel_param_date(r, "to", "To", today, &to);
    peel_param_date(r, "rota_from", "Rota from", today, &rota_from);
    peel_param_int(r, "weeks", "Weeks", 1, 52, 4, &weeks);
    long long standard;
    if (peel_setting_int(r->store, "icv_visits_per_week", &standard, err) < 0)
        return -1;
    peel_param_int(r, "per_week", "Visits a week", 1, 14, standard, &per_week);
    if (!r->nproblems && to < from)
        peel_param_problem(r, "to", "To", "must not be before From");
    if (!r->nproblems && (peel_custody_made(r->store, rd, from, to, &made, err) < 0 ||
                          (see_vol && volunteers(r->store, rd, from, to, &vol, err) < 0) ||
                          (see_rota && peel_custody_rota(r->store, rd, rota_from, (int)weeks,
                                                         (int)per_week, &rota, &gaps, err) < 0)))
        goto out;
    if (made.failed || vol.failed || rota.failed || gaps.failed) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory building the page");
        goto out;
    }
    peel_page_begin(r, r->nproblems ? "Error: Custody visiting" : "Custody visiting");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Custody visiting</h1>\n"
                  "<p class=\"body\">Independent custody visitors, volunteers of the "
                  "Commissioner's scheme, make unannounced visits in pairs to the force's custody "
                  "suites to check on the rights, entitlements and wellbeing of detainees; animal "
                  "welfare visitors visit the dog unit. The share of scheduled visits made is "
                  "counted from the visits recorded as made or missed; a percentage is shown "
                  "from ten such visits up.</p>\n");
    peel_date_format(from, a);
    peel_date_format(to, b);
    peel_date_format(rota_from, c);
    snprintf(w, sizeof w, "%lld", weeks);
    snprintf(pw, sizeof pw, "%lld", per_week);
    peel_html_lit(&r->out, "<form class=\"filters\" method=\"get\" action=\"/oversight/custody\">"
                           "<fieldset><legend class=\"visually-hidden\">The period and the rota"
                           "</legend>\n");
    peel_page_param_input(r, "from", "From", "For example 2024-07-01", a);
    peel_page_param_input(r, "to", "To", "For example 2024-08-31", b);
    if (see_rota) {
        peel_page_param_input(r, "rota_from", "Rota from", "A day in the rota's first week", c);
        peel_page_param_input(r, "weeks", "Weeks", "1 to 52", w);
        peel_page_param_input(r, "per_week", "Visits a week", "The scheme's standard is 1", pw);
    }
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
    if (!r->nproblems) {
        peel_ovs_html(r, &made, "No visits in the period.");
        if (see_vol)
            peel_ovs_html(r, &vol, "No volunteers recorded.");
        if (see_rota) {
            peel_html_lit(&r->out, "<h2 class=\"heading-m\" id=\"rota\">The rota</h2>\n");
            peel_ovs_html(r, &gaps, "No gaps in the weeks shown.");
            peel_ovs_html(r, &rota, "No active custody suite is recorded.");
        } else
            peel_html_lit(&r->out,
                          "<p class=\"body\">The rota of coming visits is the office's working "
                          "schedule and is not published.</p>\n");
    }
    peel_page_end(r);
    rc = peel_req_html_page(r, r->nproblems ? 400 : 200);
out:
    peel_ovs_table_release(&made);
    peel_ovs_table_release(&vol);
    peel_ovs_table_release(&rota);
    peel_ovs_table_release(&gaps);
    return rc;
}
