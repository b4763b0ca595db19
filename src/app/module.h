/* module.h - a concern of peel, declared in one place.
 *
 * A module is what one concern brings: its record types (in dependency
 * order), its commands, its web pages, its home-page panels and the
 * generated sections it supplies to papers (render/section.h).  The module
 * table (modules.c) lists every module; main.c, `peel serve` and the tests
 * start by calling peel_app_init, which registers the types with the model's
 * registry (checking every declaration) and gathers the route tables and
 * panels the web application reads.  Nothing below src/app names a module:
 * the model, the store and the web see only what this table hands them.
 *
 * Adding a concern is a folder (src/NAME/: its types, commands, pages and a
 * `const peel_module peel_module_NAME`) plus one line in modules.c
 * (docs/NEW-RECORD-TYPE.md).  Every table here is static and owned by the
 * module that declares it; peel_app_init allocates nothing.
 */
#ifndef PEEL_APP_MODULE_H
#define PEEL_APP_MODULE_H

#include <stddef.h>

#include "app/settings.h"
#include "cli/cli.h"
#include "core/err.h"
#include "model/model.h"
#include "render/section.h"
#include "web/http.h"

typedef struct peel_module {
    const char *name;                  /* "register" */
    const char *summary;               /* one line for people reading the table */
    const peel_type *const *types;     /* in dependency order, ended by NULL; or NULL */
    const peel_cmd *cmds;              /* `peel` commands, ended by {0}; or NULL */
    const peel_route *routes;          /* web pages, ended by {0}; or NULL */
    const peel_panel *panels;          /* home-page panels, ended by {0}; or NULL */
    const peel_api_doc *api_docs;      /* its JSON routes in OpenAPI, ended by {0}; or NULL */
    const peel_setting_decl *settings; /* the numbers its rules read, ended by {0}; or NULL */
    const peel_section_decl *sections; /* views a paper can generate, ended by {0}; or NULL */
} peel_module;

/* The module table, in dependency order (a module's types refer only to its
 * own and earlier modules' types), ended by NULL. */
extern const peel_module *const peel_modules[];

/* Registers every module's record types and gathers the web's route tables
 * and panels.  Called once at start-up; a second call changes nothing.
 * Fails with a message naming the module, type and field at fault. */
int peel_app_init(peel_err *err);

/* The command called name, or NULL (after peel_app_init). */
const peel_cmd *peel_app_cmd(const char *name);

/* The generated section called name, or NULL; the module that declares it
 * in *module when module is not NULL. */
const peel_section_decl *peel_app_section(const char *name, const char **module);

/* For `peel serve`: the modules' route tables and panels, ended by NULL,
 * set in c (after peel_app_init). */
void peel_app_web_config(peel_web_config *c);

#endif
