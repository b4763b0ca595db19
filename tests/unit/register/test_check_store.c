/* test_check_store.c - the model's check_store hook (model.h), shared by
 * every type: crud.c calls it with the store and the stored record (NULL on
 * create) after the field checks pass; its errors stop the write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/crud.h"
#include "store/store.h"
#include "unit/app_init.h"

static const peel_option states[] = {{"draft", NULL}, {"locked", NULL}, {0}};
static int calls, saw_old;

/* clang-format off */
static const peel_field widget_fields[] = {
    {.name = "name", .label = "Name", .type = PEEL_F_TEXT, .flags = PEEL_REQUIRED | PEEL_UNIQUE,
     .max = 40},
    {.name = "state", .label = "State", .type = PEEL_F_ENUM, .flags = PEEL_REQUIRED,
     .options = states},
};
/* clang-format on */

/* A locked widget cannot change state; and it sees how many widgets exist. */
static int widget_check_store(peel_store *s, const peel_record *old, const peel_record *r,
                              peel_fielderrs *errs, peel_err *err)
{
    peel_query q = {.type = r->type};
    int64_t n = 0;
    calls++;
    if (peel_store_count(s, &q, &n, err) < 0)
        return -1;
    if (old) {
        saw_old++;
        if (!strcmp(old->v[1].s, "locked") && strcmp(r->v[1].s, "locked"))
            peel_fielderrs_add(errs, "state", "widget is locked (%lld widgets)", (long long)n);
    }
    return 0;
}

/* clang-format off */
static const peel_type widget = {
    .name = "widget",
    .label = "Widget",
    .plural = "Widgets",
    .fields = widget_fields,
    .nfields = 2,
    .key = "name",
    .title = "name",
    .check_store = widget_check_store,
};
/* clang-format on */

static peel_record *mk(const char *name, const char *state)
{
    peel_record *r = peel_record_new(&widget);
    peel_fielderrs fe = {0};
    peel_crud_assign(r, "name", name, strlen(name), false, &fe);
    peel_crud_assign(r, "state", state, strlen(state), false, &fe);
    assert_int_equal(fe.n, 0);
    return r;
}

static void test_hook(void **state)
{
    char path[] = "/tmp/peel-check-store-XXXXXX";
    int fd = mkstemp(path);
    peel_store *s = NULL;
    peel_err err = PEEL_ERR_INIT;
    peel_fielderrs fe = {0};
    peel_record *r, *got;
    (void)state;

    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(peel_store_open(path, true, &s, &err), 0);
    assert_int_equal(peel_store_ensure_type(s, &widget, &err), 0);

    r = mk("w1", "locked");
    assert_int_equal(peel_crud_create(s, "t", r, &fe, &err), 0);
    assert_int_equal(calls, 1);
    assert_int_equal(saw_old, 0); /* create: old is NULL */

    /* update to draft: the hook sees the stored "locked" and refuses */
    memset(&fe, 0, sizeof fe);
    free(r->v[1].s);
    r->v[1].s = strdup("draft");
    assert_int_equal(peel_crud_update(s, "t", r, &fe, NULL, &err), -1);
    assert_int_equal(saw_old, 1);
    assert_int_equal(fe.n, 1);
    assert_string_equal(fe.e[0].field, "state");
    assert_string_equal(err.msg, "state: widget is locked (1 widgets)");
    assert_int_equal(peel_store_get(s, &widget, r->id, &got, &err), 0);
    assert_string_equal(got->v[1].s, "locked"); /* nothing saved */
    peel_record_free(got);

    /* a field error stops before the hook: it is not called */
    {
        peel_record *bad = peel_record_new(&widget);
        peel_fielderrs fe2 = {0};
        peel_err e2 = PEEL_ERR_INIT;
        int before = calls;
        assert_int_equal(peel_crud_create(s, "t", bad, &fe2, &e2), -1);
        assert_int_equal(calls, before);
        peel_record_free(bad);
    }
    peel_record_free(r);
    peel_store_close(s);
    unlink(path);
}

int main(void)
{
    peel_test_app_init();
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_hook)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
