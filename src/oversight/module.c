/* module.c - oversight and transparency: what the office checks on behalf
 * of the public and what it must publish.  Custody visiting (custody.c),
 * the scrutiny panels (scrutiny.c), complaint reviews (complaints.c),
 * Freedom of Information requests (foi.c), the PCC's decisions register
 * and the Specified Information publication scheme (decisions.c); each
 * file declares its record types, rules and views, and routes.c gathers
 * their pages and commands. */
#include "app/module.h"
#include "oversight/complaints.h"
#include "oversight/custody.h"
#include "oversight/decisions.h"
#include "oversight/foi.h"
#include "oversight/scrutiny.h"

extern const peel_cmd peel_cmds_oversight[];
extern const peel_route peel_routes_oversight[];
extern const peel_section_decl peel_oversight_sections[];

static const peel_setting_decl settings[] = {
    {"icv_visits_per_week", "Custody visits each active suite is to have", "a week",
     PEEL_CUSTODY_VISITS_PER_WEEK, 1, 14,
     "The custody visiting scheme's standard: at least one visit a week by a pair"},
    {0},
};

static const peel_type *const types[] = {
    &peel_type_icv_volunteer,    &peel_type_custody_suite,      &peel_type_icv_visit,
    &peel_type_scrutiny_panel,   &peel_type_scrutiny_meeting,   &peel_type_case_review,
    &peel_type_complaint_review, &peel_type_foi_request,        &peel_type_decision,
    &peel_type_scheme_class,     &peel_type_scheme_publication, NULL,
};

const peel_module peel_module_oversight = {
    .name = "oversight",
    .summary = "custody visiting, scrutiny panels, complaint reviews, FOI, the decisions "
               "register and the publication scheme",
    .types = types,
    .cmds = peel_cmds_oversight,
    .routes = peel_routes_oversight,
    .sections = peel_oversight_sections,
    .settings = settings,
};
