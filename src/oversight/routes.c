/* routes.c - the oversight concern's commands and pages, one table each,
 * their handlers declared beside their record types.  `peel oversight`
 * takes a subcommand from the table below. */
#include <string.h>

#include "app/module.h"
#include "oversight/complaints.h"
#include "oversight/foi.h"

typedef struct oversight_sub {
    const char *name;
    int (*fn)(peel_cli *cli, int argc, char **argv, peel_err *err);
} oversight_sub;

static const oversight_sub subs[] = {
    {"complaints", peel_cmd_oversight_complaints},
    {"foi", peel_cmd_oversight_foi},
    {NULL, NULL},
};

static int cmd_oversight(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    for (size_t i = 0; argc >= 2 && subs[i].name; i++)
        if (!strcmp(argv[1], subs[i].name))
            return subs[i].fn(cli, argc - 1, argv + 1, err);
    return peel_err_set(err, PEEL_EINPUT,
                        "oversight: say complaints or foi (peel oversight --help)");
}

const peel_cmd peel_cmds_oversight[] = {
    {"oversight", "oversight complaints|foi [--from DATE] [--to DATE] [--format table|csv|json]",
     "complaint reviews or Freedom of Information requests in a period",
     "complaints: reviews received in the period and a year before, with the change (no\n"
     "percentage on a base under 10); the mean working days to determination per calendar\n"
     "quarter beside the national average (observations of the series \"Complaint review\n"
     "working days, national average\", imported with `peel import observation`); upheld\n"
     "and recommendation counts kept apart, the upheld share rounded and truncated; the\n"
     "reviews outstanding.\n"
     "foi: requests received, and those answered within 20 working days (s.10), within a\n"
     "public-interest extension or late; the clock stops while clarification is sought and\n"
     "starts afresh when it is received; outcomes, internal reviews, ICO complaints and\n"
     "the requests outstanding.\n"
     "The period defaults to this financial year to today.  The rules are in\n"
     "docs/METHODS.md, \"Oversight: complaint reviews and FOI\".  With --as public or --as\n"
     "panel, only the records that reader may see are counted.  Exit status 0 (it is a\n"
     "report); 2 on bad arguments.",
     PEEL_CMD_STORE, cmd_oversight},
    {NULL, NULL, NULL, NULL, 0, NULL},
};

const peel_route peel_routes_oversight[] = {
    {"GET", "/oversight/complaints", peel_page_oversight_complaints, PEEL_PAGE_EVERYONE,
     "Complaint reviews"},
    {"GET", "/oversight/foi", peel_page_oversight_foi, PEEL_PAGE_EVERYONE, "FOI requests"},
    {"GET", "/oversight/foi/disclosure-log", peel_page_oversight_foi_log, PEEL_PAGE_EVERYONE,
     "FOI disclosure log"},
    {0},
};
