/* settings.c - the `setting` record type and its lookup (settings.h).  A
 * setting's name must be declared by a module and its value lie in the
 * declared range; the rule names the field. */
#include "app/settings.h"

#include <stdio.h>
#include <string.h>

#include "app/module.h"
#include "cli/cli.h"
#include "cli/table.h"
#include "model/record.h"
#include "model/records.h"

const peel_setting_decl *peel_setting_decl_find(const char *name)
{
    for (size_t m = 0; peel_modules[m]; m++)
        for (const peel_setting_decl *d = peel_modules[m]->settings; d && d->name; d++)
            if (!strcmp(d->name, name))
                return d;
    return NULL;
}

void peel_setting_decls(void (*cb)(void *ctx, const peel_setting_decl *d), void *ctx)
{
    for (size_t m = 0; peel_modules[m]; m++)
        for (const peel_setting_decl *d = peel_modules[m]->settings; d && d->name; d++)
            cb(ctx, d);
}

/* clang-format off */
static const peel_field setting_fields[PEEL_SETTING_NFIELDS] = {
    [PEEL_SETTING_NAME] = {.name = "name", .label = "Setting", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 60,
     .help = "One of the settings `peel settings` lists"},
    [PEEL_SETTING_VALUE] = {.name = "value", .label = "Value", .type = PEEL_F_INT,
     .flags = PEEL_REQUIRED},
    [PEEL_SETTING_NOTE] = {.name = "note", .label = "Why", .type = PEEL_F_TEXT, .max = 500,
     .help = "The decision or policy that set it"},
};
/* clang-format on */

static void setting_check(const peel_record *r, peel_fielderrs *errs)
{
    const char *name = peel_record_text_at(r, PEEL_SETTING_NAME);
    const peel_setting_decl *d;
    if (!r->v[PEEL_SETTING_NAME].set)
        return;
    if (!(d = peel_setting_decl_find(name))) {
        peel_fielderrs_add(errs, "name",
                           "'%s' is not a setting peel reads (peel settings lists them)", name);
        return;
    }
    if (r->v[PEEL_SETTING_VALUE].set &&
        (r->v[PEEL_SETTING_VALUE].i < d->min || r->v[PEEL_SETTING_VALUE].i > d->max))
        peel_fielderrs_add(errs, "value", "%lld is outside %lld to %lld %s",
                           (long long)r->v[PEEL_SETTING_VALUE].i, d->min, d->max, d->unit);
}

/* clang-format off */
const peel_type peel_type_setting = {
    .name = "setting",
    .label = "Setting",
    .plural = "Settings",
    .one = "a setting",
    .help = "One of the office's own numbers peel's rules read, such as the reply target for "
            "correspondence; a setting not recorded has its default",
    .fields = setting_fields,
    .nfields = PEEL_NFIELDS(setting_fields),
    .key = "name",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_SETTING_VALUE, PEEL_SETTING_NOTE),
    .check = setting_check,
};
/* clang-format on */

int peel_setting_int(peel_store *s, const char *name, long long *out, peel_err *err)
{
    const peel_setting_decl *d = peel_setting_decl_find(name);
    peel_value v = {.set = true, .s = (char *)name};
    peel_record *r = NULL;
    int64_t id = 0;
    int rc;

    if (!d)
        return peel_err_set(err, PEEL_EINTERNAL, "setting %s is not declared", name);
    *out = d->dflt;
    if ((rc = peel_store_find(s, &peel_type_setting, &setting_fields[PEEL_SETTING_NAME], &v, &id,
                              err)) < 0)
        return -1;
    if (!rc)
        return 0;
    if (peel_store_get(s, &peel_type_setting, id, &r, err) < 0)
        return -1;
    if (r && r->v[PEEL_SETTING_VALUE].set)
        *out = r->v[PEEL_SETTING_VALUE].i;
    peel_record_free(r);
    return 0;
}

/* ---- `peel settings` ---- */

typedef struct list_ctx {
    peel_cli *cli;
    peel_table *t;
    peel_err *err;
    int rc;
} list_ctx;

static void list_one(void *ctx, const peel_setting_decl *d)
{
    list_ctx *c = ctx;
    long long v;
    if (c->rc < 0)
        return;
    if (peel_setting_int(c->cli->store, d->name, &v, c->err) < 0) {
        c->rc = -1;
        return;
    }
    peel_table_row_begin(c->t);
    peel_table_cell(c->t, d->name);
    peel_table_cell(c->t, d->label);
    peel_table_cellf(c->t, "%lld %s", v, d->unit);
    peel_table_cellf(c->t, "%lld", d->dflt);
    peel_table_cellf(c->t, "%lld to %lld", d->min, d->max);
    peel_table_cell(c->t, v == d->dflt ? "" : "changed");
}

static int cmd_settings(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    static const peel_opt opts[] = {PEEL_OPTION_END};
    list_ctx c = {.cli = cli, .err = err};

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (!(c.t = peel_table_new()))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    peel_table_header(c.t, "Setting");
    peel_table_header(c.t, "What");
    peel_table_header(c.t, "Value");
    peel_table_header(c.t, "Default");
    peel_table_header(c.t, "Range");
    peel_table_header(c.t, "");
    peel_setting_decls(list_one, &c);
    if (c.rc == 0)
        peel_table_print(c.t, stdout);
    peel_table_free(c.t);
    return c.rc;
}

static const peel_cmd cmds[] = {
    {"settings", "settings", "the office's own numbers peel's rules read, and their values",
     "Each setting a concern declares (its name, what it is, the value in use, the\n"
     "default and the range allowed).  Change one with `peel add setting name=NAME\n"
     "value=N note=WHY` (or `peel set setting NAME value=N`); delete it to return to\n"
     "the default.  Each change is kept in the setting's history.\n",
     PEEL_CMD_STORE, cmd_settings},
    {NULL, NULL, NULL, NULL, 0, NULL},
};

static const peel_type *const types[] = {&peel_type_setting, NULL};

const peel_module peel_module_settings = {
    .name = "settings",
    .summary = "the office's own numbers the concerns' rules read (reply targets, rota "
               "standards), declared by each module with a default",
    .types = types,
    .cmds = cmds,
};
