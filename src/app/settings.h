/* settings.h - the office's own numbers that peel's rules read (a reply
 * target in working days, custody visits a week): each declared by the
 * concern that reads it, in its module (module.h `settings`), with a
 * default and a range; an office changes one by recording a `setting`
 * (`peel add setting name=contact_reply_days value=15`), and `peel
 * settings` lists them all.
 *
 * Ownership: declarations are static, owned by their modules. */
#ifndef PEEL_APP_SETTINGS_H
#define PEEL_APP_SETTINGS_H

#include "core/err.h"
#include "model/model.h"
#include "store/store.h"

typedef struct peel_setting_decl {
    const char *name;  /* "contact_reply_days": a setting record's name */
    const char *label; /* "Reply to correspondence within" */
    const char *unit;  /* "working days" */
    long long dflt, min, max;
    const char *help; /* where the default comes from */
} peel_setting_decl;

extern const peel_type peel_type_setting;

/* Field handles of setting. */
enum { PEEL_SETTING_NAME, PEEL_SETTING_VALUE, PEEL_SETTING_NOTE, PEEL_SETTING_NFIELDS };

/* The declaration called name, or NULL (after peel_app_init). */
const peel_setting_decl *peel_setting_decl_find(const char *name);
/* Calls cb with every declaration in module order. */
void peel_setting_decls(void (*cb)(void *ctx, const peel_setting_decl *d), void *ctx);

/* The value of setting name: the recorded one, else its default.  An
 * undeclared name is an internal error. */
int peel_setting_int(peel_store *s, const char *name, long long *out, peel_err *err);

#endif
