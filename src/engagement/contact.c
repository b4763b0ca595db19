/* contact.c - `contact` (engagement.h): correspondence and casework.  A
 * resident, councillor or MP writes to the PCC by the public contact form
 * (contact_pages.c), email, letter or phone; the office routes it to an
 * owner or relays it to the force and answers it within its target in
 * working days.  Its lifecycle: received, acknowledged, with the force,
 * answered, closed.
 *
 * The type has no publish field, so no one but staff may list, open,
 * search or count its records (model/reader.h); the sender's details and
 * the message are personal data (PEEL_PERSONAL: staff only, erased on
 * request by `peel erase contact REF`).  The hash of the sender's status
 * token is a SECRET field: stored, never shown, exported or logged.  The
 * rules are in docs/METHODS.md, "Engagement". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/date.h"
#include "core/log.h"
#include "engagement/engagement.h"

#include "app/settings.h"
#include "model/record.h"
#include "model/transition.h"
#include "store/store.h"

/* ---- the target ---- */

int peel_contact_target_days(peel_store *s, int *out, peel_err *err)
{
    long long n;
    if (peel_setting_int(s, "contact_reply_days", &n, err) < 0)
        return -1;
    *out = (int)n;
    return 0;
}

int peel_contact_due(peel_store *s, peel_date received, peel_date *due, peel_err *err)
{
    int days;
    if (peel_contact_target_days(s, &days, err) < 0)
        return -1;
    return peel_workday_add(received, days, due, err);
}

/* ---- references ---- */

typedef struct next_ctx {
    char prefix[16];
    long max;
} next_ctx;

static int next_cb(void *ctx, const peel_record *r, peel_err *err)
{
    next_ctx *c = ctx;
    const char *ref = peel_rec_str(r, PEEL_CONTACT_REF);
    size_t n = strlen(c->prefix);
    char *end;
    long k;
    (void)err;

    if (strncmp(ref, c->prefix, n) || !ref[n])
        return 0;
    k = strtol(ref + n, &end, 10);
    if (!*end && k > c->max)
        c->max = k;
    return 0;
}

int peel_contact_next_ref(peel_store *s, int year, char out[32], peel_err *err)
{
    next_ctx c = {.max = 0};
    snprintf(c.prefix, sizeof c.prefix, "C-%04d-", year);
    if (peel_store_select(s, &(peel_query){.type = &peel_type_contact}, next_cb, &c, err) < 0)
        return -1;
    snprintf(out, 32, "%s%04ld", c.prefix, c.max + 1);
    return 0;
}

/* ---- the lifecycle ---- */

/* Received, acknowledged (the sender told it has arrived), with the force
 * (relayed for the force to answer or act on), answered (a reply sent:
 * the target is met, the clock stops), closed (nothing more to do).  A
 * contact may be answered at once, without an acknowledgement; one that
 * needs no answer (spam, a duplicate, withdrawn) is closed with a note
 * saying why; a closed one may be reopened with a note. */
#define BY_STAFF (PEEL_LC_STAFF | PEEL_LC_ADMIN)
#define C_TO(from, to, verb, needs, clock)                                                         \
    {                                                                                              \
        from, to, verb, BY_STAFF, needs, clock                                                     \
    }

/* clang-format off */
static const peel_lc_state contact_states[] = {
    {"received", "Received", false},
    {"acknowledged", "Acknowledged", false},
    {"with_force", "With the force", false},
    {"answered", "Answered", true},
    {"closed", "Closed", true},
    {0},
};

static const peel_lc_transition contact_transitions[] = {
    C_TO("received", "acknowledged", "Acknowledge", 0, PEEL_LC_CLOCK_KEEP),
    C_TO("received", "with_force", "Relay to the force", 0, PEEL_LC_CLOCK_KEEP),
    C_TO("received", "answered", "Record the reply", 0, PEEL_LC_CLOCK_STOP),
    C_TO("received", "closed", "Close without a reply", PEEL_LC_NOTE, PEEL_LC_CLOCK_STOP),
    C_TO("acknowledged", "with_force", "Relay to the force", 0, PEEL_LC_CLOCK_KEEP),
    C_TO("acknowledged", "answered", "Record the reply", 0, PEEL_LC_CLOCK_STOP),
    C_TO("acknowledged", "closed", "Close without a reply", PEEL_LC_NOTE, PEEL_LC_CLOCK_STOP),
    C_TO("with_force", "answered", "Record the reply", 0, PEEL_LC_CLOCK_STOP),
    C_TO("with_force", "closed", "Close without a reply", PEEL_LC_NOTE, PEEL_LC_CLOCK_STOP),
    C_TO("answered", "closed", "Close", 0, PEEL_LC_CLOCK_KEEP),
    C_TO("answered", "acknowledged", "Reopen", PEEL_LC_NOTE, PEEL_LC_CLOCK_RESUME),
    C_TO("closed", "received", "Reopen", PEEL_LC_NOTE, PEEL_LC_CLOCK_RESUME),
    {0},
};

const peel_lifecycle peel_contact_lifecycle = {
    .states = contact_states,
    .initial = "received",
    .transitions = contact_transitions,
    .start = "received",
    .clock_label = "Days open",
};
/* clang-format on */

int peel_contact_state(peel_store *s, const peel_record *r, const char **label, peel_date *answered,
                       peel_err *err)
{
    peel_history h;
    const peel_transition *last = NULL;
    size_t first, n;

    if (peel_transition_history(s, &peel_type_contact, r->id, &h, err) < 0)
        return -1;
    const peel_lc_state *st = peel_lifecycle_state(
        &peel_contact_lifecycle,
        peel_history_state_on(&peel_contact_lifecycle, &h, r->id, peel_clock_today(), &last));
    *label = st ? st->label : contact_states[0].label;
    *answered = 0;
    /* Only while it stands answered (or closed after it): a reopened
     * contact is not answered, whatever it once was. */
    if (!st || (strcmp(st->value, "answered") && strcmp(st->value, "closed"))) {
        peel_history_release(&h);
        return 0;
    }
    *answered = (peel_date)peel_rec_int(r, PEEL_CONTACT_ANSWERED_ON);
    n = peel_history_of(&h, r->id, &first);
    for (size_t i = first; !peel_rec_has(r, PEEL_CONTACT_ANSWERED_ON) && i < first + n; i++)
        if (!strcmp(h.v[i].to, "answered") && h.v[i].date <= peel_clock_today())
            *answered = h.v[i].date;
    peel_history_release(&h);
    return 0;
}

/* ---- the type ---- */

static const peel_option channels[] = {
    {"web_form", "Contact form on peel's site"},
    {"email", "Email"},
    {"letter", "Letter"},
    {"phone", "Phone"},
    {0},
};

static const peel_option sender_kinds[] = {
    {"resident", "Resident"}, {"councillor", "Councillor"}, {"mp", "MP"}, {"other", "Other"}, {0},
};

static const peel_option reply_kinds[] = {
    {"written", "Written reply (letter or email)"},
    {"phone", "By phone"},
    {"none", "No reply needed"},
    {0},
};

static const peel_related contacts_of_owner = {
    .heading = "Correspondence owned",
    .position = 40,
    .sort = "received",
    .order = PEEL_ORDER_DESC,
    .columns = PEEL_SUMMARY(PEEL_CONTACT_SENDER_KIND, PEEL_CONTACT_RECEIVED, PEEL_CONTACT_DUE),
};

#define PERSONAL_HELP                                                                              \
    "Personal data: staff only, never shown to the Panel or the public; erased on request "        \
    "(peel erase)"

/* clang-format off */
static const peel_field contact_fields[PEEL_CONTACT_NFIELDS] = {
    [PEEL_CONTACT_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 60,
     .help = "\"C-2026-0001\": the contact form gives the next one of the year; for a letter "
             "or email, the office's own"},
    [PEEL_CONTACT_CHANNEL] = {.name = "channel", .label = "Received by", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = channels},
    [PEEL_CONTACT_SENDER_KIND] = {.name = "sender_kind", .label = "Sender is",
     .type = PEEL_F_ENUM, .flags = PEEL_REQUIRED, .options = sender_kinds},
    [PEEL_CONTACT_SENDER_NAME] = {.name = "sender_name", .label = "Sender's name",
     .type = PEEL_F_TEXT, .flags = PEEL_INTERNAL | PEEL_PERSONAL, .max = 200,
     .help = PERSONAL_HELP},
    [PEEL_CONTACT_SENDER_EMAIL] = {.name = "sender_email", .label = "Sender's email address",
     .type = PEEL_F_TEXT, .flags = PEEL_INTERNAL | PEEL_PERSONAL, .max = 254,
     .help = PERSONAL_HELP},
    [PEEL_CONTACT_SENDER_ADDRESS] = {.name = "sender_address", .label = "Sender's postal address",
     .type = PEEL_F_TEXT, .flags = PEEL_INTERNAL | PEEL_PERSONAL | PEEL_MULTILINE, .max = 500,
     .help = PERSONAL_HELP},
    [PEEL_CONTACT_SENDER_PHONE] = {.name = "sender_phone", .label = "Sender's phone number",
     .type = PEEL_F_TEXT, .flags = PEEL_INTERNAL | PEEL_PERSONAL, .max = 40,
     .help = PERSONAL_HELP},
    [PEEL_CONTACT_SUBJECT] = {.name = "subject", .label = "Subject", .type = PEEL_F_TEXT,
     .flags = PEEL_INTERNAL | PEEL_PERSONAL, .max = 200,
     .help = "As the sender gives it; it may name people, so it is personal data too"},
    [PEEL_CONTACT_MESSAGE] = {.name = "message", .label = "Message", .type = PEEL_F_TEXT,
     .flags = PEEL_INTERNAL | PEEL_PERSONAL | PEEL_MULTILINE, .max = 4000,
     .help = "What the sender wrote, kept as plain text (never shown as links); " PERSONAL_HELP},
    [PEEL_CONTACT_RECEIVED] = {.name = "received", .label = "Received on", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED},
    [PEEL_CONTACT_DUE] = {.name = "due", .label = "Reply due", .type = PEEL_F_DATE,
     .help = "The office's target in working days after it was received (docs/METHODS.md); "
             "the contact form sets it"},
    [PEEL_CONTACT_OWNER] = {.name = "owner", .label = "Owner", .type = PEEL_F_REF,
     .ref_type = "person", .related = &contacts_of_owner},
    [PEEL_CONTACT_RELAYED_ON] = {.name = "relayed_on", .label = "Relayed to the force on",
     .type = PEEL_F_DATE},
    [PEEL_CONTACT_ANSWERED_ON] = {.name = "answered_on", .label = "Answered on",
     .type = PEEL_F_DATE},
    [PEEL_CONTACT_REPLY_KIND] = {.name = "reply_kind", .label = "Reply", .type = PEEL_F_ENUM,
     .options = reply_kinds,
     .help = "The annual report counts the written replies (docs/METHODS.md)"},
    [PEEL_CONTACT_TOKEN_HASH] = {.name = "token_hash", .label = "Status token",
     .type = PEEL_F_SECRET, .flags = PEEL_READONLY, .max = 128,
     .help = "The hash of the token the sender was given to see the status; set by the "
             "contact form"},
    [PEEL_CONTACT_NOTE] = {.name = "note", .label = "Note", .type = PEEL_F_TEXT,
     .flags = PEEL_INTERNAL | PEEL_MULTILINE, .max = 2000,
     .help = "The office's working note: no names or contact details here"},
    [PEEL_CONTACT_PROVENANCE] = {.name = "provenance", .label = "Source", .type = PEEL_F_TEXT,
     .max = 500, .flags = PEEL_INTERNAL,
     .help = "Where this was transcribed from, when it was"},
};
/* clang-format on */

/* A date of the record before the day it was received: an error on it. */
static void not_before_received(const peel_record *r, int field, peel_fielderrs *errs)
{
    char a[11], b[11];
    if (!peel_rec_has(r, field) || !peel_rec_has(r, PEEL_CONTACT_RECEIVED) ||
        peel_rec_int(r, field) >= peel_rec_int(r, PEEL_CONTACT_RECEIVED))
        return;
    peel_date_format((peel_date)peel_rec_int(r, field), a);
    peel_date_format((peel_date)peel_rec_int(r, PEEL_CONTACT_RECEIVED), b);
    peel_fielderrs_add(errs, peel_rec_field_name(r, field),
                       "%s is before the contact was received (%s)", a, b);
}

static void contact_check(const peel_record *r, peel_fielderrs *errs)
{
    const char *email = peel_rec_str(r, PEEL_CONTACT_SENDER_EMAIL);
    const char *reply = peel_rec_str(r, PEEL_CONTACT_REPLY_KIND);
    const char *at = strchr(email, '@');

    not_before_received(r, PEEL_CONTACT_DUE, errs);
    not_before_received(r, PEEL_CONTACT_RELAYED_ON, errs);
    not_before_received(r, PEEL_CONTACT_ANSWERED_ON, errs);
    if (*email && (!at || at == email || !at[1] || strchr(at + 1, '@') || strpbrk(email, " \t")))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CONTACT_SENDER_EMAIL),
                           "is not an email address (name@example.org)");
    if ((!strcmp(reply, "written") || !strcmp(reply, "phone")) &&
        !peel_rec_has(r, PEEL_CONTACT_ANSWERED_ON))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CONTACT_ANSWERED_ON),
                           "is required when the reply is given: the day it was answered");
    if (!strcmp(reply, "none") && peel_rec_has(r, PEEL_CONTACT_ANSWERED_ON))
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CONTACT_REPLY_KIND),
                           "says no reply was needed, but answered_on is given");
}

static int contact_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                               peel_fielderrs *errs, peel_err *err)
{
    peel_history h;

    (void)s;
    if (!old || peel_rec_int(old, PEEL_CONTACT_RECEIVED) == peel_rec_int(r, PEEL_CONTACT_RECEIVED))
        return 0;
    /* Moving the received date must not put it after a recorded change
     * of state (the history is in date order: the first is the earliest). */
    if (peel_transition_history(s, &peel_type_contact, r->id, &h, err) < 0)
        return -1;
    if (h.n && h.v[0].date < peel_rec_int(r, PEEL_CONTACT_RECEIVED)) {
        char a[11];
        peel_date_format(h.v[0].date, a);
        peel_fielderrs_add(errs, peel_rec_field_name(r, PEEL_CONTACT_RECEIVED),
                           "is after the contact's first change of state (%s)", a);
    }
    peel_history_release(&h);
    return 0;
}

/* clang-format off */
const peel_type peel_type_contact = {
    .name = "contact",
    .label = "Correspondence",
    .plural = "Correspondence",
    .one = "correspondence",
    .help = "A letter, email, call or contact form from a resident, councillor or MP: who "
            "owns it, whether it went to the force, when it was answered; staff only, the "
            "sender's details personal data",
    .fields = contact_fields,
    .nfields = PEEL_NFIELDS(contact_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_CONTACT_CHANNEL, PEEL_CONTACT_SENDER_KIND,
                            PEEL_CONTACT_RECEIVED, PEEL_CONTACT_DUE, PEEL_CONTACT_OWNER),
    .check = contact_check,
    .check_store = contact_check_store,
    .due = &contact_fields[PEEL_CONTACT_DUE],
    .open_on = peel_transition_open_on,
    .lifecycle = &peel_contact_lifecycle,
    .order = &contact_fields[PEEL_CONTACT_RECEIVED],
    .order_dir = PEEL_ORDER_DESC,
    .range = &contact_fields[PEEL_CONTACT_RECEIVED],
    .search = PEEL_SEARCH(PEEL_CONTACT_REF),
    .search_date = &contact_fields[PEEL_CONTACT_RECEIVED],
};
/* clang-format on */
