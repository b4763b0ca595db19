/* cmds.h - the handlers of `peel oversight SUBCOMMAND`, each beside its
 * record types; routes.c lists them.  argv[0] is the subcommand. */
#ifndef PEEL_OVERSIGHT_CMDS_H
#define PEEL_OVERSIGHT_CMDS_H

#include "cli/cli.h"
#include "web/http.h"

int peel_oversight_cmd_scheme(peel_cli *cli, int argc, char **argv, peel_err *err);

/* /oversight: every part's view for a period (overview.c). */
int peel_oversight_page_overview(peel_req *r, const peel_str *p, peel_err *err);

/* Pages (pages_decisions.c). */
int peel_oversight_page_decisions(peel_req *r, const peel_str *p, peel_err *err);
int peel_oversight_page_scheme(peel_req *r, const peel_str *p, peel_err *err);
/* /feeds/decisions.atom: the published decisions, newest first. */
int peel_oversight_feed_decisions(peel_req *r, const peel_str *p, peel_err *err);

#endif
