/* types.c - the commissioning record types (commissioning.h): fund, round
 * (with its lifecycle), organisation, application (with its lifecycle),
 * interest, score, award, payment and monitoring_visit, and their rules.
 * The rules that need other records (an application after its round
 * closed, an award over its round's cap or envelope, a score from a
 * reviewer with a declared interest, payments beyond their award) are
 * check_store hooks, so every way in refuses the same input, naming the
 * field; docs/METHODS.md, "Commissioning". */
#include "commissioning/commissioning.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "domain/people.h"
#include "model/record.h"
#include "model/records.h"
#include "model/transition.h"
#include "store/store.h"

/* ---- small helpers for the rules ---- */

/* The id a resolved REF field holds; 0 when unset or not yet resolved. */
static int64_t ref_id(const peel_record *r, int field)
{
    return peel_rec_has(r, field) && !r->v[field].s ? r->v[field].i : 0;
}

static int get_id(peel_store *s, const peel_type *t, int64_t id, peel_record **out, peel_err *err)
{
    *out = NULL;
    if (!id)
        return 0;
    return peel_store_get(s, t, id, out, err);
}

/* clang-format off */
#define PROVENANCE                                                                            \
    {.name = "provenance", .label = "Source", .type = PEEL_F_TEXT, .max = 500,                \
     .flags = PEEL_INTERNAL,                                                                  \
     .help = "Where this was transcribed from: paper, page, paragraph"}
#define NOTE                                                                                  \
    {.name = "note", .label = "Note", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE,           \
     .max = 2000, .help = "What the paper says of it, and what it does not give"}
/* clang-format on */

#define BY_STAFF (PEEL_LC_STAFF | PEEL_LC_ADMIN)
#define TO(from, to, verb, needs)                                                                  \
    {                                                                                              \
        from, to, verb, BY_STAFF, needs, PEEL_LC_CLOCK_KEEP                                        \
    }

/* ---- fund ---- */

/* clang-format off */
static const peel_field fund_fields[PEEL_FUND_NFIELDS] = {
    [PEEL_FUND_NAME] = {.name = "name", .label = "Name", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 200,
     .help = "\"Commissioner's Safety Fund\", as the papers name it"},
    [PEEL_FUND_PURPOSE] = {.name = "purpose", .label = "Purpose", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 2000},
    [PEEL_FUND_ELIGIBILITY] = {.name = "eligibility", .label = "Who may apply",
     .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE, .max = 2000},
    [PEEL_FUND_FUNDER] = {.name = "funder", .label = "Funder", .type = PEEL_F_REF,
     .ref_type = "organisation",
     .help = "The organisation that makes its grants (the Office of the PCC): the Funding "
             "Org of the 360Giving export"},
    [PEEL_FUND_GRANT_PREFIX] = {.name = "grant_prefix", .label = "360Giving prefix",
     .type = PEEL_F_TEXT, .max = 60,
     .help = "The funder's 360Giving publisher prefix (\"360G-...\"), put before each "
             "award's reference to make its grant identifier; empty until it registers"},
    [PEEL_FUND_NOTE] = NOTE,
    [PEEL_FUND_PROVENANCE] = PROVENANCE,
    [PEEL_FUND_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void fund_check(const peel_record *r, peel_fielderrs *errs)
{
    const char *p = peel_record_text_at(r, PEEL_FUND_GRANT_PREFIX);
    if (*p && (strncmp(p, "360G-", 5) || !p[5] || strpbrk(p, " \t")))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_FUND_GRANT_PREFIX),
                           "\"%s\" is not a 360Giving prefix: it starts \"360G-\" and holds no "
                           "spaces",
                           p);
}

/* clang-format off */
const peel_type peel_type_fund = {
    .name = "fund",
    .label = "Fund",
    .plural = "Funds",
    .help = "A grants programme of the PCC (the Commissioner's Safety Fund, the VAWG "
            "community grant, People Zones): its purpose and who may apply",
    .fields = fund_fields,
    .nfields = PEEL_NFIELDS(fund_fields),
    .key = "name",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_FUND_PURPOSE),
    .check = fund_check,
    .search = PEEL_SEARCH(PEEL_FUND_NAME, PEEL_FUND_PURPOSE),
};
/* clang-format on */

/* ---- round ---- */

/* clang-format off */
static const peel_lc_state round_states[] = {
    {"draft", "Draft", false},
    {"open", "Open", false},
    {"closed", "Closed", false},
    {"screening", "Screening", false},
    {"scoring", "Scoring", false},
    {"moderation", "Moderation", false},
    {"decided", "Decided", false},
    {"published", "Results published", true},
    {0},
};

static const peel_lc_transition round_transitions[] = {
    TO("draft", "open", "Open the round", 0),
    TO("open", "closed", "Close the round", 0),
    TO("closed", "screening", "Start screening", 0),
    TO("screening", "scoring", "Start scoring", 0),
    TO("scoring", "moderation", "Start moderation", 0),
    TO("moderation", "decided", "Record the decisions", 0),
    TO("decided", "published", "Record the results published", PEEL_LC_EVIDENCE),
    {0},
};

const peel_lifecycle peel_round_lifecycle = {
    .states = round_states,
    .initial = "draft",
    .transitions = round_transitions,
};
/* clang-format on */

static const peel_related rounds_of_fund = {
    .heading = "Rounds of this fund",
    .position = 10,
    .sort = "opens",
    .order = PEEL_ORDER_DESC,
    .columns = PEEL_SUMMARY(PEEL_ROUND_NUMBER, PEEL_ROUND_OPENS, PEEL_ROUND_CLOSES,
                            PEEL_ROUND_ENVELOPE, PEEL_ROUND_CAP),
};

/* clang-format off */
static const peel_field round_fields[PEEL_ROUND_NFIELDS] = {
    [PEEL_ROUND_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 80,
     .help = "\"CSF-2024-25-1\": the fund, the financial year and the round's number"},
    [PEEL_ROUND_FUND] = {.name = "fund", .label = "Fund", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED, .ref_type = "fund", .related = &rounds_of_fund},
    [PEEL_ROUND_NUMBER] = {.name = "number", .label = "Round", .type = PEEL_F_INT,
     .min = 1, .max = 99, .help = "The round's number in its year; empty when not given"},
    [PEEL_ROUND_YEAR] = {.name = "year", .label = "Financial year", .type = PEEL_F_FY},
    [PEEL_ROUND_OPENS] = {.name = "opens", .label = "Opens", .type = PEEL_F_DATE},
    [PEEL_ROUND_CLOSES] = {.name = "closes", .label = "Closes", .type = PEEL_F_DATE,
     .help = "The last day an application is received"},
    [PEEL_ROUND_ENVELOPE] = {.name = "envelope", .label = "Envelope", .type = PEEL_F_MONEY,
     .min = 0, .max = 100000000000,
     .help = "What the round may award in all; empty when not given"},
    [PEEL_ROUND_CAP] = {.name = "cap", .label = "Most per award", .type = PEEL_F_MONEY,
     .min = 0, .max = 100000000000,
     .help = "The most one award of this round may be (\"bids of up to £10,000\")"},
    [PEEL_ROUND_MONTHS] = {.name = "project_months", .label = "Project length (months)",
     .type = PEEL_F_INT, .min = 1, .max = 120},
    [PEEL_ROUND_MAX_AWARDS] = {.name = "max_awards", .label = "Most awards",
     .type = PEEL_F_INT, .min = 1, .max = 100000,
     .help = "\"Up to 40 community organisations\""},
    [PEEL_ROUND_NOTE] = NOTE,
    [PEEL_ROUND_PROVENANCE] = PROVENANCE,
    [PEEL_ROUND_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void round_check(const peel_record *r, peel_fielderrs *errs)
{
    char a[11], b[11], x[32], y[32];
    if (peel_rec_has(r, PEEL_ROUND_OPENS) && peel_rec_has(r, PEEL_ROUND_CLOSES) &&
        peel_rec_int(r, PEEL_ROUND_CLOSES) < peel_rec_int(r, PEEL_ROUND_OPENS)) {
        peel_date_format((peel_date)peel_rec_int(r, PEEL_ROUND_CLOSES), a);
        peel_date_format((peel_date)peel_rec_int(r, PEEL_ROUND_OPENS), b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_ROUND_CLOSES),
                           "%s is before the round opens (%s)", a, b);
    }
    if (peel_rec_has(r, PEEL_ROUND_CAP) && peel_rec_has(r, PEEL_ROUND_ENVELOPE) &&
        peel_rec_int(r, PEEL_ROUND_CAP) > peel_rec_int(r, PEEL_ROUND_ENVELOPE)) {
        peel_money_format(peel_rec_int(r, PEEL_ROUND_CAP), x);
        peel_money_format(peel_rec_int(r, PEEL_ROUND_ENVELOPE), y);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_ROUND_CAP),
                           "%s is more than the envelope (%s)", x, y);
    }
}

/* ---- the round an award counts against, and its sums ---- */

int peel_award_round(peel_store *s, const peel_record *award, int64_t *round, peel_err *err)
{
    peel_record *app = NULL;
    *round = ref_id(award, PEEL_AWARD_ROUND);
    if (*round)
        return 0;
    if (get_id(s, &peel_type_application, ref_id(award, PEEL_AWARD_APPLICATION), &app, err) < 0)
        return -1;
    if (app)
        *round = ref_id(app, PEEL_APP_ROUND);
    peel_record_free(app);
    return 0;
}

typedef struct committed_ctx {
    peel_store *s;
    int64_t round, except;
    peel_pence sum;
    int64_t n;
} committed_ctx;

static int committed_cb(void *ctx, const peel_record *a, peel_err *err)
{
    committed_ctx *c = ctx;
    int64_t round;
    if (a->id == c->except)
        return 0;
    if (peel_award_round(c->s, a, &round, err) < 0)
        return -1;
    if (round == c->round) {
        c->sum += peel_rec_int(a, PEEL_AWARD_AMOUNT);
        c->n++;
    }
    return 0;
}

/* The awards counted against round, leaving out the award except (0: none). */
static int committed(peel_store *s, int64_t round, int64_t except, peel_pence *sum, int64_t *n,
                     peel_err *err)
{
    committed_ctx c = {.s = s, .round = round, .except = except};
    if (peel_store_select(s, &(peel_query){.type = &peel_type_award}, committed_cb, &c, err) < 0)
        return -1;
    *sum = c.sum;
    if (n)
        *n = c.n;
    return 0;
}

/* A round's envelope may not fall below what its awards already commit. */
static int round_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                             peel_fielderrs *errs, peel_err *err)
{
    peel_pence sum;
    char x[32], y[32];
    if (!old || !peel_rec_has(r, PEEL_ROUND_ENVELOPE))
        return 0;
    if (committed(s, old->id, 0, &sum, NULL, err) < 0)
        return -1;
    if (sum > peel_rec_int(r, PEEL_ROUND_ENVELOPE)) {
        peel_money_format(peel_rec_int(r, PEEL_ROUND_ENVELOPE), x);
        peel_money_format(sum, y);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_ROUND_ENVELOPE),
                           "%s is less than the round's awards already commit (%s)", x, y);
    }
    return 0;
}

/* clang-format off */
const peel_type peel_type_round = {
    .name = "round",
    .label = "Grant round",
    .plural = "Grant rounds",
    .help = "A round of a fund: when it opens and closes, what it may award in all and per "
            "award, and its state (draft, open, closed, screening, scoring, moderation, "
            "decided, results published)",
    .fields = round_fields,
    .nfields = PEEL_NFIELDS(round_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_ROUND_FUND, PEEL_ROUND_OPENS, PEEL_ROUND_CLOSES,
                            PEEL_ROUND_ENVELOPE, PEEL_ROUND_CAP),
    .check = round_check,
    .check_store = round_check_store,
    .open_on = peel_transition_open_on,
    .lifecycle = &peel_round_lifecycle,
    .order = &round_fields[PEEL_ROUND_OPENS],
    .order_dir = PEEL_ORDER_DESC,
    .range = &round_fields[PEEL_ROUND_OPENS],
};
/* clang-format on */

/* ---- organisation ---- */

/* clang-format off */
static const peel_field org_fields[PEEL_ORG_NFIELDS] = {
    [PEEL_ORG_NAME] = {.name = "name", .label = "Name", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 300},
    [PEEL_ORG_CHARITY_NUMBER] = {.name = "charity_number", .label = "Charity number",
     .type = PEEL_F_TEXT, .max = 20,
     .help = "The Charity Commission's number; empty when not known"},
    [PEEL_ORG_COMPANY_NUMBER] = {.name = "company_number", .label = "Company number",
     .type = PEEL_F_TEXT, .max = 20,
     .help = "Companies House number; empty when not known"},
    [PEEL_ORG_ORG_ID] = {.name = "org_id", .label = "Organisation identifier",
     .type = PEEL_F_TEXT, .max = 100,
     .help = "Its org-id.guide identifier (\"GB-GOR-...\", \"GB-SC-...\") when the charity "
             "and company numbers do not give it; the 360Giving export uses GB-CHC- and "
             "GB-COH- from the numbers otherwise"},
    [PEEL_ORG_NOTE] = NOTE,
    [PEEL_ORG_PROVENANCE] = PROVENANCE,
    [PEEL_ORG_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

/* An identifier is PREFIX-ID (org-id.guide: "GB-CHC-1234567"); the numbers
 * hold no spaces, as the registers print them. */
static void org_check(const peel_record *r, peel_fielderrs *errs)
{
    static const int fields[] = {PEEL_ORG_CHARITY_NUMBER, PEEL_ORG_COMPANY_NUMBER, PEEL_ORG_ORG_ID};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *v = peel_record_text_at(r, fields[i]);
        if (strpbrk(v, " \t,;"))
            peel_fielderrs_add(errs, peel_rec_field_name(r, fields[i]),
                               "\"%s\" holds a space or separator: give it as the register "
                               "prints it (\"1234567\", \"GB-CHC-1234567\")",
                               v);
    }
    const char *id = peel_record_text_at(r, PEEL_ORG_ORG_ID);
    const char *dash = strchr(id, '-');
    if (*id && (!dash || dash == id || !strchr(dash + 1, '-') || id[strlen(id) - 1] == '-'))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_ORG_ORG_ID),
                           "\"%s\" is not an org-id.guide identifier: a list prefix and the "
                           "number (\"GB-SC-SC012345\")",
                           id);
}

/* clang-format off */
const peel_type peel_type_organisation = {
    .name = "organisation",
    .label = "Organisation",
    .plural = "Organisations",
    .one = "an organisation",
    .help = "An organisation that applies for or receives a grant",
    .fields = org_fields,
    .nfields = PEEL_NFIELDS(org_fields),
    .key = "name",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_ORG_CHARITY_NUMBER, PEEL_ORG_COMPANY_NUMBER),
    .check = org_check,
    .search = PEEL_SEARCH(PEEL_ORG_NAME),
};
/* clang-format on */

/* ---- application ---- */

/* clang-format off */
static const peel_lc_state app_states[] = {
    {"received", "Received", false},
    {"eligible", "Eligible", false},
    {"ineligible", "Ineligible", true},
    {"scored", "Scored", false},
    {"moderated", "Moderated", false},
    {"awarded", "Awarded", true},
    {"declined", "Declined", true},
    {"withdrawn", "Withdrawn", true},
    {0},
};

static const peel_lc_transition app_transitions[] = {
    TO("received", "eligible", "Mark eligible", 0),
    TO("received", "ineligible", "Mark ineligible", PEEL_LC_NOTE),
    TO("eligible", "scored", "Mark scored", 0),
    TO("scored", "moderated", "Mark moderated", 0),
    TO("moderated", "awarded", "Record the award", 0),
    TO("moderated", "declined", "Decline", PEEL_LC_NOTE),
    TO("received", "withdrawn", "Record withdrawn", PEEL_LC_NOTE),
    TO("eligible", "withdrawn", "Record withdrawn", PEEL_LC_NOTE),
    TO("scored", "withdrawn", "Record withdrawn", PEEL_LC_NOTE),
    TO("moderated", "withdrawn", "Record withdrawn", PEEL_LC_NOTE),
    {0},
};

const peel_lifecycle peel_application_lifecycle = {
    .states = app_states,
    .initial = "received",
    .transitions = app_transitions,
    .start = "received",
};
/* clang-format on */

static const peel_related apps_of_round = {
    .heading = "Applications to this round",
    .position = 20,
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_APP_ORGANISATION, PEEL_APP_REQUESTED, PEEL_APP_RECEIVED),
};

static const peel_related apps_of_org = {
    .heading = "Applications",
    .position = 20,
    .sort = "received",
    .order = PEEL_ORDER_DESC,
    .columns = PEEL_SUMMARY(PEEL_APP_ROUND, PEEL_APP_REQUESTED, PEEL_APP_RECEIVED),
};

/* clang-format off */
static const peel_field app_fields[PEEL_APP_NFIELDS] = {
    [PEEL_APP_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 80},
    [PEEL_APP_ROUND] = {.name = "round", .label = "Round", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED, .ref_type = "round", .related = &apps_of_round},
    [PEEL_APP_ORGANISATION] = {.name = "organisation", .label = "Organisation",
     .type = PEEL_F_REF, .flags = PEEL_REQUIRED, .ref_type = "organisation",
     .related = &apps_of_org},
    [PEEL_APP_TITLE] = {.name = "title", .label = "Project", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 300},
    [PEEL_APP_REQUESTED] = {.name = "requested", .label = "Amount requested",
     .type = PEEL_F_MONEY, .min = 0, .max = 100000000000},
    [PEEL_APP_RECEIVED] = {.name = "received", .label = "Received", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED, .help = "The day the application arrived"},
    [PEEL_APP_NOTE] = NOTE,
    [PEEL_APP_PROVENANCE] = PROVENANCE,
    [PEEL_APP_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

/* An application arrives while its round is open: not after it closes,
 * not before it opens. */
static int app_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                           peel_fielderrs *errs, peel_err *err)
{
    peel_record *round = NULL;
    char a[11], b[11];
    (void)old;
    if (!peel_rec_has(r, PEEL_APP_RECEIVED))
        return 0;
    if (get_id(s, &peel_type_round, ref_id(r, PEEL_APP_ROUND), &round, err) < 0)
        return -1;
    if (!round)
        return 0;
    int64_t day = peel_rec_int(r, PEEL_APP_RECEIVED);
    peel_date_format((peel_date)day, a);
    if (peel_rec_has(round, PEEL_ROUND_CLOSES) && day > peel_rec_int(round, PEEL_ROUND_CLOSES)) {
        peel_date_format((peel_date)peel_rec_int(round, PEEL_ROUND_CLOSES), b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_APP_RECEIVED),
                           "%s is after round %s closed (%s): the round takes no more "
                           "applications",
                           a, peel_rec_str(round, PEEL_ROUND_REF), b);
    } else if (peel_rec_has(round, PEEL_ROUND_OPENS) &&
               day < peel_rec_int(round, PEEL_ROUND_OPENS)) {
        peel_date_format((peel_date)peel_rec_int(round, PEEL_ROUND_OPENS), b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_APP_RECEIVED),
                           "%s is before round %s opens (%s)", a,
                           peel_rec_str(round, PEEL_ROUND_REF), b);
    }
    peel_record_free(round);
    return 0;
}

/* clang-format off */
const peel_type peel_type_application = {
    .name = "application",
    .label = "Application",
    .plural = "Applications",
    .one = "an application",
    .help = "An application to a grant round and its state (received, eligible or "
            "ineligible, scored, moderated, awarded or declined, or withdrawn)",
    .fields = app_fields,
    .nfields = PEEL_NFIELDS(app_fields),
    .key = "ref",
    .title = "title",
    .summary = PEEL_SUMMARY(PEEL_APP_REF, PEEL_APP_ROUND, PEEL_APP_ORGANISATION,
                            PEEL_APP_REQUESTED, PEEL_APP_RECEIVED),
    .check_store = app_check_store,
    .open_on = peel_transition_open_on,
    .lifecycle = &peel_application_lifecycle,
    .order = &app_fields[PEEL_APP_RECEIVED],
    .order_dir = PEEL_ORDER_DESC,
    .range = &app_fields[PEEL_APP_RECEIVED],
    .search = PEEL_SEARCH(PEEL_APP_REF, PEEL_APP_TITLE),
};
/* clang-format on */

/* ---- interest ---- */

static const peel_related interests_of_round = {
    .heading = "Declared interests",
    .position = 40,
    .columns = PEEL_SUMMARY(PEEL_INT_ORGANISATION, PEEL_INT_DECLARED_ON),
};

/* clang-format off */
static const peel_field int_fields[PEEL_INT_NFIELDS] = {
    [PEEL_INT_REVIEWER] = {.name = "reviewer", .label = "Reviewer", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED, .ref_type = "person",
     .help = "Who declares the interest: a reviewer, or the PCC, who moderates"},
    [PEEL_INT_ROUND] = {.name = "round", .label = "Round", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED, .ref_type = "round", .related = &interests_of_round},
    [PEEL_INT_ORGANISATION] = {.name = "organisation", .label = "Organisation",
     .type = PEEL_F_REF, .flags = PEEL_REQUIRED, .ref_type = "organisation"},
    [PEEL_INT_DECLARED_ON] = {.name = "declared_on", .label = "Declared on",
     .type = PEEL_F_DATE},
    [PEEL_INT_NATURE] = {.name = "nature", .label = "Nature of the interest",
     .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE, .max = 2000},
};
/* clang-format on */

/* A declaration made after the reviewer scored that organisation's
 * application is still recorded: it is the fact; what it means for the
 * scores already given is the moderation's to decide.  So nothing here
 * refuses it, but a score given later is refused (score_check_store). */

/* clang-format off */
const peel_type peel_type_interest = {
    .name = "interest",
    .label = "Declared interest",
    .plural = "Declared interests",
    .help = "A conflict-of-interest declaration: a reviewer (or the PCC, who moderates) with "
            "an interest in an organisation in a round may not score its applications",
    .fields = int_fields,
    .nfields = PEEL_NFIELDS(int_fields),
    .title = "nature",
    .summary = PEEL_SUMMARY(PEEL_INT_REVIEWER, PEEL_INT_ROUND, PEEL_INT_ORGANISATION,
                            PEEL_INT_DECLARED_ON),
};
/* clang-format on */

/* ---- score ---- */

static const peel_related scores_of_app = {
    .heading = "Scores",
    .position = 10,
    .columns = PEEL_SUMMARY(PEEL_SCORE_REVIEWER, PEEL_SCORE_CRITERION, PEEL_SCORE_SCORE),
};

/* clang-format off */
static const peel_field score_fields[PEEL_SCORE_NFIELDS] = {
    [PEEL_SCORE_APPLICATION] = {.name = "application", .label = "Application",
     .type = PEEL_F_REF, .flags = PEEL_REQUIRED, .ref_type = "application",
     .related = &scores_of_app},
    [PEEL_SCORE_REVIEWER] = {.name = "reviewer", .label = "Reviewer", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED, .ref_type = "person"},
    [PEEL_SCORE_CRITERION] = {.name = "criterion", .label = "Criterion", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 200},
    [PEEL_SCORE_SCORE] = {.name = "score", .label = "Score", .type = PEEL_F_INT,
     .flags = PEEL_REQUIRED, .min = 0, .max = 100},
    [PEEL_SCORE_COMMENT] = {.name = "comment", .label = "Comment", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 4000},
};
/* clang-format on */

typedef struct interest_ctx {
    int64_t org;
    bool found;
} interest_ctx;

static int interest_cb(void *ctx, const peel_record *i, peel_err *err)
{
    interest_ctx *c = ctx;
    (void)err;
    if (ref_id(i, PEEL_INT_ORGANISATION) == c->org) {
        c->found = true;
        return 1;
    }
    return 0;
}

/* A reviewer who declared an interest in the application's organisation in
 * its round may not score it. */
static int score_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                             peel_fielderrs *errs, peel_err *err)
{
    peel_record *app = NULL, *who = NULL;
    (void)old;
    if (get_id(s, &peel_type_application, ref_id(r, PEEL_SCORE_APPLICATION), &app, err) < 0)
        return -1;
    if (!app)
        return 0;
    const peel_type *it = &peel_type_interest;
    peel_filter f[2] = {
        {.field = &it->fields[PEEL_INT_REVIEWER],
         .op = PEEL_OP_EQ,
         .v = {.set = true, .i = ref_id(r, PEEL_SCORE_REVIEWER)}},
        {.field = &it->fields[PEEL_INT_ROUND],
         .op = PEEL_OP_EQ,
         .v = {.set = true, .i = ref_id(app, PEEL_APP_ROUND)}},
    };
    interest_ctx c = {.org = ref_id(app, PEEL_APP_ORGANISATION)};
    int rc = peel_store_select(s, &(peel_query){.type = it, .filters = f, .nfilters = 2},
                               interest_cb, &c, err);
    if (rc == 0 && c.found)
        rc = get_id(s, &peel_type_person, ref_id(r, PEEL_SCORE_REVIEWER), &who, err);
    if (rc == 0 && c.found)
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_SCORE_REVIEWER),
                           "%s declared an interest in this application's organisation in "
                           "this round: someone else must score application %s",
                           who ? peel_rec_str(who, PEEL_PERSON_NAME) : "the reviewer",
                           peel_rec_str(app, PEEL_APP_REF));
    peel_record_free(who);
    peel_record_free(app);
    return rc < 0 ? -1 : 0;
}

/* clang-format off */
const peel_type peel_type_score = {
    .name = "score",
    .label = "Score",
    .plural = "Scores",
    .help = "A reviewer's score of an application against one criterion",
    .fields = score_fields,
    .nfields = PEEL_NFIELDS(score_fields),
    .title = "criterion",
    .summary = PEEL_SUMMARY(PEEL_SCORE_APPLICATION, PEEL_SCORE_REVIEWER, PEEL_SCORE_SCORE),
    .check_store = score_check_store,
};
/* clang-format on */

/* ---- award ---- */

static const peel_related awards_of_round = {
    .heading = "Awards of this round",
    .position = 30,
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_AWARD_ORGANISATION, PEEL_AWARD_AMOUNT, PEEL_AWARD_AWARDED_ON),
};

static const peel_related awards_of_org = {
    .heading = "Awards",
    .position = 30,
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_AWARD_FUND, PEEL_AWARD_AMOUNT, PEEL_AWARD_AWARDED_ON),
};

static const peel_related awards_of_fund = {
    .heading = "Awards from this fund",
    .position = 30,
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_AWARD_ORGANISATION, PEEL_AWARD_AMOUNT, PEEL_AWARD_AREA_SERVED),
};

/* clang-format off */
static const peel_field award_fields[PEEL_AWARD_NFIELDS] = {
    [PEEL_AWARD_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 80},
    [PEEL_AWARD_APPLICATION] = {.name = "application", .label = "Application",
     .type = PEEL_F_REF, .ref_type = "application",
     .help = "The application it answers; empty for a direct award"},
    [PEEL_AWARD_ROUND] = {.name = "round", .label = "Round", .type = PEEL_F_REF,
     .ref_type = "round", .related = &awards_of_round,
     .help = "The round it counts against (its cap and envelope); empty: the application's "
             "round, or none for a direct award"},
    [PEEL_AWARD_FUND] = {.name = "fund", .label = "Fund", .type = PEEL_F_REF,
     .ref_type = "fund", .related = &awards_of_fund},
    [PEEL_AWARD_ORGANISATION] = {.name = "organisation", .label = "Organisation",
     .type = PEEL_F_REF, .flags = PEEL_REQUIRED, .ref_type = "organisation",
     .related = &awards_of_org},
    [PEEL_AWARD_PROJECT] = {.name = "project", .label = "Project", .type = PEEL_F_TEXT,
     .max = 300, .help = "The project's name, as the paper prints it"},
    [PEEL_AWARD_AMOUNT] = {.name = "amount", .label = "Amount", .type = PEEL_F_MONEY,
     .flags = PEEL_REQUIRED, .min = 1, .max = 100000000000},
    [PEEL_AWARD_AWARDED_ON] = {.name = "awarded_on", .label = "Awarded on",
     .type = PEEL_F_DATE},
    [PEEL_AWARD_PURPOSE] = {.name = "purpose", .label = "Purpose", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 4000},
    [PEEL_AWARD_CONDITIONS] = {.name = "conditions", .label = "Conditions",
     .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE, .max = 4000},
    [PEEL_AWARD_REPAYMENT] = {.name = "repayment_terms", .label = "Repayment terms",
     .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE, .max = 2000},
    [PEEL_AWARD_CRIME_REDUCTION] = {.name = "crime_reduction",
     .label = "Why it reduces crime", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE,
     .max = 4000, .help = "Published with the grant (Specified Information Order)"},
    [PEEL_AWARD_EIA_DONE] = {.name = "eia_done",
     .label = "Equality impact assessment done", .type = PEEL_F_BOOL},
    [PEEL_AWARD_RISK_DONE] = {.name = "risk_done", .label = "Risk assessment done",
     .type = PEEL_F_BOOL},
    [PEEL_AWARD_AGREEMENT_SIGNED] = {.name = "agreement_signed",
     .label = "Funding agreement signed", .type = PEEL_F_BOOL},
    [PEEL_AWARD_AREA] = {.name = "area", .label = "Area it serves", .type = PEEL_F_REF,
     .ref_type = "area"},
    [PEEL_AWARD_AREA_SERVED] = {.name = "area_served", .label = "Area, as printed",
     .type = PEEL_F_TEXT, .max = 200,
     .help = "\"Leicester City West\": the area as the paper names it"},
    [PEEL_AWARD_NOTE] = NOTE,
    [PEEL_AWARD_PROVENANCE] = PROVENANCE,
    [PEEL_AWARD_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static int award_check_app(peel_store *s, const peel_record *r, peel_fielderrs *errs, peel_err *err)
{
    peel_record *app = NULL;
    if (get_id(s, &peel_type_application, ref_id(r, PEEL_AWARD_APPLICATION), &app, err) < 0)
        return -1;
    if (!app)
        return 0;
    if (ref_id(r, PEEL_AWARD_ROUND) && ref_id(r, PEEL_AWARD_ROUND) != ref_id(app, PEEL_APP_ROUND))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_AWARD_ROUND),
                           "is not the round of application %s: leave it empty or give that "
                           "round",
                           peel_rec_str(app, PEEL_APP_REF));
    if (ref_id(r, PEEL_AWARD_ORGANISATION) != ref_id(app, PEEL_APP_ORGANISATION))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_AWARD_ORGANISATION),
                           "is not the organisation that made application %s",
                           peel_rec_str(app, PEEL_APP_REF));
    peel_record_free(app);
    return 0;
}

typedef struct paid_ctx {
    int64_t except;
    peel_pence sum;
} paid_ctx;

static int paid_cb(void *ctx, const peel_record *p, peel_err *err)
{
    paid_ctx *c = ctx;
    (void)err;
    if (p->id != c->except)
        c->sum += peel_rec_int(p, PEEL_PAY_AMOUNT);
    return 0;
}

/* What the payments of award have paid, leaving out the payment except. */
static int paid(peel_store *s, int64_t award, int64_t except, peel_pence *sum, peel_err *err)
{
    const peel_type *pt = &peel_type_payment;
    peel_filter f = {
        .field = &pt->fields[PEEL_PAY_AWARD], .op = PEEL_OP_EQ, .v = {.set = true, .i = award}};
    paid_ctx c = {.except = except};
    if (peel_store_select(s, &(peel_query){.type = pt, .filters = &f, .nfilters = 1}, paid_cb, &c,
                          err) < 0)
        return -1;
    *sum = c.sum;
    return 0;
}

/* Whether a published record of type t (a payment, a visit) names award
 * through its field `field`. */
static int published_under(peel_store *s, const peel_type *t, int field, int publish, int64_t award,
                           bool *found, peel_err *err)
{
    int64_t n = 0;
    peel_filter f[2] = {
        {.field = &t->fields[field], .op = PEEL_OP_EQ, .v = {.set = true, .i = award}},
        {.field = &t->fields[publish], .op = PEEL_OP_EQ, .v = {.set = true, .i = 1}},
    };
    if (peel_store_count(s, &(peel_query){.type = t, .filters = f, .nfilters = 2}, &n, err) < 0)
        return -1;
    *found = n > 0;
    return 0;
}

/* An award that a published payment or visit names stays published: their
 * rule (published_award), read from the other side. */
static int award_check_unpublish(peel_store *s, const peel_record *old, const peel_record *r,
                                 peel_fielderrs *errs, peel_err *err)
{
    bool pay = false, visit = false;
    if (!old || !peel_rec_int(old, PEEL_AWARD_PUBLISH) || peel_rec_int(r, PEEL_AWARD_PUBLISH))
        return 0;
    if (published_under(s, &peel_type_payment, PEEL_PAY_AWARD, PEEL_PAY_PUBLISH, old->id, &pay,
                        err) < 0 ||
        published_under(s, &peel_type_monitoring_visit, PEEL_VISIT_AWARD, PEEL_VISIT_PUBLISH,
                        old->id, &visit, err) < 0)
        return -1;
    if (pay || visit)
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_AWARD_PUBLISH),
                           "a published %s names this award: unpublish it first",
                           pay ? "payment" : "monitoring visit");
    return 0;
}

/* A published payment or visit names a published award. */
static int published_award(peel_store *s, const peel_record *r, int field, int publish,
                           const char *what, peel_fielderrs *errs, peel_err *err)
{
    peel_record *award = NULL;
    if (!peel_rec_int(r, publish))
        return 0;
    if (get_id(s, &peel_type_award, ref_id(r, field), &award, err) < 0)
        return -1;
    if (award && !peel_rec_int(award, PEEL_AWARD_PUBLISH))
        peel_fielderrs_add(errs, peel_rec_field_name(r, publish),
                           "award %s is not published: publish it first, or leave this %s "
                           "unpublished",
                           peel_rec_str(award, PEEL_AWARD_REF), what);
    peel_record_free(award);
    return 0;
}

/* The award's round: its cap (the award keeps the cap of its own round) and
 * its envelope (the awards of the round, this one counted once); and
 * payments already made may not exceed a lowered amount. */
static int award_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                             peel_fielderrs *errs, peel_err *err)
{
    peel_record *round = NULL;
    int64_t rid;
    peel_pence amount = peel_rec_int(r, PEEL_AWARD_AMOUNT), sum;
    char x[32], y[32], z[32];

    if (award_check_unpublish(s, old, r, errs, err) < 0 || award_check_app(s, r, errs, err) < 0 ||
        peel_award_round(s, r, &rid, err) < 0 || get_id(s, &peel_type_round, rid, &round, err) < 0)
        return -1;
    if (round && peel_rec_has(round, PEEL_ROUND_CAP) &&
        amount > peel_rec_int(round, PEEL_ROUND_CAP)) {
        peel_money_format(amount, x);
        peel_money_format(peel_rec_int(round, PEEL_ROUND_CAP), y);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_AWARD_AMOUNT),
                           "%s is over the cap of round %s (%s per award)", x,
                           peel_rec_str(round, PEEL_ROUND_REF), y);
    }
    if (round && peel_rec_has(round, PEEL_ROUND_ENVELOPE)) {
        if (committed(s, rid, old ? old->id : 0, &sum, NULL, err) < 0) {
            peel_record_free(round);
            return -1;
        }
        peel_pence env = peel_rec_int(round, PEEL_ROUND_ENVELOPE);
        if (sum + amount > env) {
            peel_money_format(amount, x);
            peel_money_format(env, y);
            peel_money_format(env - sum > 0 ? env - sum : 0, z);
            peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_AWARD_AMOUNT),
                               "%s would over-commit round %s: its envelope is %s and %s "
                               "remains",
                               x, peel_rec_str(round, PEEL_ROUND_REF), y, z);
        }
    }
    peel_record_free(round);
    if (old) {
        if (paid(s, old->id, 0, &sum, err) < 0)
            return -1;
        if (sum > amount) {
            peel_money_format(amount, x);
            peel_money_format(sum, y);
            peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_AWARD_AMOUNT),
                               "%s is less than the award's payments already made (%s)", x, y);
        }
    }
    return 0;
}

/* clang-format off */
const peel_type peel_type_award = {
    .name = "award",
    .label = "Award",
    .plural = "Awards",
    .one = "an award",
    .help = "A grant made to an organisation, from an application or directly: amount, "
            "purpose, conditions, why it reduces crime, the assessments done and the area "
            "it serves",
    .fields = award_fields,
    .nfields = PEEL_NFIELDS(award_fields),
    .key = "ref",
    .title = "project",
    .summary = PEEL_SUMMARY(PEEL_AWARD_REF, PEEL_AWARD_ORGANISATION, PEEL_AWARD_FUND,
                            PEEL_AWARD_AMOUNT, PEEL_AWARD_AREA_SERVED),
    .check_store = award_check_store,
    .order = &award_fields[PEEL_AWARD_REF],
    .search = PEEL_SEARCH(PEEL_AWARD_REF, PEEL_AWARD_PROJECT, PEEL_AWARD_PURPOSE),
};
/* clang-format on */

/* ---- payment ---- */

static const peel_related payments_of_award = {
    .heading = "Payments",
    .position = 10,
    .sort = "date",
    .columns = PEEL_SUMMARY(PEEL_PAY_DATE, PEEL_PAY_AMOUNT),
};

/* clang-format off */
static const peel_field pay_fields[PEEL_PAY_NFIELDS] = {
    [PEEL_PAY_AWARD] = {.name = "award", .label = "Award", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED, .ref_type = "award", .related = &payments_of_award},
    [PEEL_PAY_DATE] = {.name = "date", .label = "Date", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED},
    [PEEL_PAY_AMOUNT] = {.name = "amount", .label = "Amount", .type = PEEL_F_MONEY,
     .flags = PEEL_REQUIRED, .min = 1, .max = 100000000000},
    [PEEL_PAY_NOTE] = NOTE,
    [PEEL_PAY_PROVENANCE] = PROVENANCE,
    [PEEL_PAY_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

/* The payments of an award may not sum beyond it; a published one names a
 * published award. */
static int pay_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                           peel_fielderrs *errs, peel_err *err)
{
    peel_record *award = NULL;
    peel_pence sum;
    char x[32], y[32], z[32];
    if (published_award(s, r, PEEL_PAY_AWARD, PEEL_PAY_PUBLISH, "payment", errs, err) < 0 ||
        get_id(s, &peel_type_award, ref_id(r, PEEL_PAY_AWARD), &award, err) < 0)
        return -1;
    if (!award)
        return 0;
    if (paid(s, award->id, old ? old->id : 0, &sum, err) < 0) {
        peel_record_free(award);
        return -1;
    }
    peel_pence total = peel_rec_int(award, PEEL_AWARD_AMOUNT),
               amount = peel_rec_int(r, PEEL_PAY_AMOUNT);
    if (sum + amount > total) {
        peel_money_format(amount, x);
        peel_money_format(total, y);
        peel_money_format(total - sum > 0 ? total - sum : 0, z);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_PAY_AMOUNT),
                           "%s would pay more than award %s (%s): %s remains to pay", x,
                           peel_rec_str(award, PEEL_AWARD_REF), y, z);
    }
    peel_record_free(award);
    return 0;
}

/* clang-format off */
const peel_type peel_type_payment = {
    .name = "payment",
    .label = "Payment",
    .plural = "Payments",
    .help = "A dated payment of an award; an award's payments never sum beyond it",
    .fields = pay_fields,
    .nfields = PEEL_NFIELDS(pay_fields),
    .title = "date",
    .summary = PEEL_SUMMARY(PEEL_PAY_AWARD, PEEL_PAY_AMOUNT),
    .check_store = pay_check_store,
    .order = &pay_fields[PEEL_PAY_DATE],
    .order_dir = PEEL_ORDER_DESC,
    .range = &pay_fields[PEEL_PAY_DATE],
};
/* clang-format on */

/* ---- monitoring_visit ---- */

static const peel_related visits_of_award = {
    .heading = "Monitoring visits",
    .position = 20,
    .sort = "ref",
    .columns =
        PEEL_SUMMARY(PEEL_VISIT_DATE, PEEL_VISIT_HELD_FROM, PEEL_VISIT_HELD_TO, PEEL_VISIT_WHO),
    .details = PEEL_SUMMARY(PEEL_VISIT_OUTPUTS),
};

/* clang-format off */
static const peel_field visit_fields[PEEL_VISIT_NFIELDS] = {
    [PEEL_VISIT_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 80,
     .help = "\"001-T1-1\": the paper, its table and row, or the office's own"},
    [PEEL_VISIT_AWARD] = {.name = "award", .label = "Award", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED, .ref_type = "award", .related = &visits_of_award},
    [PEEL_VISIT_DATE] = {.name = "date", .label = "Date", .type = PEEL_F_DATE,
     .help = "The day of the visit; empty when the paper gives only a period"},
    [PEEL_VISIT_HELD_FROM] = {.name = "held_from", .label = "Visited between (from)",
     .type = PEEL_F_DATE,
     .help = "When the day is not known: the first day of the period it fell in"},
    [PEEL_VISIT_HELD_TO] = {.name = "held_to", .label = "Visited between (to)",
     .type = PEEL_F_DATE,
     .help = "When the day is not known: the last day of the period it fell in"},
    [PEEL_VISIT_WHO] = {.name = "who", .label = "Visited by", .type = PEEL_F_TEXT,
     .max = 300, .help = "The PCC, the Deputy PCC, staff, as the paper names them"},
    [PEEL_VISIT_OUTPUTS] = {.name = "outputs", .label = "Outputs observed",
     .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE, .max = 4000},
    [PEEL_VISIT_NOTE] = NOTE,
    [PEEL_VISIT_PROVENANCE] = PROVENANCE,
    [PEEL_VISIT_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void visit_check(const peel_record *r, peel_fielderrs *errs)
{
    char a[11], b[11];
    if (peel_rec_has(r, PEEL_VISIT_HELD_FROM) != peel_rec_has(r, PEEL_VISIT_HELD_TO))
        peel_fielderrs_add(
            errs,
            peel_rec_field_name(r, peel_rec_has(r, PEEL_VISIT_HELD_FROM) ? PEEL_VISIT_HELD_TO
                                                                         : PEEL_VISIT_HELD_FROM),
            "is required with %s: the period has both ends or neither",
            peel_rec_field_name(r, peel_rec_has(r, PEEL_VISIT_HELD_FROM) ? PEEL_VISIT_HELD_FROM
                                                                         : PEEL_VISIT_HELD_TO));
    if (peel_rec_has(r, PEEL_VISIT_HELD_FROM) && peel_rec_has(r, PEEL_VISIT_HELD_TO) &&
        peel_rec_int(r, PEEL_VISIT_HELD_TO) < peel_rec_int(r, PEEL_VISIT_HELD_FROM)) {
        peel_date_format((peel_date)peel_rec_int(r, PEEL_VISIT_HELD_TO), a);
        peel_date_format((peel_date)peel_rec_int(r, PEEL_VISIT_HELD_FROM), b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_VISIT_HELD_TO),
                           "%s is before the period starts (%s)", a, b);
    }
}

/* A published visit names a published award. */
static int visit_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                             peel_fielderrs *errs, peel_err *err)
{
    (void)old;
    return published_award(s, r, PEEL_VISIT_AWARD, PEEL_VISIT_PUBLISH, "visit", errs, err);
}

/* clang-format off */
const peel_type peel_type_monitoring_visit = {
    .name = "monitoring_visit",
    .label = "Monitoring visit",
    .plural = "Monitoring visits",
    .help = "A due-diligence visit to a funded project: when, who went and the outputs "
            "observed",
    .fields = visit_fields,
    .nfields = PEEL_NFIELDS(visit_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_VISIT_AWARD, PEEL_VISIT_DATE, PEEL_VISIT_WHO),
    .check = visit_check,
    .check_store = visit_check_store,
    .order = &visit_fields[PEEL_VISIT_REF],
    .range = &visit_fields[PEEL_VISIT_DATE],
    .search = PEEL_SEARCH(PEEL_VISIT_REF, PEEL_VISIT_OUTPUTS),
};
/* clang-format on */
