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
/* A paper with an audience between staff and the public. */
/* clang-format off */
static const peel_field brief_fields[] = {
    {.name = "title", .label = "Title", .type = PEEL_F_TEXT},
    {.name = "classification", .label = "Classification", .type = PEEL_F_ENUM,
     .flags = PEEL_CLASSIFIES, .options = peel_class_options},
    PEEL_FIELD_PUBLISHED,
    PEEL_FIELD_FOR_PANEL,
};
/* clang-format on */
static const peel_type brief = {.name = "brief",
                                .label = "Brief",
                                .plural = "Briefs",
                                .fields = brief_fields,
                                .nfields = PEEL_NFIELDS(brief_fields)};
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

/* The audience matrix: each role against each classification (OFFICIAL,
 * OFFICIAL-SENSITIVE, unmarked), publication (yes, no, unset) and for the
 * Panel (yes, no, unset), worked out case by case from the rule: staff and
 * admin see all; the public what is published and marked OFFICIAL; the
 * Panel that, and what is for the Panel and marked OFFICIAL. */
static void test_audience_matrix(void **state)
{
    static const char *const classes[] = {"OFFICIAL", "OFFICIAL-SENSITIVE", NULL};
    static const int flags[] = {1, 0, -1};
    int seen[4] = {0};
    peel_err err = PEEL_ERR_INIT;
    (void)state;
    assert_int_equal(peel_type_check(&brief, &err), 0);
    for (size_t c = 0; c < 3; c++)
        for (size_t p = 0; p < 3; p++)
            for (size_t fp = 0; fp < 3; fp++) {
                peel_record *r = peel_record_new(&brief);
                bool official = c == 0, pub = flags[p] == 1, panel = flags[fp] == 1;
                r->v[0] = (peel_value){.set = true, .s = strdup("CANARY")};
                if (classes[c])
                    r->v[1] = (peel_value){.set = true, .s = strdup(classes[c])};
                if (flags[p] >= 0)
                    r->v[2] = (peel_value){.set = true, .i = flags[p]};
                if (flags[fp] >= 0)
                    r->v[3] = (peel_value){.set = true, .i = flags[fp]};
                bool want[4] = {official && pub, official && (pub || panel), true, true};
                for (int role = 0; role < 4; role++) {
                    bool got = peel_reader_record_visible(peel_reader_of((peel_role)role), r);
                    if (got != want[role])
                        fail_msg("role %d, class %s, publish %d, for_panel %d: %d, want %d", role,
                                 classes[c] ? classes[c] : "unmarked", flags[p], flags[fp], got,
                                 want[role]);
                    seen[role] += got;
                }
                /* withheld in place only when published and sensitive */
                assert_int_equal(peel_reader_record_published(peel_reader_of(PEEL_ROLE_PANEL), r),
                                 want[1] || (c == 1 && pub));
                peel_record_free(r);
            }
    /* 27 cases: the public 3 (published OFFICIAL, whatever for_panel says),
     * the Panel those and 2 more (for it, OFFICIAL, publish no or unset) */
    assert_int_equal(seen[PEEL_ROLE_PUBLIC], 3);
    assert_int_equal(seen[PEEL_ROLE_PANEL], 5);
    assert_int_equal(seen[PEEL_ROLE_STAFF], 27);
    assert_int_equal(seen[PEEL_ROLE_ADMIN], 27);
}

/* The query form of the same rule: the Panel's filter is "published or for
 * the Panel", the public's "published"; a type with no audience field
 * gives the Panel the public's filter. */
static void test_audience_filters(void **state)
{
    peel_filter f[PEEL_READER_MAX_FILTERS];
    (void)state;
    assert_int_equal(peel_reader_filters(peel_reader_of(PEEL_ROLE_PANEL), &brief, f), 2);
    assert_ptr_equal(f[0].field, &brief_fields[2]);
    assert_ptr_equal(f[0].or_field, &brief_fields[3]);
    assert_int_equal(f[0].v.i, 1);
    assert_ptr_equal(f[1].field, &brief_fields[1]);
    assert_int_equal(peel_reader_filters(peel_reader_of(PEEL_ROLE_PUBLIC), &brief, f), 2);
    assert_ptr_equal(f[0].field, &brief_fields[2]);
    assert_null(f[0].or_field);
    assert_int_equal(peel_reader_filters(peel_reader_of(PEEL_ROLE_PANEL), &paper, f), 2);
    assert_null(f[0].or_field);
    assert_int_equal(peel_reader_filters(peel_reader_of(PEEL_ROLE_STAFF), &brief, f), 0);
}

/* An audience field that is not yes/no, or without a publishing field
 * beside it, is refused at start-up naming type and field. */
static void test_audience_declaration(void **state)
{
    static const peel_field bad_kind[] = {
        {.name = "title", .label = "Title", .type = PEEL_F_TEXT},
        PEEL_FIELD_PUBLISHED,
        {.name = "for_panel",
         .label = "For the Panel",
         .type = PEEL_F_TEXT,
         .flags = PEEL_FOR_PANEL},
    };
    static const peel_field alone[] = {
        {.name = "title", .label = "Title", .type = PEEL_F_TEXT},
        PEEL_FIELD_FOR_PANEL,
    };
    const peel_type t1 = {.name = "bad",
                          .label = "Bad",
                          .plural = "Bad",
                          .fields = bad_kind,
                          .nfields = PEEL_NFIELDS(bad_kind)};
    const peel_type t2 = {.name = "alone",
                          .label = "Alone",
                          .plural = "Alone",
                          .fields = alone,
                          .nfields = PEEL_NFIELDS(alone)};
    peel_err err = PEEL_ERR_INIT;
    (void)state;
    assert_int_equal(peel_type_check(&t1, &err), -1);
    assert_string_equal(err.msg, "type bad: audience field for_panel must be yes/no");
    peel_err_clear(&err);
    assert_int_equal(peel_type_check(&t2, &err), -1);
    assert_string_equal(err.msg,
                        "type alone: audience field for_panel needs a publishing field beside it");
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
        cmocka_unit_test(test_records),          cmocka_unit_test(test_audience_matrix),
        cmocka_unit_test(test_audience_filters), cmocka_unit_test(test_audience_declaration),
        cmocka_unit_test(test_fields_and_json),  cmocka_unit_test(test_types_and_filters),
        cmocka_unit_test(test_published),        cmocka_unit_test(test_roles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
