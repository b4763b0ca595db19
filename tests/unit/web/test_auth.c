/* test_auth.c - the pieces of auth.c that need no server: where sign-in may
 * send the browser next. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "web/auth.h"

static void test_next_keeps_local_paths(void **state)
{
    static const char *const ok[] = {
        "/",
        "/records/person",
        "/records/person?name=a%2Fb&_sort=name",
        "/records/meeting/12/edit",
        "/register/actions?by=body#top",
        "/a//b",
        "/50%25",
    };
    (void)state;
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        assert_string_equal(peel_auth_safe_next(ok[i]), ok[i]);
}

static void test_next_refuses_other_sites(void **state)
{
    static const char *const bad[] = {
        NULL,
        "",
        "//evil.example",
        "//evil.example/",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r/evil.example",
        "/ /evil.example",
        "/\x0b/evil.example",
        "/\x7f/evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\\/evil.example",
        "/x\\y",
        "https://evil.example/",
        "http:/evil.example",
        "javascript:alert(1)",
        "evil.example",
        " /records",
        "\t/records",
        "/%2Fevil.example",
        "/%2fevil.example",
        "/%5Cevil.example",
        "/%252Fevil.example",
        "/%25252Fevil.example",
        "/%09/evil.example",
        "/%0d%0aSet-Cookie:x=1",
        "/%00",
        "/records%20x",
        "/\xc3\xa9",
        "/%E3%80%80/evil.example",
    };
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *got = peel_auth_safe_next(bad[i]);
        if (strcmp(got, "/") != 0)
            fail_msg("next #%zu was let through as '%s'", i, got);
    }
}

static void test_next_refuses_long_paths(void **state)
{
    char p[3000];
    (void)state;
    memset(p, 'a', sizeof p - 1);
    p[0] = '/';
    p[sizeof p - 1] = '\0';
    assert_string_equal(peel_auth_safe_next(p), "/");
    p[2049] = '\0';
    assert_string_equal(peel_auth_safe_next(p), "/");
    p[2048] = '\0';
    assert_string_equal(peel_auth_safe_next(p), p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_next_keeps_local_paths),
        cmocka_unit_test(test_next_refuses_other_sites),
        cmocka_unit_test(test_next_refuses_long_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
