/* types.c - the engagement record types (engagement.h): pause, engagement
 * (with its lifecycle), theme, feedback and ysdw, and their rules.  The
 * rules that need other records (a date in a pause, feedback relayed before
 * its engagement, a published entry answering unpublished feedback) are
 * check_store hooks, so the command line, CSV import, the forms and the API
 * all refuse the same input, naming the field. */
#include "engagement/engagement.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/date.h"
#include "crime/shapes.h"
#include "domain/geo.h"
#include "model/record.h"
#include "model/records.h"
#include "model/transition.h"
#include "store/store.h"

/* ---- small helpers for the rules ---- */

/* Loads the record a REF field points at (resolved to an id); NULL when unset. */
static int get_ref(peel_store *s, const peel_record *r, int field, peel_record **out, peel_err *err)
{
    const peel_field *f = &r->type->fields[field];
    *out = NULL;
    if (!peel_rec_has(r, field) || r->v[field].s)
        return 0;
    return peel_store_get(s, peel_type_find(f->ref_type), r->v[field].i, out, err);
}

/* clang-format off */
#define PROVENANCE                                                                            \
    {.name = "provenance", .label = "Source", .type = PEEL_F_TEXT, .max = 500,                \
     .flags = PEEL_INTERNAL,                                                                  \
     .help = "Where this was transcribed from: paper, page, paragraph"}
/* clang-format on */

/* A date range's end before its start: an error on the end field. */
static void check_range(const peel_record *r, int from, int to, const char *what,
                        peel_fielderrs *errs)
{
    char a[11], b[11];
    if (!peel_rec_has(r, from) || !peel_rec_has(r, to) ||
        peel_rec_int(r, to) >= peel_rec_int(r, from))
        return;
    peel_date_format((peel_date)peel_rec_int(r, to), a);
    peel_date_format((peel_date)peel_rec_int(r, from), b);
    peel_fielderrs_add(errs, peel_rec_field_name(r, to), "%s is before %s starts (%s)", a, what, b);
}

/* ---- pause ---- */

/* clang-format off */
static const peel_field pause_fields[PEEL_PAUSE_NFIELDS] = {
    [PEEL_PAUSE_NAME] = {.name = "name", .label = "Name", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 200,
     .help = "\"Pre-election period, May 2024\""},
    [PEEL_PAUSE_FROM] = {.name = "from", .label = "From", .type = PEEL_F_DATE,
     .help = "The first day engagement stops; empty when the paper does not give it"},
    [PEEL_PAUSE_TO] = {.name = "to", .label = "To", .type = PEEL_F_DATE,
     .help = "The last day engagement stops; empty when the paper does not give it"},
    [PEEL_PAUSE_NOTE] = {.name = "note", .label = "Note", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 2000,
     .help = "What the paper says of the pause, and what it does not give"},
    [PEEL_PAUSE_PROVENANCE] = PROVENANCE,
    [PEEL_PAUSE_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void pause_check(const peel_record *r, peel_fielderrs *errs)
{
    check_range(r, PEEL_PAUSE_FROM, PEEL_PAUSE_TO, "the pause", errs);
    if (peel_rec_has(r, PEEL_PAUSE_TO) != peel_rec_has(r, PEEL_PAUSE_FROM))
        peel_fielderrs_add(errs,
                           peel_rec_field_name(r, peel_rec_has(r, PEEL_PAUSE_TO) ? PEEL_PAUSE_FROM
                                                                                 : PEEL_PAUSE_TO),
                           "is required when %s is given: a pause has both ends or neither",
                           peel_rec_field_name(r, peel_rec_has(r, PEEL_PAUSE_TO)
                                                      ? PEEL_PAUSE_TO
                                                      : PEEL_PAUSE_FROM));
}

typedef struct inside_ctx {
    int64_t from, to;
    char ref[61], date[11];
    bool found;
} inside_ctx;

static int inside_cb(void *ctx, const peel_record *e, peel_err *err)
{
    inside_ctx *c = ctx;
    (void)err;
    snprintf(c->ref, sizeof c->ref, "%s", peel_rec_str(e, PEEL_ENG_REF));
    peel_date_format((peel_date)peel_rec_int(e, PEEL_ENG_DATE), c->date);
    c->found = true;
    return 1;
}

/* A pause may not cover an engagement already dated inside it: the
 * engagement's own rule, read from the other side. */
static int pause_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                             peel_fielderrs *errs, peel_err *err)
{
    (void)old;
    if (!peel_rec_has(r, PEEL_PAUSE_FROM) || !peel_rec_has(r, PEEL_PAUSE_TO))
        return 0;
    const peel_field *date = &peel_type_engagement.fields[PEEL_ENG_DATE];
    peel_filter f[2] = {
        {.field = date,
         .op = PEEL_OP_GE,
         .v = {.set = true, .i = peel_rec_int(r, PEEL_PAUSE_FROM)}},
        {.field = date, .op = PEEL_OP_LE, .v = {.set = true, .i = peel_rec_int(r, PEEL_PAUSE_TO)}},
    };
    inside_ctx c = {0};
    if (peel_store_select(s,
                          &(peel_query){.type = &peel_type_engagement,
                                        .filters = f,
                                        .nfilters = 2,
                                        .order = date,
                                        .limit = 1},
                          inside_cb, &c, err) < 0)
        return -1;
    if (c.found)
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_PAUSE_FROM),
                           "engagement %s is dated %s, inside this pause: a pause is when "
                           "engagement stops",
                           c.ref, c.date);
    return 0;
}

/* clang-format off */
const peel_type peel_type_pause = {
    .name = "pause",
    .label = "Engagement pause",
    .plural = "Engagement pauses",
    .one = "an engagement pause",
    .help = "A period in which engagement stops (the pre-election period): no engagement may "
            "be dated inside it",
    .fields = pause_fields,
    .nfields = PEEL_NFIELDS(pause_fields),
    .key = "name",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_PAUSE_FROM, PEEL_PAUSE_TO),
    .check = pause_check,
    .check_store = pause_check_store,
};
/* clang-format on */

/* ---- engagement ---- */

static const peel_option eng_kinds[] = {
    {"community_day", "Community day"},
    {"community_event", "Community event"},
    {"concern_meeting", "Meeting about a concern"},
    {"service_visit", "Visit to a commissioned service"},
    {"surgery", "Surgery"},
    {"councillor_meeting", "Meeting with councillors"},
    {"other", "Other"},
    {0},
};

static const peel_option eng_initiated[] = {
    {"opcc_programme", "The OPCC's programme"},
    {"invitation", "An invitation"},
    {"request", "A request to meet"},
    {"other", "Other"},
    {0},
};

/* The lifecycle: planned, advertised (a community day is advertised on
 * social media), held, debriefed (the PCC debriefs the team and actions
 * are logged), published (the outcome shared with the community); or
 * cancelled before it is held.  A meeting that is not advertised goes from
 * planned to held; an outcome may be published without a recorded debrief. */
#define ENG_BY_STAFF (PEEL_LC_STAFF | PEEL_LC_ADMIN)
#define ENG_TO(from, to, verb, needs)                                                              \
    {                                                                                              \
        from, to, verb, ENG_BY_STAFF, needs, PEEL_LC_CLOCK_KEEP                                    \
    }

/* clang-format off */
static const peel_lc_state eng_states[] = {
    {"planned", "Planned", false},
    {"advertised", "Advertised", false},
    {"held", "Held", false},
    {"debriefed", "Debriefed", false},
    {"published", "Outcome published", true},
    {"cancelled", "Cancelled", true},
    {0},
};

static const peel_lc_transition eng_transitions[] = {
    ENG_TO("planned", "advertised", "Mark advertised", 0),
    ENG_TO("planned", "held", "Mark held", 0),
    ENG_TO("planned", "cancelled", "Cancel", PEEL_LC_NOTE),
    ENG_TO("advertised", "held", "Mark held", 0),
    ENG_TO("advertised", "cancelled", "Cancel", PEEL_LC_NOTE),
    ENG_TO("held", "debriefed", "Record the debrief", 0),
    ENG_TO("held", "published", "Record the outcome published", PEEL_LC_EVIDENCE),
    ENG_TO("debriefed", "published", "Record the outcome published", PEEL_LC_EVIDENCE),
    ENG_TO("cancelled", "planned", "Reinstate", PEEL_LC_NOTE),
    {0},
};

const peel_lifecycle peel_engagement_lifecycle = {
    .states = eng_states,
    .initial = "planned",
    .transitions = eng_transitions,
    .start = "date",
};
/* clang-format on */

static int eng_state(peel_store *s, const peel_record *r, const char **label, peel_err *err)
{
    peel_history h;
    if (peel_transition_history(s, &peel_type_engagement, r->id, &h, err) < 0)
        return -1;
    const peel_lc_state *st = peel_lifecycle_state(
        &peel_engagement_lifecycle,
        peel_history_state_on(&peel_engagement_lifecycle, &h, r->id, peel_clock_today(), NULL));
    *label = st ? st->label : eng_states[0].label;
    peel_history_release(&h);
    return 0;
}

static const peel_related engagements_of_district = {
    .heading = "Engagements in this district",
    .position = 30,
    .sort = "date",
    .order = PEEL_ORDER_DESC,
    .columns = PEEL_SUMMARY(PEEL_ENG_KIND, PEEL_ENG_DATE, PEEL_ENG_HELD_FROM, PEEL_ENG_HELD_TO),
    .state = eng_state,
};

static const peel_related engagements_of_npa = {
    .heading = "Engagements in this neighbourhood policing area",
    .position = 31,
    .sort = "date",
    .order = PEEL_ORDER_DESC,
    .columns = PEEL_SUMMARY(PEEL_ENG_KIND, PEEL_ENG_DATE, PEEL_ENG_HELD_FROM, PEEL_ENG_HELD_TO),
    .state = eng_state,
};

/* clang-format off */
static const peel_field eng_fields[PEEL_ENG_NFIELDS] = {
    [PEEL_ENG_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 60,
     .help = "\"001-6a\": the paper and paragraph it is transcribed from, or the office's own"},
    [PEEL_ENG_TITLE] = {.name = "title", .label = "Title", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 300},
    [PEEL_ENG_KIND] = {.name = "kind", .label = "Kind", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = eng_kinds},
    [PEEL_ENG_DATE] = {.name = "date", .label = "Date", .type = PEEL_F_DATE,
     .help = "The day it was (or is to be) held; empty when the paper gives only a period"},
    [PEEL_ENG_HELD_FROM] = {.name = "held_from", .label = "Held between (from)",
     .type = PEEL_F_DATE,
     .help = "When the day is not known: the first day of the period it fell in"},
    [PEEL_ENG_HELD_TO] = {.name = "held_to", .label = "Held between (to)", .type = PEEL_F_DATE,
     .help = "When the day is not known: the last day of the period it fell in"},
    [PEEL_ENG_ATTENDED_BY] = {.name = "attended_by", .label = "Attended by", .type = PEEL_F_TEXT,
     .max = 300, .help = "The PCC, the Deputy, staff, as the paper names them"},
    [PEEL_ENG_DISTRICT] = {.name = "district", .label = "District", .type = PEEL_F_REF,
     .ref_type = "area", .related = &engagements_of_district},
    [PEEL_ENG_NPA] = {.name = "npa", .label = "Neighbourhood policing area", .type = PEEL_F_REF,
     .ref_type = "area", .related = &engagements_of_npa},
    [PEEL_ENG_PLACE] = {.name = "place", .label = "Place", .type = PEEL_F_TEXT, .max = 300},
    [PEEL_ENG_POINT] = {.name = "point", .label = "Map point", .type = PEEL_F_POINT},
    [PEEL_ENG_INITIATED_BY] = {.name = "initiated_by", .label = "Initiated by",
     .type = PEEL_F_ENUM, .options = eng_initiated,
     .help = "How it came about: the Panel asks how every visit was initiated"},
    [PEEL_ENG_INITIATED_WHY] = {.name = "initiated_why", .label = "Why", .type = PEEL_F_TEXT,
     .max = 1000, .help = "The reason for the visit or meeting"},
    [PEEL_ENG_COUNCILLORS_CONTACTED] = {.name = "councillors_contacted",
     .label = "Councillors contacted", .type = PEEL_F_BOOL,
     .help = "Every local councillor contacted beforehand"},
    [PEEL_ENG_ADVERTISED] = {.name = "advertised", .label = "Advertised", .type = PEEL_F_BOOL,
     .help = "Advertised on social media"},
    [PEEL_ENG_SURVEY] = {.name = "survey", .label = "Survey run", .type = PEEL_F_BOOL},
    [PEEL_ENG_OUTCOME_PUBLISHED_AT] = {.name = "outcome_published_at",
     .label = "Outcome published at", .type = PEEL_F_TEXT, .max = 500,
     .help = "Where the outcome was shared: website, newsletter, social media"},
    [PEEL_ENG_NOTE] = {.name = "note", .label = "Note", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 2000,
     .help = "What the paper does not give"},
    [PEEL_ENG_PROVENANCE] = PROVENANCE,
    [PEEL_ENG_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void eng_check(const peel_record *r, peel_fielderrs *errs)
{
    char a[11], b[11];
    check_range(r, PEEL_ENG_HELD_FROM, PEEL_ENG_HELD_TO, "the period", errs);
    if (peel_rec_has(r, PEEL_ENG_HELD_FROM) != peel_rec_has(r, PEEL_ENG_HELD_TO))
        peel_fielderrs_add(
            errs,
            peel_rec_field_name(r, peel_rec_has(r, PEEL_ENG_HELD_FROM) ? PEEL_ENG_HELD_TO
                                                                       : PEEL_ENG_HELD_FROM),
            "is required with %s: the period has both ends or neither",
            peel_rec_field_name(r, peel_rec_has(r, PEEL_ENG_HELD_FROM) ? PEEL_ENG_HELD_FROM
                                                                       : PEEL_ENG_HELD_TO));
    if (!peel_rec_has(r, PEEL_ENG_DATE))
        return;
    if (peel_rec_has(r, PEEL_ENG_HELD_FROM) &&
        peel_rec_int(r, PEEL_ENG_DATE) < peel_rec_int(r, PEEL_ENG_HELD_FROM)) {
        peel_date_format((peel_date)peel_rec_int(r, PEEL_ENG_DATE), a);
        peel_date_format((peel_date)peel_rec_int(r, PEEL_ENG_HELD_FROM), b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_ENG_DATE),
                           "%s is before held_from (%s)", a, b);
    }
    if (peel_rec_has(r, PEEL_ENG_HELD_TO) &&
        peel_rec_int(r, PEEL_ENG_DATE) > peel_rec_int(r, PEEL_ENG_HELD_TO)) {
        peel_date_format((peel_date)peel_rec_int(r, PEEL_ENG_DATE), a);
        peel_date_format((peel_date)peel_rec_int(r, PEEL_ENG_HELD_TO), b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_ENG_DATE), "%s is after held_to (%s)",
                           a, b);
    }
}

typedef struct pause_ctx {
    int64_t day;
    char name[201];
    bool found;
} pause_ctx;

static int pause_cb(void *ctx, const peel_record *p, peel_err *err)
{
    pause_ctx *c = ctx;
    (void)err;
    if (peel_rec_has(p, PEEL_PAUSE_FROM) && peel_rec_has(p, PEEL_PAUSE_TO) &&
        peel_rec_int(p, PEEL_PAUSE_FROM) <= c->day && c->day <= peel_rec_int(p, PEEL_PAUSE_TO)) {
        snprintf(c->name, sizeof c->name, "%s", peel_rec_str(p, PEEL_PAUSE_NAME));
        c->found = true;
        return 1;
    }
    return 0;
}

/* The area a REF field points at must be of the kind the field names. */
static int check_area_kind(peel_store *s, const peel_record *r, int field, const char *kind,
                           const char *what, peel_fielderrs *errs, peel_err *err)
{
    peel_record *a = NULL;

    if (get_ref(s, r, field, &a, err) < 0)
        return -1;
    if (a && strcmp(peel_rec_str(a, PEEL_AREA_KIND), kind))
        peel_fielderrs_add(errs, peel_rec_field_name(r, field), "area %s is not a %s",
                           peel_rec_str(a, PEEL_AREA_CODE), what);
    peel_record_free(a);
    return 0;
}

/* Where the map point lies among the districts' boundaries. */
typedef struct where_ctx {
    double lat, lon;
    int inside, outside, unknown; /* districts holding it, not, without a boundary */
    bool failed;
} where_ctx;

static int where_cb(void *ctx, const peel_record *a, peel_err *err)
{
    where_ctx *c = ctx;
    int h = peel_shapes_district_holds(NULL, peel_rec_str(a, PEEL_AREA_CODE), c->lon, c->lat);
    if (h < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory reading a district's boundary");
    c->inside += h == 1;
    c->outside += h == 0;
    c->unknown += h == 2;
    return c->inside ? 1 : 0;
}

/* The map point must lie in the district the engagement names, or, when
 * it names none, in some district of the force area.  Decided only from
 * the ONS boundaries installed (crime/shapes.h): where a boundary is
 * missing nothing is claimed. */
static int check_point(peel_store *s, const peel_record *r, peel_fielderrs *errs, peel_err *err)
{
    const peel_value *pt = &r->v[PEEL_ENG_POINT];
    peel_record *d = NULL;

    if (!pt->set)
        return 0;
    if (peel_rec_has(r, PEEL_ENG_DISTRICT)) {
        if (get_ref(s, r, PEEL_ENG_DISTRICT, &d, err) < 0)
            return -1;
        if (!d || strcmp(peel_rec_str(d, PEEL_AREA_KIND), "district")) {
            peel_record_free(d);
            return 0; /* an unknown area or not a district: refused elsewhere */
        }
        int h = peel_shapes_district_holds(NULL, peel_rec_str(d, PEEL_AREA_CODE), pt->lon, pt->lat);
        if (h < 0) {
            peel_record_free(d);
            return peel_err_set(err, PEEL_ENOMEM, "out of memory reading a district's boundary");
        }
        if (h == 0)
            peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_ENG_POINT),
                               "%.5f,%.5f is outside district %s %s: check the point or the "
                               "district",
                               pt->lat, pt->lon, peel_rec_str(d, PEEL_AREA_CODE),
                               peel_rec_str(d, PEEL_AREA_NAME));
        peel_record_free(d);
        return 0;
    }
    const peel_field *kind = &peel_type_area.fields[PEEL_AREA_KIND];
    peel_filter f = {.field = kind, .op = PEEL_OP_EQ, .v = {.set = true, .s = (char *)"district"}};
    where_ctx c = {.lat = pt->lat, .lon = pt->lon};
    if (peel_store_select(s, &(peel_query){.type = &peel_type_area, .filters = &f, .nfilters = 1},
                          where_cb, &c, err) < 0)
        return -1;
    if (!c.inside && !c.unknown && c.outside)
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_ENG_POINT),
                           "%.5f,%.5f is outside every district of the force area", pt->lat,
                           pt->lon);
    return 0;
}

static int eng_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                           peel_fielderrs *errs, peel_err *err)
{
    (void)old;
    if (check_area_kind(s, r, PEEL_ENG_DISTRICT, "district", "district", errs, err) < 0 ||
        check_area_kind(s, r, PEEL_ENG_NPA, "npa", "neighbourhood policing area", errs, err) < 0 ||
        check_point(s, r, errs, err) < 0)
        return -1;
    if (peel_rec_has(r, PEEL_ENG_DATE)) {
        pause_ctx c = {.day = peel_rec_int(r, PEEL_ENG_DATE)};
        char a[11];
        if (peel_store_select(s, &(peel_query){.type = &peel_type_pause}, pause_cb, &c, err) < 0)
            return -1;
        if (c.found) {
            peel_date_format((peel_date)c.day, a);
            peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_ENG_DATE),
                               "%s is inside the pause '%s': engagement stops then", a, c.name);
        }
    }
    return 0;
}

/* clang-format off */
const peel_type peel_type_engagement = {
    .name = "engagement",
    .label = "Engagement",
    .plural = "Engagements",
    .one = "an engagement",
    .help = "A community day or other visit or meeting of the PCC or Deputy with the public: "
            "where, how it came about, and its state (planned, advertised, held, debriefed, "
            "outcome published, or cancelled)",
    .fields = eng_fields,
    .nfields = PEEL_NFIELDS(eng_fields),
    .key = "ref",
    .title = "title",
    .summary = PEEL_SUMMARY(PEEL_ENG_KIND, PEEL_ENG_DATE, PEEL_ENG_HELD_FROM, PEEL_ENG_HELD_TO,
                            PEEL_ENG_DISTRICT),
    .check = eng_check,
    .check_store = eng_check_store,
    .open_on = peel_transition_open_on,
    .lifecycle = &peel_engagement_lifecycle,
    .order = &eng_fields[PEEL_ENG_DATE],
    .order_dir = PEEL_ORDER_DESC,
    .search = PEEL_SEARCH(PEEL_ENG_REF, PEEL_ENG_TITLE, PEEL_ENG_PLACE),
    .search_date = &eng_fields[PEEL_ENG_DATE],
};
/* clang-format on */

/* ---- theme ---- */

/* clang-format off */
static const peel_field theme_fields[PEEL_THEME_NFIELDS] = {
    [PEEL_THEME_NAME] = {.name = "name", .label = "Theme", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 200,
     .help = "\"Road safety\", as the paper names it"},
    [PEEL_THEME_PERIOD] = {.name = "period", .label = "Period", .type = PEEL_F_TEXT, .max = 200,
     .help = "The period the theme was reported for, as the paper names it"},
    [PEEL_THEME_FROM] = {.name = "from", .label = "From", .type = PEEL_F_DATE,
     .help = "The period's first day"},
    [PEEL_THEME_TO] = {.name = "to", .label = "To", .type = PEEL_F_DATE,
     .help = "The period's last day"},
    [PEEL_THEME_PROVENANCE] = PROVENANCE,
    [PEEL_THEME_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static void theme_check(const peel_record *r, peel_fielderrs *errs)
{
    check_range(r, PEEL_THEME_FROM, PEEL_THEME_TO, "the period", errs);
}

/* clang-format off */
const peel_type peel_type_theme = {
    .name = "theme",
    .label = "Theme",
    .plural = "Themes",
    .help = "A theme that came out of the PCC's engagements in a period (road safety, "
            "anti-social behaviour)",
    .fields = theme_fields,
    .nfields = PEEL_NFIELDS(theme_fields),
    .key = "name",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_THEME_PERIOD),
    .check = theme_check,
};
/* clang-format on */

/* ---- feedback ---- */

static const peel_option polarities[] = {
    {"positive", "Positive"},
    {"negative", "Negative"},
    {"neutral", "Neutral"},
    {0},
};

static const peel_related feedback_of_engagement = {
    .heading = "Feedback",
    .position = 10,
    .sort = "ref",
    .columns =
        PEEL_SUMMARY(PEEL_FB_POLARITY, PEEL_FB_THEME, PEEL_FB_RELAYED_TO, PEEL_FB_RELAYED_ON),
};

static const peel_related feedback_of_theme = {
    .heading = "Feedback",
    .position = 10,
    .sort = "ref",
    .columns = PEEL_SUMMARY(PEEL_FB_ENGAGEMENT, PEEL_FB_POLARITY, PEEL_FB_RELAYED_ON),
};

/* clang-format off */
static const peel_field fb_fields[PEEL_FB_NFIELDS] = {
    [PEEL_FB_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 60},
    [PEEL_FB_ENGAGEMENT] = {.name = "engagement", .label = "Engagement", .type = PEEL_F_REF,
     .flags = PEEL_REQUIRED, .ref_type = "engagement", .related = &feedback_of_engagement},
    [PEEL_FB_POLARITY] = {.name = "polarity", .label = "Positive or negative",
     .type = PEEL_F_ENUM, .flags = PEEL_REQUIRED, .options = polarities},
    [PEEL_FB_THEME] = {.name = "theme", .label = "Theme", .type = PEEL_F_REF,
     .ref_type = "theme", .related = &feedback_of_theme},
    [PEEL_FB_SUMMARY] = {.name = "summary", .label = "What was raised", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_MULTILINE, .max = 4000,
     .help = "No names or contact details here: they go in the resident fields"},
    [PEEL_FB_RELAYED_TO] = {.name = "relayed_to", .label = "Relayed to", .type = PEEL_F_TEXT,
     .max = 300,
     .help = "The force, a partner, the Neighbourhood Area Commander"},
    [PEEL_FB_RELAYED_ON] = {.name = "relayed_on", .label = "Relayed on", .type = PEEL_F_DATE},
    [PEEL_FB_RESIDENT_NAME] = {.name = "resident_name", .label = "Resident's name",
     .type = PEEL_F_TEXT, .flags = PEEL_INTERNAL | PEEL_PERSONAL, .max = 200,
     .help = "Personal data: staff only, never shown to the Panel or the public; erased on "
             "request (peel erase)"},
    [PEEL_FB_RESIDENT_CONTACT] = {.name = "resident_contact", .label = "Resident's contact details",
     .type = PEEL_F_TEXT, .flags = PEEL_INTERNAL | PEEL_PERSONAL, .max = 500,
     .help = "Personal data: staff only, never shown to the Panel or the public; erased on "
             "request (peel erase)"},
    [PEEL_FB_PROVENANCE] = PROVENANCE,
    [PEEL_FB_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

typedef struct answered_ctx {
    char ref[61];
    bool found;
} answered_ctx;

static int answered_cb(void *ctx, const peel_record *y, peel_err *err)
{
    answered_ctx *c = ctx;
    (void)err;
    snprintf(c->ref, sizeof c->ref, "%s", peel_rec_str(y, PEEL_YSDW_REF));
    c->found = true;
    return 1;
}

/* Feedback a published "You said, we did" entry answers stays published:
 * the entry's rule, read from the other side. */
static int fb_check_unpublish(peel_store *s, const peel_record *old, const peel_record *r,
                              peel_fielderrs *errs, peel_err *err)
{
    if (!old || !peel_rec_int(old, PEEL_FB_PUBLISH) || peel_rec_int(r, PEEL_FB_PUBLISH))
        return 0;
    const peel_type *y = &peel_type_ysdw;
    peel_filter f[2] = {
        {.field = &y->fields[PEEL_YSDW_FEEDBACK],
         .op = PEEL_OP_EQ,
         .v = {.set = true, .i = old->id}},
        {.field = &y->fields[PEEL_YSDW_PUBLISH], .op = PEEL_OP_EQ, .v = {.set = true, .i = 1}},
    };
    answered_ctx c = {0};
    if (peel_store_select(s, &(peel_query){.type = y, .filters = f, .nfilters = 2, .limit = 1},
                          answered_cb, &c, err) < 0)
        return -1;
    if (c.found)
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_FB_PUBLISH),
                           "the published \"You said, we did\" entry %s answers this feedback: "
                           "unpublish the entry first",
                           c.ref);
    return 0;
}

static int fb_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                          peel_fielderrs *errs, peel_err *err)
{
    peel_record *e = NULL;
    char a[11], b[11];

    if (fb_check_unpublish(s, old, r, errs, err) < 0)
        return -1;
    if (!peel_rec_has(r, PEEL_FB_RELAYED_ON))
        return 0;
    if (get_ref(s, r, PEEL_FB_ENGAGEMENT, &e, err) < 0)
        return -1;
    if (!e)
        return 0;
    /* Before the engagement's day, or before the first day of the period
     * it fell in when its day is not known. */
    int day = peel_rec_has(e, PEEL_ENG_DATE) ? PEEL_ENG_DATE : PEEL_ENG_HELD_FROM;
    if (peel_rec_has(e, day) && peel_rec_int(r, PEEL_FB_RELAYED_ON) < peel_rec_int(e, day)) {
        peel_date_format((peel_date)peel_rec_int(r, PEEL_FB_RELAYED_ON), a);
        peel_date_format((peel_date)peel_rec_int(e, day), b);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_FB_RELAYED_ON),
                           "%s is before engagement %s was held (%s%s)", a,
                           peel_rec_str(e, PEEL_ENG_REF), day == PEEL_ENG_DATE ? "" : "not before ",
                           b);
    }
    peel_record_free(e);
    return 0;
}

/* clang-format off */
const peel_type peel_type_feedback = {
    .name = "feedback",
    .label = "Feedback",
    .plural = "Feedback",
    .one = "feedback",
    .help = "What was raised at an engagement, positive or negative, and to whom it was "
            "relayed; the resident's name and contact details are staff only",
    .fields = fb_fields,
    .nfields = PEEL_NFIELDS(fb_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_FB_ENGAGEMENT, PEEL_FB_POLARITY, PEEL_FB_THEME,
                            PEEL_FB_RELAYED_ON),
    .check_store = fb_check_store,
    .search = PEEL_SEARCH(PEEL_FB_REF, PEEL_FB_SUMMARY),
};
/* clang-format on */

/* ---- ysdw ---- */

/* clang-format off */
static const peel_field ysdw_fields[PEEL_YSDW_NFIELDS] = {
    [PEEL_YSDW_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 60},
    [PEEL_YSDW_YOU_SAID] = {.name = "you_said", .label = "You said", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 2000,
     .help = "What people said; empty when the paper does not say"},
    [PEEL_YSDW_WE_DID] = {.name = "we_did", .label = "We did", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_MULTILINE, .max = 4000},
    [PEEL_YSDW_PUBLISHED_AT] = {.name = "published_at", .label = "Published at",
     .type = PEEL_F_TEXT, .max = 500},
    [PEEL_YSDW_FEEDBACK] = {.name = "feedback", .label = "Feedback answered", .type = PEEL_F_REF,
     .ref_type = "feedback"},
    [PEEL_YSDW_PROVENANCE] = PROVENANCE,
    [PEEL_YSDW_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

static int ysdw_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                            peel_fielderrs *errs, peel_err *err)
{
    peel_record *fb = NULL;

    (void)old;
    if (!peel_rec_int(r, PEEL_YSDW_PUBLISH))
        return 0;
    if (get_ref(s, r, PEEL_YSDW_FEEDBACK, &fb, err) < 0)
        return -1;
    if (fb && !peel_rec_int(fb, PEEL_FB_PUBLISH))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_YSDW_FEEDBACK),
                           "feedback %s is not published: publish it first, or leave this "
                           "entry unpublished",
                           peel_rec_str(fb, PEEL_FB_REF));
    peel_record_free(fb);
    return 0;
}

/* clang-format off */
const peel_type peel_type_ysdw = {
    .name = "ysdw",
    .label = "You said, we did",
    .plural = "You said, we did",
    .one = "a \"You said, we did\" entry",
    .help = "What people said and what was done about it, as published",
    .fields = ysdw_fields,
    .nfields = PEEL_NFIELDS(ysdw_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_YSDW_WE_DID, PEEL_YSDW_PUBLISHED_AT),
    .check_store = ysdw_check_store,
    .search = PEEL_SEARCH(PEEL_YSDW_YOU_SAID, PEEL_YSDW_WE_DID),
};
/* clang-format on */
