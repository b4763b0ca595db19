/* module.c - figures as records: the series, observation and figure types
 * (types.c), their computation and reconciliation (compute.c, number.c),
 * `peel figures` (cmd_figures.c) and the /figures pages with their JSON
 * twin (pages.c). */
#include "app/module.h"
#include "figures/figure.h"

extern const peel_cmd peel_cmds_figures[];
extern const peel_route peel_routes_figures[];
extern const peel_panel peel_panels_figures[];
extern const peel_api_doc peel_api_docs_figures[];

static const peel_type *const types[] = {
    &peel_type_series,
    &peel_type_observation,
    &peel_type_figure,
    NULL,
};

const peel_module peel_module_figures = {
    .name = "figures",
    .summary = "figures as records: every printed number recomputed and reconciled; indicators",
    .types = types,
    .cmds = peel_cmds_figures,
    .routes = peel_routes_figures,
    .panels = peel_panels_figures,
    .api_docs = peel_api_docs_figures,
};
