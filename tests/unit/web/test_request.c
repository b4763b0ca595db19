/* test_request.c - the request parsers (urlencoded, multipart, header
 * parameters) read what browsers send and refuse what they do not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/pool.h"
#include "web/http.h"

static void test_urlencoded(void **state)
{
    peel_pool *p = peel_pool_new();
    peel_kv kv[4];
    size_t n = 0;
    (void)state;
    const char *s = "a=1+2&b=%3Cx%3E&empty=&flag&&c=%E2%82%AC";
    assert_true(peel_req_parse_urlencoded(p, s, strlen(s), kv, 8 > 4 ? 4 : 8, &n) == false);
    n = 0;
    peel_kv many[8];
    assert_true(peel_req_parse_urlencoded(p, s, strlen(s), many, 8, &n));
    assert_int_equal(n, 5);
    assert_string_equal(many[0].value, "1 2");
    assert_string_equal(many[1].value, "<x>");
    assert_string_equal(many[2].value, "");
    assert_string_equal(many[3].name, "flag");
    assert_string_equal(many[4].value, "\xE2\x82\xAC");
    n = 0;
    assert_false(peel_req_parse_urlencoded(p, "a=%4", 4, many, 8, &n));
    n = 0;
    assert_false(peel_req_parse_urlencoded(p, "a=%zz", 5, many, 8, &n));
    n = 0;
    assert_false(peel_req_parse_urlencoded(p, "a%00b=1", 7, many, 8, &n));
    peel_pool_free(p);
}

static void test_multipart(void **state)
{
    peel_pool *p = peel_pool_new();
    peel_kv kv[8];
    size_t n = 0;
    char body[] = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n"
                  "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
                  "Content-Type: text/csv\r\n\r\nname\r\nx--XyZ\r\n--XyZ--\r\n";
    (void)state;
    assert_true(peel_req_parse_multipart(p, body, strlen(body), "XyZ", kv, 8, &n));
    assert_int_equal(n, 2);
    assert_string_equal(kv[0].name, "csrf");
    assert_string_equal(kv[0].value, "tok");
    assert_null(kv[0].filename);
    assert_string_equal(kv[1].filename, "a.csv");
    assert_int_equal(kv[1].len, strlen("name\r\nx--XyZ"));
    char bad1[] = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end";
    n = 0;
    assert_false(peel_req_parse_multipart(p, bad1, strlen(bad1), "XyZ", kv, 8, &n));
    char bad2[] = "junk";
    n = 0;
    assert_false(peel_req_parse_multipart(p, bad2, strlen(bad2), "XyZ", kv, 8, &n));
    char bad3[] = "--XyZ\r\nX: y\r\n\r\nv\r\n--XyZ--";
    n = 0;
    assert_false(peel_req_parse_multipart(p, bad3, strlen(bad3), "XyZ", kv, 8, &n));
    n = 0;
    assert_false(peel_req_parse_multipart(p, body, strlen(body), "", kv, 8, &n));
    peel_pool_free(p);
}

static void test_header_params(void **state)
{
    peel_pool *p = peel_pool_new();
    (void)state;
    assert_string_equal(peel_req_header_param(p, "multipart/form-data; boundary=abc", "boundary"),
                        "abc");
    assert_string_equal(
        peel_req_header_param(p, "multipart/form-data; boundary=\"a b\"; x=1", "boundary"), "a b");
    assert_null(peel_req_header_param(p, "text/plain", "boundary"));
    assert_true(peel_req_ctype_is("application/json; charset=utf-8", "application/json"));
    assert_false(peel_req_ctype_is("application/jsonx", "application/json"));
    assert_false(peel_req_ctype_is(NULL, "application/json"));
    peel_pool_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_urlencoded),
        cmocka_unit_test(test_multipart),
        cmocka_unit_test(test_header_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
