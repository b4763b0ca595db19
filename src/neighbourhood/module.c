/* module.c - neighbourhood resourcing, demand, workforce and money: the
 * record types (types.c: establishment, deployment, headcount, budget,
 * precept, saving, capital_scheme; workforce.c: joiner_leaver,
 * uplift_target; npa.c: deployment_npa, available_hours), the
 * establishment change table and the savings reconciliation
 * (resourcing.c), the uplift and joiners view (workforce.c), the demand
 * tables (demand.c, read from the figures concern's `series` and
 * `observation` records), the neighbourhood policing areas with their
 * abstraction rate, engagements and street crime (npa_view.c), their
 * command and pages. */
#include "app/module.h"
#include "neighbourhood/neighbourhood.h"
#include "neighbourhood/workforce.h"

extern const peel_cmd peel_cmds_neighbourhood[];
extern const peel_route peel_routes_neighbourhood[];
extern const peel_section_decl peel_neighbourhood_sections[];

static const peel_type *const types[] = {
    &peel_type_establishment,   &peel_type_deployment,    &peel_type_deployment_npa,
    &peel_type_available_hours, &peel_type_headcount,     &peel_type_budget,
    &peel_type_precept,         &peel_type_saving,        &peel_type_capital_scheme,
    &peel_type_joiner_leaver,   &peel_type_uplift_target, NULL,
};

const peel_module peel_module_neighbourhood = {
    .name = "neighbourhood",
    .summary = "establishment, deployments, officers and hours per neighbourhood policing "
               "area, headcount, joiners and leavers, uplift targets, budget, precept, savings "
               "and capital schemes; the establishment change table, the uplift against its "
               "targets, the savings reconciliation, the demand tables and the abstraction "
               "rate per NPA",
    .types = types,
    .cmds = peel_cmds_neighbourhood,
    .routes = peel_routes_neighbourhood,
    .sections = peel_neighbourhood_sections,
};
