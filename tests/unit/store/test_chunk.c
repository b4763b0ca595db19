/* test_chunk.c - the packed street-record chunk (src/store/crime_chunk.c):
 * the encoder against bytes written out by hand from the format in
 * crime_chunk.h, the decoder on those bytes (in the current format and in
 * format 1, which migration 103 rewrites), a round trip over many
 * generated rows with and without map points, the rewrite of a format 1
 * chunk, and corrupt chunks (every truncation, bad flags, overlong and
 * overflowing numbers, coordinates out of range, bad lengths, wrong row
 * counts), each of which must be an error value.  Inputs are copied to buffers of exactly their
 * length so that AddressSanitizer catches any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/crime_chunk.h"

/* Three rows, by hand (one per block of lines below), none with a map
 * point, so the same bytes are a chunk of format 1 (the fourth number a
 * crime_location id) and of the current format (a street name id):
 *   1. flags 1, Crime ID bytes 00 01 .. 1f; lsoa 5, type 2, outcome 3,
 *      location 300 (0x12c: low seven bits 0x2c with the "more" bit = 0xac,
 *      then 300 >> 7 = 2), context 0
 *   2. flags 0 (ASB); lsoa 0, type 14, outcome 0, location 1, context 0
 *   3. flags 2, length 3, "abc"; lsoa 127 (7f), type 128 (80 01), outcome
 *      16384 (80 80 01), location 2^63 - 1 (eight ff then 7f), context 1 */
/* clang-format off */
static const unsigned char known[] = {
    0x01, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
    0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a,
    0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x05, 0x02, 0x03, 0xac, 0x02, 0x00,
    0x00, 0x00, 0x0e, 0x00, 0x01, 0x00,
    0x02, 0x03, 'a',  'b',  'c',  0x7f, 0x80, 0x01, 0x80, 0x80, 0x01, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x01,
};
/* clang-format on */
/* Two rows of the current format with map points:
 *   1. flags 4 (no Crime ID, a point); lsoa 1, type 2, outcome 0, street 9,
 *      context 0; latitude 52,619,800 (zigzag 105,239,600 = 0x645d430:
 *      b0 a8 97 32), longitude -1,217,961 (zigzag 2,435,921 = 0x252b51:
 *      d1 d6 94 01)
 *   2. flags 5 (binary Crime ID 00 .. 1f, a point); lsoa 0, type 1, outcome
 *      1, street 0, context 2; latitude -90,000,000 (zigzag 179,999,999 =
 *      0xaba94ff: ff a9 ea 55), longitude 180,000,000 (zigzag 360,000,000 =
 *      0x15752a00: 80 d4 d4 ab 01) */
/* clang-format off */
static const unsigned char known2[] = {
    0x04, 0x01, 0x02, 0x00, 0x09, 0x00, 0xb0, 0xa8, 0x97, 0x32, 0xd1, 0xd6, 0x94, 0x01,
    0x05, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
    0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a,
    0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x00, 0x01, 0x01, 0x00, 0x02, 0xff, 0xa9, 0xea, 0x55,
    0x80, 0xd4, 0xd4, 0xab, 0x01,
};
/* clang-format on */
static const char known_hex[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/* A copy of data in a buffer of exactly n bytes (NULL for 0). */
static unsigned char *exact(const unsigned char *data, size_t n)
{
    unsigned char *p = n ? malloc(n) : NULL;
    if (n) {
        assert_non_null(p);
        memcpy(p, data, n);
    }
    return p;
}

static void expect_corrupt_v1(const unsigned char *data, size_t n, int64_t rows, const char *says);

/* Decodes n bytes with a declared count; returns the last result of
 * peel_crime_chunk_next (0 or -1) and how many rows came out. */
static int decode_all(const unsigned char *data, size_t n, int64_t rows, int64_t *got,
                      peel_err *err)
{
    unsigned char *copy = exact(data, n);
    peel_crime_chunk_reader rd;
    peel_crime_chunk_row r;
    int k;
    *got = 0;
    peel_crime_chunk_reader_init(&rd, copy, n, rows);
    while ((k = peel_crime_chunk_next(&rd, &r, err)) > 0)
        ++*got;
    free(copy);
    return k;
}

/* The three rows of known: format 1 gives location ids, the current
 * format the same numbers as street ids, never a point. */
static void decode_known(bool v1)
{
    peel_crime_chunk_reader rd;
    peel_crime_chunk_row r;
    peel_err err = PEEL_ERR_INIT;
    unsigned char *copy = exact(known, sizeof known);
    if (v1)
        peel_crime_chunk_reader_init_v1(&rd, copy, sizeof known, 3);
    else
        peel_crime_chunk_reader_init(&rd, copy, sizeof known, 3);
#define LOCATION(r) (v1 ? (r).location_id : (r).street_id)

    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), 1);
    assert_true(r.binary_id);
    assert_int_equal(r.crime_id_n, 32);
    for (int i = 0; i < 32; i++)
        assert_int_equal(r.crime_id[i], i);
    assert_int_equal(r.lsoa_id, 5);
    assert_int_equal(r.type_id, 2);
    assert_int_equal(r.outcome_id, 3);
    assert_int_equal(LOCATION(r), 300);
    assert_int_equal(v1 ? r.street_id : r.location_id, 0);
    assert_false(r.located);
    assert_int_equal(r.context_id, 0);

    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), 1);
    assert_null(r.crime_id);
    assert_false(r.binary_id);
    assert_int_equal(r.lsoa_id, 0);
    assert_int_equal(r.type_id, 14);
    assert_int_equal(LOCATION(r), 1);

    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), 1);
    assert_false(r.binary_id);
    assert_int_equal(r.crime_id_n, 3);
    assert_memory_equal(r.crime_id, "abc", 3);
    assert_int_equal(r.lsoa_id, 127);
    assert_int_equal(r.type_id, 128);
    assert_int_equal(r.outcome_id, 16384);
    assert_true(LOCATION(r) == INT64_MAX);
    assert_int_equal(r.context_id, 1);
#undef LOCATION

    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), 0);
    assert_int_equal(err.code, PEEL_OK);
    free(copy);
}

static void test_decodes_known_bytes(void **state)
{
    (void)state;
    decode_known(true);
    decode_known(false);
}

static void test_decodes_map_points(void **state)
{
    peel_crime_chunk_reader rd;
    peel_crime_chunk_row r;
    peel_err err = PEEL_ERR_INIT;
    unsigned char *copy = exact(known2, sizeof known2);
    (void)state;
    peel_crime_chunk_reader_init(&rd, copy, sizeof known2, 2);
    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), 1);
    assert_null(r.crime_id);
    assert_int_equal(r.lsoa_id, 1);
    assert_int_equal(r.type_id, 2);
    assert_int_equal(r.outcome_id, 0);
    assert_int_equal(r.street_id, 9);
    assert_int_equal(r.context_id, 0);
    assert_true(r.located);
    assert_int_equal(r.lat, 52619800);
    assert_int_equal(r.lon, -1217961);
    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), 1);
    assert_true(r.binary_id);
    assert_int_equal(r.crime_id[31], 0x1f);
    assert_int_equal(r.street_id, 0);
    assert_int_equal(r.context_id, 2);
    assert_true(r.located);
    assert_int_equal(r.lat, -90000000);
    assert_int_equal(r.lon, 180000000);
    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), 0);
    free(copy);
    /* Format 1 knows no bit 4. */
    expect_corrupt_v1(known2, sizeof known2, 2, "row 1 (byte 0): the flags byte is not 0, 1 or 2");
}

/* A row of ids (no map point). */
static size_t put(unsigned char *p, const char *id, int64_t lsoa, int64_t type, int64_t outcome,
                  int64_t street, int64_t context)
{
    peel_crime_chunk_row r = {.lsoa_id = lsoa,
                              .type_id = type,
                              .outcome_id = outcome,
                              .street_id = street,
                              .context_id = context};
    return peel_crime_chunk_put(p, peel_str_c(id), &r);
}

static void test_encoder_writes_the_format(void **state)
{
    unsigned char buf[3 * PEEL_CRIME_CHUNK_ROW_MAX];
    size_t n = 0;
    (void)state;
    n += put(buf + n, known_hex, 5, 2, 3, 300, 0);
    n += put(buf + n, "", 0, 14, 0, 1, 0);
    n += put(buf + n, "abc", 127, 128, 16384, INT64_MAX, 1);
    assert_int_equal(n, sizeof known);
    assert_memory_equal(buf, known, sizeof known);

    peel_crime_chunk_row a = {.lsoa_id = 1,
                              .type_id = 2,
                              .street_id = 9,
                              .located = true,
                              .lat = 52619800,
                              .lon = -1217961};
    peel_crime_chunk_row b = {.type_id = 1,
                              .outcome_id = 1,
                              .context_id = 2,
                              .located = true,
                              .lat = -90000000,
                              .lon = 180000000};
    n = peel_crime_chunk_put(buf, peel_str_c(""), &a);
    n += peel_crime_chunk_put(buf + n, peel_str_c(known_hex), &b);
    assert_int_equal(n, sizeof known2);
    assert_memory_equal(buf, known2, sizeof known2);
}

static void test_crime_id_binary(void **state)
{
    unsigned char out[32];
    char upper[65];
    (void)state;
    assert_true(peel_crime_id_binary(peel_str_c(known_hex), out));
    assert_int_equal(out[31], 0x1f);
    /* police.uk writes lowercase; anything else is kept as text */
    memcpy(upper, known_hex, 65);
    upper[10] = 'A';
    assert_false(peel_crime_id_binary(peel_str_c(upper), out));
    upper[10] = 'g';
    assert_false(peel_crime_id_binary(peel_str_c(upper), out));
    assert_false(peel_crime_id_binary((peel_str){known_hex, 63}, out));
    assert_false(peel_crime_id_binary(peel_str_c(""), out));
    /* a text ID is cut at the maximum length */
    char *long_id = malloc(PEEL_CRIME_CHUNK_ID_MAX + 100);
    unsigned char buf[PEEL_CRIME_CHUNK_ROW_MAX];
    peel_crime_chunk_reader rd;
    peel_crime_chunk_row r;
    peel_err err = PEEL_ERR_INIT;
    assert_non_null(long_id);
    memset(long_id, 'x', PEEL_CRIME_CHUNK_ID_MAX + 100);
    peel_crime_chunk_row ids = {
        .lsoa_id = 1, .type_id = 1, .outcome_id = 1, .street_id = 1, .context_id = 1};
    size_t n = peel_crime_chunk_put(buf, (peel_str){long_id, PEEL_CRIME_CHUNK_ID_MAX + 100}, &ids);
    assert_true(n <= sizeof buf);
    peel_crime_chunk_reader_init(&rd, buf, n, 1);
    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), 1);
    assert_int_equal(r.crime_id_n, PEEL_CRIME_CHUNK_ID_MAX);
    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), 0);
    free(long_id);
}

/* ---- round trip ---- */

typedef struct row {
    char id[80];
    int64_t v[5];
    bool located;
    int32_t lat, lon;
} row;

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next_rand(void)
{
    /* xorshift64: a fixed sequence, so a failure repeats */
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void test_round_trip(void **state)
{
    enum { N = PEEL_CRIME_CHUNK_ROWS };
    static row rows[N];
    unsigned char *buf = malloc(PEEL_CRIME_CHUNK_MAX);
    size_t n = 0;
    (void)state;
    assert_non_null(buf);
    for (int i = 0; i < N; i++) {
        uint64_t k = next_rand();
        switch (k % 4) {
        case 0: /* police.uk: 64 lowercase hex digits */
            for (int j = 0; j < 64; j++)
                rows[i].id[j] = "0123456789abcdef"[next_rand() % 16];
            rows[i].id[64] = 0;
            break;
        case 1: /* anti-social behaviour: none */
            rows[i].id[0] = 0;
            break;
        default: /* another force's text */
            snprintf(rows[i].id, sizeof rows[i].id, "X-%llu", (unsigned long long)next_rand());
        }
        for (int j = 0; j < 5; j++) {
            /* small ids mostly, some at the edges of the varint lengths */
            uint64_t r = next_rand();
            int bits = (int)(r % 64);
            rows[i].v[j] = (int64_t)((next_rand() >> 1) >> (63 - bits));
        }
        /* most rows have a point; some at the edges of the ranges */
        rows[i].located = next_rand() % 8 != 0;
        if (rows[i].located) {
            uint64_t e = next_rand() % 16;
            rows[i].lat = e == 0   ? -90000000
                          : e == 1 ? 90000000
                                   : (int32_t)(next_rand() % 180000001) - 90000000;
            rows[i].lon = e == 2   ? -180000000
                          : e == 3 ? 180000000
                          : e == 4 ? 0
                                   : (int32_t)(next_rand() % 360000001) - 180000000;
        }
        peel_crime_chunk_row in = {.lsoa_id = rows[i].v[0],
                                   .type_id = rows[i].v[1],
                                   .outcome_id = rows[i].v[2],
                                   .street_id = rows[i].v[3],
                                   .context_id = rows[i].v[4],
                                   .located = rows[i].located,
                                   .lat = rows[i].lat,
                                   .lon = rows[i].lon};
        n += peel_crime_chunk_put(buf + n, peel_str_c(rows[i].id), &in);
        assert_true(n <= PEEL_CRIME_CHUNK_MAX);
    }
    unsigned char *copy = exact(buf, n);
    peel_crime_chunk_reader rd;
    peel_crime_chunk_row r;
    peel_err err = PEEL_ERR_INIT;
    peel_crime_chunk_reader_init(&rd, copy, n, N);
    for (int i = 0; i < N; i++) {
        assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), 1);
        size_t idn = strlen(rows[i].id);
        if (idn == 64) {
            unsigned char bin[32];
            assert_true(r.binary_id);
            for (int j = 0; j < 32; j++) {
                unsigned hi =
                    (unsigned)(strchr("0123456789abcdef", rows[i].id[2 * j]) - "0123456789abcdef");
                unsigned lo = (unsigned)(strchr("0123456789abcdef", rows[i].id[2 * j + 1]) -
                                         "0123456789abcdef");
                bin[j] = (unsigned char)(hi * 16 + lo);
            }
            assert_memory_equal(r.crime_id, bin, 32);
        } else if (idn) {
            assert_false(r.binary_id);
            assert_int_equal(r.crime_id_n, idn);
            assert_memory_equal(r.crime_id, rows[i].id, idn);
        } else {
            assert_null(r.crime_id);
        }
        assert_true(r.lsoa_id == rows[i].v[0]);
        assert_true(r.type_id == rows[i].v[1]);
        assert_true(r.outcome_id == rows[i].v[2]);
        assert_true(r.street_id == rows[i].v[3]);
        assert_true(r.context_id == rows[i].v[4]);
        assert_true(r.located == rows[i].located);
        assert_int_equal(r.lat, rows[i].located ? rows[i].lat : 0);
        assert_int_equal(r.lon, rows[i].located ? rows[i].lon : 0);
    }
    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), 0);
    free(copy);
    free(buf);
}

/* ---- corrupt chunks ---- */

static void expect_corrupt(const unsigned char *data, size_t n, int64_t rows, const char *says)
{
    peel_err err = PEEL_ERR_INIT;
    int64_t got;
    int k = decode_all(data, n, rows, &got, &err);
    if (k != -1 || err.code != PEEL_EDB || !strstr(err.msg, says))
        fail_msg("%zu bytes, %lld rows: got %d after %lld rows, '%s' (wanted '%s')", n,
                 (long long)rows, k, (long long)got, err.msg, says);
}

static void expect_corrupt_v1(const unsigned char *data, size_t n, int64_t rows, const char *says)
{
    peel_err err = PEEL_ERR_INIT;
    unsigned char *copy = exact(data, n);
    peel_crime_chunk_reader rd;
    peel_crime_chunk_row r;
    int k;
    peel_crime_chunk_reader_init_v1(&rd, copy, n, rows);
    while ((k = peel_crime_chunk_next(&rd, &r, &err)) > 0)
        ;
    free(copy);
    if (k != -1 || err.code != PEEL_EDB || !strstr(err.msg, says))
        fail_msg("format 1, %zu bytes: got %d, '%s' (wanted '%s')", n, k, err.msg, says);
}

static void test_every_truncation_is_an_error(void **state)
{
    (void)state;
    /* Cut anywhere, the three declared rows cannot all be read. */
    for (size_t n = 0; n < sizeof known; n++) {
        peel_err err = PEEL_ERR_INIT;
        int64_t got;
        assert_int_equal(decode_all(known, n, 3, &got, &err), -1);
        assert_int_equal(err.code, PEEL_EDB);
        assert_true(got < 3);
    }
    /* Cut at a row boundary, the message says how many rows there were. */
    expect_corrupt(known, 39, 3, "ends after 1 of its 3 rows");
    expect_corrupt(known, 0, 1, "ends after 0 of its 1 rows");
    /* Inside a row, it names the row and where it starts. */
    expect_corrupt(known, 20, 3, "row 1 (byte 0): the Crime ID runs past the end");
    expect_corrupt(known, 47, 3, "row 3 (byte 45): the Crime ID runs past the end");
    expect_corrupt(known, 50, 3, "row 3 (byte 45): a number runs past the end");
    /* The same in format 1. */
    expect_corrupt_v1(known, 47, 3, "row 3 (byte 45): the Crime ID runs past the end");
    /* Rows with map points, cut anywhere; in the point, it says a number. */
    for (size_t n = 0; n < sizeof known2; n++) {
        peel_err err = PEEL_ERR_INIT;
        int64_t got;
        assert_int_equal(decode_all(known2, n, 2, &got, &err), -1);
        assert_int_equal(err.code, PEEL_EDB);
    }
    expect_corrupt(known2, 8, 2, "row 1 (byte 0): a number runs past the end");
    expect_corrupt(known2, 58, 2, "row 2 (byte 14): a number runs past the end");
}

static void test_bad_rows(void **state)
{
    (void)state;
    static const unsigned char flags3[] = {0x03, 0, 0, 0, 0, 0};
    expect_corrupt(flags3, sizeof flags3, 1,
                   "row 1 (byte 0): the flags byte is not 0, 1 or 2, plus 4 for a map point");
    expect_corrupt_v1(flags3, sizeof flags3, 1, "row 1 (byte 0): the flags byte is not 0, 1 or 2");
    static const unsigned char flags7[] = {0x07, 0, 0, 0, 0, 0, 0, 0};
    expect_corrupt(flags7, sizeof flags7, 1, "the flags byte is not 0, 1 or 2, plus 4");
    static const unsigned char flags8[] = {0x08, 0, 0, 0, 0, 0};
    expect_corrupt(flags8, sizeof flags8, 1, "the flags byte is not 0, 1 or 2, plus 4");

    /* coordinates out of range: 90,000,001 (zigzag 180,000,002 = 82 aa ea 55)
     * and -180,000,001 (zigzag 360,000,001 = 81 d4 d4 ab 01); then a value
     * past 32 bits (2^32 = 80 80 80 80 10) */
    static const unsigned char lat_far[] = {0x04, 0, 0, 0, 0, 0, 0x82, 0xaa, 0xea, 0x55, 0x00};
    expect_corrupt(lat_far, sizeof lat_far, 1, "row 1 (byte 0): the latitude is not -90 to 90");
    static const unsigned char lon_far[] = {0x04, 0,    0,    0,    0,    0,
                                            0x00, 0x81, 0xd4, 0xd4, 0xab, 0x01};
    expect_corrupt(lon_far, sizeof lon_far, 1, "the longitude is not -180 to 180");
    static const unsigned char lat_wide[] = {0x04, 0,    0,    0,    0,    0,
                                             0x80, 0x80, 0x80, 0x80, 0x10, 0x00};
    expect_corrupt(lat_wide, sizeof lat_wide, 1, "the latitude is not -90 to 90");
    static const unsigned char lon_wide[] = {0x04, 0,    0,    0,    0,    0,
                                             0x00, 0x81, 0x80, 0x80, 0x80, 0x10};
    expect_corrupt(lon_wide, sizeof lon_wide, 1, "the longitude is not -180 to 180");

    /* ten bytes with the "more" bit: the tenth may only be 0 */
    static const unsigned char long_varint[] = {0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                                0x80, 0x80, 0x80, 0x01, 0,    0,    0,    0};
    expect_corrupt(long_varint, sizeof long_varint, 1, "larger than 2^63 - 1");
    /* 2^63: nine bytes of 0x80 then 0x01 in the tenth */
    static const unsigned char big[] = {0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                        0x80, 0x80, 0x01, 0,    0,    0,    0};
    expect_corrupt(big, sizeof big, 1, "larger than 2^63 - 1");

    static const unsigned char zero_len[] = {0x02, 0x00, 0, 0, 0, 0, 0};
    expect_corrupt(zero_len, sizeof zero_len, 1, "length is not 1 to 1024");
    static const unsigned char too_long[] = {0x02, 0x81, 0x08, 'x', 0, 0, 0, 0, 0}; /* 1025 */
    expect_corrupt(too_long, sizeof too_long, 1, "length is not 1 to 1024");
    static const unsigned char past_end[] = {0x02, 0x64, 'a', 'b', 'c'}; /* 100 bytes said */
    expect_corrupt(past_end, sizeof past_end, 1, "the Crime ID runs past the end");
    /* a length whose varint never ends */
    static const unsigned char len_open[] = {0x02, 0xff};
    expect_corrupt(len_open, sizeof len_open, 1, "a number runs past the end");
}

static void test_row_counts(void **state)
{
    peel_err err = PEEL_ERR_INIT;
    int64_t got;
    (void)state;
    /* More bytes than the declared rows hold. */
    expect_corrupt(known, sizeof known, 2, "21 byte(s) follow the last of its 2 rows");
    /* Fewer rows than declared. */
    expect_corrupt(known, sizeof known, 4, "ends after 3 of its 4 rows");
    /* Counts no chunk can have. */
    expect_corrupt(known, sizeof known, -1, "row count -1");
    expect_corrupt(known, sizeof known, PEEL_CRIME_CHUNK_ROWS + 1, "row count 4097");
    /* An empty blob (SQLite hands out NULL for it) with no rows is fine. */
    assert_int_equal(decode_all(NULL, 0, 0, &got, &err), 0);
    assert_int_equal(got, 0);
    assert_int_equal(err.code, PEEL_OK);
}

static void test_error_sticks(void **state)
{
    static const unsigned char bad[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x09};
    peel_crime_chunk_reader rd;
    peel_crime_chunk_row r;
    peel_err err = PEEL_ERR_INIT, err2 = PEEL_ERR_INIT;
    unsigned char *copy = exact(bad, sizeof bad);
    (void)state;
    peel_crime_chunk_reader_init(&rd, copy, sizeof bad, 2);
    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), 1);
    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), -1);
    assert_non_null(strstr(err.msg, "the flags byte"));
    /* A caller that goes on gets an error again, not a row. */
    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err2), -1);
    assert_int_equal(err2.code, PEEL_EDB);
    free(copy);
}

/* ---- format 1 rewritten (migration 103) ---- */

/* Location 300 is a point on street 7, 1 a street without coordinates,
 * anything else is missing. */
static int fake_point(void *ctx, int64_t location_id, peel_crime_chunk_row *r, peel_err *err)
{
    int *calls = ctx;
    ++*calls;
    if (location_id == 300) {
        r->street_id = 7;
        r->located = true;
        r->lat = 52619800;
        r->lon = -1217961;
        return 0;
    }
    if (location_id == 1) {
        r->street_id = 4;
        return 0;
    }
    return peel_err_set(err, PEEL_EDB, "crime location %lld is missing", (long long)location_id);
}

static void test_upgrade(void **state)
{
    unsigned char *out;
    size_t n;
    int calls = 0;
    peel_err err = PEEL_ERR_INIT;
    unsigned char *copy = exact(known, sizeof known);
    (void)state;
    /* The first two rows only: the third's location is missing. */
    assert_int_equal(peel_crime_chunk_upgrade(copy, 39 + 6, 2, fake_point, &calls, &out, &n, &err),
                     0);
    assert_int_equal(calls, 2);
    unsigned char *got = exact(out, n);
    peel_crime_chunk_reader rd;
    peel_crime_chunk_row r;
    peel_crime_chunk_reader_init(&rd, got, n, 2);
    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), 1);
    assert_true(r.binary_id);
    assert_int_equal(r.crime_id[0], 0);
    assert_int_equal(r.crime_id[31], 0x1f);
    assert_int_equal(r.lsoa_id, 5);
    assert_int_equal(r.outcome_id, 3);
    assert_int_equal(r.street_id, 7);
    assert_true(r.located);
    assert_int_equal(r.lat, 52619800);
    assert_int_equal(r.lon, -1217961);
    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), 1);
    assert_int_equal(r.type_id, 14);
    assert_int_equal(r.street_id, 4);
    assert_false(r.located);
    assert_int_equal(peel_crime_chunk_next(&rd, &r, &err), 0);
    free(got);
    free(out);

    /* A missing location names its row; a corrupt chunk its byte. */
    assert_int_equal(
        peel_crime_chunk_upgrade(copy, sizeof known, 3, fake_point, &calls, &out, &n, &err), -1);
    assert_null(out);
    assert_non_null(strstr(err.msg, "row 3: crime location 9223372036854775807 is missing"));
    peel_err err2 = PEEL_ERR_INIT;
    assert_int_equal(peel_crime_chunk_upgrade(copy, 20, 1, fake_point, &calls, &out, &n, &err2),
                     -1);
    assert_non_null(strstr(err2.msg, "row 1 (byte 0): the Crime ID runs past the end"));
    peel_err err3 = PEEL_ERR_INIT;
    assert_int_equal(
        peel_crime_chunk_upgrade(copy, sizeof known, 5000, fake_point, &calls, &out, &n, &err3),
        -1);
    assert_non_null(strstr(err3.msg, "row count 5000"));
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decodes_known_bytes),
        cmocka_unit_test(test_decodes_map_points),
        cmocka_unit_test(test_encoder_writes_the_format),
        cmocka_unit_test(test_crime_id_binary),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_every_truncation_is_an_error),
        cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_row_counts),
        cmocka_unit_test(test_error_sticks),
        cmocka_unit_test(test_upgrade),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
