/* routes.c - the oversight concern's commands and pages, one table each,
 * their handlers declared beside their record types (cmds.h).  `peel
 * oversight` takes a subcommand from a table. */
#include <string.h>

#include "app/module.h"
#include "oversight/cmds.h"

typedef struct subcommand {
    const char *name;
    int (*run)(peel_cli *cli, int argc, char **argv, peel_err *err);
} subcommand;

static const subcommand subcommands[] = {
    {"scheme", peel_oversight_cmd_scheme},
    {NULL, NULL},
};

static int cmd_oversight(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    for (const subcommand *s = subcommands; argc >= 2 && s->name; s++)
        if (!strcmp(argv[1], s->name))
            return s->run(cli, argc - 1, argv + 1, err);
    return peel_err_set(err, PEEL_EINPUT,
                        "oversight: say which part (peel oversight --help lists them)");
}

const peel_cmd peel_cmds_oversight[] = {
    {"oversight", "oversight scheme [--on DATE] [--format table|csv|json]",
     "oversight: the publication scheme's classes, what is due, published and late",
     "scheme: each class of information the Specified Information Order requires, with\n"
     "the periods due by the day (default today), each published on time, late or not at\n"
     "all, and the next due date; the rules are in docs/METHODS.md, \"Oversight: decisions\n"
     "and the publication scheme\".  With --as public or --as panel only the classes and\n"
     "publications that reader may see are read.  Exit status 0 (it is a report); 2 on bad\n"
     "arguments.",
     PEEL_CMD_STORE, cmd_oversight},
    {NULL, NULL, NULL, NULL, 0, NULL},
};

const peel_route peel_routes_oversight[] = {
    {"GET", "/oversight/decisions", peel_oversight_page_decisions, PEEL_PAGE_EVERYONE, "Decisions"},
    {"GET", "/oversight/scheme", peel_oversight_page_scheme, PEEL_PAGE_EVERYONE,
     "Publication scheme"},
    {"GET", "/feeds/decisions.atom", peel_oversight_feed_decisions, PEEL_PAGE_EVERYONE, NULL},
    {0},
};
