/* module_records.c - what every record type gets without code of its own:
 * the database commands (init, demo, summary), the generic record commands
 * (types, list, show, add, set, delete, import, export, history), and the
 * home page's generic panels, and the pages of declared lifecycles
 * (web/lifecycle.c: the transition form and /api/v1/TYPE/ID/transitions).
 * The generic web pages (/records, /api/v1) are the server's own routes
 * (server.c). */
#include "app/module.h"

static const peel_panel panels[] = {
    {"due", PEEL_PANEL_STAFF, peel_panel_due},
    {"recent", PEEL_PANEL_STAFF, peel_panel_recent},
    {"published", PEEL_PANEL_PUBLIC, peel_panel_published},
    {0},
};

const peel_module peel_module_database = {
    .name = "database",
    .summary = "the database file: create or migrate it, the demonstration data, a summary",
    .cmds = peel_cmds_db,
};

const peel_module peel_module_records = {
    .name = "records",
    .summary = "the generic commands and home-page panels every record type gets",
    .cmds = peel_cmds_records,
    .routes = peel_routes_lifecycle,
    .panels = panels,
};
