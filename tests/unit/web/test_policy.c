/* test_policy.c - which pages each role may open (the record, field and
 * type decisions are model/reader.c's: tests/unit/model/test_reader.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit/app_init.h"
#include "web/policy.h"

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
        {PEEL_PAGE_PANEL, {false, true, true, true}},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (size_t k = 0; k < 4; k++)
            assert_int_equal(peel_policy_page_readable(roles[k], cases[i].access), cases[i].may[k]);
}

int main(void)
{
    peel_test_app_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_access),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
