/* fuzz_value.c - fuzzes the reader every form, API body, CSV import and
 * command-line filter goes through: text to a field's value
 * (peel_value_parse, src/model/record.c), and its writer back.
 *
 * The first byte picks one of the field kinds declared below (each with the
 * limits a declaration gives: ranges, a longest text, options); the rest is
 * the text.  What the reader accepts, written as CSV and read again, must be
 * the same value (peel_value_equal), and written for people must be valid
 * UTF-8; what it refuses must give one error naming the field, in valid
 * UTF-8.  Any violation aborts.  record.c is compiled into this harness so
 * that it carries libFuzzer's coverage instrumentation.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/record.c"

#define ENSURE(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_value: %s:%d: %s\n", __FILE__, __LINE__, #cond);                 \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static const peel_option STATUS[] = {{"open", "Open"}, {"closed", "Closed"}, {0}};

static const peel_field FIELDS[] = {
    {.name = "title", .label = "Title", .type = PEEL_F_TEXT, .max = 200},
    {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE},
    {.name = "count", .label = "Count", .type = PEEL_F_INT, .min = 0, .max = 1000000},
    {.name = "any", .label = "Any number", .type = PEEL_F_INT},
    {.name = "amount", .label = "Amount", .type = PEEL_F_MONEY},
    {.name = "grant", .label = "Grant", .type = PEEL_F_MONEY, .min = 0, .max = 100000000},
    {.name = "due", .label = "Due", .type = PEEL_F_DATE},
    {.name = "month", .label = "Month", .type = PEEL_F_MONTH},
    {.name = "year", .label = "Financial year", .type = PEEL_F_FY},
    {.name = "status", .label = "Status", .type = PEEL_F_ENUM, .options = STATUS},
    {.name = "publish", .label = "Publish", .type = PEEL_F_BOOL},
    {.name = "area", .label = "Area", .type = PEEL_F_REF, .ref_type = "area"},
    {.name = "where", .label = "Where", .type = PEEL_F_POINT},
    {.name = "starts", .label = "Starts", .type = PEEL_F_DATETIME},
};
#define NFIELDS (sizeof FIELDS / sizeof FIELDS[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const peel_field *f = &FIELDS[data[0] % NFIELDS];
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    peel_value v = {0}, back = {0};
    peel_fielderrs errs = {0};

    if (peel_value_parse(f, text, n, &v, &errs) == 0) {
        peel_buf csv = PEEL_BUF_INIT, people = PEEL_BUF_INIT;
        peel_fielderrs again = {0};
        ENSURE(errs.n == 0);
        ENSURE(peel_value_format(f, &v, PEEL_VFMT_CSV, &csv) == 0 && !csv.failed);
        ENSURE(peel_value_format(f, &v, PEEL_VFMT_PEOPLE, &people) == 0 && !people.failed);
        ENSURE(peel_utf8_valid(peel_buf_str(&people), people.len, NULL));
        if (peel_value_parse(f, peel_buf_str(&csv), csv.len, &back, &again) != 0 ||
            !peel_value_equal(f, &v, &back)) {
            fprintf(stderr, "fuzz_value: %s: \"%.*s\" written as \"%s\" does not read back (%s)\n",
                    f->name, (int)n, text, peel_buf_str(&csv), again.n ? again.e[0].msg : "");
            abort();
        }
        peel_buf_release(&csv);
        peel_buf_release(&people);
    } else {
        ENSURE(errs.n == 1 && errs.e[0].field && !strcmp(errs.e[0].field, f->name));
        ENSURE(peel_utf8_valid(errs.e[0].msg, strlen(errs.e[0].msg), NULL));
    }
    peel_value_clear(&v);
    peel_value_clear(&back);
    return 0;
}
