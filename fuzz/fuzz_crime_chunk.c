/* fuzz_crime_chunk.c - fuzzes the decoder of the packed street-record chunk
 * (src/store/sqlite/chunk.c), the blob the figures read back from crime_chunk.
 *
 * Input: two bytes, little-endian, are the row count stored beside the blob
 * (any value, so counts out of range are tried too); the rest is the blob.
 * Invariants checked, any violation aborts:
 *   - the decoder only ever ends with 0 (exactly the declared rows, nothing
 *     after them) or -1 with a PEEL_EDB message; a later call after -1
 *     fails again;
 *   - a row's Crime ID lies inside the blob: 32 bytes when binary, 1 to
 *     PEEL_CRIME_CHUNK_ID_MAX otherwise; every id is >= 0;
 *   - an accepted chunk, encoded again row by row, decodes to the same rows.
 * Reads outside the blob are caught by AddressSanitizer (libFuzzer hands
 * the harness a buffer of exactly the input's size).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/crime_chunk.h"

#define ENSURE(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_crime_chunk: %s:%d: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void row_ok(const peel_crime_chunk_row *r, const uint8_t *blob, size_t n)
{
    ENSURE(r->lsoa_id >= 0 && r->type_id >= 0 && r->outcome_id >= 0 && r->location_id >= 0 &&
           r->context_id >= 0);
    if (!r->crime_id) {
        ENSURE(r->crime_id_n == 0 && !r->binary_id);
        return;
    }
    ENSURE(r->crime_id >= blob && r->crime_id + r->crime_id_n <= blob + n);
    if (r->binary_id)
        ENSURE(r->crime_id_n == 32);
    else
        ENSURE(r->crime_id_n >= 1 && r->crime_id_n <= PEEL_CRIME_CHUNK_ID_MAX);
}

/* The Crime ID as the importer would have read it from a file. */
static peel_str id_text(const peel_crime_chunk_row *r, char hex[65])
{
    if (!r->crime_id)
        return (peel_str){"", 0};
    if (!r->binary_id)
        return (peel_str){(const char *)r->crime_id, r->crime_id_n};
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = "0123456789abcdef"[r->crime_id[i] >> 4];
        hex[2 * i + 1] = "0123456789abcdef"[r->crime_id[i] & 15];
    }
    hex[64] = 0;
    return (peel_str){hex, 64};
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    peel_crime_chunk_reader rd;
    peel_crime_chunk_row r;
    peel_err err = PEEL_ERR_INIT;
    int64_t rows, got = 0;
    int k;
    if (size < 2)
        return 0;
    rows = (int64_t)(data[0] | data[1] << 8);
    const uint8_t *blob = data + 2;
    size_t n = size - 2;

    peel_crime_chunk_reader_init(&rd, n ? blob : NULL, n, rows);
    while ((k = peel_crime_chunk_next(&rd, &r, &err)) > 0) {
        row_ok(&r, blob, n);
        got++;
        ENSURE(got <= rows);
    }
    if (k < 0) {
        peel_err again = PEEL_ERR_INIT;
        ENSURE(err.code == PEEL_EDB && err.msg[0]);
        ENSURE(peel_crime_chunk_next(&rd, &r, &again) == -1 && again.code == PEEL_EDB);
        return 0;
    }
    ENSURE(k == 0 && got == rows && err.code == PEEL_OK);

    /* Accepted: encode again and decode both side by side. */
    unsigned char *re = malloc(rows ? (size_t)rows * PEEL_CRIME_CHUNK_ROW_MAX : 1);
    size_t m = 0;
    ENSURE(re);
    peel_crime_chunk_reader_init(&rd, n ? blob : NULL, n, rows);
    while (peel_crime_chunk_next(&rd, &r, &err) > 0) {
        char hex[65];
        m += peel_crime_chunk_put(re + m, id_text(&r, hex), r.lsoa_id, r.type_id, r.outcome_id,
                                  r.location_id, r.context_id);
    }
    peel_crime_chunk_reader a, b;
    peel_crime_chunk_row ra, rb;
    peel_crime_chunk_reader_init(&a, n ? blob : NULL, n, rows);
    peel_crime_chunk_reader_init(&b, re, m, rows);
    for (int64_t i = 0; i < rows; i++) {
        ENSURE(peel_crime_chunk_next(&a, &ra, &err) == 1);
        ENSURE(peel_crime_chunk_next(&b, &rb, &err) == 1);
        ENSURE(ra.lsoa_id == rb.lsoa_id && ra.type_id == rb.type_id &&
               ra.outcome_id == rb.outcome_id && ra.location_id == rb.location_id &&
               ra.context_id == rb.context_id);
        /* A text ID of 64 lowercase hex digits comes back binary: same digits. */
        char ha[65], hb[65];
        peel_str ta = id_text(&ra, ha), tb = id_text(&rb, hb);
        ENSURE(ta.n == tb.n && (ta.n == 0 || !memcmp(ta.p, tb.p, ta.n)));
    }
    ENSURE(peel_crime_chunk_next(&b, &rb, &err) == 0);
    free(re);
    return 0;
}
