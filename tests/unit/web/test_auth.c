/* test_auth.c - the pieces of auth.c that need no server: where sign-in may
 * send the browser next, and which passwords are too common. */
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

static void test_common_passwords_refused_in_any_case(void **state)
{
    static const char *const common[] = {"basketball", "BasketBall", "STRAWBERRY",
                                         "1234567890", "QwertyUiop", "Password123"};
    static const char *const fine[] = {"correct horse battery staple", "basketball!7",
                                       "Strawberry fields 1967"};
    peel_err err = PEEL_ERR_INIT;
    (void)state;
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) {
        assert_int_equal(peel_auth_password_common(common[i], &err), 1);
        assert_int_equal(peel_auth_password_check(common[i], &err), -1);
        assert_int_equal(err.code, PEEL_EINPUT);
        assert_non_null(strstr(err.msg, "too common"));
        peel_err_clear(&err);
    }
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
        assert_int_equal(peel_auth_password_common(fine[i], &err), 0);
        assert_int_equal(peel_auth_password_check(fine[i], &err), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_next_keeps_local_paths),
        cmocka_unit_test(test_next_refuses_other_sites),
        cmocka_unit_test(test_next_refuses_long_paths),
        cmocka_unit_test(test_common_passwords_refused_in_any_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
