/* police_fuzz.h - the body shared by the three police.uk file-reader
 * harnesses (fuzz_police_street.c, _outcomes.c, _search.c): header
 * recognition and row validation (src/crime/police.c) over the CSV reader,
 * as the importer runs them.  police.c is compiled in so libFuzzer sees its
 * branches.  Invariants checked: a rejected row always names its line; an
 * accepted row's coordinates are in range; nothing leaks or overflows
 * (ASan/UBSan).  A harness is one line: PEEL_POLICE_FUZZER(row type, parser). */
#ifndef PEEL_FUZZ_POLICE_FUZZ_H
#define PEEL_FUZZ_POLICE_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crime/police.c"

#define PEEL_POLICE_FUZZER(row_type, parse)                                                        \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                                  \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                   \
    {                                                                                              \
        peel_csv *r = peel_csv_open_mem((const char *)data, size, "fuzz");                         \
        peel_csv_row row;                                                                          \
        peel_err err = PEEL_ERR_INIT;                                                              \
        bool header = true;                                                                        \
        if (!r)                                                                                    \
            return 0;                                                                              \
        while (peel_csv_next(r, &row, &err) > 0) {                                                 \
            row_type out;                                                                          \
            peel_err e = PEEL_ERR_INIT;                                                            \
            if (header) {                                                                          \
                (void)peel_crime_kind_of_header(&row);                                             \
                header = false;                                                                    \
                continue;                                                                          \
            }                                                                                      \
            if (parse(&row, &out, &e) < 0) {                                                       \
                if (!strstr(e.msg, "line "))                                                       \
                    abort();                                                                       \
            } else if (out.at.set && (out.at.lat < -90000000 || out.at.lat > 90000000 ||           \
                                      out.at.lon < -180000000 || out.at.lon > 180000000)) {        \
                abort();                                                                           \
            }                                                                                      \
        }                                                                                          \
        peel_csv_close(r);                                                                         \
        return 0;                                                                                  \
    }

#endif
