/* scrutiny.c - the scrutiny panel types (scrutiny.h), their rules, the
 * cases reviewed by category beside each meeting's quota, and `peel
 * oversight scrutiny` and /oversight/scrutiny. */
#include "oversight/scrutiny.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "model/record.h"
#include "model/records.h"
#include "render/html.h"

/* clang-format off */
#define PROVENANCE                                                                            \
    {.name = "provenance", .label = "Source", .type = PEEL_F_TEXT, .max = 500,                \
     .flags = PEEL_INTERNAL,                                                                  \
     .help = "Where this was transcribed from: paper, page, paragraph"}
/* clang-format on */

/* ---- scrutiny_panel ---- */

static const peel_option panel_kinds[] = {
    {"out_of_court", "Out of court resolutions"},
    {"hate_crime", "Hate crime"},
    {"ethics_transparency", "Ethics and transparency"},
    {0},
};

/* clang-format off */
static const peel_field spanel_fields[PEEL_SPANEL_NFIELDS] = {
    [PEEL_SPANEL_NAME] = {.name = "name", .label = "Name", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 200,
     .help = "As the papers name it: \"Out of Court Resolutions Scrutiny Panel\""},
    [PEEL_SPANEL_KIND] = {.name = "kind", .label = "Kind", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = panel_kinds},
    [PEEL_SPANEL_NOTE] = {.name = "note", .label = "Note", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 2000,
     .help = "Who sits on it, as the paper says"},
    [PEEL_SPANEL_PROVENANCE] = PROVENANCE,
    [PEEL_SPANEL_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

/* clang-format off */
const peel_type peel_type_scrutiny_panel = {
    .name = "scrutiny_panel",
    .label = "Scrutiny panel",
    .plural = "Scrutiny panels",
    .help = "A panel that reviews samples of the force's cases: out of court resolutions, "
            "hate crime, ethics and transparency",
    .fields = spanel_fields,
    .nfields = PEEL_NFIELDS(spanel_fields),
    .key = "name",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_SPANEL_KIND),
};
/* clang-format on */

/* ---- scrutiny_meeting ---- */

static const peel_related meetings_of_panel = {
    .heading = "Meetings",
    .position = 10,
    .sort = "date",
    .order = PEEL_ORDER_DESC,
    .columns = PEEL_SUMMARY(PEEL_SMEET_DATE, PEEL_SMEET_SAMPLE, PEEL_SMEET_QUOTA_DOMESTIC),
};

/* clang-format off */
static const peel_field smeet_fields[PEEL_SMEET_NFIELDS] = {
    [PEEL_SMEET_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 60,
     .help = "\"OOCR 2024-03-07\": the panel and the day"},
    [PEEL_SMEET_PANEL] = {.name = "panel", .label = "Panel", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED, .ref_type = "scrutiny_panel", .related = &meetings_of_panel},
    [PEEL_SMEET_DATE] = {.name = "date", .label = "Date", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED},
    [PEEL_SMEET_SAMPLE] = {.name = "sample_size", .label = "Sample to review",
     .type = PEEL_F_INT, .min = 1, .max = 10000,
     .help = "The cases the panel is to review: the quota, not the count of cases reviewed"},
    [PEEL_SMEET_QUOTA_DOMESTIC] = {.name = "quota_domestic", .label = "Domestic quota (%)",
     .type = PEEL_F_INT, .min = 0, .max = 100,
     .help = "The share of the sample to be domestic cases, per cent (national guidance): "
             "kept apart from the cases actually reviewed"},
    [PEEL_SMEET_QUOTA_YOUTH] = {.name = "quota_youth", .label = "Youth quota (%)",
     .type = PEEL_F_INT, .min = 0, .max = 100,
     .help = "The share of the sample to be youth cases, per cent"},
    [PEEL_SMEET_NOTE] = {.name = "note", .label = "Note", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 2000,
     .help = "What the paper says of the meeting, and what it does not give"},
    [PEEL_SMEET_PROVENANCE] = PROVENANCE,
    [PEEL_SMEET_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

/* clang-format off */
const peel_type peel_type_scrutiny_meeting = {
    .name = "scrutiny_meeting",
    .label = "Scrutiny panel meeting",
    .plural = "Scrutiny panel meetings",
    .help = "A meeting of a scrutiny panel, with the sample's quota declared apart from the "
            "cases reviewed",
    .fields = smeet_fields,
    .nfields = PEEL_NFIELDS(smeet_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_SMEET_PANEL, PEEL_SMEET_DATE),
    .order = &smeet_fields[PEEL_SMEET_DATE],
    .order_dir = PEEL_ORDER_DESC,
    .range = &smeet_fields[PEEL_SMEET_DATE],
};
/* clang-format on */

/* ---- case_review ---- */

static const peel_option ages[] = {
    {"adult", "Adult"},
    {"youth", "Youth"},
    {0},
};

/* The findings a panel may reach, declared: a review names one. */
static const peel_option findings[] = {
    {"appropriate", "Appropriately handled"},
    {"appropriate_with_learning", "Appropriate, with learning for the officer"},
    {"inappropriate", "Not appropriately handled"},
    {"no_finding", "No finding reached"},
    {0},
};

static const peel_related cases_of_meeting = {
    .heading = "Cases reviewed",
    .position = 10,
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_CASE_AGE, PEEL_CASE_DOMESTIC, PEEL_CASE_FINDING),
};

/* clang-format off */
static const peel_field case_fields[PEEL_CASE_NFIELDS] = {
    [PEEL_CASE_REF] = {.name = "ref", .label = "Anonymised reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 60,
     .help = "The panel's own reference: never a name, crime number or date of birth"},
    [PEEL_CASE_MEETING] = {.name = "meeting", .label = "Meeting", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED, .ref_type = "scrutiny_meeting", .related = &cases_of_meeting},
    [PEEL_CASE_AGE] = {.name = "age_group", .label = "Adult or youth", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = ages},
    [PEEL_CASE_DOMESTIC] = {.name = "domestic", .label = "Domestic", .type = PEEL_F_BOOL,
     .flags = PEEL_REQUIRED, .help = "The case related to a domestic incident"},
    [PEEL_CASE_FINDING] = {.name = "finding", .label = "Finding", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = findings},
    [PEEL_CASE_LEARNING] = {.name = "learning", .label = "Learning for the officer",
     .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE, .max = 4000,
     .help = "The commentary and learning fed back to the handling officer"},
    [PEEL_CASE_FED_BACK] = {.name = "fed_back", .label = "Learning fed back", .type = PEEL_F_DATE,
     .help = "The day the learning was fed back to the handling officer"},
    [PEEL_CASE_LINE_MANAGER] = {.name = "line_manager_confirmed",
     .label = "Line manager's discussion confirmed", .type = PEEL_F_DATE,
     .help = "The day it was confirmed that the officer and their line manager discussed it"},
    [PEEL_CASE_PROVENANCE] = PROVENANCE,
    [PEEL_CASE_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void case_check(const peel_record *r, peel_fielderrs *errs)
{
    const char *f = peel_rec_str(r, PEEL_CASE_FINDING);
    char a[11], b[11];

    if ((!strcmp(f, "appropriate_with_learning") || !strcmp(f, "inappropriate")) &&
        !peel_rec_has(r, PEEL_CASE_LEARNING))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CASE_LEARNING),
                           "is required with the finding %s: the learning fed back", f);
    if (peel_rec_has(r, PEEL_CASE_FED_BACK) && !peel_rec_has(r, PEEL_CASE_LEARNING))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CASE_FED_BACK),
                           "is given without learning: say what was fed back");
    if (peel_rec_has(r, PEEL_CASE_LINE_MANAGER) && !peel_rec_has(r, PEEL_CASE_FED_BACK))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CASE_LINE_MANAGER),
                           "is given before the learning was fed back: fed_back is required");
    if (peel_rec_has(r, PEEL_CASE_LINE_MANAGER) && peel_rec_has(r, PEEL_CASE_FED_BACK) &&
        peel_rec_int(r, PEEL_CASE_LINE_MANAGER) < peel_rec_int(r, PEEL_CASE_FED_BACK)) {
        peel_date_format((peel_date)peel_rec_int(r, PEEL_CASE_LINE_MANAGER), a);
        peel_date_format((peel_date)peel_rec_int(r, PEEL_CASE_FED_BACK), b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CASE_LINE_MANAGER),
                           "%s is before the learning was fed back (%s)", a, b);
    }
}

static int case_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                            peel_fielderrs *errs, peel_err *err)
{
    peel_record *m = NULL;
    char a[11], b[11];

    (void)old;
    if (!peel_rec_has(r, PEEL_CASE_FED_BACK) || r->v[PEEL_CASE_MEETING].s)
        return 0;
    if (peel_store_get(s, &peel_type_scrutiny_meeting, peel_rec_int(r, PEEL_CASE_MEETING), &m,
                       err) < 0)
        return -1;
    if (m && peel_rec_int(r, PEEL_CASE_FED_BACK) < peel_rec_int(m, PEEL_SMEET_DATE)) {
        peel_date_format((peel_date)peel_rec_int(r, PEEL_CASE_FED_BACK), a);
        peel_date_format((peel_date)peel_rec_int(m, PEEL_SMEET_DATE), b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CASE_FED_BACK),
                           "%s is before the panel reviewed the case (%s, meeting %s)", a, b,
                           peel_rec_str(m, PEEL_SMEET_REF));
    }
    peel_record_free(m);
    return 0;
}

/* clang-format off */
const peel_type peel_type_case_review = {
    .name = "case_review",
    .label = "Case reviewed",
    .plural = "Cases reviewed",
    .one = "a case reviewed",
    .help = "A case a scrutiny panel reviewed, anonymised: adult or youth, domestic or not, "
            "the finding, and the learning fed back to the officer and discussed with their "
            "line manager",
    .fields = case_fields,
    .nfields = PEEL_NFIELDS(case_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_CASE_MEETING, PEEL_CASE_AGE, PEEL_CASE_DOMESTIC,
                            PEEL_CASE_FINDING),
    .check = case_check,
    .check_store = case_check_store,
};
/* clang-format on */

/* ---- cases by category beside the quota ---- */

static const char *const view_heads[] = {"Panel", "Meeting",          "Date", "Category", "Cases",
                                         "Quota", "Against the quota"};
static const char *const view_keys[] = {"panel", "meeting", "date", "category",
                                        "cases", "quota",   "flag"};

enum { C_ALL, C_ADULT, C_YOUTH, C_DOMESTIC, C_FED_BACK, C_LINE_MANAGER, C_FINDING, C_N = 10 };

typedef struct counts {
    long long n[C_N];
} counts;

static void count_case(counts *c, const peel_record *cr)
{
    c->n[C_ALL]++;
    c->n[C_ADULT] += !strcmp(peel_rec_str(cr, PEEL_CASE_AGE), "adult");
    c->n[C_YOUTH] += !strcmp(peel_rec_str(cr, PEEL_CASE_AGE), "youth");
    c->n[C_DOMESTIC] += peel_rec_int(cr, PEEL_CASE_DOMESTIC) != 0;
    c->n[C_FED_BACK] += peel_rec_has(cr, PEEL_CASE_FED_BACK);
    c->n[C_LINE_MANAGER] += peel_rec_has(cr, PEEL_CASE_LINE_MANAGER);
    for (int k = 0; findings[k].value; k++)
        c->n[C_FINDING + k] += !strcmp(peel_rec_str(cr, PEEL_CASE_FINDING), findings[k].value);
}

/* "30% of the 45 reviewed: 13.5" and whether count meets it. */
static void quota_text(int64_t pct, long long base, long long count, char *q, size_t qn, char *flag,
                       size_t fn)
{
    long long hundredths = pct * base; /* the quota's cases, in hundredths */
    if (hundredths % 100 == 0)
        snprintf(q, qn, "%lld%% of the %lld reviewed: %lld", (long long)pct, base,
                 hundredths / 100);
    else if (hundredths % 10 == 0)
        snprintf(q, qn, "%lld%% of the %lld reviewed: %lld.%lld", (long long)pct, base,
                 hundredths / 100, (hundredths % 100) / 10);
    else
        snprintf(q, qn, "%lld%% of the %lld reviewed: %lld.%02lld", (long long)pct, base,
                 hundredths / 100, hundredths % 100);
    if (!base)
        snprintf(flag, fn, "No case review recorded");
    else if (count * 100 >= hundredths)
        snprintf(flag, fn, "Meets the quota");
    else
        snprintf(flag, fn, "Below the quota");
}

static void add_rows(peel_ovs_table *t, const char *panel, const char *meeting, const char *date,
                     const counts *c, const peel_record *m)
{
    static const char *const labels[] = {"All cases",
                                         "Adults",
                                         "Youths",
                                         "Domestic",
                                         "Learning fed back",
                                         "Line manager's discussion confirmed"};
    char n[24], q[120], flag[80], lbl[120];

    /* A meeting with no case recorded is one row: no zeros per category. */
    int last = c->n[C_ALL] ? C_N : 1;
    for (int k = 0; k < last; k++) {
        if (k >= C_FINDING && !findings[k - C_FINDING].value)
            break;
        q[0] = flag[0] = 0;
        snprintf(n, sizeof n, "%lld", c->n[k]);
        if (k >= C_FINDING)
            snprintf(lbl, sizeof lbl, "Finding: %s", findings[k - C_FINDING].label);
        else
            snprintf(lbl, sizeof lbl, "%s", labels[k]);
        if (m && k == C_ALL) {
            if (peel_rec_has(m, PEEL_SMEET_SAMPLE)) {
                snprintf(q, sizeof q, "A sample of %lld",
                         (long long)peel_rec_int(m, PEEL_SMEET_SAMPLE));
                snprintf(flag, sizeof flag, "%s",
                         !c->n[C_ALL] ? "No case review recorded"
                         : c->n[C_ALL] >= peel_rec_int(m, PEEL_SMEET_SAMPLE)
                             ? "Meets the sample"
                             : "Short of the sample");
            } else if (!c->n[C_ALL])
                snprintf(flag, sizeof flag, "No case review recorded");
        }
        if (m && k == C_DOMESTIC && peel_rec_has(m, PEEL_SMEET_QUOTA_DOMESTIC))
            quota_text(peel_rec_int(m, PEEL_SMEET_QUOTA_DOMESTIC), c->n[C_ALL], c->n[k], q,
                       sizeof q, flag, sizeof flag);
        if (m && k == C_YOUTH && peel_rec_has(m, PEEL_SMEET_QUOTA_YOUTH))
            quota_text(peel_rec_int(m, PEEL_SMEET_QUOTA_YOUTH), c->n[C_ALL], c->n[k], q, sizeof q,
                       flag, sizeof flag);
        const char *cells[] = {panel, meeting, date, lbl, n, q, flag};
        peel_ovs_add(t, cells);
    }
}

static void sort_by(peel_records *rs, int date_field)
{
    for (size_t i = 1; i < rs->n; i++)
        for (size_t j = i;
             j > 0 && peel_rec_int(rs->v[j - 1], date_field) > peel_rec_int(rs->v[j], date_field);
             j--) {
            peel_record *t = rs->v[j];
            rs->v[j] = rs->v[j - 1];
            rs->v[j - 1] = t;
        }
}

int peel_scrutiny_view(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                       peel_ovs_table *out, peel_err *err)
{
    peel_records panels = {0}, meetings = {0}, cases = {0};
    char a[11], b[11], day[11];
    int rc = -1;

    *out = (peel_ovs_table){
        .id = "scrutiny-cases", .heads = view_heads, .keys = view_keys, .ncols = 7, .num = 1u << 4};
    peel_date_format(from, a);
    peel_date_format(to, b);
    snprintf(out->caption, sizeof out->caption,
             "Cases reviewed by scrutiny panels from %s to %s, by category, beside each "
             "meeting's quota%s",
             a, b, peel_ovs_reader_note(rd));
    if (peel_records_load(s, &peel_type_scrutiny_panel, &panels, err) < 0 ||
        peel_records_load(s, &peel_type_scrutiny_meeting, &meetings, err) < 0 ||
        peel_records_load(s, &peel_type_case_review, &cases, err) < 0)
        goto out;
    sort_by(&meetings, PEEL_SMEET_DATE);
    for (size_t p = 0; p < panels.n; p++) {
        const peel_record *pn = panels.v[p];
        counts total = {{0}};
        size_t held = 0;
        if (!peel_reader_record_visible(rd, pn))
            continue;
        for (size_t i = 0; i < meetings.n; i++) {
            const peel_record *m = meetings.v[i];
            counts c = {{0}};
            int64_t d = peel_rec_int(m, PEEL_SMEET_DATE);
            if (peel_rec_int(m, PEEL_SMEET_PANEL) != pn->id || d < from || d > to ||
                !peel_reader_record_visible(rd, m))
                continue;
            for (size_t k = 0; k < cases.n; k++)
                if (peel_rec_int(cases.v[k], PEEL_CASE_MEETING) == m->id &&
                    peel_reader_record_visible(rd, cases.v[k])) {
                    count_case(&c, cases.v[k]);
                    count_case(&total, cases.v[k]);
                }
            peel_date_format((peel_date)d, day);
            add_rows(out, peel_rec_str(pn, PEEL_SPANEL_NAME), peel_rec_str(m, PEEL_SMEET_REF), day,
                     &c, m);
            held++;
        }
        if (held > 1 && total.n[C_ALL])
            add_rows(out, peel_rec_str(pn, PEEL_SPANEL_NAME), "All its meetings in the period", "",
                     &total, NULL);
    }
    rc = out->failed ? peel_err_set(err, PEEL_ENOMEM, "out of memory counting the cases") : 0;
out:
    peel_records_free(&panels);
    peel_records_free(&meetings);
    peel_records_free(&cases);
    return rc;
}

/* ---- `peel oversight scrutiny` ---- */

int peel_oversight_scrutiny_cmd(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_date today = peel_clock_today();
    peel_date from = PEEL_CLI_NO_DATE, to = PEEL_CLI_NO_DATE;
    enum peel_format format = PEEL_FORMAT_TABLE;
    peel_ovs_table t = {0};
    const peel_opt opts[] = {
        PEEL_OPTION("--from", PEEL_OPT_DATE, &from,
                    "the period's first day (default: 1 April of this financial year)"),
        PEEL_OPTION("--to", PEEL_OPT_DATE, &to, "the period's last day (default: today)"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse_sub(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (from == PEEL_CLI_NO_DATE)
        from = peel_fy_first_day(peel_fy_of_date(today));
    if (to == PEEL_CLI_NO_DATE)
        to = today;
    if (to < from)
        return peel_err_set(err, PEEL_EINPUT, "oversight scrutiny: --to is before --from");
    int rc = peel_scrutiny_view(cli->store, cli->reader, from, to, &t, err);
    if (rc == 0) {
        const peel_ovs_table *tables[] = {&t};
        rc = peel_ovs_print(cli, format, "scrutiny", tables, 1, err);
    }
    peel_ovs_table_release(&t);
    return rc;
}

/* ---- /oversight/scrutiny ---- */

static const char *const page_args[] = {"from", "to", NULL};

int peel_oversight_scrutiny_page(peel_req *r, const peel_str *params, peel_err *err)
{
    peel_date today = peel_clock_today(), from, to;
    peel_ovs_table t = {0};
    char a[11], b[11];
    (void)params;

    peel_params_allowed(r, page_args);
    peel_param_date(r, "from", "From", peel_fy_first_day(peel_fy_of_date(today)), &from);
    peel_param_date(r, "to", "To", today, &to);
    if (!r->nproblems && to < from)
        peel_param_problem(r, "to", "To", "must not be before From");
    if (!r->nproblems && peel_scrutiny_view(r->store, peel_req_reader(r), from, to, &t, err) < 0) {
        peel_ovs_table_release(&t);
        return -1;
    }
    peel_page_begin(r, r->nproblems ? "Error: Scrutiny panels" : "Scrutiny panels");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Scrutiny panels</h1>\n"
                  "<p class=\"body\">The panels that review samples of the force's cases (out of "
                  "court resolutions, hate crime, ethics and transparency): the cases each "
                  "meeting reviewed, counted by category from the case records, beside the "
                  "quota the meeting declared. The quota is what the sample was to hold; the "
                  "count is what was reviewed.</p>\n");
    peel_date_format(from, a);
    peel_date_format(to, b);
    peel_html_lit(&r->out, "<form class=\"filters\" method=\"get\" action=\"/oversight/scrutiny\">"
                           "<fieldset><legend class=\"visually-hidden\">The period</legend>\n");
    peel_page_param_input(r, "from", "From", "For example 2024-03-01", a);
    peel_page_param_input(r, "to", "To", "For example 2024-09-30", b);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
    if (!r->nproblems)
        peel_ovs_html(r, &t, "No scrutiny panel meeting in the period.");
    peel_ovs_table_release(&t);
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}
