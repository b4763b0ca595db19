/* pg_server.h - a PostgreSQL server for a test of the PostgreSQL backend:
 * tests/support/pg-server's (PEEL_PG_SERVER names the script), in a folder
 * of its own, with a fresh database for each case; stopped and its folder
 * removed when the tests end.  Without PostgreSQL (or the script) the test
 * is skipped: peel_test_pg_run returns 77, the tests' SKIP_RETURN_CODE.
 */
#ifndef PEEL_TESTS_PG_SERVER_H
#define PEEL_TESTS_PG_SERVER_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/err.h"

#define PEEL_TEST_SKIP 77

static char peel_test_pg_dir[64];
static const char *peel_test_pg_script;

/* Runs the server script with args; its first line of output into out
 * (may be NULL).  Returns its exit status, or -1. */
static int peel_test_pg_server(const char *args, char *out, size_t outsz)
{
    char cmd[512], line[512];
    FILE *p;
    int status;

    snprintf(cmd, sizeof cmd, "'%s' %s", peel_test_pg_script, args);
    if (!(p = popen(cmd, "r")))
        return -1;
    if (!fgets(line, sizeof line, p))
        line[0] = '\0';
    while (fgetc(p) != EOF)
        ;
    status = pclose(p);
    if (out)
        snprintf(out, outsz, "%.*s", (int)strcspn(line, "\n"), line);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A fresh database on the server: its URI into uri.  0 or -1 with err. */
static int peel_test_pg_database(char *uri, size_t urisz, peel_err *err)
{
    static int databases;
    char args[128];

    snprintf(args, sizeof args, "'%s' t%d", peel_test_pg_dir, ++databases);
    if (peel_test_pg_server(args, uri, urisz) != 0 || !uri[0])
        return peel_err_set(err, PEEL_EDB, "pg-server %s failed", args);
    return 0;
}

/* Starts the server, runs the tests, stops it: cmocka's result, or 77. */
static int peel_test_pg_run(const struct CMUnitTest *tests, size_t n)
{
    char args[128];
    int rc;

    peel_test_pg_script = getenv("PEEL_PG_SERVER");
    if (!peel_test_pg_script || !*peel_test_pg_script) {
        fprintf(stderr, "PEEL_PG_SERVER (tests/support/pg-server) is not set\n");
        return PEEL_TEST_SKIP;
    }
    snprintf(peel_test_pg_dir, sizeof peel_test_pg_dir, "/tmp/peel-pg-XXXXXX");
    if (!mkdtemp(peel_test_pg_dir))
        return 1;
    snprintf(args, sizeof args, "'%s'", peel_test_pg_dir);
    rc = peel_test_pg_server(args, NULL, 0);
    if (rc == 0) {
        rc = _cmocka_run_group_tests("pg", tests, n, NULL, NULL);
        snprintf(args, sizeof args, "stop '%s'", peel_test_pg_dir);
        (void)peel_test_pg_server(args, NULL, 0);
    } else if (rc != PEEL_TEST_SKIP) {
        fprintf(stderr, "pg-server failed (exit %d)\n", rc);
    }
    snprintf(args, sizeof args, "rm -rf '%s'", peel_test_pg_dir);
    if (system(args) != 0)
        fprintf(stderr, "could not remove %s\n", peel_test_pg_dir);
    return rc;
}

#endif
