/* figures_bench.c - times the crime figures in-process, without the
 * command's start-up: a district summary (view load + month x type table)
 * and the whole performance pack, each run N times; prints the median and
 * the fastest in milliseconds.  Built only when asked
 * (cmake -DPEEL_BENCH=ON: target peel-figures-bench); run by bench/run.sh.
 *
 *     peel-figures-bench DB AREA [FROM TO] [N] [summary|pack]
 *
 * The last argument times only the one (for callgrind, whose counts are
 * steady where wall times on a shared machine are not).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/module.h"
#include "core/buf.h"
#include "core/err.h"
#include "crime/pack.h"
#include "crime/report.h"
#include "store/store.h"

static double clock_ms(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double now_ms(void)
{
    return clock_ms(CLOCK_MONOTONIC);
}

/* This process's CPU time: on a shared machine, steadier than the wall
 * time (on PostgreSQL the server's is not in it). */
static double cpu_ms(void)
{
    return clock_ms(CLOCK_PROCESS_CPUTIME_ID);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int summary_once(peel_store *s, const peel_crime_view_args *a, peel_err *err)
{
    peel_crime_view v;
    peel_crime_result r = {0};
    if (peel_crime_view_load(s, a, &v, err) < 0)
        return -1;
    int rc = peel_crime_summary(&v, "month,type", s, &r, err);
    peel_crime_result_release(&r);
    peel_crime_view_release(&v);
    return rc;
}

static int pack_once(peel_store *s, const peel_crime_view_args *a, peel_err *err)
{
    peel_crime_pack_opts o = {.view = *a};
    peel_buf b = PEEL_BUF_INIT;
    int rc = peel_crime_pack_html(s, &o, &b, err);
    peel_buf_release(&b);
    return rc;
}

static void report(const char *what, double *t, double *c, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    qsort(c, (size_t)n, sizeof *c, cmp_double);
    printf("%s: median %.1f ms, fastest %.1f ms (%d runs); CPU median %.1f ms\n", what, t[n / 2],
           t[0], n, c[n / 2]);
}

int main(int argc, char **argv)
{
    peel_err err = PEEL_ERR_INIT;
    peel_store *s;
    if (argc < 3) {
        fprintf(stderr, "usage: %s DB AREA [FROM TO] [N] [summary|pack]\n", argv[0]);
        return 2;
    }
    peel_crime_view_args a = {.area = argv[2]};
    if (argc >= 5) {
        a.from = argv[3];
        a.to = argv[4];
    }
    int n = argc >= 6 ? (int)strtol(argv[5], NULL, 10) : 11;
    if (n < 1 || n > 1000)
        n = 11;
    const char *only = argc >= 7 ? argv[6] : "";
    bool summary = strcmp(only, "pack") != 0, pack = strcmp(only, "summary") != 0;
    double *t = calloc((size_t)n, sizeof *t), *c = calloc((size_t)n, sizeof *c);
    /* As `peel crime summary` runs: SQLite without its per-call mutex (serve
     * configures it for threads, where one connection is one thread's). */
    peel_store_single_thread();
    if (!t || !c || peel_app_init(&err) < 0 || peel_store_open(argv[1], false, &s, &err) < 0) {
        fprintf(stderr, "%s\n", t && c ? err.msg : "out of memory");
        free(t);
        free(c);
        return 1;
    }
    int rc = 0;
    for (int i = 0; summary && i < n && rc == 0; i++) {
        double t0 = now_ms(), c0 = cpu_ms();
        rc = summary_once(s, &a, &err);
        t[i] = now_ms() - t0;
        c[i] = cpu_ms() - c0;
    }
    if (summary && rc == 0)
        report("summary (month x type)", t, c, n);
    for (int i = 0; pack && i < n && rc == 0; i++) {
        double t0 = now_ms(), c0 = cpu_ms();
        rc = pack_once(s, &a, &err);
        t[i] = now_ms() - t0;
        c[i] = cpu_ms() - c0;
    }
    if (pack && rc == 0)
        report("performance pack (HTML in memory)", t, c, n);
    if (rc < 0)
        fprintf(stderr, "%s\n", err.msg);
    peel_store_close(s);
    free(t);
    free(c);
    return rc < 0 ? 1 : 0;
}
