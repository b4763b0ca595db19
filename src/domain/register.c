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

#include "core/clock.h"
#include "model/record.h"
#include "model/transition.h"
#include "store/store.h"

/* ---- shared value lists ---- */

const peel_option peel_action_statuses[] = {
    {"open", "Open"},
    {"in_progress", "In progress"},
    {"awaiting_signoff", "Awaiting sign-off"},
    {"completed", "Completed"},
    {"deferred", "Deferred"},
    {"cancelled", "Cancelled"},
    {0},
};

int peel_action_status_parse(const char *s)
{
    for (int i = 0; s && peel_action_statuses[i].value; i++)
        if (!strcmp(s, peel_action_statuses[i].value))
            return i;
    return -1;
}

bool peel_action_status_closed(enum peel_action_status st)
{
    return st == PEEL_ACTION_COMPLETED || st == PEEL_ACTION_CANCELLED;
}

/* clang-format off */
#define PROVENANCE                                                                            \
    {.name = "provenance", .label = "Source", .type = PEEL_F_TEXT, .max = 500,                \
     .flags = PEEL_INTERNAL,                                                                  \
     .help = "Where this was transcribed from: paper, page, paragraph"}
/* clang-format on */

/* clang-format off */
#define CLASSIFICATION(what)                                                                  \
    {.name = "classification", .label = "Classification", .type = PEEL_F_ENUM,               \
     .flags = PEEL_CLASSIFIES, .options = peel_class_options,                                 \
     .help = "OFFICIAL-SENSITIVE " what " appear in public output as their title only"}
/* clang-format on */

/* ---- small helpers for the rules ---- */

/* The rules reach fields by their handles (register.h), checked against the
 * declarations when the registry starts. */
static const peel_value *val(const peel_record *r, int field)
{
    return (size_t)field < r->type->nfields ? &r->v[field] : NULL;
}

static bool has(const peel_record *r, int field)
{
    const peel_value *v = val(r, field);
    return v && v->set;
}

static int64_t ival(const peel_record *r, int field)
{
    const peel_value *v = val(r, field);
    return v && v->set ? v->i : 0;
}

static const char *sval(const peel_record *r, int field)
{
    const peel_value *v = val(r, field);
    return v && v->set && v->s ? v->s : "";
}

/* The field's name, for a field error. */
static const char *fname(const peel_record *r, int field)
{
    return r->type->fields[field].name;
}

static void fmt_date(int64_t d, char out[static 11])
{
    peel_date_format((peel_date)d, out);
}

/* Loads the record a REF field points at (resolved to an id); NULL when unset. */
static int get_ref(peel_store *s, const peel_record *r, int field, peel_record **out, peel_err *err)
{
    const peel_value *v = val(r, field);
    const peel_field *f = &r->type->fields[field];
    *out = NULL;
    if (!v || !v->set || v->s)
        return 0;
    return peel_store_get(s, peel_type_find(f->ref_type), v->i, out, err);
}

/* ---- plan, objective ---- */

/* clang-format off */
static const peel_field plan_fields[PEEL_PLAN_NFIELDS] = {
    [PEEL_PLAN_NAME] = {.name = "name", .label = "Name", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE,
     .max = 200, .help = "\"Police and Crime Plan 2021-24\""},
    [PEEL_PLAN_PERIOD] = {.name = "period", .label = "Period", .type = PEEL_F_TEXT, .max = 40,
     .help = "As the plan names it: \"2021-24\""},
    [PEEL_PLAN_PUBLISHED] = {.name = "published", .label = "Published", .type = PEEL_F_MONTH},
    [PEEL_PLAN_COMMISSIONER] = {.name = "commissioner", .label = "Commissioner", .type = PEEL_F_REF,
     .ref_type = "person"},
    [PEEL_PLAN_PROVENANCE] = PROVENANCE,
    [PEEL_PLAN_PUBLISH] = PEEL_FIELD_PUBLISHED,
    [PEEL_PLAN_NOTES] = {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE | PEEL_INTERNAL},
};
/* clang-format on */

/* clang-format off */
const peel_type peel_type_plan = {
    .name = "plan",
    .label = "Police and Crime Plan",
    .plural = "Police and Crime Plans",
    .one = "a Police and Crime Plan",
    .help = "A Police and Crime Plan: the PCC's objectives that items, actions, "
            "recommendations and publications are tagged with",
    .fields = plan_fields,
    .nfields = PEEL_NFIELDS(plan_fields),
    .search = PEEL_SEARCH(PEEL_PLAN_NAME, PEEL_PLAN_NOTES),
    .key = "name",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_PLAN_PERIOD, PEEL_PLAN_PUBLISHED),
};
/* clang-format on */

/* The page of a plan lists its objectives. */
static const peel_related objectives_of_plan = {
    .heading = "Objectives of this plan",
    .position = 10,
    .sort = "name",
};

/* clang-format off */
static const peel_field objective_fields[PEEL_OBJECTIVE_NFIELDS] = {
    [PEEL_OBJECTIVE_NAME] = {.name = "name", .label = "Objective", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 200},
    [PEEL_OBJECTIVE_PLAN] = {.name = "plan", .label = "Plan", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED,
     .ref_type = "plan",
     .related = &objectives_of_plan},
    [PEEL_OBJECTIVE_DESCRIPTION] = {.name = "description", .label = "Description",
     .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE},
    [PEEL_OBJECTIVE_PROVENANCE] = PROVENANCE,
    [PEEL_OBJECTIVE_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

/* clang-format off */
const peel_type peel_type_objective = {
    .name = "objective",
    .label = "Plan objective",
    .plural = "Plan objectives",
    .one = "a plan objective",
    .help = "An objective or priority of a Police and Crime Plan",
    .fields = objective_fields,
    .nfields = PEEL_NFIELDS(objective_fields),
    .search = PEEL_SEARCH(PEEL_OBJECTIVE_NAME, PEEL_OBJECTIVE_DESCRIPTION),
    .key = "name",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_OBJECTIVE_PLAN),
};
/* clang-format on */

/* ---- body ---- */

static const peel_option body_kinds[] = {
    {"board", "Board"},
    {"panel", "Panel"},
    {"partnership", "Partnership board"},
    {"csp", "Community Safety Partnership"},
    {"committee", "Committee"},
    {"other", "Other"},
    {0},
};

/* clang-format off */
static const peel_field body_fields[PEEL_BODY_NFIELDS] = {
    [PEEL_BODY_NAME] = {.name = "name", .label = "Name", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE,
     .max = 200},
    [PEEL_BODY_SHORT_NAME] = {.name = "short_name", .label = "Short name", .type = PEEL_F_TEXT,
     .flags = PEEL_UNIQUE,
     .max = 20, .help = "\"CGB\", \"PCP\": used in meeting and action keys"},
    [PEEL_BODY_KIND] = {.name = "kind", .label = "Kind", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED,
     .options = body_kinds},
    [PEEL_BODY_FREQUENCY] = {.name = "frequency", .label = "Usual frequency", .type = PEEL_F_TEXT,
     .max = 200,
     .help = "As the papers give it: \"every 8 weeks\""},
    [PEEL_BODY_INTERVAL_WEEKS] = {.name = "interval_weeks", .label = "Usual interval (weeks)",
     .type = PEEL_F_INT, .min = 1,
     .max = 52},
    [PEEL_BODY_PUBLISH_DAYS] = {.name = "publish_days",
     .label = "Papers published (clear working days before)", .type = PEEL_F_INT, .min = 0,
     .max = 30,
     .help = "Clear working days between a meeting's papers being published and the meeting: "
             "not counting the day of publication, the day of the meeting, weekends or bank "
             "holidays.  Empty: 5"},
    [PEEL_BODY_CHAIR] = {.name = "chair", .label = "Chair", .type = PEEL_F_REF,
     .ref_type = "person"},
    [PEEL_BODY_HOSTED_BY] = {.name = "hosted_by", .label = "Hosted by", .type = PEEL_F_TEXT,
     .max = 200},
    [PEEL_BODY_PROVENANCE] = PROVENANCE,
    [PEEL_BODY_PUBLISH] = PEEL_FIELD_PUBLISHED,
    [PEEL_BODY_NOTES] = {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE},
};
/* clang-format on */

/* clang-format off */
const peel_type peel_type_body = {
    .name = "body",
    .label = "Board or panel",
    .plural = "Boards and panels",
    .one = "a board or panel",
    .help = "A board, panel or partnership that meets: Corporate Governance Board, Police and "
            "Crime Panel, Ethics and Transparency Panel, JARAP, LCJB, a CSP",
    .fields = body_fields,
    .nfields = PEEL_NFIELDS(body_fields),
    .search = PEEL_SEARCH(PEEL_BODY_NAME, PEEL_BODY_SHORT_NAME, PEEL_BODY_NOTES),
    .calendar = "/feeds/meetings/",
    .key = "name",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_BODY_SHORT_NAME, PEEL_BODY_KIND, PEEL_BODY_CHAIR),
};
/* clang-format on */

/* ---- meeting ---- */

static const peel_option meeting_statuses[] = {
    {"planned", "Planned"},
    {"held", "Held"},
    {"cancelled", "Cancelled"},
    {0},
};

/* The page of a board lists its meetings, the next one first. */
static const peel_related meetings_of_body = {
    .heading = "Meetings",
    .position = 10,
    .sort = "date",
    .order = PEEL_ORDER_UPCOMING,
    .columns =
        PEEL_SUMMARY(PEEL_MEETING_DATE, PEEL_MEETING_TIME, PEEL_MEETING_TITLE, PEEL_MEETING_STATUS),
};

/* clang-format off */
static const peel_field meeting_fields[PEEL_MEETING_NFIELDS] = {
    [PEEL_MEETING_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 100,
     .help = "The body's short name and the date: \"CGB 2023-04-19\""},
    [PEEL_MEETING_BODY] = {.name = "body", .label = "Board or panel", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED,
     .ref_type = "body",
     .related = &meetings_of_body},
    [PEEL_MEETING_DATE] = {.name = "date", .label = "Date", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED},
    [PEEL_MEETING_TIME] = {.name = "time", .label = "Time", .type = PEEL_F_TEXT, .max = 5,
     .help = "Local time \"13:00\"; empty when the papers do not give it"},
    [PEEL_MEETING_TITLE] = {.name = "title", .label = "Title", .type = PEEL_F_TEXT, .max = 200,
     .help = "\"Ordinary meeting\", \"Confirmation hearing\""},
    [PEEL_MEETING_PLACE] = {.name = "place", .label = "Place", .type = PEEL_F_TEXT, .max = 300},
    [PEEL_MEETING_STATUS] = {.name = "status", .label = "Status", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED,
     .options = meeting_statuses},
    [PEEL_MEETING_PUBLIC] = {.name = "public", .label = "Held in public", .type = PEEL_F_BOOL},
    [PEEL_MEETING_PROVENANCE] = PROVENANCE,
    [PEEL_MEETING_PUBLISH] = PEEL_FIELD_PUBLISHED,
    [PEEL_MEETING_FOR_PANEL] = PEEL_FIELD_FOR_PANEL,
    [PEEL_MEETING_NOTES] = {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE | PEEL_INTERNAL},
};
/* clang-format on */

static void meeting_check(const peel_record *r, peel_fielderrs *errs)
{
    if (has(r, PEEL_MEETING_TIME) && !peel_reg_time_valid(sval(r, PEEL_MEETING_TIME)))
        peel_fielderrs_add(errs, fname(r, PEEL_MEETING_TIME),
                           "'%s' is not a time of day (HH:MM, e.g. 13:00)",
                           sval(r, PEEL_MEETING_TIME));
}

/* Counts records of type t whose REF field points at id. */
static int count_refs(peel_store *s, const peel_type *t, int field, int64_t id, int64_t *n,
                      peel_err *err)
{
    peel_filter fl = {.field = &t->fields[field], .op = PEEL_OP_EQ, .v = {.set = true, .i = id}};
    peel_query q = {.type = t, .filters = &fl, .nfilters = 1};
    return peel_store_count(s, &q, n, err);
}

static int meeting_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                               peel_fielderrs *errs, peel_err *err)
{
    int64_t n = 0;
    if (!old || strcmp(sval(r, PEEL_MEETING_STATUS), "cancelled") ||
        !strcmp(sval(old, PEEL_MEETING_STATUS), "cancelled"))
        return 0;
    if (count_refs(s, &peel_type_item, PEEL_ITEM_MEETING, r->id, &n, err) < 0)
        return -1;
    if (n)
        peel_fielderrs_add(errs, fname(r, PEEL_MEETING_STATUS),
                           "meeting %s has %lld agenda item%s: move or delete them before "
                           "cancelling it",
                           sval(r, PEEL_MEETING_REF), (long long)n, n == 1 ? "" : "s");
    return 0;
}

/* clang-format off */
const peel_type peel_type_meeting = {
    .name = "meeting",
    .label = "Meeting",
    .plural = "Meetings",
    .help = "A meeting of a board or panel: date, time, place, planned/held/cancelled",
    .fields = meeting_fields,
    .nfields = PEEL_NFIELDS(meeting_fields),
    .attachments = true,
    .search = PEEL_SEARCH(PEEL_MEETING_REF, PEEL_MEETING_TITLE, PEEL_MEETING_PLACE,
                          PEEL_MEETING_NOTES),
    .search_date = &meeting_fields[PEEL_MEETING_DATE],
    .feeds = PEEL_FEEDS("/feeds/meetings.atom", "Meetings", "/feeds/papers.atom",
                        "Papers of meetings"),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_MEETING_BODY, PEEL_MEETING_DATE, PEEL_MEETING_TITLE,
                            PEEL_MEETING_STATUS),
    .order = &meeting_fields[PEEL_MEETING_DATE],
    .order_dir = PEEL_ORDER_UPCOMING,
    .range = &meeting_fields[PEEL_MEETING_DATE],
    .check = meeting_check,
    .check_store = meeting_check_store,
    .view = "/papers/packs/",
    .view_label = "The agenda pack: the agenda and its papers as one PDF, and a zip",
};
/* clang-format on */

/* ---- item ---- */

static const peel_option item_sections[] = {
    {"procedural", "Procedural"},
    {"operational_updates", "Actions arising and operational updates"},
    {"emerging_issues", "Emerging national and local policing issues"},
    {"operational_performance", "Operational performance"},
    {"finance", "Finance"},
    {"change_transformation", "Change and transformation"},
    {"people", "People"},
    {"corporate_risk", "Corporate risk"},
    {"hmicfrs", "HMICFRS"},
    {"panel_business", "Panel business"},
    {"aob", "Any other business"},
    {0},
};
static const peel_option item_outcomes[] = {
    {"discussed", "Discussed"},
    {"deferred", "Deferred"},
    {"not_discussed", "Not discussed"},
    {0},
};

/* A meeting's agenda: numbered as the paper numbers it, each item's
 * decision under it and what arose from it (its own groups) below. */
static const peel_related agenda_of_meeting = {
    .heading = "Agenda",
    .position = 30,
    .sort = "number",
    .numbered = true,
    .columns = PEEL_SUMMARY(PEEL_ITEM_OUTCOME),
    .details = PEEL_SUMMARY(PEEL_ITEM_RESOLUTION, PEEL_ITEM_DECISION),
    .nest = true,
};

/* clang-format off */
static const peel_field item_fields[PEEL_ITEM_NFIELDS] = {
    [PEEL_ITEM_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 120,
     .help = "The meeting's reference and the item number: \"CGB 2023-04-19 4.ii\""},
    [PEEL_ITEM_MEETING] = {.name = "meeting", .label = "Meeting", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED,
     .ref_type = "meeting",
     .related = &agenda_of_meeting},
    [PEEL_ITEM_NUMBER] = {.name = "number", .label = "Number", .type = PEEL_F_TEXT, .max = 20,
     .help = "As the agenda numbers it: \"4.ii\""},
    [PEEL_ITEM_TITLE] = {.name = "title", .label = "Title", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 300},
    [PEEL_ITEM_SECTION] = {.name = "section", .label = "Section", .type = PEEL_F_ENUM,
     .options = item_sections},
    [PEEL_ITEM_AUTHOR] = {.name = "author", .label = "Report author", .type = PEEL_F_TEXT,
     .max = 200},
    [PEEL_ITEM_OVERVIEW] = {.name = "overview", .label = "Overview", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 20000},
    [PEEL_ITEM_FORCE_UPDATE] = {.name = "force_update", .label = "Force update",
     .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 20000},
    [PEEL_ITEM_PCC_RESPONSE] = {.name = "pcc_response", .label = "PCC response",
     .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 20000},
    [PEEL_ITEM_RESOLUTION] = {.name = "resolution", .label = "Resolution", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 20000,
     .help = "What the meeting RESOLVED, as minuted"},
    [PEEL_ITEM_DECISION] = {.name = "decision", .label = "Decision", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 20000},
    [PEEL_ITEM_OUTCOME] = {.name = "outcome", .label = "Outcome", .type = PEEL_F_ENUM,
     .options = item_outcomes, .help = "Empty means discussed"},
    [PEEL_ITEM_REDACTED] = {.name = "redacted", .label = "Redacted", .type = PEEL_F_BOOL,
     .help = "Yes when the published paper redacts the item's content; a redaction is what "
             "the paper did, separate from the item's classification"},
    [PEEL_ITEM_REDACTION_REASON] = {.name = "redaction_reason", .label = "Reason for redaction",
     .type = PEEL_F_TEXT, .max = 500,
     .help = "As the paper gives it: \"unsuitable for public domain\""},
    [PEEL_ITEM_CLASSIFICATION] = CLASSIFICATION("items"),
    [PEEL_ITEM_PROVENANCE] = PROVENANCE,
    [PEEL_ITEM_PUBLISH] = PEEL_FIELD_PUBLISHED,
    [PEEL_ITEM_FOR_PANEL] = PEEL_FIELD_FOR_PANEL,
};
/* clang-format on */

static int item_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                            peel_fielderrs *errs, peel_err *err)
{
    peel_record *m = NULL;
    (void)old;
    if (get_ref(s, r, PEEL_ITEM_MEETING, &m, err) < 0)
        return -1;
    if (m && !strcmp(sval(m, PEEL_MEETING_STATUS), "cancelled"))
        peel_fielderrs_add(errs, fname(r, PEEL_ITEM_MEETING),
                           "meeting %s is cancelled: agenda items cannot be added to a "
                           "cancelled meeting",
                           sval(m, PEEL_MEETING_REF));
    peel_record_free(m);
    return 0;
}

/* clang-format off */
const peel_type peel_type_item = {
    .name = "item",
    .label = "Agenda item",
    .plural = "Agenda items",
    .one = "an agenda item",
    .help = "An agenda item of a meeting: overview, force update, PCC response or "
            "resolution, decision, classification",
    .fields = item_fields,
    .nfields = PEEL_NFIELDS(item_fields),
    .attachments = true,
    .search = PEEL_SEARCH(PEEL_ITEM_REF, PEEL_ITEM_TITLE, PEEL_ITEM_OVERVIEW, PEEL_ITEM_FORCE_UPDATE,
                          PEEL_ITEM_PCC_RESPONSE, PEEL_ITEM_RESOLUTION, PEEL_ITEM_DECISION),
    .key = "ref",
    .title = "title",
    .summary = PEEL_SUMMARY(PEEL_ITEM_REF, PEEL_ITEM_NUMBER, PEEL_ITEM_SECTION, PEEL_ITEM_OUTCOME),
    .check_store = item_check_store,
};
/* clang-format on */

/* ---- attendance, declaration ---- */

static const peel_option attendance_statuses[] = {
    {"present", "Present"},
    {"apologies", "Apologies"},
    {"absent", "Absent"},
    {0},
};

static const peel_related attendance_of_meeting = {
    .heading = "Attendance",
    .position = 10,
    .columns = PEEL_SUMMARY(PEEL_ATTENDANCE_ROLE, PEEL_ATTENDANCE_SIDE, PEEL_ATTENDANCE_STATUS),
    .split_by = "status",
};

static const peel_related meetings_of_person = {
    .heading = "Meetings attended",
    .position = 10,
    .order = PEEL_ORDER_DESC,
    .columns = PEEL_SUMMARY(PEEL_ATTENDANCE_MEETING, PEEL_ATTENDANCE_ROLE, PEEL_ATTENDANCE_STATUS),
};

/* clang-format off */
static const peel_field attendance_fields[PEEL_ATTENDANCE_NFIELDS] = {
    [PEEL_ATTENDANCE_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 200,
     .help = "The meeting's reference and the name: \"CGB 2023-04-19 / Mr R Matthews\""},
    [PEEL_ATTENDANCE_MEETING] = {.name = "meeting", .label = "Meeting", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED,
     .ref_type = "meeting",
     .related = &attendance_of_meeting},
    [PEEL_ATTENDANCE_PERSON] = {.name = "person", .label = "Person", .type = PEEL_F_REF,
     .ref_type = "person",
     .related = &meetings_of_person},
    [PEEL_ATTENDANCE_NAME] = {.name = "name", .label = "Name as printed", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED,
     .max = 200},
    [PEEL_ATTENDANCE_ROLE] = {.name = "role", .label = "Role", .type = PEEL_F_TEXT, .max = 200},
    [PEEL_ATTENDANCE_SIDE] = {.name = "side", .label = "Attending for", .type = PEEL_F_TEXT,
     .max = 200,
     .help = "\"Office of Police and Crime Commissioner\", \"Office of Chief Constable\", "
             "\"Panel member\""},
    [PEEL_ATTENDANCE_STATUS] = {.name = "status", .label = "Attendance", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED,
     .options = attendance_statuses},
    [PEEL_ATTENDANCE_PROVENANCE] = PROVENANCE,
    [PEEL_ATTENDANCE_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static int attendance_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                                  peel_fielderrs *errs, peel_err *err)
{
    peel_record *m = NULL;
    (void)old;
    if (strcmp(sval(r, PEEL_ATTENDANCE_STATUS), "present"))
        return 0;
    if (get_ref(s, r, PEEL_ATTENDANCE_MEETING, &m, err) < 0)
        return -1;
    if (m && !strcmp(sval(m, PEEL_MEETING_STATUS), "cancelled"))
        peel_fielderrs_add(errs, fname(r, PEEL_ATTENDANCE_STATUS),
                           "meeting %s is cancelled: nobody was present",
                           sval(m, PEEL_MEETING_REF));
    peel_record_free(m);
    return 0;
}

/* clang-format off */
const peel_type peel_type_attendance = {
    .name = "attendance",
    .label = "Attendance",
    .plural = "Attendance",
    .one = "an attendance record",
    .help = "Who attended a meeting, sent apologies or was absent",
    .fields = attendance_fields,
    .nfields = PEEL_NFIELDS(attendance_fields),
    .key = "ref",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_ATTENDANCE_MEETING, PEEL_ATTENDANCE_ROLE, PEEL_ATTENDANCE_STATUS),
    .check_store = attendance_check_store,
};
/* clang-format on */

static const peel_option interest_kinds[] = {
    {"pecuniary", "Disclosable pecuniary interest"},
    {"other", "Other interest"},
    {0},
};

static const peel_related declarations_of_meeting = {
    .heading = "Declarations of interest",
    .position = 20,
    .columns = PEEL_SUMMARY(PEEL_DECLARATION_NAME, PEEL_DECLARATION_ITEM, PEEL_DECLARATION_KIND,
                            PEEL_DECLARATION_INTEREST),
};

static const peel_related declarations_on_item = {
    .heading = "Declarations of interest",
    .position = 30,
    .columns =
        PEEL_SUMMARY(PEEL_DECLARATION_NAME, PEEL_DECLARATION_KIND, PEEL_DECLARATION_INTEREST),
};

/* clang-format off */
static const peel_field declaration_fields[PEEL_DECLARATION_NFIELDS] = {
    [PEEL_DECLARATION_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 200},
    [PEEL_DECLARATION_MEETING] = {.name = "meeting", .label = "Meeting", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED,
     .ref_type = "meeting",
     .related = &declarations_of_meeting},
    [PEEL_DECLARATION_ITEM] = {.name = "item", .label = "Agenda item", .type = PEEL_F_REF,
     .ref_type = "item",
     .related = &declarations_on_item},
    [PEEL_DECLARATION_PERSON] = {.name = "person", .label = "Person", .type = PEEL_F_REF,
     .ref_type = "person"},
    [PEEL_DECLARATION_NAME] = {.name = "name", .label = "Name as printed", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED,
     .max = 200},
    [PEEL_DECLARATION_KIND] = {.name = "kind", .label = "Kind of interest", .type = PEEL_F_ENUM,
     .options = interest_kinds},
    [PEEL_DECLARATION_INTEREST] = {.name = "interest", .label = "Interest declared",
     .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_MULTILINE},
    [PEEL_DECLARATION_PROVENANCE] = PROVENANCE,
    [PEEL_DECLARATION_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static int declaration_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                                   peel_fielderrs *errs, peel_err *err)
{
    peel_record *it = NULL;
    (void)old;
    if (get_ref(s, r, PEEL_DECLARATION_ITEM, &it, err) < 0)
        return -1;
    if (it && ival(it, PEEL_ITEM_MEETING) != ival(r, PEEL_DECLARATION_MEETING))
        peel_fielderrs_add(errs, fname(r, PEEL_DECLARATION_ITEM),
                           "item %s is on the agenda of another meeting", sval(it, PEEL_ITEM_REF));
    peel_record_free(it);
    return 0;
}

/* clang-format off */
const peel_type peel_type_declaration = {
    .name = "declaration",
    .label = "Declaration of interest",
    .plural = "Declarations of interest",
    .one = "a declaration of interest",
    .help = "An interest declared at a meeting",
    .fields = declaration_fields,
    .nfields = PEEL_NFIELDS(declaration_fields),
    .key = "ref",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_DECLARATION_MEETING, PEEL_DECLARATION_KIND),
    .check_store = declaration_check_store,
};
/* clang-format on */

/* ---- publication ---- */

static const peel_option pub_kinds[] = {
    {"peel", "PEEL inspection"},
    {"thematic", "Thematic inspection"},
    {"super_complaint", "Super-complaint report"},
    {"regional", "Regional inspection"},
    {"other", "Other"},
    {0},
};

/* clang-format off */
static const peel_field publication_fields[PEEL_PUBLICATION_NFIELDS] = {
    [PEEL_PUBLICATION_TITLE] = {.name = "title", .label = "Title", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 400},
    [PEEL_PUBLICATION_KIND] = {.name = "kind", .label = "Kind", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED,
     .options = pub_kinds},
    [PEEL_PUBLICATION_PUBLISHED] = {.name = "published", .label = "Published by HMICFRS",
     .type = PEEL_F_DATE,
     .help = "The PCC's response is due 56 calendar days after this date"},
    [PEEL_PUBLICATION_RESPONSE_PUBLISHED] = {.name = "response_published",
     .label = "Response published", .type = PEEL_F_DATE,
     .help = "The date the PCC's response was published on the OPCC website"},
    [PEEL_PUBLICATION_SENT_HOME_OFFICE] = {.name = "sent_home_office",
     .label = "Response sent to the Home Office",
     .type = PEEL_F_DATE},
    [PEEL_PUBLICATION_RESPONSE_FY] = {.name = "response_fy", .label = "Response counted in",
     .type = PEEL_F_FY,
     .help = "The financial year the response is counted in when its date is not recorded "
             "(as an annual report counts it)"},
    [PEEL_PUBLICATION_RESPONSE_URL] = {.name = "response_url", .label = "Response web address",
     .type = PEEL_F_TEXT,
     .max = 500},
    [PEEL_PUBLICATION_PROVENANCE] = PROVENANCE,
    [PEEL_PUBLICATION_PUBLISH] = PEEL_FIELD_PUBLISHED,
    [PEEL_PUBLICATION_FOR_PANEL] = PEEL_FIELD_FOR_PANEL,
    [PEEL_PUBLICATION_NOTES] = {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE | PEEL_INTERNAL},
};
/* clang-format on */

static void publication_check(const peel_record *r, peel_fielderrs *errs)
{
    char a[11], b[11];
    int64_t pub = ival(r, PEEL_PUBLICATION_PUBLISHED);
    int64_t resp = 0;
    static const int dates[] = {PEEL_PUBLICATION_RESPONSE_PUBLISHED,
                                PEEL_PUBLICATION_SENT_HOME_OFFICE};

    for (size_t i = 0; i < 2; i++) {
        if (!has(r, dates[i]))
            continue;
        if (has(r, PEEL_PUBLICATION_PUBLISHED) && ival(r, dates[i]) < pub) {
            fmt_date(ival(r, dates[i]), a);
            fmt_date(pub, b);
            peel_fielderrs_add(errs, fname(r, dates[i]),
                               "%s is before the report was published (%s)", a, b);
        }
        if (ival(r, dates[i]) > resp)
            resp = ival(r, dates[i]);
    }
    if (resp && has(r, PEEL_PUBLICATION_RESPONSE_FY) &&
        peel_fy_of_date((peel_date)resp) != ival(r, PEEL_PUBLICATION_RESPONSE_FY)) {
        char fy1[8], fy2[8];
        peel_fy_format((peel_fy)ival(r, PEEL_PUBLICATION_RESPONSE_FY), fy1);
        peel_fy_format(peel_fy_of_date((peel_date)resp), fy2);
        fmt_date(resp, a);
        peel_fielderrs_add(errs, fname(r, PEEL_PUBLICATION_RESPONSE_FY),
                           "says %s but the response is dated %s, in %s; leave it empty or "
                           "make them agree",
                           fy1, a, fy2);
    }
}

/* clang-format off */
const peel_type peel_type_publication = {
    .name = "publication",
    .label = "HMICFRS publication",
    .plural = "HMICFRS publications",
    .one = "an HMICFRS publication",
    .help = "An HMICFRS report and the PCC's response (due 56 days after publication, "
            "Police Act 1996 s55)",
    .fields = publication_fields,
    .nfields = PEEL_NFIELDS(publication_fields),
    .attachments = true,
    .search = PEEL_SEARCH(PEEL_PUBLICATION_TITLE, PEEL_PUBLICATION_NOTES),
    .search_date = &publication_fields[PEEL_PUBLICATION_PUBLISHED],
    .key = "title",
    .title = "title",
    .summary = PEEL_SUMMARY(PEEL_PUBLICATION_KIND, PEEL_PUBLICATION_PUBLISHED,
                            PEEL_PUBLICATION_RESPONSE_PUBLISHED),
    .check = publication_check,
};
/* clang-format on */

/* ---- recommendation ---- */

static const peel_option rec_kinds[] = {
    {"panel_resolution", "Panel resolution"},
    {"panel_recommendation", "Panel recommendation"},
    {"hmicfrs_recommendation", "HMICFRS recommendation"},
    {"other", "Other"},
    {0},
};

/* The recommendation's lifecycle (register.h).  A Panel recommendation
 * waits for the PCC's response (the Police Reform and Social Responsibility
 * Act 2011 expects one to the Panel's reports and recommendations); the
 * response is recorded as accepted, partly accepted, not accepted, or, when
 * it answers without saying, responded, each with its text as the note.
 * An HMICFRS recommendation (or area for improvement) goes to in progress,
 * awaiting sign-off with the evidence sent, and completed (discharged), or
 * is superseded or closed by HMICFRS.  Completing needs evidence; closing,
 * superseding, going back and reopening need a note.  No clock: what is due
 * is the response, on the record's response_due. */
#define REC_BY_STAFF (PEEL_LC_STAFF | PEEL_LC_ADMIN)
#define REC_TO(from, to, verb, needs)                                                              \
    {                                                                                              \
        from, to, verb, REC_BY_STAFF, needs, PEEL_LC_CLOCK_KEEP                                    \
    }
#define REC_RESPONSE(from)                                                                         \
    REC_TO(from, "accepted", "Record as accepted", PEEL_LC_NOTE),                                  \
        REC_TO(from, "partly_accepted", "Record as partly accepted", PEEL_LC_NOTE),                \
        REC_TO(from, "not_accepted", "Record as not accepted", PEEL_LC_NOTE)
#define REC_WORK(from)                                                                             \
    REC_TO(from, "awaiting_signoff", "Send evidence for sign-off", PEEL_LC_EVIDENCE),              \
        REC_TO(from, "completed", "Mark complete", PEEL_LC_EVIDENCE),                              \
        REC_TO(from, "superseded", "Mark superseded", PEEL_LC_NOTE),                               \
        REC_TO(from, "closed", "Close", PEEL_LC_NOTE)

/* clang-format off */
static const peel_lc_state rec_states[] = {
    {PEEL_REC_AWAITING, "Awaiting response", false},
    {"responded", "Responded", false},
    {"accepted", "Accepted", false},
    {"partly_accepted", "Partly accepted", false},
    {"not_accepted", "Not accepted", true},
    {"in_progress", "In progress", false},
    {"awaiting_signoff", "Awaiting sign-off", false},
    {"completed", "Completed", true},
    {"superseded", "Superseded", true},
    {"closed", "Closed", true},
    {0},
};

static const peel_lc_transition rec_transitions[] = {
    REC_TO(PEEL_REC_AWAITING, "responded", "Record the response", PEEL_LC_NOTE),
    REC_RESPONSE(PEEL_REC_AWAITING),
    REC_TO(PEEL_REC_AWAITING, "in_progress", "Mark in progress", 0),
    REC_TO(PEEL_REC_AWAITING, "superseded", "Mark superseded", PEEL_LC_NOTE),
    REC_TO(PEEL_REC_AWAITING, "closed", "Close", PEEL_LC_NOTE),
    REC_RESPONSE("responded"),
    REC_TO("responded", "in_progress", "Mark in progress", 0),
    REC_WORK("responded"),
    REC_TO("accepted", "in_progress", "Mark in progress", 0),
    REC_WORK("accepted"),
    REC_TO("partly_accepted", "in_progress", "Mark in progress", 0),
    REC_WORK("partly_accepted"),
    REC_WORK("in_progress"),
    REC_TO("awaiting_signoff", "in_progress", "Back to in progress", PEEL_LC_NOTE),
    REC_TO("awaiting_signoff", "completed", "Mark complete", PEEL_LC_EVIDENCE),
    REC_TO("awaiting_signoff", "superseded", "Mark superseded", PEEL_LC_NOTE),
    REC_TO("awaiting_signoff", "closed", "Close", PEEL_LC_NOTE),
    REC_TO("not_accepted", PEEL_REC_AWAITING, "Reopen for a new response", PEEL_LC_NOTE),
    REC_TO("completed", "in_progress", "Reopen", PEEL_LC_NOTE),
    REC_TO("superseded", "in_progress", "Reopen", PEEL_LC_NOTE),
    REC_TO("closed", "in_progress", "Reopen", PEEL_LC_NOTE),
    {0},
};

const peel_lifecycle peel_recommendation_lifecycle = {
    .states = rec_states,
    .initial = PEEL_REC_AWAITING,
    .transitions = rec_transitions,
    .start = "made",
};
/* clang-format on */

/* The type's open_on: what falls due on a recommendation's due date is the
 * PCC's response, so it is open (due, or overdue) only while its state on
 * day is awaiting that response; once answered, accepted or not, the home
 * page's "due" panel no longer counts it. */
static int rec_awaiting_on(peel_store *s, const peel_record *r, int64_t day, bool *open,
                           peel_err *err)
{
    peel_history h;
    if (peel_transition_history(s, &peel_type_recommendation, r->id, &h, err) < 0)
        return -1;
    *open = !strcmp(
        peel_history_state_on(&peel_recommendation_lifecycle, &h, r->id, (peel_date)day, NULL),
        PEEL_REC_AWAITING);
    peel_history_release(&h);
    return 0;
}

int peel_recommendation_state(peel_store *s, const peel_record *r, const char **label,
                              peel_err *err)
{
    peel_history h;
    if (peel_transition_history(s, &peel_type_recommendation, r->id, &h, err) < 0)
        return -1;
    /* The state today from the history; the label is the declaration's. */
    const peel_lc_state *st = peel_lifecycle_state(
        &peel_recommendation_lifecycle,
        peel_history_state_on(&peel_recommendation_lifecycle, &h, r->id, peel_clock_today(), NULL));
    *label = st ? st->label : rec_states[0].label;
    peel_history_release(&h);
    return 0;
}

static const peel_related recommendations_of_body = {
    .heading = "Recommendations made",
    .position = 20,
    .sort = "made",
    .order = PEEL_ORDER_DESC,
    .columns = PEEL_SUMMARY(PEEL_RECOMMENDATION_REF, PEEL_RECOMMENDATION_MADE,
                            PEEL_RECOMMENDATION_RESPONSE_DUE),
    .state = peel_recommendation_state,
};

static const peel_related recommendations_of_item = {
    .heading = "Recommendations",
    .position = 20,
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_RECOMMENDATION_REF, PEEL_RECOMMENDATION_RESPONSE_DUE),
    .state = peel_recommendation_state,
};

static const peel_related recommendations_of_publication = {
    .heading = "Recommendations",
    .position = 10,
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_RECOMMENDATION_REF, PEEL_RECOMMENDATION_RESPONSE_DUE),
    .state = peel_recommendation_state,
};

/* clang-format off */
static const peel_field recommendation_fields[PEEL_RECOMMENDATION_NFIELDS] = {
    [PEEL_RECOMMENDATION_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 120,
     .help = "\"PCP 2023-07-26 11.3\": meeting and resolution number"},
    [PEEL_RECOMMENDATION_KIND] = {.name = "kind", .label = "Kind", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED,
     .options = rec_kinds},
    [PEEL_RECOMMENDATION_BODY] = {.name = "body", .label = "Made by", .type = PEEL_F_REF,
     .ref_type = "body",
     .related = &recommendations_of_body},
    [PEEL_RECOMMENDATION_ITEM] = {.name = "item", .label = "Agenda item", .type = PEEL_F_REF,
     .ref_type = "item",
     .related = &recommendations_of_item},
    [PEEL_RECOMMENDATION_PUBLICATION] = {.name = "publication", .label = "HMICFRS publication",
     .type = PEEL_F_REF,
     .ref_type = "publication",
     .related = &recommendations_of_publication},
    [PEEL_RECOMMENDATION_TEXT] = {.name = "text", .label = "Recommendation", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_MULTILINE},
    [PEEL_RECOMMENDATION_ADDRESSED_TO] = {.name = "addressed_to", .label = "Addressed to",
     .type = PEEL_F_TEXT, .max = 200},
    [PEEL_RECOMMENDATION_MADE] = {.name = "made", .label = "Made on", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED},
    [PEEL_RECOMMENDATION_RESPONSE_DUE] = {.name = "response_due", .label = "Response due",
     .type = PEEL_F_DATE},
    [PEEL_RECOMMENDATION_RESPONSE] = {.name = "response", .label = "Response", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE,
     .help = "The response as published; when it was made and whether it was accepted are its "
             "state's history"},
    [PEEL_RECOMMENDATION_PROVENANCE] = PROVENANCE,
    [PEEL_RECOMMENDATION_PUBLISH] = PEEL_FIELD_PUBLISHED,
    [PEEL_RECOMMENDATION_FOR_PANEL] = PEEL_FIELD_FOR_PANEL,
};
/* clang-format on */

static void recommendation_check(const peel_record *r, peel_fielderrs *errs)
{
    char a[11], b[11];
    static const int dates[] = {PEEL_RECOMMENDATION_RESPONSE_DUE};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        if (has(r, dates[i]) && has(r, PEEL_RECOMMENDATION_MADE) &&
            ival(r, dates[i]) < ival(r, PEEL_RECOMMENDATION_MADE)) {
            fmt_date(ival(r, dates[i]), a);
            fmt_date(ival(r, PEEL_RECOMMENDATION_MADE), b);
            peel_fielderrs_add(errs, fname(r, dates[i]),
                               "%s is before the recommendation was made (%s)", a, b);
        }
    if (!strcmp(sval(r, PEEL_RECOMMENDATION_KIND), "hmicfrs_recommendation") &&
        !has(r, PEEL_RECOMMENDATION_PUBLICATION))
        peel_fielderrs_add(errs, fname(r, PEEL_RECOMMENDATION_PUBLICATION),
                           "is required for an HMICFRS recommendation: the report it is in");
}

/* clang-format off */
const peel_type peel_type_recommendation = {
    .name = "recommendation",
    .label = "Recommendation",
    .plural = "Recommendations",
    .help = "A Panel resolution or recommendation addressed to the PCC, or an HMICFRS "
            "recommendation, with its response; its state is the latest of its dated changes "
            "of state",
    .fields = recommendation_fields,
    .nfields = PEEL_NFIELDS(recommendation_fields),
    .search = PEEL_SEARCH(PEEL_RECOMMENDATION_REF, PEEL_RECOMMENDATION_TEXT,
                          PEEL_RECOMMENDATION_RESPONSE),
    .search_date = &recommendation_fields[PEEL_RECOMMENDATION_MADE],
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_RECOMMENDATION_KIND, PEEL_RECOMMENDATION_BODY,
                            PEEL_RECOMMENDATION_MADE, PEEL_RECOMMENDATION_RESPONSE_DUE),
    .check = recommendation_check,
    .due = &recommendation_fields[PEEL_RECOMMENDATION_RESPONSE_DUE],
    .open_on = rec_awaiting_on,
    .lifecycle = &peel_recommendation_lifecycle,
};
/* clang-format on */

/* ---- action ---- */

static const peel_option action_origins[] = {
    {"meeting_item", "A meeting item"},
    {"panel_recommendation", "A Panel recommendation"},
    {"hmicfrs_recommendation", "An HMICFRS recommendation"},
    {"engagement", "An engagement"},
    {"scrutiny_case", "A scrutiny case"},
    {"other", "Other"},
    {0},
};
static const peel_option action_orgs[] = {
    {"opcc", "OPCC"},
    {"force", "Leicestershire Police"},
    {"partner", "Partner"},
    {"joint", "OPCC and force jointly"},
    {0},
};

/* Actions arising, each with its status today (from its history). */
static const peel_related actions_of_meeting = {
    .heading = "Actions arising",
    .position = 40,
    .sort = "ref",
    .columns =
        PEEL_SUMMARY(PEEL_ACTION_REF, PEEL_ACTION_ITEM, PEEL_ACTION_OWNER_NAME, PEEL_ACTION_DUE),
    .state = peel_action_state,
};

static const peel_related actions_of_item = {
    .heading = "Actions arising",
    .position = 10,
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_ACTION_REF, PEEL_ACTION_OWNER_NAME, PEEL_ACTION_DUE),
    .state = peel_action_state,
};

static const peel_related actions_of_owner = {
    .heading = "Actions owned",
    .position = 20,
    .sort = "due",
    .columns = PEEL_SUMMARY(PEEL_ACTION_REF, PEEL_ACTION_MEETING, PEEL_ACTION_DUE),
    .state = peel_action_state,
};

static const peel_related actions_of_recommendation = {
    .heading = "Actions",
    .position = 10,
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_ACTION_REF, PEEL_ACTION_OWNER_NAME, PEEL_ACTION_DUE),
    .state = peel_action_state,
};

/* clang-format off */
static const peel_field action_fields[PEEL_ACTION_NFIELDS] = {
    [PEEL_ACTION_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 40,
     .help = "\"CGB-2023-04-01\": body, year, month of the meeting, number"},
    [PEEL_ACTION_TITLE] = {.name = "title", .label = "Action", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED,
     .max = 1000, .help = "What must be done"},
    [PEEL_ACTION_AROSE_FROM] = {.name = "arose_from", .label = "Arose from", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED,
     .options = action_origins},
    [PEEL_ACTION_MEETING] = {.name = "meeting", .label = "Meeting", .type = PEEL_F_REF,
     .ref_type = "meeting",
     .related = &actions_of_meeting},
    [PEEL_ACTION_ITEM] = {.name = "item", .label = "Agenda item", .type = PEEL_F_REF,
     .ref_type = "item",
     .related = &actions_of_item},
    [PEEL_ACTION_RECOMMENDATION] = {.name = "recommendation", .label = "Recommendation",
     .type = PEEL_F_REF,
     .ref_type = "recommendation",
     .related = &actions_of_recommendation},
    [PEEL_ACTION_ORIGIN_NOTE] = {.name = "origin_note", .label = "Where it arose",
     .type = PEEL_F_TEXT, .max = 500,
     .help = "The engagement or scrutiny case, when it arose from one"},
    [PEEL_ACTION_OWNER] = {.name = "owner", .label = "Owner", .type = PEEL_F_REF,
     .ref_type = "person",
     .related = &actions_of_owner},
    [PEEL_ACTION_OWNER_NAME] = {.name = "owner_name", .label = "Owner as printed",
     .type = PEEL_F_TEXT, .max = 200,
     .help = "\"CC Nixon\", \"CFO\", \"OPCC\""},
    [PEEL_ACTION_ORGANISATION] = {.name = "organisation", .label = "Organisation",
     .type = PEEL_F_ENUM,
     .options = action_orgs},
    [PEEL_ACTION_RAISED] = {.name = "raised", .label = "Raised on", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED},
    [PEEL_ACTION_DUE] = {.name = "due", .label = "Due", .type = PEEL_F_DATE},
    [PEEL_ACTION_CLASSIFICATION] = CLASSIFICATION("actions"),
    [PEEL_ACTION_PROVENANCE] = PROVENANCE,
    [PEEL_ACTION_PUBLISH] = PEEL_FIELD_PUBLISHED,
    [PEEL_ACTION_FOR_PANEL] = PEEL_FIELD_FOR_PANEL,
    [PEEL_ACTION_NOTES] = {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE | PEEL_INTERNAL},
};
/* clang-format on */

static void action_check(const peel_record *r, peel_fielderrs *errs)
{
    const char *from = sval(r, PEEL_ACTION_AROSE_FROM);
    if (has(r, PEEL_ACTION_DUE) && has(r, PEEL_ACTION_RAISED) &&
        ival(r, PEEL_ACTION_DUE) < ival(r, PEEL_ACTION_RAISED)) {
        char a[11], b[11];
        fmt_date(ival(r, PEEL_ACTION_DUE), a);
        fmt_date(ival(r, PEEL_ACTION_RAISED), b);
        peel_fielderrs_add(errs, fname(r, PEEL_ACTION_DUE),
                           "%s is before the action was raised (%s)", a, b);
    }
    if (!strcmp(from, "meeting_item") && !has(r, PEEL_ACTION_MEETING) && !has(r, PEEL_ACTION_ITEM))
        peel_fielderrs_add(errs, fname(r, PEEL_ACTION_MEETING),
                           "is required (or an item) for an action that arose "
                           "at a meeting");
    if ((!strcmp(from, "panel_recommendation") || !strcmp(from, "hmicfrs_recommendation")) &&
        !has(r, PEEL_ACTION_RECOMMENDATION))
        peel_fielderrs_add(errs, fname(r, PEEL_ACTION_RECOMMENDATION),
                           "is required for an action that arose from a recommendation");
    if ((!strcmp(from, "engagement") || !strcmp(from, "scrutiny_case")) &&
        !has(r, PEEL_ACTION_ORIGIN_NOTE))
        peel_fielderrs_add(errs, fname(r, PEEL_ACTION_ORIGIN_NOTE), "is required: name the %s",
                           !strcmp(from, "engagement") ? "engagement" : "scrutiny case");
    /* Follow-up of what the public raised is tracked to completion by
     * someone: the PCC's debrief names who. */
    if (!strcmp(from, "engagement") && !has(r, PEEL_ACTION_OWNER) &&
        !has(r, PEEL_ACTION_OWNER_NAME))
        peel_fielderrs_add(errs, fname(r, PEEL_ACTION_OWNER),
                           "is required (or owner_name) for an action that arose from an "
                           "engagement's feedback: name who follows it up");
}

static int action_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                              peel_fielderrs *errs, peel_err *err)
{
    peel_record *it = NULL;
    peel_history h;

    if (get_ref(s, r, PEEL_ACTION_ITEM, &it, err) < 0)
        return -1;
    if (it && has(r, PEEL_ACTION_MEETING) &&
        ival(it, PEEL_ITEM_MEETING) != ival(r, PEEL_ACTION_MEETING))
        peel_fielderrs_add(errs, fname(r, PEEL_ACTION_ITEM),
                           "item %s is on the agenda of another meeting", sval(it, PEEL_ITEM_REF));
    peel_record_free(it);
    if (!old || ival(old, PEEL_ACTION_RAISED) == ival(r, PEEL_ACTION_RAISED))
        return 0;
    /* Moving the raised date must not put it after a recorded change of
     * state (the history is in date order: the first is the earliest). */
    if (peel_transition_history(s, &peel_type_action, r->id, &h, err) < 0)
        return -1;
    if (h.n && h.v[0].date < ival(r, PEEL_ACTION_RAISED)) {
        char a[11];
        fmt_date(h.v[0].date, a);
        peel_fielderrs_add(errs, fname(r, PEEL_ACTION_RAISED),
                           "is after the action's first change of state (%s)", a);
    }
    peel_history_release(&h);
    return 0;
}

/* The action's lifecycle: the statuses the CGB reports use.  Completing
 * needs evidence, cancelling and reopening a note; completing or
 * cancelling stops the days-open clock, and reopening lets it run on from
 * the day the action was raised (docs/METHODS.md). */
#define BY_STAFF (PEEL_LC_STAFF | PEEL_LC_ADMIN)
#define TO_PROGRESS(from)                                                                          \
    {                                                                                              \
        from, "in_progress", "Mark in progress", BY_STAFF, 0, PEEL_LC_CLOCK_KEEP                   \
    }
#define TO_SIGNOFF(from)                                                                           \
    {                                                                                              \
        from, "awaiting_signoff", "Ready for sign-off", BY_STAFF, 0, PEEL_LC_CLOCK_KEEP            \
    }
#define TO_COMPLETED(from)                                                                         \
    {                                                                                              \
        from, "completed", "Mark complete", BY_STAFF, PEEL_LC_EVIDENCE, PEEL_LC_CLOCK_STOP         \
    }
#define TO_DEFERRED(from)                                                                          \
    {                                                                                              \
        from, "deferred", "Defer", BY_STAFF, 0, PEEL_LC_CLOCK_KEEP                                 \
    }
#define TO_CANCELLED(from)                                                                         \
    {                                                                                              \
        from, "cancelled", "Cancel", BY_STAFF, PEEL_LC_NOTE, PEEL_LC_CLOCK_STOP                    \
    }

/* clang-format off */
static const peel_lc_state action_states[] = {
    {"open", "Open", false},
    {"in_progress", "In progress", false},
    {"awaiting_signoff", "Awaiting sign-off", false},
    {"completed", "Completed", true},
    {"deferred", "Deferred", false},
    {"cancelled", "Cancelled", true},
    {0},
};

static const peel_lc_transition action_transitions[] = {
    TO_PROGRESS("open"), TO_SIGNOFF("open"), TO_COMPLETED("open"), TO_DEFERRED("open"),
    TO_CANCELLED("open"),
    TO_SIGNOFF("in_progress"), TO_COMPLETED("in_progress"), TO_DEFERRED("in_progress"),
    TO_CANCELLED("in_progress"),
    {"awaiting_signoff", "in_progress", "Back to in progress", BY_STAFF, 0, PEEL_LC_CLOCK_KEEP},
    TO_COMPLETED("awaiting_signoff"), TO_DEFERRED("awaiting_signoff"),
    TO_CANCELLED("awaiting_signoff"),
    TO_PROGRESS("deferred"), TO_SIGNOFF("deferred"), TO_COMPLETED("deferred"),
    TO_CANCELLED("deferred"),
    {"completed", "open", "Reopen", BY_STAFF, PEEL_LC_NOTE, PEEL_LC_CLOCK_RESUME},
    {"cancelled", "open", "Reopen", BY_STAFF, PEEL_LC_NOTE, PEEL_LC_CLOCK_RESUME},
    {0},
};

static const peel_lifecycle action_lifecycle = {
    .states = action_states,
    .initial = "open",
    .transitions = action_transitions,
    .start = "raised",
    .clock_label = "Days open",
};
/* clang-format on */

int peel_action_state(peel_store *s, const peel_record *r, const char **label, peel_err *err)
{
    peel_history h;
    if (peel_transition_history(s, &peel_type_action, r->id, &h, err) < 0)
        return -1;
    /* The state today, read from the history; its label is the
     * declaration's (static), never the history's text. */
    const peel_lc_state *st =
        peel_lifecycle_state(&action_lifecycle, peel_history_state_on(&action_lifecycle, &h, r->id,
                                                                      peel_clock_today(), NULL));
    *label = st ? st->label : action_states[0].label;
    peel_history_release(&h);
    return 0;
}

/* clang-format off */
const peel_type peel_type_action = {
    .name = "action",
    .label = "Action",
    .plural = "Actions",
    .one = "an action",
    .help = "Something that must be done: where it arose, owner, due date; its state is "
            "the latest of its dated changes of state",
    .fields = action_fields,
    .nfields = PEEL_NFIELDS(action_fields),
    .search = PEEL_SEARCH(PEEL_ACTION_REF, PEEL_ACTION_TITLE, PEEL_ACTION_NOTES),
    .search_date = &action_fields[PEEL_ACTION_RAISED],
    .key = "ref",
    .title = "title",
    .summary = PEEL_SUMMARY(PEEL_ACTION_REF, PEEL_ACTION_OWNER_NAME, PEEL_ACTION_ORGANISATION,
                            PEEL_ACTION_RAISED, PEEL_ACTION_DUE),
    .check = action_check,
    .check_store = action_check_store,
    .due = &action_fields[PEEL_ACTION_DUE],
    .open_on = peel_transition_open_on,
    .lifecycle = &action_lifecycle,
};
/* clang-format on */

/* ---- plan_entry ---- */

static const peel_option entry_statuses[] = {
    {"proposed", "Proposed (not yet scheduled)"},
    {"scheduled", "Scheduled"},
    {"taken", "Taken at the meeting"},
    {"deferred", "Deferred"},
    {"withdrawn", "Withdrawn"},
    {0},
};

static const peel_related entries_of_body = {
    .heading = "Work programme",
    .position = 30,
    .columns = PEEL_SUMMARY(PEEL_PLAN_ENTRY_MEETING, PEEL_PLAN_ENTRY_STATUS),
};

static const peel_related entries_of_meeting = {
    .heading = "Work programme entries for this meeting",
    .position = 50,
    .columns = PEEL_SUMMARY(PEEL_PLAN_ENTRY_REQUESTED_BY, PEEL_PLAN_ENTRY_STATUS),
};

static const peel_related entries_of_item = {
    .heading = "Work programme entry",
    .position = 40,
    .columns = PEEL_SUMMARY(PEEL_PLAN_ENTRY_REQUESTED_BY, PEEL_PLAN_ENTRY_STATUS),
};

/* clang-format off */
static const peel_field plan_entry_fields[PEEL_PLAN_ENTRY_NFIELDS] = {
    [PEEL_PLAN_ENTRY_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 60,
     .help = "\"PCP-WP-2023-24-01\": body, work programme year, number"},
    [PEEL_PLAN_ENTRY_BODY] = {.name = "body", .label = "Board or panel", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED,
     .ref_type = "body",
     .related = &entries_of_body},
    [PEEL_PLAN_ENTRY_MEETING] = {.name = "meeting", .label = "Meeting", .type = PEEL_F_REF,
     .ref_type = "meeting",
     .related = &entries_of_meeting},
    [PEEL_PLAN_ENTRY_SUBJECT] = {.name = "subject", .label = "Subject", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED,
     .max = 300},
    [PEEL_PLAN_ENTRY_REQUESTED_BY] = {.name = "requested_by", .label = "Asked for by",
     .type = PEEL_F_TEXT, .max = 200},
    [PEEL_PLAN_ENTRY_REASON] = {.name = "reason", .label = "Why / comments", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE},
    [PEEL_PLAN_ENTRY_STATUS] = {.name = "status", .label = "Status", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED,
     .options = entry_statuses},
    [PEEL_PLAN_ENTRY_ITEM] = {.name = "item", .label = "Taken as item", .type = PEEL_F_REF,
     .ref_type = "item",
     .related = &entries_of_item},
    [PEEL_PLAN_ENTRY_PROVENANCE] = PROVENANCE,
    [PEEL_PLAN_ENTRY_PUBLISH] = PEEL_FIELD_PUBLISHED,
    [PEEL_PLAN_ENTRY_FOR_PANEL] = PEEL_FIELD_FOR_PANEL,
};
/* clang-format on */

static void plan_entry_check(const peel_record *r, peel_fielderrs *errs)
{
    const char *st = sval(r, PEEL_PLAN_ENTRY_STATUS);
    if ((!strcmp(st, "scheduled") || !strcmp(st, "taken")) && !has(r, PEEL_PLAN_ENTRY_MEETING))
        peel_fielderrs_add(errs, fname(r, PEEL_PLAN_ENTRY_MEETING),
                           "is required when the entry is %s", st);
}

static int plan_entry_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                                  peel_fielderrs *errs, peel_err *err)
{
    peel_record *m = NULL;
    (void)old;
    if (get_ref(s, r, PEEL_PLAN_ENTRY_MEETING, &m, err) < 0)
        return -1;
    if (m && ival(m, PEEL_MEETING_BODY) != ival(r, PEEL_PLAN_ENTRY_BODY))
        peel_fielderrs_add(errs, fname(r, PEEL_PLAN_ENTRY_MEETING),
                           "meeting %s is a meeting of another body", sval(m, PEEL_MEETING_REF));
    peel_record_free(m);
    return 0;
}

/* clang-format off */
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
    .summary = PEEL_SUMMARY(PEEL_PLAN_ENTRY_REF, PEEL_PLAN_ENTRY_BODY, PEEL_PLAN_ENTRY_MEETING,
                            PEEL_PLAN_ENTRY_STATUS),
    .check = plan_entry_check,
    .check_store = plan_entry_check_store,
};
/* clang-format on */

/* ---- objective_tag ---- */

/* The golden thread: an objective's page lists everything tagged to it
 * through objective_tag, each kind in its own group. */
static const peel_related thread_items = {
    .heading = "Agenda items serving this objective",
    .position = 10,
    .through = "objective",
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_ITEM_MEETING, PEEL_ITEM_OUTCOME),
};

static const peel_related thread_actions = {
    .heading = "Actions serving this objective",
    .position = 20,
    .through = "objective",
    .sort = "due",
    .columns = PEEL_SUMMARY(PEEL_ACTION_REF, PEEL_ACTION_OWNER_NAME, PEEL_ACTION_DUE),
    .state = peel_action_state,
};

static const peel_related thread_recommendations = {
    .heading = "Recommendations serving this objective",
    .position = 30,
    .through = "objective",
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_RECOMMENDATION_REF, PEEL_RECOMMENDATION_MADE),
    .state = peel_recommendation_state,
};

static const peel_related thread_publications = {
    .heading = "Publications serving this objective",
    .position = 40,
    .through = "objective",
    .columns = PEEL_SUMMARY(PEEL_PUBLICATION_KIND, PEEL_PUBLICATION_PUBLISHED),
};

static const peel_related thread_entries = {
    .heading = "Work programme entries serving this objective",
    .position = 50,
    .through = "objective",
    .columns = PEEL_SUMMARY(PEEL_PLAN_ENTRY_MEETING, PEEL_PLAN_ENTRY_STATUS),
};

/* clang-format off */
static const peel_field objective_tag_fields[PEEL_OBJECTIVE_TAG_NFIELDS] = {
    [PEEL_OBJECTIVE_TAG_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 300,
     .help = "The tagged record's key, \" > \", the objective: unique per pair"},
    [PEEL_OBJECTIVE_TAG_OBJECTIVE] = {.name = "objective", .label = "Objective", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED,
     .ref_type = "objective"},
    [PEEL_OBJECTIVE_TAG_ITEM] = {.name = "item", .label = "Agenda item", .type = PEEL_F_REF,
     .ref_type = "item",
     .related = &thread_items},
    [PEEL_OBJECTIVE_TAG_ACTION] = {.name = "action", .label = "Action", .type = PEEL_F_REF,
     .ref_type = "action",
     .related = &thread_actions},
    [PEEL_OBJECTIVE_TAG_RECOMMENDATION] = {.name = "recommendation", .label = "Recommendation",
     .type = PEEL_F_REF,
     .ref_type = "recommendation",
     .related = &thread_recommendations},
    [PEEL_OBJECTIVE_TAG_PUBLICATION] = {.name = "publication", .label = "HMICFRS publication",
     .type = PEEL_F_REF,
     .ref_type = "publication",
     .related = &thread_publications},
    [PEEL_OBJECTIVE_TAG_PLAN_ENTRY] = {.name = "plan_entry", .label = "Work programme entry",
     .type = PEEL_F_REF,
     .ref_type = "plan_entry",
     .related = &thread_entries},
    [PEEL_OBJECTIVE_TAG_NOTE] = {.name = "note", .label = "Why", .type = PEEL_F_TEXT, .flags = PEEL_INTERNAL, .max = 500,
     .help = "The link as the paper states it"},
};
/* clang-format on */

static void objective_tag_check(const peel_record *r, peel_fielderrs *errs)
{
    static const int tag_targets[] = {
        PEEL_OBJECTIVE_TAG_ITEM, PEEL_OBJECTIVE_TAG_ACTION, PEEL_OBJECTIVE_TAG_RECOMMENDATION,
        PEEL_OBJECTIVE_TAG_PUBLICATION, PEEL_OBJECTIVE_TAG_PLAN_ENTRY};
    int n = 0;
    for (size_t i = 0; i < sizeof tag_targets / sizeof tag_targets[0]; i++)
        n += has(r, tag_targets[i]);
    if (n != 1)
        peel_fielderrs_add(errs, NULL,
                           "a tag names exactly one record (item, action, recommendation, "
                           "publication or plan_entry); %d given",
                           n);
}

/* clang-format off */
const peel_type peel_type_objective_tag = {
    .name = "objective_tag",
    .label = "Objective tag",
    .plural = "Objective tags",
    .one = "an objective tag",
    .help = "The golden thread: an item, action, recommendation, publication or work "
            "programme entry tagged with the plan objective it serves",
    .fields = objective_tag_fields,
    .nfields = PEEL_NFIELDS(objective_tag_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_OBJECTIVE_TAG_OBJECTIVE, PEEL_OBJECTIVE_TAG_NOTE),
    .check = objective_tag_check,
};
/* clang-format on */

bool peel_reg_time_valid(const char *s)
{
    if (strlen(s) != 5 || s[2] != ':')
        return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return false;
    return (s[0] - '0') * 10 + (s[1] - '0') < 24 && (s[3] - '0') * 10 + (s[4] - '0') < 60;
}
