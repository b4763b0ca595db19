/* fuzz_crime_chunk.c - fuzzes the decoder of the packed street-record chunk
 * (src/store/crime_chunk.c), the blob the figures read back from crime_chunk,
 * in the current format and in format 1 (which migration 103 rewrites).
 *
 * Input: two bytes, little-endian, are the row count stored beside the blob
 * (any value, so counts out of range are tried too); the rest is the blob,
 * decoded in both formats.  Invariants checked, any violation aborts:
 *   - the decoder only ever ends with 0 (exactly the declared rows, nothing
 *     after them) or -1 with a PEEL_EDB message; a later call after -1
 *     fails again;
 *   - a row's Crime ID lies inside the blob: 32 bytes when binary, 1 to
 *     PEEL_CRIME_CHUNK_ID_MAX otherwise; every id is >= 0; a map point is
 *     in range (none in format 1);
 *   - an accepted chunk, encoded again row by row, decodes to the same rows
 *     (format 1 through the rewrite of migration 103, each location id
 *     standing for a made-up point).
 * Reads outside the blob are caught by AddressSanitizer (libFuzzer hands
 * the harness a buffer of exactly the input's size).
 */
#include <stdbool.h>
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

static void row_ok(const peel_crime_chunk_row *r, const uint8_t *blob, size_t n, bool v1)
{
    ENSURE(r->lsoa_id >= 0 && r->type_id >= 0 && r->outcome_id >= 0 && r->street_id >= 0 &&
           r->location_id >= 0 && r->context_id >= 0);
    if (v1)
        ENSURE(!r->located && r->street_id == 0);
    else
        ENSURE(r->location_id == 0);
    if (r->located)
        ENSURE(r->lat >= -90000000 && r->lat <= 90000000 && r->lon >= -180000000 &&
               r->lon <= 180000000);
    else
        ENSURE(r->lat == 0 && r->lon == 0);
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

/* The point migration 103 would find for a location id: made up from it. */
static int made_up_point(void *ctx, int64_t location_id, peel_crime_chunk_row *r, peel_err *err)
{
    (void)ctx;
    (void)err;
    r->street_id = location_id / 3;
    r->located = location_id % 3 != 0;
    r->lat = r->located ? (int32_t)(location_id % 180000001) - 90000000 : 0;
    r->lon = r->located ? (int32_t)(location_id % 360000001) - 180000000 : 0;
    return 0;
}

static void init(peel_crime_chunk_reader *rd, bool v1, const uint8_t *blob, size_t n, int64_t rows)
{
    if (v1)
        peel_crime_chunk_reader_init_v1(rd, n ? blob : NULL, n, rows);
    else
        peel_crime_chunk_reader_init(rd, n ? blob : NULL, n, rows);
}

/* Format 1 accepted: rewritten as migration 103 does, row for row. */
static void upgrade_ok(const uint8_t *blob, size_t n, int64_t rows)
{
    peel_err err = PEEL_ERR_INIT;
    unsigned char *out;
    size_t m;
    ENSURE(peel_crime_chunk_upgrade(n ? blob : NULL, n, rows, made_up_point, NULL, &out, &m,
                                    &err) == 0);
    peel_crime_chunk_reader a, b;
    peel_crime_chunk_row ra, rb, want;
    init(&a, true, blob, n, rows);
    init(&b, false, out, m, rows);
    for (int64_t i = 0; i < rows; i++) {
        ENSURE(peel_crime_chunk_next(&a, &ra, &err) == 1);
        ENSURE(peel_crime_chunk_next(&b, &rb, &err) == 1);
        want = (peel_crime_chunk_row){0};
        if (ra.location_id)
            made_up_point(NULL, ra.location_id, &want, &err);
        ENSURE(ra.lsoa_id == rb.lsoa_id && ra.type_id == rb.type_id &&
               ra.outcome_id == rb.outcome_id && ra.context_id == rb.context_id &&
               rb.street_id == want.street_id && rb.located == want.located && rb.lat == want.lat &&
               rb.lon == want.lon);
        char ha[65], hb[65];
        peel_str ta = id_text(&ra, ha), tb = id_text(&rb, hb);
        ENSURE(ta.n == tb.n && (ta.n == 0 || !memcmp(ta.p, tb.p, ta.n)));
    }
    ENSURE(peel_crime_chunk_next(&b, &rb, &err) == 0);
    free(out);
}

static void one_format(const uint8_t *blob, size_t n, int64_t rows, bool v1)
{
    peel_crime_chunk_reader rd;
    peel_crime_chunk_row r;
    peel_err err = PEEL_ERR_INIT;
    int64_t got = 0;
    int k;

    init(&rd, v1, blob, n, rows);
    while ((k = peel_crime_chunk_next(&rd, &r, &err)) > 0) {
        row_ok(&r, blob, n, v1);
        got++;
        ENSURE(got <= rows);
    }
    if (k < 0) {
        peel_err again = PEEL_ERR_INIT;
        ENSURE(err.code == PEEL_EDB && err.msg[0]);
        ENSURE(peel_crime_chunk_next(&rd, &r, &again) == -1 && again.code == PEEL_EDB);
        return;
    }
    ENSURE(k == 0 && got == rows && err.code == PEEL_OK);
    if (v1) {
        upgrade_ok(blob, n, rows);
        return;
    }

    /* Accepted: encode again and decode both side by side. */
    unsigned char *re = malloc(rows ? (size_t)rows * PEEL_CRIME_CHUNK_ROW_MAX : 1);
    size_t m = 0;
    ENSURE(re);
    peel_crime_chunk_reader_init(&rd, n ? blob : NULL, n, rows);
    while (peel_crime_chunk_next(&rd, &r, &err) > 0) {
        char hex[65];
        m += peel_crime_chunk_put(re + m, id_text(&r, hex), &r);
    }
    peel_crime_chunk_reader a, b;
    peel_crime_chunk_row ra, rb;
    peel_crime_chunk_reader_init(&a, n ? blob : NULL, n, rows);
    peel_crime_chunk_reader_init(&b, re, m, rows);
    for (int64_t i = 0; i < rows; i++) {
        ENSURE(peel_crime_chunk_next(&a, &ra, &err) == 1);
        ENSURE(peel_crime_chunk_next(&b, &rb, &err) == 1);
        ENSURE(ra.lsoa_id == rb.lsoa_id && ra.type_id == rb.type_id &&
               ra.outcome_id == rb.outcome_id && ra.street_id == rb.street_id &&
               ra.context_id == rb.context_id && ra.located == rb.located && ra.lat == rb.lat &&
               ra.lon == rb.lon);
        /* A text ID of 64 lowercase hex digits comes back binary: same digits. */
        char ha[65], hb[65];
        peel_str ta = id_text(&ra, ha), tb = id_text(&rb, hb);
        ENSURE(ta.n == tb.n && (ta.n == 0 || !memcmp(ta.p, tb.p, ta.n)));
    }
    ENSURE(peel_crime_chunk_next(&b, &rb, &err) == 0);
    free(re);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int64_t rows = (int64_t)(data[0] | data[1] << 8);
    one_format(data + 2, size - 2, rows, false);
    one_format(data + 2, size - 2, rows, true);
    return 0;
}
