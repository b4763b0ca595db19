/* module.c - neighbourhood resourcing, demand, workforce and money: for
 * now the demand tables (demand.c), read from the figures concern's
 * `series` and `observation` records, their command and page. */
#include "app/module.h"

extern const peel_cmd peel_cmds_neighbourhood[];
extern const peel_route peel_routes_neighbourhood[];

const peel_module peel_module_neighbourhood = {
    .name = "neighbourhood",
    .summary = "demand tables: monthly statistics with their changes over one, two and three "
               "years",
    .cmds = peel_cmds_neighbourhood,
    .routes = peel_routes_neighbourhood,
};
