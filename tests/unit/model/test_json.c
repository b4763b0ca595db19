/* test_json.c - the JSON writer (model/json.h) against jansson's parser:
 * every field kind, every character a string can hold, and the
 * classification rule for OFFICIAL-SENSITIVE fields.  The expected values
 * are the inputs themselves, read back by an independent parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "model/json.h"

static const peel_option kinds[] = {{"alpha", NULL}, {"beta", NULL}, {0}};
/* clang-format off */
static const peel_field fields[] = {
    {.name = "title", .label = "Title", .type = PEEL_F_TEXT},
    {.name = "count", .label = "Count", .type = PEEL_F_INT},
    {.name = "amount", .label = "Amount", .type = PEEL_F_MONEY},
    {.name = "on", .label = "On", .type = PEEL_F_DATE},
    {.name = "month", .label = "Month", .type = PEEL_F_MONTH},
    {.name = "kind", .label = "Kind", .type = PEEL_F_ENUM, .options = kinds},
    {.name = "done", .label = "Done", .type = PEEL_F_BOOL},
    {.name = "owner", .label = "Owner", .type = PEEL_F_REF, .ref_type = "person"},
    {.name = "at", .label = "At", .type = PEEL_F_POINT},
    {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT, .cls = PEEL_OFFICIAL_SENSITIVE},
    {.name = "hash", .label = "Hash", .type = PEEL_F_SECRET},
    {.name = "empty", .label = "Empty", .type = PEEL_F_TEXT},
};
/* clang-format on */
static const peel_type thing = {.name = "thing",
                                .label = "Thing",
                                .plural = "Things",
                                .fields = fields,
                                .nfields = PEEL_NFIELDS(fields)};

static peel_record *make(const char *title)
{
    peel_record *r = peel_record_new(&thing);
    r->id = 42;
    r->v[0] = (peel_value){.set = true, .s = strdup(title)};
    r->v[1] = (peel_value){.set = true, .i = -7};
    r->v[2] = (peel_value){.set = true, .i = 997460};
    r->v[3] = (peel_value){.set = true, .i = 0};
    r->v[4] = (peel_value){.set = true, .i = 0};
    r->v[5] = (peel_value){.set = true, .s = strdup("beta")};
    r->v[6] = (peel_value){.set = true, .i = 1};
    r->v[7] = (peel_value){.set = true, .i = 12};
    r->v[8] = (peel_value){.set = true, .lat = 52.6369, .lon = -1.139};
    r->v[9] = (peel_value){.set = true, .s = strdup("MARKER sensitive")};
    r->v[10] = (peel_value){.set = true, .s = strdup("MARKER secret")};
    memcpy(r->created_at, "2023-07-26T13:00:00Z", 21);
    memcpy(r->updated_at, "2023-07-27T09:30:00Z", 21);
    return r;
}

static json_t *write_and_parse(const peel_record *r, bool sensitive, peel_buf *b)
{
    json_error_t e;
    json_t *j;
    peel_buf_reset(b);
    assert_int_equal(peel_json_write_record(r, sensitive, b), 0);
    j = json_loadb(peel_buf_str(b), b->len, JSON_REJECT_DUPLICATES, &e);
    if (!j)
        fail_msg("not JSON: %s at %d: %s", e.text, e.position, peel_buf_str(b));
    return j;
}

static void test_every_kind(void **state)
{
    peel_buf b = PEEL_BUF_INIT;
    peel_record *r = make("Charnwood");
    json_t *j;
    (void)state;

    j = write_and_parse(r, false, &b);
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 42);
    assert_string_equal(json_string_value(json_object_get(j, "title")), "Charnwood");
    assert_int_equal(json_integer_value(json_object_get(j, "count")), -7);
    assert_int_equal(json_integer_value(json_object_get(j, "amount")), 997460);
    assert_string_equal(json_string_value(json_object_get(j, "kind")), "beta");
    assert_true(json_is_true(json_object_get(j, "done")));
    assert_int_equal(json_integer_value(json_object_get(j, "owner")), 12);
    assert_true(json_real_value(json_object_get(json_object_get(j, "at"), "lat")) == 52.6369);
    assert_true(json_real_value(json_object_get(json_object_get(j, "at"), "lon")) == -1.139);
    assert_true(json_is_null(json_object_get(j, "empty")));
    assert_null(json_object_get(j, "notes")); /* OFFICIAL-SENSITIVE: left out */
    assert_null(json_object_get(j, "hash"));  /* never */
    assert_null(strstr(peel_buf_str(&b), "MARKER"));
    assert_string_equal(json_string_value(json_object_get(j, "created_at")),
                        "2023-07-26T13:00:00Z");
    /* The date and month of day 0 are the format's own concern; here they
     * need only be strings. */
    assert_true(json_is_string(json_object_get(j, "on")));
    assert_true(json_is_string(json_object_get(j, "month")));
    json_decref(j);

    j = write_and_parse(r, true, &b);
    assert_string_equal(json_string_value(json_object_get(j, "notes")), "MARKER sensitive");
    assert_null(json_object_get(j, "hash"));
    json_decref(j);

    /* The tree form is the same document. */
    j = peel_json_record(r, false);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "amount")), 997460);
    json_decref(j);
    peel_record_free(r);
    peel_buf_release(&b);
}

static void test_strings(void **state)
{
    static const struct {
        const char *in;
        size_t n;
        const char *want; /* what a parser must read back */
    } cases[] = {
        {"plain", 5, "plain"},
        {"say \"no\" \\ to /", 15, "say \"no\" \\ to /"},
        {"tab\there\nline\r\x01\x1f\x7f", 17, "tab\there\nline\r\x01\x1f\x7f"},
        {"caf\xC3\xA9 \xE2\x82\xAC"
         "5 \xF0\x9F\x9A\x93",
         15,
         "caf\xC3\xA9 \xE2\x82\xAC"
         "5 \xF0\x9F\x9A\x93"},
        {"bad\xff"
         "byte",
         8,
         "bad\xEF\xBF\xBD"
         "byte"},
        {"cut\xE2\x82", 5, "cut\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"<script>alert(1)</script>", 25, "<script>alert(1)</script>"},
        {"", 0, ""},
    };
    peel_buf b = PEEL_BUF_INIT;
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_error_t e;
        json_t *j;
        peel_buf_reset(&b);
        assert_int_equal(peel_json_write_string(&b, cases[i].in, cases[i].n), 0);
        j = json_loadb(peel_buf_str(&b), b.len, JSON_DECODE_ANY, &e);
        if (!j)
            fail_msg("case %zu not JSON: %s: %s", i, e.text, peel_buf_str(&b));
        assert_string_equal(json_string_value(j), cases[i].want);
        json_decref(j);
    }
    peel_buf_release(&b);
}

static void test_full_buffer_fails(void **state)
{
    peel_buf b;
    peel_record *r = make("A title longer than the cap");
    (void)state;
    peel_buf_init(&b, 16);
    assert_int_equal(peel_json_write_record(r, true, &b), -1);
    assert_true(b.failed);
    peel_buf_release(&b);
    peel_record_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_full_buffer_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
