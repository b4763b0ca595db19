/* fuzz_shapes.c - fuzzes the reader of a drawn boundary (GeoJSON Polygon,
 * MultiPolygon or a Feature holding one: peel_shapes_parse, src/crime/shapes.c)
 * and the point-in-shape test the intervention tracker counts with.
 *
 * What the reader accepts must be rings of at least 4 positions, each closed,
 * every position inside England and Wales's extent, at most
 * PEEL_SHAPES_MAX_POINTS in all, with the ring sizes adding up to the
 * positions held.  What it refuses must say why, in valid UTF-8.  Any
 * violation aborts.  shapes.c is compiled into this harness so that it
 * carries libFuzzer's coverage instrumentation.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "crime/shapes.c"

#define ENSURE(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_shapes: %s:%d: %s\n", __FILE__, __LINE__, #cond);                \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static void check_shape(const peel_shape *sh)
{
    size_t at = 0;

    ENSURE(sh->xy.n % 2 == 0);
    ENSURE(sh->xy.n / 2 <= PEEL_SHAPES_MAX_POINTS);
    ENSURE(sh->ring.n > 0);
    for (size_t r = 0; r < sh->ring.n; r++) {
        size_t k = sh->ring.v[r];
        ENSURE(k >= 4 && at + k <= sh->xy.n / 2);
        const double *first = sh->xy.v + 2 * at, *last = sh->xy.v + 2 * (at + k - 1);
        ENSURE(first[0] == last[0] && first[1] == last[1]);
        at += k;
    }
    ENSURE(at == sh->xy.n / 2);
    for (size_t i = 0; i < sh->xy.n; i += 2) {
        ENSURE(sh->xy.v[i] >= PEEL_SHAPES_MIN_LON && sh->xy.v[i] <= PEEL_SHAPES_MAX_LON);
        ENSURE(sh->xy.v[i + 1] >= PEEL_SHAPES_MIN_LAT && sh->xy.v[i + 1] <= PEEL_SHAPES_MAX_LAT);
    }
    /* the tracker's question, at a corner and at the middle of the extent */
    (void)peel_shapes_contains(sh, sh->xy.v[0], sh->xy.v[1]);
    (void)peel_shapes_contains(sh, -1.1, 52.6);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    char why[256];
    peel_shape sh = {0};

    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    why[0] = '\0';
    int rc = peel_shapes_parse(text, &sh, why, sizeof why);
    ENSURE(rc == 1 || rc == 0);
    if (rc == 1) {
        ENSURE(!sh.code && !sh.name);
        check_shape(&sh);
    } else {
        ENSURE(why[0] != '\0' && peel_utf8_valid(why, strlen(why), NULL));
    }
    free(sh.xy.v);
    free(sh.ring.v);
    free(text);
    return 0;
}
