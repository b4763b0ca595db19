/* routes.c - the oversight concern's commands and pages, one table each,
 * their handlers declared beside their record types.  `peel oversight`
 * takes a subcommand from its own small table, so each part of the
 * concern adds one line there.  A handler gets the whole argv ("oversight",
 * the subcommand, its options). */
#include <stdio.h>
#include <string.h>

#include "app/module.h"
#include "oversight/cmds.h"
#include "oversight/complaints.h"
#include "oversight/custody.h"
#include "oversight/foi.h"
#include "oversight/scrutiny.h"

/* These handlers read argv from their subcommand. */
static int scheme_cmd(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    return peel_oversight_cmd_scheme(cli, argc - 1, argv + 1, err);
}

static int complaints_cmd(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    return peel_cmd_oversight_complaints(cli, argc - 1, argv + 1, err);
}

static int foi_cmd(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    return peel_cmd_oversight_foi(cli, argc - 1, argv + 1, err);
}

static const struct {
    const char *name;
    int (*run)(peel_cli *cli, int argc, char **argv, peel_err *err);
} subcommands[] = {
    {"custody", peel_oversight_custody_cmd},
    {"scrutiny", peel_oversight_scrutiny_cmd},
    {"complaints", complaints_cmd},
    {"foi", foi_cmd},
    {"scheme", scheme_cmd},
};

static int cmd_oversight(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    char names[200] = "";
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
        if (argc >= 2 && !strcmp(argv[1], subcommands[i].name))
            return subcommands[i].run(cli, argc, argv, err);
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
                 subcommands[i].name);
    }
    return peel_err_set(err, PEEL_EINPUT, "oversight: say one of %s (peel oversight --help)",
                        names);
}

const peel_cmd peel_cmds_oversight[] = {
    {"oversight",
     "oversight custody [--from DATE] [--to DATE] [--rota-from DATE] [--weeks N] "
     "[--per-week N] [--format table|csv|json] | "
     "oversight scrutiny|complaints|foi [--from DATE] [--to DATE] [--format table|csv|json] | "
     "oversight scheme [--on DATE] [--format table|csv|json]",
     "custody visits, scrutiny panels, complaint reviews, FOI, the publication scheme",
     "custody: the visits scheduled in the period (default: this financial year to today)\n"
     "by kind, made, missed and not yet recorded, the share made (a percentage from ten\n"
     "visits up), minutes, detainees seen, serious and open issues; the volunteers; and,\n"
     "for staff, the rota of each active suite for --weeks weeks (Monday to Sunday) from\n"
     "the week of --rota-from, with a gap where fewer than --per-week visits (default 1,\n"
     "the scheme's standard) are scheduled by a pair.\n"
     "scrutiny: each scrutiny panel meeting in the period with its cases by category\n"
     "(adults, youths, domestic, each finding, learning fed back, line manager's\n"
     "discussion confirmed) beside the quota the meeting declared.\n"
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
     "scheme: each class of information the Specified Information Order requires, with\n"
     "the periods due by the day (default today), each published on time, late or not at\n"
     "all, and the next due date.\n"
     "The rules are in docs/METHODS.md, \"Oversight\".  With --as public or --as panel,\n"
     "only the records that reader may see are counted.  Exit status 0 (it is a report,\n"
     "even with gaps or late publications); 2 on bad arguments.",
     PEEL_CMD_STORE, cmd_oversight},
    {NULL, NULL, NULL, NULL, 0, NULL},
};

const peel_route peel_routes_oversight[] = {
    {"GET", "/oversight", peel_oversight_page_overview, PEEL_PAGE_EVERYONE, "Oversight", NULL},
    {"GET", "/oversight/custody", peel_oversight_custody_page, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/oversight/scrutiny", peel_oversight_scrutiny_page, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/oversight/complaints", peel_page_oversight_complaints, PEEL_PAGE_EVERYONE, NULL,
     NULL},
    {"GET", "/oversight/foi", peel_page_oversight_foi, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/oversight/foi/disclosure-log", peel_page_oversight_foi_log, PEEL_PAGE_EVERYONE, NULL,
     NULL},
    {"GET", "/oversight/decisions", peel_oversight_page_decisions, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/oversight/scheme", peel_oversight_page_scheme, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/feeds/decisions.atom", peel_oversight_feed_decisions, PEEL_PAGE_EVERYONE, NULL, NULL},
    {0},
};
