/* change_group_cases.h - the change counts by group (store.h,
 * peel_store_changes_each) every backend keeps alike: a person's edit
 * raises the person group's count and leaves the crime group's as it was;
 * a crime import raises the crime group's and leaves the person group's;
 * unpublishing a person raises the person group's (so every public page
 * that could show it is rebuilt); a group's write rolled back to a
 * savepoint is not counted, and what came before it is.
 *
 * Included by one test file per backend (test_change_count.c for SQLite,
 * test_pg_change_count.c for PostgreSQL), each with a migrated database
 * and the registry initialised; the cases take the open store.
 */
#ifndef PEEL_TESTS_CHANGE_GROUP_CASES_H
#define PEEL_TESTS_CHANGE_GROUP_CASES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crime/import.h"
#include "model/crud.h"
#include "model/model.h"
#include "store/crime_db.h"
#include "store/store.h"

typedef struct group_seek {
    const char *name;
    uint64_t n;
} group_seek;

static int group_cb(void *ctx, const char *group, uint64_t n, peel_err *err)
{
    group_seek *g = ctx;
    (void)err;
    if (!strcmp(group, g->name))
        g->n = n;
    return 0;
}

/* One group's count (0 when it has none yet). */
static uint64_t group_count(peel_store *s, const char *name)
{
    peel_err err = PEEL_ERR_INIT;
    group_seek g = {name, 0};
    if (peel_store_changes_each(s, group_cb, &g, &err) < 0)
        fail_msg("peel_store_changes_each: %s", err.msg);
    return g.n;
}

/* A record saved as the web and the CLI save one: its own transaction. */
static int64_t save(peel_store *s, const char *type, int64_t id, const char *const *fv)
{
    peel_err err = PEEL_ERR_INIT;
    peel_fielderrs fe = {0};
    peel_record *r = NULL;
    int64_t out;
    if (id) {
        assert_int_equal(peel_store_get(s, peel_type_find(type), id, &r, &err), 0);
    } else {
        r = peel_record_new(peel_type_find(type));
    }
    assert_non_null(r);
    for (; fv[0]; fv += 2)
        assert_int_equal(peel_crud_assign(r, fv[0], fv[1], strlen(fv[1]), false, &fe), 0);
    if (peel_crud_save(s, "t", r, id == 0, &fe, &err) != 0)
        fail_msg("save %s: %s", type, err.msg);
    out = r->id;
    peel_record_free(r);
    return out;
}

/* The police.uk sample imported as `peel crime import` does. */
static void crime_import(peel_store *s, peel_crime_import_stats *st)
{
    char dir[512];
    const char *data = getenv("PEEL_TEST_DATA");
    char *paths[1] = {dir};
    peel_crime_import_opts o = {.user = "t"};
    peel_err err = PEEL_ERR_INIT;
    bool bulk = false;
    int rc;

    snprintf(dir, sizeof dir, "%s/police-uk-sample", data ? data : "tests/data");
    assert_int_equal(peel_crime_db_bulk_begin(s, &bulk, &err), 0);
    rc = peel_crime_import(s, paths, 1, &o, st, &err);
    if (peel_crime_db_bulk_end(s, bulk, rc == 0, &err) < 0 || rc < 0)
        fail_msg("crime import: %s", err.msg);
}

static void groups_edit_and_import(peel_store *s)
{
    peel_crime_import_stats st;
    uint64_t person, crime, total;
    int64_t id;

    id = save(s, "person", 0,
              (const char *const[]){"name", "Ann Example", "role", "Chief Executive", "publish",
                                    "yes", NULL});
    person = group_count(s, "person");
    crime = group_count(s, PEEL_CHANGES_CRIME);
    assert_true(person > 0);

    /* a person's edit: the person group only */
    save(s, "person", id, (const char *const[]){"role", "Deputy", NULL});
    assert_true(group_count(s, "person") > person);
    assert_true(group_count(s, PEEL_CHANGES_CRIME) == crime);
    person = group_count(s, "person");

    /* a crime import: the crime group, not the person group */
    crime_import(s, &st);
    assert_true(st.imported == 1);
    assert_true(group_count(s, PEEL_CHANGES_CRIME) > crime);
    assert_true(group_count(s, "person") == person);
    crime = group_count(s, PEEL_CHANGES_CRIME);

    /* the same file again finds it unchanged: nothing counted */
    assert_int_equal(peel_store_changes(s, &total, &(peel_err)PEEL_ERR_INIT), 0);
    crime_import(s, &st);
    assert_true(st.unchanged == 1);
    assert_true(group_count(s, PEEL_CHANGES_CRIME) == crime);
    {
        uint64_t now = 0;
        assert_int_equal(peel_store_changes(s, &now, &(peel_err)PEEL_ERR_INIT), 0);
        assert_true(now == total);
    }
}

static void groups_unpublish_and_savepoints(peel_store *s)
{
    peel_err err = PEEL_ERR_INIT;
    uint64_t person, crime;
    int64_t id;

    id = save(
        s, "person", 0,
        (const char *const[]){"name", "Bea Example", "role", "Treasurer", "publish", "yes", NULL});
    person = group_count(s, "person");
    crime = group_count(s, PEEL_CHANGES_CRIME);

    /* unpublished: the group every page showing people reads */
    save(s, "person", id, (const char *const[]){"publish", "no", NULL});
    assert_true(group_count(s, "person") > person);
    assert_true(group_count(s, PEEL_CHANGES_CRIME) == crime);
    person = group_count(s, "person");

    /* a person written and rolled back to a savepoint: not counted */
    assert_int_equal(peel_store_begin(s, &err), 0);
    assert_int_equal(peel_store_savepoint(s, "sp", &err), 0);
    {
        peel_record *r = NULL;
        assert_int_equal(peel_store_get(s, peel_type_find("person"), id, &r, &err), 0);
        assert_int_equal(peel_store_update(s, r, &err), 0);
        peel_record_free(r);
    }
    assert_int_equal(peel_store_savepoint_rollback(s, "sp", &err), 0);
    assert_int_equal(peel_store_savepoint_release(s, "sp", &err), 0);
    assert_int_equal(peel_store_commit(s, &err), 0);
    assert_true(group_count(s, "person") == person);

    /* ...and the same kept: counted once, however many rows */
    assert_int_equal(peel_store_begin(s, &err), 0);
    for (int i = 0; i < 3; i++) {
        peel_record *r = NULL;
        assert_int_equal(peel_store_get(s, peel_type_find("person"), id, &r, &err), 0);
        assert_int_equal(peel_store_update(s, r, &err), 0);
        peel_record_free(r);
    }
    assert_int_equal(peel_store_commit(s, &err), 0);
    assert_true(group_count(s, "person") == person + 1);
    assert_true(group_count(s, PEEL_CHANGES_CRIME) == crime);
}

#endif
