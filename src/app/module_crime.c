/* module_crime.c - police.uk crime data and the Panel's figures: the import,
 * figures and packs (src/crime/), `peel crime` and `peel area`
 * (src/cli/cmd_crime.c), the /crime pages (src/web/pages_crime.c) and
 * their JSON twins /api/v1/crime/... (src/web/api_crime.c, routed from the
 * pages' table).  Its tables are not record types: they are the store's
 * (crime_db.h). */
#include "app/module.h"
#include "app/sections_core.h"

const peel_module peel_module_crime = {
    .name = "crime",
    .summary = "police.uk crime and stop-and-search data, performance figures and packs",
    .cmds = peel_cmds_crime,
    .routes = peel_routes_crime,
    .api_docs = peel_api_docs_crime,
    .sections = peel_sections_crime,
};
