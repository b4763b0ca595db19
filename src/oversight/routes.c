/* routes.c - the oversight concern's commands and pages, one table each,
 * their handlers declared beside their record types. */
#include "app/module.h"

const peel_cmd peel_cmds_oversight[] = {
    {NULL, NULL, NULL, NULL, 0, NULL},
};

const peel_route peel_routes_oversight[] = {
    {0},
};
