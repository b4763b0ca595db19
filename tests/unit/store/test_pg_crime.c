/* test_pg_crime.c - the crime tables on a real PostgreSQL server through
 * crime_db.h alone: what the end-to-end comparison with SQLite
 * (tests/e2e/test_pg_crime.py) cannot reach.  Outcome and stop-and-search
 * rows are held for COPY: a file's rows dropped with its savepoint leave
 * none for the next file, a file's ids are a rising range, and text with a
 * tab, a newline or a backslash survives COPY's format; new street names
 * and LSOAs, sent by COPY too, are never added twice.  Each case has a
 * fresh database of pg_server.h's server; skipped (exit 77) without
 * PostgreSQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "unit/app_init.h"
#include "unit/store/pg_server.h"

#include "store/crime_db.h"
#include "store/store.h"

#define ID_A "e651afd050d7e1daf5074cb8494c21577868e201f6776b5040cb39062e8fd5e3"
#define ID_B "0000000000000000000000000000000000000000000000000000000000000001"

typedef struct fixture {
    char uri[256];
    peel_store *s;
    peel_crime_db *db;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    peel_err err = PEEL_ERR_INIT;
    assert_non_null(f);
    if (peel_test_pg_database(f->uri, sizeof f->uri, &err) < 0 ||
        peel_store_open(f->uri, false, &f->s, &err) < 0 ||
        peel_store_migrate(f->s, false, &err) < 0 || peel_crime_db_open(f->s, &f->db, &err) < 0)
        fail_msg("%s", err.msg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    peel_crime_db_close(f->db);
    peel_store_close(f->s);
    free(f);
    return 0;
}

/* The rows of a table, counted on a connection of the test's own (no
 * operation of crime_db.h counts what the figures never read). */
static long table_rows(fixture *f, const char *sql)
{
    PGconn *c = PQconnectdb(f->uri);
    PGresult *res = PQexec(c, sql);
    long n = PQresultStatus(res) == PGRES_TUPLES_OK ? strtol(PQgetvalue(res, 0, 0), NULL, 10) : -1;
    PQclear(res);
    PQfinish(c);
    return n;
}

typedef struct outcomes_seen {
    int n;
    int64_t rows[8];
    unsigned char first[32];
} outcomes_seen;

static int outcome_cb(void *ctx, int64_t row, peel_month month, const unsigned char *crime_id,
                      int64_t type, peel_err *err)
{
    outcomes_seen *o = ctx;
    (void)month;
    (void)type;
    (void)err;
    if (o->n == 0)
        memcpy(o->first, crime_id, 32);
    if (o->n < 8)
        o->rows[o->n] = row;
    o->n++;
    return 0;
}

/* Adds n outcomes of month m with Crime ID id: the ids of the first and last. */
static void add_outcomes(fixture *f, peel_month m, int64_t force, int64_t type, const char *id,
                         int n, int64_t *first, int64_t *last)
{
    peel_err err = PEEL_ERR_INIT;
    for (int i = 0; i < n; i++) {
        int64_t row;
        assert_int_equal(
            peel_crime_db_outcome_add(f->db, m, force, peel_str_c(id), 0, type, &row, &err), 0);
        if (i == 0)
            *first = row;
        assert_true(row >= *first);
        *last = row;
    }
}

static void test_dropped_rows_stay_dropped(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    bool bulk;
    int64_t force, type, first = 0, last = 0;
    peel_month m = 2022 * 12 + 1;

    assert_int_equal(peel_crime_db_bulk_begin(f->s, &bulk, &err), 0);
    assert_int_equal(
        peel_crime_db_dim(f->db, PEEL_DIM_FORCE, peel_str_c("Leicestershire Police"), &force, &err),
        0);
    assert_int_equal(
        peel_crime_db_dim(f->db, PEEL_DIM_OUTCOME_TYPE, peel_str_c("Suspect charged"), &type, &err),
        0);

    /* A file undone: its rows (held, not yet sent) go with it. */
    assert_int_equal(peel_crime_db_savepoint(f->s, &err), 0);
    add_outcomes(f, m, force, type, ID_B, 5, &first, &last);
    assert_int_equal(peel_crime_db_savepoint_rollback(f->s, &err), 0);

    /* The next file keeps its three. */
    assert_int_equal(peel_crime_db_savepoint(f->s, &err), 0);
    add_outcomes(f, m, force, type, ID_A, 3, &first, &last);
    assert_int_equal(last - first, 2);
    peel_crime_file rec = {.kind = PEEL_CRIME_OUTCOMES,
                           .name = "2022-02-leicestershire-outcomes.csv",
                           .sha256 = "abc",
                           .user = "tester",
                           .at = "2023-10-09T13:00:00Z",
                           .force_id = force,
                           .month = m,
                           .rows = 3,
                           .first_row = first,
                           .last_row = last};
    assert_int_equal(peel_crime_db_file_add(f->db, &rec, &err), 0);
    assert_int_equal(peel_crime_db_savepoint_release(f->s, &err), 0);
    assert_int_equal(peel_crime_db_bulk_end(f->s, bulk, true, &err), 0);

    outcomes_seen o = {0};
    assert_int_equal(peel_crime_db_outcomes_since(f->s, m, &err), 1);
    assert_int_equal(peel_crime_db_outcome_rows(f->s, m, outcome_cb, &o, &err), 0);
    assert_int_equal(o.n, 3);
    assert_int_equal(o.rows[0], first);
    assert_int_equal(o.rows[2], last);
    assert_int_equal(o.first[0], 0xe6);
    assert_int_equal(o.first[31], 0xe3);
    assert_int_equal(table_rows(f, "SELECT count(*) FROM crime_outcome"), 3);
}

/* The id of the row a query names, on a connection of the test's own. */
static int64_t row_id(fixture *f, const char *sql)
{
    return (int64_t)table_rows(f, sql);
}

/* One file's worth in its own transaction on db: a street name and an LSOA,
 * their ids out. */
static void add_values(peel_store *s, peel_crime_db *db, const char *street, const char *lsoa,
                       int64_t *street_id, int64_t *lsoa_id)
{
    peel_err err = PEEL_ERR_INIT;
    bool bulk;
    assert_int_equal(peel_crime_db_bulk_begin(s, &bulk, &err), 0);
    assert_int_equal(peel_crime_db_savepoint(s, &err), 0);
    assert_int_equal(peel_crime_db_dim(db, PEEL_DIM_STREET, peel_str_c(street), street_id, &err),
                     0);
    assert_int_equal(
        peel_crime_db_lsoa(db, peel_str_c(lsoa), peel_str_c("Blaby 001A"), lsoa_id, &err), 0);
    assert_int_equal(peel_crime_db_savepoint_release(s, &err), 0);
    assert_int_equal(peel_crime_db_bulk_end(s, bulk, true, &err), 0);
}

/* New street names and LSOAs are sent by COPY with ids the import takes
 * from their sequences, trusting its cache to know every row: what another
 * import added between two files is found, not added twice, and what a
 * file added is forgotten when the file is undone. */
static void test_new_values_by_copy(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_store *s2 = NULL;
    peel_crime_db *db2 = NULL;
    int64_t high, l1, mill, l2, mill_again, l2_again, church, l3, station, station2;
    bool bulk;

    add_values(f->s, f->db, "On or near High Street", "E01000001", &high, &l1);
    assert_int_equal(row_id(f, "SELECT id FROM crime_dim WHERE value = 'On or near High Street'"),
                     high);
    assert_int_equal(row_id(f, "SELECT id FROM crime_lsoa WHERE code = 'E01000001'"), l1);

    /* another import, between this one's files */
    if (peel_store_open(f->uri, false, &s2, &err) < 0 || peel_crime_db_open(s2, &db2, &err) < 0)
        fail_msg("%s", err.msg);
    add_values(s2, db2, "On or near Mill Lane", "E01000002", &mill, &l2);
    peel_crime_db_close(db2);
    peel_store_close(s2);

    add_values(f->s, f->db, "On or near Mill Lane", "E01000002", &mill_again, &l2_again);
    assert_int_equal(mill_again, mill);
    assert_int_equal(l2_again, l2);
    add_values(f->s, f->db, "On or near Church Road", "E01000003", &church, &l3);
    assert_true(church > mill);
    assert_true(l3 > l2); /* above every LSOA before the file (lsoa_next) */
    assert_int_equal(table_rows(f, "SELECT count(*) FROM crime_dim WHERE kind = 15"), 3);
    assert_int_equal(table_rows(f, "SELECT count(*) FROM crime_lsoa WHERE id <> 0"), 3);

    /* a file undone takes its new name with it; the next file adds it again */
    assert_int_equal(peel_crime_db_bulk_begin(f->s, &bulk, &err), 0);
    assert_int_equal(peel_crime_db_savepoint(f->s, &err), 0);
    assert_int_equal(peel_crime_db_dim(f->db, PEEL_DIM_STREET,
                                       peel_str_c("On or near Station Road"), &station, &err),
                     0);
    assert_int_equal(peel_crime_db_savepoint_rollback(f->s, &err), 0);
    assert_int_equal(peel_crime_db_savepoint_release(f->s, &err), 0);
    assert_int_equal(peel_crime_db_savepoint(f->s, &err), 0);
    assert_int_equal(peel_crime_db_dim(f->db, PEEL_DIM_STREET,
                                       peel_str_c("On or near Station Road"), &station2, &err),
                     0);
    assert_int_equal(peel_crime_db_savepoint_release(f->s, &err), 0);
    assert_int_equal(peel_crime_db_bulk_end(f->s, bulk, true, &err), 0);
    assert_int_equal(row_id(f, "SELECT id FROM crime_dim WHERE value = 'On or near Station Road'"),
                     station2);
    assert_int_equal(
        table_rows(f, "SELECT count(*) FROM crime_dim WHERE value = 'On or near Station Road'"), 1);
}

typedef struct searches_seen {
    int n;
    char value[64];
    peel_crime_point at;
} searches_seen;

static int search_cb(void *ctx, const char *value, const peel_crime_point *at, peel_err *err)
{
    searches_seen *s = ctx;
    (void)err;
    snprintf(s->value, sizeof s->value, "%s", value);
    s->at = *at;
    s->n++;
    return 0;
}

static void test_search_text_survives_copy(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    bool bulk;
    int64_t gender, row;
    peel_month m = 2022 * 12 + 1;

    assert_int_equal(peel_crime_db_bulk_begin(f->s, &bulk, &err), 0);
    assert_int_equal(peel_crime_db_savepoint(f->s, &err), 0);
    assert_int_equal(peel_crime_db_dim(f->db, PEEL_DIM_GENDER, peel_str_c("Male"), &gender, &err),
                     0);
    peel_crime_search_row r = {.month = m,
                               .force_id = 1,
                               .date = peel_str_c("2022-02-01\tT09:58\\x\n"),
                               .gender_id = gender,
                               .operation = -1,
                               .linked = 1,
                               .removal = 0,
                               .at = {.set = true, .lat = 52636878, .lon = -1139563}};
    assert_int_equal(peel_crime_db_search_add(f->db, &r, &row, &err), 0);
    assert_true(row > 0);
    assert_int_equal(peel_crime_db_savepoint_release(f->s, &err), 0);
    assert_int_equal(peel_crime_db_bulk_end(f->s, bulk, true, &err), 0);

    searches_seen s = {0};
    assert_int_equal(peel_crime_db_searches_any(f->s, m, m, &err), 1);
    assert_int_equal(peel_crime_db_search_rows(f->s, PEEL_DIM_GENDER, m, m, search_cb, &s, &err),
                     0);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.value, "Male");
    assert_true(s.at.set);
    assert_int_equal(s.at.lat, 52636878);
    assert_int_equal(s.at.lon, -1139563);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dropped_rows_stay_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_text_survives_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_values_by_copy, setup, teardown),
    };
    peel_test_app_init();
    return peel_test_pg_run(tests, sizeof tests / sizeof tests[0]);
}
