/* test_buf.c - the growable buffer, string views, UTF-8 validation and the
 * error value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/str.h"

static void test_append_and_printf(void **state)
{
    peel_buf b = PEEL_BUF_INIT;
    (void)state;
    assert_string_equal(peel_buf_str(&b), "");
    for (int i = 0; i < 1000; i++)
        assert_int_equal(peel_buf_printf(&b, "%d,", i), 0);
    assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
    assert_int_equal(b.len, strlen(b.data));
    peel_buf_truncate(&b, 2);
    assert_string_equal(peel_buf_str(&b), "0,");
    char *d = peel_buf_detach(&b);
    assert_string_equal(d, "0,");
    assert_null(b.data);
    free(d);
}

static void test_cap_is_sticky(void **state)
{
    peel_buf b;
    (void)state;
    peel_buf_init(&b, 8);
    assert_int_equal(peel_buf_puts(&b, "12345678"), 0);
    assert_int_equal(peel_buf_putc(&b, '9'), -1);
    assert_true(b.failed);
    assert_string_equal(peel_buf_str(&b), "12345678"); /* old contents kept */
    peel_buf_reset(&b);
    assert_false(b.failed);
    assert_int_equal(b.len, 0);
    peel_buf_release(&b);
}

static void test_views(void **state)
{
    long long v;
    (void)state;
    assert_true(peel_str_eq(peel_str_c("abc"), "abc"));
    assert_true(peel_str_eq_nocase(peel_str_c("ChArNwOoD"), "charnwood"));
    peel_str t = peel_str_trim(peel_str_c("  x y \r\n"));
    assert_int_equal(t.n, 3);
    assert_true(peel_str_to_i64(peel_str_c("-9223372036854775808"), &v));
    assert_true(v == INT64_MIN);
    assert_false(peel_str_to_i64(peel_str_c("9223372036854775808"), &v));
    assert_false(peel_str_to_i64(peel_str_c("12a"), &v));
    assert_false(peel_str_to_i64(peel_str_c(""), &v));
    assert_false(peel_str_to_i64(peel_str_c("-"), &v));
}

static void test_utf8(void **state)
{
    size_t at;
    (void)state;
    assert_true(peel_utf8_valid("\xc2\xa3"
                                "9,974.60",
                                10, NULL));
    assert_true(peel_utf8_valid("Ynys M\xc3\xb4n", 9, NULL));
    assert_false(peel_utf8_valid("Caf\xe9", 4, &at));
    assert_int_equal(at, 3);
    assert_false(peel_utf8_valid("\xc0\xaf", 2, NULL));         /* overlong */
    assert_false(peel_utf8_valid("\xed\xa0\x80", 3, NULL));     /* surrogate */
    assert_false(peel_utf8_valid("\xf4\x90\x80\x80", 4, NULL)); /* > U+10FFFF */
    assert_false(peel_utf8_valid("\xe2\x82", 2, NULL));         /* truncated */
}

static void test_err_first_sticks(void **state)
{
    peel_err e = PEEL_ERR_INIT;
    (void)state;
    assert_int_equal(peel_err_exit_status(&e), 0);
    assert_int_equal(peel_err_set(&e, PEEL_EINPUT, "column %d: bad", 3), -1);
    peel_err_set(&e, PEEL_EDB, "later");
    assert_int_equal(e.code, PEEL_EINPUT);
    peel_err_prefix(&e, "file %s", "a.csv");
    assert_string_equal(e.msg, "file a.csv: column 3: bad");
    assert_int_equal(peel_err_exit_status(&e), 2);
    peel_err_clear(&e);
    peel_err_set(&e, PEEL_EDB, "disk");
    assert_int_equal(peel_err_exit_status(&e), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_and_printf),
        cmocka_unit_test(test_cap_is_sticky),
        cmocka_unit_test(test_views),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_err_first_sticks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
