/* test_params.c - the page parameter readers (web/params.c): each kind
 * reads its forms, a bad value gives the default and is recorded with the
 * field's label and what was typed, and the writers show it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/pool.h"
#include "web/http.h"

/* A GET request with the query q ("a=1&b=2"). */
static peel_req *request(const char *q)
{
    peel_req *r = calloc(1, sizeof *r);
    assert_non_null(r);
    r->pool = peel_pool_new();
    r->method = "GET";
    r->out = (peel_buf)PEEL_BUF_INIT;
    assert_true(
        peel_req_parse_urlencoded(r->pool, q, strlen(q), r->args, PEEL_REQ_MAX_ARGS, &r->nargs));
    return r;
}

static void done(peel_req *r)
{
    peel_buf_release(&r->out);
    peel_pool_free(r->pool);
    free(r);
}

static void test_readers(void **state)
{
    peel_req *r = request("d1=2023-04-01&d2=01%2F04%2F2023&m=2023-04&fy=2022-23&y=2024&empty=");
    peel_date d = 0;
    peel_month m = 0;
    peel_fy fy = 0;
    int y = 0;
    char s[11];
    (void)state;
    assert_true(peel_param_date(r, "d1", "From", 7, &d));
    peel_date_format(d, s);
    assert_string_equal(s, "2023-04-01");
    assert_true(peel_param_date(r, "d2", "From", 7, &d));
    peel_date_format(d, s);
    assert_string_equal(s, "2023-04-01");
    assert_true(peel_param_date(r, "empty", "From", 7, &d)); /* empty: the default */
    assert_int_equal(d, 7);
    assert_true(peel_param_date(r, "absent", "From", 8, &d));
    assert_int_equal(d, 8);
    assert_true(peel_param_month(r, "m", "Month", 0, &m));
    assert_int_equal(m, peel_month_from_ym(2023, 4));
    assert_true(peel_param_fy(r, "fy", "Financial year", 0, &fy));
    assert_int_equal(fy, 2022);
    assert_true(peel_param_year(r, "y", "Year", 0, &y));
    assert_int_equal(y, 2024);
    assert_int_equal(r->nproblems, 0);
    done(r);
}

static void test_bad_values_are_recorded(void **state)
{
    peel_req *r = request("d=31%2F02%2F2023&m=2023-13&fy=2022%2F23&y=1066&show=late");
    static const char *const shows[] = {"all", "open", NULL};
    peel_date d;
    peel_month m;
    peel_fy fy;
    int y, show;
    (void)state;
    assert_false(peel_param_date(r, "d", "Status on", 5, &d));
    assert_int_equal(d, 5);
    assert_false(peel_param_month(r, "m", "Month", 6, &m));
    assert_int_equal(m, 6);
    assert_false(peel_param_fy(r, "fy", "Financial year", 2023, &fy));
    assert_int_equal(fy, 2023);
    assert_false(peel_param_year(r, "y", "Year", 2023, &y));
    assert_false(peel_param_choice(r, "show", "Show", shows, &show));
    assert_int_equal(show, -1);
    assert_int_equal(r->nproblems, 5);
    const peel_problem *p = peel_param_problem_of(r, "d");
    assert_non_null(p);
    assert_string_equal(p->id, "filter-d");
    assert_string_equal(p->typed, "31/02/2023");
    assert_string_equal(p->msg,
                        "Status on: '31/02/2023' is not a date (February 2023 has 28 days)");
    assert_string_equal(peel_param_problem_of(r, "m")->msg,
                        "Month: '2023-13' is not a month (there is no month 13)");
    assert_string_equal(peel_param_problem_of(r, "y")->msg,
                        "Year: '1066' is not a year from 1900 to 2999");
    /* a second problem with the same parameter is not added */
    peel_param_problem(r, "d", "Status on", "again");
    assert_int_equal(r->nproblems, 5);
    done(r);
}

static void test_allowed(void **state)
{
    static const char *const names[] = {"year", NULL};
    peel_req *r = request("year=2024");
    (void)state;
    assert_true(peel_params_allowed(r, names));
    done(r);
    r = request("year=2024&_sort=x");
    assert_false(peel_params_allowed(r, names));
    assert_int_equal(r->nproblems, 1);
    assert_null(r->problems[0].id);
    assert_null(strstr(r->problems[0].msg, "_sort")); /* not named */
    done(r);
    r = request("year=%FF");
    assert_false(peel_params_allowed(r, names));
    done(r);
}

static void test_int(void **state)
{
    peel_req *r = request("limit=25&big=10001&word=ten&neg=-1");
    long long n;
    (void)state;
    assert_true(peel_param_int(r, "limit", "limit", 1, 10000, 10, &n));
    assert_int_equal(n, 25);
    assert_true(peel_param_int(r, "absent", "absent", 1, 10000, 10, &n));
    assert_int_equal(n, 10);
    assert_false(peel_param_int(r, "big", "Limit", 1, 10000, 10, &n));
    assert_int_equal(n, 10);
    assert_false(peel_param_int(r, "word", "word", 1, 10000, 10, &n));
    assert_false(peel_param_int(r, "neg", "neg", 0, 5, 3, &n));
    assert_int_equal(n, 3);
    assert_int_equal(r->nproblems, 3);
    assert_string_equal(peel_param_problem_of(r, "big")->msg,
                        "Limit: '10001' is not a whole number from 1 to 10000");
    done(r);
}

static void test_writers(void **state)
{
    peel_req *r = request("as_of=%3Cb%3E");
    peel_date d;
    (void)state;
    assert_false(peel_param_date(r, "as_of", "Status on", 0, &d));
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_page_param_input(r, "as_of", "Status on", "A date", "2023-10-09");
    const char *html = peel_buf_str(&r->out);
    assert_non_null(strstr(html, "<h2 id=\"error-summary-title\">There is a problem</h2>"));
    assert_non_null(strstr(html, "<li><a href=\"#filter-as_of\">Status on: "));
    assert_non_null(strstr(html, "aria-invalid=\"true\""));
    assert_non_null(strstr(html, "aria-describedby=\"filter-as_of-hint filter-as_of-error\""));
    assert_non_null(strstr(html, "value=\"&lt;b&gt;\""));
    assert_null(strstr(html, "<b>"));
    assert_null(strstr(html, "2023-10-09")); /* what was typed, not the default */
    done(r);
    r = request("");
    peel_page_error_summary(r, r->problems, 0);
    assert_int_equal(r->out.len, 0);
    peel_page_param_input(r, "year", "Year", NULL, "2024");
    assert_non_null(strstr(peel_buf_str(&r->out), "value=\"2024\""));
    assert_null(strstr(peel_buf_str(&r->out), "aria-"));
    done(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readers), cmocka_unit_test(test_bad_values_are_recorded),
        cmocka_unit_test(test_allowed), cmocka_unit_test(test_int),
        cmocka_unit_test(test_writers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
