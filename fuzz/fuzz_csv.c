/* fuzz_csv.c - fuzzes the CSV reader and writer (src/core/csv.c).
 *
 * Each input is read from memory and from a FILE (fmemopen), and both must
 * give the same records, fields, line numbers, offset and error.  csv.c is
 * compiled into this harness with a read block of 7 bytes instead of 256 KiB,
 * so the FILE reader keeps a partial record and refills (and grows its
 * buffer) inside nearly every record, quoted field and line ending; the unit
 * tests cover the real block size.  Then the records read are written with
 * peel_csv_put_row and read back: the fields must come back unchanged.  Any
 * difference aborts.
 *
 * Compiling csv.c here also gives it libFuzzer's coverage instrumentation,
 * which libpeel is built without.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PEEL_CSV_BLOCK ((size_t)7)
#include "core/csv.c"

#define ENSURE(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_csv: %s:%d: %s\n", __FILE__, __LINE__, #cond);                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* Renders every record (with line numbers unless bare) into out, then the end
 * or the error.  With rows set, also writes each record with put_row. */
static void render(peel_csv *r, peel_buf *out, peel_buf *rows, bool bare)
{
    peel_err err = PEEL_ERR_INIT;
    peel_csv_row row;
    int rc;

    while ((rc = peel_csv_next(r, &row, &err)) == 1) {
        ENSURE(row.n >= 1 && row.n <= PEEL_CSV_MAX_FIELDS);
        if (!bare)
            peel_buf_printf(out, "%llu:%llu", (unsigned long long)row.line,
                            (unsigned long long)row.record);
        peel_buf_printf(out, " %zu\n", row.n);
        for (size_t i = 0; i < row.n; i++) {
            peel_buf_printf(out, "%zu:", row.fields[i].n);
            peel_buf_append(out, row.fields[i].p, row.fields[i].n);
            ENSURE(peel_utf8_valid(row.fields[i].p, row.fields[i].n, NULL));
            ENSURE(!memchr(row.fields[i].p, 0, row.fields[i].n));
        }
        peel_buf_putc(out, '\n');
        if (rows) {
            char *copies[PEEL_CSV_MAX_FIELDS];
            for (size_t i = 0; i < row.n; i++)
                ENSURE((copies[i] = peel_str_dup(row.fields[i])) != NULL);
            peel_csv_put_row(rows, (const char *const *)copies, row.n);
            for (size_t i = 0; i < row.n; i++)
                free(copies[i]);
        }
    }
    if (rc == 0)
        peel_buf_printf(out, "end at %llu", (unsigned long long)peel_csv_offset(r));
    else
        peel_buf_printf(out, "error %d: %s", (int)err.code, err.msg);
    /* An error is final. */
    if (rc < 0)
        ENSURE(peel_csv_next(r, &row, NULL) == -1);
}

/* Reads data from memory and from a FILE; both must render the same. */
static void compare_mem_file(const char *data, size_t n, peel_buf *rows)
{
    peel_buf a = PEEL_BUF_INIT, b = PEEL_BUF_INIT;
    peel_csv *r = peel_csv_open_mem(data, n, "mem");
    FILE *f;

    ENSURE(r != NULL);
    render(r, &a, rows, false);
    peel_csv_close(r);
    if (n && (f = fmemopen((void *)data, n, "r"))) {
        r = peel_csv_open(f, "file");
        ENSURE(r != NULL);
        render(r, &b, NULL, false);
        peel_csv_close(r);
        fclose(f);
        ENSURE(!a.failed && !b.failed);
        if (strcmp(peel_buf_str(&a), peel_buf_str(&b))) {
            fprintf(stderr, "memory:\n%s\n\nfile:\n%s\n", peel_buf_str(&a), peel_buf_str(&b));
            ENSURE(!"memory and file readers differ");
        }
    }
    peel_buf_release(&a);
    peel_buf_release(&b);
}

/* What put_row wrote must read back as the same fields. */
static void round_trip(const char *orig, size_t n, const peel_buf *rows)
{
    peel_buf want = PEEL_BUF_INIT, got = PEEL_BUF_INIT;
    peel_csv *r;
    const char *w, *g, *we, *ge;

    ENSURE(!rows->failed);
    if (rows->len > PEEL_CSV_MAX_RECORD) /* may hold a record over the cap */
        return;
    r = peel_csv_open_mem(orig, n, NULL);
    render(r, &want, NULL, true);
    peel_csv_close(r);
    r = peel_csv_open_mem(rows->data, rows->len, NULL);
    render(r, &got, NULL, true);
    peel_csv_close(r);
    /* Same records; the written copy must end cleanly. */
    w = peel_buf_str(&want);
    g = peel_buf_str(&got);
    we = strrchr(w, '\n');
    ge = strrchr(g, '\n');
    ENSURE(!strncmp(g + (ge ? ge - g + 1 : 0), "end at ", 7));
    ENSURE((we ? we - w : 0) == (ge ? ge - g : 0));
    ENSURE(!memcmp(w, g, we ? (size_t)(we - w) : 0));
    peel_buf_release(&want);
    peel_buf_release(&got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    peel_buf rows = PEEL_BUF_INIT;
    char *copy;

    if (size > PEEL_CSV_MAX_RECORD / 4)
        return 0;
    /* fmemopen wants writable memory; an exact copy also lets ASan catch
     * reads past the end. */
    copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    compare_mem_file(copy, size, &rows);
    round_trip(copy, size, &rows);
    peel_buf_release(&rows);
    free(copy);
    return 0;
}
