/* decisions.c - the decisions register and the publication scheme's record
 * types (decisions.h), with their rules.  A decision's notice is an
 * attachment (model/attach.h), so it is published with the decision and
 * withheld with it. */
#include "oversight/decisions.h"
#include "model/record.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"

/* clang-format off */
#define PROVENANCE                                                                            \
    {.name = "provenance", .label = "Source", .type = PEEL_F_TEXT, .max = 500,                \
     .flags = PEEL_INTERNAL,                                                                  \
     .help = "Where this was transcribed from, or the law it restates"}
/* clang-format on */

/* ---- decision ---- */

static const peel_option makers[] = {
    {"pcc", "Police and Crime Commissioner"},
    {"deputy", "Deputy Police and Crime Commissioner"},
    {"chief_executive", "Chief Executive (delegated)"},
    {"chief_finance_officer", "Chief Finance Officer (delegated)"},
    {"other", "Other (delegated)"},
    {0},
};

/* clang-format off */
static const peel_field dec_fields[PEEL_DEC_NFIELDS] = {
    [PEEL_DEC_NUMBER] = {.name = "number", .label = "Decision number", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 40,
     .help = "The register's number, as the office numbers its decisions"},
    [PEEL_DEC_TITLE] = {.name = "title", .label = "Title", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 300},
    [PEEL_DEC_MADE_ON] = {.name = "made_on", .label = "Made on", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED},
    [PEEL_DEC_MAKER] = {.name = "decision_maker", .label = "Decision maker", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = makers},
    [PEEL_DEC_SUMMARY] = {.name = "summary", .label = "Summary", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 4000},
    [PEEL_DEC_AMOUNT] = {.name = "amount", .label = "Amount", .type = PEEL_F_MONEY,
     .help = "The sum the decision commits, when it commits one"},
    [PEEL_DEC_INTERESTS] = {.name = "interests", .label = "Interests declared",
     .type = PEEL_F_TEXT, .max = 1000,
     .help = "Any interest the decision maker declared; \"None\" when none was"},
    [PEEL_DEC_PUBLISHED_ON] = {.name = "published_on", .label = "Published on",
     .type = PEEL_F_DATE},
    [PEEL_DEC_PROVENANCE] = PROVENANCE,
    [PEEL_DEC_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void dec_check(const peel_record *r, peel_fielderrs *errs)
{
    char a[11], b[11];
    if (peel_rec_has(r, PEEL_DEC_PUBLISHED_ON) && peel_rec_has(r, PEEL_DEC_MADE_ON) &&
        peel_rec_int(r, PEEL_DEC_PUBLISHED_ON) < peel_rec_int(r, PEEL_DEC_MADE_ON)) {
        peel_date_format((peel_date)peel_rec_int(r, PEEL_DEC_PUBLISHED_ON), a);
        peel_date_format((peel_date)peel_rec_int(r, PEEL_DEC_MADE_ON), b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_DEC_PUBLISHED_ON),
                           "%s is before the decision was made (%s)", a, b);
    }
    if (peel_rec_int(r, PEEL_DEC_PUBLISH) && !peel_rec_has(r, PEEL_DEC_PUBLISHED_ON))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_DEC_PUBLISHED_ON),
                           "is required to publish the decision: the register says when");
    if (peel_rec_has(r, PEEL_DEC_AMOUNT) && peel_rec_int(r, PEEL_DEC_AMOUNT) < 0)
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_DEC_AMOUNT), "must not be negative");
}

/* clang-format off */
const peel_type peel_type_decision = {
    .name = "decision",
    .label = "Decision",
    .plural = "Decisions",
    .one = "a decision",
    .help = "A decision of the PCC (or made under delegation) in the decisions register, with "
            "its decision notice attached; public once published",
    .fields = dec_fields,
    .nfields = PEEL_NFIELDS(dec_fields),
    .key = "number",
    .title = "title",
    .summary = PEEL_SUMMARY(PEEL_DEC_MADE_ON, PEEL_DEC_MAKER, PEEL_DEC_AMOUNT,
                            PEEL_DEC_PUBLISHED_ON),
    .check = dec_check,
    .attachments = true,
    .order = &dec_fields[PEEL_DEC_MADE_ON],
    .order_dir = PEEL_ORDER_DESC,
    .search = PEEL_SEARCH(PEEL_DEC_NUMBER, PEEL_DEC_TITLE, PEEL_DEC_SUMMARY),
    .search_date = &dec_fields[PEEL_DEC_MADE_ON],
};
/* clang-format on */

/* ---- scheme_class ---- */

static const peel_option cadences[] = {
    {"monthly", "Each month, after the month"},
    {"quarterly", "Each quarter, after the quarter"},
    {"annual", "Each financial year, after the year"},
    {"before_year", "Each financial year, before it begins"},
    {"as_made", "As each item is made"},
    {0},
};

/* clang-format off */
static const peel_field sc_fields[PEEL_SC_NFIELDS] = {
    [PEEL_SC_REF] = {.name = "ref", .label = "Paragraph", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 40,
     .help = "The Order's paragraph: \"3(f)-(g)\""},
    [PEEL_SC_NAME] = {.name = "name", .label = "What must be published", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 300},
    [PEEL_SC_CADENCE] = {.name = "cadence", .label = "When", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = cadences},
    [PEEL_SC_DUE_DAYS] = {.name = "due_days", .label = "Days allowed after the period",
     .type = PEEL_F_INT, .min = 0, .max = 366,
     .help = "The office's own target for \"as soon as practicable\": days after the period "
             "ends; required for the monthly, quarterly and annual cadences"},
    [PEEL_SC_SINCE] = {.name = "since", .label = "Tracked since", .type = PEEL_F_DATE,
     .help = "The first day peel checks the class from; empty: the last twelve months"},
    [PEEL_SC_NOTE] = {.name = "note", .label = "Note", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 2000},
    [PEEL_SC_PROVENANCE] = PROVENANCE,
    [PEEL_SC_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void sc_check(const peel_record *r, peel_fielderrs *errs)
{
    const char *c = peel_rec_str(r, PEEL_SC_CADENCE);
    if ((!strcmp(c, "monthly") || !strcmp(c, "quarterly") || !strcmp(c, "annual")) &&
        !peel_rec_has(r, PEEL_SC_DUE_DAYS))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_SC_DUE_DAYS),
                           "is required for a class published after each period: how many days "
                           "after it ends is it due?");
}

static const peel_related publications_of_class = {
    .heading = "Published",
    .position = 10,
    .sort = "period_from",
    .order = PEEL_ORDER_DESC,
    .columns = PEEL_SUMMARY(PEEL_SP_PERIOD_FROM, PEEL_SP_PERIOD_TO, PEEL_SP_PUBLISHED_ON),
};

/* clang-format off */
const peel_type peel_type_scheme_class = {
    .name = "scheme_class",
    .label = "Publication scheme class",
    .plural = "Publication scheme classes",
    .one = "a publication scheme class",
    .help = "A class of information the Specified Information Order requires the PCC to "
            "publish, and when",
    .fields = sc_fields,
    .nfields = PEEL_NFIELDS(sc_fields),
    .key = "ref",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_SC_REF, PEEL_SC_CADENCE, PEEL_SC_DUE_DAYS),
    .check = sc_check,
};
/* clang-format on */

/* ---- scheme_publication ---- */

/* clang-format off */
static const peel_field sp_fields[PEEL_SP_NFIELDS] = {
    [PEEL_SP_CLASS] = {.name = "class", .label = "Class", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED, .ref_type = "scheme_class", .related = &publications_of_class},
    [PEEL_SP_PERIOD_FROM] = {.name = "period_from", .label = "Period from", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED},
    [PEEL_SP_PERIOD_TO] = {.name = "period_to", .label = "Period to", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED},
    [PEEL_SP_PUBLISHED_ON] = {.name = "published_on", .label = "Published on",
     .type = PEEL_F_DATE, .flags = PEEL_REQUIRED},
    [PEEL_SP_WHERE] = {.name = "where", .label = "Where", .type = PEEL_F_TEXT, .max = 500,
     .help = "The page or document it was published in"},
    [PEEL_SP_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void sp_check(const peel_record *r, peel_fielderrs *errs)
{
    char a[11], b[11];
    if (peel_rec_has(r, PEEL_SP_PERIOD_FROM) && peel_rec_has(r, PEEL_SP_PERIOD_TO) &&
        peel_rec_int(r, PEEL_SP_PERIOD_TO) < peel_rec_int(r, PEEL_SP_PERIOD_FROM)) {
        peel_date_format((peel_date)peel_rec_int(r, PEEL_SP_PERIOD_TO), a);
        peel_date_format((peel_date)peel_rec_int(r, PEEL_SP_PERIOD_FROM), b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_SP_PERIOD_TO),
                           "%s is before the period starts (%s)", a, b);
    }
}

/* clang-format off */
const peel_type peel_type_scheme_publication = {
    .name = "scheme_publication",
    .label = "Scheme publication",
    .plural = "Scheme publications",
    .one = "a scheme publication",
    .help = "One publication of a scheme class: the period it covers and when it was published",
    .fields = sp_fields,
    .nfields = PEEL_NFIELDS(sp_fields),
    .title = "period_from",
    .summary = PEEL_SUMMARY(PEEL_SP_CLASS, PEEL_SP_PERIOD_TO, PEEL_SP_PUBLISHED_ON),
    .check = sp_check,
};
/* clang-format on */
