/* crime_chunk.h - the packed street-record chunk (the crime_chunk blob): how the
 * importer writes rows into it and how the figures read them back.
 *
 * A chunk holds up to PEEL_CRIME_CHUNK_ROWS rows of one file (one month);
 * its row count is stored beside the blob (crime_chunk.rows).  Per row:
 *   a flags byte  its low two bits say the Crime ID:
 *                 0: none (anti-social behaviour)
 *                 1: a binary Crime ID follows, 32 bytes (police.uk's 64
 *                    lowercase hex digits)
 *                 2: a text Crime ID follows: varint length (1 to
 *                    PEEL_CRIME_CHUNK_ID_MAX) and the bytes
 *                 and 4 is added when the row has a map point; no other
 *                 bit may be set
 *   five varints  lsoa_id, type_id, outcome_id, street_id, context_id
 *   then, with a map point, two zigzag varints: its latitude and longitude
 *                 in millionths of a degree (-90,000,000 to 90,000,000 and
 *                 -180,000,000 to 180,000,000)
 * A varint is unsigned LEB128 (7 bits a byte, low first, high bit "more"),
 * at most 10 bytes, and must fit a non-negative int64; a zigzag varint is
 * a signed value v stored as the varint 2v (v >= 0) or -2v - 1 (v < 0).
 * street_id is the crime_dim id (kind PEEL_DIM_STREET) of the row's
 * Location text ("On or near Foo Street"), 0 when it is empty: a row's map
 * point is (street_id, latitude, longitude), kept in the row itself, so
 * nothing per point is stored anywhere else.
 *
 * Format 1, before migration 103, had no map point and no bit 4; its fourth
 * varint was a crime_location id.  peel_crime_chunk_reader_init_v1 reads
 * it (into location_id), for that migration alone.
 *
 * The decoder trusts nothing it reads: a chunk that does not decode to
 * exactly its row count, a flag it does not know, a length or varint that
 * runs past the end or overflows is an error value naming the row and byte,
 * never a read outside the blob.
 *
 * Ownership: the encoder writes into the caller's buffer; a decoded row's
 * Crime ID points into the blob the reader was given (valid while it is).
 */
#ifndef PEEL_STORE_CRIME_CHUNK_H
#define PEEL_STORE_CRIME_CHUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

#define PEEL_CRIME_CHUNK_ROWS 4096
#define PEEL_CRIME_CHUNK_ID_MAX 1024 /* a Crime ID is 64 hex digits; longer is cut here */
/* The most bytes one row can take, and a whole chunk. */
#define PEEL_CRIME_CHUNK_ROW_MAX (1 + 10 + PEEL_CRIME_CHUNK_ID_MAX + 5 * 10 + 2 * 5)
#define PEEL_CRIME_CHUNK_MAX                                                                       \
    (PEEL_CRIME_CHUNK_ROWS * (1 + 32 + 5 * 10 + 2 * 5) + PEEL_CRIME_CHUNK_ROW_MAX)

typedef struct peel_crime_chunk_row {
    int64_t lsoa_id, type_id, outcome_id, street_id, context_id; /* each >= 0 */
    bool located;                  /* a map point: lat and lon are set (else both 0) */
    int32_t lat, lon;              /* millionths of a degree */
    int64_t location_id;           /* format 1 only (else 0): its crime_location id */
    const unsigned char *crime_id; /* NULL: none */
    size_t crime_id_n;
    bool binary_id; /* crime_id is 32 bytes of police.uk's hex Crime ID */
} peel_crime_chunk_row;

/* police.uk's Crime ID (64 lowercase hex digits) as 32 bytes: true, or
 * false for any other text (then out is unspecified). */
bool peel_crime_id_binary(peel_str text, unsigned char out[32]);

/* Writes one row at p, which has PEEL_CRIME_CHUNK_ROW_MAX bytes free, and
 * returns the bytes written.  crime_id is the text from the file: 64 hex
 * digits are stored as binary, other text as it is (cut at
 * PEEL_CRIME_CHUNK_ID_MAX bytes), empty as none.  The rest is r's ids
 * (each >= 0) and map point (in range); its crime_id and location_id are
 * not read. */
size_t peel_crime_chunk_put(unsigned char *p, peel_str crime_id, const peel_crime_chunk_row *r);

/* Reads a chunk's rows in order. */
typedef struct peel_crime_chunk_reader {
    const unsigned char *start, *p, *end;
    int64_t rows; /* the count stored beside the blob */
    int64_t row;  /* rows read so far */
    bool failed;  /* a corrupt row was met: every later call fails too */
    bool v1;      /* format 1 (before migration 103) */
} peel_crime_chunk_reader;

/* data may be NULL when n is 0 (SQLite gives an empty blob so). */
void peel_crime_chunk_reader_init(peel_crime_chunk_reader *rd, const void *data, size_t n,
                                  int64_t rows);
/* The same for a chunk in format 1 (migration 103 rewrites those). */
void peel_crime_chunk_reader_init_v1(peel_crime_chunk_reader *rd, const void *data, size_t n,
                                     int64_t rows);
/* 1: the next row is in *r; 0: all `rows` rows have been read and the blob
 * ends there; -1 (err set, code PEEL_EDB): the chunk is corrupt. */
int peel_crime_chunk_next(peel_crime_chunk_reader *rd, peel_crime_chunk_row *r, peel_err *err);

/* Rewrites a chunk of format 1 in the current format, in *out (malloc'd,
 * the caller's) of *outn bytes: each row's crime_location id becomes its
 * street_id and map point through point, which sets r's street_id,
 * located, lat and lon for the id (> 0) and returns 0, or -1 with err set
 * (a missing id is its error to name).  -1 with err (naming the row and
 * byte, PEEL_EDB) when the chunk is corrupt. */
typedef int (*peel_crime_chunk_point_cb)(void *ctx, int64_t location_id, peel_crime_chunk_row *r,
                                         peel_err *err);
int peel_crime_chunk_upgrade(const void *data, size_t n, int64_t rows,
                             peel_crime_chunk_point_cb point, void *ctx, unsigned char **out,
                             size_t *outn, peel_err *err);

#endif
