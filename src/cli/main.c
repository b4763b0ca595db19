/* main.c - entry point of the `peel` command: global options, the modules'
 * commands (src/app/modules.c), one transaction per command, exit
 * statuses. */
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/module.h"
#include "cli/cli.h"
#include "core/log.h"

#define PEEL_VERSION "0.1.0"

static void usage(FILE *out)
{
    fprintf(out, "usage: peel [--db PATH] [--user NAME] [--as READER] [--bom] COMMAND [ARGS]\n\n"
                 "The accountability, performance and engagement records of a Police and\n"
                 "Crime Commissioner's office.\n\n"
                 "Commands:\n");
    for (size_t m = 0; peel_modules[m]; m++)
        for (const peel_cmd *c = peel_modules[m]->cmds; c && c->name; c++)
            fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fprintf(out, "\nOptions:\n"
                 "  --db PATH     the database (default $PEEL_DB, else ./peel.db)\n"
                 "  --user NAME   who is acting, for the audit trail (default $PEEL_USER,\n"
                 "                else the login name)\n"
                 "  --as READER   show what public, panel or staff may see (default\n"
                 "                everything: an OPCC user's view)\n"
                 "  --quiet       no progress or notes on stderr\n"
                 "  --bom         CSV on standard output starts with a UTF-8 byte-order\n"
                 "                mark, so Excel reads its accents and pound signs\n"
                 "  --version     print the version\n\n"
                 "'peel COMMAND --help' describes a command.\n");
}

static void cmd_help(const peel_cmd *c)
{
    printf("usage: peel %s\n\n%s\n", c->usage, c->summary);
    if (c->help && *c->help)
        printf("\n%s", c->help);
}

static const char *default_user(void)
{
    const char *u = getenv("PEEL_USER");
    struct passwd *pw;
    if (u && *u)
        return u;
    pw = getpwuid(getuid());
    if (pw && pw->pw_name)
        return pw->pw_name;
    u = getenv("USER");
    return u && *u ? u : "unknown";
}

/* Output that could not be written (a full disk, a closed pipe) is a
 * failure of the command, found before its transaction commits. */
static int stdout_ok(int rc, peel_err *err)
{
    if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout)))
        return peel_err_set(err, PEEL_EIO, "writing standard output failed");
    return rc;
}

static int run(peel_cli *cli, const peel_cmd *c, int argc, char **argv, peel_err *err)
{
    int rc;

    if (c->needs == PEEL_CMD_NO_STORE)
        return stdout_ok(c->run(cli, argc, argv, err), err);
    if (c->needs == PEEL_CMD_STORE_OWN)
        peel_store_single_thread();
    if (peel_store_open(cli->db_path, c->needs == PEEL_CMD_STORE_INIT, &cli->store, err) < 0)
        return -1;
    if (c->needs != PEEL_CMD_STORE_INIT && peel_store_require_current(cli->store, err) < 0)
        return -1;
    if (c->needs == PEEL_CMD_STORE_OWN)
        return stdout_ok(c->run(cli, argc, argv, err), err);
    if (peel_store_begin(cli->store, err) < 0)
        return -1;
    rc = stdout_ok(c->run(cli, argc, argv, err), err);
    if (rc == 0)
        rc = peel_store_commit(cli->store, err);
    if (rc < 0)
        peel_store_rollback(cli->store);
    return rc;
}

int main(int argc, char **argv)
{
    peel_cli cli = {.db_path = NULL, .user = NULL, .reader = peel_reader_of(PEEL_ROLE_ADMIN)};
    peel_err err = PEEL_ERR_INIT;
    const peel_cmd *c;
    const char *as = NULL;
    bool help = false, version = false;
    int i = argc, rc;
    const peel_opt opts[] = {
        PEEL_OPTION("--db", PEEL_OPT_STRING, &cli.db_path, "PATH"),
        PEEL_OPTION("--user", PEEL_OPT_STRING, &cli.user, "NAME"),
        PEEL_OPTION("--as", PEEL_OPT_STRING, &as, "public, panel or staff"),
        PEEL_OPTION("--quiet", PEEL_OPT_FLAG, &cli.quiet, NULL),
        PEEL_OPTION("--bom", PEEL_OPT_FLAG, &cli.bom, NULL),
        PEEL_OPTION("--help", PEEL_OPT_FLAG, &help, NULL),
        PEEL_OPTION("-h", PEEL_OPT_FLAG, &help, NULL),
        PEEL_OPTION("--version", PEEL_OPT_FLAG, &version, NULL),
        PEEL_OPTION_END,
    };

    if (peel_app_init(&err) < 0) {
        fprintf(stderr, "peel: %s\n", err.msg);
        return 1;
    }
    if (peel_cli_parse_global(argc, argv, opts, &i, &err) < 0) {
        fprintf(stderr, "peel: %s\n", err.msg);
        usage(stderr);
        return 2;
    }
    if (help) {
        usage(stdout);
        return 0;
    }
    if (version) {
        printf("peel %s\n", PEEL_VERSION);
        return 0;
    }
    if (as) {
        peel_role role;
        if (!peel_reader_role_parse(as, &role) || role == PEEL_ROLE_ADMIN) {
            fprintf(stderr, "peel: --as: '%s' is not one of public, panel, staff\n", as);
            return 2;
        }
        cli.reader = peel_reader_of(role);
    }
    if (i == argc) {
        usage(stderr);
        return 2;
    }
    c = peel_app_cmd(argv[i]);
    if (!c) {
        fprintf(stderr, "peel: '%s' is not a command; 'peel --help' lists them\n", argv[i]);
        return 2;
    }
    if (peel_cli_wants_help(argc - i, argv + i)) {
        cmd_help(c);
        return 0;
    }
    if (!cli.db_path)
        cli.db_path = getenv("PEEL_DB") && *getenv("PEEL_DB") ? getenv("PEEL_DB") : "peel.db";
    if (!cli.user)
        cli.user = default_user();

    rc = run(&cli, c, argc - i, argv + i, &err);
    peel_store_close(cli.store);
    if (rc < 0) {
        fprintf(stderr, "peel %s: %s\n", c->name, err.msg[0] ? err.msg : "failed");
        return err.code == PEEL_OK ? 1 : peel_err_exit_status(&err);
    }
    return 0;
}
