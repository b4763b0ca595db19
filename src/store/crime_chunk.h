/* crime_chunk.h - the packed street-record chunk (the crime_chunk blob): how the
 * importer writes rows into it and how the figures read them back.
 *
 * A chunk holds up to PEEL_CRIME_CHUNK_ROWS rows of one file (one month);
 * its row count is stored beside the blob (crime_chunk.rows).  Per row:
 *   a flags byte  0: no Crime ID (anti-social behaviour)
 *                 1: a binary Crime ID follows, 32 bytes (police.uk's 64
 *                    lowercase hex digits)
 *                 2: a text Crime ID follows: varint length (1 to
 *                    PEEL_CRIME_CHUNK_ID_MAX) and the bytes
 *   five varints  lsoa_id, type_id, outcome_id, location_id, context_id
 * A varint is unsigned LEB128 (7 bits a byte, low first, high bit "more"),
 * at most 10 bytes, and must fit a non-negative int64.
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
#define PEEL_CRIME_CHUNK_ROW_MAX (1 + 10 + PEEL_CRIME_CHUNK_ID_MAX + 5 * 10)
#define PEEL_CRIME_CHUNK_MAX (PEEL_CRIME_CHUNK_ROWS * (1 + 32 + 5 * 10) + PEEL_CRIME_CHUNK_ROW_MAX)

typedef struct peel_crime_chunk_row {
    int64_t lsoa_id, type_id, outcome_id, location_id, context_id; /* each >= 0 */
    const unsigned char *crime_id;                                 /* NULL: none */
    size_t crime_id_n;
    bool binary_id; /* crime_id is 32 bytes of police.uk's hex Crime ID */
} peel_crime_chunk_row;

/* police.uk's Crime ID (64 lowercase hex digits) as 32 bytes: true, or
 * false for any other text (then out is unspecified). */
bool peel_crime_id_binary(peel_str text, unsigned char out[32]);

/* Writes one row at p, which has PEEL_CRIME_CHUNK_ROW_MAX bytes free, and
 * returns the bytes written.  crime_id is the text from the file: 64 hex
 * digits are stored as binary, other text as it is (cut at
 * PEEL_CRIME_CHUNK_ID_MAX bytes), empty as none.  The ids must be >= 0. */
size_t peel_crime_chunk_put(unsigned char *p, peel_str crime_id, int64_t lsoa_id, int64_t type_id,
                            int64_t outcome_id, int64_t location_id, int64_t context_id);

/* Reads a chunk's rows in order. */
typedef struct peel_crime_chunk_reader {
    const unsigned char *start, *p, *end;
    int64_t rows; /* the count stored beside the blob */
    int64_t row;  /* rows read so far */
    bool failed;  /* a corrupt row was met: every later call fails too */
} peel_crime_chunk_reader;

/* data may be NULL when n is 0 (SQLite gives an empty blob so). */
void peel_crime_chunk_reader_init(peel_crime_chunk_reader *rd, const void *data, size_t n,
                                  int64_t rows);
/* 1: the next row is in *r; 0: all `rows` rows have been read and the blob
 * ends there; -1 (err set, code PEEL_EDB): the chunk is corrupt. */
int peel_crime_chunk_next(peel_crime_chunk_reader *rd, peel_crime_chunk_row *r, peel_err *err);

#endif
