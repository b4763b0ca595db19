/* test_options.c - the command line's option tables (src/cli/util.c
 * peel_cli_parse): every kind of option, the arguments left in place, and
 * the errors naming the option and the command. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli/util.c"

typedef struct got {
    bool open;
    const char *body;
    peel_cli_list where;
    peel_date from, as_of;
    peel_fy fy;
    long long limit;
    enum peel_format fmt;
} got;

static int parse(got *g, int argc, char **argv, int *npos, peel_err *err)
{
    const peel_opt opts[] = {
        PEEL_OPTION("--open", PEEL_OPT_FLAG, &g->open, NULL),
        PEEL_OPTION("--body", PEEL_OPT_STRING, &g->body, "a board's name"),
        PEEL_OPTION("--where", PEEL_OPT_LIST, &g->where, "FIELD=VALUE"),
        PEEL_OPTION("--from", PEEL_OPT_DATE, &g->from, "a date"),
        PEEL_OPTION("--as-of", PEEL_OPT_DATE, &g->as_of, "a date"),
        PEEL_OPTION("--year", PEEL_OPT_FY, &g->fy, "a financial year"),
        PEEL_OPTION_INT("--limit", &g->limit, "a number from 1 to 100", 1, 100),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &g->fmt, "table, csv or json"),
        PEEL_OPTION_END,
    };
    return peel_cli_parse(argc, argv, opts, npos, err);
}

static void test_every_kind(void **state)
{
    char *argv[] = {"actions",
                    "TYPE",
                    "--open",
                    "--body",
                    "Corporate Governance Board",
                    "--where",
                    "a=1",
                    "--from",
                    "01/04/2023",
                    "--where",
                    "b=",
                    "--as-of",
                    "2023-10-09",
                    "--year",
                    "2022-23",
                    "--limit",
                    "7",
                    "--format",
                    "csv",
                    "--",
                    "--not-an-option",
                    NULL};
    got g = {.from = PEEL_CLI_NO_DATE, .as_of = PEEL_CLI_NO_DATE};
    peel_err err = PEEL_ERR_INIT;
    int npos = -1;
    char d[11];
    (void)state;

    assert_int_equal(parse(&g, 21, argv, &npos, &err), 0);
    assert_true(g.open);
    assert_string_equal(g.body, "Corporate Governance Board");
    assert_int_equal(g.where.n, 2);
    assert_string_equal(g.where.v[0], "a=1");
    assert_string_equal(g.where.v[1], "b=");
    peel_date_format(g.from, d);
    assert_string_equal(d, "2023-04-01"); /* the UK form, read as people type it */
    peel_date_format(g.as_of, d);
    assert_string_equal(d, "2023-10-09");
    assert_int_equal(g.fy, 2022);
    assert_int_equal(g.limit, 7);
    assert_int_equal(g.fmt, PEEL_FORMAT_CSV);
    /* what is not an option stays, in order, from argv[1] */
    assert_int_equal(npos, 2);
    assert_string_equal(argv[1], "TYPE");
    assert_string_equal(argv[2], "--not-an-option");
    peel_vec_release(&g.where);
}

static void test_dates_left_alone_when_absent(void **state)
{
    char *argv[] = {"actions", NULL};
    got g = {.from = PEEL_CLI_NO_DATE, .as_of = 5};
    peel_err err = PEEL_ERR_INIT;
    (void)state;
    assert_int_equal(parse(&g, 1, argv, NULL, &err), 0);
    assert_int_equal(g.from, PEEL_CLI_NO_DATE);
    assert_int_equal(g.as_of, 5);
}

static void expect_error(int argc, char **argv, bool positional, const char *msg)
{
    got g = {0};
    peel_err err = PEEL_ERR_INIT;
    int npos;
    assert_int_equal(parse(&g, argc, argv, positional ? &npos : NULL, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    assert_string_equal(err.msg, msg);
    peel_vec_release(&g.where);
}

static void test_errors_name_the_option(void **state)
{
    char *a[] = {"actions", "--colour", "red"};
    char *b[] = {"actions", "--body"};
    char *c[] = {"actions", "--from", "31/02/2023"};
    char *d[] = {"actions", "--limit", "0"};
    char *e[] = {"actions", "--format", "xml"};
    char *f[] = {"actions", "stray"};
    char *g[] = {"actions", "--year", "2022/23"};
    (void)state;
    expect_error(3, a, true, "'--colour' is not an option of actions (see 'peel actions --help')");
    expect_error(2, b, true, "--body needs a value (a board's name)");
    expect_error(3, c, true, "--from: '31/02/2023' is not a date (February 2023 has 28 days)");
    expect_error(3, d, true, "--limit: '0' is not a number from 1 to 100");
    expect_error(3, e, true, "--format: 'xml' is not one of table, csv, json");
    expect_error(2, f, false, "unexpected argument 'stray' (see 'peel actions --help')");
    expect_error(3, g, true,
                 "--year: '2022/23' is not a financial year (expected YYYY-YY, e.g. 2023-24)");
}

static void test_subcommand(void **state)
{
    char *argv[] = {"crime", "spc", "--limit", "3", "path", "--bad", NULL};
    got g = {0};
    peel_err err = PEEL_ERR_INIT;
    const peel_opt opts[] = {PEEL_OPTION_INT("--limit", &g.limit, "N", 1, 9), PEEL_OPTION_END};
    int npos = 0;
    (void)state;
    assert_int_equal(peel_cli_parse_sub(5, argv, opts, &npos, &err), 0);
    assert_int_equal(g.limit, 3);
    assert_int_equal(npos, 1);
    assert_string_equal(argv[1], "spc"); /* the subcommand is left as it was */
    assert_string_equal(argv[2], "path");
    assert_int_equal(peel_cli_parse_sub(6, argv, opts, &npos, &err), -1);
    assert_string_equal(err.msg, "'--bad' is not an option of crime spc (see 'peel crime --help')");
}

/* The global options stop at the command: its own options are its own. */
static void test_global(void **state)
{
    char *argv[] = {"peel", "--db", "x.db", "--quiet", "list", "--db", "y", NULL};
    char *bad[] = {"peel", "--colour", "list", NULL};
    char *none[] = {"peel", "--quiet", NULL};
    const char *db = NULL;
    bool quiet = false;
    const peel_opt opts[] = {PEEL_OPTION("--db", PEEL_OPT_STRING, &db, "PATH"),
                             PEEL_OPTION("--quiet", PEEL_OPT_FLAG, &quiet, NULL), PEEL_OPTION_END};
    peel_err err = PEEL_ERR_INIT;
    int cmd = -1;
    (void)state;
    assert_int_equal(peel_cli_parse_global(7, argv, opts, &cmd, &err), 0);
    assert_int_equal(cmd, 4);
    assert_string_equal(db, "x.db");
    assert_true(quiet);
    assert_string_equal(argv[5], "--db"); /* the command's arguments are left as they were */
    assert_int_equal(peel_cli_parse_global(2, none, opts, &cmd, &err), 0);
    assert_int_equal(cmd, 2);
    assert_int_equal(peel_cli_parse_global(3, bad, opts, &cmd, &err), -1);
    assert_string_equal(err.msg, "'--colour' is not an option of peel (see 'peel --help')");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind),
        cmocka_unit_test(test_dates_left_alone_when_absent),
        cmocka_unit_test(test_errors_name_the_option),
        cmocka_unit_test(test_subcommand),
        cmocka_unit_test(test_global),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
