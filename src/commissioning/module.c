/* module.c - commissioning and grants: the funds and their rounds, the
 * organisations that apply, applications with their scores and reviewers'
 * declared interests, awards with their payments and monitoring visits
 * (types.c); a round's live headroom and pipeline and the funded-projects
 * table (views.c); Safer Streets interventions and their tracker (safer.c);
 * CSP allocations, contracts and budget lines (budget.c); printed by `peel
 * commissioning` (cmd_commissioning.c) and shown at /commissioning
 * (pages.c); the sections a paper can generate from them (sections.c). */
#include "app/module.h"
#include "commissioning/budget.h"
#include "commissioning/commissioning.h"
#include "commissioning/safer.h"
#include "commissioning/spend.h"

extern const peel_cmd peel_cmds_commissioning[];
extern const peel_route peel_routes_commissioning[];
extern const peel_api_doc peel_api_docs_commissioning[];
extern const peel_section_decl peel_sections_commissioning[];

static const peel_type *const types[] = {
    &peel_type_organisation, /* a fund's funder */
    &peel_type_fund,         &peel_type_round,
    &peel_type_application,  &peel_type_interest,
    &peel_type_score,        &peel_type_award,
    &peel_type_payment,      &peel_type_monitoring_visit,
    &peel_type_intervention, &peel_type_allocation,
    &peel_type_budget_line,  &peel_type_contract,
    &peel_type_spend,        NULL,
};

const peel_module peel_module_commissioning = {
    .name = "commissioning",
    .summary = "grant funds and rounds, applications, scores and declared interests, awards "
               "with their payments and monitoring visits; a round's headroom and the "
               "funded-projects table; Safer Streets interventions and their tracker, CSP "
               "allocations, contracts and the commissioning budget by category",
    .types = types,
    .cmds = peel_cmds_commissioning,
    .routes = peel_routes_commissioning,
    .api_docs = peel_api_docs_commissioning,
    .sections = peel_sections_commissioning,
};
