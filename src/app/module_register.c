/* module_register.c - the accountability register: its types
 * (src/domain/register.c), commands (src/cli/cmd_register.c) and pages
 * (src/web/pages_register.c). */
#include "app/module.h"
#include "app/sections_core.h"
#include "domain/register.h"

/* clang-format off */
static const peel_type *const types[] = {
    &peel_type_plan,          &peel_type_objective,     &peel_type_body,
    &peel_type_meeting,       &peel_type_item,          &peel_type_attendance,
    &peel_type_declaration,   &peel_type_publication,
    &peel_type_recommendation, &peel_type_action,
    &peel_type_plan_entry,    &peel_type_objective_tag, NULL,
};
/* clang-format on */

const peel_module peel_module_register = {
    .name = "register",
    .summary = "boards, meetings, items, actions, recommendations, HMICFRS, work programme",
    .types = types,
    .cmds = peel_cmds_register,
    .routes = peel_routes_register,
    .api_docs = peel_api_docs_register,
    .sections = peel_sections_register,
};
