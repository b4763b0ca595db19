/* test_related_decl.c - related-group and list declarations are checked
 * when the registry starts (model/registry.c): each fault is refused with a
 * message naming the type and field.  Uses its own types and never starts
 * the modules, so the registry is free to refuse them one by one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "model/model.h"

static const peel_option kinds[] = {{"a", "A"}, {"b", "B"}, {0}};

/* clang-format off */
static const peel_field board_fields[] = {
    {.name = "name", .label = "Name", .type = PEEL_F_TEXT},
};
static const peel_type board = {.name = "board", .label = "Board", .plural = "Boards",
                                .fields = board_fields, .nfields = 1, .key = "name",
                                .title = "name"};
/* clang-format on */

/* A sitting of a board, with the group under test on its board field. */
#define SITTING(REL)                                                                               \
    {                                                                                              \
        {.name = "name", .label = "Name", .type = PEEL_F_TEXT},                                    \
            {.name = "board",                                                                      \
             .label = "Board",                                                                     \
             .type = PEEL_F_REF,                                                                   \
             .ref_type = "board",                                                                  \
             .related = REL},                                                                      \
            {.name = "held", .label = "Held", .type = PEEL_F_DATE},                                \
            {.name = "kind", .label = "Kind", .type = PEEL_F_ENUM, .options = kinds},              \
        {                                                                                          \
            .name = "other", .label = "Other", .type = PEEL_F_REF, .ref_type = "board"             \
        }                                                                                          \
    }

static void refused(const peel_field *fields, size_t n, const char *want)
{
    peel_type sitting = {.name = "sitting",
                         .label = "Sitting",
                         .plural = "Sittings",
                         .fields = fields,
                         .nfields = n};
    const peel_type *types[] = {&board, &sitting};
    peel_err err = PEEL_ERR_INIT;
    assert_int_equal(peel_registry_init(types, 2, &err), -1);
    assert_string_equal(err.msg, want);
    assert_false(peel_registry_ready());
}

static void test_related_faults(void **state)
{
    (void)state;
    {
        const peel_field f[] = SITTING((&(peel_related){.position = 1}));
        refused(f, 5, "type sitting: field board: its related group has no heading");
    }
    {
        const peel_field f[] = SITTING((&(peel_related){.heading = "Sittings", .sort = "nope"}));
        refused(f, 5,
                "type sitting: field board: its related group sorts by 'nope', which is not a "
                "field of sitting");
    }
    {
        const peel_field f[] = SITTING(
            (&(peel_related){.heading = "Sittings", .sort = "name", .order = PEEL_ORDER_UPCOMING}));
        refused(f, 5, "type sitting: field board: upcoming first needs a date field to sort by");
    }
    {
        const peel_field f[] =
            SITTING((&(peel_related){.heading = "Sittings", .split_by = "name"}));
        refused(f, 5,
                "type sitting: field board: its related group is split by 'name', which is not "
                "an enum field of sitting");
    }
    {
        const peel_field f[] =
            SITTING((&(peel_related){.heading = "Sittings", .columns = PEEL_SUMMARY(2, 9)}));
        refused(f, 5,
                "type sitting: field board: related columns 2 is field 9, beyond sitting's 5 "
                "fields");
    }
    {
        const peel_field f[] = SITTING((&(peel_related){.heading = "Sittings", .through = "held"}));
        refused(f, 5,
                "type sitting: field board: related through 'held', which is not another of its "
                "reference fields");
    }
    {
        const peel_field f[] = {
            {.name = "name",
             .label = "Name",
             .type = PEEL_F_TEXT,
             .related = &(peel_related){.heading = "Sittings"}},
        };
        refused(f, 1, "type sitting: field name declares a related group but is not a reference");
    }
}

static void test_list_faults(void **state)
{
    static const peel_field f[] = SITTING(NULL);
    peel_type sitting = {
        .name = "sitting", .label = "Sitting", .plural = "Sittings", .fields = f, .nfields = 5};
    peel_err err = PEEL_ERR_INIT;
    (void)state;

    sitting.order = &f[0];
    sitting.order_dir = PEEL_ORDER_UPCOMING;
    assert_int_equal(peel_type_check(&sitting, &err), -1);
    assert_string_equal(err.msg, "type sitting: upcoming first needs a date field to order by");
    peel_err_clear(&err);
    sitting.order = &f[2];
    sitting.range = &f[3];
    assert_int_equal(peel_type_check(&sitting, &err), -1);
    assert_string_equal(err.msg,
                        "type sitting: its date range field is not one of its date fields");
    peel_err_clear(&err);
    sitting.range = &board_fields[0];
    assert_int_equal(peel_type_check(&sitting, &err), -1);
    peel_err_clear(&err);
    sitting.range = &f[2];
    assert_int_equal(peel_type_check(&sitting, &err), 0);
}

static void test_one(void **state)
{
    char buf[80];
    peel_type t = board;
    (void)state;
    assert_string_equal(peel_type_one(&t, buf, sizeof buf), "a board");
    t.label = "HMICFRS publication";
    assert_string_equal(peel_type_one(&t, buf, sizeof buf), "a HMICFRS publication");
    t.one = "an HMICFRS publication";
    assert_string_equal(peel_type_one(&t, buf, sizeof buf), "an HMICFRS publication");
}

/* Last: a good declaration (through a link) is accepted. */
static void test_accepted(void **state)
{
    const peel_field f[] = SITTING((&(peel_related){.heading = "Sittings",
                                                    .sort = "held",
                                                    .order = PEEL_ORDER_UPCOMING,
                                                    .split_by = "kind",
                                                    .columns = PEEL_SUMMARY(2, 3)}));
    const peel_field link_fields[] = {
        {.name = "sitting",
         .label = "Sitting",
         .type = PEEL_F_REF,
         .ref_type = "sitting",
         .related =
             &(peel_related){.heading = "Linked sittings", .through = "board", .sort = "held"}},
        {.name = "board", .label = "Board", .type = PEEL_F_REF, .ref_type = "board"},
    };
    const peel_type sitting = {
        .name = "sitting", .label = "Sitting", .plural = "Sittings", .fields = f, .nfields = 5};
    const peel_type link = {
        .name = "link", .label = "Link", .plural = "Links", .fields = link_fields, .nfields = 2};
    const peel_type *types[] = {&board, &sitting, &link};
    peel_err err = PEEL_ERR_INIT;
    (void)state;
    if (peel_registry_init(types, 3, &err) < 0)
        fail_msg("%s", err.msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_related_faults),
        cmocka_unit_test(test_list_faults),
        cmocka_unit_test(test_one),
        cmocka_unit_test(test_accepted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
