/* test_attach.c - what a file is, from its bytes (model/attach.c), against
 * real files in tests/data/papers/ (README.md there says where each comes
 * from), and the one path that adds a paper on a real database: the same
 * bytes stored once, the cap refused before anything is stored, a name that
 * says otherwise refused, and the PDF's words found by search. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/attach.h"
#include "model/crud.h"
#include "model/search.h"
#include "unit/app_init.h"
#include "unit/tmpdb.h"

static char *slurp(const char *name, size_t *n)
{
    char path[1024];
    const char *dir = getenv("PEEL_TEST_DATA");
    FILE *f;
    char *buf;
    long len;

    snprintf(path, sizeof path, "%s/papers/%s", dir ? dir : "tests/data", name);
    f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return buf;
}

static void test_sniff_table(void **state)
{
    static const struct {
        const char *file, *format;
    } cases[] = {
        {"pcp-2023-10-09-agenda.pdf", "pdf"},
        {"sample.docx", "docx"},
        {"sample.xlsx", "xlsx"},
        {"sample.odt", "odt"},
        {"sample.ods", "ods"},
        {"sample.csv", "csv"},
        {"sample.png", "png"},
        {"sample.jpg", "jpeg"},
        /* The bytes decide, not the name. */
        {"pdf-named.docx", "pdf"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n;
        char *p = slurp(cases[i].file, &n);
        const peel_attach_format *f = NULL;
        peel_err err = PEEL_ERR_INIT;
        if (peel_attach_sniff(p, n, &f, &err) < 0)
            fail_msg("%s: %s", cases[i].file, err.msg);
        assert_string_equal(f->name, cases[i].format);
        free(p);
    }
}

static void test_sniff_refusals(void **state)
{
    size_t n;
    char *p = slurp("not-office.zip", &n);
    const peel_attach_format *f = NULL;
    peel_err err = PEEL_ERR_INIT;
    (void)state;

    /* A zip that is neither OOXML nor OpenDocument. */
    assert_int_equal(peel_attach_sniff(p, n, &f, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    assert_non_null(strstr(err.msg, "zip archive"));
    assert_null(f);
    free(p);

    /* An OOXML zip cut short: its directory is gone. */
    p = slurp("sample.docx", &n);
    peel_err_clear(&err);
    assert_int_equal(peel_attach_sniff(p, n - 30, &f, &err), -1);
    free(p);

    /* Binary that is nothing peel takes, and nothing at all. */
    peel_err_clear(&err);
    assert_int_equal(peel_attach_sniff("\x7f"
                                       "ELF\x02\x01\x01",
                                       7, &f, &err),
                     -1);
    assert_non_null(strstr(err.msg, "not a PDF"));
    peel_err_clear(&err);
    assert_int_equal(peel_attach_sniff("", 0, &f, &err), -1);
    assert_non_null(strstr(err.msg, "empty"));

    /* Office 97-2003 files: the compound file's main stream names it (bytes
     * written here: no such file is among the papers). */
    {
        unsigned char ole[600] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};
        const char *name = "WordDocument";
        for (size_t i = 0; name[i]; i++)
            ole[512 + 2 * i] = (unsigned char)name[i];
        peel_err_clear(&err);
        assert_int_equal(peel_attach_sniff(ole, sizeof ole, &f, &err), 0);
        assert_string_equal(f->name, "doc");
        memset(ole + 512, 0, 80);
        name = "Workbook";
        for (size_t i = 0; name[i]; i++)
            ole[512 + 2 * i] = (unsigned char)name[i];
        assert_int_equal(peel_attach_sniff(ole, sizeof ole, &f, &err), 0);
        assert_string_equal(f->name, "xls");
    }
}

static void test_names(void **state)
{
    const peel_attach_format *pdf = peel_attach_format_named("pdf");
    const peel_attach_format *jpeg = peel_attach_format_named("jpg");
    peel_err err = PEEL_ERR_INIT;
    peel_buf b = PEEL_BUF_INIT;
    (void)state;

    assert_int_equal(peel_attach_check_name(pdf, "agenda.pdf", &err), 0);
    assert_int_equal(peel_attach_check_name(pdf, "agenda", &err), 0);
    assert_int_equal(peel_attach_check_name(jpeg, "photo.JPEG", &err), 0);
    assert_int_equal(peel_attach_check_name(pdf, "pdf-named.docx", &err), -1);
    assert_non_null(strstr(err.msg, "PDF"));
    assert_non_null(strstr(err.msg, ".docx"));

    peel_attach_safe_name("../../etc/Agenda \"9 Oct\";\r\n.pdf", NULL, pdf, &b);
    assert_string_equal(peel_buf_str(&b), "Agenda-9-Oct.pdf");
    peel_buf_reset(&b);
    peel_attach_safe_name(NULL, "Estates insight report", pdf, &b);
    assert_string_equal(peel_buf_str(&b), "Estates-insight-report.pdf");
    peel_buf_reset(&b);
    peel_attach_safe_name("\xc2\xa3\xc2\xa3.exe", NULL, pdf, &b);
    assert_string_equal(peel_buf_str(&b), "paper.pdf");
    peel_buf_release(&b);
}

/* ---- on a real database ---- */

typedef struct db {
    char dir[256], path[300], files[300];
    peel_store *s;
    int64_t meeting;
} db;

static void db_open(db *d)
{
    peel_err err = PEEL_ERR_INIT;
    peel_fielderrs fe = {0};
    const peel_type *body = peel_type_find("body"), *meeting = peel_type_find("meeting");
    peel_record *b, *m;

    snprintf(d->dir, sizeof d->dir, "/tmp/peel-attach-XXXXXX");
    assert_non_null(mkdtemp(d->dir));
    snprintf(d->path, sizeof d->path, "%s/peel.db", d->dir);
    snprintf(d->files, sizeof d->files, "%s/peel.files", d->dir);
    assert_int_equal(peel_store_open(d->path, true, &d->s, &err), 0);
    assert_true(peel_store_migrate(d->s, false, &err) >= 0);
    b = peel_record_new(body);
    assert_int_equal(peel_crud_assign(b, "name", "Police and Crime Panel", 22, false, &fe), 0);
    assert_int_equal(peel_crud_assign(b, "kind", "panel", 5, false, &fe), 0);
    assert_int_equal(peel_crud_save(d->s, "t", b, true, &fe, &err), 0);
    m = peel_record_new(meeting);
    assert_int_equal(peel_crud_assign(m, "ref", "PCP 2023-10-09", 14, false, &fe), 0);
    assert_int_equal(peel_crud_assign(m, "body", "Police and Crime Panel", 22, false, &fe), 0);
    assert_int_equal(peel_crud_assign(m, "date", "2023-10-09", 10, false, &fe), 0);
    assert_int_equal(peel_crud_assign(m, "status", "held", 4, false, &fe), 0);
    if (peel_crud_save(d->s, "t", m, true, &fe, &err) != 0)
        fail_msg("meeting: %s", err.msg);
    d->meeting = m->id;
    peel_record_free(b);
    peel_record_free(m);
}

static int count_files(const char *dir)
{
    char cmd[400];
    FILE *p;
    int n = -1;
    snprintf(cmd, sizeof cmd, "find '%s' -type f 2>/dev/null | wc -l", dir);
    p = popen(cmd, "r");
    if (p && fscanf(p, "%d", &n) != 1)
        n = -1;
    if (p)
        pclose(p);
    return n;
}

static int count_row(void *ctx, const peel_attachment *a, peel_err *err)
{
    (void)a;
    (void)err;
    (*(int *)ctx)++;
    return 0;
}

static int attachments(db *d)
{
    int n = 0;
    peel_err err = PEEL_ERR_INIT;
    assert_int_equal(peel_docs_attachment_list(d->s, "meeting", d->meeting, count_row, &n, &err),
                     0);
    return n;
}

static void db_close(db *d)
{
    char cmd[400];
    peel_store_close(d->s);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->files);
    assert_int_equal(system(cmd), 0);
    peel_test_db_remove(d->dir, d->path);
}

static void test_cap_and_refusals_store_nothing(void **state)
{
    db d;
    size_t n;
    char *pdf = slurp("pcp-2023-10-09-agenda.pdf", &n);
    peel_err err = PEEL_ERR_INIT;
    peel_fielderrs fe = {0};
    int64_t id = 0;
    struct stat sb;
    (void)state;

    db_open(&d);
    peel_attach_new a = {.type = peel_type_find("meeting"),
                         .record_id = d.meeting,
                         .data = pdf,
                         .len = n,
                         .filename = "agenda.pdf",
                         .title = "Agenda",
                         .kind = "agenda",
                         .max_bytes = n - 1};
    /* Over the cap by one byte. */
    assert_int_equal(peel_attach_save(d.s, "t", &a, &id, &fe, &err), 1);
    assert_string_equal(fe.e[0].field, "file");
    assert_non_null(strstr(fe.e[0].msg, "more than"));
    /* A PDF named .docx, and a bad kind and date, all at once. */
    a.max_bytes = 0;
    a.filename = "pdf-named.docx";
    a.kind = "memo";
    a.date = "31/02/2023";
    memset(&fe, 0, sizeof fe);
    peel_err_clear(&err);
    assert_int_equal(peel_attach_save(d.s, "t", &a, &id, &fe, &err), 1);
    assert_int_equal(fe.n, 3);
    /* Nothing stored: no folder, no row. */
    assert_int_equal(stat(d.files, &sb), -1);
    assert_int_equal(attachments(&d), 0);
    /* A type that declares no attachments refuses. */
    a.type = peel_type_find("body");
    a.filename = "agenda.pdf";
    a.kind = "agenda";
    a.date = NULL;
    memset(&fe, 0, sizeof fe);
    assert_int_equal(peel_attach_save(d.s, "t", &a, &id, &fe, &err), 1);
    assert_int_equal(stat(d.files, &sb), -1);
    db_close(&d);
    free(pdf);
}

static void test_dedupe_and_search(void **state)
{
    db d;
    size_t n;
    char *pdf = slurp("pcp-2023-10-09-agenda.pdf", &n);
    peel_err err = PEEL_ERR_INIT;
    peel_fielderrs fe = {0};
    int64_t id1 = 0, id2 = 0;
    char hex[65], path[600];
    struct stat sb;
    peel_search_results res = {0};
    (void)state;

    db_open(&d);
    peel_attach_new a = {.type = peel_type_find("meeting"),
                         .record_id = d.meeting,
                         .data = pdf,
                         .len = n,
                         .filename = "agenda.pdf",
                         .title = "Agenda",
                         .kind = "agenda",
                         .date = "02/10/2023"};
    assert_int_equal(peel_attach_save(d.s, "t", &a, &id1, &fe, &err), 0);
    a.title = "Agenda (again)";
    assert_int_equal(peel_attach_save(d.s, "t", &a, &id2, &fe, &err), 0);
    assert_true(id2 > id1);
    assert_int_equal(attachments(&d), 2);
    /* Two rows, one file, named by its SHA-256. */
    assert_int_equal(count_files(d.files), 1);
    peel_attach_sha256_hex(pdf, n, hex);
    snprintf(path, sizeof path, "%s/%.2s/%s", d.files, hex, hex);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal((size_t)sb.st_size, n);

    /* A word only inside the PDF finds both papers, for staff and public
     * alike only if the meeting is published: it is not, so the public
     * sees nothing and is told nothing. */
    peel_search_q q = {.words = "Woodiwiss"};
    assert_int_equal(peel_search_run(d.s, peel_reader_of(PEEL_ROLE_STAFF), &q, &res, &err), 0);
    assert_int_equal(res.total, 2);
    assert_int_equal(res.v[0].attachment == id1 || res.v[0].attachment == id2, 1);
    assert_non_null(strstr(res.v[0].snippet, "\x01Woodiwiss\x02"));
    peel_search_results_release(&res);
    assert_int_equal(peel_search_run(d.s, peel_reader_of(PEEL_ROLE_PUBLIC), &q, &res, &err), 0);
    assert_int_equal(res.total, 0);
    assert_int_equal(res.n, 0);
    peel_search_results_release(&res);

    /* Words are terms, never an expression: FTS5's syntax reads as words. */
    q.words = "\"Woodiwiss\" NEAR(Woodman) *";
    assert_int_equal(peel_search_run(d.s, peel_reader_of(PEEL_ROLE_STAFF), &q, &res, &err), 0);
    assert_int_equal(res.total, 0); /* "near" is not in the agenda */
    peel_search_results_release(&res);
    peel_err_clear(&err);
    q.words = " ,.; ";
    assert_int_equal(peel_search_run(d.s, peel_reader_of(PEEL_ROLE_STAFF), &q, &res, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    peel_err_clear(&err);

    /* Deleting the meeting forgets its papers and their words. */
    assert_int_equal(
        peel_crud_remove(d.s, "t", peel_type_find("meeting"), d.meeting, NULL, NULL, &err), 0);
    assert_int_equal(attachments(&d), 0);
    q.words = "Woodiwiss";
    assert_int_equal(peel_search_run(d.s, peel_reader_of(PEEL_ROLE_STAFF), &q, &res, &err), 0);
    assert_int_equal(res.total, 0);
    peel_search_results_release(&res);
    db_close(&d);
    free(pdf);
}

/* One line of peel_attach_check's findings. */
typedef struct findings {
    int ok, problems;
    char last[400];
} findings;

static int finding(void *ctx, const char *what, bool ok, const char *detail, peel_err *err)
{
    findings *f = ctx;
    (void)err;
    assert_string_equal(what, "attachments");
    f->ok += ok;
    f->problems += !ok;
    snprintf(f->last, sizeof f->last, "%s", detail);
    return 0;
}

static int keep_row(void *ctx, const peel_attachment *a, peel_err *err)
{
    static char sha[65], title[64];
    peel_attachment *out = ctx;
    (void)err;
    *out = *a;
    snprintf(sha, sizeof sha, "%s", a->sha256);
    snprintf(title, sizeof title, "%s", a->title);
    out->sha256 = sha;
    out->title = title;
    return 0;
}

/* A paper's bytes read back only when they match its SHA-256: a changed
 * byte and a missing file are each refused, naming the paper, and found by
 * the check; a copy into another store carries the bytes checked. */
static void test_read_check_and_copy(void **state)
{
    db d, e;
    size_t n;
    char *pdf = slurp("pcp-2023-10-09-agenda.pdf", &n);
    peel_err err = PEEL_ERR_INIT;
    peel_fielderrs fe = {0};
    peel_buf got = PEEL_BUF_INIT;
    peel_attachment row;
    findings f = {0};
    int64_t id = 0, copied = 0;
    char path[600];
    FILE *fp;
    (void)state;

    db_open(&d);
    db_open(&e);
    peel_attach_new a = {.type = peel_type_find("meeting"),
                         .record_id = d.meeting,
                         .data = pdf,
                         .len = n,
                         .filename = "agenda.pdf",
                         .title = "Agenda",
                         .kind = "agenda"};
    assert_int_equal(peel_attach_save(d.s, "t", &a, &id, &fe, &err), 0);
    assert_int_equal(peel_docs_attachment_get(d.s, id, keep_row, &row, &err), 1);
    assert_int_equal(peel_attach_read(d.s, &row, &got, &err), 0);
    assert_int_equal(got.len, n);
    assert_memory_equal(got.data, pdf, n);
    assert_int_equal(peel_attach_check(d.s, finding, &f, &err), 0);
    assert_int_equal(f.ok, 1);
    assert_non_null(strstr(f.last, "1 file, each present"));

    /* copied into another database's store, and checked there */
    assert_int_equal(peel_attach_copy_files(d.s, e.s, &copied, &err), 0);
    assert_int_equal(copied, 1);
    assert_int_equal(count_files(e.files), 1);
    assert_int_equal(peel_attach_read(e.s, &row, &got, &err), 0);
    assert_memory_equal(got.data, pdf, n);
    /* dropped where no attachment holds it, kept where one does */
    assert_int_equal(peel_docs_file_drop(e.s, row.sha256, &err), 0);
    assert_int_equal(count_files(e.files), 0);
    assert_int_equal(peel_docs_file_drop(d.s, row.sha256, &err), 0);
    assert_int_equal(count_files(d.files), 1);

    /* one byte changed on disk */
    snprintf(path, sizeof path, "%s/%.2s/%s", d.files, row.sha256, row.sha256);
    assert_non_null(fp = fopen(path, "r+b"));
    fseek(fp, 100, SEEK_SET);
    fputc(pdf[100] ^ 1, fp);
    fclose(fp);
    assert_int_equal(peel_attach_read(d.s, &row, &got, &err), 1);
    assert_int_equal(err.code, PEEL_EDB);
    assert_int_equal(got.len, 0);
    assert_non_null(strstr(err.msg, "(\"Agenda\"): its file has changed"));
    peel_err_clear(&err);
    f = (findings){0};
    assert_int_equal(peel_attach_check(d.s, finding, &f, &err), 0);
    assert_int_equal(f.problems, 1);
    assert_int_equal(f.ok, 0);
    assert_non_null(strstr(f.last, "no longer match its SHA-256"));
    /* a copy with a hole is no copy */
    assert_int_equal(peel_attach_copy_files(d.s, e.s, &copied, &err), -1);
    assert_non_null(strstr(err.msg, "(\"Agenda\")"));
    peel_err_clear(&err);

    /* the file gone */
    assert_int_equal(unlink(path), 0);
    assert_int_equal(peel_attach_read(d.s, &row, &got, &err), 1);
    assert_int_equal(err.code, PEEL_ENOTFOUND);
    assert_non_null(strstr(err.msg, "has no file"));
    peel_err_clear(&err);

    peel_buf_release(&got);
    db_close(&d);
    db_close(&e);
    free(pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff_table),
        cmocka_unit_test(test_sniff_refusals),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_cap_and_refusals_store_nothing),
        cmocka_unit_test(test_dedupe_and_search),
        cmocka_unit_test(test_read_check_and_copy),
    };
    peel_test_app_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
