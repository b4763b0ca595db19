/* progress.h - a progress bar on a terminal for long work (imports): bytes
 * done of the total, rows, MB/s and time left, redrawn at most five times a
 * second on one line.  With out NULL (not a terminal, or --quiet) every call
 * does nothing, so callers need no test of their own. */
#ifndef PEEL_CORE_PROGRESS_H
#define PEEL_CORE_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

typedef struct peel_progress {
    FILE *out;
    uint64_t total_bytes; /* of all the input; 0: unknown (no bar, rows and rate only) */
    uint64_t done_bytes;  /* of the inputs finished */
    int64_t rows;         /* the caller counts */
    struct timespec start, last;
    bool drawn;
} peel_progress;

void peel_progress_start(peel_progress *p, FILE *out, uint64_t total_bytes);
/* Redraws when 0.2 s have passed (or force): done_bytes + file_bytes done. */
void peel_progress_draw(peel_progress *p, uint64_t file_bytes, bool force);
/* Clears the line. */
void peel_progress_end(peel_progress *p);

#endif
