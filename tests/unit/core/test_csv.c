/* test_csv.c - the CSV reader and writer.
 *
 * Most cases render every record of an input as text ("LINE:RECORD a|b|c")
 * and read the input twice, from memory and from a FILE, so both ways of
 * reading are held to the same answer.  Records that straddle the 256 KiB read
 * block are placed there on purpose, and the police.uk fixture in tests/data
 * is read end to end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

#define BLOCK ((size_t)256 << 10) /* the reader's fread size, in csv.c */

/* Writes n bytes to a temporary file and rewinds it. */
static FILE *temp_with(const char *s, size_t n)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    if (n)
        assert_int_equal(fwrite(s, 1, n, f), n);
    rewind(f);
    return f;
}

/* Every record as "LINE:RECORD f1|f2|...\n", then "end" or "error CODE: MSG". */
static char *dump_reader(peel_csv *r)
{
    peel_buf b = PEEL_BUF_INIT;
    peel_err err = PEEL_ERR_INIT;
    peel_csv_row row;
    int rc;

    assert_non_null(r);
    while ((rc = peel_csv_next(r, &row, &err)) == 1) {
        assert_true(row.n >= 1);
        peel_buf_printf(&b, "%llu:%llu ", (unsigned long long)row.line,
                        (unsigned long long)row.record);
        for (size_t i = 0; i < row.n; i++) {
            if (i)
                peel_buf_putc(&b, '|');
            peel_buf_append(&b, row.fields[i].p, row.fields[i].n);
        }
        peel_buf_putc(&b, '\n');
    }
    if (rc == 0) {
        assert_int_equal(err.code, PEEL_OK);
        peel_buf_puts(&b, "end");
    } else {
        assert_int_equal(rc, -1);
        peel_buf_printf(&b, "error %d: %s", (int)err.code, err.msg);
    }
    assert_false(b.failed);
    return peel_buf_detach(&b);
}

static char *dump_mem(const char *s, size_t n)
{
    peel_csv *r = peel_csv_open_mem(s, n, "mem");
    char *d = dump_reader(r);
    peel_csv_close(r);
    return d;
}

static char *dump_file(const char *s, size_t n)
{
    FILE *f = temp_with(s, n);
    peel_csv *r = peel_csv_open(f, "file");
    char *d = dump_reader(r);
    peel_csv_close(r);
    fclose(f);
    return d;
}

/* Reads the input from memory and from a file; both must render as want. */
static void check(const char *in, size_t n, const char *want)
{
    char *m = dump_mem(in, n), *f = dump_file(in, n);
    assert_string_equal(m, want);
    assert_string_equal(f, want);
    free(m);
    free(f);
}

#define CHECK(lit, want) check(lit, sizeof lit - 1, want)

/* Only that memory and file reading agree; returns the rendering. */
static char *check_same(const char *in, size_t n)
{
    char *m = dump_mem(in, n), *f = dump_file(in, n);
    assert_string_equal(m, f);
    free(f);
    return m;
}

static void test_basic(void **state)
{
    (void)state;
    CHECK("a,b,c\n1,2,3\n", "1:1 a|b|c\n2:2 1|2|3\nend");
    CHECK("one\n", "1:1 one\nend");
    CHECK("", "end");
    CHECK("x y , z\n", "1:1 x y | z\nend"); /* spaces are kept */
    CHECK("caf\xc3\xa9,\xe2\x82\xac 5,\xf0\x9f\x98\x80\n",
          "1:1 caf\xc3\xa9|\xe2\x82\xac 5|\xf0\x9f\x98\x80\nend");
}

static void test_line_endings(void **state)
{
    (void)state;
    CHECK("a,b\r\nc,d\r\n", "1:1 a|b\n2:2 c|d\nend");
    CHECK("a,b\r\nc,d\ne,f", "1:1 a|b\n2:2 c|d\n3:3 e|f\nend");
    CHECK("a,b\r\nc,d\r", "1:1 a|b\n2:2 c|d\nend");
    CHECK("\xEF\xBB\xBFh1,h2\r\nv1,v2\r\n", "1:1 h1|h2\n2:2 v1|v2\nend");
    CHECK("\xEF\xBB\xBF", "end");
    /* Only a mark at the very start is skipped. */
    CHECK("a\n\xEF\xBB\xBF"
          "b\n",
          "1:1 a\n2:2 \xEF\xBB\xBF"
          "b\nend");
    /* A CR not before LF is data. */
    CHECK("a\rb,c\n", "1:1 a\rb|c\nend");
}

static void test_blank_lines(void **state)
{
    peel_csv_row row;
    peel_err err = PEEL_ERR_INIT;
    peel_csv *r;

    (void)state;
    CHECK("a\n\nb\n", "1:1 a\n2:2 \n3:3 b\nend");
    CHECK("a\r\n\r\nb\r\n", "1:1 a\n2:2 \n3:3 b\nend");
    CHECK("a\n\n", "1:1 a\nend");
    CHECK("a\r\n\r\n\r\n\n", "1:1 a\nend");
    CHECK("a\n\n\n\nb", "1:1 a\n2:2 \n3:3 \n4:4 \n5:5 b\nend");
    CHECK("\n\na\n", "1:1 \n2:2 \n3:3 a\nend");
    CHECK("\n", "end");
    CHECK("\r\n\r\n", "end");

    r = peel_csv_open_mem("a\n\nb\n", 5, NULL);
    assert_int_equal(peel_csv_next(r, &row, &err), 1);
    assert_int_equal(peel_csv_next(r, &row, &err), 1);
    assert_int_equal(row.n, 1);
    assert_int_equal(row.fields[0].n, 0);
    assert_non_null(row.fields[0].p);
    assert_int_equal(peel_csv_next(r, &row, &err), 1);
    assert_int_equal(peel_csv_next(r, &row, &err), 0);
    assert_int_equal(peel_csv_next(r, &row, &err), 0);
    peel_csv_close(r);
}

static void test_empty_fields(void **state)
{
    peel_csv_row row;
    peel_err err = PEEL_ERR_INIT;
    peel_csv *r;

    (void)state;
    CHECK(",,\n", "1:1 ||\nend");
    CHECK("a,b,\n", "1:1 a|b|\nend");
    CHECK("a,b,\r\n", "1:1 a|b|\nend");
    CHECK("a,b,", "1:1 a|b|\nend");
    CHECK(",a\n", "1:1 |a\nend");
    CHECK("\"\",x,\"\"\n", "1:1 |x|\nend");
    CHECK("\"\"\n", "1:1 \nend");

    r = peel_csv_open_mem("a,b,\n", 5, NULL);
    assert_int_equal(peel_csv_next(r, &row, &err), 1);
    assert_int_equal(row.n, 3);
    assert_int_equal(row.fields[2].n, 0);
    peel_csv_close(r);
}

static void test_quoted(void **state)
{
    (void)state;
    CHECK("\"a,b\",\"say \"\"hi\"\"\",\"\"\"\"\n", "1:1 a,b|say \"hi\"|\"\nend");
    CHECK("\"\"\"x\"\"\"\n", "1:1 \"x\"\nend");
    CHECK("x,\"1\n2\n3\",y\nz\n", "1:1 x|1\n2\n3|y\n4:2 z\nend");
    CHECK("\"a\r\nb\"\r\nc\r\n", "1:1 a\r\nb\n3:2 c\nend");
    CHECK("\"a\"\"\r\n\"\"b\",c\r\nd\r\n", "1:1 a\"\r\n\"b|c\n3:2 d\nend");
    CHECK("\"abc\"", "1:1 abc\nend");
    CHECK("\"abc\"\r", "1:1 abc\nend");
    CHECK("p,\"q\"\r\n", "1:1 p|q\nend");
    CHECK("\"q\",p\r\n", "1:1 q|p\nend");
    CHECK("\"a\rb\"\n", "1:1 a\rb\nend");
    /* A quoted field is unescaped; an unquoted one beside it is a view. */
    CHECK("plain,\"a\"\"b\",\"c\"\"d\"\"\",tail\n", "1:1 plain|a\"b|c\"d\"|tail\nend");
    /* police.uk style. */
    CHECK("id,2022-01,\"On or near Asda, Thurmaston\",E01025766\r\n",
          "1:1 id|2022-01|On or near Asda, Thurmaston|E01025766\nend");
}

struct bad {
    const char *in;
    size_t n;
    const char *want;
};

#define BAD(lit, want)                                                                             \
    {                                                                                              \
        lit, sizeof lit - 1, want                                                                  \
    }

static void test_errors(void **state)
{
    static const struct bad cases[] = {
        BAD("a,b\nc,d\"e\n",
            "1:1 a|b\nerror 1: line 2, column 2: unexpected quote in unquoted field"),
        BAD("a,b\"\n", "error 1: line 1, column 2: unexpected quote in unquoted field"),
        BAD("h\n\"ab\"c,d\n", "1:1 h\nerror 1: line 2, column 1: text after closing quote"),
        BAD("h\nx,\"multi\nline\"x\n",
            "1:1 h\nerror 1: line 3, column 2: text after closing quote"),
        BAD("\"a\" \n", "error 1: line 1, column 1: text after closing quote"),
        BAD("\"a\"\rb\n", "error 1: line 1, column 1: text after closing quote"),
        BAD("a\nb,\"abc\nxyz\n",
            "1:1 a\nerror 1: line 2, column 2: quoted field not closed at end of file"),
        BAD("a,\"b\nc\",\"d\n",
            "error 1: line 2, column 3: quoted field not closed at end of file"),
        BAD("\"", "error 1: line 1, column 1: quoted field not closed at end of file"),
        BAD("\"ab\"\"", "error 1: line 1, column 1: quoted field not closed at end of file"),
        BAD("a,b,c,\xff\n", "error 1: line 1, column 4: invalid UTF-8"),
        BAD("h\nlong enough to use words,and more\xc3(,x\n",
            "1:1 h\nerror 1: line 2, column 2: invalid UTF-8"),
        BAD("x\n\"ok\nstill ok\n\xc3\x28\",y\n", "1:1 x\nerror 1: line 4, column 1: invalid UTF-8"),
        BAD("\xc0\xaf\n", "error 1: line 1, column 1: invalid UTF-8"),           /* overlong */
        BAD("a,\xed\xa0\x80\n", "error 1: line 1, column 2: invalid UTF-8"),     /* surrogate */
        BAD("a,\xf4\x90\x80\x80\n", "error 1: line 1, column 2: invalid UTF-8"), /* > U+10FFFF */
        BAD("a,\xe2\x82\n", "error 1: line 1, column 2: invalid UTF-8"),         /* truncated */
        BAD("h\n\0abc\n", "1:1 h\nerror 1: line 2, column 1: NUL byte"),
        BAD("abcdefghijklmnop,qrs\0t\n", "error 1: line 1, column 2: NUL byte"),
        BAD("a,\"q\0\"\n", "error 1: line 1, column 2: NUL byte"),
        BAD("a,\"q\n\nr\0\"\n", "error 1: line 3, column 2: NUL byte"),
        BAD("\xc3\0\n", "error 1: line 1, column 1: invalid UTF-8"),
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *m = dump_mem(cases[i].in, cases[i].n), *f = dump_file(cases[i].in, cases[i].n);
        if (strcmp(m, cases[i].want) || strcmp(f, cases[i].want))
            print_error("case %zu\n", i);
        assert_string_equal(m, cases[i].want);
        assert_string_equal(f, cases[i].want);
        free(m);
        free(f);
    }
}

static void test_error_sticks(void **state)
{
    peel_csv_row row;
    peel_err err = PEEL_ERR_INIT, again = PEEL_ERR_INIT;
    peel_csv *r = peel_csv_open_mem("a\nb\"\nc\n", 7, NULL);

    (void)state;
    assert_int_equal(peel_csv_next(r, &row, &err), 1);
    assert_int_equal(peel_csv_next(r, &row, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    assert_string_equal(err.msg, "line 2, column 1: unexpected quote in unquoted field");
    assert_int_equal(peel_csv_next(r, &row, &again), -1);
    assert_int_equal(again.code, PEEL_EINPUT);
    assert_string_equal(again.msg, err.msg);
    assert_int_equal(peel_csv_next(r, &row, NULL), -1);
    peel_csv_close(r);
}

/* peel_csv_skip_line: after a syntax error, reading goes on at the next line. */
static void skip_after_error(peel_csv *r)
{
    peel_csv_row row;
    peel_err err = PEEL_ERR_INIT;
    uint64_t line = 0;

    assert_int_equal(peel_csv_skip_line(r, &line, &err), -1); /* nothing failed yet */
    assert_int_equal(err.code, PEEL_EINTERNAL);
    peel_err_clear(&err);
    assert_int_equal(peel_csv_next(r, &row, &err), 1);
    assert_int_equal(peel_csv_next(r, &row, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    assert_int_equal(peel_csv_skip_line(r, &line, &err), 1);
    assert_int_equal(line, 2);
    assert_int_equal(peel_csv_next(r, &row, &err), 1);
    assert_int_equal(row.line, 3);
    assert_int_equal(row.n, 2);
    assert_true(peel_str_eq(row.fields[0], "c"));
    assert_true(peel_str_eq(row.fields[1], "d"));
    /* A stray quote on the last line, with no line ending: the input ends. */
    assert_int_equal(peel_csv_next(r, &row, &err), -1);
    assert_int_equal(peel_csv_skip_line(r, &line, &err), 0);
    assert_int_equal(line, 4);
    assert_int_equal(peel_csv_next(r, &row, &err), 0);
}

static void test_skip_line(void **state)
{
    static const char in[] = "a,b\r\nb\"x,y\r\nc,d\r\ne,f\"";
    (void)state;
    peel_csv *r = peel_csv_open_mem(in, sizeof in - 1, NULL);
    skip_after_error(r);
    peel_csv_close(r);
    FILE *f = fmemopen((void *)in, sizeof in - 1, "r");
    assert_non_null(f);
    r = peel_csv_open(f, "mem.csv");
    skip_after_error(r);
    peel_csv_close(r);
    fclose(f);
}

static void test_skip_line_io_error_stays(void **state)
{
    peel_csv_row row;
    peel_err err = PEEL_ERR_INIT;
    uint64_t line;
    FILE *f = fopen("/", "r");
    (void)state;
    if (!f)
        skip();
    peel_csv *r = peel_csv_open(f, "/");
    assert_int_equal(peel_csv_next(r, &row, &err), -1);
    assert_int_equal(peel_csv_skip_line(r, &line, &err), -1);
    assert_int_equal(peel_csv_next(r, &row, &err), -1);
    peel_csv_close(r);
    fclose(f);
}

static void test_io_error(void **state)
{
    peel_csv_row row;
    peel_err err = PEEL_ERR_INIT;
    FILE *f = fopen("/", "r"); /* reading a directory fails with EISDIR */
    peel_csv *r;

    (void)state;
    if (!f)
        skip();
    r = peel_csv_open(f, "/");
    assert_int_equal(peel_csv_next(r, &row, &err), -1);
    assert_int_equal(err.code, PEEL_EIO);
    assert_non_null(strstr(err.msg, "line 1: read error"));
    peel_csv_close(r);
    fclose(f);
}

/* s filled with "h\n" + a record of len bytes of x + ending, + "next\n". */
static char *long_record(size_t len, const char *ending, size_t *n)
{
    size_t e = strlen(ending);
    char *s = malloc(len + e + 8);

    assert_non_null(s);
    memcpy(s, "h\n", 2);
    memset(s + 2, 'x', len);
    memcpy(s + 2 + len, ending, e);
    memcpy(s + 2 + len + e, "next\n", 5);
    *n = 2 + len + e + 5;
    return s;
}

static void expect_field_len(const char *s, size_t n, bool from_file, size_t rec, size_t field,
                             size_t want)
{
    FILE *f = from_file ? temp_with(s, n) : NULL;
    peel_csv *r = f ? peel_csv_open(f, NULL) : peel_csv_open_mem(s, n, NULL);
    peel_err err = PEEL_ERR_INIT;
    peel_csv_row row;
    size_t k = 0;
    int rc;

    while ((rc = peel_csv_next(r, &row, &err)) == 1)
        if (++k == rec) {
            assert_true(row.n > field);
            assert_int_equal(row.fields[field].n, want);
        }
    assert_int_equal(rc, 0);
    assert_true(k >= rec);
    assert_int_equal(peel_csv_offset(r), n);
    peel_csv_close(r);
    if (f)
        fclose(f);
}

static void test_record_cap(void **state)
{
    const size_t max = PEEL_CSV_MAX_RECORD;
    const char *endings[] = {"\n", "\r\n", ""};
    char *s, *m;
    size_t n;

    (void)state;
    for (int from_file = 0; from_file < 2; from_file++)
        for (size_t e = 0; e < 3; e++) {
            /* Exactly at the cap (the line ending does not count). */
            s = long_record(max, endings[e], &n);
            if (!*endings[e])
                n -= 5; /* no line ending: the long record is the last */
            expect_field_len(s, n, from_file, 2, 0, max);
            free(s);
        }

    /* One byte over: an error naming the line the record starts on. */
    s = long_record(max + 1, "\r\n", &n);
    m = check_same(s, n);
    assert_string_equal(m, "1:1 h\nerror 1: line 2: record longer than 1048576 bytes");
    free(m);
    free(s);
    s = long_record(max + 1, "", &n);
    n -= 5;
    m = check_same(s, n);
    assert_string_equal(m, "1:1 h\nerror 1: line 2: record longer than 1048576 bytes");
    free(m);
    free(s);
    /* Far over, without a line ending in sight. */
    s = long_record(3 * max, "", &n);
    m = check_same(s, n);
    assert_string_equal(m, "1:1 h\nerror 1: line 2: record longer than 1048576 bytes");
    free(m);
    free(s);

    /* A long quoted field near the cap, with newlines and doubled quotes. */
    s = long_record(max - 2, "\"\r\n", &n);
    s[2] = '"';
    for (size_t i = 100; i < max - 100; i += 1000)
        s[i] = '\n';
    s[5000] = s[5001] = '"';
    expect_field_len(s, n, true, 2, 0, max - 4);
    expect_field_len(s, n, false, 2, 0, max - 4);
    m = check_same(s, n);
    free(m);
    free(s);

    /* Same, one byte over the cap; the line is where the record starts. */
    s = long_record(max, "\"\r\n", &n);
    s[2] = '"';
    s[10] = '\n';
    m = check_same(s, n);
    assert_string_equal(m, "1:1 h\nerror 1: line 2: record longer than 1048576 bytes");
    free(m);
    free(s);
}

static void test_field_cap(void **state)
{
    char s[4 * PEEL_CSV_MAX_FIELDS + 8];
    size_t n = 0;
    char *m;

    (void)state;
    for (int quoted = 0; quoted < 2; quoted++) {
        n = 0;
        for (int i = 0; i < PEEL_CSV_MAX_FIELDS; i++) {
            if (i)
                s[n++] = ',';
            s[n++] = quoted && i == 7 ? '"' : 'f';
            if (quoted && i == 7)
                s[n++] = '"';
        }
        s[n++] = '\n';
        m = check_same(s, n);
        assert_string_equal(m + strlen(m) - 4, "\nend");
        free(m);
        /* One more field. */
        memcpy(s + n - 1, ",g\n", 3);
        m = check_same(s, n + 2);
        assert_string_equal(m, "error 1: line 1: more than 256 fields");
        free(m);
    }
}

static void assert_field(const peel_csv_row *row, size_t i, const char *want)
{
    assert_true(i < row->n);
    if (!peel_str_eq(row->fields[i], want))
        print_error("record %llu field %zu: '%.*s' != '%s'\n", (unsigned long long)row->record, i,
                    (int)row->fields[i].n, row->fields[i].p, want);
    assert_true(peel_str_eq(row->fields[i], want));
}

/* Puts a prefix record so that the tail starts k bytes before the end of the
 * first read block, then checks file and memory reading agree. */
static void boundary_sweep(const char *tail, const char *want_tail)
{
    size_t t = strlen(tail), n;
    char *s = malloc(BLOCK + t + 64), *m;

    assert_non_null(s);
    for (size_t k = 0; k <= t + 2; k++) {
        size_t p = BLOCK - k - 1;
        memset(s, 'p', p);
        s[p] = '\n';
        memcpy(s + p + 1, tail, t);
        n = p + 1 + t;
        m = check_same(s, n);
        assert_non_null(strstr(m, want_tail));
        free(m);
    }
    free(s);
}

static void test_block_boundary(void **state)
{
    peel_buf b = PEEL_BUF_INIT;
    char *m;
    uint64_t rows = 0;

    (void)state;
    boundary_sweep("a,\"b\"\"c\r\nd\",e\r\n\r\nx,y\r\n\"\"\r\nlast",
                   "2:2 a|b\"c\r\nd|e\n4:3 \n5:4 x|y\n6:5 \n7:6 last\nend");
    boundary_sweep("caf\xc3\xa9,\xe2\x82\xac,\xf0\x9f\x98\x80\r\n\r\n\r\n",
                   "2:2 caf\xc3\xa9|\xe2\x82\xac|\xf0\x9f\x98\x80\nend");
    boundary_sweep("ok\n\"never closed\r\n\r\n",
                   "error 1: line 3, column 1: quoted field not closed at end of file");
    boundary_sweep("ok\nab\xe2\x82,c\n", "error 1: line 3, column 1: invalid UTF-8");

    /* A file several blocks long, mixing plain, quoted and multi-line rows. */
    while (b.len < 3 * BLOCK + 1000) {
        unsigned long long i = rows++;
        if (i % 7 == 3)
            peel_buf_printf(&b, "%llu,\"q, \"\"%llu\"\"\",tail\r\n", i, i);
        else if (i % 11 == 5)
            peel_buf_printf(&b, "%llu,\"line one\r\nline two\",\r\n", i);
        else
            peel_buf_printf(&b,
                            "%llu,2022-01,Leicestershire Police,-1.217961,52.619800,On or near "
                            "Galahad Close\r\n",
                            i);
    }
    assert_false(b.failed);
    m = check_same(b.data, b.len);
    assert_string_equal(m + strlen(m) - 4, "\nend");
    free(m);
    {
        /* Every row is there, in order, on the right line. */
        peel_csv *r = peel_csv_open_mem(b.data, b.len, NULL);
        peel_err err = PEEL_ERR_INIT;
        peel_csv_row row;
        uint64_t k = 0, line = 1;
        char num[32];

        while (peel_csv_next(r, &row, &err) == 1) {
            snprintf(num, sizeof num, "%llu", (unsigned long long)k);
            assert_field(&row, 0, num);
            assert_int_equal(row.line, line);
            line += k % 7 != 3 && k % 11 == 5 ? 2 : 1;
            if (k % 7 == 3) {
                snprintf(num, sizeof num, "q, \"%llu\"", (unsigned long long)k);
                assert_field(&row, 1, num);
            }
            k++;
        }
        assert_int_equal(err.code, PEEL_OK);
        assert_int_equal(k, rows);
        peel_csv_close(r);
    }
    peel_buf_release(&b);
}

static void test_offset(void **state)
{
    const char *s = "\xEF\xBB\xBFh\r\na,b\r\n\r\n\"c\nd\"\r\n\n";
    size_t n = strlen(s);
    const uint64_t want[] = {6, 11, 13, 20};
    peel_csv *r = peel_csv_open_mem(s, n, NULL);
    peel_err err = PEEL_ERR_INIT;
    peel_csv_row row;

    (void)state;
    assert_int_equal(peel_csv_offset(r), 0);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(peel_csv_next(r, &row, &err), 1);
        assert_int_equal(row.record, i + 1);
        assert_int_equal(peel_csv_offset(r), want[i]);
    }
    assert_int_equal(row.line, 4);
    assert_int_equal(peel_csv_next(r, &row, &err), 0);
    assert_int_equal(peel_csv_offset(r), n);
    peel_csv_close(r);
}

static const char *fixture_path(char *buf, size_t size)
{
    const char *dir = getenv("PEEL_TEST_DATA");
    snprintf(buf, size, "%s/police-uk-sample/2022-01/2022-01-leicestershire-street.csv",
             dir ? dir : "tests/data");
    return buf;
}

static void test_fixture(void **state)
{
    static const char *header[] = {"Crime ID",
                                   "Month",
                                   "Reported by",
                                   "Falls within",
                                   "Longitude",
                                   "Latitude",
                                   "Location",
                                   "LSOA code",
                                   "LSOA name",
                                   "Crime type",
                                   "Last outcome category",
                                   "Context"};
    char path[4096];
    FILE *f = fopen(fixture_path(path, sizeof path), "rb");
    peel_err err = PEEL_ERR_INIT;
    peel_csv_row row;
    peel_csv *r;
    size_t records = 0, asb = 0, size;
    char *data, *m, *d;
    int rc;

    (void)state;
    assert_non_null(f);
    r = peel_csv_open(f, "fixture");
    while ((rc = peel_csv_next(r, &row, &err)) == 1) {
        records++;
        assert_int_equal(row.record, records);
        assert_int_equal(row.line, records);
        assert_int_equal(row.n, 12);
        if (row.record == 1)
            for (size_t i = 0; i < 12; i++)
                assert_field(&row, i, header[i]);
        if (row.fields[0].n == 0 && peel_str_eq(row.fields[9], "Anti-social behaviour"))
            asb++;
        switch (row.record) {
        case 2:
            assert_field(&row, 0,
                         "e651afd050d7e1daf5074cb8494c21577868e201f6776b5040cb39062e8fd5e3");
            assert_field(&row, 1, "2022-01");
            assert_field(&row, 4, "-1.217961");
            assert_field(&row, 5, "52.619800");
            assert_field(&row, 6, "On or near Galahad Close");
            assert_field(&row, 7, "E01025631");
            assert_field(&row, 8, "Blaby 002A");
            assert_field(&row, 9, "Drugs");
            assert_field(&row, 10, "Offender given a caution");
            assert_field(&row, 11, "");
            break;
        case 24:
            assert_field(&row, 0, "");
            assert_field(&row, 6, "On or near Packer Avenue");
            assert_field(&row, 9, "Anti-social behaviour");
            assert_field(&row, 10, "");
            break;
        case 202:
            assert_field(&row, 6, "On or near Asda, Thurmaston");
            assert_field(&row, 9, "Shoplifting");
            break;
        case 203:
            assert_field(&row, 0,
                         "320881d50f5236ac0ba8753eb948307816114971961e50e6841e67201af1c3dd");
            assert_field(&row, 4, "");
            assert_field(&row, 5, "");
            assert_field(&row, 6, "No Location");
            assert_field(&row, 7, "");
            assert_field(&row, 8, "");
            assert_field(&row, 9, "Burglary");
            break;
        default:
            break;
        }
    }
    assert_int_equal(rc, 0);
    assert_int_equal(records, 203);
    assert_int_equal(asb, 12);
    fseek(f, 0, SEEK_END);
    size = (size_t)ftell(f);
    assert_int_equal(peel_csv_offset(r), size);
    peel_csv_close(r);

    /* The same from memory. */
    rewind(f);
    data = malloc(size);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, size, f), size);
    m = check_same(data, size);
    rewind(f);
    r = peel_csv_open(f, NULL);
    d = dump_reader(r);
    assert_string_equal(m, d);
    peel_csv_close(r);
    free(d);
    free(m);
    free(data);
    fclose(f);
}

static void put(const char *s, const char *want)
{
    peel_buf b = PEEL_BUF_INIT;
    assert_int_equal(peel_csv_put_field(&b, s, strlen(s)), 0);
    assert_string_equal(peel_buf_str(&b), want);
    peel_buf_release(&b);
}

static void test_writer(void **state)
{
    peel_buf b = PEEL_BUF_INIT;
    const char *row1[] = {"a", "b,c", "", "say \"hi\""};
    const char *row2[] = {""};
    const char *row3[] = {"", ""};

    (void)state;
    put("plain", "plain");
    put("", "");
    put("a,b", "\"a,b\"");
    put("say \"hi\"", "\"say \"\"hi\"\"\"");
    put("\"", "\"\"\"\"");
    put("a\nb", "\"a\nb\"");
    put("a\r\nb", "\"a\r\nb\"");
    put("a\rb", "\"a\rb\"");
    put(" lead", "\" lead\"");
    put("trail ", "\"trail \"");
    put("\ttab", "\"\ttab\"");
    put("in side", "in side");
    put("caf\xc3\xa9", "caf\xc3\xa9");
    put("\xEF\xBB\xBFx", "\"\xEF\xBB\xBFx\"");

    assert_int_equal(peel_csv_put_row(&b, row1, 4), 0);
    assert_int_equal(peel_csv_put_row(&b, row2, 1), 0);
    assert_int_equal(peel_csv_put_row(&b, row3, 2), 0);
    assert_string_equal(peel_buf_str(&b), "a,\"b,c\",,\"say \"\"hi\"\"\"\n\"\"\n,\n");
    peel_buf_release(&b);

    /* A full buffer fails and says so. */
    peel_buf_init(&b, 4);
    assert_int_equal(peel_csv_put_field(&b, "abcdef", 6), -1);
    assert_true(b.failed);
    peel_buf_release(&b);
}

static void test_round_trip(void **state)
{
    static const char *rows[][4] = {
        {"Crime ID", "Location", "Context", "x"},
        {"", "On or near Asda, Thurmaston", "", "\"quoted\""},
        {"multi\r\nline", "lone\rcr", " pad ", "a\"\"b"},
        {"\xEF\xBB\xBF", "caf\xc3\xa9", ",", "\n"},
    };
    peel_buf b = PEEL_BUF_INIT;
    peel_err err = PEEL_ERR_INIT;
    peel_csv_row row;
    peel_csv *r;
    size_t k = 0;

    (void)state;
    assert_int_equal(peel_csv_put_row(&b, rows[3], 4), 0);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(peel_csv_put_row(&b, rows[i], 4), 0);
    r = peel_csv_open_mem(b.data, b.len, NULL);
    while (peel_csv_next(r, &row, &err) == 1) {
        size_t i = k ? k - 1 : 3;
        assert_int_equal(row.n, 4);
        for (size_t j = 0; j < 4; j++)
            assert_true(peel_str_eq(row.fields[j], rows[i][j]));
        k++;
    }
    assert_int_equal(err.code, PEEL_OK);
    assert_int_equal(k, 5);
    peel_csv_close(r);
    peel_buf_release(&b);
}

/* The spreadsheet-formula guard: the cells written, and the guard an import
 * takes off, worked out by hand. */
static void test_formula_guard(void **state)
{
    static const struct {
        const char *in, *out;
        size_t guard; /* peel_csv_text_guard of what was written, unquoted */
    } cases[] = {
        {"=1+1", "'=1+1", 1}, {"+44", "'+44", 1},       {"-x", "'-x", 1},       {"@A1", "'@A1", 1},
        {"\tx", "'\tx", 1},   {"'=x", "''=x", 1},       {"'x", "'x", 0},        {"x=1", "x=1", 0},
        {"", "", 0},          {"=a,b", "\"'=a,b\"", 1}, {"\r=", "\"'\r=\"", 1},
    };
    peel_buf b = PEEL_BUF_INIT;
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *w = cases[i].out;
        size_t n = strlen(w);
        peel_buf_reset(&b);
        assert_int_equal(peel_csv_put_text(&b, cases[i].in, strlen(cases[i].in)), 0);
        assert_string_equal(peel_buf_str(&b), w);
        if (n && w[0] == '"') { /* the field as a reader gives it back */
            w++;
            n -= 2;
        }
        assert_int_equal(peel_csv_text_guard(w, n), cases[i].guard);
    }
    peel_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),          cmocka_unit_test(test_line_endings),
        cmocka_unit_test(test_blank_lines),    cmocka_unit_test(test_empty_fields),
        cmocka_unit_test(test_quoted),         cmocka_unit_test(test_errors),
        cmocka_unit_test(test_error_sticks),   cmocka_unit_test(test_io_error),
        cmocka_unit_test(test_skip_line),      cmocka_unit_test(test_skip_line_io_error_stays),
        cmocka_unit_test(test_record_cap),     cmocka_unit_test(test_field_cap),
        cmocka_unit_test(test_block_boundary), cmocka_unit_test(test_offset),
        cmocka_unit_test(test_fixture),        cmocka_unit_test(test_writer),
        cmocka_unit_test(test_round_trip),     cmocka_unit_test(test_formula_guard),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
