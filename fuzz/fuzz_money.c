/* fuzz_money.c - fuzzes the money parser and formatters (src/core/money.c).
 *
 * What the parser accepts must lie within 10^15 pounds, and each of the three
 * formats of it must parse back to the same pence.  What it rejects must leave
 * a PEEL_EINPUT message that is valid, printable UTF-8 (the input is quoted
 * into it).  Eight input bytes are also read as raw pence: every format must
 * fit its 32 bytes, and within the limit parse back to the same value.  Any
 * violation aborts.
 *
 * money.c is compiled into this harness so that it carries libFuzzer's
 * coverage instrumentation (libpeel is built without it).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.c"

#define ENSURE(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_money: %s:%d: %s\n", __FILE__, __LINE__, #cond);                 \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static void check_error(const peel_err *err)
{
    size_t n = strlen(err->msg);
    ENSURE(err->code == PEEL_EINPUT);
    ENSURE(n > 0 && err->msg[0] == '\'');
    ENSURE(peel_utf8_valid(err->msg, n, NULL));
    for (size_t i = 0; i < n; i++)
        ENSURE((unsigned char)err->msg[i] >= 0x20 && err->msg[i] != 0x7F);
}

/* Formats p three ways; each must parse back to p when p is in range. */
static void round_trip(peel_pence p)
{
    void (*const fmt[3])(peel_pence, char *) = {peel_money_format, peel_money_format_plain,
                                                peel_money_format_short};
    bool in_range = p >= -MAX_PENCE && p <= MAX_PENCE;

    for (int k = 0; k < 3; k++) {
        char s[32];
        peel_pence back = 0;
        peel_err err = PEEL_ERR_INIT;

        memset(s, 'x', sizeof s);
        fmt[k](p, s);
        ENSURE(memchr(s, '\0', sizeof s) != NULL);
        ENSURE(peel_utf8_valid(s, strlen(s), NULL));
        if (in_range) {
            if (peel_money_parse(s, strlen(s), &back, &err) != 0 || back != p) {
                fprintf(stderr, "fuzz_money: %lld formatted as '%s' parsed back as %lld (%s)\n",
                        (long long)p, s, (long long)back, err.msg);
                abort();
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    peel_err err = PEEL_ERR_INIT;
    peel_pence p;

    if (peel_money_parse((const char *)data, size, &p, &err) == 0) {
        ENSURE(err.code == PEEL_OK);
        ENSURE(p >= -MAX_PENCE && p <= MAX_PENCE);
        round_trip(p);
    } else {
        check_error(&err);
    }

    if (size >= 8) {
        uint64_t u = 0;
        for (int i = 0; i < 8; i++)
            u |= (uint64_t)data[i] << (8 * i);
        round_trip((peel_pence)u);                                               /* any value */
        round_trip((peel_pence)(u % (2 * (uint64_t)MAX_PENCE + 1)) - MAX_PENCE); /* in range */
    }
    return 0;
}
