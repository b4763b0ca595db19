/* fuzz_attach_sniff.c - fuzzes what peel reads a paper's format from
 * (src/model/attach.c): zip directories (OOXML and OpenDocument), Office
 * compound files, signatures and the CSV text check.
 *
 * Invariants checked, any violation aborts:
 *   - the sniffer ends with 0 and a format peel knows by name, or -1 with a
 *     PEEL_EINPUT message and no format;
 *   - the same bytes give the same answer twice;
 *   - a file it accepts, checked against a name with its own extension,
 *     passes.
 * Reads outside the buffer are caught by AddressSanitizer (libFuzzer hands
 * the harness a buffer of exactly the input's size).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/attach.h"

#define ENSURE(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_attach_sniff: %s:%d: %s\n", __FILE__, __LINE__, #cond);          \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const peel_attach_format *f = NULL, *again = NULL;
    peel_err err = PEEL_ERR_INIT, err2 = PEEL_ERR_INIT;
    int rc = peel_attach_sniff(data, size, &f, &err);
    char name[32];

    ENSURE(rc == 0 || rc == -1);
    ENSURE(peel_attach_sniff(data, size, &again, &err2) == rc && again == f);
    if (rc < 0) {
        ENSURE(!f && err.code == PEEL_EINPUT && err.msg[0]);
        return 0;
    }
    ENSURE(f && peel_attach_format_named(f->name) == f);
    snprintf(name, sizeof name, "paper.%s", f->name);
    ENSURE(peel_attach_check_name(f, name, &err) == 0);
    return 0;
}
