/* module_web.c - the web application and its accounts: `peel serve` and the
 * account commands (src/cli/cmd_web.c), the admin's account pages
 * (src/web/pages_admin.c).  The user type is the people module's, beside
 * the person an account may belong to. */
#include "app/module.h"

const peel_module peel_module_web = {
    .name = "web",
    .summary = "the web application, its sign-in accounts and API tokens",
    .cmds = peel_cmds_web,
    .routes = peel_routes_admin,
};
