/* crime_chunk.c - encodes street rows into the crime_chunk blob and decodes them
 * (crime_chunk.h has the format).
 *
 * The decoder runs over every chunk of a period for repeat locations and the
 * Crime ID join, so it is a tight loop over bytes; every read is checked
 * against the end of the blob first, because a blob is data on disk that
 * anything (a damaged file, another program) may have changed.
 */
#include "store/crime_chunk.h"

#include <stdlib.h>
#include <string.h>

/* One more than each lowercase hex digit's value, 0 for anything else (a
 * table: this runs 64 times for every crime row on import). */
static const unsigned char hex1[256] = {
    ['0'] = 1, ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};

bool peel_crime_id_binary(peel_str text, unsigned char out[32])
{
    if (text.n != 64)
        return false;
    for (size_t i = 0; i < 32; i++) {
        unsigned hi = hex1[(unsigned char)text.p[2 * i]],
                 lo = hex1[(unsigned char)text.p[2 * i + 1]];
        if (!hi || !lo)
            return false;
        out[i] = (unsigned char)((hi - 1) << 4 | (lo - 1));
    }
    return true;
}

static size_t put_varint(unsigned char *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

static uint64_t zigzag(int32_t v)
{
    return v >= 0 ? (uint64_t)v << 1 : (((uint64_t) - (int64_t)v) << 1) - 1;
}

size_t peel_crime_chunk_put(unsigned char *p, peel_str crime_id, const peel_crime_chunk_row *r)
{
    unsigned char *start = p;
    unsigned char point = r->located ? 4 : 0;
    if (crime_id.n && peel_crime_id_binary(crime_id, p + 1)) {
        *p = 1 | point;
        p += 33;
    } else if (crime_id.n) {
        size_t n = crime_id.n < PEEL_CRIME_CHUNK_ID_MAX ? crime_id.n : PEEL_CRIME_CHUNK_ID_MAX;
        *p++ = 2 | point;
        p += put_varint(p, n);
        memcpy(p, crime_id.p, n);
        p += n;
    } else {
        *p++ = point;
    }
    p += put_varint(p, (uint64_t)r->lsoa_id);
    p += put_varint(p, (uint64_t)r->type_id);
    p += put_varint(p, (uint64_t)r->outcome_id);
    p += put_varint(p, (uint64_t)r->street_id);
    p += put_varint(p, (uint64_t)r->context_id);
    if (point) {
        p += put_varint(p, zigzag(r->lat));
        p += put_varint(p, zigzag(r->lon));
    }
    return (size_t)(p - start);
}

void peel_crime_chunk_reader_init(peel_crime_chunk_reader *rd, const void *data, size_t n,
                                  int64_t rows)
{
    rd->start = rd->p = data ? data : (const void *)"";
    rd->end = rd->start + (data ? n : 0);
    rd->rows = rows;
    rd->row = 0;
    rd->failed = false;
    rd->v1 = false;
}

void peel_crime_chunk_reader_init_v1(peel_crime_chunk_reader *rd, const void *data, size_t n,
                                     int64_t rows)
{
    peel_crime_chunk_reader_init(rd, data, n, rows);
    rd->v1 = true;
}

/* 0 and *v, or -1 with the reason in *why.  At most 10 bytes: the tenth
 * may only be 0, since bit 63 would make the value negative as an int64. */
static int get_varint(peel_crime_chunk_reader *rd, uint64_t *v, const char **why)
{
    uint64_t x = 0;
    for (int shift = 0;; shift += 7) {
        if (rd->p >= rd->end) {
            *why = "a number runs past the end of the chunk";
            return -1;
        }
        unsigned char c = *rd->p++;
        if (shift == 63 && c != 0) {
            *why = "a number is larger than 2^63 - 1";
            return -1;
        }
        x |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *v = x;
            return 0;
        }
    }
}

static int64_t unzigzag(uint64_t v)
{
    return (v & 1) ? -(int64_t)(v >> 1) - 1 : (int64_t)(v >> 1);
}

int peel_crime_chunk_next(peel_crime_chunk_reader *rd, peel_crime_chunk_row *r, peel_err *err)
{
    const unsigned char *at = rd->p;
    const char *why = NULL;
    uint64_t v[5], n;

    if (rd->failed)
        return peel_err_set(err, PEEL_EDB, "the chunk could not be read");
    if (rd->rows < 0 || rd->rows > PEEL_CRIME_CHUNK_ROWS)
        return peel_err_set(err, PEEL_EDB, "the chunk's row count %lld is not 0 to %d",
                            (long long)rd->rows, PEEL_CRIME_CHUNK_ROWS);
    if (rd->row == rd->rows) {
        if (rd->p != rd->end)
            return peel_err_set(err, PEEL_EDB, "%zu byte(s) follow the last of its %lld rows",
                                (size_t)(rd->end - rd->p), (long long)rd->rows);
        return 0;
    }
    if (rd->p >= rd->end)
        return peel_err_set(err, PEEL_EDB, "the chunk ends after %lld of its %lld rows",
                            (long long)rd->row, (long long)rd->rows);
    unsigned char flags = *rd->p++, point = 0;
    if (rd->v1 && flags > 2) {
        why = "the flags byte is not 0, 1 or 2";
        goto bad;
    }
    if (!rd->v1) {
        point = flags & 4;
        flags &= (unsigned char)~4u;
        if (flags > 2) {
            why = "the flags byte is not 0, 1 or 2, plus 4 for a map point";
            goto bad;
        }
    }
    r->crime_id = NULL;
    r->crime_id_n = 0;
    r->binary_id = flags == 1;
    if (flags == 1) {
        if (rd->end - rd->p < 32) {
            why = "the Crime ID runs past the end of the chunk";
            goto bad;
        }
        r->crime_id = rd->p;
        r->crime_id_n = 32;
        rd->p += 32;
    } else if (flags == 2) {
        if (get_varint(rd, &n, &why) < 0)
            goto bad;
        if (n == 0 || n > PEEL_CRIME_CHUNK_ID_MAX) {
            why = "the Crime ID's length is not 1 to 1024";
            goto bad;
        }
        if ((uint64_t)(rd->end - rd->p) < n) {
            why = "the Crime ID runs past the end of the chunk";
            goto bad;
        }
        r->crime_id = rd->p;
        r->crime_id_n = (size_t)n;
        rd->p += n;
    }
    for (int i = 0; i < 5; i++)
        if (get_varint(rd, &v[i], &why) < 0)
            goto bad;
    r->lsoa_id = (int64_t)v[0];
    r->type_id = (int64_t)v[1];
    r->outcome_id = (int64_t)v[2];
    r->street_id = rd->v1 ? 0 : (int64_t)v[3];
    r->location_id = rd->v1 ? (int64_t)v[3] : 0;
    r->context_id = (int64_t)v[4];
    r->located = point != 0;
    r->lat = r->lon = 0;
    if (point) {
        if (get_varint(rd, &v[0], &why) < 0 || get_varint(rd, &v[1], &why) < 0)
            goto bad;
        /* Zigzag: a value past int32 is out of range before it is decoded. */
        int64_t lat = v[0] > UINT32_MAX ? INT64_MAX : unzigzag(v[0]);
        int64_t lon = v[1] > UINT32_MAX ? INT64_MAX : unzigzag(v[1]);
        if (lat < -90000000 || lat > 90000000) {
            why = "the latitude is not -90 to 90 degrees";
            goto bad;
        }
        if (lon < -180000000 || lon > 180000000) {
            why = "the longitude is not -180 to 180 degrees";
            goto bad;
        }
        r->lat = (int32_t)lat;
        r->lon = (int32_t)lon;
    }
    rd->row++;
    return 1;
bad:
    /* The reader stays at the end: a caller that loops again gets the error,
     * not a half-read row. */
    rd->p = rd->end;
    rd->failed = true;
    return peel_err_set(err, PEEL_EDB, "row %lld (byte %zu): %s", (long long)rd->row + 1,
                        (size_t)(at - rd->start), why);
}

int peel_crime_chunk_upgrade(const void *data, size_t n, int64_t rows,
                             peel_crime_chunk_point_cb point, void *ctx, unsigned char **out,
                             size_t *outn, peel_err *err)
{
    peel_crime_chunk_reader rd;
    peel_crime_chunk_row r;
    unsigned char *buf;
    size_t m = 0;
    int k;

    *out = NULL;
    *outn = 0;
    if (rows < 0 || rows > PEEL_CRIME_CHUNK_ROWS)
        return peel_err_set(err, PEEL_EDB, "the chunk's row count %lld is not 0 to %d",
                            (long long)rows, PEEL_CRIME_CHUNK_ROWS);
    /* A row grows by at most the point (2 x 5 bytes) and a longer id (9). */
    if (!(buf = malloc(n + (size_t)rows * 19 + 1)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    peel_crime_chunk_reader_init_v1(&rd, data, n, rows);
    while ((k = peel_crime_chunk_next(&rd, &r, err)) > 0) {
        char hex[65];
        peel_str id = {"", 0};
        if (r.binary_id) {
            for (int i = 0; i < 32; i++) {
                hex[2 * i] = "0123456789abcdef"[r.crime_id[i] >> 4];
                hex[2 * i + 1] = "0123456789abcdef"[r.crime_id[i] & 15];
            }
            id = (peel_str){hex, 64};
        } else if (r.crime_id) {
            id = (peel_str){(const char *)r.crime_id, r.crime_id_n};
        }
        if (r.location_id && point(ctx, r.location_id, &r, err) < 0) {
            peel_err_prefix(err, "row %lld", (long long)rd.row);
            k = -1;
            break;
        }
        m += peel_crime_chunk_put(buf + m, id, &r);
    }
    if (k < 0) {
        free(buf);
        return -1;
    }
    *out = buf;
    *outn = m;
    return 0;
}
