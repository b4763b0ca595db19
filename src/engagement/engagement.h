/* engagement.h - how the PCC obtains the views of the public (Police Reform
 * and Social Responsibility Act 2011): community days and other visits or
 * meetings (`engagement`, with a lifecycle), what was raised at them
 * (`feedback`, the resident's details staff only), the themes of a period
 * (`theme`), "You said, we did" entries (`ysdw`) and the periods in which
 * engagement stops (`pause`, such as the pre-election period); and the
 * correspondence people send the PCC (`contact`, staff only, with its
 * lifecycle and its target in working days).
 *
 * Declared in types.c and contact.c (the public contact form and status
 * page are contact_pages.c); the period summary and the coverage of a financial
 * year are computed in summary.c (summary.h) and printed by `peel
 * engagement` (cmd_engagement.c).  The rules are in docs/METHODS.md,
 * "Engagement".
 */
#ifndef PEEL_ENGAGEMENT_ENGAGEMENT_H
#define PEEL_ENGAGEMENT_ENGAGEMENT_H

#include "model/lifecycle.h"
#include "model/model.h"
#include "model/record.h"
#include "store/store.h"

extern const peel_type peel_type_pause;
extern const peel_type peel_type_engagement;
extern const peel_type peel_type_theme;
extern const peel_type peel_type_feedback;
extern const peel_type peel_type_ysdw;
extern const peel_type peel_type_contact;
extern const peel_lifecycle peel_engagement_lifecycle;
extern const peel_lifecycle peel_contact_lifecycle;

/* Field handles of pause. */
enum {
    PEEL_PAUSE_NAME,
    PEEL_PAUSE_FROM,
    PEEL_PAUSE_TO,
    PEEL_PAUSE_NOTE,
    PEEL_PAUSE_PROVENANCE,
    PEEL_PAUSE_PUBLISH,
    PEEL_PAUSE_NFIELDS
};

/* Field handles of engagement. */
enum {
    PEEL_ENG_REF,
    PEEL_ENG_TITLE,
    PEEL_ENG_KIND,
    PEEL_ENG_DATE,
    PEEL_ENG_HELD_FROM,
    PEEL_ENG_HELD_TO,
    PEEL_ENG_ATTENDED_BY,
    PEEL_ENG_DISTRICT,
    PEEL_ENG_NPA,
    PEEL_ENG_PLACE,
    PEEL_ENG_POINT,
    PEEL_ENG_INITIATED_BY,
    PEEL_ENG_INITIATED_WHY,
    PEEL_ENG_COUNCILLORS_CONTACTED,
    PEEL_ENG_ADVERTISED,
    PEEL_ENG_SURVEY,
    PEEL_ENG_OUTCOME_PUBLISHED_AT,
    PEEL_ENG_NOTE,
    PEEL_ENG_PROVENANCE,
    PEEL_ENG_PUBLISH,
    PEEL_ENG_NFIELDS
};

/* Field handles of theme. */
enum {
    PEEL_THEME_NAME,
    PEEL_THEME_PERIOD,
    PEEL_THEME_FROM,
    PEEL_THEME_TO,
    PEEL_THEME_PROVENANCE,
    PEEL_THEME_PUBLISH,
    PEEL_THEME_NFIELDS
};

/* Field handles of feedback. */
enum {
    PEEL_FB_REF,
    PEEL_FB_ENGAGEMENT,
    PEEL_FB_POLARITY,
    PEEL_FB_THEME,
    PEEL_FB_SUMMARY,
    PEEL_FB_RELAYED_TO,
    PEEL_FB_RELAYED_ON,
    PEEL_FB_RESIDENT_NAME,
    PEEL_FB_RESIDENT_CONTACT,
    PEEL_FB_PROVENANCE,
    PEEL_FB_PUBLISH,
    PEEL_FB_NFIELDS
};

/* Field handles of ysdw. */
enum {
    PEEL_YSDW_REF,
    PEEL_YSDW_YOU_SAID,
    PEEL_YSDW_WE_DID,
    PEEL_YSDW_PUBLISHED_AT,
    PEEL_YSDW_FEEDBACK,
    PEEL_YSDW_PROVENANCE,
    PEEL_YSDW_PUBLISH,
    PEEL_YSDW_NFIELDS
};

/* Field handles of contact. */
enum {
    PEEL_CONTACT_REF,
    PEEL_CONTACT_CHANNEL,
    PEEL_CONTACT_SENDER_KIND,
    PEEL_CONTACT_SENDER_NAME,
    PEEL_CONTACT_SENDER_EMAIL,
    PEEL_CONTACT_SENDER_ADDRESS,
    PEEL_CONTACT_SENDER_PHONE,
    PEEL_CONTACT_SUBJECT,
    PEEL_CONTACT_MESSAGE,
    PEEL_CONTACT_RECEIVED,
    PEEL_CONTACT_DUE,
    PEEL_CONTACT_OWNER,
    PEEL_CONTACT_RELAYED_ON,
    PEEL_CONTACT_ANSWERED_ON,
    PEEL_CONTACT_REPLY_KIND,
    PEEL_CONTACT_TOKEN_HASH,
    PEEL_CONTACT_NOTE,
    PEEL_CONTACT_PROVENANCE,
    PEEL_CONTACT_NFIELDS
};

/* The office's target for answering correspondence, in England and Wales
 * working days after the day it was received (docs/METHODS.md,
 * "Engagement"): the setting contact_reply_days (app/settings.h; default
 * PEEL_CONTACT_TARGET_DEFAULT, from 1 to PEEL_CONTACT_TARGET_MAX). */
#define PEEL_CONTACT_TARGET_DEFAULT 10
#define PEEL_CONTACT_TARGET_MAX 60
int peel_contact_target_days(peel_store *s, int *out, peel_err *err);
/* The day a contact received on `received` is due: the target's working
 * days after it.  0, or -1 with err set outside the years whose bank
 * holidays peel knows (core/date.h). */
int peel_contact_due(peel_store *s, peel_date received, peel_date *due, peel_err *err);
/* The next reference of the year, "C-2026-0001": one more than the
 * highest stored reference of that form.  out needs 32 bytes. */
int peel_contact_next_ref(peel_store *s, int year, char out[32], peel_err *err);
/* The contact's state today: its label (static) and, while it is answered
 * or closed, the day it was answered (answered_on, else the date of its
 * latest change of state to answered; 0 when neither, or in any other
 * state). */
int peel_contact_state(peel_store *s, const peel_record *r, const char **label, peel_date *answered,
                       peel_err *err);

#endif
