/* register.h - the accountability register: how the PCC holds the Chief
 * Constable to account and how the Police and Crime Panel scrutinises the PCC.
 *
 * Record types (register.c), in dependency order:
 *   plan, objective           the Police and Crime Plan and its objectives
 *   body, meeting, item       boards and panels, their meetings, agenda items
 *   attendance, declaration   who was there; declared interests
 *   publication               HMICFRS reports and the PCC's responses (56 days)
 *   recommendation            Panel resolutions / HMICFRS recommendations
 *   action                    actions; their dated status history is the
 *                             action's lifecycle (model/lifecycle.h)
 *   plan_entry                the forward plan / work programme
 *   objective_tag             the golden thread: a record tagged with an objective
 *
 * An action's status is never stored on the action: it is the state its
 * lifecycle history gives on the day asked about (the latest transition
 * dated on or before it; "open" when there is none), so the status at any
 * past date (the CGB report's "status at the report date") is exact.  Overdue and RAG are computed,
 * never stored.
 *
 * Derived figures and views: register_actions.c (tracker), register_hmicfrs.c
 * (56-day rule), register_calendar.c (statutory calendar, iCalendar),
 * register_report.c (the CGB report, work programme and recommendations,
 * built as content models: render/doc.h renders them); the tables come
 * into memory through model/records.h.  Every view is built for a reader
 * (model/reader.h).  The methods are in
 * docs/METHODS.md; the design in docs/ARCHITECTURE.md ("The accountability register").
 *
 * Ownership: every *_load/_build function fills a caller-owned struct that
 * the matching *_free releases; strings inside belong to that struct.
 */
#ifndef PEEL_DOMAIN_REGISTER_H
#define PEEL_DOMAIN_REGISTER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"
#include "core/vec.h"
#include "model/model.h"
#include "model/reader.h"
#include "render/doc.h"

struct peel_store;
struct peel_record;

extern const peel_type peel_type_plan;
extern const peel_type peel_type_objective;
extern const peel_type peel_type_body;
extern const peel_type peel_type_meeting;
extern const peel_type peel_type_item;
extern const peel_type peel_type_attendance;
extern const peel_type peel_type_declaration;
extern const peel_type peel_type_publication;
extern const peel_type peel_type_recommendation;
extern const peel_type peel_type_action;
extern const peel_type peel_type_plan_entry;
extern const peel_type peel_type_objective_tag;

/* Field handles of plan: indices into peel_type_plan.fields. */
enum {
    PEEL_PLAN_NAME,
    PEEL_PLAN_PERIOD,
    PEEL_PLAN_PUBLISHED,
    PEEL_PLAN_COMMISSIONER,
    PEEL_PLAN_PROVENANCE,
    PEEL_PLAN_PUBLISH,
    PEEL_PLAN_NOTES,
    PEEL_PLAN_NFIELDS,
};

/* Field handles of objective: indices into peel_type_objective.fields. */
enum {
    PEEL_OBJECTIVE_NAME,
    PEEL_OBJECTIVE_PLAN,
    PEEL_OBJECTIVE_DESCRIPTION,
    PEEL_OBJECTIVE_PROVENANCE,
    PEEL_OBJECTIVE_PUBLISH,
    PEEL_OBJECTIVE_NFIELDS,
};

/* Field handles of body: indices into peel_type_body.fields. */
enum {
    PEEL_BODY_NAME,
    PEEL_BODY_SHORT_NAME,
    PEEL_BODY_KIND,
    PEEL_BODY_FREQUENCY,
    PEEL_BODY_INTERVAL_WEEKS,
    PEEL_BODY_PUBLISH_DAYS,
    PEEL_BODY_CHAIR,
    PEEL_BODY_HOSTED_BY,
    PEEL_BODY_PROVENANCE,
    PEEL_BODY_PUBLISH,
    PEEL_BODY_NOTES,
    PEEL_BODY_NFIELDS,
};

/* Field handles of meeting: indices into peel_type_meeting.fields. */
enum {
    PEEL_MEETING_REF,
    PEEL_MEETING_BODY,
    PEEL_MEETING_DATE,
    PEEL_MEETING_TIME,
    PEEL_MEETING_TITLE,
    PEEL_MEETING_PLACE,
    PEEL_MEETING_STATUS,
    PEEL_MEETING_PUBLIC,
    PEEL_MEETING_PROVENANCE,
    PEEL_MEETING_PUBLISH,
    PEEL_MEETING_FOR_PANEL,
    PEEL_MEETING_NOTES,
    PEEL_MEETING_NFIELDS,
};

/* Field handles of item: indices into peel_type_item.fields. */
enum {
    PEEL_ITEM_REF,
    PEEL_ITEM_MEETING,
    PEEL_ITEM_NUMBER,
    PEEL_ITEM_TITLE,
    PEEL_ITEM_SECTION,
    PEEL_ITEM_AUTHOR,
    PEEL_ITEM_OVERVIEW,
    PEEL_ITEM_FORCE_UPDATE,
    PEEL_ITEM_PCC_RESPONSE,
    PEEL_ITEM_RESOLUTION,
    PEEL_ITEM_DECISION,
    PEEL_ITEM_OUTCOME,
    PEEL_ITEM_REDACTED,
    PEEL_ITEM_REDACTION_REASON,
    PEEL_ITEM_CLASSIFICATION,
    PEEL_ITEM_PROVENANCE,
    PEEL_ITEM_PUBLISH,
    PEEL_ITEM_FOR_PANEL,
    PEEL_ITEM_NFIELDS,
};

/* Field handles of attendance: indices into peel_type_attendance.fields. */
enum {
    PEEL_ATTENDANCE_REF,
    PEEL_ATTENDANCE_MEETING,
    PEEL_ATTENDANCE_PERSON,
    PEEL_ATTENDANCE_NAME,
    PEEL_ATTENDANCE_ROLE,
    PEEL_ATTENDANCE_SIDE,
    PEEL_ATTENDANCE_STATUS,
    PEEL_ATTENDANCE_PROVENANCE,
    PEEL_ATTENDANCE_PUBLISH,
    PEEL_ATTENDANCE_NFIELDS,
};

/* Field handles of declaration: indices into peel_type_declaration.fields. */
enum {
    PEEL_DECLARATION_REF,
    PEEL_DECLARATION_MEETING,
    PEEL_DECLARATION_ITEM,
    PEEL_DECLARATION_PERSON,
    PEEL_DECLARATION_NAME,
    PEEL_DECLARATION_KIND,
    PEEL_DECLARATION_INTEREST,
    PEEL_DECLARATION_PROVENANCE,
    PEEL_DECLARATION_PUBLISH,
    PEEL_DECLARATION_NFIELDS,
};

/* Field handles of publication: indices into peel_type_publication.fields. */
enum {
    PEEL_PUBLICATION_TITLE,
    PEEL_PUBLICATION_KIND,
    PEEL_PUBLICATION_PUBLISHED,
    PEEL_PUBLICATION_RESPONSE_PUBLISHED,
    PEEL_PUBLICATION_SENT_HOME_OFFICE,
    PEEL_PUBLICATION_RESPONSE_FY,
    PEEL_PUBLICATION_RESPONSE_URL,
    PEEL_PUBLICATION_PROVENANCE,
    PEEL_PUBLICATION_PUBLISH,
    PEEL_PUBLICATION_FOR_PANEL,
    PEEL_PUBLICATION_NOTES,
    PEEL_PUBLICATION_NFIELDS,
};

/* Field handles of recommendation: indices into peel_type_recommendation.fields. */
enum {
    PEEL_RECOMMENDATION_REF,
    PEEL_RECOMMENDATION_KIND,
    PEEL_RECOMMENDATION_BODY,
    PEEL_RECOMMENDATION_ITEM,
    PEEL_RECOMMENDATION_PUBLICATION,
    PEEL_RECOMMENDATION_TEXT,
    PEEL_RECOMMENDATION_ADDRESSED_TO,
    PEEL_RECOMMENDATION_MADE,
    PEEL_RECOMMENDATION_RESPONSE_DUE,
    PEEL_RECOMMENDATION_RESPONSE,
    PEEL_RECOMMENDATION_PROVENANCE,
    PEEL_RECOMMENDATION_PUBLISH,
    PEEL_RECOMMENDATION_FOR_PANEL,
    PEEL_RECOMMENDATION_NFIELDS,
};

/* Field handles of action: indices into peel_type_action.fields. */
enum {
    PEEL_ACTION_REF,
    PEEL_ACTION_TITLE,
    PEEL_ACTION_AROSE_FROM,
    PEEL_ACTION_MEETING,
    PEEL_ACTION_ITEM,
    PEEL_ACTION_RECOMMENDATION,
    PEEL_ACTION_ORIGIN_NOTE,
    PEEL_ACTION_OWNER,
    PEEL_ACTION_OWNER_NAME,
    PEEL_ACTION_ORGANISATION,
    PEEL_ACTION_RAISED,
    PEEL_ACTION_DUE,
    PEEL_ACTION_CLASSIFICATION,
    PEEL_ACTION_PROVENANCE,
    PEEL_ACTION_PUBLISH,
    PEEL_ACTION_FOR_PANEL,
    PEEL_ACTION_NOTES,
    PEEL_ACTION_NFIELDS,
};

/* Field handles of plan_entry: indices into peel_type_plan_entry.fields. */
enum {
    PEEL_PLAN_ENTRY_REF,
    PEEL_PLAN_ENTRY_BODY,
    PEEL_PLAN_ENTRY_MEETING,
    PEEL_PLAN_ENTRY_SUBJECT,
    PEEL_PLAN_ENTRY_REQUESTED_BY,
    PEEL_PLAN_ENTRY_REASON,
    PEEL_PLAN_ENTRY_STATUS,
    PEEL_PLAN_ENTRY_ITEM,
    PEEL_PLAN_ENTRY_PROVENANCE,
    PEEL_PLAN_ENTRY_PUBLISH,
    PEEL_PLAN_ENTRY_FOR_PANEL,
    PEEL_PLAN_ENTRY_NFIELDS,
};

/* Field handles of objective_tag: indices into peel_type_objective_tag.fields. */
enum {
    PEEL_OBJECTIVE_TAG_REF,
    PEEL_OBJECTIVE_TAG_OBJECTIVE,
    PEEL_OBJECTIVE_TAG_ITEM,
    PEEL_OBJECTIVE_TAG_ACTION,
    PEEL_OBJECTIVE_TAG_RECOMMENDATION,
    PEEL_OBJECTIVE_TAG_PUBLICATION,
    PEEL_OBJECTIVE_TAG_PLAN_ENTRY,
    PEEL_OBJECTIVE_TAG_NOTE,
    PEEL_OBJECTIVE_TAG_NFIELDS,
};

/* The words public output shows in place of an OFFICIAL-SENSITIVE item. */
#define PEEL_REGISTER_WITHHELD "This item is marked Official-Sensitive and is not published"

/* Every view takes the reader it is built for (model/reader.h): a record
 * the reader may not open is left out and not counted, and a reference to
 * one reads PEEL_READER_NOT_PUBLISHED.  The command passes its user's reader
 * (or --as's), the web the request's. */

/* ---- rules (register.c) ---- */

/* Action statuses, in the order of the action lifecycle's states. */
enum peel_action_status {
    PEEL_ACTION_OPEN,
    PEEL_ACTION_IN_PROGRESS,
    PEEL_ACTION_AWAITING_SIGNOFF,
    PEEL_ACTION_COMPLETED,
    PEEL_ACTION_DEFERRED,
    PEEL_ACTION_CANCELLED
};
/* The statuses as options: {"open", "Open"}, ... {0}. */
extern const peel_option peel_action_statuses[];
/* The status named s, or -1. */
int peel_action_status_parse(const char *s);
/* Completed and cancelled actions are closed: never overdue, no RAG. */
bool peel_action_status_closed(enum peel_action_status st);
/* An action's status today as people read it ("Open", "Completed"): the
 * related groups' state (model.h, peel_related.state). */
int peel_action_state(struct peel_store *s, const struct peel_record *r, const char **label,
                      peel_err *err);

/* A recommendation's lifecycle (register.c): a Panel recommendation awaits
 * the PCC's response, is accepted, partly accepted or not accepted (or just
 * answered), then implemented or closed; an HMICFRS one goes on from in
 * progress to awaiting sign-off to completed (discharged), or is
 * superseded or closed by HMICFRS.  PEEL_REC_AWAITING is the initial
 * state, the one the Panel's front door lists. */
#define PEEL_REC_AWAITING "awaiting_response"
extern const struct peel_lifecycle peel_recommendation_lifecycle;
/* A recommendation's state today as people read it ("Awaiting response"):
 * the related groups' state. */
int peel_recommendation_state(struct peel_store *s, const struct peel_record *r, const char **label,
                              peel_err *err);

/* ---- action tracker (register_actions.c) ---- */

/* The RAG rule (docs/METHODS.md "Action RAG rule"), for an action's status
 * on day asof: closed -> NONE; due before asof -> RED; no due date, or due
 * within PEEL_RAG_AMBER_DAYS days -> AMBER; else GREEN. */
enum peel_rag { PEEL_RAG_NONE, PEEL_RAG_GREEN, PEEL_RAG_AMBER, PEEL_RAG_RED };
#define PEEL_RAG_AMBER_DAYS 14
enum peel_rag peel_register_rag(enum peel_action_status st, bool has_due, peel_date due,
                                peel_date asof);
const char *peel_rag_name(enum peel_rag r); /* "red", "amber", "green", "" */
/* Overdue: due before asof and not closed. */
bool peel_register_overdue(enum peel_action_status st, bool has_due, peel_date due, peel_date asof);

typedef struct peel_reg_action {
    int64_t id;
    char *ref, *title, *source;
    char *body;         /* the body of the meeting it arose at, or "" */
    char *meeting;      /* the meeting's key, or "" (body and meeting read
                         * PEEL_READER_NOT_PUBLISHED when the reader may not
                         * open them) */
    char *owner;        /* person's name, else the owner as printed, or "";
                         * PEEL_READER_NOT_PUBLISHED when the reader may not
                         * open the person */
    char *organisation; /* opcc, force, partner, joint, or "" */
    char *objectives;   /* tagged objectives' names, "; " between, or "" */
    char *note;         /* the latest transition's note (and evidence), or "" (also
                         * when the reader may not open the action) */
    peel_date raised;
    bool has_due;
    peel_date due;
    enum peel_action_status status; /* on the asof day */
    peel_date status_date;          /* when that status took effect (raised if none) */
    bool overdue;
    enum peel_rag rag;
    int age_days; /* the lifecycle's clock: open, raised to asof; closed, raised
                   * to the closing transition */
    bool sensitive;
} peel_reg_action;

typedef struct peel_reg_actions {
    peel_reg_action *v;
    size_t n;
    peel_date asof;
} peel_reg_actions;

typedef struct peel_reg_action_filter {
    const peel_reader *reader; /* required: the actions and names it may see */
    peel_date asof;            /* the day statuses are taken at (e.g. today) */
    const char *body;          /* NULL: any; else body name or short name */
    const char *owner;         /* NULL: any; else part of the owner's name (any case) */
    const char *organisation;
    const char *objective; /* NULL: any; else an objective's name */
    const char *meeting;   /* NULL: any; else the meeting's key */
    bool overdue_only;
    bool open_only;         /* not closed */
    bool include_sensitive; /* OFFICIAL-SENSITIVE actions too (those the reader sees) */
    bool withheld_too;      /* and those published to the reader but marked
                             * sensitive, which a public report lists as withheld */
} peel_reg_action_filter;

/* Every action raised on or before f->asof that matches f, ordered by raised
 * date then key.  An action's objectives are its own tags and those of the
 * item and recommendation it arose from (the golden thread). */
int peel_register_actions(struct peel_store *s, const peel_reg_action_filter *f,
                          peel_reg_actions *out, peel_err *err);
void peel_register_actions_free(peel_reg_actions *a);

/* Counts for one group of the tracker. */
typedef struct peel_reg_group {
    char *name;
    int64_t total, open, overdue, completed, red, amber, green;
    int64_t completed_in_period; /* completed with from <= date <= to */
} peel_reg_group;

typedef struct peel_reg_groups {
    peel_reg_group *v;
    size_t n, cap; /* a core/vec.h vector */
} peel_reg_groups;

enum peel_reg_by { PEEL_BY_BODY, PEEL_BY_OWNER, PEEL_BY_ORGANISATION, PEEL_BY_OBJECTIVE };
/* Groups a by body, owner, organisation or objective (an action tagged with
 * two objectives counts in both); completed_in_period counts completions
 * dated within [from, to].  Groups are sorted by name; "(none)" last. */
int peel_register_group(const peel_reg_actions *a, enum peel_reg_by by, peel_date from,
                        peel_date to, peel_reg_groups *out, peel_err *err);
/* "body", "owner", "organisation", "objective" -> by; -1 if none. */
int peel_register_by_parse(const char *s);
void peel_register_groups_free(peel_reg_groups *g);

/* The tracker as CSV, the one writer behind `peel actions --format csv` and
 * /register/actions.csv, so the two give the same bytes for the same
 * filters: a header, then per action its ref, title, body, meeting, owner,
 * organisation, raised, due, status, status_since, overdue, rag, age_days,
 * objectives and classification (so an OFFICIAL-SENSITIVE action is marked
 * wherever the file goes).  Text cells are formula-guarded; lines end CRLF.
 * Appends to out; 0, or -1 when out failed. */
int peel_register_actions_csv(const peel_reg_actions *a, peel_buf *out);
/* The counts by group as CSV (`--by`): the grouping's name, then actions,
 * open, overdue, completed, completed_in_period, red, amber, green. */
int peel_register_groups_csv(const peel_reg_groups *g, enum peel_reg_by by, peel_buf *out);

/* ---- HMICFRS 56-day rule (register_hmicfrs.c) ---- */

#define PEEL_HMICFRS_RESPONSE_DAYS 56

typedef struct peel_reg_pub {
    char *title, *kind;
    bool has_published, has_response;
    peel_date published, due, response; /* response: the later of the two response dates */
    int days;                           /* response - published */
    bool within;                        /* has both dates and response <= due */
} peel_reg_pub;

typedef struct peel_reg_hmicfrs {
    peel_fy fy;
    peel_reg_pub *v; /* the responses counted in fy, by publication date then title */
    size_t n;
    int64_t with_dates; /* responses whose publication and response dates are recorded */
    int64_t within;     /* of those, within 56 days */
    bool has_pct;       /* within / with_dates as a percentage (0 dp); false: no dates */
    int64_t pct;
    /* The figure and the comparison in words, one sentence each, for every
     * front-end to show as they are (so the reasons are written once):
     *   computed    "6 of 7 responses with both dates recorded were within 56
     *               days (86%)." or why peel cannot compute it (which dates
     *               the publications counted lack)
     *   undated     how many responses lack a date beside a computed figure, or ""
     * (A figure a paper printed is a figure record, reconciled on /figures.) */
    char *computed, *undated;
} peel_reg_hmicfrs;

/* From the publications and printed figures rd may see: a reader who may
 * not see a publication neither sees it listed nor has it counted. */
int peel_register_hmicfrs(struct peel_store *s, const peel_reader *rd, peel_fy fy,
                          peel_reg_hmicfrs *out, peel_err *err);
void peel_register_hmicfrs_free(peel_reg_hmicfrs *h);

/* ---- meetings, their papers and publication deadlines (register_papers.c) ---- */

/* Clear working days before a meeting its papers are due, when the body
 * declares none (publish_days). */
#define PEEL_REGISTER_PUBLISH_DAYS 5
/* The body's publish_days, or PEEL_REGISTER_PUBLISH_DAYS (body NULL too). */
int peel_register_publish_days(const peel_record *body);

typedef struct peel_reg_paper { /* an item of the meeting the reader may open */
    int64_t id;
    char *ref, *number, *title;
    bool published, for_panel, sensitive;
    bool late; /* not published, not sensitive, deadline passed, meeting to come */
} peel_reg_paper;

typedef struct peel_reg_meeting {
    int64_t id, body_id;
    char *ref, *body, *title, *place;
    char time[6];
    peel_date date;
    bool cancelled, published, for_panel;
    int clear_days;     /* the body's publish_days */
    bool has_deadline;  /* false when cancelled, or outside the years of known holidays */
    peel_date deadline; /* papers published by this day */
    size_t npublished, nlate;
    PEEL_VEC(peel_reg_paper) papers; /* by agenda number */
} peel_reg_meeting;

typedef struct peel_reg_meetings {
    peel_reg_meeting *v; /* by date and time */
    size_t n, cap;
} peel_reg_meetings;

/* The meetings dated from..to (inclusive) that rd may open (with their
 * body), each with the papers rd may open and the deadline; late measured
 * on today. */
int peel_register_meetings(struct peel_store *s, const peel_reader *rd, peel_date from,
                           peel_date to, peel_date today, peel_reg_meetings *out, peel_err *err);
void peel_register_meetings_free(peel_reg_meetings *m);
/* The date of the latest meeting in [from, to] rd may open (of the body
 * whose short name is short_name, or any): 1 found, 0 none, -1 error.  What
 * a view whose default period holds nothing offers instead. */
int peel_register_latest_meeting(struct peel_store *s, const peel_reader *rd,
                                 const char *short_name, peel_date from, peel_date to,
                                 peel_date *out, peel_err *err);

/* ---- statutory calendar (register_calendar.c) ---- */

typedef struct peel_reg_event {
    peel_date date;
    char time[6]; /* "13:00" or "" for an all-day entry */
    char *uid;    /* stable across runs and databases */
    char *kind;   /* precept, publication, hmicfrs, recommendation, meeting */
    char *summary, *description, *location;
    bool cancelled;
    bool tentative; /* a step that happens only if the Panel vetoes */
    char *note;     /* e.g. "a Saturday: last working day before is ..." or "" */
    /* A meeting's papers (kind "meeting"; else 0): when they are due, under
     * its body's publish_days, and how many of those the reader may see are
     * late (register_papers.c). */
    int64_t meeting_id;
    bool has_papers_due;
    peel_date papers_due;
    int clear_days;
    size_t papers, late;
} peel_reg_event;

typedef struct peel_reg_calendar {
    int year;
    peel_reg_event *v; /* by date, then time, then summary */
    size_t n, cap;     /* a core/vec.h vector */
} peel_reg_calendar;

/* The precept timetable of the given calendar year alone (no store needed). */
int peel_register_precept_timetable(int year, peel_reg_calendar *out, peel_err *err);
/* The monthly publication of grants and spending over £500 falling due in
 * the year: one entry a month, on the first day after the month it covers. */
int peel_register_spend_timetable(int year, peel_reg_calendar *out, peel_err *err);
/* Everything in the calendar year rd may see: precept timetable, the
 * monthly publication, HMICFRS
 * response deadlines, recommendation response dates and meetings (a meeting
 * needs its body too); the precept timetable and the monthly publication
 * are statutory and always in. */
int peel_register_calendar(struct peel_store *s, const peel_reader *rd, int year,
                           peel_reg_calendar *out, peel_err *err);
void peel_register_calendar_free(peel_reg_calendar *c);
/* RFC 5545 text (CRLF lines folded at 75 octets), with a Europe/London
 * VTIMEZONE for timed entries; DTSTAMP from the clock. */
int peel_register_ics(const peel_reg_calendar *c, peel_buf *out);

/* ---- the CGB report to the Panel (register_report.c) ---- */

/* Reports are built as a content model (render/doc.h): nothing sensitive
 * enters a public model, withholding happens when it is built. */
typedef struct peel_reg_report_opts {
    const char *body; /* default "Corporate Governance Board" */
    peel_date from, to;
    peel_date asof; /* the report date: actions' status at this day */
    bool internal;  /* include OFFICIAL-SENSITIVE items and actions (only for a
                     * reader who sees them) */
    /* Required.  A meeting, attendance, item or action the reader may not
     * open is left out, except that a sensitive item or action published
     * to it (peel_reader_record_published) appears in a public model as
     * withheld, as the papers print it.  Names and notes come only from
     * records it may open. */
    const peel_reader *reader;
} peel_reg_report_opts;

int peel_register_report_cgb(struct peel_store *s, const peel_reg_report_opts *o, peel_doc *out,
                             peel_err *err);

/* ---- work programme and recommendations (register_report.c) ---- */

/* The work programme of a body (default the Police and Crime Panel) by
 * meeting date, undated suggestions last.  PEEL_ENOTFOUND when there is no
 * such body or rd may not open it (the same answer); an entry is left out
 * when rd may not open it or its meeting. */
int peel_register_work_programme(struct peel_store *s, const peel_reader *rd, const char *body,
                                 peel_doc *out, peel_err *err);
/* Recommendations rd may see made on or before asof, with their responses
 * and status on that day (a response dated after asof had not been made),
 * and the actions arising from each that rd may see (OFFICIAL-SENSITIVE
 * actions never). */
int peel_register_recommendations(struct peel_store *s, const peel_reader *rd, peel_date asof,
                                  peel_doc *out, peel_err *err);

/* ---- rules shared by the views (register.c) ---- */

/* Strict "HH:MM". */
bool peel_reg_time_valid(const char *s);

#endif
