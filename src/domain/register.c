/* register.c - the record types of the accountability register, declared
 * once, with their cross-field rules (check) and the rules that need the
 * database (check_store): an item for a cancelled meeting, an action's status
 * history in order, a status change to completed without evidence.
 *
 * Provenance: every type has a `provenance` field saying which paper, page
 * or paragraph a record was transcribed from (demo/README.md lists them). */
#include "domain/register.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "model/record.h"
#include "store/store.h"

/* ---- shared value lists ---- */

const char *const peel_action_status_values[] = {
    "open", "in_progress", "awaiting_signoff", "completed", "deferred", "cancelled", NULL};
const char *const peel_action_status_labels[] = {
    "Open", "In progress", "Awaiting sign-off", "Completed", "Deferred", "Cancelled", NULL};

int peel_action_status_parse(const char *s)
{
    for (int i = 0; s && peel_action_status_values[i]; i++)
        if (!strcmp(s, peel_action_status_values[i]))
            return i;
    return -1;
}

bool peel_action_status_closed(enum peel_action_status st)
{
    return st == PEEL_ACTION_COMPLETED || st == PEEL_ACTION_CANCELLED;
}

#define PROVENANCE                                                                            \
    {.name = "provenance", .label = "Source", .type = PEEL_F_TEXT, .max = 500,                \
     .help = "Where this was transcribed from: paper, page, paragraph"}

#define CLASSIFICATION(what)                                                                  \
    {.name = "classification", .label = "Classification", .type = PEEL_F_ENUM,               \
     .flags = PEEL_CLASSIFIES, .enum_values = peel_class_values,                              \
     .help = "OFFICIAL-SENSITIVE " what " appear in public output as their title only"}

/* ---- small helpers for the rules ---- */

static const peel_value *val(const peel_record *r, const char *field)
{
    int i = peel_type_field_index(r->type, field);
    return i < 0 ? NULL : &r->v[i];
}

static bool has(const peel_record *r, const char *field)
{
    const peel_value *v = val(r, field);
    return v && v->set;
}

static int64_t ival(const peel_record *r, const char *field)
{
    const peel_value *v = val(r, field);
    return v && v->set ? v->i : 0;
}

static const char *sval(const peel_record *r, const char *field)
{
    const peel_value *v = val(r, field);
    return v && v->set && v->s ? v->s : "";
}

static void fmt_date(int64_t d, char out[static 11])
{
    peel_date_format((peel_date)d, out);
}

/* Loads the record a REF field points at (resolved to an id); NULL when unset. */
static int get_ref(peel_store *s, const peel_record *r, const char *field, peel_record **out,
                   peel_err *err)
{
    const peel_field *f = peel_type_field(r->type, field);
    const peel_value *v = val(r, field);
    *out = NULL;
    if (!f || !v || !v->set || v->s)
        return 0;
    return peel_store_get(s, peel_type_find(f->ref_type), v->i, out, err);
}

/* ---- plan, objective ---- */

static const peel_field plan_fields[] = {
    {.name = "name", .label = "Name", .type = PEEL_F_TEXT, .flags = PEEL_REQUIRED | PEEL_UNIQUE,
     .max = 200, .help = "\"Police and Crime Plan 2021-24\""},
    {.name = "period", .label = "Period", .type = PEEL_F_TEXT, .max = 40,
     .help = "As the plan names it: \"2021-24\""},
    {.name = "published", .label = "Published", .type = PEEL_F_MONTH},
    {.name = "commissioner", .label = "Commissioner", .type = PEEL_F_REF, .ref_type = "person"},
    PROVENANCE,
    PEEL_FIELD_PUBLISHED,
    {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE},
};

const peel_type peel_type_plan = {
    .name = "plan",
    .label = "Police and Crime Plan",
    .plural = "Police and Crime Plans",
    .help = "A Police and Crime Plan: the PCC's objectives that items, actions, "
            "recommendations and publications are tagged with",
    .fields = plan_fields,
    .nfields = PEEL_NFIELDS(plan_fields),
    .key = "name",
    .title = "name",
};

static const peel_field objective_fields[] = {
    {.name = "name", .label = "Objective", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 200},
    {.name = "plan", .label = "Plan", .type = PEEL_F_REF, .flags = PEEL_REQUIRED,
     .ref_type = "plan"},
    {.name = "description", .label = "Description", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE},
    PROVENANCE,
    PEEL_FIELD_PUBLISHED,
};

const peel_type peel_type_objective = {
    .name = "objective",
    .label = "Plan objective",
    .plural = "Plan objectives",
    .help = "An objective or priority of a Police and Crime Plan",
    .fields = objective_fields,
    .nfields = PEEL_NFIELDS(objective_fields),
    .key = "name",
    .title = "name",
};

/* ---- body ---- */

static const char *const body_kinds[] = {"board", "panel", "partnership", "csp", "committee",
                                         "other", NULL};
static const char *const body_kind_labels[] = {
    "Board", "Panel", "Partnership board", "Community Safety Partnership", "Committee",
    "Other", NULL};

static const peel_field body_fields[] = {
    {.name = "name", .label = "Name", .type = PEEL_F_TEXT, .flags = PEEL_REQUIRED | PEEL_UNIQUE,
     .max = 200},
    {.name = "short_name", .label = "Short name", .type = PEEL_F_TEXT, .flags = PEEL_UNIQUE,
     .max = 20, .help = "\"CGB\", \"PCP\": used in meeting and action keys"},
    {.name = "kind", .label = "Kind", .type = PEEL_F_ENUM, .flags = PEEL_REQUIRED,
     .enum_values = body_kinds, .enum_labels = body_kind_labels},
    {.name = "frequency", .label = "Usual frequency", .type = PEEL_F_TEXT, .max = 200,
     .help = "As the papers give it: \"every 8 weeks\""},
    {.name = "interval_weeks", .label = "Usual interval (weeks)", .type = PEEL_F_INT, .min = 1,
     .max = 52},
    {.name = "chair", .label = "Chair", .type = PEEL_F_REF, .ref_type = "person"},
    {.name = "hosted_by", .label = "Hosted by", .type = PEEL_F_TEXT, .max = 200},
    PROVENANCE,
    PEEL_FIELD_PUBLISHED,
    {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE},
};

const peel_type peel_type_body = {
    .name = "body",
    .label = "Board or panel",
    .plural = "Boards and panels",
    .help = "A board, panel or partnership that meets: Corporate Governance Board, Police and "
            "Crime Panel, Ethics and Transparency Panel, JARAP, LCJB, a CSP",
    .fields = body_fields,
    .nfields = PEEL_NFIELDS(body_fields),
    .key = "name",
    .title = "name",
};

/* ---- meeting ---- */

static const char *const meeting_statuses[] = {"planned", "held", "cancelled", NULL};
static const char *const meeting_status_labels[] = {"Planned", "Held", "Cancelled", NULL};

static const peel_field meeting_fields[] = {
    {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 100,
     .help = "The body's short name and the date: \"CGB 2023-04-19\""},
    {.name = "body", .label = "Board or panel", .type = PEEL_F_REF, .flags = PEEL_REQUIRED,
     .ref_type = "body"},
    {.name = "date", .label = "Date", .type = PEEL_F_DATE, .flags = PEEL_REQUIRED},
    {.name = "time", .label = "Time", .type = PEEL_F_TEXT, .max = 5,
     .help = "Local time \"13:00\"; empty when the papers do not give it"},
    {.name = "title", .label = "Title", .type = PEEL_F_TEXT, .max = 200,
     .help = "\"Ordinary meeting\", \"Confirmation hearing\""},
    {.name = "place", .label = "Place", .type = PEEL_F_TEXT, .max = 300},
    {.name = "status", .label = "Status", .type = PEEL_F_ENUM, .flags = PEEL_REQUIRED,
     .enum_values = meeting_statuses, .enum_labels = meeting_status_labels},
    {.name = "public", .label = "Held in public", .type = PEEL_F_BOOL},
    PROVENANCE,
    PEEL_FIELD_PUBLISHED,
    {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE},
};

static void meeting_check(const peel_record *r, peel_fielderrs *errs)
{
    if (has(r, "time") && !peel_reg_time_valid(sval(r, "time")))
        peel_fielderrs_add(errs, "time", "'%s' is not a time of day (HH:MM, e.g. 13:00)",
                           sval(r, "time"));
}

/* Counts records of type t whose REF field points at id. */
static int count_refs(peel_store *s, const peel_type *t, const char *field, int64_t id,
                      int64_t *n, peel_err *err)
{
    peel_filter fl = {.field = peel_type_field(t, field), .op = PEEL_OP_EQ,
                      .v = {.set = true, .i = id}};
    peel_query q = {.type = t, .filters = &fl, .nfilters = 1};
    return peel_store_count(s, &q, n, err);
}

static int meeting_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                               peel_fielderrs *errs, peel_err *err)
{
    int64_t n = 0;
    if (!old || strcmp(sval(r, "status"), "cancelled") || !strcmp(sval(old, "status"),
                                                                   "cancelled"))
        return 0;
    if (count_refs(s, &peel_type_item, "meeting", r->id, &n, err) < 0)
        return -1;
    if (n)
        peel_fielderrs_add(errs, "status",
                           "meeting %s has %lld agenda item%s: move or delete them before "
                           "cancelling it",
                           sval(r, "ref"), (long long)n, n == 1 ? "" : "s");
    return 0;
}

const peel_type peel_type_meeting = {
    .name = "meeting",
    .label = "Meeting",
    .plural = "Meetings",
    .help = "A meeting of a board or panel: date, time, place, planned/held/cancelled",
    .fields = meeting_fields,
    .nfields = PEEL_NFIELDS(meeting_fields),
    .key = "ref",
    .title = "ref",
    .check = meeting_check,
    .check_store = meeting_check_store,
};

/* ---- item ---- */

static const char *const item_sections[] = {
    "procedural", "operational_updates", "emerging_issues", "operational_performance",
    "finance", "change_transformation", "people", "corporate_risk", "hmicfrs",
    "panel_business", "aob", NULL};
static const char *const item_section_labels[] = {
    "Procedural", "Actions arising and operational updates",
    "Emerging national and local policing issues", "Operational performance", "Finance",
    "Change and transformation", "People", "Corporate risk", "HMICFRS", "Panel business",
    "Any other business", NULL};
static const char *const item_outcomes[] = {"discussed", "deferred", "not_discussed", NULL};
static const char *const item_outcome_labels[] = {"Discussed", "Deferred",
                                                  "Not discussed", NULL};

static const peel_field item_fields[] = {
    {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 120,
     .help = "The meeting's reference and the item number: \"CGB 2023-04-19 4.ii\""},
    {.name = "meeting", .label = "Meeting", .type = PEEL_F_REF, .flags = PEEL_REQUIRED,
     .ref_type = "meeting"},
    {.name = "number", .label = "Number", .type = PEEL_F_TEXT, .max = 20,
     .help = "As the agenda numbers it: \"4.ii\""},
    {.name = "title", .label = "Title", .type = PEEL_F_TEXT, .flags = PEEL_REQUIRED, .max = 300},
    {.name = "section", .label = "Section", .type = PEEL_F_ENUM, .enum_values = item_sections,
     .enum_labels = item_section_labels},
    {.name = "author", .label = "Report author", .type = PEEL_F_TEXT, .max = 200},
    {.name = "overview", .label = "Overview", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE, .max = 20000},
    {.name = "force_update", .label = "Force update", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 20000},
    {.name = "pcc_response", .label = "PCC response", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 20000},
    {.name = "resolution", .label = "Resolution", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE, .max = 20000,
     .help = "What the meeting RESOLVED, as minuted"},
    {.name = "decision", .label = "Decision", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE, .max = 20000},
    {.name = "outcome", .label = "Outcome", .type = PEEL_F_ENUM, .enum_values = item_outcomes,
     .enum_labels = item_outcome_labels, .help = "Empty means discussed"},
    {.name = "redacted", .label = "Redacted", .type = PEEL_F_BOOL,
     .help = "Yes when the published paper redacts the item's content; a redaction is what "
             "the paper did, separate from the item's classification"},
    {.name = "redaction_reason", .label = "Reason for redaction", .type = PEEL_F_TEXT,
     .max = 500, .help = "As the paper gives it: \"unsuitable for public domain\""},
    CLASSIFICATION("items"),
    PROVENANCE,
    PEEL_FIELD_PUBLISHED,
};

static int item_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                            peel_fielderrs *errs, peel_err *err)
{
    peel_record *m = NULL;
    (void)old;
    if (get_ref(s, r, "meeting", &m, err) < 0)
        return -1;
    if (m && !strcmp(sval(m, "status"), "cancelled"))
        peel_fielderrs_add(errs, "meeting",
                           "meeting %s is cancelled: agenda items cannot be added to a "
                           "cancelled meeting",
                           sval(m, "ref"));
    peel_record_free(m);
    return 0;
}

const peel_type peel_type_item = {
    .name = "item",
    .label = "Agenda item",
    .plural = "Agenda items",
    .help = "An agenda item of a meeting: overview, force update, PCC response or "
            "resolution, decision, classification",
    .fields = item_fields,
    .nfields = PEEL_NFIELDS(item_fields),
    .key = "ref",
    .title = "title",
    .check_store = item_check_store,
};

/* ---- attendance, declaration ---- */

static const char *const attendance_statuses[] = {"present", "apologies", "absent", NULL};
static const char *const attendance_status_labels[] = {"Present", "Apologies", "Absent", NULL};

static const peel_field attendance_fields[] = {
    {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 200,
     .help = "The meeting's reference and the name: \"CGB 2023-04-19 / Mr R Matthews\""},
    {.name = "meeting", .label = "Meeting", .type = PEEL_F_REF, .flags = PEEL_REQUIRED,
     .ref_type = "meeting"},
    {.name = "person", .label = "Person", .type = PEEL_F_REF, .ref_type = "person"},
    {.name = "name", .label = "Name as printed", .type = PEEL_F_TEXT, .flags = PEEL_REQUIRED,
     .max = 200},
    {.name = "role", .label = "Role", .type = PEEL_F_TEXT, .max = 200},
    {.name = "side", .label = "Attending for", .type = PEEL_F_TEXT, .max = 200,
     .help = "\"Office of Police and Crime Commissioner\", \"Office of Chief Constable\", "
             "\"Panel member\""},
    {.name = "status", .label = "Attendance", .type = PEEL_F_ENUM, .flags = PEEL_REQUIRED,
     .enum_values = attendance_statuses, .enum_labels = attendance_status_labels},
    PROVENANCE,
    PEEL_FIELD_PUBLISHED,
};

static int attendance_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                                  peel_fielderrs *errs, peel_err *err)
{
    peel_record *m = NULL;
    (void)old;
    if (strcmp(sval(r, "status"), "present"))
        return 0;
    if (get_ref(s, r, "meeting", &m, err) < 0)
        return -1;
    if (m && !strcmp(sval(m, "status"), "cancelled"))
        peel_fielderrs_add(errs, "status", "meeting %s is cancelled: nobody was present",
                           sval(m, "ref"));
    peel_record_free(m);
    return 0;
}

const peel_type peel_type_attendance = {
    .name = "attendance",
    .label = "Attendance",
    .plural = "Attendance",
    .help = "Who attended a meeting, sent apologies or was absent",
    .fields = attendance_fields,
    .nfields = PEEL_NFIELDS(attendance_fields),
    .key = "ref",
    .title = "name",
    .check_store = attendance_check_store,
};

static const char *const interest_kinds[] = {"pecuniary", "other", NULL};
static const char *const interest_kind_labels[] = {"Disclosable pecuniary interest",
                                                   "Other interest", NULL};

static const peel_field declaration_fields[] = {
    {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 200},
    {.name = "meeting", .label = "Meeting", .type = PEEL_F_REF, .flags = PEEL_REQUIRED,
     .ref_type = "meeting"},
    {.name = "item", .label = "Agenda item", .type = PEEL_F_REF, .ref_type = "item"},
    {.name = "person", .label = "Person", .type = PEEL_F_REF, .ref_type = "person"},
    {.name = "name", .label = "Name as printed", .type = PEEL_F_TEXT, .flags = PEEL_REQUIRED,
     .max = 200},
    {.name = "kind", .label = "Kind of interest", .type = PEEL_F_ENUM,
     .enum_values = interest_kinds, .enum_labels = interest_kind_labels},
    {.name = "interest", .label = "Interest declared", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_MULTILINE},
    PROVENANCE,
    PEEL_FIELD_PUBLISHED,
};

static int declaration_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                                   peel_fielderrs *errs, peel_err *err)
{
    peel_record *it = NULL;
    (void)old;
    if (get_ref(s, r, "item", &it, err) < 0)
        return -1;
    if (it && ival(it, "meeting") != ival(r, "meeting"))
        peel_fielderrs_add(errs, "item", "item %s is on the agenda of another meeting",
                           sval(it, "ref"));
    peel_record_free(it);
    return 0;
}

const peel_type peel_type_declaration = {
    .name = "declaration",
    .label = "Declaration of interest",
    .plural = "Declarations of interest",
    .help = "An interest declared at a meeting",
    .fields = declaration_fields,
    .nfields = PEEL_NFIELDS(declaration_fields),
    .key = "ref",
    .title = "name",
    .check_store = declaration_check_store,
};

/* ---- publication, hmicfrs_year ---- */

static const char *const pub_kinds[] = {"peel", "thematic", "super_complaint", "regional",
                                        "other", NULL};
static const char *const pub_kind_labels[] = {
    "PEEL inspection", "Thematic inspection", "Super-complaint report", "Regional inspection",
    "Other", NULL};

static const peel_field publication_fields[] = {
    {.name = "title", .label = "Title", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 400},
    {.name = "kind", .label = "Kind", .type = PEEL_F_ENUM, .flags = PEEL_REQUIRED,
     .enum_values = pub_kinds, .enum_labels = pub_kind_labels},
    {.name = "published", .label = "Published by HMICFRS", .type = PEEL_F_DATE,
     .help = "The PCC's response is due 56 calendar days after this date"},
    {.name = "response_published", .label = "Response published", .type = PEEL_F_DATE,
     .help = "The date the PCC's response was published on the OPCC website"},
    {.name = "sent_home_office", .label = "Response sent to the Home Office",
     .type = PEEL_F_DATE},
    {.name = "response_fy", .label = "Response counted in", .type = PEEL_F_FY,
     .help = "The financial year the response is counted in when its date is not recorded "
             "(as an annual report counts it)"},
    {.name = "response_url", .label = "Response web address", .type = PEEL_F_TEXT,
     .max = 500},
    PROVENANCE,
    PEEL_FIELD_PUBLISHED,
    {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE},
};

static void publication_check(const peel_record *r, peel_fielderrs *errs)
{
    char a[11], b[11];
    int64_t pub = ival(r, "published");
    int64_t resp = 0;
    static const char *const dates[] = {"response_published", "sent_home_office"};

    for (size_t i = 0; i < 2; i++) {
        if (!has(r, dates[i]))
            continue;
        if (has(r, "published") && ival(r, dates[i]) < pub) {
            fmt_date(ival(r, dates[i]), a);
            fmt_date(pub, b);
            peel_fielderrs_add(errs, dates[i], "%s is before the report was published (%s)", a,
                               b);
        }
        if (ival(r, dates[i]) > resp)
            resp = ival(r, dates[i]);
    }
    if (resp && has(r, "response_fy") && peel_fy_of_date((peel_date)resp) != ival(r,
                                                                                 "response_fy")) {
        char fy1[8], fy2[8];
        peel_fy_format((peel_fy)ival(r, "response_fy"), fy1);
        peel_fy_format(peel_fy_of_date((peel_date)resp), fy2);
        fmt_date(resp, a);
        peel_fielderrs_add(errs, "response_fy",
                           "says %s but the response is dated %s, in %s; leave it empty or "
                           "make them agree",
                           fy1, a, fy2);
    }
}

const peel_type peel_type_publication = {
    .name = "publication",
    .label = "HMICFRS publication",
    .plural = "HMICFRS publications",
    .help = "An HMICFRS report and the PCC's response (due 56 days after publication, "
            "Police Act 1996 s55)",
    .fields = publication_fields,
    .nfields = PEEL_NFIELDS(publication_fields),
    .key = "title",
    .title = "title",
    .check = publication_check,
};

static const peel_field hmicfrs_year_fields[] = {
    {.name = "fy", .label = "Financial year", .type = PEEL_F_FY,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE},
    {.name = "responses", .label = "Responses (as printed)", .type = PEEL_F_INT, .min = 0,
     .max = 1000, .flags = PEEL_REQUIRED},
    {.name = "within", .label = "Within 56 days (as printed)", .type = PEEL_F_INT, .min = 0,
     .max = 1000, .flags = PEEL_REQUIRED},
    {.name = "printed", .label = "The paper's words", .type = PEEL_F_TEXT, .max = 500},
    PROVENANCE,
    PEEL_FIELD_PUBLISHED,
};

static void hmicfrs_year_check(const peel_record *r, peel_fielderrs *errs)
{
    if (has(r, "within") && has(r, "responses") && ival(r, "within") > ival(r, "responses"))
        peel_fielderrs_add(errs, "within", "%lld is more than the %lld responses",
                           (long long)ival(r, "within"), (long long)ival(r, "responses"));
}

const peel_type peel_type_hmicfrs_year = {
    .name = "hmicfrs_year",
    .label = "HMICFRS year as reported",
    .plural = "HMICFRS years as reported",
    .help = "A year's HMICFRS response figure as a paper prints it, shown beside the figure "
            "peel computes from the publications' dates",
    .fields = hmicfrs_year_fields,
    .nfields = PEEL_NFIELDS(hmicfrs_year_fields),
    .key = "fy",
    .title = "fy",
    .check = hmicfrs_year_check,
};

/* ---- recommendation ---- */

static const char *const rec_kinds[] = {"panel_resolution", "panel_recommendation",
                                        "hmicfrs_recommendation", "other", NULL};
static const char *const rec_kind_labels[] = {"Panel resolution", "Panel recommendation",
                                              "HMICFRS recommendation", "Other", NULL};
static const char *const rec_accepted[] = {"accepted", "partly_accepted", "not_accepted",
                                           NULL};
static const char *const rec_accepted_labels[] = {"Accepted", "Partly accepted",
                                                  "Not accepted", NULL};

static const peel_field recommendation_fields[] = {
    {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 120,
     .help = "\"PCP 2023-07-26 11.3\": meeting and resolution number"},
    {.name = "kind", .label = "Kind", .type = PEEL_F_ENUM, .flags = PEEL_REQUIRED,
     .enum_values = rec_kinds, .enum_labels = rec_kind_labels},
    {.name = "body", .label = "Made by", .type = PEEL_F_REF, .ref_type = "body"},
    {.name = "item", .label = "Agenda item", .type = PEEL_F_REF, .ref_type = "item"},
    {.name = "publication", .label = "HMICFRS publication", .type = PEEL_F_REF,
     .ref_type = "publication"},
    {.name = "text", .label = "Recommendation", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_MULTILINE},
    {.name = "addressed_to", .label = "Addressed to", .type = PEEL_F_TEXT, .max = 200},
    {.name = "made", .label = "Made on", .type = PEEL_F_DATE, .flags = PEEL_REQUIRED},
    {.name = "response_due", .label = "Response due", .type = PEEL_F_DATE},
    {.name = "response", .label = "Response", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE},
    {.name = "response_date", .label = "Responded on", .type = PEEL_F_DATE},
    {.name = "accepted", .label = "Accepted", .type = PEEL_F_ENUM, .enum_values = rec_accepted,
     .enum_labels = rec_accepted_labels},
    PROVENANCE,
    PEEL_FIELD_PUBLISHED,
};

static void recommendation_check(const peel_record *r, peel_fielderrs *errs)
{
    char a[11], b[11];
    static const char *const dates[] = {"response_due", "response_date"};
    for (size_t i = 0; i < 2; i++)
        if (has(r, dates[i]) && has(r, "made") && ival(r, dates[i]) < ival(r, "made")) {
            fmt_date(ival(r, dates[i]), a);
            fmt_date(ival(r, "made"), b);
            peel_fielderrs_add(errs, dates[i], "%s is before the recommendation was made (%s)",
                               a, b);
        }
    if (has(r, "accepted") && !has(r, "response"))
        peel_fielderrs_add(errs, "accepted", "needs the response it was accepted in");
    if (has(r, "response_date") && !has(r, "response"))
        peel_fielderrs_add(errs, "response", "is required when a response date is given");
    if (!strcmp(sval(r, "kind"), "hmicfrs_recommendation") && !has(r, "publication"))
        peel_fielderrs_add(errs, "publication",
                           "is required for an HMICFRS recommendation: the report it is in");
}

const peel_type peel_type_recommendation = {
    .name = "recommendation",
    .label = "Recommendation",
    .plural = "Recommendations",
    .help = "A Panel resolution or recommendation addressed to the PCC, or an HMICFRS "
            "recommendation, with its response",
    .fields = recommendation_fields,
    .nfields = PEEL_NFIELDS(recommendation_fields),
    .key = "ref",
    .title = "ref",
    .check = recommendation_check,
};

/* ---- action, action_update ---- */

static const char *const action_origins[] = {"meeting_item", "panel_recommendation",
                                             "hmicfrs_recommendation", "engagement",
                                             "scrutiny_case", "other", NULL};
static const char *const action_origin_labels[] = {
    "A meeting item", "A Panel recommendation", "An HMICFRS recommendation", "An engagement",
    "A scrutiny case", "Other", NULL};
static const char *const action_orgs[] = {"opcc", "force", "partner", "joint", NULL};
static const char *const action_org_labels[] = {"OPCC", "Leicestershire Police", "Partner",
                                                "OPCC and force jointly", NULL};

static const peel_field action_fields[] = {
    {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 40,
     .help = "\"CGB-2023-04-01\": body, year, month of the meeting, number"},
    {.name = "title", .label = "Action", .type = PEEL_F_TEXT, .flags = PEEL_REQUIRED,
     .max = 1000, .help = "What must be done"},
    {.name = "arose_from", .label = "Arose from", .type = PEEL_F_ENUM, .flags = PEEL_REQUIRED,
     .enum_values = action_origins, .enum_labels = action_origin_labels},
    {.name = "meeting", .label = "Meeting", .type = PEEL_F_REF, .ref_type = "meeting"},
    {.name = "item", .label = "Agenda item", .type = PEEL_F_REF, .ref_type = "item"},
    {.name = "recommendation", .label = "Recommendation", .type = PEEL_F_REF,
     .ref_type = "recommendation"},
    {.name = "origin_note", .label = "Where it arose", .type = PEEL_F_TEXT, .max = 500,
     .help = "The engagement or scrutiny case, when it arose from one"},
    {.name = "owner", .label = "Owner", .type = PEEL_F_REF, .ref_type = "person"},
    {.name = "owner_name", .label = "Owner as printed", .type = PEEL_F_TEXT, .max = 200,
     .help = "\"CC Nixon\", \"CFO\", \"OPCC\""},
    {.name = "organisation", .label = "Organisation", .type = PEEL_F_ENUM,
     .enum_values = action_orgs, .enum_labels = action_org_labels},
    {.name = "raised", .label = "Raised on", .type = PEEL_F_DATE, .flags = PEEL_REQUIRED},
    {.name = "due", .label = "Due", .type = PEEL_F_DATE},
    CLASSIFICATION("actions"),
    PROVENANCE,
    PEEL_FIELD_PUBLISHED,
    {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE},
};

static void action_check(const peel_record *r, peel_fielderrs *errs)
{
    const char *from = sval(r, "arose_from");
    if (has(r, "due") && has(r, "raised") && ival(r, "due") < ival(r, "raised")) {
        char a[11], b[11];
        fmt_date(ival(r, "due"), a);
        fmt_date(ival(r, "raised"), b);
        peel_fielderrs_add(errs, "due", "%s is before the action was raised (%s)", a, b);
    }
    if (!strcmp(from, "meeting_item") && !has(r, "meeting") && !has(r, "item"))
        peel_fielderrs_add(errs, "meeting", "is required (or an item) for an action that arose "
                                            "at a meeting");
    if ((!strcmp(from, "panel_recommendation") || !strcmp(from, "hmicfrs_recommendation")) &&
        !has(r, "recommendation"))
        peel_fielderrs_add(errs, "recommendation",
                           "is required for an action that arose from a recommendation");
    if ((!strcmp(from, "engagement") || !strcmp(from, "scrutiny_case")) &&
        !has(r, "origin_note"))
        peel_fielderrs_add(errs, "origin_note", "is required: name the %s",
                           !strcmp(from, "engagement") ? "engagement" : "scrutiny case");
}

/* The action's updates other than skip_id, in (date, id) order. */
typedef struct updates_ctx {
    int64_t skip_id;
    int64_t prev_date, prev_id; /* latest at or before limit */
    int prev_status;            /* -1: none */
    int64_t limit;
    int64_t later; /* how many are after limit */
    int64_t first_date;
} updates_ctx;

static int updates_cb(void *ctx, const peel_record *u, peel_err *err)
{
    updates_ctx *c = ctx;
    int64_t d = ival(u, "date");
    (void)err;
    if (u->id == c->skip_id)
        return 0;
    if (!c->first_date || d < c->first_date)
        c->first_date = d;
    if (d > c->limit) {
        c->later++;
        return 0;
    }
    if (c->prev_status < 0 || d > c->prev_date || (d == c->prev_date && u->id > c->prev_id)) {
        c->prev_date = d;
        c->prev_id = u->id;
        c->prev_status = peel_action_status_parse(sval(u, "status"));
    }
    return 0;
}

static int scan_updates(peel_store *s, int64_t action_id, int64_t skip_id, int64_t limit,
                        updates_ctx *c, peel_err *err)
{
    peel_filter fl = {.field = peel_type_field(&peel_type_action_update, "action"),
                      .op = PEEL_OP_EQ, .v = {.set = true, .i = action_id}};
    peel_query q = {.type = &peel_type_action_update, .filters = &fl, .nfilters = 1};
    memset(c, 0, sizeof *c);
    c->skip_id = skip_id;
    c->prev_status = -1;
    c->limit = limit;
    return peel_store_select(s, &q, updates_cb, c, err);
}

static int action_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                              peel_fielderrs *errs, peel_err *err)
{
    peel_record *it = NULL;
    updates_ctx c;

    if (get_ref(s, r, "item", &it, err) < 0)
        return -1;
    if (it && has(r, "meeting") && ival(it, "meeting") != ival(r, "meeting"))
        peel_fielderrs_add(errs, "item", "item %s is on the agenda of another meeting",
                           sval(it, "ref"));
    peel_record_free(it);
    if (!old || ival(old, "raised") == ival(r, "raised"))
        return 0;
    /* Moving the raised date must not put it after a recorded status change. */
    if (scan_updates(s, r->id, 0, INT64_MAX, &c, err) < 0)
        return -1;
    if (c.first_date && c.first_date < ival(r, "raised")) {
        char a[11];
        fmt_date(c.first_date, a);
        peel_fielderrs_add(errs, "raised", "is after the action's first status change (%s)", a);
    }
    return 0;
}

const peel_type peel_type_action = {
    .name = "action",
    .label = "Action",
    .plural = "Actions",
    .help = "Something that must be done: where it arose, owner, due date; its status is "
            "the latest of its status changes (action_update)",
    .fields = action_fields,
    .nfields = PEEL_NFIELDS(action_fields),
    .key = "ref",
    .title = "title",
    .check = action_check,
    .check_store = action_check_store,
};

static const peel_field action_update_fields[] = {
    {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 60,
     .help = "The action's reference and a number: \"CGB-2023-04-01/1\""},
    {.name = "action", .label = "Action", .type = PEEL_F_REF, .flags = PEEL_REQUIRED,
     .ref_type = "action"},
    {.name = "date", .label = "Date", .type = PEEL_F_DATE, .flags = PEEL_REQUIRED,
     .help = "When the status took effect (not when it was typed in: the audit trail has "
             "that)"},
    {.name = "status", .label = "Status", .type = PEEL_F_ENUM, .flags = PEEL_REQUIRED,
     .enum_values = peel_action_status_values, .enum_labels = peel_action_status_labels},
    {.name = "note", .label = "Note", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE},
    {.name = "evidence", .label = "Evidence of completion", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .help = "Required when the status is completed"},
    PROVENANCE,
    PEEL_FIELD_PUBLISHED,
};

static void action_update_check(const peel_record *r, peel_fielderrs *errs)
{
    if (!strcmp(sval(r, "status"), "completed") && !has(r, "evidence"))
        peel_fielderrs_add(errs, "evidence",
                           "is required to mark an action completed: say what shows it is "
                           "done (a report, a letter, a minute)");
}

static int action_update_check_store(peel_store *s, const peel_record *old,
                                     const peel_record *r, peel_fielderrs *errs, peel_err *err)
{
    peel_record *a = NULL;
    updates_ctx c;
    char d1[11], d2[11];
    int st = peel_action_status_parse(sval(r, "status"));

    if (old && ival(old, "action") != ival(r, "action")) {
        peel_fielderrs_add(errs, "action", "a status change cannot move to another action");
        return 0;
    }
    if (get_ref(s, r, "action", &a, err) < 0)
        return -1;
    if (!a)
        return 0;
    if (ival(r, "date") < ival(a, "raised")) {
        fmt_date(ival(r, "date"), d1);
        fmt_date(ival(a, "raised"), d2);
        peel_fielderrs_add(errs, "date", "%s is before action %s was raised (%s)", d1,
                           sval(a, "ref"), d2);
    }
    if (scan_updates(s, a->id, r->id, ival(r, "date"), &c, err) < 0) {
        peel_record_free(a);
        return -1;
    }
    if (c.later) {
        peel_fielderrs_add(errs, "date",
                           "action %s has a later status change: record changes in date order "
                           "(only the latest can be changed)",
                           sval(a, "ref"));
    } else if (c.prev_status >= 0 && st >= 0) {
        bool prev_closed = peel_action_status_closed((enum peel_action_status)c.prev_status);
        fmt_date(c.prev_date, d1);
        if (prev_closed && st != PEEL_ACTION_OPEN)
            peel_fielderrs_add(errs, "status",
                               "action %s was %s on %s: reopen it (status open, with a note) "
                               "before changing it again",
                               sval(a, "ref"), peel_action_status_labels[c.prev_status], d1);
        else if (prev_closed && !has(r, "note"))
            peel_fielderrs_add(errs, "note", "is required to reopen a %s action: say why",
                               c.prev_status == PEEL_ACTION_COMPLETED ? "completed"
                                                                      : "cancelled");
    }
    peel_record_free(a);
    return 0;
}

const peel_type peel_type_action_update = {
    .name = "action_update",
    .label = "Action status change",
    .plural = "Action status changes",
    .help = "A dated change of an action's status, with a note and, on completion, the "
            "evidence",
    .fields = action_update_fields,
    .nfields = PEEL_NFIELDS(action_update_fields),
    .key = "ref",
    .title = "ref",
    .check = action_update_check,
    .check_store = action_update_check_store,
};

/* ---- plan_entry ---- */

static const char *const entry_statuses[] = {"proposed", "scheduled", "taken", "deferred",
                                             "withdrawn", NULL};
static const char *const entry_status_labels[] = {"Proposed (not yet scheduled)", "Scheduled",
                                                  "Taken at the meeting", "Deferred",
                                                  "Withdrawn", NULL};

static const peel_field plan_entry_fields[] = {
    {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 60,
     .help = "\"PCP-WP-2023-24-01\": body, work programme year, number"},
    {.name = "body", .label = "Board or panel", .type = PEEL_F_REF, .flags = PEEL_REQUIRED,
     .ref_type = "body"},
    {.name = "meeting", .label = "Meeting", .type = PEEL_F_REF, .ref_type = "meeting"},
    {.name = "subject", .label = "Subject", .type = PEEL_F_TEXT, .flags = PEEL_REQUIRED,
     .max = 300},
    {.name = "requested_by", .label = "Asked for by", .type = PEEL_F_TEXT, .max = 200},
    {.name = "reason", .label = "Why / comments", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE},
    {.name = "status", .label = "Status", .type = PEEL_F_ENUM, .flags = PEEL_REQUIRED,
     .enum_values = entry_statuses, .enum_labels = entry_status_labels},
    {.name = "item", .label = "Taken as item", .type = PEEL_F_REF, .ref_type = "item"},
    PROVENANCE,
    PEEL_FIELD_PUBLISHED,
};

static void plan_entry_check(const peel_record *r, peel_fielderrs *errs)
{
    const char *st = sval(r, "status");
    if ((!strcmp(st, "scheduled") || !strcmp(st, "taken")) && !has(r, "meeting"))
        peel_fielderrs_add(errs, "meeting", "is required when the entry is %s", st);
}

static int plan_entry_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                                  peel_fielderrs *errs, peel_err *err)
{
    peel_record *m = NULL;
    (void)old;
    if (get_ref(s, r, "meeting", &m, err) < 0)
        return -1;
    if (m && ival(m, "body") != ival(r, "body"))
        peel_fielderrs_add(errs, "meeting", "meeting %s is a meeting of another body",
                           sval(m, "ref"));
    peel_record_free(m);
    return 0;
}

const peel_type peel_type_plan_entry = {
    .name = "plan_entry",
    .label = "Work programme entry",
    .plural = "Work programme",
    .help = "The forward plan: a subject for a future meeting of a body, who asked for it "
            "and why",
    .fields = plan_entry_fields,
    .nfields = PEEL_NFIELDS(plan_entry_fields),
    .key = "ref",
    .title = "subject",
    .check = plan_entry_check,
    .check_store = plan_entry_check_store,
};

/* ---- objective_tag ---- */

static const char *const tag_targets[] = {"item", "action", "recommendation", "publication",
                                          "plan_entry"};

static const peel_field objective_tag_fields[] = {
    {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 300,
     .help = "The tagged record's key, \" > \", the objective: unique per pair"},
    {.name = "objective", .label = "Objective", .type = PEEL_F_REF, .flags = PEEL_REQUIRED,
     .ref_type = "objective"},
    {.name = "item", .label = "Agenda item", .type = PEEL_F_REF, .ref_type = "item"},
    {.name = "action", .label = "Action", .type = PEEL_F_REF, .ref_type = "action"},
    {.name = "recommendation", .label = "Recommendation", .type = PEEL_F_REF,
     .ref_type = "recommendation"},
    {.name = "publication", .label = "HMICFRS publication", .type = PEEL_F_REF,
     .ref_type = "publication"},
    {.name = "plan_entry", .label = "Work programme entry", .type = PEEL_F_REF,
     .ref_type = "plan_entry"},
    {.name = "note", .label = "Why", .type = PEEL_F_TEXT, .max = 500,
     .help = "The link as the paper states it"},
};

static void objective_tag_check(const peel_record *r, peel_fielderrs *errs)
{
    int n = 0;
    for (size_t i = 0; i < sizeof tag_targets / sizeof tag_targets[0]; i++)
        n += has(r, tag_targets[i]);
    if (n != 1)
        peel_fielderrs_add(errs, NULL,
                           "a tag names exactly one record (item, action, recommendation, "
                           "publication or plan_entry); %d given",
                           n);
}

const peel_type peel_type_objective_tag = {
    .name = "objective_tag",
    .label = "Objective tag",
    .plural = "Objective tags",
    .help = "The golden thread: an item, action, recommendation, publication or work "
            "programme entry tagged with the plan objective it serves",
    .fields = objective_tag_fields,
    .nfields = PEEL_NFIELDS(objective_tag_fields),
    .key = "ref",
    .title = "ref",
    .check = objective_tag_check,
};

bool peel_reg_time_valid(const char *s)
{
    if (strlen(s) != 5 || s[2] != ':')
        return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return false;
    return (s[0] - '0') * 10 + (s[1] - '0') < 24 && (s[3] - '0') * 10 + (s[4] - '0') < 60;
}
