/* test_reader.c - who may see what (model/reader.c), with a test-only type
 * that can be published, carries a classification and has a sensitive field
 * (no such type is declared in the registry yet, so the rules are proved
 * here). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "model/reader.h"
#include "unit/app_init.h"

/* clang-format off */
static const peel_field fields[] = {
    {.name = "title", .label = "Title", .type = PEEL_F_TEXT},
    {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT, .cls = PEEL_OFFICIAL_SENSITIVE},
    {.name = "classification", .label = "Classification", .type = PEEL_F_ENUM,
     .flags = PEEL_CLASSIFIES, .options = peel_class_options},
    {.name = "published", .label = "Published", .type = PEEL_F_BOOL, .flags = PEEL_PUBLISHES},
    {.name = "secret", .label = "Secret", .type = PEEL_F_SECRET},
};
/* clang-format on */
static const peel_type paper = {.name = "paper",
                                .label = "Paper",
                                .plural = "Papers",
                                .fields = fields,
                                .nfields = PEEL_NFIELDS(fields)};
static const peel_type closed = {
    .name = "closed", .label = "Closed", .plural = "Closed", .fields = fields, .nfields = 2};

static peel_record *make(const char *cls, int published)
{
    peel_record *r = peel_record_new(&paper);
    r->v[0] = (peel_value){.set = true, .s = strdup("t")};
    r->v[1] = (peel_value){.set = true, .s = strdup("MARKER")};
    if (cls)
        r->v[2] = (peel_value){.set = true, .s = strdup(cls)};
    if (published >= 0)
        r->v[3] = (peel_value){.set = true, .i = published};
    return r;
}

static void test_records(void **state)
{
    struct {
        const char *cls;
        int published;
        bool public_sees;
    } cases[] = {
        {"OFFICIAL", 1, true},           {"OFFICIAL", 0, false},
        {"OFFICIAL", -1, false},         {"OFFICIAL-SENSITIVE", 1, false},
        {NULL, 1, false} /* unmarked */, {"OFFICIAL-SENSITIVE", 0, false},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        peel_record *r = make(cases[i].cls, cases[i].published);
        assert_int_equal(peel_reader_record_visible(peel_reader_of(PEEL_ROLE_PUBLIC), r),
                         cases[i].public_sees);
        assert_int_equal(peel_reader_record_visible(peel_reader_of(PEEL_ROLE_PANEL), r),
                         cases[i].public_sees);
        assert_true(peel_reader_record_visible(peel_reader_of(PEEL_ROLE_STAFF), r));
        assert_true(peel_reader_record_visible(peel_reader_of(PEEL_ROLE_ADMIN), r));
        peel_record_free(r);
    }
}

static void test_fields_and_json(void **state)
{
    peel_record *r = make("OFFICIAL", 1);
    peel_buf b = PEEL_BUF_INIT;
    peel_err err = PEEL_ERR_INIT;
    json_t *j;
    (void)state;
    assert_true(peel_reader_field_visible(peel_reader_of(PEEL_ROLE_PUBLIC), &fields[0]));
    assert_false(peel_reader_field_visible(peel_reader_of(PEEL_ROLE_PUBLIC), &fields[1]));
    assert_false(peel_reader_field_visible(peel_reader_of(PEEL_ROLE_PANEL), &fields[1]));
    assert_true(peel_reader_field_visible(peel_reader_of(PEEL_ROLE_STAFF), &fields[1]));
    assert_false(peel_reader_field_visible(peel_reader_of(PEEL_ROLE_ADMIN), &fields[4]));
    /* The text is parsed back by jansson: well-formed, and the sensitive
     * field is absent from the public's object, not merely hidden. */
    assert_int_equal(peel_reader_json_write(NULL, peel_reader_of(PEEL_ROLE_PUBLIC), r, &b, &err),
                     0);
    assert_null(strstr(peel_buf_str(&b), "MARKER"));
    j = json_loadb(peel_buf_str(&b), b.len, 0, NULL);
    assert_non_null(j);
    assert_null(json_object_get(j, fields[1].name));
    json_decref(j);
    peel_buf_reset(&b);
    assert_int_equal(peel_reader_json_write(NULL, peel_reader_of(PEEL_ROLE_STAFF), r, &b, &err), 0);
    assert_non_null(strstr(peel_buf_str(&b), "MARKER"));
    j = json_loadb(peel_buf_str(&b), b.len, 0, NULL);
    assert_non_null(j);
    assert_non_null(json_object_get(j, fields[1].name));
    json_decref(j);
    peel_buf_release(&b);
    peel_record_free(r);
}

static void test_types_and_filters(void **state)
{
    peel_filter f[PEEL_READER_MAX_FILTERS];
    (void)state;
    assert_true(peel_reader_type_readable(peel_reader_of(PEEL_ROLE_PUBLIC), &paper));
    assert_false(peel_reader_type_writable(peel_reader_of(PEEL_ROLE_PANEL), &paper));
    assert_true(peel_reader_type_writable(peel_reader_of(PEEL_ROLE_STAFF), &paper));
    assert_false(peel_reader_type_readable(peel_reader_of(PEEL_ROLE_PUBLIC), &closed));
    assert_int_equal(peel_reader_filters(peel_reader_of(PEEL_ROLE_STAFF), &paper, f), 0);
    assert_int_equal(peel_reader_filters(peel_reader_of(PEEL_ROLE_PUBLIC), &paper, f), 2);
    assert_ptr_equal(f[0].field, &fields[3]);
    assert_int_equal(f[0].v.i, 1);
    assert_ptr_equal(f[1].field, &fields[2]);
    assert_string_equal(f[1].v.s, "OFFICIAL");
    /* a type that cannot be published gets a filter no record meets */
    assert_int_equal(peel_reader_filters(peel_reader_of(PEEL_ROLE_PANEL), &closed, f), 1);
    assert_null(f[0].field);
    assert_int_equal(f[0].op, PEEL_OP_LT);
    const peel_type *user = peel_type_find("user");
    assert_false(peel_reader_type_readable(peel_reader_of(PEEL_ROLE_STAFF), user));
    assert_true(peel_reader_type_readable(peel_reader_of(PEEL_ROLE_ADMIN), user));
}

/* Withheld in place only when published: neither a marking nor anything
 * else brings an unpublished record into what the public sees. */
static void test_published(void **state)
{
    const peel_reader *pub = peel_reader_of(PEEL_ROLE_PUBLIC);
    peel_record *sens_pub = make("OFFICIAL-SENSITIVE", 1);
    peel_record *sens_unpub = make("OFFICIAL-SENSITIVE", 0);
    peel_record *plain_unpub = make("OFFICIAL", 0);
    (void)state;
    assert_true(peel_reader_record_published(pub, sens_pub));
    assert_false(peel_reader_record_visible(pub, sens_pub));
    assert_false(peel_reader_record_published(pub, sens_unpub));
    assert_false(peel_reader_record_published(pub, plain_unpub));
    assert_false(peel_reader_record_visible(pub, NULL));
    assert_true(peel_reader_record_published(peel_reader_of(PEEL_ROLE_STAFF), sens_unpub));
    peel_record_free(sens_pub);
    peel_record_free(sens_unpub);
    peel_record_free(plain_unpub);
}

static void test_roles(void **state)
{
    peel_role role;
    (void)state;
    assert_true(peel_reader_role_parse("public", &role));
    assert_int_equal(role, PEEL_ROLE_PUBLIC);
    assert_true(peel_reader_role_parse("panel", &role));
    assert_int_equal(role, PEEL_ROLE_PANEL);
    assert_false(peel_reader_role_parse("Public", &role));
    assert_false(peel_reader_role_parse(NULL, &role));
    /* an out-of-range role gets the narrowest reader, never a wider one */
    assert_int_equal(peel_reader_of((peel_role)99)->role, PEEL_ROLE_PUBLIC);
}

int main(void)
{
    peel_test_app_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_fields_and_json),
        cmocka_unit_test(test_types_and_filters),
        cmocka_unit_test(test_published),
        cmocka_unit_test(test_roles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
