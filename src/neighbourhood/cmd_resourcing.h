/* cmd_resourcing.h - `peel neighbourhood establishment`, `peel
 * neighbourhood savings` and `peel neighbourhood budget` (cmd_resourcing.c)
 * and `peel neighbourhood npa` (cmd_npa.c),
 * dispatched from cmd_neighbourhood.c; and the pages
 * /neighbourhood/establishment, /neighbourhood/savings and
 * /neighbourhood/budget (pages_resourcing.c), routed from pages.c. */
#ifndef PEEL_NEIGHBOURHOOD_CMD_RESOURCING_H
#define PEEL_NEIGHBOURHOOD_CMD_RESOURCING_H

#include "cli/cli.h"
#include "core/str.h"
#include "web/http.h"

int peel_neighbourhood_establishment_cmd(peel_cli *cli, int argc, char **argv, peel_err *err);
int peel_neighbourhood_savings_cmd(peel_cli *cli, int argc, char **argv, peel_err *err);
int peel_neighbourhood_budget_cmd(peel_cli *cli, int argc, char **argv, peel_err *err);
/* `peel neighbourhood workforce` (cmd_workforce.c) and its page
 * /neighbourhood/workforce (pages_workforce.c). */
int peel_neighbourhood_workforce_cmd(peel_cli *cli, int argc, char **argv, peel_err *err);
int peel_neighbourhood_workforce_page(peel_req *r, const peel_str *p, peel_err *err);
/* `peel neighbourhood protests` (cmd_yearly.c). */
int peel_neighbourhood_protests_cmd(peel_cli *cli, int argc, char **argv, peel_err *err);
/* `peel neighbourhood npa` (cmd_npa.c). */
int peel_neighbourhood_npa_cmd(peel_cli *cli, int argc, char **argv, peel_err *err);
/* /neighbourhood/npas and /neighbourhood/npa/CODE (pages_npa.c). */
int peel_neighbourhood_npas_page(peel_req *r, const peel_str *p, peel_err *err);
int peel_neighbourhood_npa_page(peel_req *r, const peel_str *p, peel_err *err);
int peel_neighbourhood_establishment_page(peel_req *r, const peel_str *p, peel_err *err);
int peel_neighbourhood_savings_page(peel_req *r, const peel_str *p, peel_err *err);
int peel_neighbourhood_budget_page(peel_req *r, const peel_str *p, peel_err *err);

#endif
