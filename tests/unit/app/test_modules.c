/* test_modules.c - the module table and the registry it fills: nothing is
 * registered before peel_app_init and the server says so instead of
 * starting; faulty declarations are refused at start-up with a message
 * naming the type and field; after start-up every module's types, commands,
 * routes and panels are found, and a second start changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/module.h"
#include "domain/register.h"
#include "web/web.h"

/* A declaration with a field-index constant whose field was never written. */
enum { GAP_NAME, GAP_MISSING, GAP_NFIELDS };
/* clang-format off */
static const peel_field gap_fields[GAP_NFIELDS] = {
    [GAP_NAME] = {.name = "name", .label = "Name", .type = PEEL_F_TEXT},
};
/* clang-format on */
static const peel_type gap = {
    .name = "gap", .label = "Gap", .plural = "Gaps", .fields = gap_fields, .nfields = GAP_NFIELDS};

/* clang-format off */
static const peel_field one_field[] = {
    {.name = "name", .label = "Name", .type = PEEL_F_TEXT},
    {.name = "owner", .label = "Owner", .type = PEEL_F_REF, .ref_type = "later"},
};
/* clang-format on */
static const peel_type bad_key = {.name = "bad_key",
                                  .label = "Bad",
                                  .plural = "Bad",
                                  .fields = one_field,
                                  .nfields = 1,
                                  .key = "nmae"};
/* What the search box finds: text or enum fields of the type's own, and a
 * date of its own to filter by. */
static const peel_type search_ref = {.name = "search_ref",
                                     .label = "S",
                                     .plural = "S",
                                     .fields = one_field,
                                     .nfields = 2,
                                     .search = PEEL_SEARCH(0, 1)};
static const peel_type search_beyond = {.name = "search_beyond",
                                        .label = "S",
                                        .plural = "S",
                                        .fields = one_field,
                                        .nfields = 1,
                                        .search = PEEL_SEARCH(0, 1)};
/* clang-format off */
static const peel_field personal_field[] = {
    {.name = "resident", .label = "Resident", .type = PEEL_F_TEXT,
     .flags = PEEL_INTERNAL | PEEL_PERSONAL},
};
/* clang-format on */
static const peel_type search_personal = {.name = "search_personal",
                                          .label = "S",
                                          .plural = "S",
                                          .fields = personal_field,
                                          .nfields = 1,
                                          .search = PEEL_SEARCH(0)};
static const peel_type search_date = {.name = "search_date",
                                      .label = "S",
                                      .plural = "S",
                                      .fields = one_field,
                                      .nfields = 1,
                                      .search = PEEL_SEARCH(0),
                                      .search_date = &one_field[0]};
static const peel_type early = {
    .name = "early", .label = "Early", .plural = "Early", .fields = one_field, .nfields = 2};
static const peel_type later = {
    .name = "later", .label = "Later", .plural = "Later", .fields = one_field, .nfields = 1};

static void test_before_init(void **state)
{
    size_t n = 99;
    peel_err err = PEEL_ERR_INIT;
    peel_web_config c;
    (void)state;

    assert_false(peel_registry_ready());
    peel_types(&n);
    assert_int_equal(n, 0);
    assert_null(peel_type_find("action"));
    /* The server refuses to start rather than serve nothing. */
    peel_web_config_defaults(&c);
    peel_app_web_config(&c);
    assert_null(c.routes);
    assert_int_equal(peel_web_serve(&c, &err), -1);
    assert_non_null(strstr(err.msg, "peel_app_init"));
}

static void test_faulty_declarations(void **state)
{
    peel_err err = PEEL_ERR_INIT;
    const peel_type *order[] = {&early, &later};
    (void)state;

    assert_int_equal(peel_type_check(&gap, &err), -1);
    assert_string_equal(err.msg, "type gap: field 1 is not declared (a field-index constant "
                                 "without its field)");
    peel_err_clear(&err);
    assert_int_equal(peel_type_check(&bad_key, &err), -1);
    assert_string_equal(err.msg, "type bad_key: its key 'nmae' is not one of its fields");
    peel_err_clear(&err);
    assert_int_equal(peel_type_check(&search_ref, &err), -1);
    assert_string_equal(
        err.msg, "type search_ref, field owner: only text and enum fields can be searchable");
    peel_err_clear(&err);
    assert_int_equal(peel_type_check(&search_beyond, &err), -1);
    assert_string_equal(err.msg,
                        "type search_beyond: searchable field 2 is field 1, beyond its 1 fields");
    peel_err_clear(&err);
    assert_int_equal(peel_type_check(&search_personal, &err), -1);
    assert_string_equal(err.msg,
                        "type search_personal, field resident: personal data cannot be searchable");
    peel_err_clear(&err);
    assert_int_equal(peel_type_check(&search_date, &err), -1);
    assert_string_equal(err.msg, "type search_date: its search date is not one of its date fields");
    peel_err_clear(&err);
    assert_int_equal(peel_registry_init(order, 2, &err), -1);
    assert_string_equal(err.msg, "type early: field owner refers to 'later', which is not "
                                 "registered before it");
    assert_false(peel_registry_ready());
}

extern const peel_route peel_routes_figures[];
extern const peel_panel peel_panels_figures[];
extern const peel_route peel_routes_engagement[];
extern const peel_route peel_routes_oversight[];
extern const peel_route peel_routes_neighbourhood[];
extern const peel_route peel_routes_commissioning[];
extern const peel_route peel_routes_papers[];

static void test_init(void **state)
{
    peel_err err = PEEL_ERR_INIT;
    size_t n, total = 0;
    const peel_type *const *types;
    peel_web_config c;
    const peel_type *other[] = {&later};
    (void)state;

    assert_int_equal(peel_app_init(&err), 0);
    assert_int_equal(peel_app_init(&err), 0); /* again: nothing changes */
    types = peel_types(&n);
    for (size_t m = 0; peel_modules[m]; m++)
        for (size_t i = 0; peel_modules[m]->types && peel_modules[m]->types[i]; i++, total++)
            assert_ptr_equal(types[total], peel_modules[m]->types[i]);
    assert_int_equal(n, total);
    assert_ptr_equal(peel_type_find("action"), &peel_type_action);
    assert_int_equal(peel_registry_init(other, 1, &err), -1);
    assert_non_null(strstr(err.msg, "already registered"));

    assert_non_null(peel_app_cmd("list"));
    assert_non_null(peel_app_cmd("actions"));
    assert_non_null(peel_app_cmd("search"));
    assert_non_null(peel_app_cmd("engagement"));
    assert_non_null(peel_app_cmd("commissioning"));
    assert_non_null(peel_type_find("monitoring_visit"));
    assert_non_null(peel_type_find("feedback"));
    assert_true(peel_type_find("meeting")->attachments);
    assert_false(peel_type_find("action")->attachments);
    assert_null(peel_app_cmd("nonsense"));
    peel_web_config_defaults(&c);
    peel_app_web_config(&c);
    assert_ptr_equal(c.routes[0], peel_routes_lifecycle);
    assert_ptr_equal(c.routes[1], peel_routes_register);
    assert_ptr_equal(c.routes[2], peel_routes_crime);
    assert_ptr_equal(c.routes[3], peel_routes_docs);
    assert_ptr_equal(c.routes[4], peel_routes_figures);
    assert_ptr_equal(c.routes[5], peel_routes_engagement);
    assert_ptr_equal(c.routes[6], peel_routes_oversight);
    assert_ptr_equal(c.routes[7], peel_routes_neighbourhood);
    assert_ptr_equal(c.routes[8], peel_routes_commissioning);
    assert_ptr_equal(c.routes[9], peel_routes_papers);
    assert_ptr_equal(c.routes[10], peel_routes_admin);
    assert_null(c.routes[11]);
    /* the generated sections papers name, found across the modules */
    const char *module = NULL;
    assert_non_null(peel_app_section("cgb-report", &module));
    assert_string_equal(module, "register");
    assert_non_null(peel_app_section("crime-pack", NULL));
    assert_null(peel_app_section("nonsense", NULL));
    assert_non_null(c.panels[0]);
    assert_ptr_equal(c.panels[1], peel_panels_figures);
    assert_null(c.panels[2]);
}

int main(void)
{
    /* In order: the first test needs the registry still empty. */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_before_init),
        cmocka_unit_test(test_faulty_declarations),
        cmocka_unit_test(test_init),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
