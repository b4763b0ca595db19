/* test_totp.c - the one-time codes against RFC 6238's test vectors
 * (Appendix B, SHA-1) and base32 against RFC 4648's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "web/totp.h"

static const unsigned char rfc_key[] = "12345678901234567890";

static void test_rfc6238_vectors(void **state)
{
    static const struct {
        int64_t t;
        uint32_t code;
    } v[] = {
        {59, 94287082},         {1111111109, 7081804},  {1111111111, 14050471},
        {1234567890, 89005924}, {2000000000, 69279037}, {20000000000LL, 65353130},
    };
    (void)state;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        uint64_t step = (uint64_t)v[i].t / PEEL_TOTP_STEP;
        assert_int_equal(peel_totp_code(rfc_key, 20, step, 8), v[i].code);
        assert_int_equal(peel_totp_code(rfc_key, 20, step, 6), v[i].code % 1000000);
    }
}

static void test_verify_window_and_replay(void **state)
{
    int64_t step = 0, now = 1234567890;
    char code[8];
    (void)state;
    /* 89005924 at 1234567890: the six-digit code is 005924 */
    assert_true(peel_totp_verify(rfc_key, 20, now, "005924", 0, &step));
    assert_int_equal(step, now / 30);
    /* one step either side is accepted, two are not */
    assert_true(peel_totp_verify(rfc_key, 20, now + 30, "005924", 0, &step));
    assert_true(peel_totp_verify(rfc_key, 20, now - 30, "005924", 0, &step));
    assert_false(peel_totp_verify(rfc_key, 20, now + 60, "005924", 0, &step));
    assert_false(peel_totp_verify(rfc_key, 20, now - 60, "005924", 0, &step));
    /* a code once used is not good again */
    assert_false(peel_totp_verify(rfc_key, 20, now, "005924", now / 30, &step));
    /* malformed */
    assert_false(peel_totp_verify(rfc_key, 20, now, "05924", 0, &step));
    assert_false(peel_totp_verify(rfc_key, 20, now, "0059245", 0, &step));
    assert_false(peel_totp_verify(rfc_key, 20, now, "00592a", 0, &step));
    assert_false(peel_totp_verify(rfc_key, 20, now, NULL, 0, &step));
    snprintf(code, sizeof code, "%06u", (peel_totp_code(rfc_key, 20, now / 30, 6) + 1) % 1000000);
    assert_false(peel_totp_verify(rfc_key, 20, now, code, 0, &step));
}

static void test_base32(void **state)
{
    char out[64];
    (void)state;
    peel_totp_base32((const unsigned char *)"foobar", 6, out);
    assert_string_equal(out, "MZXW6YTBOI");
    peel_totp_base32((const unsigned char *)"f", 1, out);
    assert_string_equal(out, "MY");
    peel_totp_base32(rfc_key, 20, out);
    assert_string_equal(out, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc6238_vectors),
        cmocka_unit_test(test_verify_window_and_replay),
        cmocka_unit_test(test_base32),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
