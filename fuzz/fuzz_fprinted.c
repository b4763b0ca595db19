/* fuzz_fprinted.c - fuzzes the reader of a figure as a paper printed it
 * ("86%", "–16%", "£960,591.34", "£10.4m", "26 working days", "over 90",
 * "seven": peel_fprinted_parse, src/figures/number.c) and the writer that
 * formats a computed value beside it.
 *
 * The first byte picks the unit; the rest is the text.  What the reader
 * accepts must be a fraction in lowest terms with a positive denominator, a
 * positive step and 0 to 9 places; written back at its places (up to the 6
 * the writer prints) it must read again as the same value.  What it refuses
 * must say why.  Any violation aborts.  number.c is compiled into this
 * harness so that it carries libFuzzer's coverage instrumentation.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figures/number.c"

#define ENSURE(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_fprinted: %s:%d: %s\n", __FILE__, __LINE__, #cond);              \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    enum peel_funit unit = (enum peel_funit)(data[0] % (PEEL_FUNIT_NUMBER + 1));
    char *text = malloc(size);
    char msg[256];
    peel_fprinted p;

    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    msg[0] = '\0';
    if (peel_fprinted_parse(text, unit, &p, msg, sizeof msg) == 0) {
        ENSURE(p.value.den > 0 && p.step.num > 0 && p.step.den > 0);
        ENSURE(p.places >= 0 && p.places <= 9);
        if (!p.has_bound && p.places <= 6) {
            char back[64];
            peel_fprinted q;
            peel_fnum_format(p.value, unit, p.places, false, back, sizeof back);
            if (peel_fprinted_parse(back, unit, &q, msg, sizeof msg) != 0 ||
                peel_fnum_cmp(p.value, q.value) != 0) {
                fprintf(stderr, "fuzz_fprinted: \"%s\" written back as \"%s\" reads %s\n", text,
                        back, msg);
                abort();
            }
        }
    } else {
        ENSURE(msg[0] != '\0' && memchr(msg, '\0', sizeof msg));
    }
    free(text);
    return 0;
}
