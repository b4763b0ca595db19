/* test_html.c - the one HTML builder (src/render/html.h) escapes every
 * inserted value for its context, and the template is the only markup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/html.h"

static void test_escapes_by_default(void **state)
{
    peel_buf b = PEEL_BUF_INIT;
    (void)state;
    peel_html(&b, "<p title=\"%s\">%s %d %lld %%</p>", "a\"b'c", "<script>&", 7, 1LL << 40);
    assert_string_equal(peel_buf_str(&b),
                        "<p title=\"a&quot;b&#39;c\">&lt;script&gt;&amp; 7 1099511627776 %</p>");
    peel_buf_reset(&b);
    peel_html(&b, "<a href=\"/x?q=%q\">", "a b&c/é");
    assert_string_equal(peel_buf_str(&b), "<a href=\"/x?q=a%20b%26c%2F%C3%A9\">");
    peel_buf_reset(&b);
    peel_html(&b, "%s|%s", (const char *)NULL, "");
    assert_string_equal(peel_buf_str(&b), "|");
    peel_buf_release(&b);
}

static void test_invalid_utf8_and_nul_replaced(void **state)
{
    peel_buf b = PEEL_BUF_INIT;
    (void)state;
    peel_html_textn(&b, "a\xff<b\0c", 6);
    assert_int_equal(b.len, strlen("a\xEF\xBF\xBD&lt;b\xEF\xBF\xBD"
                                   "c"));
    assert_memory_equal(b.data,
                        "a\xEF\xBF\xBD&lt;b\xEF\xBF\xBD"
                        "c",
                        b.len);
    peel_buf_release(&b);
}

/* Well-formed multi-byte characters are copied inside runs; each broken
 * sequence (a lead byte without its continuation, a surrogate, an overlong
 * form, a truncated tail) becomes one U+FFFD per byte that starts it. */
static void test_multibyte_runs(void **state)
{
    static const struct {
        const char *in;
        size_t n;
        const char *want;
    } cases[] = {
        {"caf\xC3\xA9 & \xF0\x9F\x9A\x93", 12, "caf\xC3\xA9 &amp; \xF0\x9F\x9A\x93"},
        {"\xE2\x82\xAC"
         "9,974.60",
         11,
         "\xE2\x82\xAC"
         "9,974.60"},
        {"a\xC3", 2, "a\xEF\xBF\xBD"},                               /* truncated */
        {"\xC3(", 2, "\xEF\xBF\xBD("},                               /* bad continuation */
        {"\xED\xA0\x80", 3, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* surrogate */
        {"\xC0\xAF>", 3, "\xEF\xBF\xBD\xEF\xBF\xBD&gt;"},            /* overlong */
        {"", 0, ""},
    };
    peel_buf b = PEEL_BUF_INIT;
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        peel_buf_reset(&b);
        assert_int_equal(peel_html_textn(&b, cases[i].in, cases[i].n), 0);
        assert_string_equal(peel_buf_str(&b), cases[i].want);
    }
    peel_buf_reset(&b);
    peel_html(&b, "%d|%d|%lld", 0, -2147483647 - 1, (long long)INT64_MIN);
    assert_string_equal(peel_buf_str(&b), "0|-2147483648|-9223372036854775808");
    peel_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes_by_default),
        cmocka_unit_test(test_invalid_utf8_and_nul_replaced),
        cmocka_unit_test(test_multibyte_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
