/* types.c - the declarations of series, observation and figure (figure.h),
 * with the rules that keep a figure computable: its computation names
 * declared types and fields, its filters read, its period runs forwards and
 * its printed text reads under its unit.  A bad figure is refused with the
 * field at fault named; nothing is saved. */
#include "figures/figure.h"

#include <stdio.h>
#include <string.h>

#include "figures/cond.h"
#include "figures/number.h"
#include "model/crud.h"
#include "model/record.h"
#include "store/store.h"

/* clang-format off */
#define PROVENANCE                                                                            \
    {.name = "provenance", .label = "Source", .type = PEEL_F_TEXT, .max = 500,                \
     .flags = PEEL_INTERNAL,                                                                  \
     .help = "Where this was transcribed from: paper, page, paragraph"}
#define NOTES                                                                                 \
    {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT,                                  \
     .flags = PEEL_MULTILINE}
/* clang-format on */

const peel_option peel_funit_options[] = {
    {"count", "Count"},
    {"percent", "Per cent"},
    {"money", "Money"},
    {"days", "Days"},
    {"working_days", "Working days"},
    {"number", "Number"},
    {0},
};

const peel_option peel_fround_options[] = {
    {"round", "Rounded (halves away from zero)"},
    {"truncate", "Truncated"},
    {"exact", "Exact"},
    {"over", "A bound: over"},
    {"at_least", "A bound: at least"},
    {"under", "A bound: under"},
    {"nearly", "A bound: nearly"},
    {0},
};

const peel_option peel_fcompute_options[] = {
    {"count", "Count of records"},
    {"sum", "Sum of a field"},
    {"mean", "Mean of a field"},
    {"median", "Median of a field"},
    {"mean_days", "Mean days between two dates"},
    {"median_days", "Median days between two dates"},
    {"mean_working_days", "Mean working days between two dates"},
    {"median_working_days", "Median working days between two dates"},
    {"share", "Share of records (per cent)"},
    {"ratio", "Ratio of two figures"},
    {"percentage", "Percentage of two figures"},
    {"change", "Percentage change between two figures"},
    {"difference", "Difference of two figures"},
    {"crime", "Street crimes (police.uk)"},
    {0},
};

static const peel_option directions[] = {
    {"higher_better", "Higher is better"},
    {"lower_better", "Lower is better"},
    {0},
};

static const peel_option series_units[] = {
    {"count", "Count"},   {"money", "Money"},
    {"days", "Days"},     {"working_days", "Working days"},
    {"number", "Number"}, {0},
};

/* ---- series ---- */

/* clang-format off */
static const peel_field series_fields[PEEL_SERIES_NFIELDS] = {
    [PEEL_SERIES_NAME] = {.name = "name", .label = "Name", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 200, .help = "\"999 calls\""},
    [PEEL_SERIES_UNIT] = {.name = "unit", .label = "Unit", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = series_units},
    [PEEL_SERIES_SOURCE] = {.name = "source", .label = "Source", .type = PEEL_F_TEXT, .max = 200,
     .help = "Who produces it: \"Leicestershire Police\""},
    [PEEL_SERIES_PROVENANCE] = PROVENANCE,
    [PEEL_SERIES_PUBLISH] = PEEL_FIELD_PUBLISHED,
    [PEEL_SERIES_NOTES] = NOTES,
};
/* clang-format on */

/* clang-format off */
const peel_type peel_type_series = {
    .name = "series",
    .label = "Statistic",
    .plural = "Statistics",
    .one = "a statistic",
    .help = "A named statistic the Panel is shown (999 calls, modern slavery referrals...), "
            "with its values per area and period as observations",
    .fields = series_fields,
    .nfields = PEEL_NFIELDS(series_fields),
    .search = PEEL_SEARCH(PEEL_SERIES_NAME, PEEL_SERIES_SOURCE),
    .key = "name",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_SERIES_UNIT, PEEL_SERIES_SOURCE),
};
/* clang-format on */

/* ---- observation ---- */

static const peel_related observations_of_series = {
    .heading = "Values",
    .position = 10,
    .sort = "period_from",
    .columns = PEEL_SUMMARY(PEEL_OBS_AREA, PEEL_OBS_PERIOD_FROM, PEEL_OBS_PERIOD_TO, PEEL_OBS_VALUE,
                            PEEL_OBS_AMOUNT),
};

/* clang-format off */
static const peel_field obs_fields[PEEL_OBS_NFIELDS] = {
    [PEEL_OBS_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 300,
     .help = "Unique: the statistic, area and period, \"999 calls E23000021 2022-04-01\""},
    [PEEL_OBS_SERIES] = {.name = "series", .label = "Statistic", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED, .ref_type = "series", .related = &observations_of_series},
    [PEEL_OBS_AREA] = {.name = "area", .label = "Area", .type = PEEL_F_REF, .ref_type = "area"},
    [PEEL_OBS_PERIOD_FROM] = {.name = "period_from", .label = "From", .type = PEEL_F_DATE,
     .help = "The first day of the period the value covers; empty when the source gives none"},
    [PEEL_OBS_PERIOD_TO] = {.name = "period_to", .label = "To", .type = PEEL_F_DATE,
     .help = "The last day of the period the value covers"},
    [PEEL_OBS_VALUE] = {.name = "value", .label = "Value", .type = PEEL_F_INT,
     .min = -1000000000000LL, .max = 1000000000000LL,
     .help = "A whole number (a statistic counted, not money)"},
    [PEEL_OBS_AMOUNT] = {.name = "amount", .label = "Amount", .type = PEEL_F_MONEY,
     .help = "A statistic in money"},
    [PEEL_OBS_PROVENANCE] = PROVENANCE,
    [PEEL_OBS_PUBLISH] = PEEL_FIELD_PUBLISHED,
    [PEEL_OBS_NOTES] = NOTES,
};
/* clang-format on */

static void obs_check(const peel_record *r, peel_fielderrs *errs)
{
    const peel_value *v = &r->v[PEEL_OBS_VALUE], *a = &r->v[PEEL_OBS_AMOUNT];
    const peel_value *f = &r->v[PEEL_OBS_PERIOD_FROM], *t = &r->v[PEEL_OBS_PERIOD_TO];

    if (v->set == a->set)
        peel_fielderrs_add(errs, v->set ? "amount" : "value",
                           "give the value or, for money, the amount: one of the two");
    if (f->set != t->set)
        peel_fielderrs_add(errs, f->set ? "period_to" : "period_from",
                           "give both ends of the period, or neither");
    else if (f->set && t->i < f->i)
        peel_fielderrs_add(errs, "period_to", "ends before the period starts");
}

/* clang-format off */
const peel_type peel_type_observation = {
    .name = "observation",
    .label = "Statistic value",
    .plural = "Statistic values",
    .one = "a statistic value",
    .help = "A statistic's value for an area and period, as its source gives it",
    .fields = obs_fields,
    .nfields = PEEL_NFIELDS(obs_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_OBS_SERIES, PEEL_OBS_AREA, PEEL_OBS_PERIOD_FROM, PEEL_OBS_PERIOD_TO,
                            PEEL_OBS_VALUE, PEEL_OBS_AMOUNT),
    .order = &obs_fields[PEEL_OBS_PERIOD_FROM],
    .range = &obs_fields[PEEL_OBS_PERIOD_FROM],
    .check = obs_check,
};
/* clang-format on */

/* ---- figure ---- */

static const peel_related indicators_of_objective = {
    .heading = "Indicators of this objective",
    .position = 5,
    .sort = "label",
    .columns = PEEL_SUMMARY(PEEL_FIG_PERIOD_TO, PEEL_FIG_PRINTED),
};

/* clang-format off */
static const peel_field fig_fields[PEEL_FIG_NFIELDS] = {
    [PEEL_FIG_KEY] = {.name = "key", .label = "Key", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 120,
     .help = "Short and unique: \"002-ar-hmicfrs-56-days-2022-23\""},
    [PEEL_FIG_LABEL] = {.name = "label", .label = "Figure", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 300},
    [PEEL_FIG_PAPER] = {.name = "paper", .label = "Paper", .type = PEEL_F_TEXT, .max = 300,
     .help = "The document it appears in: \"002 Panel pack, 9 October 2023\""},
    [PEEL_FIG_PLACE] = {.name = "place", .label = "Place in the paper", .type = PEEL_F_TEXT,
     .max = 300, .help = "Section, paragraph or table"},
    [PEEL_FIG_PERIOD_FROM] = {.name = "period_from", .label = "Period from",
     .type = PEEL_F_DATE},
    [PEEL_FIG_PERIOD_TO] = {.name = "period_to", .label = "Period to", .type = PEEL_F_DATE},
    [PEEL_FIG_PRINTED] = {.name = "printed", .label = "As printed", .type = PEEL_F_TEXT,
     .max = 100,
     .help = "Exactly as the paper prints it: \"86%\", \"over 90\", \"£960,591.34\"; empty "
             "for a figure peel computes that no paper prints"},
    [PEEL_FIG_QUOTE] = {.name = "quote", .label = "The paper's words", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 2000},
    [PEEL_FIG_UNIT] = {.name = "unit", .label = "Unit", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = peel_funit_options},
    [PEEL_FIG_ROUNDING] = {.name = "rounding", .label = "Rounding as printed",
     .type = PEEL_F_ENUM, .options = peel_fround_options,
     .help = "Empty: rounded, or the bound the printed words give (\"over\", \"nearly\")"},
    [PEEL_FIG_PLACES] = {.name = "places", .label = "Decimal places", .type = PEEL_F_INT,
     .min = 0, .max = 6, .help = "Empty: as many as the printed value has"},
    [PEEL_FIG_COMPUTE] = {.name = "compute", .label = "Computation", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = peel_fcompute_options},
    [PEEL_FIG_OVER] = {.name = "over", .label = "Over records of", .type = PEEL_F_TEXT,
     .max = 64, .help = "A record type's name: \"publication\""},
    [PEEL_FIG_FIELD] = {.name = "field", .label = "Field", .type = PEEL_F_TEXT, .max = 64,
     .help = "The field summed or averaged; for days, the first date"},
    [PEEL_FIG_FIELD_TO] = {.name = "field_to", .label = "To field", .type = PEEL_F_TEXT,
     .max = 64, .help = "For days: the second date"},
    [PEEL_FIG_DATE_FIELD] = {.name = "date_field", .label = "Dated by", .type = PEEL_F_TEXT,
     .max = 64,
     .help = "The field the period applies to; empty: the type's own date; \"-\": none"},
    [PEEL_FIG_FILTERS] = {.name = "filters", .label = "Filters", .type = PEEL_F_TEXT,
     .max = 1000,
     .help = "Conditions joined by \";\": kind = thematic; days(published, "
             "response_published) <= 56"},
    [PEEL_FIG_PART] = {.name = "part", .label = "The part (share)", .type = PEEL_F_TEXT,
     .max = 1000, .help = "For a share: the conditions of the records counted as the part"},
    [PEEL_FIG_A] = {.name = "a", .label = "Figure A", .type = PEEL_F_TEXT, .max = 120,
     .help = "For a ratio, percentage, change or difference: the first figure's key"},
    [PEEL_FIG_B] = {.name = "b", .label = "Figure B", .type = PEEL_F_TEXT, .max = 120,
     .help = "The second figure's key (for a change: the earlier period)"},
    [PEEL_FIG_AREA] = {.name = "area", .label = "Crime area", .type = PEEL_F_TEXT, .max = 200,
     .help = "For street crimes: the area's name or code; empty: the whole force"},
    [PEEL_FIG_CRIME_TYPES] = {.name = "crime_types", .label = "Crime types",
     .type = PEEL_F_TEXT, .max = 1000,
     .help = "police.uk crime types joined by \";\"; empty: every type"},
    [PEEL_FIG_MEASURE] = {.name = "measure", .label = "Measure", .type = PEEL_F_TEXT,
     .max = 200,
     .help = "Figures of the same measure over different periods make a trend"},
    [PEEL_FIG_OBJECTIVE] = {.name = "objective", .label = "Indicator of", .type = PEEL_F_REF,
     .ref_type = "objective", .related = &indicators_of_objective,
     .help = "The Police and Crime Plan objective this figure is an indicator of"},
    [PEEL_FIG_DIRECTION] = {.name = "direction", .label = "Direction", .type = PEEL_F_ENUM,
     .options = directions},
    [PEEL_FIG_TARGET] = {.name = "target", .label = "Target", .type = PEEL_F_TEXT, .max = 40,
     .help = "A threshold in the figure's unit: \"90%\""},
    [PEEL_FIG_COMPARE_TO] = {.name = "compare_to", .label = "Compared with", .type = PEEL_F_TEXT,
     .max = 120, .help = "Another figure's key: last year's, or the force's"},
    [PEEL_FIG_AMBER_WITHIN] = {.name = "amber_within", .label = "Amber within",
     .type = PEEL_F_TEXT, .max = 40,
     .help = "How far on the wrong side of the target or comparison is amber, not red"},
    [PEEL_FIG_CLASSIFICATION] = {.name = "classification", .label = "Classification",
     .type = PEEL_F_ENUM, .flags = PEEL_CLASSIFIES, .options = peel_class_options},
    [PEEL_FIG_PUBLISH] = PEEL_FIELD_PUBLISHED,
    [PEEL_FIG_FOR_PANEL] = PEEL_FIELD_FOR_PANEL,
    [PEEL_FIG_PROVENANCE] = PROVENANCE,
    [PEEL_FIG_NOTES] = NOTES,
};
/* clang-format on */

static const char *text_at(const peel_record *r, int f)
{
    const peel_value *v = &r->v[f];
    return v->set && v->s ? v->s : "";
}

static int enum_at(const peel_record *r, int f, const peel_option *opts)
{
    const char *s = text_at(r, f);
    for (int i = 0; *s && opts[i].value; i++)
        if (!strcmp(opts[i].value, s))
            return i;
    return -1;
}

/* A field of t named by field f of r, of one of the wanted kinds (or any
 * when wanted is 0); adds an error and returns NULL when it is not. */
static const peel_field *named_field(const peel_record *r, int f, const peel_type *t,
                                     unsigned wanted, const char *what, peel_fielderrs *errs)
{
    const char *name = text_at(r, f);
    const peel_field *fd;

    if (!*name) {
        peel_fielderrs_add(errs, fig_fields[f].name, "name %s of %s", what, t->name);
        return NULL;
    }
    fd = peel_type_field(t, name);
    if (!fd) {
        peel_fielderrs_add(errs, fig_fields[f].name, "%s has no field %s", t->name, name);
        return NULL;
    }
    if (wanted && !(wanted & (1u << fd->type))) {
        peel_fielderrs_add(errs, fig_fields[f].name, "%s.%s is not %s", t->name, name, what);
        return NULL;
    }
    return fd;
}

#define KIND(k) (1u << (k))
#define NUMBERS (KIND(PEEL_F_INT) | KIND(PEEL_F_MONEY))
#define DATES (KIND(PEEL_F_DATE) | KIND(PEEL_F_DATETIME) | KIND(PEEL_F_MONTH) | KIND(PEEL_F_FY))

static void check_conditions(const peel_record *r, int f, const peel_type *t, peel_fielderrs *errs)
{
    peel_fconds c;
    char msg[240];

    if (peel_fconds_parse(text_at(r, f), t, &c, msg, sizeof msg) < 0)
        peel_fielderrs_add(errs, fig_fields[f].name, "%s", msg);
    else
        peel_fconds_release(&c);
}

static void check_over(const peel_record *r, int compute, peel_fielderrs *errs)
{
    const char *over = text_at(r, PEEL_FIG_OVER);
    const peel_type *t = *over ? peel_type_find(over) : NULL;
    const char *df = text_at(r, PEEL_FIG_DATE_FIELD);

    if (!*over) {
        peel_fielderrs_add(errs, "over", "name the record type counted (\"publication\")");
        return;
    }
    if (!t) {
        peel_fielderrs_add(errs, "over", "there is no record type %s", over);
        return;
    }
    switch (compute) {
    case PEEL_FC_SUM:
    case PEEL_FC_MEAN:
    case PEEL_FC_MEDIAN: {
        const peel_field *fd =
            named_field(r, PEEL_FIG_FIELD, t, NUMBERS, "a whole-number or money field", errs);
        int unit = enum_at(r, PEEL_FIG_UNIT, peel_funit_options);
        if (fd && unit >= 0 && (fd->type == PEEL_F_MONEY) != (unit == PEEL_FUNIT_MONEY))
            peel_fielderrs_add(errs, "unit", "%s.%s is %s, so the unit is %s", t->name, fd->name,
                               fd->type == PEEL_F_MONEY ? "money" : "not money",
                               fd->type == PEEL_F_MONEY ? "money" : "not money");
        break;
    }
    case PEEL_FC_MEAN_DAYS:
    case PEEL_FC_MEDIAN_DAYS:
    case PEEL_FC_MEAN_WORKING_DAYS:
    case PEEL_FC_MEDIAN_WORKING_DAYS:
        named_field(r, PEEL_FIG_FIELD, t, KIND(PEEL_F_DATE), "a date field", errs);
        named_field(r, PEEL_FIG_FIELD_TO, t, KIND(PEEL_F_DATE), "a date field", errs);
        break;
    case PEEL_FC_SHARE:
        if (!*text_at(r, PEEL_FIG_PART))
            peel_fielderrs_add(errs, "part", "a share needs the conditions of its part");
        break;
    default:
        break;
    }
    if (*df && strcmp(df, "-"))
        named_field(r, PEEL_FIG_DATE_FIELD, t, DATES, "a date, month or financial-year field",
                    errs);
    check_conditions(r, PEEL_FIG_FILTERS, t, errs);
    check_conditions(r, PEEL_FIG_PART, t, errs);
}

static void check_number(const peel_record *r, int f, int unit, peel_fielderrs *errs)
{
    peel_fprinted p;
    char msg[200];

    if (*text_at(r, f) && unit >= 0 &&
        peel_fprinted_parse(text_at(r, f), (enum peel_funit)unit, &p, msg, sizeof msg) < 0)
        peel_fielderrs_add(errs, fig_fields[f].name, "%s", msg);
}

/* Each error added since start names the figure too: "figure KEY: ...". */
static void name_figure(const peel_record *r, peel_fielderrs *errs, size_t start)
{
    const char *key = text_at(r, PEEL_FIG_KEY);
    char msg[sizeof errs->e[0].msg];

    for (size_t i = start; *key && i < errs->n; i++) {
        snprintf(msg, sizeof msg, "figure %s: %s", key, errs->e[i].msg);
        memcpy(errs->e[i].msg, msg, sizeof msg);
    }
}

static void fig_check_fields(const peel_record *r, peel_fielderrs *errs);

static void fig_check(const peel_record *r, peel_fielderrs *errs)
{
    size_t start = errs->n;
    fig_check_fields(r, errs);
    name_figure(r, errs, start);
}

static void fig_check_fields(const peel_record *r, peel_fielderrs *errs)
{
    int compute = enum_at(r, PEEL_FIG_COMPUTE, peel_fcompute_options);
    int unit = enum_at(r, PEEL_FIG_UNIT, peel_funit_options);
    int rounding = enum_at(r, PEEL_FIG_ROUNDING, peel_fround_options);
    const peel_value *from = &r->v[PEEL_FIG_PERIOD_FROM], *to = &r->v[PEEL_FIG_PERIOD_TO];
    static const int unused_by_records[] = {PEEL_FIG_A, PEEL_FIG_B, PEEL_FIG_AREA,
                                            PEEL_FIG_CRIME_TYPES};

    if (from->set != to->set)
        peel_fielderrs_add(errs, from->set ? "period_to" : "period_from",
                           "give both ends of the period, or neither");
    else if (from->set && to->i < from->i)
        peel_fielderrs_add(errs, "period_to", "the period ends before it starts");
    check_number(r, PEEL_FIG_PRINTED, unit, errs);
    check_number(r, PEEL_FIG_TARGET, unit, errs);
    check_number(r, PEEL_FIG_AMBER_WITHIN, unit, errs);
    if (rounding >= 0 && *text_at(r, PEEL_FIG_PRINTED) && unit >= 0) {
        peel_fprinted p;
        char msg[200];
        if (peel_fprinted_parse(text_at(r, PEEL_FIG_PRINTED), (enum peel_funit)unit, &p, msg,
                                sizeof msg) == 0 &&
            p.has_bound && (int)p.bound != rounding)
            peel_fielderrs_add(errs, "rounding", "the printed words say \"%s\", a bound: %s",
                               text_at(r, PEEL_FIG_PRINTED), peel_fround_options[p.bound].value);
    }
    if ((*text_at(r, PEEL_FIG_TARGET) || *text_at(r, PEEL_FIG_COMPARE_TO)) &&
        !r->v[PEEL_FIG_DIRECTION].set)
        peel_fielderrs_add(errs, "direction",
                           "an indicator with a target or comparison says which way is better");
    if (*text_at(r, PEEL_FIG_AMBER_WITHIN) && !*text_at(r, PEEL_FIG_TARGET) &&
        !*text_at(r, PEEL_FIG_COMPARE_TO))
        peel_fielderrs_add(errs, "amber_within",
                           "amber is within a target or comparison: give one");
    if (compute < 0)
        return;
    if (peel_fcompute_combines(compute)) {
        for (int f = PEEL_FIG_A; f <= PEEL_FIG_B; f++) {
            if (!*text_at(r, f))
                peel_fielderrs_add(errs, fig_fields[f].name, "a %s combines two figures: name both",
                                   peel_fcompute_options[compute].value);
            else if (!strcmp(text_at(r, f), text_at(r, PEEL_FIG_KEY)))
                peel_fielderrs_add(errs, fig_fields[f].name, "a figure cannot be made of itself");
        }
    } else if (compute == PEEL_FC_CRIME) {
        if (*text_at(r, PEEL_FIG_OVER))
            peel_fielderrs_add(errs, "over",
                               "street crimes are counted from the crime data, "
                               "not from records: leave it empty");
    } else {
        check_over(r, compute, errs);
        for (size_t i = 0; i < sizeof unused_by_records / sizeof unused_by_records[0]; i++)
            if (*text_at(r, unused_by_records[i]))
                peel_fielderrs_add(errs, fig_fields[unused_by_records[i]].name,
                                   "is not used by a %s: leave it empty",
                                   peel_fcompute_options[compute].value);
    }
    if (unit >= 0 &&
        (compute == PEEL_FC_SHARE || compute == PEEL_FC_PERCENTAGE || compute == PEEL_FC_CHANGE) &&
        unit != PEEL_FUNIT_PERCENT)
        peel_fielderrs_add(errs, "unit", "a %s is a percentage: the unit is percent",
                           peel_fcompute_options[compute].value);
    if (unit >= 0 && (compute == PEEL_FC_COUNT || compute == PEEL_FC_CRIME) &&
        unit != PEEL_FUNIT_COUNT && unit != PEEL_FUNIT_NUMBER)
        peel_fielderrs_add(errs, "unit", "a count's unit is count");
}

/* A figure key another figure names must exist (composites come after
 * their parts); and a figure shown to the public or the Panel may not rest
 * on a field they may not see. */
static int fig_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                           peel_fielderrs *errs, peel_err *err)
{
    static const int keys[] = {PEEL_FIG_A, PEEL_FIG_B, PEEL_FIG_COMPARE_TO};
    const peel_field *kf = &fig_fields[PEEL_FIG_KEY];
    const peel_type *t = peel_type_find(text_at(r, PEEL_FIG_OVER));
    bool shown = (r->v[PEEL_FIG_PUBLISH].set && r->v[PEEL_FIG_PUBLISH].i) ||
                 (r->v[PEEL_FIG_FOR_PANEL].set && r->v[PEEL_FIG_FOR_PANEL].i);
    size_t start = errs->n;

    (void)old;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *k = text_at(r, keys[i]);
        peel_value v = {.set = true, .s = (char *)k};
        int64_t id;
        int found;
        if (!*k || !strcmp(k, text_at(r, PEEL_FIG_KEY)))
            continue;
        if ((found = peel_store_find(s, &peel_type_figure, kf, &v, &id, err)) < 0)
            return -1;
        if (!found)
            peel_fielderrs_add(errs, fig_fields[keys[i]].name, "there is no figure %s", k);
    }
    if (shown && t) {
        static const int conds[] = {PEEL_FIG_FILTERS, PEEL_FIG_PART};
        for (size_t i = 0; i < 2; i++) {
            peel_fconds c;
            char msg[240];
            if (peel_fconds_parse(text_at(r, conds[i]), t, &c, msg, sizeof msg) < 0)
                continue;
            for (size_t k = 0; k < c.n; k++) {
                const peel_field *fs[2] = {c.v[k].field, c.v[k].field_to};
                for (size_t j = 0; j < 2; j++)
                    if (fs[j] && (fs[j]->cls == PEEL_OFFICIAL_SENSITIVE ||
                                  fs[j]->type == PEEL_F_SECRET || (fs[j]->flags & PEEL_INTERNAL)))
                        peel_fielderrs_add(errs, fig_fields[conds[i]].name,
                                           "%s.%s is %s: a figure shown to the Panel or the "
                                           "public cannot filter on it",
                                           t->name, fs[j]->name,
                                           fs[j]->cls == PEEL_OFFICIAL_SENSITIVE
                                               ? "OFFICIAL-SENSITIVE"
                                               : "for staff only");
            }
            peel_fconds_release(&c);
        }
    }
    name_figure(r, errs, start);
    return 0;
}

/* clang-format off */
const peel_type peel_type_figure = {
    .name = "figure",
    .label = "Figure",
    .plural = "Figures",
    .one = "a figure",
    .help = "A number a paper prints, with the computation that gives it from peel's "
            "records; peel shows the two side by side and explains any difference",
    .fields = fig_fields,
    .nfields = PEEL_NFIELDS(fig_fields),
    .search = PEEL_SEARCH(PEEL_FIG_LABEL, PEEL_FIG_PAPER, PEEL_FIG_PLACE, PEEL_FIG_QUOTE),
    .key = "key",
    .title = "label",
    .summary = PEEL_SUMMARY(PEEL_FIG_PAPER, PEEL_FIG_PRINTED),
    .check = fig_check,
    .check_store = fig_check_store,
};
/* clang-format on */
