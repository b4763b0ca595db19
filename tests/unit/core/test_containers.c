/* test_containers.c - the core containers and invariants: the growable
 * array (vec.h), the hash table (hash.h), the arena (pool.h) and
 * PEEL_ASSERT (assert.h). */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/assert.h"
#include "core/hash.h"
#include "core/pool.h"
#include "core/vec.h"

typedef struct pair {
    int a;
    char b[12];
} pair;

static void test_vec_push_and_release(void **state)
{
    PEEL_VEC(pair) v = {0};
    (void)state;
    for (int i = 0; i < 1000; i++) {
        pair *p = peel_vec_push(&v);
        assert_non_null(p);
        assert_int_equal(p->a, 0); /* zeroed */
        p->a = i;
        snprintf(p->b, sizeof p->b, "%d", i);
    }
    assert_int_equal(v.n, 1000);
    assert_true(v.cap >= 1000 && v.cap < 2048);
    for (int i = 0; i < 1000; i += 97) {
        char want[12];
        snprintf(want, sizeof want, "%d", i);
        assert_int_equal(v.v[i].a, i);
        assert_string_equal(v.v[i].b, want);
    }
    peel_vec_release(&v);
    assert_null(v.v);
    assert_int_equal(v.n, 0);
    assert_int_equal(v.cap, 0);
}

static void test_vec_reserve(void **state)
{
    struct {
        int64_t *v;
        size_t n, cap;
    } v = {0};
    (void)state;
    assert_int_equal(peel_vec_reserve(&v, 100), 0);
    assert_true(v.cap >= 100);
    size_t cap = v.cap;
    int64_t *keep = v.v;
    assert_int_equal(peel_vec_reserve(&v, 10), 0); /* room already: nothing moves */
    assert_int_equal(v.cap, cap);
    assert_ptr_equal(v.v, keep);
    assert_int_equal(peel_vec_reserve(&v, SIZE_MAX), -1); /* overflow refused */
    assert_int_equal(peel_vec_reserve(&v, SIZE_MAX / 2), -1);
    assert_int_equal(v.cap, cap); /* and the vector left as it was */
    peel_vec_release(&v);
}

static void test_hash_put_get(void **state)
{
    peel_hash h;
    int64_t v = 0;
    char key[32];
    (void)state;
    peel_hash_init(&h);
    assert_false(peel_hash_get(&h, "x", 1, &v)); /* empty, nothing allocated */
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "E01%06d", i);
        assert_int_equal(peel_hash_put(&h, key, strlen(key), i * 3), 0);
    }
    assert_int_equal(h.n, 5000);
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "E01%06d", i);
        assert_true(peel_hash_get(&h, key, strlen(key), &v));
        assert_int_equal(v, i * 3);
    }
    assert_false(peel_hash_get(&h, "E01", 3, &v));
    /* a put on a known key replaces its value, adds nothing */
    assert_int_equal(peel_hash_put(&h, "E01000007", 9, -1), 0);
    assert_int_equal(h.n, 5000);
    assert_true(peel_hash_get(&h, "E01000007", 9, &v));
    assert_int_equal(v, -1);
    assert_true(peel_hash_get(&h, "E01000007", 9, NULL));
    peel_hash_release(&h);
    assert_false(peel_hash_get(&h, "E01000007", 9, &v));
}

static void test_hash_binary_keys_and_empty_key(void **state)
{
    peel_hash h = {0};
    int64_t v;
    (void)state;
    assert_int_equal(peel_hash_put(&h, "a\0b", 3, 1), 0);
    assert_int_equal(peel_hash_put(&h, "a\0c", 3, 2), 0);
    assert_int_equal(peel_hash_put(&h, "a", 1, 3), 0);
    assert_int_equal(peel_hash_put(&h, "", 0, 4), 0);
    assert_true(peel_hash_get(&h, "a\0b", 3, &v) && v == 1);
    assert_true(peel_hash_get(&h, "a\0c", 3, &v) && v == 2);
    assert_true(peel_hash_get(&h, "a", 1, &v) && v == 3);
    assert_true(peel_hash_get(&h, "", 0, &v) && v == 4);
    assert_false(peel_hash_get(&h, "a\0", 2, &v));
    peel_hash_release(&h);
}

static void test_hash_slot_counts_and_walk(void **state)
{
    static const char *const words[] = {"red", "amber", "red", "green", "red", "amber"};
    peel_hash h = {0};
    const char *k;
    size_t n, pos = 0, seen = 0;
    int64_t v, total = 0;
    bool added;
    (void)state;
    for (size_t i = 0; i < 6; i++) {
        int64_t *c = peel_hash_slot_of(&h, words[i], strlen(words[i]), &added);
        assert_non_null(c);
        assert_int_equal(added, i < 2 || i == 3);
        (*c)++;
    }
    assert_int_equal(h.n, 3);
    while (peel_hash_next(&h, &pos, &k, &n, &v)) {
        if (n == 3 && !memcmp(k, "red", 3))
            assert_int_equal(v, 3);
        seen++;
        total += v;
    }
    assert_int_equal(seen, 3);
    assert_int_equal(total, 6);
    /* clear forgets keys, keeps memory, and the table works again */
    size_t cap = h.cap;
    peel_hash_clear(&h);
    assert_int_equal(h.n, 0);
    assert_int_equal(h.cap, cap);
    assert_false(peel_hash_get(&h, "red", 3, &v));
    assert_int_equal(peel_hash_put(&h, "blue", 4, 9), 0);
    assert_true(peel_hash_get(&h, "blue", 4, &v) && v == 9);
    peel_hash_release(&h);
}

static void test_hash_bytes(void **state)
{
    (void)state;
    assert_int_equal(peel_hash_bytes("abc", 3), peel_hash_bytes("abcd", 3));
    assert_int_not_equal(peel_hash_bytes("abc", 3), peel_hash_bytes("abd", 3));
    assert_int_not_equal(peel_hash_bytes("", 0), 0);
}

static void test_pool(void **state)
{
    peel_pool *p = peel_pool_new();
    (void)state;
    assert_non_null(p);
    unsigned char *a = peel_pool_alloc(p, 10);
    assert_non_null(a);
    assert_int_equal((uintptr_t)a % 16, 0);
    for (int i = 0; i < 10; i++)
        assert_int_equal(a[i], 0);
    char *big = peel_pool_alloc(p, 100000); /* a chunk of its own */
    assert_non_null(big);
    memset(big, 'x', 100000);
    assert_string_equal(peel_pool_strndup(p, "report", 3), "rep");
    assert_string_equal(peel_pool_printf(p, "%s %d", "cell", 7), "cell 7");
    assert_string_equal(peel_pool_strdup(p, NULL), "");
    assert_null(peel_pool_alloc(p, SIZE_MAX));
    peel_pool_free(p);
    peel_pool_free(NULL);
}

static void test_assert_holds(void **state)
{
    int calls = 0;
    (void)state;
    PEEL_ASSERT(++calls == 1);
#ifdef NDEBUG
    assert_int_equal(calls, 0); /* not evaluated in release builds */
#else
    assert_int_equal(calls, 1);
#endif
}

/* A broken invariant aborts the test build, naming the file, line and
 * condition on stderr. */
static void test_assert_fails(void **state)
{
#ifdef NDEBUG
    (void)state;
    skip();
#else
    int fds[2], status;
    char out[512] = "";
    ssize_t got = 0, k;
    pid_t pid;
    (void)state;
    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int broken = 2;
        dup2(fds[1], 2);
        close(fds[0]);
        signal(SIGABRT, SIG_DFL);
        PEEL_ASSERT(broken == 1);
        _exit(0);
    }
    close(fds[1]);
    while ((k = read(fds[0], out + got, sizeof out - 1 - (size_t)got)) > 0)
        got += k;
    close(fds[0]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
    assert_non_null(strstr(out, "test_containers.c:"));
    assert_non_null(strstr(out, "invariant failed: broken == 1"));
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vec_push_and_release),
        cmocka_unit_test(test_vec_reserve),
        cmocka_unit_test(test_hash_put_get),
        cmocka_unit_test(test_hash_binary_keys_and_empty_key),
        cmocka_unit_test(test_hash_slot_counts_and_walk),
        cmocka_unit_test(test_hash_bytes),
        cmocka_unit_test(test_pool),
        cmocka_unit_test(test_assert_holds),
        cmocka_unit_test(test_assert_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
