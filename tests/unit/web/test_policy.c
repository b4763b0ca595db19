/* test_policy.c - the classification gate, with a test-only type that can be
 * published, carries a classification and has a sensitive field (no such
 * type is declared in the registry yet, so the gate is proved here). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "web/policy.h"
#include "unit/app_init.h"

static const peel_field fields[] = {
    {.name = "title", .label = "Title", .type = PEEL_F_TEXT},
    {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT, .cls = PEEL_OFFICIAL_SENSITIVE},
    {.name = "classification", .label = "Classification", .type = PEEL_F_ENUM,
     .flags = PEEL_CLASSIFIES, .options = peel_class_options},
    {.name = "published", .label = "Published", .type = PEEL_F_BOOL, .flags = PEEL_PUBLISHES},
    {.name = "secret", .label = "Secret", .type = PEEL_F_SECRET},
};
static const peel_type paper = {.name = "paper", .label = "Paper", .plural = "Papers",
                                .fields = fields, .nfields = PEEL_NFIELDS(fields)};
static const peel_type closed = {.name = "closed", .label = "Closed", .plural = "Closed",
                                 .fields = fields, .nfields = 2};

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
        {"OFFICIAL", 1, true},         {"OFFICIAL", 0, false},
        {"OFFICIAL", -1, false},       {"OFFICIAL-SENSITIVE", 1, false},
        {NULL, 1, false} /* unmarked */, {"OFFICIAL-SENSITIVE", 0, false},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        peel_record *r = make(cases[i].cls, cases[i].published);
        assert_int_equal(peel_policy_record_visible(PEEL_ROLE_PUBLIC, r), cases[i].public_sees);
        assert_int_equal(peel_policy_record_visible(PEEL_ROLE_PANEL, r), cases[i].public_sees);
        assert_true(peel_policy_record_visible(PEEL_ROLE_STAFF, r));
        assert_true(peel_policy_record_visible(PEEL_ROLE_ADMIN, r));
        peel_record_free(r);
    }
}

static void test_fields_and_json(void **state)
{
    peel_record *r = make("OFFICIAL", 1);
    peel_buf b = PEEL_BUF_INIT;
    json_t *j;
    (void)state;
    assert_true(peel_policy_field_visible(PEEL_ROLE_PUBLIC, &fields[0]));
    assert_false(peel_policy_field_visible(PEEL_ROLE_PUBLIC, &fields[1]));
    assert_false(peel_policy_field_visible(PEEL_ROLE_PANEL, &fields[1]));
    assert_true(peel_policy_field_visible(PEEL_ROLE_STAFF, &fields[1]));
    assert_false(peel_policy_field_visible(PEEL_ROLE_ADMIN, &fields[4]));
    /* The text is parsed back by jansson: well-formed, and the sensitive
     * field is absent from the public's object, not merely hidden. */
    assert_int_equal(peel_policy_json_write(PEEL_ROLE_PUBLIC, r, &b), 0);
    assert_null(strstr(peel_buf_str(&b), "MARKER"));
    j = json_loadb(peel_buf_str(&b), b.len, 0, NULL);
    assert_non_null(j);
    assert_null(json_object_get(j, fields[1].name));
    json_decref(j);
    peel_buf_reset(&b);
    assert_int_equal(peel_policy_json_write(PEEL_ROLE_STAFF, r, &b), 0);
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
    peel_filter f[PEEL_POLICY_MAX_FILTERS];
    (void)state;
    assert_true(peel_policy_type_readable(PEEL_ROLE_PUBLIC, &paper));
    assert_false(peel_policy_type_writable(PEEL_ROLE_PANEL, &paper));
    assert_true(peel_policy_type_writable(PEEL_ROLE_STAFF, &paper));
    assert_false(peel_policy_type_readable(PEEL_ROLE_PUBLIC, &closed));
    assert_int_equal(peel_policy_filters(PEEL_ROLE_STAFF, &paper, f), 0);
    assert_int_equal(peel_policy_filters(PEEL_ROLE_PUBLIC, &paper, f), 2);
    assert_ptr_equal(f[0].field, &fields[3]);
    assert_int_equal(f[0].v.i, 1);
    assert_ptr_equal(f[1].field, &fields[2]);
    assert_string_equal(f[1].v.s, "OFFICIAL");
    /* a type that cannot be published gets a filter no record meets */
    assert_int_equal(peel_policy_filters(PEEL_ROLE_PANEL, &closed, f), 1);
    assert_null(f[0].field);
    assert_int_equal(f[0].op, PEEL_OP_LT);
    const peel_type *user = peel_type_find("user");
    assert_false(peel_policy_type_readable(PEEL_ROLE_STAFF, user));
    assert_true(peel_policy_type_readable(PEEL_ROLE_ADMIN, user));
}

/* Who may open a page of each access class. */
static void test_page_access(void **state)
{
    static const peel_role roles[] = {PEEL_ROLE_PUBLIC, PEEL_ROLE_PANEL, PEEL_ROLE_STAFF,
                                      PEEL_ROLE_ADMIN};
    static const struct {
        peel_page_access access;
        bool may[4]; /* public, panel, staff, admin */
    } cases[] = {
        {PEEL_PAGE_EVERYONE, {true, true, true, true}},
        {PEEL_PAGE_STAFF, {false, false, true, true}},
        {PEEL_PAGE_ADMIN, {false, false, false, true}},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (size_t k = 0; k < 4; k++)
            assert_int_equal(peel_policy_page_readable(roles[k], cases[i].access),
                             cases[i].may[k]);
}

int main(void)
{
    peel_test_app_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_fields_and_json),
        cmocka_unit_test(test_types_and_filters),
        cmocka_unit_test(test_page_access),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
