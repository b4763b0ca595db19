/* test_cache.c - the page cache's stamps and single flight (web/cache.h),
 * in-process with threads standing in for the server's workers: several
 * requests missing one page at once build it once and the rest are served
 * that build; a failed build wakes the waiters, who each build their own;
 * a page kept with the groups it read is served while their counts stay,
 * kept through a change of a group it did not read, dropped by a change of
 * one it did, and never replaced by a page of an older snapshot; a builder
 * that never hands its answer over delays the next requests by the bounded
 * wait, no more.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/pool.h"
#include "unit/app_init.h"
#include "web/cache.h"

#define NTHREADS 6

typedef struct shared {
    peel_cache *c;
    uint64_t stamp; /* the count of "person", the group the page reads */
    uint64_t other; /* the count of "area", which it does not read */
    bool fail;      /* the builder's answer may not be kept */
    _Atomic int builds, hits;
    pthread_barrier_t go;
} shared;

static void req_init(peel_req *r)
{
    memset(r, 0, sizeof *r);
    r->pool = peel_pool_new();
    assert_non_null(r->pool);
    peel_buf_init(&r->out, 1 << 20);
}

static void req_release(peel_req *r)
{
    peel_buf_release(&r->out);
    peel_pool_free(r->pool);
}

/* One request for "/page": served from the cache, or built (slowly, as a
 * pack is) and handed over. */
static void request(shared *sh)
{
    static const char key[] = "0|http|1|/page";
    peel_cache_flight *lead = NULL;
    char etag[PEEL_ETAG_SIZE];
    peel_reads reads = {.group = {"person"}, .n = 1};
    peel_cache_snap *sn = peel_cache_snap_new();
    peel_req r;

    assert_non_null(sn);
    assert_true(peel_cache_snap_set(sn, "person", sh->stamp));
    assert_true(peel_cache_snap_set(sn, "area", sh->other));
    req_init(&r);
    if (peel_cache_get(sh->c, key, sizeof key - 1, sn, &r, etag, &lead)) {
        assert_int_equal(r.status, 200);
        assert_true(r.out.len == 9 && !memcmp(r.out.data, "the page!", 9));
        atomic_fetch_add(&sh->hits, 1);
    } else {
        atomic_fetch_add(&sh->builds, 1);
        usleep(500 * 1000);
        peel_buf_puts(&r.out, "the page!");
        r.ctype = "text/html";
        r.status = 200;
        peel_cache_etag(r.out.data, r.out.len, etag);
        peel_cache_put(sh->c, lead, key, sizeof key - 1, sn, &reads, sh->fail ? NULL : &r, etag);
    }
    peel_cache_snap_free(sn);
    req_release(&r);
}

static void *worker(void *arg)
{
    shared *sh = arg;
    pthread_barrier_wait(&sh->go);
    request(sh);
    return NULL;
}

static void run_threads(shared *sh)
{
    pthread_t t[NTHREADS];
    assert_int_equal(pthread_barrier_init(&sh->go, NULL, NTHREADS), 0);
    for (int i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, sh), 0);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&sh->go);
}

static void test_one_build_for_many(void **state)
{
    shared sh = {.c = peel_cache_new(1 << 20), .stamp = 7};
    peel_cache_stats st;
    (void)state;

    run_threads(&sh);
    assert_int_equal(atomic_load(&sh.builds), 1);
    assert_int_equal(atomic_load(&sh.hits), NTHREADS - 1);
    peel_cache_stats_get(sh.c, &st);
    assert_true(st.waits == st.shared && st.shared <= NTHREADS - 1);
    assert_int_equal(st.stores, 1);
    /* and the next request is a plain hit */
    request(&sh);
    assert_int_equal(atomic_load(&sh.builds), 1);
    peel_cache_free(sh.c);
}

static void test_failed_build_wakes_waiters(void **state)
{
    shared sh = {.c = peel_cache_new(1 << 20), .stamp = 7, .fail = true};
    peel_cache_stats st;
    (void)state;

    run_threads(&sh);
    /* the first build kept nothing: each waiter built its own, at once */
    assert_int_equal(atomic_load(&sh.builds), NTHREADS);
    assert_int_equal(atomic_load(&sh.hits), 0);
    peel_cache_stats_get(sh.c, &st);
    assert_int_equal(st.stores, 0);
    assert_int_equal(st.entries, 0);
    peel_cache_free(sh.c);
}

static void test_stamps(void **state)
{
    shared sh = {.c = peel_cache_new(1 << 20), .stamp = 10};
    peel_cache_stats st;
    (void)state;

    request(&sh); /* built at 10 */
    request(&sh); /* served */
    assert_true(sh.builds == 1 && sh.hits == 1);
    sh.stamp = 9; /* an older snapshot: not served the newer page */
    request(&sh);
    assert_true(sh.builds == 2 && sh.hits == 1);
    sh.stamp = 10; /* ...which did not replace it */
    request(&sh);
    assert_true(sh.builds == 2 && sh.hits == 2);
    sh.stamp = 11; /* a change the page reads: dropped, built again */
    request(&sh);
    assert_true(sh.builds == 3 && sh.hits == 2);
    peel_cache_stats_get(sh.c, &st);
    assert_int_equal(st.invalidations, 1);
    sh.stamp = 10; /* and the page of 10 is gone for good */
    request(&sh);
    assert_true(sh.builds == 4 && sh.hits == 2);
    peel_cache_free(sh.c);
}

/* A page is kept with what it read: a change elsewhere keeps it. */
static void test_groups(void **state)
{
    shared sh = {.c = peel_cache_new(1 << 20), .stamp = 10, .other = 3};
    peel_cache_stats st;
    (void)state;

    request(&sh);  /* built, reading "person" */
    sh.other = 50; /* "area" changed: the same page */
    request(&sh);
    assert_true(sh.builds == 1 && sh.hits == 1);
    sh.stamp = 11; /* "person" changed: built again */
    request(&sh);
    assert_true(sh.builds == 2 && sh.hits == 1);
    sh.other = 40; /* an older snapshot of "area" with the same "person": */
    request(&sh);  /* served, it reads no "area" */
    assert_true(sh.builds == 2 && sh.hits == 2);
    peel_cache_stats_get(sh.c, &st);
    assert_int_equal(st.invalidations, 1);
    peel_cache_free(sh.c);
}

/* The stamp of what was read: the counts of its groups, of all for all. */
static void test_snap_stamp(void **state)
{
    peel_cache_snap *sn = peel_cache_snap_new();
    peel_reads none = {0}, ab = {.group = {"person", "area"}, .n = 2}, all = {.all = true};
    peel_reads unknown = {.group = {"never-written"}, .n = 1};
    (void)state;

    assert_non_null(sn);
    assert_true(peel_cache_snap_set(sn, "person", 2) && peel_cache_snap_set(sn, "area", 30) &&
                peel_cache_snap_set(sn, "meeting", 400));
    assert_int_equal(peel_cache_snap_stamp(sn, &none), 0);
    assert_int_equal(peel_cache_snap_stamp(sn, &ab), 32);
    assert_int_equal(peel_cache_snap_stamp(sn, &all), 432);
    assert_int_equal(peel_cache_snap_stamp(sn, &unknown), 0);
    /* a group no read marks (a transaction's writes too many to list)
     * counts in every stamp */
    assert_true(peel_cache_snap_set(sn, "peel_overflow", 5000));
    assert_int_equal(peel_cache_snap_stamp(sn, &none), 5000);
    assert_int_equal(peel_cache_snap_stamp(sn, &ab), 5032);
    assert_int_equal(peel_cache_snap_stamp(sn, &all), 5432);
    peel_cache_snap_free(sn);
}

/* A build never handed over (a lost builder): the next request for the
 * page waits at most PEEL_CACHE_WAIT_MS and then builds; after that the
 * lost flight is older than any wait and nobody waits for it again. */
static void test_lost_builder_bounded(void **state)
{
    static const char key[] = "0|http|1|/lost";
    peel_cache *c = peel_cache_new(1 << 20);
    peel_cache_flight *lost = NULL, *lead = NULL;
    char etag[PEEL_ETAG_SIZE];
    struct timespec t0, t1;
    peel_cache_snap *sn = peel_cache_snap_new();
    peel_reads reads = {0};
    peel_req r;
    (void)state;

    assert_true(sn && peel_cache_snap_set(sn, "person", 1));
    req_init(&r);
    assert_false(peel_cache_get(c, key, sizeof key - 1, sn, &r, etag, &lost));
    assert_non_null(lost);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_false(peel_cache_get(c, key, sizeof key - 1, sn, &r, etag, &lead));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_null(lead);
    double waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_true(waited >= PEEL_CACHE_WAIT_MS / 1000.0 - 0.05 &&
                waited < PEEL_CACHE_WAIT_MS / 1000.0 + 5);
    /* now older than any wait: no waiting */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_false(peel_cache_get(c, key, sizeof key - 1, sn, &r, etag, &lead));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_true(t1.tv_sec - t0.tv_sec < 2);
    /* the lost builder comes back at last: its flight ends cleanly */
    peel_cache_put(c, lost, key, sizeof key - 1, sn, &reads, NULL, "");
    peel_cache_snap_free(sn);
    req_release(&r);
    peel_cache_free(c);
}

int main(void)
{
    peel_test_app_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_build_for_many),
        cmocka_unit_test(test_failed_build_wakes_waiters),
        cmocka_unit_test(test_stamps),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_snap_stamp),
        cmocka_unit_test(test_lost_builder_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
