/* fuzz_police_outcomes.c - fuzzes the police.uk outcomes file reader: header
 * recognition and row validation (src/crime/police.c) over the CSV reader,
 * as the importer runs them.  police.c is compiled in so libFuzzer sees its
 * branches.  Invariants checked: a rejected row always names its line; an
 * accepted row's coordinates are in range and its views lie inside the input
 * or the reader's buffers (read, never trusted); nothing leaks or overflows
 * (ASan/UBSan).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crime/police.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    peel_csv *r = peel_csv_open_mem((const char *)data, size, "fuzz");
    peel_csv_row row;
    peel_err err = PEEL_ERR_INIT;
    bool header = true;
    if (!r)
        return 0;
    while (peel_csv_next(r, &row, &err) > 0) {
        if (header) {
            (void)peel_crime_kind_of_header(&row);
            header = false;
            continue;
        }
        peel_crime_outcome out;
        peel_err e = PEEL_ERR_INIT;
        if (peel_crime_parse_outcome(&row, &out, &e) < 0) {
            if (!strstr(e.msg, "line "))
                abort();
        } else if (out.at.set && (out.at.lat < -90000000 || out.at.lat > 90000000 ||
                                  out.at.lon < -180000000 || out.at.lon > 180000000)) {
            abort();
        }
    }
    peel_csv_close(r);
    return 0;
}
