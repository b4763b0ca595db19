/* modules.c - the module table: every concern of peel, listed once.
 *
 * Order matters: a module's record types may refer only to its own and
 * earlier modules' types (tables are created in this order), and commands,
 * pages, navigation and home-page panels follow it.  peel_app_init hands the
 * types to the model's registry, which checks every declaration, and keeps
 * the route tables and panels for `peel serve`; nothing below src/app names
 * a module.
 */
#include <string.h>

#include "app/module.h"

/* One line per module: X(NAME) is the module peel_module_NAME, declared in
 * its own file (module_NAME.c here, or the concern's folder). */
#define MODULES(X)                                                                                 \
    X(database)                                                                                    \
    X(records)                                                                                     \
    X(settings)                                                                                    \
    X(geography)                                                                                   \
    X(people)                                                                                      \
    X(register)                                                                                    \
    X(crime)                                                                                       \
    X(docs)                                                                                        \
    X(figures)                                                                                     \
    X(engagement)                                                                                  \
    X(oversight)                                                                                   \
    X(neighbourhood)                                                                               \
    X(commissioning)                                                                               \
    X(papers)                                                                                      \
    X(web)

#define DECLARE(name) extern const peel_module peel_module_##name;
#define LIST(name) &peel_module_##name,
MODULES(DECLARE)
const peel_module *const peel_modules[] = {MODULES(LIST) NULL};

#define MAX_TYPES 128
#define MAX_MODULES (sizeof peel_modules / sizeof peel_modules[0])

static const peel_type *types[MAX_TYPES];
static const peel_route *routes[MAX_MODULES];
static const peel_panel *panels[MAX_MODULES];
static const peel_api_doc *api_docs[MAX_MODULES];
static bool started;

/* Each section name once across the modules, or a paper's section is ambiguous. */
static int check_sections(peel_err *err)
{
    for (size_t m = 0; peel_modules[m]; m++)
        for (const peel_section_decl *c = peel_modules[m]->sections; c && c->name; c++)
            for (size_t k = 0; k <= m; k++)
                for (const peel_section_decl *d = peel_modules[k]->sections; d && d->name && d != c;
                     d++)
                    if (!strcmp(c->name, d->name))
                        return peel_err_set(err, PEEL_EINTERNAL,
                                            "section %s is declared by modules %s and %s", c->name,
                                            peel_modules[k]->name, peel_modules[m]->name);
    return 0;
}

/* Each command name once across the modules, or `peel NAME` is ambiguous. */
static int check_cmds(peel_err *err)
{
    for (size_t m = 0; peel_modules[m]; m++)
        for (const peel_cmd *c = peel_modules[m]->cmds; c && c->name; c++)
            for (size_t k = 0; k <= m; k++)
                for (const peel_cmd *d = peel_modules[k]->cmds; d && d->name && d != c; d++)
                    if (!strcmp(c->name, d->name))
                        return peel_err_set(err, PEEL_EINTERNAL,
                                            "command %s is declared by modules %s and %s", c->name,
                                            peel_modules[k]->name, peel_modules[m]->name);
    return 0;
}

int peel_app_init(peel_err *err)
{
    size_t nt = 0, nr = 0, np = 0, nd = 0;

    if (started)
        return 0;
    for (size_t m = 0; peel_modules[m]; m++) {
        const peel_module *mod = peel_modules[m];
        for (size_t i = 0; mod->types && mod->types[i]; i++) {
            if (nt == MAX_TYPES)
                return peel_err_set(err, PEEL_EINTERNAL, "more than %d record types", MAX_TYPES);
            if (peel_type_check(mod->types[i], err) < 0) {
                peel_err_prefix(err, "module %s", mod->name);
                return -1;
            }
            types[nt++] = mod->types[i];
        }
        if (mod->routes)
            routes[nr++] = mod->routes;
        if (mod->panels)
            panels[np++] = mod->panels;
        if (mod->api_docs)
            api_docs[nd++] = mod->api_docs;
    }
    routes[nr] = NULL;
    panels[np] = NULL;
    api_docs[nd] = NULL;
    if (check_cmds(err) < 0 || check_sections(err) < 0 || peel_registry_init(types, nt, err) < 0)
        return -1;
    started = true;
    return 0;
}

const peel_cmd *peel_app_cmd(const char *name)
{
    for (size_t m = 0; peel_modules[m]; m++)
        for (const peel_cmd *c = peel_modules[m]->cmds; c && c->name; c++)
            if (!strcmp(c->name, name))
                return c;
    return NULL;
}

const peel_section_decl *peel_app_section(const char *name, const char **module)
{
    for (size_t m = 0; peel_modules[m]; m++)
        for (const peel_section_decl *c = peel_modules[m]->sections; c && c->name; c++)
            if (!strcmp(c->name, name)) {
                if (module)
                    *module = peel_modules[m]->name;
                return c;
            }
    return NULL;
}

void peel_app_web_config(peel_web_config *c)
{
    c->routes = started ? routes : NULL;
    c->panels = started ? panels : NULL;
    c->api_docs = started ? api_docs : NULL;
}
